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

/** A report language flag's value: en or pl; undefined when not given (the service then uses the app's language). */
export function language(value: string | undefined): Language | undefined {
  if (value === undefined) return undefined;
  const r = LanguageSchema.safeParse(value);
  if (!r.success)
    throw new AppError('validation', `--lang must be one of ${LANGUAGES.join(', ')}.`, {
      details: { flag: 'lang', value },
    });
  return r.data;
}
