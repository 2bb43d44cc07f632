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
    return typeof value === 'number' ? nf.format(value) : value;
  });
}
