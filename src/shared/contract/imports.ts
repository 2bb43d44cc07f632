import { z } from 'zod';
import { IdSchema, LanguageSchema, LIMITS } from './primitives';

/**
 * Imports of a store's CSV exports into Klaviyo (PRODUCT D1): Shopify's customers export becomes profiles (profile
 * bulk import jobs), its orders export "Placed Order" events (event bulk create jobs). The file is read and checked
 * row by row; what passes is queued in the outbox (sent like any other change), every row that does not is
 * reported with its line in the file and the reason.
 */

export const importKinds = ['customers', 'orders'] as const;
export const ImportKindSchema = z.enum(importKinds);
export type ImportKind = z.infer<typeof ImportKindSchema>;

export const importReasons = [
  'bad_email',
  'missing_identifier',
  'duplicate_email',
  'bad_phone',
  'missing_order_name',
  'bad_date',
  'date_out_of_range',
  'bad_total',
  'bad_currency',
  'duplicate_order',
  'order_rejected',
  'row_too_large',
  'unterminated_quote',
  'klaviyo_refused',
] as const;
export const ImportReasonSchema = z.enum(importReasons);
export type ImportReason = z.infer<typeof ImportReasonSchema>;

/** One row that was not imported (`rejected`) or imported without a field (`warning`). */
export const ImportProblemSchema = z.object({
  /** the line of the file the row starts on, counting the header as line 1 (a quoted field may span lines) */
  line: z.number().int().min(1),
  reason: ImportReasonSchema,
  severity: z.enum(['rejected', 'warning']),
  /** the cell the reason is about, as the file has it */
  value: z.string().nullable(),
  /** another line the reason points at (the first copy of a duplicate, the order a line item belongs to) */
  relatedLine: z.number().int().min(1).nullable(),
  /** the reason worded in the requested language */
  message: z.string(),
});
export type ImportProblem = z.infer<typeof ImportProblemSchema>;

export const ImportResultSchema = z.object({
  importId: z.string(),
  kind: ImportKindSchema,
  fileName: z.string(),
  /** data rows read (the header not counted) */
  rows: z.number().int().min(0),
  /** profiles (customers) or orders queued */
  accepted: z.number().int().min(0),
  rejected: z.number().int().min(0),
  /** outbox items queued: one per Klaviyo request (a profile import job, an event bulk create job) */
  queuedItems: z.number().int().min(0),
  problems: z.array(ImportProblemSchema),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

export const importsChannels = {
  /**
   * Reads a store's export (off the screens' thread), checks every row, and queues what passes in the outbox in
   * one transaction. Returns once it is queued; `outbox:flush` (or the automatic flush) sends it.
   */
  'imports:file': {
    input: z.strictObject({
      workspaceId: IdSchema,
      kind: ImportKindSchema,
      /** the file the transport chose (the desktop's open dialog, the CLI's --file) */
      file: z.string().min(1).max(LIMITS.path),
      lang: LanguageSchema.default('en'),
    }),
    output: ImportResultSchema,
  },
} as const;
