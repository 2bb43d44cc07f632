import { z } from 'zod';
import { ErrorCodeSchema } from '../errors';
import { IdSchema, IsoDateSchema, LanguageSchema, ResourceTypeSchema, ScalarSchema } from './primitives';

/**
 * The audit's shapes as the screens and the CLI receive them. The core audit (`src/main/core/audit`) produces
 * them and the service maps its results onto these. Areas are the audit's ids (e.g. `deliverability`, `flows`).
 */

export const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const SeveritySchema = z.enum(severities);
export const FindingStatusSchema = z.enum(['pass', 'fail', 'unknown']);

/**
 * A strategist's decision on a finding or one of its items, while it holds: accepted (won't fix) or snoozed
 * until a date (from then the finding counts again). An accepted or snoozed failure is listed apart and is not
 * a failure of the score.
 */
export const FindingDecisionSchema = z.object({
  state: z.enum(['accepted', 'snoozed']),
  until: IsoDateSchema.nullable(),
  by: z.string(),
  at: IsoDateSchema,
});
export type FindingDecision = z.infer<typeof FindingDecisionSchema>;
export const FindingNoteSchema = z.object({ text: z.string(), by: z.string(), at: IsoDateSchema });
export type FindingNote = z.infer<typeof FindingNoteSchema>;

export const EvidenceItemSchema = z.object({
  /** the inventory type of the item (its id opens it in the inventory browser) */
  type: z.string(),
  id: z.string(),
  name: z.string().nullable(),
  /** the figures for this item behind the finding (rates, counts, days) */
  figures: z.record(z.string(), ScalarSchema),
  note: z.string().optional(),
  /** the strategist's decision on this item within the finding, while it holds */
  decision: FindingDecisionSchema.nullable().default(null),
  comment: FindingNoteSchema.nullable().default(null),
});

/**
 * A finding's summary as data, so each screen writes it in its own language: a stable key (`F1.pass`,
 * `F2.unknownNoDefinition`, `audit.cannotJudge.forbidden`) and its parameters — Klaviyo's own names and
 * statuses as strings, counts and rates as numbers (a rate in percent: 1.23 for 1.23%). The sentences live in
 * src/shared/audit; a key the screen does not know falls back to `summary`.
 */
export const SummaryMessageSchema = z.object({
  key: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

export const FindingSchema = z.object({
  ruleId: z.string(),
  /** the audit's areas: flows, tracking, campaigns, deliverability, lists, forms, revenue, account, sync */
  area: z.string(),
  title: z.string(),
  severity: SeveritySchema,
  /** `unknown` when data or a scope is missing or the sample is too small: never a false pass */
  status: FindingStatusSchema,
  /** what was measured and against which threshold, in one sentence (also says why a rule is unknown) */
  summary: z.string(),
  /** the summary as a template key and parameters, for screens in other languages */
  message: SummaryMessageSchema,
  evidence: z.object({
    items: z.array(EvidenceItemSchema),
    figures: z.record(z.string(), ScalarSchema),
  }),
  recommendation: z.string(),
  /** performance-based rules: when their Reporting API figures were fetched */
  figuresAsOf: IsoDateSchema.nullable(),
  /**
   * the decision that holds for the whole finding: set on the finding, or on every one of its items; a failure
   * with a decision is listed apart and left out of the score
   */
  decision: FindingDecisionSchema.nullable().default(null),
  /** the strategist's note on the finding */
  comment: FindingNoteSchema.nullable().default(null),
  /** failing now but not in the previous audit */
  isNew: z.boolean().default(false),
});
export type Finding = z.infer<typeof FindingSchema>;

export const AreaScoreSchema = z.object({
  area: z.string(),
  /** 0–100; unknown rules earn nothing */
  score: z.number().min(0).max(100),
  /** share of the area's weight that could be evaluated (pass or fail), 0–1 */
  coverage: z.number().min(0).max(1),
  pass: z.number().int().min(0),
  fail: z.number().int().min(0),
  unknown: z.number().int().min(0),
});

/**
 * Set when the syncs after the audited one failed or stopped early: the audit (score, history, reports) stays that of
 * the last complete inventory, and says since when it is stale and how the latest sync ended.
 */
export const AuditStaleSchema = z.object({
  /** when the first sync after the audited one failed or stopped early */
  since: IsoDateSchema,
  lastSync: z.object({
    runId: z.string(),
    status: z.enum(['failed_auth', 'partial_or_timeout', 'cancelled']),
    finishedAt: IsoDateSchema,
    /** the error class that ended it (auth, network, server…); null when it recorded none */
    code: ErrorCodeSchema.nullable(),
    /** the error's message as the sync recorded it (English) */
    message: z.string().nullable(),
  }),
});
export type AuditStale = z.infer<typeof AuditStaleSchema>;

export const AuditSchema = z.object({
  workspaceId: z.string(),
  /** the sync run whose inventory was audited */
  runId: z.string().nullable(),
  evaluatedAt: IsoDateSchema,
  score: z.number().min(0).max(100),
  coverage: z.number().min(0).max(1),
  /** false for test accounts (rule A2): shown, but not a client's real score */
  scored: z.boolean(),
  areas: z.array(AreaScoreSchema),
  findings: z.array(FindingSchema),
  counts: z.object({
    pass: z.number().int().min(0),
    fail: z.number().int().min(0),
    unknown: z.number().int().min(0),
    critical: z.number().int().min(0),
    /** failures accepted or snoozed: not counted in `fail`, `critical` nor the score */
    accepted: z.number().int().min(0).default(0),
  }),
  /** against the previous audit: the rules failing now that did not fail then, and those that failed and now pass */
  since: z
    .object({
      evaluatedAt: IsoDateSchema,
      newRuleIds: z.array(z.string()),
      resolved: z.array(z.object({ ruleId: z.string(), title: z.string(), severity: SeveritySchema })),
    })
    .nullable()
    .default(null),
  /** the oldest performance figures the audit used (the reporting budget means some figures lag) */
  figuresAsOf: IsoDateSchema.nullable(),
  /** the account's preferred currency (ISO 4217), in which its revenue figures are; null when unknown */
  currency: z.string().nullable(),
  /** null while the audit is of the latest sync */
  stale: AuditStaleSchema.nullable(),
});
export type Audit = z.infer<typeof AuditSchema>;

export const AuditOverviewRowSchema = z.object({
  workspaceId: z.string(),
  score: z.number().min(0).max(100).nullable(),
  criticalCount: z.number().int().min(0),
  worstFinding: z.object({ ruleId: z.string(), title: z.string(), severity: SeveritySchema }).nullable(),
  evaluatedAt: IsoDateSchema.nullable(),
  /** the audit's staleness (see AuditStaleSchema); null when fresh or not audited */
  stale: AuditStaleSchema.nullable(),
});

/** Manual answers for what the API cannot see (D1/D2: SPF, DKIM, DMARC, branded domain; FM4 device rates). */
export const ManualAnswersInputSchema = z.strictObject({
  spf: z.enum(['pass', 'fail', 'unknown']).optional(),
  dkim: z.enum(['pass', 'fail', 'unknown']).optional(),
  dmarc: z.enum(['pass', 'fail', 'unknown']).optional(),
  dmarcPolicy: z.enum(['none', 'quarantine', 'reject', 'unknown']).optional(),
  brandedDomain: z.enum(['yes', 'no', 'unknown']).optional(),
  sendingDomain: z
    .string()
    .trim()
    .max(253)
    .regex(/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$/, 'not a domain name')
    .optional(),
  // a share (0–1); the range is checked by the service, whose refusal names the field and the percentage given
  mobileSubmitRate: z.number().finite().optional(),
  desktopSubmitRate: z.number().finite().optional(),
});
export const ManualAnswersSchema = z.object({
  spf: z.enum(['pass', 'fail', 'unknown']),
  dkim: z.enum(['pass', 'fail', 'unknown']),
  dmarc: z.enum(['pass', 'fail', 'unknown']),
  dmarcPolicy: z.enum(['none', 'quarantine', 'reject', 'unknown']),
  brandedDomain: z.enum(['yes', 'no', 'unknown']),
  sendingDomain: z.string().nullable(),
  mobileSubmitRate: z.number().nullable(),
  desktopSubmitRate: z.number().nullable(),
  answeredAt: IsoDateSchema.nullable(),
});
export type ManualAnswers = z.infer<typeof ManualAnswersSchema>;

const ChartBarSchema = z.object({ label: z.string(), value: z.number(), note: z.string().optional() });

/** Performance figures for the dashboard charts, each block with the time it was fetched (null: never). */
export const AuditFiguresSchema = z.object({
  /** ISO 4217 code the revenue values are in (the account's preferred currency); null when the account is unknown */
  currency: z.string().nullable(),
  flowRevenue: z.array(ChartBarSchema),
  campaignRevenue: z.array(ChartBarSchema),
  /** trigger-metric daily counts, oldest first, from `startDate` */
  metricVolume: z
    .object({
      startDate: z.string(),
      series: z.array(z.object({ label: z.string(), values: z.array(z.number()) })),
    })
    .nullable(),
  asOf: z.object({
    flows: IsoDateSchema.nullable(),
    campaigns: IsoDateSchema.nullable(),
    metrics: IsoDateSchema.nullable(),
  }),
});
export type AuditFigures = z.infer<typeof AuditFiguresSchema>;

export const auditChannels = {
  /** The latest audit of a workspace; null before the first audit. Audits run by themselves after every sync. */
  'audit:get': {
    input: z.strictObject({ workspaceId: IdSchema }),
    output: AuditSchema.nullable(),
  },
  /** Evaluates the workspace's current inventory now (e.g. after manual answers) and returns the audit. */
  'audit:run': {
    input: z.strictObject({ workspaceId: IdSchema }),
    output: AuditSchema,
  },
  /**
   * Fetches the workspace's performance figures (Reporting API) within the account's daily budget: only what is
   * stale, or everything with `all`. A failure is reported in `error`; the figures already stored stay.
   */
  'audit:refreshFigures': {
    input: z.strictObject({ workspaceId: IdSchema, all: z.boolean().default(false) }),
    output: z.object({
      /** the kinds of figures fetched in this call */
      fetched: z.array(z.string()),
      /** Reporting API calls this refresh spent */
      spent: z.number().int().min(0),
      /** calls left today for the account (null when the refresh could not run) */
      budgetLeft: z.number().int().min(0).nullable(),
      /** why nothing could be refreshed (no key, Klaviyo unreachable…), or null */
      error: z.string().nullable(),
    }),
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
  /** Flow and campaign revenue (last 90 days) and trigger-metric volume per day, as last fetched. */
  'audit:figures': {
    input: z.strictObject({ workspaceId: IdSchema }),
    output: AuditFiguresSchema,
  },
  'audit:answers': {
    input: z.strictObject({ workspaceId: IdSchema }),
    output: ManualAnswersSchema,
  },
  /** Stores manual answers (merged with the previous ones) and re-evaluates; returns the new audit. */
  'audit:setAnswers': {
    input: z.strictObject({ workspaceId: IdSchema, answers: ManualAnswersInputSchema }),
    output: AuditSchema,
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
      /** the language of the words in the report; default the language the app is set to (English for "system") */
      lang: LanguageSchema.optional(),
    }),
    output: z.object({
      fileName: z.string(),
      mimeType: z.string(),
      bytes: z.number().int().min(0),
      savedTo: z.string().nullable(),
      downloadId: z.string().nullable(),
      /** the user closed the dialog, or the export was cancelled while it was written (no file is left) */
      cancelled: z.boolean(),
      /** CSV: data rows written */
      rows: z.number().int().min(0).optional(),
      /** PDF: pages written */
      pages: z.number().int().min(0).optional(),
    }),
  },
  /** Stops the workspace's exports being written; their files are removed. `cancelled`: one was running. */
  'report:cancel': {
    input: z.strictObject({ workspaceId: IdSchema }),
    output: z.object({ cancelled: z.boolean() }),
  },
} as const;

/** How far an export is: `done` of `total` rows (CSV) or findings (PDF). A few per second at most. */
export const ReportProgressSchema = z.object({
  workspaceId: z.string(),
  format: z.enum(['csv', 'pdf']),
  kind: z.enum(['findings', 'inventory']),
  done: z.number().int().min(0),
  total: z.number().int().min(0),
});
