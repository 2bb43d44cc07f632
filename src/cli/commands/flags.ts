import { AppError } from '../../shared/errors';
import { LANGUAGES, LanguageSchema, type Language } from '../../shared/contract/primitives';
import type { CliFlag } from './types';

export const WORKSPACE_FLAG: CliFlag = {
  flag: '--workspace NAME',
  text: 'the workspace, by its name (case-insensitive) or id',
};

export function required(value: string | undefined, flag: string): string {
  if (!value) throw new AppError('validation', `--${flag} is required.`, { details: { flag } });
  return value;
}

export function positiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new AppError('validation', `--${flag} must be a positive whole number (got "${value}").`, {
      details: { flag, value },
    });
  }
  return n;
}

/** a flag's value parsed by its schema, or a `validation` error listing what it may be */
export function choice<T>(
  value: string | undefined,
  flag: string,
  parse: (v: string) => { success: boolean; data?: T },
  allowed: readonly string[],
): T | undefined {
  if (value === undefined) return undefined;
  const r = parse(value);
  if (!r.success) {
    throw new AppError('validation', `--${flag} must be one of ${allowed.join(', ')}.`, { details: { flag, value } });
  }
  return r.data;
}

/** A report language flag's value: en or pl; undefined when not given (the service then uses the app's language). */
export function language(value: string | undefined): Language | undefined {
  return choice(value, 'lang', (v) => LanguageSchema.safeParse(v), LANGUAGES);
}
