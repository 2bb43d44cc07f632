import type { Simulator } from './types';

export type SimCallOptions = {
  key?: string | null;
  revision?: string | null;
  method?: string;
  body?: unknown;
  /** honour 429 Retry-After this many times (tests that are not about rate limits) */
  retries429?: number;
};

/** Response documents in tests are read field by field as JSON; a loose type keeps those reads short. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseJson = any;

export type SimCallResult = { status: number; headers: Headers; body: LooseJson; text: string };

/** One HTTP call to the simulator as a Klaviyo client would make it (used by tests in several folders). */
export async function simCall(sim: Simulator, pathOrUrl: string, o: SimCallOptions = {}): Promise<SimCallResult> {
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${sim.baseUrl}${pathOrUrl}`;
  const headers: Record<string, string> = { accept: 'application/vnd.api+json' };
  const key = o.key === undefined ? sim.keys.full : o.key;
  if (key !== null && key !== undefined) headers.authorization = `Klaviyo-API-Key ${key}`;
  const revision = o.revision === undefined ? sim.revision : o.revision;
  if (revision !== null) headers.revision = revision;
  if (o.body !== undefined) headers['content-type'] = 'application/vnd.api+json';
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(url, {
      method: o.method ?? 'GET',
      headers,
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    });
    const text = await res.text();
    if (res.status === 429 && attempt < (o.retries429 ?? 0)) {
      const wait = Number(res.headers.get('retry-after') ?? '1') * 1000;
      await new Promise((r) => setTimeout(r, Math.max(1, wait)));
      continue;
    }
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.status, headers: res.headers, body, text };
  }
}

/** Follows links.next from a first path and returns every page's body. */
export async function simPages(sim: Simulator, path: string, o: SimCallOptions = {}): Promise<LooseJson[]> {
  const pages: LooseJson[] = [];
  let next: string | undefined = path;
  while (next) {
    const r = await simCall(sim, next, { retries429: 20, ...o });
    if (r.status !== 200) throw new Error(`GET ${next} → ${r.status} ${r.text.slice(0, 300)}`);
    pages.push(r.body);
    next = r.body.links?.next;
  }
  return pages;
}
