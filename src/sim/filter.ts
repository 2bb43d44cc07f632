import type { FilterFieldSpec, OperationSpec } from '../main/core/klaviyo/spec/operations';
import { invalidParam } from './errors';

/** One parsed condition, e.g. equals(status,'live'). */
export type FilterClause = {
  operator: string;
  field: string;
  /** undefined for no-value operators such as has(profile) */
  value?: FilterValue;
};

export type FilterValue = string | number | boolean | null | { datetime: number; raw: string } | FilterValue[];

const OPERATORS = new Set([
  'equals',
  'any',
  'contains',
  'contains-any',
  'contains-all',
  'starts-with',
  'ends-with',
  'greater-than',
  'greater-or-equal',
  'less-than',
  'less-or-equal',
  'has',
]);

const DATETIME_RE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

function bad(detail: string): never {
  throw invalidParam('filter', detail);
}

/** A small recursive-descent parser for Klaviyo's filter syntax. */
class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): FilterClause[] {
    const out = this.list();
    this.ws();
    if (this.i < this.s.length) bad(`Invalid filter provided: unexpected "${this.s.slice(this.i, this.i + 20)}".`);
    return out;
  }

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  private list(): FilterClause[] {
    const out: FilterClause[] = [];
    for (;;) {
      out.push(...this.expr());
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      return out;
    }
  }

  private ident(): string {
    this.ws();
    const m = /^[A-Za-z_][A-Za-z0-9_.\-$]*/.exec(this.s.slice(this.i));
    if (!m) bad(`Invalid filter provided at position ${this.i}.`);
    this.i += m[0].length;
    return m[0];
  }

  private expect(ch: string): void {
    this.ws();
    if (this.s[this.i] !== ch) bad(`Invalid filter provided: expected "${ch}" at position ${this.i}.`);
    this.i++;
  }

  private expr(): FilterClause[] {
    const name = this.ident();
    this.expect('(');
    if (name === 'and') {
      const inner = this.list();
      this.expect(')');
      return inner;
    }
    if (name === 'or' || name === 'not') bad(`The "${name}" operator is not supported for this filter.`);
    if (!OPERATORS.has(name)) bad(`"${name}" is not a valid filter operator.`);
    const field = this.ident();
    this.ws();
    let value: FilterValue | undefined;
    if (this.s[this.i] === ',') {
      this.i++;
      value = this.value();
    }
    this.expect(')');
    return [{ operator: name, field, ...(value !== undefined ? { value } : {}) }];
  }

  private value(): FilterValue {
    this.ws();
    const c = this.s[this.i];
    if (c === '[') {
      this.i++;
      const items: FilterValue[] = [];
      this.ws();
      if (this.s[this.i] === ']') {
        this.i++;
        return items;
      }
      for (;;) {
        items.push(this.value());
        this.ws();
        if (this.s[this.i] === ',') {
          this.i++;
          continue;
        }
        this.expect(']');
        return items;
      }
    }
    if (c === "'" || c === '"') {
      this.i++;
      let out = '';
      while (this.i < this.s.length && this.s[this.i] !== c) {
        if (this.s[this.i] === '\\' && this.i + 1 < this.s.length) this.i++;
        out += this.s[this.i];
        this.i++;
      }
      if (this.s[this.i] !== c) bad('Invalid filter provided: unterminated string.');
      this.i++;
      return out;
    }
    const m = /^[^,()[\]\s]+/.exec(this.s.slice(this.i));
    if (!m) bad(`Invalid filter provided: expected a value at position ${this.i}.`);
    this.i += m[0].length;
    const raw = m[0];
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    if (raw === 'null') return null;
    if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
    if (DATETIME_RE.test(raw)) {
      const t = Date.parse(raw);
      if (Number.isNaN(t)) bad(`Invalid datetime "${raw}" in filter.`);
      return { datetime: t, raw };
    }
    bad(`Invalid filter value "${raw}": strings must be quoted.`);
  }
}

export function parseFilter(text: string): FilterClause[] {
  if (!text.trim()) bad('Invalid filter provided: empty filter.');
  return new Parser(text).parse();
}

function isDatetime(v: FilterValue | undefined): v is { datetime: number; raw: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'datetime' in v;
}

function checkScalar(field: string, spec: FilterFieldSpec, v: FilterValue): void {
  const t = spec.valueType;
  if (t === 'datetime') {
    if (typeof v === 'string') {
      if (DATETIME_RE.test(v)) bad(`Invalid datetime for field '${field}': datetime values must not be quoted.`);
      bad(`Invalid value for field '${field}': expected a datetime.`);
    }
    if (!isDatetime(v)) bad(`Invalid value for field '${field}': expected a datetime.`);
    return;
  }
  if (t === 'boolean') {
    if (typeof v !== 'boolean') bad(`Invalid value for field '${field}': expected a boolean (true or false).`);
    return;
  }
  if (t === 'integer' || t === 'number') {
    if (typeof v !== 'number' || (t === 'integer' && !Number.isInteger(v)))
      bad(`Invalid value for field '${field}': expected ${t === 'integer' ? 'an integer' : 'a number'}.`);
    return;
  }
  if (typeof v !== 'string') bad(`Invalid value for field '${field}': expected a quoted string.`);
  if (spec.valueEnum && !spec.valueEnum.includes(v))
    bad(`Invalid value '${v}' for field '${field}': must be one of ${spec.valueEnum.map((e) => `'${e}'`).join(', ')}.`);
}

/**
 * Parses and checks a filter against the operation's `x-klaviyo-filters`: unknown fields, operators the field does
 * not allow, values of the wrong type or outside the enum, quoted datetimes → 400 invalid, source.parameter=filter.
 */
export function parseAndValidateFilter(op: OperationSpec, text: string | null, resourceType: string): FilterClause[] {
  if (text === null) {
    if (op.filterRequired) bad(`A filter is required for this endpoint (${op.operationId}).`);
    return [];
  }
  if (!op.filters) throw invalidParam('filter', `Filtering is not supported for this endpoint.`);
  const clauses = parseFilter(text);
  for (const c of clauses) {
    const spec = op.filters[c.field];
    if (!spec) bad(`'${c.field}' is not a valid field for the resource '${resourceType}'.`);
    if (c.value === undefined) {
      if (!spec.noValue.includes(c.operator)) bad(`'${c.operator}' is not a valid operator for '${c.field}'.`);
      continue;
    }
    if (Array.isArray(c.value)) {
      if (!spec.list.includes(c.operator)) bad(`'${c.operator}' with a list is not a valid operator for '${c.field}'.`);
      for (const item of c.value) checkScalar(c.field, spec, item);
    } else {
      if (!spec.single.includes(c.operator)) bad(`'${c.operator}' is not a valid operator for '${c.field}'.`);
      checkScalar(c.field, spec, c.value);
    }
  }
  return clauses;
}

function norm(v: unknown): unknown {
  if (typeof v === 'string' && DATETIME_RE.test(v)) {
    const t = Date.parse(v);
    if (!Number.isNaN(t)) return t;
  }
  return v;
}

function plain(v: FilterValue): unknown {
  return isDatetime(v) ? v.datetime : v;
}

/** Whether a resolved field value satisfies one clause. */
export function matchClause(actual: unknown, clause: FilterClause): boolean {
  const { operator, value } = clause;
  if (operator === 'has') return actual !== undefined && actual !== null;
  if (value === undefined) return false;
  const a = norm(actual);
  if (Array.isArray(value)) {
    const set = value.map(plain);
    if (operator === 'any' || operator === 'equals' || operator === 'contains-any') {
      if (Array.isArray(a)) return a.some((x) => set.includes(norm(x)));
      return set.includes(a);
    }
    if (operator === 'contains-all') return Array.isArray(a) && set.every((x) => a.map(norm).includes(x));
    return false;
  }
  const b = plain(value);
  switch (operator) {
    case 'equals':
      return Array.isArray(a) ? a.map(norm).includes(b) : a === b;
    case 'contains':
      if (Array.isArray(a)) return a.includes(b);
      return typeof a === 'string' && typeof b === 'string' && a.toLowerCase().includes(b.toLowerCase());
    case 'starts-with':
      return typeof a === 'string' && typeof b === 'string' && a.startsWith(b);
    case 'ends-with':
      return typeof a === 'string' && typeof b === 'string' && a.endsWith(b);
    case 'greater-than':
      return a !== undefined && a !== null && (a as number) > (b as number);
    case 'greater-or-equal':
      return a !== undefined && a !== null && (a as number) >= (b as number);
    case 'less-than':
      return a !== undefined && a !== null && (a as number) < (b as number);
    case 'less-or-equal':
      return a !== undefined && a !== null && (a as number) <= (b as number);
    default:
      return false;
  }
}
