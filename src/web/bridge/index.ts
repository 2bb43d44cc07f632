import { createApi, type AppApi, type Subscribe } from '../../shared/contract/api';
import { isEventName, type EventName } from '../../shared/contract/events';

/**
 * `window.api` for the plain web page: each channel is `POST /rpc/<channel>` with the bridge token in a header,
 * events arrive over one Server-Sent Events stream. Replies and event payloads are validated against the
 * contract by `createApi`, exactly as in the desktop preload.
 */
export const TOKEN_HEADER = 'x-bridge-token';

export interface WebBridgeOptions {
  /** origin of the bridge server; the page's own origin by default */
  baseUrl?: string;
  token: string;
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
}

interface EventEnvelope {
  event: string;
  payload: unknown;
}

export function createWebBridge(opts: WebBridgeOptions): AppApi {
  const base = (opts.baseUrl ?? '').replace(/\/$/, '');
  const doFetch = opts.fetch ?? fetch.bind(globalThis);
  const ES = opts.EventSource ?? globalThis.EventSource;
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  let source: EventSource | null = null;

  const dispatch = (event: string, payload: unknown) => {
    if (!isEventName(event)) return;
    for (const l of listeners.get(event) ?? []) l(payload);
  };

  // One stream for all events, opened on the first subscription. The server may send named SSE events
  // (`event: sync:progress`) or unnamed ones carrying `{ event, payload }`: both are understood.
  const ensureSource = () => {
    if (source || !ES) return;
    source = new ES(`${base}/events?token=${encodeURIComponent(opts.token)}`);
    source.onmessage = (m: MessageEvent<string>) => {
      try {
        const env = JSON.parse(m.data) as EventEnvelope;
        if (env && typeof env.event === 'string') dispatch(env.event, env.payload);
      } catch {
        // a keep-alive or a line we do not understand: ignored
      }
    };
  };

  const subscribe: Subscribe = (event, listener) => {
    let set = listeners.get(event);
    if (!set) {
      set = new Set();
      listeners.set(event, set);
      ensureSource();
      source?.addEventListener(event, (m: Event) => {
        try {
          dispatch(event, JSON.parse((m as MessageEvent<string>).data));
        } catch {
          // malformed payload: dropped, createApi would reject it anyway
        }
      });
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  };

  const invoke = async (channel: string, input: unknown): Promise<unknown> => {
    // the page has no file dialog of the app's: it asks the browser's, and uploads what was chosen
    if (channel === 'imports:choose') return chooseAndUpload(base, opts.token, doFetch);
    const res = await doFetch(`${base}/rpc/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TOKEN_HEADER]: opts.token },
      body: JSON.stringify(input ?? {}),
    });
    const text = await res.text();
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(`The bridge answered ${res.status} without a readable body.`);
    }
  };

  return createApi({ invoke, subscribe });
}

/**
 * `imports:choose` in the web page: the browser's own file picker, then the file's bytes to `POST /upload`, which
 * keeps them in a private folder and answers with a token. The page never learns where the bridge put the file
 * (and the browser never tells the page where it came from).
 */
export async function chooseAndUpload(base: string, token: string, doFetch: typeof fetch): Promise<unknown> {
  const file = await new Promise<File | null>((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.csv,text/csv';
    input.style.display = 'none';
    const done = (f: File | null) => {
      input.remove();
      resolve(f);
    };
    input.addEventListener('change', () => done(input.files?.[0] ?? null));
    input.addEventListener('cancel', () => done(null));
    document.body.append(input);
    input.click();
  });
  if (!file) return { ok: true, data: { file: null } };
  const res = await doFetch(`${base}/upload`, {
    method: 'POST',
    headers: { [TOKEN_HEADER]: token, 'x-file-name': encodeURIComponent(file.name) },
    body: file,
  });
  const reply = (await res.json()) as { ok: boolean; data?: unknown };
  return reply.ok ? { ok: true, data: { file: reply.data } } : reply;
}

/**
 * Reads the token from the page URL fragment (`#token=…`), keeps it for reloads of this tab, and removes it
 * from the address bar so it is not copied around with the URL.
 */
export function readToken(loc: Location = location, storage: Storage | null = safeSessionStorage()): string | null {
  const params = new URLSearchParams(loc.hash.replace(/^#/, ''));
  const fromHash = params.get('token');
  if (fromHash) {
    storage?.setItem('kad.bridgeToken', fromHash);
    try {
      history.replaceState(null, '', loc.pathname + loc.search);
    } catch {
      // not fatal: the token simply stays in the fragment
    }
    return fromHash;
  }
  return storage?.getItem('kad.bridgeToken') ?? null;
}

function safeSessionStorage(): Storage | null {
  try {
    return sessionStorage;
  } catch {
    return null;
  }
}
