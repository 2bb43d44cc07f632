import type { ImportReason } from '../../../shared/contract/imports';

/**
 * Shopify's customers and orders exports, read by their header names (Shopify has renamed and reordered columns
 * over the years: "Accepts Marketing" became "Accepts Email Marketing", addresses gained a "Default Address"
 * prefix), checked the way Klaviyo will check them, so a row Klaviyo would refuse is reported here with its line.
 */

export type RowProblem = {
  line: number;
  reason: ImportReason;
  severity: 'rejected' | 'warning';
  value: string | null;
  relatedLine: number | null;
};

export type ProfileRecord = { line: number; attributes: Record<string, unknown> };
export type OrderRecord = { line: number; email: string; event: Record<string, unknown> };

/** Klaviyo refuses an address it cannot deliver to; the same rule as its import (one @, a dotted domain). */
const EMAIL_RE = /^[^\s@"<>(),;:\\[\]]+@[^\s@"<>(),;:\\[\]]+\.[A-Za-z]{2,}$/;

export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

export function isEmail(v: string): boolean {
  return EMAIL_RE.test(v) && !v.includes('..');
}

/** Shopify prefixes phone numbers (and zip codes) with an apostrophe so spreadsheets keep them as text. */
function cleanCell(v: string | undefined): string {
  const t = (v ?? '').trim();
  return t.startsWith("'") ? t.slice(1).trim() : t;
}

/** E.164 as Klaviyo takes it: +, country code, 7–15 digits in all; spaces, dashes, dots and brackets dropped. */
export function e164(raw: string): string | null {
  const digits = raw.replace(/[\s\-.()]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(digits) ? digits : null;
}

/** A row's cells by header name (case and surrounding spaces ignored; the first of several names that exists). */
export function columnsOf(header: string[]): {
  get: (fields: string[], ...names: string[]) => string;
  has: (n: string) => boolean;
} {
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const k = h.trim().toLowerCase();
    if (!index.has(k)) index.set(k, i);
  });
  // which column a list of names resolves to, found once: a row asks for some twenty of them
  const resolved = new Map<string, number>();
  const columnOf = (names: string[]): number => {
    const key = names.length === 1 ? names[0]! : names.join('\u0000');
    let i = resolved.get(key);
    if (i === undefined) {
      i = -1;
      for (const n of names) {
        const at = index.get(n.toLowerCase());
        if (at !== undefined) {
          i = at;
          break;
        }
      }
      resolved.set(key, i);
    }
    return i;
  };
  return {
    has: (n) => index.has(n.toLowerCase()),
    get(fields, ...names) {
      const i = columnOf(names);
      return i < 0 ? '' : cleanCell(fields[i]);
    },
  };
}

export const CUSTOMER_COLUMNS = ['Email'];
export const ORDER_COLUMNS = ['Name', 'Email', 'Created at', 'Total', 'Lineitem name'];

function money(v: string): number | null {
  if (!v) return null;
  const n = Number(v.replace(/,/g, ''));
  return Number.isFinite(n) ? n : null;
}

const YES = new Set(['yes', 'true', '1', 'subscribed']);
const NO = new Set(['no', 'false', '0', 'not_subscribed', 'unsubscribed']);

function yes(v: string): boolean | null {
  const t = v.toLowerCase();
  return YES.has(t) ? true : NO.has(t) ? false : null;
}

/** where a customers-export row's location and properties come from: the first header name present wins */
const LOCATION: [string, string[]][] = [
  ['address1', ['Default Address Address1', 'Address1']],
  ['address2', ['Default Address Address2', 'Address2']],
  ['city', ['Default Address City', 'City']],
  ['region', ['Default Address Province Code', 'Province Code', 'Province']],
  ['country', ['Default Address Country Code', 'Country Code', 'Country']],
  ['zip', ['Default Address Zip', 'Zip']],
];

const rejected = (line: number, reason: ImportReason, value: string | null, relatedLine: number | null = null) => ({
  line,
  reason,
  severity: 'rejected' as const,
  value,
  relatedLine,
});

/**
 * One customers-export row: a profile, and the problems found (a `rejected` one means no profile). Called once per
 * row of files of tens of thousands: no closures or throwaway arrays are made per row.
 */
export function customerRow(
  cols: ReturnType<typeof columnsOf>,
  rec: { line: number; fields: string[] },
  seen: Map<string, number>,
): { profile: ProfileRecord | null; problems: RowProblem[] } {
  const f = rec.fields;
  const problems: RowProblem[] = [];
  const rawEmail = cols.get(f, 'Email');
  const email = normaliseEmail(rawEmail);
  const rawPhone = cols.get(f, 'Phone', 'Default Address Phone');
  const phone = rawPhone ? e164(rawPhone) : null;
  if (rawPhone && !phone)
    problems.push({ line: rec.line, reason: 'bad_phone', severity: 'warning', value: rawPhone, relatedLine: null });
  if (email && !isEmail(email)) {
    problems.push(rejected(rec.line, 'bad_email', rawEmail));
    return { profile: null, problems };
  }
  if (!email && !phone) {
    problems.push(rejected(rec.line, 'missing_identifier', null));
    return { profile: null, problems };
  }
  if (email) {
    const first = seen.get(email);
    if (first !== undefined) {
      problems.push(rejected(rec.line, 'duplicate_email', email, first));
      return { profile: null, problems };
    }
    seen.set(email, rec.line);
  }
  let location: Record<string, string> | null = null;
  for (const [k, names] of LOCATION) {
    const v = cols.get(f, ...names);
    if (v) (location ??= {})[k] = v;
  }
  let properties: Record<string, unknown> | null = null;
  const id = cols.get(f, 'Customer ID', 'ID');
  if (id) (properties ??= {})['Shopify Customer ID'] = id;
  const accepts = yes(cols.get(f, 'Accepts Email Marketing', 'Accepts Marketing'));
  if (accepts !== null) (properties ??= {})['Accepts Email Marketing'] = accepts;
  const acceptsSms = yes(cols.get(f, 'Accepts SMS Marketing'));
  if (acceptsSms !== null) (properties ??= {})['Accepts SMS Marketing'] = acceptsSms;
  const spent = money(cols.get(f, 'Total Spent'));
  if (spent !== null) (properties ??= {})['Total Spent'] = spent;
  const orders = money(cols.get(f, 'Total Orders'));
  if (orders !== null) (properties ??= {})['Total Orders'] = orders;
  const tags: string[] = [];
  for (const t of cols.get(f, 'Tags').split(',')) {
    const tag = t.trim();
    if (tag) tags.push(tag);
  }
  if (tags.length) (properties ??= {})['Shopify Tags'] = tags;
  const attributes: Record<string, unknown> = {};
  if (email) attributes.email = email;
  if (phone) attributes.phone_number = phone;
  const firstName = cols.get(f, 'First Name');
  if (firstName) attributes.first_name = firstName;
  const lastName = cols.get(f, 'Last Name');
  if (lastName) attributes.last_name = lastName;
  const organization = cols.get(f, 'Default Address Company', 'Company');
  if (organization) attributes.organization = organization;
  if (location) attributes.location = location;
  if (properties) attributes.properties = properties;
  return { profile: { line: rec.line, attributes }, problems };
}

/** shared by the rows that have no problem: never written to */
const NONE = Object.freeze([]) as unknown as RowProblem[];
const CURRENCY_RE = /^[A-Z]{3}$/;
const EARLIEST = Date.parse('1990-01-01T00:00:00Z');
const YEAR_MS = 365 * 86_400_000;

/** "2024-03-05 14:22:31 -0500" (Shopify's export) or ISO 8601 → ISO 8601 with its offset; null when unreadable. */
export function shopifyDate(raw: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(raw.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, z] = m;
  const offset = !z || z === 'Z' ? 'Z' : z.includes(':') ? z : `${z.slice(0, 3)}:${z.slice(3)}`;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${offset}`;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  // Date.parse rolls 2024-02-30 over to March: a day the calendar does not have is unreadable
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (day.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59) return null;
  return iso;
}

type OpenOrder = {
  line: number;
  name: string;
  email: string;
  time: string;
  total: number;
  currency: string;
  items: { name: string; quantity: number; price: number | null; sku: string | null }[];
};

/**
 * Shopify's orders export: one row per line item; the order's own fields (email, date, total, currency) are on its
 * first row only, and the rows of one order are consecutive. Each order becomes one "Placed Order" event carrying
 * its value and items, de-duplicated by the order's name (Klaviyo's `unique_id`, so a re-import never counts an
 * order twice either).
 */
export function orderReader(
  cols: ReturnType<typeof columnsOf>,
  now: number,
  /** a generic CSV: its own name in the events, and bare days ("2024-03-05") taken as dates too */
  opts: { source: string; date: (raw: string) => string | null } = { source: 'Shopify export', date: shopifyDate },
) {
  const seen = new Map<string, number>();
  let open: OpenOrder | null = null;
  /** the order the rows being read belong to was refused: its remaining line items are reported with it */
  let refused: { name: string; line: number } | null = null;
  let current: string | null = null;

  const close = (): OrderRecord | null => {
    const o = open;
    open = null;
    if (!o) return null;
    const event: Record<string, unknown> = {
      properties: {
        OrderId: o.name,
        ItemNames: o.items.map((i) => i.name),
        Items: o.items.map((i) => ({
          ProductName: i.name,
          Quantity: i.quantity,
          ...(i.price !== null ? { ItemPrice: i.price } : {}),
          ...(i.sku ? { SKU: i.sku } : {}),
        })),
        Source: opts.source,
      },
      time: o.time,
      value: o.total,
      value_currency: o.currency,
      unique_id: o.name,
      metric: { data: { type: 'metric', attributes: { name: 'Placed Order' } } },
    };
    return { line: o.line, email: o.email, event };
  };

  const item = (f: string[]) => {
    const name = cols.get(f, 'Lineitem name');
    if (!name || !open) return;
    const q = Number(cols.get(f, 'Lineitem quantity') || '1');
    open.items.push({
      name,
      quantity: Number.isFinite(q) ? q : 1,
      price: money(cols.get(f, 'Lineitem price')),
      sku: cols.get(f, 'Lineitem sku') || null,
    });
  };

  /** opens the order a row starts, or the reason it is refused (its later line items are refused with it) */
  const newOrder = (rec: { line: number; fields: string[] }, name: string): RowProblem | null => {
    const f = rec.fields;
    const first = seen.get(name);
    if (first !== undefined) return rejected(rec.line, 'duplicate_order', name, first);
    seen.set(name, rec.line);
    const rawEmail = cols.get(f, 'Email');
    const email = normaliseEmail(rawEmail);
    if (!email) return rejected(rec.line, 'missing_identifier', null);
    if (!isEmail(email)) return rejected(rec.line, 'bad_email', rawEmail);
    const rawDate = cols.get(f, 'Created at');
    const time = opts.date(rawDate);
    if (!time) return rejected(rec.line, 'bad_date', rawDate);
    const t = Date.parse(time);
    if (t < EARLIEST || t > now + YEAR_MS) return rejected(rec.line, 'date_out_of_range', rawDate);
    const rawTotal = cols.get(f, 'Total');
    const total = money(rawTotal);
    if (total === null) return rejected(rec.line, 'bad_total', rawTotal);
    const currency = cols.get(f, 'Currency').toUpperCase();
    if (currency && !CURRENCY_RE.test(currency)) return rejected(rec.line, 'bad_currency', cols.get(f, 'Currency'));
    open = { line: rec.line, name, email, time, total, currency: currency || 'USD', items: [] };
    return null;
  };

  return {
    /** the row's problems, and the order it completed (the previous one, when this row starts a new order) */
    row(rec: { line: number; fields: string[] }): { done: OrderRecord | null; problems: RowProblem[] } {
      const f = rec.fields;
      const name = cols.get(f, 'Name');
      if (!name) return { done: null, problems: [rejected(rec.line, 'missing_order_name', null)] };
      if (name === current) {
        if (refused) return { done: null, problems: [rejected(rec.line, 'order_rejected', name, refused.line)] };
        item(f);
        return { done: null, problems: NONE };
      }
      // a new order starts: the previous one is complete
      const done = close();
      current = name;
      refused = null;
      const problem = newOrder(rec, name);
      if (problem) {
        refused = { name, line: rec.line };
        return { done, problems: [problem] };
      }
      item(f);
      return { done, problems: NONE };
    },
    /** the last order, at the end of the file */
    end: (): OrderRecord | null => close(),
  };
}
