import { useCallback, useEffect, useRef, useState } from 'react';
import type { ErrorEnvelope } from '../../../shared/errors';
import { toEnvelope } from './errors';

export interface Query<T> {
  data: T | undefined;
  error: ErrorEnvelope | null;
  loading: boolean;
  reload: () => Promise<void>;
}

/**
 * Loads with `fetcher` whenever `key` changes; `reload` refetches without blanking the data, so live updates
 * (events) don't flash skeletons. Answers to a stale key are dropped.
 */
export function useQuery<T>(key: string, fetcher: () => Promise<T>): Query<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ErrorEnvelope | null>(null);
  const [loading, setLoading] = useState(true);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const seq = useRef(0);

  const run = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const d = await fetcherRef.current();
      if (mine !== seq.current) return;
      setData(d);
      setError(null);
    } catch (err) {
      if (mine !== seq.current) return;
      setError(toEnvelope(err));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    setLoading(true);
    setData(undefined);
    void run();
  }, [key, run]);

  return { data, error, loading, reload: run };
}
