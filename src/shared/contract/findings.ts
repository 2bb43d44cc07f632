import { z } from 'zod';
import { AuditSchema, SeveritySchema } from './audit';
import { IdSchema, IsoDateSchema } from './primitives';

/**
 * The findings workflow: a strategist accepts a finding (won't fix), snoozes it until a date, or writes a note on
 * it — for the whole finding or one of its evidence items — and the decision outlives every re-sync and re-audit.
 */

/** an evidence item of a finding, as the finding names it (`flow` + Klaviyo id) */
export const FindingItemRefSchema = z.strictObject({
  type: z.string().trim().min(1).max(40),
  id: z.string().trim().min(1).max(128),
});

const target = {
  workspaceId: IdSchema,
  /** the rule's id (F3, D1…) */
  ruleId: z
    .string()
    .trim()
    .regex(/^[A-Z]{1,2}\d{1,2}$/, 'not a rule id'),
  /** one evidence item of the finding; without it the decision is on the whole finding */
  item: FindingItemRefSchema.optional(),
  /** who decides (default: the signed-in user of this computer) */
  by: z.string().trim().min(1).max(80).optional(),
};

export const FindingDecisionRowSchema = z.object({
  ruleId: z.string(),
  item: z.object({ type: z.string(), id: z.string() }).nullable(),
  state: z.enum(['open', 'accepted', 'snoozed']),
  until: IsoDateSchema.nullable(),
  /** accepted, or snoozed until a time still to come */
  holds: z.boolean(),
  stateBy: z.string().nullable(),
  stateAt: IsoDateSchema.nullable(),
  note: z.string().nullable(),
  noteBy: z.string().nullable(),
  noteAt: IsoDateSchema.nullable(),
});
export type FindingDecisionRow = z.infer<typeof FindingDecisionRowSchema>;

const DecisionAnswerSchema = z.object({
  decision: FindingDecisionRowSchema,
  /** the latest audit with the decision applied (null before the first audit) */
  audit: AuditSchema.nullable(),
});

export const findingsChannels = {
  /** Every decision and note of a workspace, whether or not its finding fails today. */
  'findings:list': {
    input: z.strictObject({ workspaceId: IdSchema }),
    output: z.array(FindingDecisionRowSchema),
  },
  /**
   * Accepts (won't fix), snoozes until a time to come (`until`, required), or reopens a finding or one of its items.
   * The score of the latest audit follows at once.
   */
  'findings:decide': {
    input: z.strictObject({
      ...target,
      action: z.enum(['accept', 'snooze', 'reopen']),
      until: IsoDateSchema.optional(),
    }),
    output: DecisionAnswerSchema,
  },
  /** Writes the note of a finding or of one of its items; an empty note removes it. */
  'findings:note': {
    input: z.strictObject({ ...target, note: z.string().max(2000) }),
    output: DecisionAnswerSchema,
  },
} as const;

/** Critical findings that appeared in an audit and were not announced before: each is announced once. */
export const FindingsCriticalSchema = z.object({
  workspaceId: z.string(),
  workspaceName: z.string(),
  findings: z.array(z.object({ ruleId: z.string(), title: z.string(), severity: SeveritySchema })).min(1),
});
export type FindingsCritical = z.infer<typeof FindingsCriticalSchema>;
