/** Locale-aware formatting through Intl only, so Polish and English read naturally without extra libraries. */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function createFormatters(locale: string, t: Translate) {
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const dateOnly = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
  const num = new Intl.NumberFormat(locale);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const toDate = (v: string | number | Date) => (v instanceof Date ? v : new Date(v));
  // calendar days (YYYY-MM-DD) are read and shown in UTC: a day has no time, so no time zone may move it
  const dayShort = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const dayMedium = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const utcDay = (iso: string) => new Date(`${iso}T00:00:00Z`);

  const relative = (v: string | number | Date, now = Date.now()): string => {
    const diffSec = Math.round((toDate(v).getTime() - now) / 1000);
    const abs = Math.abs(diffSec);
    if (abs < 45) return rtf.format(0, 'second');
    if (abs < 3600) return rtf.format(Math.round(diffSec / 60), 'minute');
    if (abs < 86_400) return rtf.format(Math.round(diffSec / 3600), 'hour');
    if (abs < 7 * 86_400) return rtf.format(Math.round(diffSec / 86_400), 'day');
    return dateOnly.format(toDate(v));
  };

  /** "1 h 5 min" style, compact; for ETAs and run durations. */
  const duration = (ms: number): string => {
    if (!Number.isFinite(ms) || ms < 0) return '—';
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
    if (!Number.isFinite(ms) || ms < 0) return '—';
    if (ms < 1000) return `${num.format(Math.round(ms))} ms`;
    if (ms < 60_000) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(ms / 1000)} s`;
    const m = Math.floor(ms / 60_000);
    const s = Math.round((ms % 60_000) / 1000);
    return `${num.format(m)} min ${String(s).padStart(2, '0')} s`;
  };

  return {
    dateTime: (v: string | number | Date) => dateTime.format(toDate(v)),
    date: (v: string | number | Date) => dateOnly.format(toDate(v)),
    time: (v: string | number | Date) => time.format(toDate(v)),
    relative,
    number: (n: number) => num.format(n),
    percent: (n: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(n),
    currency: (n: number, currency: string, opts: { compact?: boolean } = {}) =>
      new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        ...(opts.compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
      }).format(n),
    /** A calendar day (YYYY-MM-DD): "Aug 27" short, "Aug 27, 2026" medium. */
    day: (iso: string, style: 'short' | 'medium' = 'medium') =>
      (style === 'short' ? dayShort : dayMedium).format(utcDay(iso)),
    /** Two calendar days as one range ("Aug 24 – 30, 2026"); one day when they are the same. */
    dayRange: (from: string, to: string) =>
      from === to ? dayMedium.format(utcDay(from)) : dayMedium.formatRange(utcDay(from), utcDay(to)),
    duration,
    durationShort,
  };
}

export type Formatters = ReturnType<typeof createFormatters>;
