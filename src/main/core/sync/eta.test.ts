import { newFigures } from './run-state';
import { estimateEta, type ChildProgress } from './eta';
import type { SourceResource } from './source';
import type { ResourceFigures } from './types';

function resource(key: string, o: Partial<SourceResource> & Pick<SourceResource, 'requestsPerSecond'>): SourceResource {
  return {
    key,
    type: key,
    scopes: [],
    operationId: `get_${key}`,
    pageSize: 50,
    requestsPerItem: 0,
    resumable: true,
    list: () => ({ [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined }) }) }),
    ...o,
  };
}

function figures(key: string, o: Partial<ResourceFigures> = {}): ResourceFigures {
  return { ...newFigures(key, null), status: 'running', ...o };
}

const figs = (...fs: ResourceFigures[]) => new Map(fs.map((f) => [f.resource, f]));

describe('sync ETA (rate limits and what is left)', () => {
  // flows: one get_flow per flow besides the pages; flow-actions: a listing per flow
  const flows = (rps: number) => resource('flows', { pageSize: 50, requestsPerItem: 1, requestsPerSecond: rps });
  const actions = (rps: number) => resource('flow-actions', { parent: 'flows', pageSize: 50, requestsPerSecond: rps });
  const campaigns = (rps: number) => resource('campaigns', { pageSize: 100, requestsPerSecond: rps });

  it('counts from the previous sync: remaining requests over each limit, the slowest parent → child chain wins', () => {
    const res = [flows(2), actions(1), campaigns(0.5)];
    const f = figs(
      figures('flows', { expectedItems: 100, itemsSeen: 20 }),
      figures('flow-actions', { expectedItems: 300 }),
      figures('campaigns', { expectedItems: 1000 }),
    );
    // flows: ceil(80/50) pages + 80 detail calls = 82 requests at 2/s = 41 s; their actions, listed as the flows
    // arrive: a listing per flow (100, however few actions each has) at 1/s = 100 s; campaigns: 10 pages at 0.5/s
    // = 20 s. All side by side: the slowest sets the ETA.
    expect(estimateEta(res, f, 'listing')).toBe(100_000);
    // a limit twice as generous (or a simulator twice as fast) halves it
    expect(estimateEta([flows(4), actions(2), campaigns(1)], f, 'listing')).toBe(50_000);
    // 60 flows' actions listed already: 40 listings left (40 s), but they cannot end before the flows (41 s)
    const children = new Map<string, ChildProgress>([['flow-actions', { remainingParents: 40, listedParents: 60 }]]);
    expect(estimateEta(res, f, 'listing', children)).toBe(41_000);
    // flows done, every flow's actions listed: campaigns are the slowest now
    f.get('flows')!.status = 'ok';
    f.get('flows')!.complete = true;
    children.set('flow-actions', { remainingParents: 0, listedParents: 100 });
    expect(estimateEta(res, f, 'listing', children)).toBe(20_000);
  });

  it('first sync: unknown while a top-level listing has no count, then from the parents still to list', () => {
    const res = [flows(2), actions(1.5)];
    const f = figs(figures('flows', { itemsSeen: 40 }), figures('flow-actions'));
    const children = new Map<string, ChildProgress>([['flow-actions', { remainingParents: 30, listedParents: 0 }]]);
    expect(estimateEta(res, f, 'listing', children)).toBeNull();

    f.set('flows', figures('flows', { status: 'ok', complete: true, itemsSeen: 40 }));
    // nothing listed yet: a parent costs at least one request (+ the per-item calls): 30 at 1.5/s
    expect(estimateEta(res, f, 'listing', children)).toBe(20_000);
    // 10 parents cost 25 requests so far: 30 more parents ≈ 75 requests at 1.5/s
    f.get('flow-actions')!.requests = 25;
    children.set('flow-actions', { remainingParents: 30, listedParents: 10 });
    expect(estimateEta(res, f, 'listing', children)).toBe(50_000);
  });

  it("a child read out of its parent's definition ends with its parent, not with a listing per item", () => {
    // flow messages: 900 counted last time, at 1 listing/s they would be 900 s if each were listed
    const messages = resource('flow-messages', {
      parent: 'flows',
      pageSize: 50,
      requestsPerSecond: 1,
      fromDefinition: true,
      qualifies: () => false,
    });
    const f = figs(
      figures('flows', { expectedItems: 100, itemsSeen: 20 }),
      figures('flow-messages', { expectedItems: 900, itemsSeen: 100 }),
    );
    // the flows' 82 requests at 2/s: 41 s, which the messages cannot end before
    expect(estimateEta([flows(2), messages], f, 'listing')).toBe(41_000);
  });

  it('is 0 when done and unknown while saving', () => {
    const res = [campaigns(1)];
    const f = figs(figures('campaigns', { expectedItems: 500 }));
    expect(estimateEta(res, f, 'done')).toBe(0);
    expect(estimateEta(res, f, 'merging')).toBeNull();
    expect(estimateEta(res, f, 'listing')).toBe(5_000);
  });
});
