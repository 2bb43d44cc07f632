import type { InventoryItemSummary, InventoryQuery, InventorySort, StagedItem } from '../index';
import { addWorkspace, stagedItem, syncItems, useTestStore } from '../test-helpers';

const WS = 'w1';

/**
 * Five campaigns staged c1…c5 (so their row ids ascend in that order), with mixed case, NULLs and ties in every
 * sortable column; plus, never selected by a query on w1's campaigns: one removed campaign, a flow and a
 * campaign of another workspace, each with values that would change the answers if they leaked in.
 */
const campaigns = [
  stagedItem('c1', {
    resourceType: 'campaigns',
    name: 'beta',
    status: 'live',
    channel: 'email',
    triggerType: 'Added to List',
    archived: false,
    createdAt: '2026-01-03T00:00:00Z',
    updatedAt: '2026-02-01T00:00:00Z',
  }),
  stagedItem('c2', {
    resourceType: 'campaigns',
    name: 'Alpha',
    status: 'Draft',
    channel: 'sms',
    triggerType: 'metric',
    archived: true,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: null,
  }),
  stagedItem('c3', {
    resourceType: 'campaigns',
    name: null,
    status: 'draft',
    channel: null,
    triggerType: 'Added to list',
    archived: null,
    createdAt: null,
    updatedAt: '2026-02-03T00:00:00Z',
  }),
  stagedItem('c4', {
    resourceType: 'campaigns',
    name: 'alpha',
    status: null,
    channel: 'email',
    triggerType: null,
    archived: false,
    createdAt: '2026-01-02T00:00:00Z',
    updatedAt: '2026-02-01T00:00:00Z',
  }),
  stagedItem('c5', {
    resourceType: 'campaigns',
    name: 'Gamma',
    status: 'Manual',
    channel: 'push',
    triggerType: 'Metric',
    archived: false,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-02-02T00:00:00Z',
  }),
];
/** what a read without the raw JSON returns of a staged item */
const summaryOf = ({ attributesJson: _a, relationshipsJson: _r, ...summary }: StagedItem) => summary;

const leaky = { name: 'Aardvark', status: 'live', channel: 'sms', triggerType: 'metric', archived: true } as const;

describe('inventory reads', () => {
  const store = useTestStore();

  async function seedCampaigns() {
    addWorkspace(store(), WS);
    addWorkspace(store(), 'w2');
    await syncItems(store(), WS, [stagedItem('gone', { resourceType: 'campaigns', ...leaky })]);
    const run = await syncItems(store(), WS, [...campaigns, stagedItem('f1', { resourceType: 'flows', ...leaky })]);
    expect(store().inventory.markRemoved(WS, ['campaigns'], [run], run, 9)).toBe(1);
    await syncItems(store(), 'w2', [stagedItem('c9', { resourceType: 'campaigns', ...leaky })]);
  }

  const page = (q: Omit<InventoryQuery, 'workspaceId' | 'resourceType'> = {}) => {
    const { total, items } = store().inventory.page({ workspaceId: WS, resourceType: 'campaigns', ...q });
    return { total, ids: items.map((i) => i.klaviyoId) };
  };

  describe('page', () => {
    beforeEach(seedCampaigns);

    it('returns the typed columns of live items of one type and workspace, without the raw JSON', () => {
      const { total, items } = store().inventory.page({ workspaceId: WS, resourceType: 'campaigns' });
      expect(total).toBe(5);
      expect(items[0]).toEqual(summaryOf(campaigns[1]!));
      // archived is a boolean again, and NULL stays NULL
      expect(items.map((i) => [i.klaviyoId, i.archived])).toEqual([
        ['c2', true],
        ['c4', false],
        ['c1', false],
        ['c5', false],
        ['c3', null],
      ]);
    });

    // NULLs last whichever the direction; name, status and trigger type ignore case; ties in row id order
    const orders: Array<[InventorySort['field'], string[], string[]]> = [
      ['name', ['c2', 'c4', 'c1', 'c5', 'c3'], ['c5', 'c1', 'c2', 'c4', 'c3']],
      ['status', ['c2', 'c3', 'c1', 'c5', 'c4'], ['c5', 'c1', 'c2', 'c3', 'c4']],
      ['channel', ['c1', 'c4', 'c5', 'c2', 'c3'], ['c2', 'c5', 'c1', 'c4', 'c3']],
      ['triggerType', ['c1', 'c3', 'c2', 'c5', 'c4'], ['c2', 'c5', 'c1', 'c3', 'c4']],
      ['createdAt', ['c2', 'c5', 'c4', 'c1', 'c3'], ['c1', 'c4', 'c2', 'c5', 'c3']],
      ['updatedAt', ['c1', 'c4', 'c5', 'c3', 'c2'], ['c3', 'c5', 'c1', 'c4', 'c2']],
    ];
    it.each(orders)('sorts by %s ascending and descending', (field, asc, desc) => {
      expect(page({ sort: { field, direction: 'asc' } })).toEqual({ total: 5, ids: asc });
      expect(page({ sort: { field, direction: 'desc' } })).toEqual({ total: 5, ids: desc });
    });

    it('sorts by name ascending unless told', () => {
      expect(page().ids).toEqual(['c2', 'c4', 'c1', 'c5', 'c3']);
    });

    it.each(orders)('pages through the %s order without gaps or overlaps', (field, asc, desc) => {
      for (const [direction, all] of [
        ['asc', asc],
        ['desc', desc],
      ] as const) {
        const seen = [0, 2, 4].flatMap((offset) => page({ sort: { field, direction }, offset, limit: 2 }).ids);
        expect(seen).toEqual(all);
      }
    });

    it('applies offset and limit to the rows but not to the total', () => {
      expect(page({ offset: 1, limit: 2 })).toEqual({ total: 5, ids: ['c4', 'c1'] });
      expect(page({ offset: 4, limit: 10 })).toEqual({ total: 5, ids: ['c3'] });
      expect(page({ offset: 5, limit: 10 })).toEqual({ total: 5, ids: [] });
      expect(page({ status: ['Draft', 'draft'], offset: 1, limit: 1 })).toEqual({ total: 2, ids: ['c3'] });
    });

    it('filters on any of several values per column, exactly, and on all columns at once', () => {
      expect(page({ status: ['live', 'Manual'] })).toEqual({ total: 2, ids: ['c1', 'c5'] });
      expect(page({ status: ['draft'] })).toEqual({ total: 1, ids: ['c3'] });
      expect(page({ channel: ['email', 'sms'] })).toEqual({ total: 3, ids: ['c2', 'c4', 'c1'] });
      expect(page({ channel: ['push'] })).toEqual({ total: 1, ids: ['c5'] });
      expect(page({ triggerType: ['metric', 'Added to List'] })).toEqual({ total: 2, ids: ['c2', 'c1'] });
      expect(page({ status: ['Draft', 'draft', 'live'], channel: ['sms', 'email'] })).toEqual({
        total: 2,
        ids: ['c2', 'c1'],
      });
      expect(page({ status: ['live'], triggerType: ['metric'] })).toEqual({ total: 0, ids: [] });
      // an empty list of values filters nothing
      expect(page({ status: [], channel: [], triggerType: [] }).total).toBe(5);
    });

    it('filters archived items; an item without the flag counts as not archived', () => {
      expect(page({ archived: true })).toEqual({ total: 1, ids: ['c2'] });
      expect(page({ archived: false })).toEqual({ total: 4, ids: ['c4', 'c1', 'c5', 'c3'] });
    });
  });

  describe('search', () => {
    const names = ['100% off', '100 percent', 'a_b', 'axb', 'back\\slash', 'backslash', 'Welcome'];
    beforeEach(async () => {
      addWorkspace(store(), WS);
      await syncItems(
        store(),
        WS,
        names.map((name, i) => stagedItem(`s${i + 1}`, { name })),
      );
    });
    const search = (text: string) => {
      const q = { workspaceId: WS, resourceType: 'flows', search: text };
      const { total, items } = store().inventory.page(q);
      return {
        page: items.map((i) => i.name),
        total,
        list: store()
          .inventory.list(q)
          .map((i) => i.name),
      };
    };

    it('finds a substring of the name, ignoring case', () => {
      expect(search('WELC')).toEqual({ page: ['Welcome'], total: 1, list: ['Welcome'] });
      expect(search('BACK')).toEqual({
        page: ['back\\slash', 'backslash'],
        total: 2,
        list: ['back\\slash', 'backslash'],
      });
    });

    it('takes %, _ and \\ literally', () => {
      expect(search('100%')).toEqual({ page: ['100% off'], total: 1, list: ['100% off'] });
      expect(search('%')).toEqual({ page: ['100% off'], total: 1, list: ['100% off'] });
      expect(search('a_b')).toEqual({ page: ['a_b'], total: 1, list: ['a_b'] });
      expect(search('_')).toEqual({ page: ['a_b'], total: 1, list: ['a_b'] });
      expect(search('k\\s')).toEqual({ page: ['back\\slash'], total: 1, list: ['back\\slash'] });
      expect(search('\\')).toEqual({ page: ['back\\slash'], total: 1, list: ['back\\slash'] });
    });

    it('in the table (page) also finds an item by its exact Klaviyo id; the list reads names only', () => {
      expect(search('s4')).toEqual({ page: ['axb'], total: 1, list: [] });
      // a part of an id is not an id: "s" finds the names with an s
      expect(search('s')).toEqual({ page: ['back\\slash', 'backslash'], total: 2, list: ['back\\slash', 'backslash'] });
    });

    it('finds text past a NUL or other control character in a name, and a search holding a NUL', async () => {
      await syncItems(store(), WS, [
        ...names.map((name, i) => stagedItem(`s${i + 1}`, { name })),
        stagedItem('n1', { name: 'top\u0000secret plan' }),
        stagedItem('n2', { name: 'bell\u0007ringer' }),
      ]);
      expect(search('secret')).toEqual({ page: ['top\u0000secret plan'], total: 1, list: ['top\u0000secret plan'] });
      expect(search('top\u0000sec')).toMatchObject({ page: ['top\u0000secret plan'], total: 1 });
      expect(search('PLAN')).toMatchObject({ page: ['top\u0000secret plan'], total: 1 });
      expect(search('ringer')).toMatchObject({ page: ['bell\u0007ringer'], total: 1 });
      // the name is kept exactly as sent
      expect(store().inventory.get(WS, 'flows', 'n1')?.name).toBe('top\u0000secret plan');
    });

    it('writes a lone surrogate as U+FFFD, so the name column is valid UTF-8 and matches the raw JSON', async () => {
      await syncItems(store(), WS, [stagedItem('u1', { name: 'half \uD83D pair' })]);
      const { bytes } = store()
        .database.sqlite.prepare("SELECT CAST(name AS BLOB) AS bytes FROM inventory_items WHERE klaviyo_id = 'u1'")
        .get() as { bytes: Buffer };
      expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toBe('half \uFFFD pair');
      const row = store().inventory.get(WS, 'flows', 'u1');
      expect(row?.name).toBe('half \uFFFD pair');
      expect(row?.attributes.name).toBe('half \uFFFD pair');
      expect(search('pair')).toMatchObject({ total: 1 });
    });

    it('an empty search filters nothing', () => {
      expect(search('')).toMatchObject({ total: names.length });
    });
  });

  describe('list', () => {
    beforeEach(seedCampaigns);

    it('reads whole items, NULLs sorting lowest, and removed ones only when asked', () => {
      const rows = store().inventory.list({ workspaceId: WS, resourceType: 'campaigns' });
      expect(rows.map((r) => r.klaviyoId)).toEqual(['c3', 'c2', 'c4', 'c1', 'c5']);
      expect(rows[1]).toMatchObject({
        workspaceId: WS,
        klaviyoId: 'c2',
        archived: true,
        attributes: JSON.parse(campaigns[1]!.attributesJson),
        relationships: {},
        removedAt: null,
      });
      const desc = store().inventory.list({
        workspaceId: WS,
        resourceType: 'campaigns',
        sort: { field: 'name', direction: 'desc' },
      });
      expect(desc.map((r) => r.klaviyoId)).toEqual(['c5', 'c1', 'c2', 'c4', 'c3']);
      const all = store().inventory.list({ workspaceId: WS, resourceType: 'campaigns', includeRemoved: true });
      expect(all.map((r) => [r.klaviyoId, r.removedAt])).toEqual([
        ['c3', null],
        ['gone', 9],
        ['c2', null],
        ['c4', null],
        ['c1', null],
        ['c5', null],
      ]);
    });

    it('shares the page’s filters, and reads every type when none is given', () => {
      const ids = (q: Omit<InventoryQuery, 'workspaceId'>) =>
        store()
          .inventory.list({ workspaceId: WS, ...q })
          .map((r) => r.klaviyoId);
      expect(ids({ resourceType: 'campaigns', status: ['live', 'Manual'], channel: ['email', 'push'] })).toEqual([
        'c1',
        'c5',
      ]);
      expect(ids({ resourceType: 'campaigns', archived: false, triggerType: ['Added to list', 'Metric'] })).toEqual([
        'c3',
        'c5',
      ]);
      expect(ids({ sort: { field: 'resourceType', direction: 'asc' } })).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'f1']);
      expect(ids({ resourceType: 'campaigns', offset: 1, limit: 2 })).toEqual(['c2', 'c4']);
    });
  });

  describe('listJsonInBatches', () => {
    beforeEach(seedCampaigns);

    const batches = (q: Omit<InventoryQuery, 'workspaceId'>, size: number) => [
      ...store().inventory.listJsonInBatches({ workspaceId: WS, ...q }, size),
    ];

    it('reads what list reads, in its order, a batch at a time, with the attributes as their stored JSON', () => {
      for (const sort of [undefined, { field: 'name', direction: 'desc' } as const]) {
        const q = { resourceType: 'campaigns', ...(sort ? { sort } : {}) };
        const listed = store().inventory.list({ workspaceId: WS, ...q });
        const read = batches(q, 2);
        expect(read.map((b) => b.length)).toEqual([2, 2, 1]);
        expect(read.flat().map((r) => r.klaviyoId)).toEqual(listed.map((r) => r.klaviyoId));
        for (const [i, r] of read.flat().entries()) {
          const { attributes, relationships: _r, id: _id, workspaceId: _w, firstSeenRunId: _f, ...rest } = listed[i]!;
          const { lastSeenRunId: _l, removedAt: _d, ...summary } = rest;
          expect(r).toEqual({ ...summary, attributesJson: JSON.stringify(attributes) });
        }
      }
      // the filters of list apply, removed items only when asked
      expect(
        batches({ resourceType: 'campaigns', status: ['live', 'Manual'] }, 10)
          .flat()
          .map((r) => r.klaviyoId),
      ).toEqual(['c1', 'c5']);
      expect(batches({ resourceType: 'campaigns', includeRemoved: true }, 10).flat()).toHaveLength(6);
    });

    it('passes over an item removed after the table was sorted', async () => {
      const reader = store().inventory.listJsonInBatches({ workspaceId: WS, resourceType: 'campaigns' }, 2);
      const first = reader.next();
      expect(first.done).toBe(false);
      expect((first.value as InventoryItemSummary[]).map((r) => r.klaviyoId)).toEqual(['c3', 'c2']);
      // c1 (in the next batch) is no longer listed by a complete listing
      const run = await syncItems(
        store(),
        WS,
        campaigns.filter((c) => c.klaviyoId !== 'c1'),
      );
      expect(store().inventory.markRemoved(WS, ['campaigns'], [run], run, 10)).toBe(1);
      expect([...reader].flat().map((r) => r.klaviyoId)).toEqual(['c4', 'c5']);
    });
  });

  it('breaks ties on the row id, in both directions', async () => {
    addWorkspace(store(), WS);
    await syncItems(
      store(),
      WS,
      ['k', 'a', 'z'].map((id) => stagedItem(id, { name: 'Same' })),
    );
    for (const direction of ['asc', 'desc'] as const) {
      const q = { workspaceId: WS, resourceType: 'flows', sort: { field: 'name', direction } as const };
      expect(
        store()
          .inventory.page(q)
          .items.map((i) => i.klaviyoId),
      ).toEqual(['k', 'a', 'z']);
      expect(
        store()
          .inventory.list(q)
          .map((i) => i.klaviyoId),
      ).toEqual(['k', 'a', 'z']);
    }
  });

  it('counts the values of live items for the filter menus, most frequent first', async () => {
    await seedCampaigns();
    expect(store().inventory.facets(WS, 'campaigns')).toEqual({
      status: [
        { value: 'Draft', count: 1 },
        { value: 'Manual', count: 1 },
        { value: 'draft', count: 1 },
        { value: 'live', count: 1 },
      ],
      channel: [
        { value: 'email', count: 2 },
        { value: 'push', count: 1 },
        { value: 'sms', count: 1 },
      ],
      triggerType: [
        { value: 'Added to List', count: 1 },
        { value: 'Added to list', count: 1 },
        { value: 'Metric', count: 1 },
        { value: 'metric', count: 1 },
      ],
      archived: { true: 1, false: 4 },
    });
    expect(store().inventory.facets(WS, 'lists')).toEqual({
      status: [],
      channel: [],
      triggerType: [],
      archived: { true: 0, false: 0 },
    });
  });

  it('offers at most 200 values per filter menu', async () => {
    addWorkspace(store(), WS);
    const statuses = Array.from({ length: 205 }, (_, i) => `st-${String(i).padStart(3, '0')}`);
    await syncItems(store(), WS, [
      ...statuses.map((status, i) => stagedItem(`i${i}`, { status })),
      stagedItem('twice', { status: 'st-204' }),
    ]);
    const menu = store().inventory.facets(WS, 'flows').status;
    expect(menu).toHaveLength(200);
    expect(menu[0]).toEqual({ value: 'st-204', count: 2 });
    expect(menu.slice(1).map((f) => f.value)).toEqual(statuses.slice(0, 199));
  });

  it('lists live children of items by type then row id, for parents named in either spelling', async () => {
    addWorkspace(store(), WS);
    addWorkspace(store(), 'w2');
    const child = (id: string, resourceType: string, parentType: string, parentId: string) =>
      stagedItem(id, { resourceType, parentType, parentId });
    await syncItems(store(), WS, [child('gone', 'flow-actions', 'flow', 'F1')]);
    const run = await syncItems(store(), WS, [
      stagedItem('F1'),
      child('m0', 'flow-messages', 'flow', 'F1'),
      child('a2', 'flow-actions', 'flows', 'F1'),
      child('a1', 'flow-actions', 'flow', 'F1'),
      child('x1', 'flow-actions', 'flow', 'F2'),
      child('m1', 'flow-messages', 'flow-action', 'a1'),
      child('m2', 'flow-messages', 'flow-actions', 'a2'),
    ]);
    store().inventory.markRemoved(WS, ['flow-actions'], [run], run, 9);
    await syncItems(store(), 'w2', [child('w2a', 'flow-actions', 'flow', 'F1')]);
    const children = (types: string[], ids: string[], limit?: number) =>
      store()
        .inventory.children(WS, types, ids, limit)
        .map((c) => c.klaviyoId);
    expect(children(['flows', 'flow'], ['F1'])).toEqual(['a2', 'a1', 'm0']);
    expect(children(['flow'], ['F1'])).toEqual(['a1', 'm0']);
    expect(children(['flows', 'flow'], ['F1', 'F2'])).toEqual(['a2', 'a1', 'x1', 'm0']);
    expect(children(['flow-actions', 'flow-action'], ['a1', 'a2'])).toEqual(['m1', 'm2']);
    expect(children(['flows', 'flow'], ['F1'], 2)).toEqual(['a2', 'a1']);
    // no parents (or no parent types): no children, not every item
    expect(children(['flows', 'flow'], [])).toEqual([]);
    expect(children([], ['F1'])).toEqual([]);
    const [first] = store().inventory.children(WS, ['flows'], ['F1']);
    expect(first).toEqual(summaryOf(child('a2', 'flow-actions', 'flows', 'F1')));
  });
});
