/**
 * A finding's one-line summary travels as data — a template key and its parameters — so each screen can write it
 * in its own language, while the core writes the English sentence for the CSV, the PDF and the CLI.
 *
 * Pure and free of React, so the main process and the renderer share it.
 */

import type { z } from 'zod';
import type { SummaryMessageSchema } from '../contract/audit';

export type SummaryMessage = z.infer<typeof SummaryMessageSchema>;
/** Klaviyo's own names, statuses and lists of them as strings; counts, days and rates as numbers. */
export type SummaryParams = SummaryMessage['params'];
export type SummaryTemplates = Readonly<Record<string, string>>;

/**
 * The Polish keys of an English template table: English `x_one`/`x_other` become Polish `x_one`, `x_few`, `x_many`,
 * `x_other`; other keys stay as they are. Typing a Polish table by it means no sentence or plural form is missing.
 */
export type PolishKeysOf<En> = {
  [K in keyof En & string]: K extends `${infer B}_other`
    ? `${B}_${'one' | 'few' | 'many' | 'other'}`
    : K extends `${string}_one`
      ? never
      : K;
}[keyof En & string];

/**
 * The key of findings stored before they carried a message: no template has it, so screens show the stored
 * English summary.
 */
export const STORED_WITHOUT_MESSAGE = 'audit.storedWithoutMessage';

/** `{name}`, or `{name:2}` for a number written with exactly two decimals ("0.50%", not "0.5%"). */
export const PLACEHOLDER = /\{(\w+)(?::(\d))?\}/g;

export const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/**
 * The template for a message in one language: with a numeric `count`, the plural form the locale picks
 * (`key_one`, `key_few`, … falling back to `key_other`), else the key itself. Undefined when there is none.
 */
export function summaryTemplate(
  templates: SummaryTemplates,
  key: string,
  params: SummaryParams,
  locale: string,
): string | undefined {
  if (typeof params.count === 'number') {
    const form = templates[`${key}_${pluralRules(locale).select(params.count)}`] ?? templates[`${key}_other`];
    if (form !== undefined) return form;
  }
  return Object.hasOwn(templates, key) ? templates[key] : undefined;
}

/**
 * Writes a message in the templates' language; numbers follow the locale ("1,23%" in Polish). Null when the
 * templates have no sentence for the key (a newer service, or a finding stored without a message).
 */
export function renderSummary(
  templates: SummaryTemplates,
  key: string,
  params: SummaryParams,
  locale: string,
): string | null {
  const template = summaryTemplate(templates, key, params, locale);
  if (template === undefined) return null;
  return template.replace(PLACEHOLDER, (whole, name: string, digits: string | undefined) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? numberFormat(locale, digits).format(value) : value;
  });
}

const plurals = new Map<string, Intl.PluralRules>();
function pluralRules(locale: string): Intl.PluralRules {
  let r = plurals.get(locale);
  if (!r) plurals.set(locale, (r = new Intl.PluralRules(locale)));
  return r;
}

const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, digits: string | undefined): Intl.NumberFormat {
  const id = `${locale}:${digits ?? ''}`;
  let f = formats.get(id);
  if (!f) {
    const n = digits === undefined ? undefined : Number(digits);
    formats.set(
      id,
      (f = new Intl.NumberFormat(
        locale,
        n === undefined ? {} : { minimumFractionDigits: n, maximumFractionDigits: n },
      )),
    );
  }
  return f;
}
