import { z } from 'zod';
import { STORED_WITHOUT_MESSAGE } from '../../../shared/audit/render';
import { FindingStatusSchema, SeveritySchema, SummaryMessageSchema } from '../../../shared/contract/audit';

// severities and statuses are the contract's words: findings go to the page unchanged in these
export { FindingStatusSchema, SeveritySchema };
export type Severity = z.infer<typeof SeveritySchema>;

export const AreaSchema = z.enum([
  'flows',
  'tracking',
  'campaigns',
  'deliverability',
  'lists',
  'forms',
  'revenue',
  'account',
  'sync',
]);
export type Area = z.infer<typeof AreaSchema>;
/** the areas in the order the dashboard and the PDF list them */
export const AREA_ORDER: readonly Area[] = AreaSchema.options;

export type FindingStatus = z.infer<typeof FindingStatusSchema>;

const FigureValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);

/**
 * A strategist's decision that holds (accepted, or snoozed until a time to come) and a note, with who and when
 * (epoch ms). They are not part of what a rule found: `applyDecisions` lays them over a stored audit.
 */
export const DecisionSchema = z.object({
  state: z.enum(['accepted', 'snoozed']),
  until: z.number().nullable(),
  by: z.string(),
  at: z.number(),
});
export type Decision = z.infer<typeof DecisionSchema>;
export const CommentSchema = z.object({ text: z.string(), by: z.string(), at: z.number() });
export type Comment = z.infer<typeof CommentSchema>;

/** One inventory item behind a finding, with the numbers that made it count. */
export const EvidenceItemSchema = z.object({
  type: z.string(),
  id: z.string(),
  name: z.string().nullable(),
  figures: z.record(z.string(), FigureValue).default({}),
  note: z.string().optional(),
  decision: DecisionSchema.nullable().optional(),
  comment: CommentSchema.nullable().optional(),
});
export type EvidenceItem = z.infer<typeof EvidenceItemSchema>;

export const FindingSchema = z.object({
  ruleId: z.string(),
  area: AreaSchema,
  title: z.string(),
  /** the rule's severity, or the band that was hit when it failed */
  severity: SeveritySchema,
  status: FindingStatusSchema,
  /** one sentence a strategist can read aloud (English; written from `message`) */
  summary: z.string(),
  /** the summary as a template key and parameters; audits stored before messages existed get a key no template has */
  message: SummaryMessageSchema.default({ key: STORED_WITHOUT_MESSAGE, params: {} }),
  evidence: z.object({
    items: z.array(EvidenceItemSchema),
    figures: z.record(z.string(), FigureValue),
  }),
  recommendation: z.string(),
  /** for performance-based rules: when the figures were fetched (epoch ms) */
  figuresAsOf: z.number().nullable(),
  /** the decision holding for the whole finding (on it, or on all its items); a failure with one is not scored */
  decision: DecisionSchema.nullable().optional(),
  comment: CommentSchema.nullable().optional(),
  /** failing now, not in the previous audit */
  isNew: z.boolean().optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const AreaScoreSchema = z.object({
  area: AreaSchema,
  /** 0–100; unknown rules earn nothing */
  score: z.number(),
  /** share of the area's weight that could be evaluated (pass or fail), 0–1 */
  coverage: z.number(),
  pass: z.number(),
  fail: z.number(),
  unknown: z.number(),
});
export type AreaScore = z.infer<typeof AreaScoreSchema>;

export const AuditResultSchema = z.object({
  evaluatedAt: z.number(),
  score: z.number(),
  coverage: z.number(),
  /** false for test accounts (rule A2): shown, but not a client's real score */
  scored: z.boolean(),
  areas: z.array(AreaScoreSchema),
  findings: z.array(FindingSchema),
  /** `fail` and `critical` leave out the failures with a decision; those are `accepted` */
  counts: z.object({
    pass: z.number(),
    fail: z.number(),
    unknown: z.number(),
    critical: z.number(),
    accepted: z.number().default(0),
  }),
  /** the account's preferred currency (ISO 4217) for its revenue figures; null if unknown or stored before */
  currency: z.string().nullable().default(null),
});
export type AuditResult = z.infer<typeof AuditResultSchema>;

/** Manual answers for what the API cannot tell (D1, D2), stored per workspace. */
export const ManualAnswersSchema = z.object({
  spf: z.enum(['pass', 'fail', 'unknown']).default('unknown'),
  dkim: z.enum(['pass', 'fail', 'unknown']).default('unknown'),
  dmarc: z.enum(['pass', 'fail', 'unknown']).default('unknown'),
  dmarcPolicy: z.enum(['none', 'quarantine', 'reject', 'unknown']).default('unknown'),
  brandedDomain: z.enum(['yes', 'no', 'unknown']).default('unknown'),
  sendingDomain: z.string().max(253).optional(),
  /** FM4: submit rates read from Klaviyo's form report by device (the API has no device breakdown) */
  mobileSubmitRate: z.number().min(0).max(1).optional(),
  desktopSubmitRate: z.number().min(0).max(1).optional(),
  answeredAt: z.number().optional(),
});
export type ManualAnswers = z.infer<typeof ManualAnswersSchema>;
