/**
 * Local wall-clock arithmetic for one IANA time zone, with Intl only (no dependency). The daily sync is set as
 * "HH:MM local time", so the instant it means moves with DST and with the user's time zone.
 */

type Parts = { year: number; month: number; day: number; hour: number; minute: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function wallClock(instant: number, timeZone: string): Parts & { second: number } {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year!,
    month: out.month!,
    day: out.day!,
    hour: out.hour! % 24,
    minute: out.minute!,
    second: out.second!,
  };
}

/** UTC offset in ms of a time zone at an instant (local = utc + offset). */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant of a local wall-clock time. In the autumn fold (the time happens twice) the first occurrence;
 * in the spring gap (it never happens) the instant just after the gap, so a 02:30 sync on the night the clocks
 * jump from 02:00 to 03:00 runs at 03:30 local rather than not at all.
 */
export function instantOf(p: Parts, timeZone: string): number {
  const guess = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  const DAY = 86_400_000;
  const offsets = new Set([
    offsetAt(guess - DAY, timeZone),
    offsetAt(guess, timeZone),
    offsetAt(guess + DAY, timeZone),
  ]);
  const candidates = [...offsets].map((o) => guess - o);
  const exact = candidates.filter((t) => {
    const w = wallClock(t, timeZone);
    return w.year === p.year && w.month === p.month && w.day === p.day && w.hour === p.hour && w.minute === p.minute;
  });
  return exact.length > 0 ? Math.min(...exact) : Math.max(...candidates);
}

/** The calendar day `delta` days from a local date (month/year roll-over handled by Date.UTC). */
export function addDays(p: { year: number; month: number; day: number }, delta: number) {
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day + delta));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
