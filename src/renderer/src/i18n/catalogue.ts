import { isolateDirection, showControls } from '../../../shared/text';
/** A catalogue is a tree of strings; leaves are looked up by dotted key ("workspaces.add"). */
export interface CatalogueTree {
  [key: string]: string | CatalogueTree;
}

export function flattenCatalogue(
  tree: CatalogueTree,
  prefix = '',
  out = new Map<string, string>(),
): Map<string, string> {
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else flattenCatalogue(v, key, out);
  }
  return out;
}

/**
 * The catalogue key of a value that comes from Klaviyo or the service ("Cancelled: No Recipients",
 * "Added to List", "mobile_push"): lower case, every run of other characters one "_".
 */
export function valueKey(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

/** The label of a value in a catalogue group, or the value itself, made readable, when the catalogue lacks it. */
export function labelOf(t: (key: string) => string, group: string, value: string): string {
  for (const key of [`${group}.${value}`, `${group}.${valueKey(value)}`]) {
    const found = t(key);
    if (found !== key) return found;
  }
  // a value newer than the catalogue: Klaviyo's own words read better than nothing
  return value.replace(/[-_]/g, ' ');
}

const PLACEHOLDER = /\{(\w+)\}/g;

export type TParams = Record<string, string | number>;

/**
 * Looks a key up in the locale's catalogue, then in the fallback; picks a plural form when `count` is given;
 * fills `{name}` placeholders. Numbers in params are formatted for the locale so "1 234 items" reads right.
 */
export function translate(
  locale: string,
  primary: Map<string, string>,
  fallback: Map<string, string>,
  key: string,
  params?: TParams,
): string {
  let template: string | undefined;
  if (params && typeof params.count === 'number') {
    const category = new Intl.PluralRules(locale).select(params.count);
    template =
      primary.get(`${key}_${category}`) ??
      primary.get(`${key}_other`) ??
      fallback.get(`${key}_${new Intl.PluralRules('en').select(params.count)}`) ??
      fallback.get(`${key}_other`);
  }
  template ??= primary.get(key) ?? fallback.get(key);
  if (template === undefined) return key;
  if (!params) return template;
  const nf = new Intl.NumberFormat(locale);
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    // data set inside a sentence (a name, a value from Klaviyo) is its own direction run, like <bdi>
    return typeof value === 'number' ? nf.format(value) : isolateDirection(showControls(value));
  });
}
