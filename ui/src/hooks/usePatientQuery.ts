import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../lib/errors';

/** Loads something about one patient when mounted (e.g. when its tab opens), with a reload. */
export function usePatientQuery<T>(patientId: string, load: (patientId: string) => Promise<T>) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setData(await load(patientId));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, [patientId, load]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { data, error, loading, reload };
}
