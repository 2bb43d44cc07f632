import { canonicalJson, versionHash, type StagedItem } from '../store';
import { addWorkspace, syncItems, useTestStore } from '../store/test-helpers';
import { changeSentence } from '../../../shared/changes';
import { changeSet, createChangeCounter, itemVersions } from './index';

function item(
  resourceType: string,
  klaviyoId: string,
  attributes: Record<string, unknown>,
  rel: Record<string, unknown> = {},
  parent?: [string, string],
): StagedItem {
  const attributesJson = canonicalJson(attributes);
  const relationshipsJson = canonicalJson(rel);
  return {
    resourceType,
    klaviyoId,
    name: typeof attributes.name === 'string' ? attributes.name : null,
    status: typeof attributes.status === 'string' ? attributes.status : null,
    channel: null,
    triggerType: null,
    archived: null,
    createdAt: null,
    updatedAt: typeof attributes.updated === 'string' ? attributes.updated : null,
    parentType: parent?.[0] ?? null,
    parentId: parent?.[1] ?? null,
    attributesJson,
    relationshipsJson,
    versionHash: versionHash(attributesJson, relationshipsJson),
  };
}

const delay = (id: string, value: number, next: string | null) => ({
  id,
  type: 'time-delay',
  links: { next },
  data: { unit: 'days', value, secondary_value: null },
});
const email = (id: string, subject: string, next: string | null) => ({
  id,
  type: 'send-email',
  links: { next },
  data: { status: 'live', message: { id: `m${id}`, name: `Email ${id}`, subject_line: subject } },
});
const flow = (status: string, actions: unknown[], updated: string) =>
  item('flows', 'F1', {
    name: 'Welcome Series',
    status,
    updated,
    definition: { entry_action_id: '1', actions, triggers: [] },
  });
const campaign = (included: string[], updated: string) =>
  item('campaigns', 'C1', {
    name: 'Black Friday',
    status: 'Draft',
    updated_at: updated,
    audiences: { included, excluded: [] },
  });

describe('changes between two syncs, from the stored versions', () => {
  const store = useTestStore();

  async function twoSyncs() {
    const s = store();
    addWorkspace(s, 'w');
    const lists = [
      item('lists', 'L1', { name: 'Newsletter' }),
      item('lists', 'L2', { name: 'VIP' }),
      item('lists', 'L3', { name: 'Old list' }),
    ];
    const quiet = item('templates', 'T1', { name: 'Plain', updated: '2024-01-01T00:00:00+00:00' });
    const r1 = await syncItems(s, 'w', [
      flow(
        'live',
        [email('1', 'Hello', '2'), delay('2', 1, '3'), email('3', 'Again', null)],
        '2024-01-01T00:00:00+00:00',
      ),
      campaign(['L1'], '2024-01-01T00:00:00+00:00'),
      ...lists,
      quiet,
    ]);
    const r2 = await syncItems(s, 'w', [
      flow(
        'draft',
        [email('1', 'Hello', '2'), delay('2', 3, '3'), email('3', 'Again!', null)],
        '2024-01-02T00:00:00+00:00',
      ),
      campaign(['L2'], '2024-01-02T00:00:00+00:00'),
      lists[0]!,
      item('lists', 'L2', { name: 'VIP customers' }),
      item('lists', 'L4', { name: 'Fresh' }),
      item('templates', 'T1', { name: 'Plain', updated: '2024-02-01T00:00:00+00:00' }),
    ]);
    // a run that failed in between is never a default end
    s.runs.insert({ requestId: 'x', workspaceId: 'w', trigger: 'cli', status: 'failed_auth', startedAt: Date.now() });
    return { s, r1, r2 };
  }

  it('finds each added, removed and modified item and words it in both languages', async () => {
    const { s, r1, r2 } = await twoSyncs();
    const set = changeSet(s, { workspaceId: 'w' });
    expect([set.from?.runId, set.to?.runId]).toEqual([String(r1), String(r2)]);
    const byId = new Map(set.items.map((c) => [c.id, c]));
    expect([...byId.keys()].sort()).toEqual(['C1', 'F1', 'L2', 'L3', 'L4']);
    expect(byId.get('L3')!.kind).toBe('removed');
    expect(byId.get('L4')!.kind).toBe('added');
    const en = (id: string) => byId.get(id)!.summary.map((m) => changeSentence(m, 'en'));
    const pl = (id: string) => byId.get(id)!.summary.map((m) => changeSentence(m, 'pl'));
    expect(en('F1')).toEqual([
      'Welcome Series: live → draft',
      'Welcome Series: step 2 delay 1 day → 3 days',
      'Welcome Series: step 3 (Email 3) subject changed',
    ]);
    expect(pl('F1')[1]).toBe('Welcome Series: krok 2, opóźnienie 1 dzień → 3 dni');
    // list ids resolved to names: the newer name of the list that joined
    expect(en('C1')).toEqual(['Campaign ‘Black Friday’: audience +VIP customers −Newsletter']);
    expect(en('L2')).toEqual(['List ‘VIP’ renamed to ‘VIP customers’']);
    expect(pl('L3')).toEqual(['Usunięto: Lista ‘Old list’']);
    // the moved timestamp is in the detail, not in the sentences
    const updated = byId.get('F1')!.fields.find((f) => f.path === 'updated')!;
    expect(updated).toMatchObject({ noise: true, before: '"2024-01-01T00:00:00+00:00"' });
    expect(set.counts.lists).toEqual({ added: 1, removed: 1, modified: 1, touched: 0 });
    // a template whose update time alone moved is counted apart and listed only when asked for
    expect(set.counts.templates).toEqual({ added: 0, removed: 0, modified: 0, touched: 1 });
    expect(set.total).toBe(5);
    const touched = changeSet(s, { workspaceId: 'w', includeTouched: true }).items.find((c) => c.id === 'T1')!;
    expect(touched.noiseOnly).toBe(true);
    expect(changeSentence(touched.summary[0]!, 'en')).toBe('Template ‘Plain’: only its update time moved');
  });

  it('filters by resource and kind without changing the counts; checks the runs asked for', async () => {
    const { s, r1, r2 } = await twoSyncs();
    const lists = changeSet(s, { workspaceId: 'w', resource: 'lists', kind: 'added' });
    expect(lists.items.map((c) => c.id)).toEqual(['L4']);
    expect(lists.total).toBe(5);
    // the other way round is refused, and a run of another workspace is not found
    expect(() => changeSet(s, { workspaceId: 'w', fromRunId: r2, toRunId: r1 })).toThrow(/older/);
    addWorkspace(s, 'other');
    expect(() => changeSet(s, { workspaceId: 'other', fromRunId: r1, toRunId: r2 })).toThrow(/does not belong/);
    // the same run on both sides compares nothing
    expect(changeSet(s, { workspaceId: 'w', toRunId: r1 }).from).toBeNull();
    expect(createChangeCounter(s)('w')).toBe(5);
    expect(createChangeCounter(s)('other')).toBeNull();
  });

  it('an item’s versions, newest first, each with its diff against the one before', async () => {
    const { s } = await twoSyncs();
    const h = itemVersions(s, { workspaceId: 'w', type: 'campaigns', id: 'C1' });
    expect(h.versions).toHaveLength(2);
    expect(h.versions[0]!.attributes.audiences).toEqual({ included: ['L2'], excluded: [] });
    expect(h.versions[1]!.attributes.audiences).toEqual({ included: ['L1'], excluded: [] });
    expect(h.versions[0]!.summary.map((m) => changeSentence(m, 'en'))).toEqual([
      'Campaign ‘Black Friday’: audience +VIP customers −Newsletter',
    ]);
    expect(h.versions[1]!.fields).toEqual([]);
    expect(() => itemVersions(s, { workspaceId: 'w', type: 'campaigns', id: 'nope' })).toThrow(/not found/);
  });
});
