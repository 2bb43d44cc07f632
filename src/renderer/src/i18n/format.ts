/** Locale-aware formatting through Intl only, so Polish and English read naturally without extra libraries. */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** A date the formatters can read, or null: an unparseable string or an out-of-range value is not a date. */
export function readDate(v: unknown): Date | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v === 'number') return Number.isFinite(v) ? readDate(new Date(v)) : null;
  // Klaviyo's date-time fields carry any string; only the first 64 characters can be a date JavaScript reads
  if (typeof v === 'string' && v.trim() && v.length <= 64) return readDate(new Date(v));
  if (typeof v === 'string' && v.length > 64) return readLongIso(v);
  return null;
}

/** a valid ISO date-time with a long fraction of a second: read without the digits past milliseconds */
function readLongIso(v: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(v);
  if (!m) return null;
  return readDate(new Date(`${m[1]}${m[2] ? `.${m[2].slice(0, 3)}` : ''}${m[3]}`));
}

/**
 * Every formatter answers something readable for any value: a date it cannot read is "unknown date", a number
 * that is not finite is "—", an unknown currency is the number and its code. One odd value from Klaviyo then
 * shows as such in its cell, and never takes its page down.
 */
export function createFormatters(locale: string, t: Translate) {
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const dateOnly = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
  const num = new Intl.NumberFormat(locale);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const unknownDate = () => t('format.unknownDate');
  const none = '—';
  /** formats a readable date, or says it cannot be read */
  const safeDate =
    (fmt: (d: Date) => string) =>
    (v: string | number | Date | null | undefined): string => {
      const d = readDate(v);
      if (!d) return unknownDate();
      try {
        return fmt(d);
      } catch {
        return unknownDate();
      }
    };
  // calendar days (YYYY-MM-DD) are read and shown in UTC: a day has no time, so no time zone may move it
  const dayShort = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const dayMedium = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const utcDay = (iso: string) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? readDate(`${iso}T00:00:00Z`) : null);

  const relative = (v: string | number | Date | null | undefined, now = Date.now()): string => {
    const d = readDate(v);
    if (!d) return unknownDate();
    const diffSec = Math.round((d.getTime() - now) / 1000);
    if (!Number.isFinite(diffSec)) return unknownDate();
    const abs = Math.abs(diffSec);
    if (abs < 45) return rtf.format(0, 'second');
    if (abs < 3600) return rtf.format(Math.round(diffSec / 60), 'minute');
    if (abs < 86_400) return rtf.format(Math.round(diffSec / 3600), 'hour');
    if (abs < 7 * 86_400) return rtf.format(Math.round(diffSec / 86_400), 'day');
    return dateOnly.format(d);
  };

  /** "1 h 5 min" style, compact; for ETAs and run durations. */
  const duration = (ms: number): string => {
    if (!Number.isFinite(ms) || ms < 0) return none;
    const s = Math.round(ms / 1000);
    if (s < 1) return `${num.format(Math.max(0, Math.round(ms)))} ms`;
    if (s < 60) return t('units.seconds', { count: s });
    const m = Math.floor(s / 60);
    const rs = s % 60;
    if (m < 60)
      return rs
        ? `${t('units.minutes', { count: m })} ${t('units.seconds', { count: rs })}`
        : t('units.minutes', { count: m });
    const h = Math.floor(m / 60);
    const rm = m % 60;
    return rm
      ? `${t('units.hours', { count: h })} ${t('units.minutes', { count: rm })}`
      : t('units.hours', { count: h });
  };

  /** Compact duration for table cells: 12.3 s, 4 min 05 s. */
  const durationShort = (ms: number): string => {
    if (!Number.isFinite(ms) || ms < 0) return none;
    if (ms < 1000) return `${num.format(Math.round(ms))} ms`;
    if (ms < 60_000) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(ms / 1000)} s`;
    const m = Math.floor(ms / 60_000);
    const s = Math.round((ms % 60_000) / 1000);
    return `${num.format(m)} min ${String(s).padStart(2, '0')} s`;
  };

  const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

  return {
    dateTime: safeDate((d) => dateTime.format(d)),
    date: safeDate((d) => dateOnly.format(d)),
    time: safeDate((d) => time.format(d)),
    relative,
    number: (n: number) => (finite(n) ? num.format(n) : none),
    percent: (n: number) =>
      finite(n) ? new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(n) : none,
    currency: (n: number, currency: string, opts: { compact?: boolean } = {}) => {
      if (!finite(n)) return none;
      try {
        return new Intl.NumberFormat(locale, {
          style: 'currency',
          currency,
          ...(opts.compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
        }).format(n);
      } catch {
        // a currency code Intl does not know: the amount and the code as the account gave it
        return `${num.format(n)} ${String(currency).slice(0, 8)}`;
      }
    },
    /** A calendar day (YYYY-MM-DD): "Aug 27" short, "Aug 27, 2026" medium. */
    day: (iso: string, style: 'short' | 'medium' = 'medium') => {
      const d = utcDay(iso);
      return d ? (style === 'short' ? dayShort : dayMedium).format(d) : unknownDate();
    },
    /** Two calendar days as one range ("Aug 24 – 30, 2026"); one day when they are the same. */
    dayRange: (from: string, to: string) => {
      const a = utcDay(from);
      const b = utcDay(to);
      if (!a || !b) return unknownDate();
      if (from === to) return dayMedium.format(a);
      try {
        return dayMedium.formatRange(a, b);
      } catch {
        // a range that ends before it starts
        return `${dayMedium.format(a)} – ${dayMedium.format(b)}`;
      }
    },
    duration,
    durationShort,
    /** a size on disk in the largest unit under 1,000 of it: "812 kB", "1.4 GB" */
    bytes: (n: number) => {
      if (!finite(n)) return none;
      const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'];
      let i = 0;
      let v = n;
      for (; v >= 1000 && i < units.length - 1; i++) v /= 1000;
      return new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: units[i],
        unitDisplay: 'short',
        maximumFractionDigits: i === 0 ? 0 : 1,
      }).format(v);
    },
  };
}

export type Formatters = ReturnType<typeof createFormatters>;
