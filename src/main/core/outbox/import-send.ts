import type { KlaviyoClient } from '../klaviyo';
import type { OutboxItemRow, Store } from '../store';
import type { ParsedItem } from './model';
import { splitImportPayload } from './queue';
import { bulkOps, type BulkOps, type ImportJob } from './remote';

/** What an import item's payload holds (queued by imports: see queueImport). */
export type ImportPayload = {
  importId: string;
  fileName: string;
  chunk: number;
  of: number;
  records: number;
  /** the file line of each record, in the request's order: import errors name a record by its index */
  lines: number[];
  body: unknown;
};

/** What an import item's answer records: the job followed to its end and each import error with its line. */
export type ImportAnswer = {
  operationId: 'bulk_import_profiles' | 'bulk_create_events';
  records: number;
  jobId?: string;
  jobStatus?: string;
  completed?: number;
  failed?: number;
  importErrors?: { line: number | null; detail: string }[];
  /** the job had been posted by an earlier send whose answer was lost: it was found, not posted again */
  foundExisting?: boolean;
  /** events were sent again after a lost answer: Klaviyo drops the copies by their unique_id */
  resent?: boolean;
};

type Ctx = {
  s: { store: Store; now: () => number };
  requestId: string;
  tally: { requests: number };
  client: KlaviyoClient;
  timeScale: number;
};

type Helpers<C, Stop> = {
  markSending(ctx: C, items: ParsedItem[]): void;
  markDone(ctx: C, items: ParsedItem[], answer: Record<string, unknown>): void;
  markFailed(ctx: C, items: ParsedItem[], err: unknown, waiting: Set<string>): Stop | null;
  waiting: Set<string>;
};

const FINISHED = new Set(['complete', 'cancelled', 'failed']);
/** how far Klaviyo's clock and ours may disagree when a lost job is looked for by its creation time */
const LOOKUP_SLACK_MS = 10 * 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls a profile import job until it has finished: at once, then after 0.2 s, doubling to 5 s (real time; the
 * workspace's time scale shrinks it), then reads its import errors. The job id is recorded on the item before
 * polling, so a flush that dies while following picks the same job up again.
 */
async function follow(
  ctx: Ctx,
  ops: BulkOps,
  row: OutboxItemRow,
  job: ImportJob,
  lines: number[],
): Promise<ImportAnswer> {
  let wait = 200;
  let j = job;
  ctx.s.store.outbox.update(row.id, {
    resultJson: JSON.stringify({ operationId: 'bulk_import_profiles', jobId: job.id, jobStatus: job.status }),
    updatedAt: ctx.s.now(),
  });
  for (let first = true; !FINISHED.has(j.status); first = false) {
    if (!first) {
      await sleep(wait / ctx.timeScale);
      wait = Math.min(wait * 2, 5000);
    }
    ctx.tally.requests++;
    j = await ops.job(j.id);
  }
  const errors = j.failed > 0 ? (ctx.tally.requests++, await ops.importErrors(j.id)) : [];
  return {
    operationId: 'bulk_import_profiles',
    records: lines.length,
    jobId: j.id,
    jobStatus: j.status,
    completed: j.completed,
    failed: j.failed,
    importErrors: errors.map((e) => ({ line: e.index === null ? null : (lines[e.index] ?? null), detail: e.detail })),
  };
}

/** A job this item posted before its answer was lost: the newest one of its size created after the item was sent. */
async function lostJob(ops: BulkOps, row: OutboxItemRow, records: number): Promise<ImportJob | null> {
  const jobs = await ops.recentJobs();
  const since = row.updatedAt - LOOKUP_SLACK_MS;
  return jobs.find((j) => j.total === records && j.createdAt !== null && Date.parse(j.createdAt) >= since) ?? null;
}

/**
 * Sends one import item: a profile bulk import job (followed to its end, its import errors mapped back to the
 * file's lines) or an event bulk create job. Never twice: an item found `sending` (a crash, a lost answer) follows
 * the job it recorded, or finds it among the newest jobs, before it would post again; events carry the order as
 * `unique_id`, so Klaviyo drops a copy sent after a lost answer.
 */
export async function sendImport<C extends Ctx, Stop>(
  ctx: C,
  item: ParsedItem,
  h: Helpers<C, Stop>,
): Promise<Stop | null> {
  if (item.kind !== 'profile_import' && item.kind !== 'event_import') return null;
  const wasSending = item.row.state === 'sending';
  const ops = bulkOps(ctx.client);
  h.markSending(ctx, [item]);
  try {
    // the head (records, lines) now; the body (up to 5 MB) only once its request may go, and let go with it: a
    // queue of imports waiting for rate-limit windows holds none of them
    const { store } = ctx.s;
    const payload = JSON.parse(store.outbox.get(item.row.id)?.payloadJson ?? 'null') as Omit<ImportPayload, 'body'>;
    const body = () => splitImportPayload(store.outbox.payloadBytes(item.row.id) ?? Buffer.alloc(0)).body;
    if (item.kind === 'event_import') {
      ctx.tally.requests++;
      await ops.createEvents(body);
      const answer: ImportAnswer = {
        operationId: 'bulk_create_events',
        records: payload.records,
        ...(wasSending ? { resent: true } : {}),
      };
      h.markDone(ctx, [item], answer);
      return null;
    }
    const recorded = JSON.parse(item.row.resultJson ?? 'null') as { jobId?: string } | null;
    let job: ImportJob | null = null;
    let found = false;
    if (recorded?.jobId) {
      ctx.tally.requests++;
      job = await ops.job(recorded.jobId);
      found = true;
    } else if (wasSending) {
      ctx.tally.requests++;
      job = await lostJob(ops, item.row, payload.records);
      found = job !== null;
    }
    if (!job) {
      ctx.tally.requests++;
      job = await ops.importProfiles(body);
    }
    const answer = await follow(ctx, ops, item.row, job, payload.lines);
    h.markDone(ctx, [item], { ...answer, ...(found ? { foundExisting: true } : {}) });
    return null;
  } catch (err) {
    return h.markFailed(ctx, [item], err, h.waiting);
  }
}
