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
  return {
    has: (n) => index.has(n.toLowerCase()),
    get(fields, ...names) {
      for (const n of names) {
        const i = index.get(n.toLowerCase());
        if (i !== undefined) return cleanCell(fields[i]);
      }
      return '';
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

function yes(v: string): boolean | null {
  const t = v.toLowerCase();
  if (['yes', 'true', '1', 'subscribed'].includes(t)) return true;
  if (['no', 'false', '0', 'not_subscribed', 'unsubscribed'].includes(t)) return false;
  return null;
}

/** One customers-export row: a profile, and the problems found (a `rejected` one means no profile). */
export function customerRow(
  cols: ReturnType<typeof columnsOf>,
  rec: { line: number; fields: string[] },
  seen: Map<string, number>,
): { profile: ProfileRecord | null; problems: RowProblem[] } {
  const f = rec.fields;
  const problems: RowProblem[] = [];
  const reject = (reason: ImportReason, value: string | null, relatedLine: number | null = null) => ({
    profile: null,
    problems: [...problems, { line: rec.line, reason, severity: 'rejected' as const, value, relatedLine }],
  });
  const rawEmail = cols.get(f, 'Email');
  const email = normaliseEmail(rawEmail);
  const rawPhone = cols.get(f, 'Phone', 'Default Address Phone');
  const phone = rawPhone ? e164(rawPhone) : null;
  if (rawPhone && !phone)
    problems.push({ line: rec.line, reason: 'bad_phone', severity: 'warning', value: rawPhone, relatedLine: null });
  if (email && !isEmail(email)) return reject('bad_email', rawEmail);
  if (!email && !phone) return reject('missing_identifier', null);
  if (email) {
    const first = seen.get(email);
    if (first !== undefined) return reject('duplicate_email', email, first);
    seen.set(email, rec.line);
  }
  const location: Record<string, string> = {};
  const put = (k: string, ...names: string[]) => {
    const v = cols.get(f, ...names);
    if (v) location[k] = v;
  };
  put('address1', 'Default Address Address1', 'Address1');
  put('address2', 'Default Address Address2', 'Address2');
  put('city', 'Default Address City', 'City');
  put('region', 'Default Address Province Code', 'Province Code', 'Province');
  put('country', 'Default Address Country Code', 'Country Code', 'Country');
  put('zip', 'Default Address Zip', 'Zip');
  const properties: Record<string, unknown> = {};
  const prop = (k: string, v: unknown) => {
    if (v !== null && v !== '' && v !== undefined) properties[k] = v;
  };
  prop('Shopify Customer ID', cols.get(f, 'Customer ID', 'ID'));
  prop('Accepts Email Marketing', yes(cols.get(f, 'Accepts Email Marketing', 'Accepts Marketing')));
  prop('Accepts SMS Marketing', yes(cols.get(f, 'Accepts SMS Marketing')));
  prop('Total Spent', money(cols.get(f, 'Total Spent')));
  prop('Total Orders', money(cols.get(f, 'Total Orders')));
  const tags = cols
    .get(f, 'Tags')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (tags.length) properties['Shopify Tags'] = tags;
  const attributes: Record<string, unknown> = {
    ...(email ? { email } : {}),
    ...(phone ? { phone_number: phone } : {}),
    ...(cols.get(f, 'First Name') ? { first_name: cols.get(f, 'First Name') } : {}),
    ...(cols.get(f, 'Last Name') ? { last_name: cols.get(f, 'Last Name') } : {}),
    ...(cols.get(f, 'Default Address Company', 'Company')
      ? { organization: cols.get(f, 'Default Address Company', 'Company') }
      : {}),
    ...(Object.keys(location).length ? { location } : {}),
    ...(Object.keys(properties).length ? { properties } : {}),
  };
  return { profile: { line: rec.line, attributes }, problems };
}

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

  return {
    /** the row's problems, and the order it completed (the previous one, when this row starts a new order) */
    row(rec: { line: number; fields: string[] }): { done: OrderRecord | null; problems: RowProblem[] } {
      const f = rec.fields;
      const name = cols.get(f, 'Name');
      const problem = (reason: ImportReason, value: string | null, relatedLine: number | null = null) => [
        { line: rec.line, reason, severity: 'rejected' as const, value, relatedLine },
      ];
      if (!name) return { done: null, problems: problem('missing_order_name', null) };
      if (name === current) {
        if (refused) return { done: null, problems: problem('order_rejected', name, refused.line) };
        item(f);
        return { done: null, problems: [] };
      }
      // a new order starts: the previous one is complete
      const done = close();
      current = name;
      refused = null;
      const first = seen.get(name);
      const refuse = (reason: ImportReason, value: string | null, related: number | null = null) => {
        refused = { name, line: rec.line };
        return { done, problems: problem(reason, value, related) };
      };
      if (first !== undefined) return refuse('duplicate_order', name, first);
      seen.set(name, rec.line);
      const rawEmail = cols.get(f, 'Email');
      const email = normaliseEmail(rawEmail);
      if (!email) return refuse('missing_identifier', null);
      if (!isEmail(email)) return refuse('bad_email', rawEmail);
      const rawDate = cols.get(f, 'Created at');
      const time = opts.date(rawDate);
      if (!time) return refuse('bad_date', rawDate);
      const t = Date.parse(time);
      if (t < EARLIEST || t > now + YEAR_MS) return refuse('date_out_of_range', rawDate);
      const rawTotal = cols.get(f, 'Total');
      const total = money(rawTotal);
      if (total === null) return refuse('bad_total', rawTotal);
      const currency = cols.get(f, 'Currency').toUpperCase();
      if (currency && !/^[A-Z]{3}$/.test(currency)) return refuse('bad_currency', cols.get(f, 'Currency'));
      open = { line: rec.line, name, email, time, total, currency: currency || 'USD', items: [] };
      item(f);
      return { done, problems: [] };
    },
    /** the last order, at the end of the file */
    end: (): OrderRecord | null => close(),
  };
}
