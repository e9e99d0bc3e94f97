import { useCallback, useEffect, useState } from 'react';
import { api } from '../lib/api';
import { errorMessage } from '../lib/errors';
import type { Chart } from '../lib/types';
import { useTauriEvent } from './useTauriEvent';

/** Loads one patient's chart and reloads it when the workstation says data changed. */
export function useChart(patientId: string) {
  const [chart, setChart] = useState<Chart | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const reload = useCallback(async () => {
    try {
      const c = await api.chart(patientId);
      setChart(c);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, [patientId]);

  useEffect(() => {
    setLoading(true);
    setChart(null);
    void reload();
  }, [reload]);

  useTauriEvent('bedside://changed', () => void reload());

  return { chart, error, loading, reload };
}
