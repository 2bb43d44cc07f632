import { batchKey, MAX_BATCH, type ParsedItem } from './model';

/**
 * The field a change sets on its target: a tag's presence or a flow's status. Two changes of one field must reach
 * Klaviyo in the order they were made; changes of different fields (two tags on one flow, a tag and a status) do
 * not depend on each other. An import request is its own field.
 */
export function fieldKey(item: ParsedItem): string {
  const target = `${item.row.targetType}:${item.row.targetId}`;
  if (item.kind === 'tag_add' || item.kind === 'tag_remove') return `${target}|tag:${item.tag}`;
  if (item.kind === 'flow_status' || item.kind === 'flow_action_status') return `${target}|status`;
  return target;
}

/** One Klaviyo request's worth of items: tag changes sharing a batch key (≤ 100 ids), or a single item. */
export type Batch = { key: string | null; items: ParsedItem[] };

/**
 * Ready items (oldest first) → waves of batches. Inside a wave no two batches touch one field, so its batches may
 * be sent at the same time; a wave is sent once the one before it has ended. Each item goes to the wave after the
 * one holding the previous item of its field (so per-field order is kept), and joins an open batch of its batch
 * key in that wave until the batch holds `max` items. Items of a field that waits for a retry are left out: they
 * keep their place until the retry is due.
 */
export function planWaves(items: ParsedItem[], waiting: ReadonlySet<string>, max = MAX_BATCH): Batch[][] {
  const waves: Batch[][] = [];
  const waveOfField = new Map<string, number>();
  const open = new Map<string, Batch>();
  for (const item of items) {
    const field = fieldKey(item);
    if (waiting.has(field)) continue;
    const prev = waveOfField.get(field);
    const wave = prev === undefined ? 0 : prev + 1;
    waveOfField.set(field, wave);
    while (waves.length <= wave) waves.push([]);
    const key = batchKey(item);
    if (key === null) {
      waves[wave]!.push({ key: null, items: [item] });
      continue;
    }
    const slot = `${wave}|${key}`;
    let batch = open.get(slot);
    if (!batch) {
      batch = { key, items: [] };
      open.set(slot, batch);
      waves[wave]!.push(batch);
    }
    batch.items.push(item);
    if (batch.items.length >= max) open.delete(slot);
  }
  return waves;
}

/**
 * Runs tasks with at most `limit` under way; once one returns a stop, no further task starts (those under way
 * finish). Resolves with the first stop, or null; a task that throws stops the others too, and the error is thrown
 * once every task under way has ended. The rate limiter paces the requests: this only bounds how many batches (and
 * import payloads) are held at once.
 */
export async function runPool<S>(tasks: (() => Promise<S | null>)[], limit: number): Promise<S | null> {
  let next = 0;
  let stop: S | null = null;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (stop === null && !failed && next < tasks.length) {
      const task = tasks[next++]!;
      try {
        const s = await task();
        if (s !== null && stop === null) stop = s;
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const ended = await Promise.allSettled(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  const error = ended.find((e): e is PromiseRejectedResult => e.status === 'rejected');
  if (error) throw error.reason;
  return stop;
}
