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

/** Where the file comes from: Shopify's own exports (read by their header names) or any CSV with a column mapping. */
export const importSources = ['shopify', 'generic'] as const;
export const ImportSourceSchema = z.enum(importSources);
export type ImportSource = z.infer<typeof ImportSourceSchema>;

/** What a generic CSV's columns can be: a profile's fields, and an order's. */
export const profileImportFields = [
  'email',
  'external_id',
  'phone_number',
  'first_name',
  'last_name',
  'organization',
  'city',
  'region',
  'country',
  'zip',
] as const;
export const orderImportFields = [
  'order_id',
  'email',
  'date',
  'value',
  'currency',
  'product',
  'quantity',
  'price',
  'sku',
] as const;
export const importFields = [...new Set([...profileImportFields, ...orderImportFields])] as [
  (typeof profileImportFields)[number] | (typeof orderImportFields)[number],
  ...((typeof profileImportFields)[number] | (typeof orderImportFields)[number])[],
];
export const ImportFieldSchema = z.enum(importFields);
export type ImportField = z.infer<typeof ImportFieldSchema>;
/** the fields an import cannot do without (a profile needs an email, a phone or an external id, checked per row) */
export const requiredImportFields: Record<ImportKind, ImportField[]> = {
  customers: [],
  orders: ['order_id', 'email', 'date', 'value'],
};

const ColumnNameSchema = z.string().trim().min(1).max(200);
/** A generic CSV's mapping: for each field, the header of the column that holds it (case and spaces ignored). */
export const ImportMappingSchema = z
  .partialRecord(ImportFieldSchema, ColumnNameSchema)
  .refine((m) => Object.keys(m).length <= importFields.length, 'Too many fields.');
export type ImportMapping = z.infer<typeof ImportMappingSchema>;

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
  'duplicate_external_id',
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

/**
 * A file the person chose (the desktop's open dialog, or the web page's upload), named by a token: the page never
 * sees or sends where the file lives. A token is good until the app stops.
 */
export const PickedFileSchema = z.strictObject({
  fileToken: z.string().regex(/^[0-9a-f]{32}$/),
  /** the file's own name, without its folder */
  fileName: z.string(),
  bytes: z.number().int().min(0),
});
export type PickedFile = z.infer<typeof PickedFileSchema>;

const ImportOfTokenSchema = z.strictObject({
  workspaceId: IdSchema,
  fileToken: PickedFileSchema.shape.fileToken,
  /** what the file holds and where it comes from; detected from its header when omitted */
  kind: ImportKindSchema.optional(),
  source: ImportSourceSchema.optional(),
  /** a generic CSV's columns; guessed from the header names when omitted */
  mapping: ImportMappingSchema.optional(),
  lang: LanguageSchema.default('en'),
});

/** What the import will do, before anything is queued: the first records as they will be sent, every refused row. */
export const ImportPreviewSchema = z.object({
  fileName: z.string(),
  kind: ImportKindSchema,
  source: ImportSourceSchema,
  /** what the header looked like, whatever was asked */
  detected: z.object({ kind: ImportKindSchema, source: ImportSourceSchema }),
  /** the file's header */
  columns: z.array(z.string()),
  /** a generic CSV's mapping as it will be used (the one given, or the guess); empty for Shopify's exports */
  mapping: ImportMappingSchema,
  /** fields the import needs that no column is mapped to: nothing can be queued until they are */
  missingFields: z.array(ImportFieldSchema),
  ready: z.boolean(),
  rows: z.number().int().min(0),
  accepted: z.number().int().min(0),
  rejected: z.number().int().min(0),
  /** the first records as Klaviyo will receive them (a profile's attributes, an order's event) */
  sample: z.array(z.object({ line: z.number().int().min(1), record: z.record(z.string(), z.unknown()) })),
  /** the first problems (all of them up to 500), each with its line */
  problems: z.array(ImportProblemSchema),
  problemCount: z.number().int().min(0),
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

export const importsChannels = {
  /** Opens the desktop's file dialog; the page gets a token for the chosen file (null when cancelled), never a path. */
  'imports:choose': {
    input: z.strictObject({}).default({}),
    output: z.object({ file: PickedFileSchema.nullable() }),
  },
  /** Reads and checks a chosen file (off the screens' thread) and shows what would be queued; queues nothing. */
  'imports:preview': {
    input: ImportOfTokenSchema,
    output: ImportPreviewSchema,
  },
  /** Queues a chosen file, read and checked again, in the outbox in one transaction (as imports:file does). */
  'imports:queue': {
    input: ImportOfTokenSchema,
    output: ImportResultSchema,
  },
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
      /** detected from the header when omitted; a generic CSV is read through `mapping` (guessed if omitted) */
      source: ImportSourceSchema.optional(),
      mapping: ImportMappingSchema.optional(),
      lang: LanguageSchema.default('en'),
    }),
    output: ImportResultSchema,
  },
} as const;
