import { ApiKeySession, CampaignsApi, EventsApi, FlowsApi, ListsApi, RetryWithExponentialBackoff } from 'klaviyo-api';
import { startSimulator } from './index';
import type { Simulator } from './types';

// The official Node SDK (dev dependency only) must page through the simulator exactly as it pages through Klaviyo:
// it sends its own revision header, passes whole links.next URLs as page cursors and parses the JSON:API bodies.
let sim: Simulator;
let session: ApiKeySession;

beforeAll(async () => {
  sim = await startSimulator({ size: 'small', seed: 11, timeScale: 200 });
  session = new ApiKeySession(
    sim.keys.full!,
    new RetryWithExponentialBackoff({ numRetries: 5, retryCodes: [429, 503], maxInterval: 1 }),
  );
});
afterAll(async () => {
  await sim.close();
});

function count(type: string, keep: (attrs: Record<string, unknown>) => boolean = () => true): number {
  return [...sim.accounts[0]!.dataset.resources.get(type)!.values()].filter((r) => keep(r.attributes)).length;
}

async function drain<T extends { links?: { next?: string } }>(
  first: (cursor?: string) => Promise<{ body: T & { data: { id: string }[] } }>,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const { body } = await first(cursor);
    ids.push(...body.data.map((d) => d.id));
    cursor = body.links?.next;
    if (!cursor) return ids;
  }
  throw new Error('pager did not end');
}

describe('official klaviyo-api SDK against the simulator', () => {
  it('pages through every non-archived flow', async () => {
    const api = new FlowsApi(session);
    api.basePath = sim.baseUrl;
    const ids = await drain((pageCursor) => api.getFlows({ pageSize: 3, ...(pageCursor ? { pageCursor } : {}) }));
    expect(ids.length).toBe(count('flow', (a) => a.archived !== true));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('pages through email campaigns with the required channel filter', async () => {
    const api = new CampaignsApi(session);
    api.basePath = sim.baseUrl;
    const ids = await drain((pageCursor) =>
      api.getCampaigns("equals(messages.channel,'email')", {
        pageSize: 7,
        include: ['campaign-messages'],
        ...(pageCursor ? { pageCursor } : {}),
      }),
    );
    const ds = sim.accounts[0]!.dataset;
    const expected = [...ds.resources.get('campaign')!.values()].filter((c) => {
      if (c.attributes.archived === true) return false;
      const msg = (c.relationships!['campaign-messages']!.data as { id: string }[])[0]!;
      return (
        (ds.resources.get('campaign-message')!.get(msg.id)!.attributes.definition as { channel: string }).channel ===
        'email'
      );
    });
    expect(ids.sort()).toEqual(expected.map((c) => c.id).sort());
  });

  it('pages through lists at their fixed page size of 10', async () => {
    const api = new ListsApi(session);
    api.basePath = sim.baseUrl;
    const ids = await drain((pageCursor) => api.getLists(pageCursor ? { pageCursor } : {}));
    expect(ids.length).toBe(count('list'));
  });

  it('pages through a month of events', async () => {
    const api = new EventsApi(session);
    api.basePath = sim.baseUrl;
    const since = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 19) + 'Z';
    const ids = await drain((pageCursor) =>
      api.getEvents({
        filter: `greater-or-equal(datetime,${since})`,
        pageSize: 100,
        sort: 'datetime',
        ...(pageCursor ? { pageCursor } : {}),
      }),
    );
    const ev = sim.accounts[0]!.dataset.events;
    let expected = 0;
    for (let i = 0; i < ev.count; i++)
      if (Date.parse(ev.at(i).attributes.datetime as string) >= Date.parse(since)) expected++;
    expect(expected).toBeGreaterThan(100);
    expect(ids.length).toBe(expected);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('surfaces the simulator’s 400 for campaigns without the channel filter', async () => {
    const api = new CampaignsApi(session);
    api.basePath = sim.baseUrl;
    await expect(api.getCampaigns('equals(archived,false)')).rejects.toMatchObject({ response: { status: 400 } });
  });
});
