import { invalidBody } from '../errors';

export type ReportFilter = { field: string; op: string; values: string[] };

/**
 * Parses the Reporting API's filter string: clauses such as equals(flow_id,"X") or contains-any(flow_id,["a","b"]),
 * joined by and(...) or commas. Only AND is allowed, one clause per attribute.
 */
export function parseReportFilter(text: unknown, allowed: Record<string, string[]>, maxList = 100): ReportFilter[] {
  if (text === undefined || text === null || text === '') return [];
  if (typeof text !== 'string') throw invalidBody('/data/attributes/filter', 'filter must be a string.');
  let s = text.trim();
  const and = /^and\((.*)\)$/s.exec(s);
  if (and) s = and[1]!;
  const clauses: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = '';
  for (const ch of s) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    if (ch === ',' && depth === 0 && !quote) {
      clauses.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) clauses.push(cur.trim());
  const out: ReportFilter[] = [];
  for (const c of clauses) {
    const m = /^([a-z-]+)\(([a-z_]+),(.*)\)$/s.exec(c);
    if (!m) throw invalidBody('/data/attributes/filter', `Invalid filter clause '${c}'.`);
    const [, op, field, raw] = m as unknown as [string, string, string, string];
    const ops = allowed[field];
    if (!ops) throw invalidBody('/data/attributes/filter', `Filtering on '${field}' is not supported.`);
    if (!ops.includes(op))
      throw invalidBody('/data/attributes/filter', `Operator '${op}' is not allowed on '${field}'.`);
    if (out.some((f) => f.field === field))
      throw invalidBody('/data/attributes/filter', `Only one filter per attribute ('${field}').`);
    let values: string[];
    const v = raw.trim();
    if (v.startsWith('[')) {
      try {
        values = JSON.parse(v.replace(/'/g, '"')) as string[];
      } catch {
        throw invalidBody('/data/attributes/filter', `Invalid list in '${c}'.`);
      }
      if (!Array.isArray(values) || values.length > maxList)
        throw invalidBody('/data/attributes/filter', `A list filter allows at most ${maxList} values.`);
      values = values.map(String);
    } else values = [v.replace(/^["']|["']$/g, '')];
    out.push({ field, op, values });
  }
  return out;
}

export function matches(filters: ReportFilter[], row: Record<string, string>): boolean {
  return filters.every((f) => f.values.includes(row[f.field] ?? ''));
}
