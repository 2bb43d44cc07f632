/**
 * Klaviyo requests built from checked records, within the bulk endpoints' limits (spec descriptions): a profile
 * import job takes ≤ 10,000 profiles, an event bulk create job ≤ 1,000 events, either ≤ 5 MB; one profile
 * ≤ 100 KB and one string ≤ 100 KB. A chunk stays under 4.5 MB so the envelope and escaping never push it over.
 */
export const LIMITS = {
  profilesPerJob: 10_000,
  eventsPerJob: 1_000,
  chunkBytes: 4_500_000,
  profileBytes: 100 * 1024,
  stringBytes: 100 * 1024,
};

/** One request's body (JSON text) and the file lines of its records, in order. */
export type Chunk = { records: number; lines: number[]; body: string };

type Part = { line: number; json: string };

function longestString(v: unknown): number {
  if (typeof v === 'string') return Buffer.byteLength(v);
  if (Array.isArray(v)) return v.reduce<number>((m, x) => Math.max(m, longestString(x)), 0);
  if (v && typeof v === 'object') return Object.values(v).reduce<number>((m, x) => Math.max(m, longestString(x)), 0);
  return 0;
}

/** Collects records into chunks; `add` is false when a record alone is over Klaviyo's per-record limits. */
export function chunker(kind: 'profiles' | 'events', limits = LIMITS) {
  const max = kind === 'profiles' ? limits.profilesPerJob : limits.eventsPerJob;
  let parts: Part[] = [];
  let bytes = 0;
  const done: Chunk[] = [];
  const wrap = (items: string) =>
    kind === 'profiles'
      ? `{"data":{"type":"profile-bulk-import-job","attributes":{"profiles":{"data":[${items}]}}}}`
      : `{"data":{"type":"event-bulk-create-job","attributes":{"events-bulk-create":{"data":[${items}]}}}}`;
  const flush = () => {
    if (!parts.length) return;
    done.push({
      records: parts.length,
      lines: parts.map((p) => p.line),
      body: wrap(parts.map((p) => p.json).join(',')),
    });
    parts = [];
    bytes = 0;
  };
  return {
    add(
      line: number,
      record: { attributes: Record<string, unknown> } | { email: string; event: Record<string, unknown> },
    ): boolean {
      const json =
        'attributes' in record
          ? JSON.stringify({ type: 'profile', attributes: record.attributes })
          : JSON.stringify({
              type: 'event-bulk-create',
              attributes: {
                profile: { data: { type: 'profile', attributes: { email: record.email } } },
                events: { data: [{ type: 'event', attributes: record.event }] },
              },
            });
      const size = Buffer.byteLength(json);
      // no string of a record is longer than the record's JSON: only a record above the limit is walked
      if (
        (kind === 'profiles' && size > limits.profileBytes) ||
        (size > limits.stringBytes && longestString(record) > limits.stringBytes)
      )
        return false;
      if (parts.length >= max || bytes + size + 1 > limits.chunkBytes) flush();
      parts.push({ line, json });
      bytes += size + 1;
      return true;
    },
    /** chunks completed since the last call (the last one only after `end`) */
    take(): Chunk[] {
      return done.splice(0);
    },
    end(): Chunk[] {
      flush();
      return done.splice(0);
    },
  };
}
