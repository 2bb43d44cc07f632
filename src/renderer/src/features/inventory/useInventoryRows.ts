import { useCallback, useEffect, useRef, useState } from 'react';
import type { InventoryRow } from '../../../../shared/contract/inventory';
import type { ChannelInput } from '../../../../shared/contract/channels';
import type { ErrorEnvelope } from '../../../../shared/errors';
import { toEnvelope } from '../../lib/errors';
import { rpc } from '../../lib/rpc';

// 200 rows is ~90 KB of JSON: small enough that a response's text and objects die young in V8's new space instead
// of landing in large-object space, which only a major GC (the longest task while scrolling) frees.
export const CHUNK = 200;
/**
 * Chunks kept in memory (6,000 rows). Scrolling a 20,000-row table end to end would otherwise keep every row
 * alive, and the page's major GC pauses — the longest tasks while scrolling — grow with the live heap.
 */
export const MAX_CHUNKS = 30;

/** Drops the chunks farthest from `around` until at most `max` are left (they are fetched again if needed). */
export function evictFarthest<T>(chunks: Map<number, T>, around: number, max: number): void {
  while (chunks.size > max) {
    let farthest = around;
    for (const k of chunks.keys()) if (Math.abs(k - around) > Math.abs(farthest - around)) farthest = k;
    if (farthest === around) return;
    chunks.delete(farthest);
  }
}

export type InventoryQuery = Omit<ChannelInput<'inventory:list'>, 'offset' | 'limit'>;

/**
 * Rows of one inventory query, fetched in chunks of 200 as the virtual list asks for them, so a 20,000-row
 * table costs one small request to open and a few more while scrolling. At most MAX_CHUNKS stay cached; a changed
 * query drops the cache.
 */
export function useInventoryRows(query: InventoryQuery) {
  const key = JSON.stringify(query);
  const chunks = useRef(new Map<number, InventoryRow[]>());
  const inFlight = useRef(new Set<number>());
  const generation = useRef(0);
  const [total, setTotal] = useState<number | null>(null);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<ErrorEnvelope | null>(null);
  const queryRef = useRef(query);
  queryRef.current = query;

  const load = useCallback(async (chunk: number, gen: number) => {
    if (inFlight.current.has(chunk) || chunks.current.has(chunk)) return;
    inFlight.current.add(chunk);
    try {
      const res = await rpc('inventory:list', { ...queryRef.current, offset: chunk * CHUNK, limit: CHUNK });
      if (gen !== generation.current) return;
      chunks.current.set(chunk, res.items);
      evictFarthest(chunks.current, chunk, MAX_CHUNKS);
      setTotal(res.total);
      setError(null);
      setVersion((v) => v + 1);
    } catch (err) {
      if (gen === generation.current) setError(toEnvelope(err));
    } finally {
      if (gen === generation.current) inFlight.current.delete(chunk);
    }
  }, []);

  useEffect(() => {
    generation.current += 1;
    chunks.current = new Map();
    inFlight.current = new Set();
    setTotal(null);
    setError(null);
    setVersion((v) => v + 1);
    void load(0, generation.current);
  }, [key, load]);

  const rowAt = useCallback((index: number): InventoryRow | undefined => {
    const c = chunks.current.get(Math.floor(index / CHUNK));
    return c?.[index % CHUNK];
  }, []);

  /** Called with the visible range; fetches the chunks it needs. */
  const ensure = useCallback(
    (start: number, end: number) => {
      for (let c = Math.floor(start / CHUNK); c <= Math.floor(Math.max(start, end) / CHUNK); c++) {
        if (!chunks.current.has(c)) void load(c, generation.current);
      }
    },
    [load],
  );

  const refresh = useCallback(() => {
    generation.current += 1;
    chunks.current = new Map();
    inFlight.current = new Set();
    setVersion((v) => v + 1);
    void load(0, generation.current);
  }, [load]);

  return { total, rowAt, ensure, error, version, refresh };
}
