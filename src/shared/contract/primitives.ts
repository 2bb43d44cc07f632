import { z } from 'zod';

/**
 * Building blocks shared by every channel schema. Limits are deliberately tight: the page is untrusted input,
 * and a schema that accepts a 10 MB "name" or an unknown key is a bug waiting to happen.
 */

export const LIMITS = {
  name: 100,
  search: 200,
  id: 128,
  url: 2048,
  path: 1024,
  apiKey: 200,
  listFilter: 20,
  pageLimit: 1000,
  runsPageLimit: 200,
} as const;

/** The languages every word a person reads (screens, CSV, PDF, CLI) is written in. */
export const LANGUAGES = ['en', 'pl'] as const;
export const LanguageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof LanguageSchema>;

/** Our own ids (workspaces, runs): short, URL- and filename-safe. */
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'invalid id');

/** Klaviyo item ids (flows, campaigns, ULIDs, metric ids...). */
export const ItemIdSchema = z
  .string()
  .min(1)
  .max(LIMITS.id)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'invalid item id');

/** A display name typed by the user: trimmed, no control characters. */
/** A name a person gives (a client, a workspace): one line of readable text. */
export const NameSchema = z
  .string()
  .trim()
  .min(1, 'The name is empty.')
  .max(LIMITS.name, `The name is longer than ${LIMITS.name} characters.`)
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'The name contains control characters.');

export const SearchSchema = z.string().trim().max(LIMITS.search);

/** A Klaviyo private key as typed by the user. It travels page → main once and is never sent back. */
export const ApiKeySchema = z
  .string()
  .trim()
  .min(1)
  .max(LIMITS.apiKey)
  .regex(/^[A-Za-z0-9_-]+$/, 'invalid key format');

/** http(s) only; the loopback simulator is http, Klaviyo is https. */
/** Hosts that never leave this computer: localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Where Klaviyo's API is reached. The API key travels with every request, so it must be https; plain http is
 * allowed only to this computer (the bundled simulator, a local proxy), where nothing crosses a network.
 */
export const BaseUrlSchema = z
  .string()
  .trim()
  .max(LIMITS.url)
  .superRefine((s, ctx) => {
    let u: URL;
    try {
      u = new URL(s);
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: 'The base URL is not a web address (for example https://a.klaviyo.com).',
      });
      return;
    }
    if (u.username || u.password)
      ctx.addIssue({ code: 'custom', message: 'The base URL must not contain a user name or password.' });
    else if (u.protocol === 'http:' && !isLoopbackHost(u.hostname))
      ctx.addIssue({
        code: 'custom',
        message:
          'The base URL must start with https:// so the API key is encrypted on the way; plain http:// is allowed only for this computer (localhost, 127.0.0.1, ::1).',
      });
    else if (u.protocol !== 'https:' && u.protocol !== 'http:')
      ctx.addIssue({ code: 'custom', message: 'The base URL must start with https://.' });
  });

/** ISO-8601 timestamps the app writes itself travel as strings: structured clone and JSON both keep them intact. */
export const IsoDateSchema = z.string().max(40);

/**
 * Text as Klaviyo sends it (names, subjects, statuses): its spec puts no length, pattern or enum on most of them,
 * so an answer that carries one is never refused for its length. Screens shorten and isolate it when they show it.
 */
export const KlaviyoTextSchema = z.string();

/**
 * A `date-time` field as Klaviyo sends it. The spec gives these no maxLength or pattern (and real accounts carry
 * long fractions and dates no calendar has), so any string travels; the screens format each one on its own and
 * show "unknown date" for one they cannot read.
 */
export const KlaviyoDateTimeSchema = z.string();

export const OffsetSchema = z.number().int().min(0).max(10_000_000).default(0);

export const SortDirectionSchema = z.enum(['asc', 'desc']);

/** A CSV written for the user: where it went (a path, or a download id on the web) and how much it holds. */
export const ExportFileSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  bytes: z.number().int().min(0),
  rows: z.number().int().min(0),
  savedTo: z.string().nullable(),
  downloadId: z.string().nullable(),
  /** the user closed the dialog: nothing was written */
  cancelled: z.boolean(),
});

/** Channels that take no input still get a strict empty object, so junk keys are refused. */
export const EmptyInputSchema = z.strictObject({}).default({});

/** Plain scalar figures (evidence, extra columns, sent to the page): Klaviyo's text whatever its length, never nested. */
export const ScalarSchema = z.union([KlaviyoTextSchema, z.number(), z.boolean(), z.null()]);

// Inventory vocabulary (PRODUCT A1). Plural, kebab-case, as the CLI's `--type` spells them.
export const resourceTypes = [
  'flows',
  'flow-actions',
  'flow-messages',
  'campaigns',
  'campaign-messages',
  'templates',
  'forms',
  'form-versions',
  'lists',
  'segments',
  'metrics',
  'tags',
  'tag-groups',
] as const;
export const ResourceTypeSchema = z.enum(resourceTypes);
export type ResourceType = z.infer<typeof ResourceTypeSchema>;

export const campaignChannels = ['email', 'sms', 'mobile_push'] as const;
export const CampaignChannelSchema = z.enum(campaignChannels);

/** `auto`: the outbox's own flush (on a schedule, after queueing, when the connection returns) */
export const syncTriggers = ['manual', 'tray', 'daily', 'cli', 'retry', 'auto'] as const;
export const SyncTriggerSchema = z.enum(syncTriggers);
export type SyncTrigger = z.infer<typeof SyncTriggerSchema>;

/** PRODUCT A3: every finished run ends in exactly one of these. */
export const runStatuses = ['ok', 'failed_auth', 'partial_or_timeout', 'cancelled'] as const;
export const RunStatusSchema = z.enum(runStatuses);
export type RunStatus = z.infer<typeof RunStatusSchema>;

/** A run as listed: still running, or one of the final statuses. */
export const RunStateSchema = z.enum(['running', ...runStatuses]);
export type RunState = z.infer<typeof RunStateSchema>;

/**
 * The history's four outcomes (PRODUCT C1), for pull and push runs alike: a cancelled run or a rejected key is a
 * failure, a run that kept part of what it fetched is partial.
 */
export const runOutcomes = ['success', 'failure', 'partial', 'in_progress'] as const;
export const RunOutcomeSchema = z.enum(runOutcomes);
export type RunOutcome = z.infer<typeof RunOutcomeSchema>;
const OUTCOME_OF: Record<RunState, RunOutcome> = {
  running: 'in_progress',
  ok: 'success',
  failed_auth: 'failure',
  cancelled: 'failure',
  partial_or_timeout: 'partial',
};
export const outcomeOf = (state: RunState): RunOutcome => OUTCOME_OF[state];
/** the run states an outcome stands for */
export const statesOf = (outcome: RunOutcome): RunState[] =>
  (Object.keys(OUTCOME_OF) as RunState[]).filter((s) => OUTCOME_OF[s] === outcome);

/** what the history sorts by */
export const runSortFields = ['started', 'duration', 'status', 'requests', 'workspace'] as const;
export const RunSortFieldSchema = z.enum(runSortFields);

export const resourceRunStatuses = [
  'pending',
  'running',
  'ok',
  'partial',
  'failed',
  'forbidden',
  'cancelled',
  'skipped',
] as const;
export const ResourceRunStatusSchema = z.enum(resourceRunStatuses);
export type ResourceRunStatus = z.infer<typeof ResourceRunStatusSchema>;
