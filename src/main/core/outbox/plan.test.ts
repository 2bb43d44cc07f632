import type { OutboxItemRow } from '../store';
import type { ParsedItem } from './model';
import { fieldKey, planWaves, runPool } from './plan';

let nextId = 1;
function row(targetType: string, targetId: string, kind: string): OutboxItemRow {
  return {
    id: nextId++,
    workspaceId: 'w',
    kind,
    targetType,
    targetId,
    payloadJson: '',
    baseVersion: null,
    baseValueJson: null,
    baseUpdatedAt: null,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: null,
    errorJson: null,
    requestId: 'r',
    resultJson: null,
    pushRunId: null,
    createdAt: 1,
    updatedAt: 1,
  };
}
const tag = (kind: 'tag_add' | 'tag_remove', id: string, name: string, type = 'flow'): ParsedItem => ({
  kind,
  row: row(type, id, kind),
  tag: name,
});
const status = (id: string, s: string): ParsedItem => ({
  kind: 'flow_status',
  row: row('flow', id, 'flow_status'),
  status: s,
});
const ids = (b: { items: ParsedItem[] }) => b.items.map((i) => i.row.id);

describe('planWaves: tag changes into batches and waves', () => {
  it('puts up to 100 targets of one tag, type and direction in one batch, in queue order', () => {
    const items = Array.from({ length: 250 }, (_, i) => tag('tag_add', `F${i}`, 'VIP'));
    const waves = planWaves(items, new Set());
    expect(waves).toHaveLength(1);
    expect(waves[0]!.map((b) => b.items.length)).toEqual([100, 100, 50]);
    expect(waves[0]!.flatMap(ids)).toEqual(items.map((i) => i.row.id));
  });

  it('keeps different tags, types and directions apart, and lets changes of different fields share a wave', () => {
    const items = [
      tag('tag_add', 'F1', 'A'),
      tag('tag_add', 'F1', 'B'),
      tag('tag_add', 'C1', 'A', 'campaign'),
      tag('tag_remove', 'F2', 'A'),
      status('F1', 'live'),
      tag('tag_add', 'F2', 'B'),
    ];
    const waves = planWaves(items, new Set());
    // every item changes a different field: one wave, five requests (A+flow add, B+flow add, A+campaign, A remove, status)
    expect(waves).toHaveLength(1);
    expect(waves[0]!.map((b) => [b.key, ids(b)])).toEqual([
      ['tag_add|flow|A|', [items[0]!.row.id]],
      ['tag_add|flow|B|', [items[1]!.row.id, items[5]!.row.id]],
      ['tag_add|campaign|A|', [items[2]!.row.id]],
      ['tag_remove|flow|A|', [items[3]!.row.id]],
      [null, [items[4]!.row.id]],
    ]);
  });

  it('sends a later change of the same field only in a later wave, so per-field order is kept', () => {
    const add1 = tag('tag_add', 'F1', 'A');
    const other = tag('tag_add', 'F2', 'A');
    const remove = tag('tag_remove', 'F1', 'A');
    const add2 = tag('tag_add', 'F1', 'A');
    const s1 = status('F1', 'live');
    const s2 = status('F1', 'draft');
    const waves = planWaves([add1, other, remove, s1, add2, s2], new Set());
    expect(waves.map((w) => w.map(ids))).toEqual([
      [[add1.row.id, other.row.id], [s1.row.id]],
      [[remove.row.id], [s2.row.id]],
      [[add2.row.id]],
    ]);
    // and a wave never holds two changes of one field
    for (const w of waves) {
      const fields = w.flatMap((b) => b.items.map(fieldKey));
      expect(new Set(fields).size).toBe(fields.length);
    }
  });

  it('leaves out the items of a field that waits for a retry, and only those', () => {
    const a = tag('tag_add', 'F1', 'A');
    const b = tag('tag_add', 'F2', 'A');
    const c = tag('tag_add', 'F1', 'B');
    const waves = planWaves([a, b, c], new Set([fieldKey(a)]));
    expect(waves.flatMap((w) => w.flatMap(ids))).toEqual([b.row.id, c.row.id]);
  });

  it('gives every import request a batch of its own', () => {
    const imp = (id: string): ParsedItem => ({
      kind: 'event_import',
      row: row('event-bulk-create-job', id, 'event_import'),
    });
    const waves = planWaves([imp('i-1'), imp('i-2')], new Set());
    expect(waves).toHaveLength(1);
    expect(waves[0]!.map((b) => b.items.length)).toEqual([1, 1]);
  });
});

describe('runPool', () => {
  it('runs at most `limit` tasks at once and all of them when none stops', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    const tasks = Array.from({ length: 20 }, (_, i) => async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 2 + (i % 3)));
      running--;
      done.push(i);
      return null;
    });
    expect(await runPool(tasks, 4)).toBeNull();
    expect(most).toBe(4);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('starts nothing after a task stops, lets the ones under way finish, and returns the first stop', async () => {
    const started: number[] = [];
    const ended: number[] = [];
    const tasks = Array.from({ length: 10 }, (_, i) => async () => {
      started.push(i);
      await new Promise((r) => setTimeout(r, i === 1 ? 1 : 20));
      ended.push(i);
      return i === 1 ? 'offline' : null;
    });
    expect(await runPool(tasks, 3)).toBe('offline');
    // tasks 0–2 started together; 1 stopped first, so no lane took task 3 or later
    expect(started.sort()).toEqual([0, 1, 2]);
    expect(ended.sort()).toEqual([0, 1, 2]);
  });

  it('throws a task’s error once the others under way have ended', async () => {
    let ended = 0;
    const tasks = [
      async () => {
        await new Promise((r) => setTimeout(r, 1));
        throw new Error('disk full');
      },
      async () => {
        await new Promise((r) => setTimeout(r, 15));
        ended++;
        return null;
      },
      async () => {
        ended++;
        return null;
      },
    ];
    await expect(runPool(tasks, 2)).rejects.toThrow('disk full');
    expect(ended).toBe(1);
  });
});
