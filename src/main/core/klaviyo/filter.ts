import { AppError } from '../../../shared/errors';
import type { OperationSpec } from './spec/operations';

/**
 * Klaviyo filter expressions, checked against what the operation declares in `x-klaviyo-filters` before they
 * are sent: a field or operator the operation does not support is our bug, and it is better caught here than
 * as a 400 half-way through a sync.
 */

export type FilterValue = string | number | boolean | Date;

export type FilterTerm =
  | { op: string; field: string; value: FilterValue }
  | { op: string; field: string; values: FilterValue[] }
  | { op: string; field: string };

function formatValue(v: FilterValue, valueType: string): string {
  if (v instanceof Date) return v.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  // Datetimes must not be quoted (Klaviyo answers "invalid filter" to quoted datetimes).
  if (valueType === 'datetime') return v;
  return v.includes("'") ? JSON.stringify(v) : `'${v}'`;
}

function formatListValue(v: FilterValue): string {
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function fail(op: OperationSpec, message: string, details: Record<string, unknown>): never {
  throw new AppError('validation', `${op.operationId}: ${message}`, {
    details: { operationId: op.operationId, ...details },
  });
}

export function formatTerm(op: OperationSpec, term: FilterTerm): string {
  const spec = op.filters?.[term.field];
  if (!spec)
    fail(op, `cannot filter on "${term.field}"`, { field: term.field, allowed: Object.keys(op.filters ?? {}) });
  if ('values' in term) {
    if (!spec.list.includes(term.op)) fail(op, `"${term.op}" with a list is not allowed on ${term.field}`, { ...term });
    return `${term.op}(${term.field},[${term.values.map(formatListValue).join(',')}])`;
  }
  if ('value' in term) {
    if (!spec.single.includes(term.op))
      fail(op, `"${term.op}" is not allowed on ${term.field}`, { field: term.field, op: term.op });
    if (spec.valueEnum && typeof term.value === 'string' && !spec.valueEnum.includes(term.value)) {
      fail(op, `"${term.value}" is not a valid ${term.field}`, { field: term.field, allowed: spec.valueEnum });
    }
    return `${term.op}(${term.field},${formatValue(term.value, spec.valueType)})`;
  }
  if (!spec.noValue.includes(term.op))
    fail(op, `"${term.op}" is not allowed on ${term.field}`, { field: term.field, op: term.op });
  return `${term.op}(${term.field})`;
}

/** One filter string for several terms (and-ed); undefined when there are none. */
export function buildFilter(op: OperationSpec, terms: FilterTerm[]): string | undefined {
  if (!terms.length) return undefined;
  const parts = terms.map((t) => formatTerm(op, t));
  return parts.length === 1 ? parts[0] : `and(${parts.join(',')})`;
}

/** The strictest "newer than" operator the operation offers on a field (incremental sync). */
export function newerThanOperator(op: OperationSpec, field: string): 'greater-or-equal' | 'greater-than' | null {
  const spec = op.filters?.[field];
  if (!spec) return null;
  // greater-or-equal keeps same-second writes; greater-than is all lists/segments allow.
  if (spec.single.includes('greater-or-equal')) return 'greater-or-equal';
  if (spec.single.includes('greater-than')) return 'greater-than';
  return null;
}
