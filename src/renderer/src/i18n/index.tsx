import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { en } from './en';
import { pl } from './pl';
import { flattenCatalogue, labelOf, translate, type CatalogueTree, type TParams } from './catalogue';
import { createFormatters, type Formatters } from './format';

export const locales = ['en', 'pl'] as const;
export type Locale = (typeof locales)[number];
export const localeNames: Record<Locale, string> = { en: 'English', pl: 'Polski' };

const catalogues: Record<Locale, Map<string, string>> = {
  en: flattenCatalogue(en as unknown as CatalogueTree),
  pl: flattenCatalogue(pl),
};

const STORAGE_KEY = 'kad.locale';

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && (locales as readonly string[]).includes(saved)) return saved as Locale;
  } catch {
    // storage can be unavailable (private mode); the browser language decides then
  }
  return typeof navigator !== 'undefined' && navigator.language?.toLowerCase().startsWith('pl') ? 'pl' : 'en';
}

export interface I18n {
  locale: Locale;
  setLocale: (l: Locale) => void;
  t: (key: string, params?: TParams) => string;
  /** the label of a value from the service (resource, status, channel…), or the value itself when the catalogue lacks it */
  label: (group: string, value: string) => string;
  fmt: Formatters;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children, locale: forced }: { children: ReactNode; locale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(forced ?? initialLocale());
  const setLocale = useCallback((l: Locale) => {
    setLocaleState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // not persisted; still applied for this session
    }
  }, []);
  const value = useMemo<I18n>(() => {
    const t = (key: string, params?: TParams) => translate(locale, catalogues[locale], catalogues.en, key, params);
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
    const label = (group: string, value: string) => labelOf(t, group, value);
    return { locale, setLocale, t, label, fmt: createFormatters(locale, t) };
  }, [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}

/** Exposed for the catalogue consistency test. */
export const catalogueMaps = catalogues;
