import { randomBytes } from 'node:crypto';
import { startSimulator, type Simulator } from '../../../sim/index';
import { sendJson, startTestServer } from '../klaviyo/test-server';
import { klaviyoSourceFactory } from './klaviyo-source';
import type { SourcePage, SourceResource } from './source';

/** One resource of the sync's Klaviyo source, as the crawl sees it. */
async function sourceResource(baseUrl: string, apiKey: string, key: string, timeScale = 1): Promise<SourceResource> {
  const source = await klaviyoSourceFactory()({
    baseUrl,
    server: 'Klaviyo',
    apiKey,
    requestId: `source-${key}`,
    signal: new AbortController().signal,
    onEvent: () => undefined,
    timeScale,
  });
  const r = source.resources.find((x) => x.key === key);
  if (!r) throw new Error(`no resource ${key}`);
  return r;
}

async function listAll(r: SourceResource, cursor: string | null = null): Promise<SourcePage[]> {
  const pages: SourcePage[] = [];
  for await (const p of r.list({ cursor, signal: new AbortController().signal })) pages.push(p);
  return pages;
}

const ids = (pages: SourcePage[]) => pages.flatMap((p) => p.items.map((i) => i.id));

describe('the sync source pulls pages: it never runs ahead of the stage that consumes them', () => {
  it('does not request a page before the consumer asks for it, and stops requesting when the consumer stops', async () => {
    let base = '';
    const server = await startTestServer((req, res) => {
      const n = Number(new URL(req.url!, base).searchParams.get('page[cursor]') ?? 0);
      sendJson(res, 200, {
        data: Array.from({ length: 10 }, (_, i) => ({ type: 'template', id: `t${n * 10 + i}`, attributes: {} })),
        links: { self: base, next: `${base}/api/templates?page%5Bcursor%5D=${n + 1}` }, // never ends
      });
    });
    base = server.baseUrl;
    try {
      const templates = await sourceResource(base, 'pk_' + randomBytes(10).toString('hex'), 'templates');
      let consumed = 0;
      for await (const _ of templates.list({ cursor: null, signal: new AbortController().signal })) {
        consumed++;
        if (consumed === 3) {
          await new Promise((r) => setTimeout(r, 300));
          // the page in the consumer's hands is the last one asked for: nothing is fetched ahead of it
          expect(server.seen.length).toBeLessThanOrEqual(consumed);
        }
        if (consumed === 5) break;
      }
      await new Promise((r) => setTimeout(r, 50)); // a request already on the wire may still land
      const after = server.seen.length;
      await new Promise((r) => setTimeout(r, 200));
      expect(server.seen.length).toBe(after);
      expect(after).toBeLessThanOrEqual(5);
    } finally {
      await server.close();
    }
  });
});

describe('the sync source against the simulator', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ size: 'small', timeScale: 120, seed: 3 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('resumes a partition from the links.next saved in its cursor, and a cursor at a partition end skips the partitions before', async () => {
    const templates = await sourceResource(sim.baseUrl, sim.keys.full!, 'templates', 120);
    const first = await listAll(templates);
    expect(first.length).toBeGreaterThan(1);
    expect(first.at(-1)!.next).toBeNull();
    const resumed = await listAll(templates, first[0]!.next);
    expect(ids(resumed)).toEqual(ids(first.slice(1)));

    // campaigns: channel × archived partitions; the last page of a partition points at the start of the next one
    const campaigns = await sourceResource(sim.baseUrl, sim.keys.full!, 'campaigns', 120);
    const all = await listAll(campaigns);
    const end = all.findIndex((p) => p.next !== null && JSON.parse(p.next).next === '');
    expect(end).toBeGreaterThanOrEqual(0);
    expect(ids(all.slice(0, end + 1)).length).toBeGreaterThan(0);
    sim.clearLog();
    const rest = await listAll(campaigns, all[end]!.next);
    expect(ids(rest)).toEqual(ids(all.slice(end + 1)));
    // the completed partition (email, not archived) was not asked for again
    const urls = sim.requestLog.entries().map((e) => decodeURIComponent(e.url));
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.some((u) => u.includes("equals(messages.channel,'email'),equals(archived,false)"))).toBe(false);
  });
});
