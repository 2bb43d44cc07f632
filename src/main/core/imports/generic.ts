import type {
  ImportField,
  ImportKind,
  ImportMapping,
  ImportReason,
  ImportSource,
} from '../../../shared/contract/imports';
import { orderImportFields, profileImportFields, requiredImportFields } from '../../../shared/contract/imports';
import {
  columnsOf,
  CUSTOMER_COLUMNS,
  e164,
  isEmail,
  normaliseEmail,
  ORDER_COLUMNS,
  type ProfileRecord,
  type RowProblem,
} from './shopify';

/**
 * Any store's CSV, read through a column mapping (field → the header of its column). Profiles are checked and
 * de-duplicated like Shopify's customers (by email, and by external id when there is one); orders go through the
 * same order reader as Shopify's export, its columns looked up through the mapping.
 */

/** Header names a field is guessed from (compared without case, spaces, dashes or underscores). */
const GUESSES: Record<ImportField, string[]> = {
  email: ['email', 'emailaddress', 'e-mail', 'mail', 'customeremail'],
  external_id: ['externalid', 'customerid', 'id', 'userid', 'clientid'],
  phone_number: ['phone', 'phonenumber', 'mobile', 'telephone', 'tel'],
  first_name: ['firstname', 'givenname', 'first'],
  last_name: ['lastname', 'surname', 'familyname', 'last'],
  organization: ['organization', 'organisation', 'company'],
  city: ['city', 'town'],
  region: ['region', 'state', 'province'],
  country: ['country', 'countrycode'],
  zip: ['zip', 'zipcode', 'postcode', 'postalcode'],
  order_id: ['orderid', 'ordernumber', 'order', 'orderno', 'name'],
  date: ['date', 'orderdate', 'createdat', 'created', 'time', 'timestamp'],
  value: ['value', 'total', 'ordertotal', 'amount', 'revenue'],
  currency: ['currency', 'currencycode'],
  product: ['product', 'productname', 'item', 'itemname', 'lineitemname'],
  quantity: ['quantity', 'qty', 'lineitemquantity'],
  price: ['price', 'itemprice', 'unitprice', 'lineitemprice'],
  sku: ['sku', 'lineitemsku'],
};

const PROFILE_FIELDS: ImportField[] = [...profileImportFields];
const ORDER_FIELDS: ImportField[] = [...orderImportFields];

export const fieldsOf = (kind: ImportKind): ImportField[] => (kind === 'customers' ? PROFILE_FIELDS : ORDER_FIELDS);

const squash = (h: string) => h.toLowerCase().replace(/[\s_\-.]/g, '');

/** The mapping the header suggests: each field to the first column whose name is one of its usual names. */
export function guessMapping(kind: ImportKind, header: string[]): ImportMapping {
  const taken = new Set<string>();
  const out: ImportMapping = {};
  for (const field of fieldsOf(kind)) {
    const col = header.find((h) => !taken.has(h) && GUESSES[field].includes(squash(h)));
    if (col) {
      out[field] = col;
      taken.add(col);
    }
  }
  return out;
}

/** Fields the import needs that the mapping leaves out, or maps to a column the header does not have. */
export function missingFields(kind: ImportKind, mapping: ImportMapping, header: string[]): ImportField[] {
  const has = new Set(header.map((h) => h.trim().toLowerCase()));
  const mapped = (f: ImportField) => !!mapping[f] && has.has(mapping[f].trim().toLowerCase());
  const missing = requiredImportFields[kind].filter((f) => !mapped(f));
  // a profile needs someone to be: an email, a phone number or an external id column
  if (kind === 'customers' && !(['email', 'phone_number', 'external_id'] as const).some(mapped)) missing.push('email');
  return missing;
}

/** What the header says the file is: one of Shopify's exports, or a CSV of some other store (profiles by default). */
export function detectExport(header: string[]): { kind: ImportKind; source: ImportSource } {
  const cols = columnsOf(header);
  if (ORDER_COLUMNS.every((c) => cols.has(c))) return { kind: 'orders', source: 'shopify' };
  const shopifyCustomer = ['Accepts Email Marketing', 'Accepts Marketing', 'Total Spent', 'Default Address City'];
  if (CUSTOMER_COLUMNS.every((c) => cols.has(c)) && shopifyCustomer.some((c) => cols.has(c)))
    return { kind: 'customers', source: 'shopify' };
  const guessed = guessMapping('orders', header);
  const looksLikeOrders = guessed.order_id && guessed.value && guessed.date;
  return { kind: looksLikeOrders ? 'orders' : 'customers', source: 'generic' };
}

/**
 * The generic file's columns under the names the Shopify order reader asks for, so the one reader checks both:
 * "Name" is the mapped order id, "Created at" the date, and so on.
 */
const SHOPIFY_NAME_OF: Partial<Record<ImportField, string>> = {
  order_id: 'Name',
  email: 'Email',
  date: 'Created at',
  value: 'Total',
  currency: 'Currency',
  product: 'Lineitem name',
  quantity: 'Lineitem quantity',
  price: 'Lineitem price',
  sku: 'Lineitem sku',
};

export function mappedOrderColumns(mapping: ImportMapping, header: string[]): ReturnType<typeof columnsOf> {
  // only the mapped columns have names the reader asks for; every other column is nameless to it
  const renamed = header.map(() => '');
  for (const [field, shopifyName] of Object.entries(SHOPIFY_NAME_OF) as [ImportField, string][]) {
    const col = mapping[field]?.trim().toLowerCase();
    const i = col === undefined ? -1 : header.findIndex((h) => h.trim().toLowerCase() === col);
    if (i >= 0) renamed[i] = shopifyName;
  }
  return columnsOf(renamed);
}

/** A date as a person writes it in a spreadsheet: ISO 8601, "2024-03-05 14:22", or a bare day (taken as UTC). */
export function bareDay(raw: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw.trim());
  if (!m) return null;
  const [, y, mo, d] = m;
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return day.getUTCDate() === Number(d) && day.getUTCMonth() === Number(mo) - 1 ? `${y}-${mo}-${d}T00:00:00Z` : null;
}

/** One generic profile row: the profile, or the reason it is refused; duplicates by email, then external id. */
export function genericProfileRow(
  mapping: ImportMapping,
  header: string[],
  rec: { line: number; fields: string[] },
  seen: { emails: Map<string, number>; externalIds: Map<string, number> },
): { profile: ProfileRecord | null; problems: RowProblem[] } {
  const index = new Map(header.map((h, i) => [h.trim().toLowerCase(), i] as const));
  const cell = (f: ImportField) => {
    const col = mapping[f];
    const i = col === undefined ? undefined : index.get(col.trim().toLowerCase());
    return i === undefined ? '' : (rec.fields[i] ?? '').trim();
  };
  const problems: RowProblem[] = [];
  const reject = (reason: ImportReason, value: string | null, relatedLine: number | null = null) => ({
    profile: null,
    problems: [...problems, { line: rec.line, reason, severity: 'rejected' as const, value, relatedLine }],
  });
  const rawEmail = cell('email');
  const email = normaliseEmail(rawEmail);
  const externalId = cell('external_id');
  const rawPhone = cell('phone_number');
  const phone = rawPhone ? e164(rawPhone) : null;
  if (rawPhone && !phone)
    problems.push({ line: rec.line, reason: 'bad_phone', severity: 'warning', value: rawPhone, relatedLine: null });
  if (email && !isEmail(email)) return reject('bad_email', rawEmail);
  if (!email && !phone && !externalId) return reject('missing_identifier', null);
  const firstEmail = email ? seen.emails.get(email) : undefined;
  if (firstEmail !== undefined) return reject('duplicate_email', email, firstEmail);
  const firstId = externalId ? seen.externalIds.get(externalId) : undefined;
  if (firstId !== undefined) return reject('duplicate_external_id', externalId, firstId);
  if (email) seen.emails.set(email, rec.line);
  if (externalId) seen.externalIds.set(externalId, rec.line);
  const location: Record<string, string> = {};
  for (const f of ['city', 'region', 'country', 'zip'] as const) if (cell(f)) location[f] = cell(f);
  const attributes: Record<string, unknown> = {
    ...(email ? { email } : {}),
    ...(phone ? { phone_number: phone } : {}),
    ...(externalId ? { external_id: externalId } : {}),
    ...(cell('first_name') ? { first_name: cell('first_name') } : {}),
    ...(cell('last_name') ? { last_name: cell('last_name') } : {}),
    ...(cell('organization') ? { organization: cell('organization') } : {}),
    ...(Object.keys(location).length ? { location } : {}),
  };
  return { profile: { line: rec.line, attributes }, problems };
}
