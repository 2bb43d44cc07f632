import { z } from 'zod';
import { IdSchema, IsoDateSchema, ResourceTypeSchema, ScalarSchema } from './primitives';

/**
 * The audit's shapes (issue 5). AUDIT implements them in `src/main/core/audit|reports`; SHELL's service maps
 * the domain results onto these. Areas are AUDIT's ids (e.g. `deliverability`, `flows`), kept as strings.
 */

export const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const SeveritySchema = z.enum(severities);
export const FindingStatusSchema = z.enum(['pass', 'fail', 'unknown']);

export const EvidenceItemSchema = z.object({
  type: ResourceTypeSchema,
  id: z.string(),
  name: z.string().nullable(),
  /** the figures for this item behind the finding (rates, counts, days) */
  figures: z.record(z.string(), ScalarSchema),
});

export const FindingSchema = z.object({
  ruleId: z.string(),
  area: z.string(),
  severity: SeveritySchema,
  status: FindingStatusSchema,
  title: z.string(),
  /** what was measured and against which threshold, in plain words */
  summary: z.string(),
  recommendation: z.string(),
  /** why the rule could not be decided (scope missing, sample too small…); null unless status is unknown */
  unknownReason: z.string().nullable(),
  evidence: z.object({
    items: z.array(EvidenceItemSchema),
    figures: z.record(z.string(), ScalarSchema),
  }),
  threshold: z.object({ value: ScalarSchema, source: z.string() }).nullable(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const AreaScoreSchema = z.object({
  area: z.string(),
  /** 0–100, null when every rule of the area is unknown */
  score: z.number().min(0).max(100).nullable(),
  weight: z.number().min(0),
  pass: z.number().int().min(0),
  fail: z.number().int().min(0),
  unknown: z.number().int().min(0),
});

export const AuditSchema = z.object({
  workspaceId: z.string(),
  /** the sync run whose inventory was audited */
  runId: z.string().nullable(),
  evaluatedAt: IsoDateSchema,
  score: z.number().min(0).max(100).nullable(),
  areas: z.array(AreaScoreSchema),
  findings: z.array(FindingSchema),
  /** how old each figure source is (reporting budget means some figures lag) */
  dataAsOf: z.array(z.object({ source: z.string(), asOf: IsoDateSchema.nullable() })),
});
export type Audit = z.infer<typeof AuditSchema>;

export const AuditOverviewRowSchema = z.object({
  workspaceId: z.string(),
  score: z.number().min(0).max(100).nullable(),
  criticalCount: z.number().int().min(0),
  worstFinding: z.object({ ruleId: z.string(), title: z.string(), severity: SeveritySchema }).nullable(),
  evaluatedAt: IsoDateSchema.nullable(),
});

/** Manual answers for rules the API cannot see (D1/D2: SPF, DKIM, DMARC, branded domain). */
const AnswerKeySchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,39}$/, 'invalid answer key');
export const ManualAnswerSchema = z.enum(['yes', 'no', 'unknown']);

export const auditChannels = {
  /** The latest audit of a workspace (or the one of a given run); null before the first audit. */
  'audit:get': {
    input: z.strictObject({ workspaceId: IdSchema, runId: IdSchema.optional() }),
    output: AuditSchema.nullable(),
  },
  /** The all-clients view: score, critical count, worst finding per workspace. */
  'audit:overview': {
    input: z.strictObject({ includeArchived: z.boolean().default(false) }).default({ includeArchived: false }),
    output: z.array(AuditOverviewRowSchema),
  },
  /** Score over time for a workspace (one point per audited run). */
  'audit:history': {
    input: z.strictObject({ workspaceId: IdSchema, limit: z.number().int().min(1).max(500).default(90) }),
    output: z.array(
      z.object({ runId: z.string().nullable(), evaluatedAt: IsoDateSchema, score: z.number().nullable() }),
    ),
  },
  'audit:answers': {
    input: z.strictObject({ workspaceId: IdSchema }),
    output: z.record(z.string(), ManualAnswerSchema),
  },
  /** Stores manual answers and re-evaluates; returns the new audit. */
  'audit:setAnswers': {
    input: z.strictObject({
      workspaceId: IdSchema,
      answers: z.record(AnswerKeySchema, ManualAnswerSchema).refine((r) => Object.keys(r).length <= 20, {
        message: 'at most 20 answers',
      }),
    }),
    output: AuditSchema.nullable(),
  },
  /**
   * Writes a report. The page never names a path: the desktop app asks with a save dialog in main
   * (`savedTo`), the web page downloads it through the bridge (`downloadId`). `cancelled` when the user
   * closed the dialog.
   */
  'report:export': {
    input: z.strictObject({
      workspaceId: IdSchema,
      format: z.enum(['csv', 'pdf']),
      /** `findings` (CSV/PDF audit report) or an inventory table (CSV only) */
      kind: z.enum(['findings', 'inventory']).default('findings'),
      inventoryType: ResourceTypeSchema.optional(),
    }),
    output: z.object({
      fileName: z.string(),
      mimeType: z.string(),
      bytes: z.number().int().min(0),
      savedTo: z.string().nullable(),
      downloadId: z.string().nullable(),
      cancelled: z.boolean(),
    }),
  },
} as const;
