import { AppError } from '../../../shared/errors';
import type { KlaviyoClient, QueryInput } from './client';
import { buildFilter, newerThanOperator, type FilterTerm } from './filter';
import { pageSizeFor, type ResourceDef } from './resources';

function toDate(d: Date | string): Date {
  const date = d instanceof Date ? d : new Date(d);
  if (Number.isNaN(date.getTime())) throw new AppError('validation', `Not a valid "since" timestamp: ${String(d)}`);
  return date;
}

/**
 * The query of one listing of `def` in one partition: page size, the partition's `equals` terms, include and
 * additional fields, and with `since` the strictest newer-than term the operation allows on the definition's
 * cursor field (top-level listings only; a child listing is scoped by its parent). Every term is checked
 * against the operation's declared filters before anything is sent.
 */
export function listQuery(
  client: Pick<KlaviyoClient, 'operations'>,
  def: ResourceDef,
  partitionValues: Record<string, string | boolean>,
  since?: Date | string,
): QueryInput {
  const op = client.operations.get(def.operationId);
  const q: QueryInput = {};
  const size = pageSizeFor(def, client.operations);
  if (size !== null) q['page[size]'] = size;
  const terms: FilterTerm[] = [];
  for (const dim of def.partitions ?? []) {
    const value = partitionValues[dim.name];
    if (value !== undefined) terms.push({ op: 'equals', field: dim.field, value });
  }
  if (since !== undefined && def.cursorField && !def.parent) {
    const operator = newerThanOperator(op, def.cursorField);
    if (operator) terms.push({ op: operator, field: def.cursorField, value: toDate(since) });
  }
  const filter = buildFilter(op, terms);
  if (filter) q.filter = filter;
  if (def.include?.length) q.include = def.include.join(',');
  for (const [type, fields] of Object.entries(def.additionalFields ?? {}))
    q[`additional-fields[${type}]`] = fields.join(',');
  return q;
}
