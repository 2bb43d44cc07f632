import { z } from 'zod';
import { UpdateStateSchema } from './app';
import { ReportProgressSchema } from './audit';
import { OutboxChangedSchema, OutboxProgressSchema } from './outbox';
import { FindingsCriticalSchema } from './findings';
import { IdSchema } from './primitives';
import { SyncFinishedSchema, SyncProgressSchema } from './sync';

/** Pushes from main to the page. Payloads are validated where they are emitted and where they arrive. */
export const events = {
  /** throttled to a few per second per run */
  'sync:progress': SyncProgressSchema,
  'sync:finished': SyncFinishedSchema,
  /** a workspace was added, renamed, archived, removed, or its last run / counts changed */
  'workspaces:changed': z.object({
    workspaceId: IdSchema.nullable(),
    reason: z.enum(['added', 'renamed', 'archived', 'removed', 'key', 'syncing', 'synced', 'audited', 'trends']),
  }),
  'app:updateState': UpdateStateSchema,
  /** an export being written (see report:export); throttled to a few per second */
  'report:progress': ReportProgressSchema,
  /** a workspace's outbox changed: something queued, sent, retried, discarded, paused or resumed */
  'outbox:changed': OutboxChangedSchema,
  /** a flush under way: one per batch or item sent */
  'outbox:progress': OutboxProgressSchema,
  /** an audit found critical findings not announced before (the desktop shows an OS notification) */
  'findings:critical': FindingsCriticalSchema,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const eventNames = Object.keys(events) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}
