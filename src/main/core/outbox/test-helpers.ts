import { vi } from 'vitest';

/**
 * The JSON bodies this process sends (method, path, body), read off the global fetch the Klaviyo client uses,
 * so a test can validate what really left against the spec's request schema. Restore with the returned function.
 */
export function captureSentBodies(): { sent: { method: string; path: string; body: unknown }[]; restore: () => void } {
  const sent: { method: string; path: string; body: unknown }[] = [];
  const real = globalThis.fetch;
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    // a queued import's body leaves as the bytes of its JSON text
    const text =
      typeof init?.body === 'string'
        ? init.body
        : init?.body instanceof Uint8Array
          ? Buffer.from(init.body).toString()
          : null;
    if (text !== null) {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      sent.push({ method: init?.method ?? 'GET', path: url.pathname, body: JSON.parse(text) as unknown });
    }
    return real(input, init);
  });
  return { sent, restore: () => spy.mockRestore() };
}
