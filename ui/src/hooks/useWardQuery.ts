import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../lib/errors';
import { useTauriEvent } from './useTauriEvent';

/** Loads something about the whole workstation when mounted and again after every sync that changed something. */
export function useWardQuery<T>(load: () => Promise<T>) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setData(await load());
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [load]);

  useEffect(() => {
    void reload();
  }, [reload]);
  useTauriEvent('bedside://changed', () => void reload());

  return { data, error, reload };
}
