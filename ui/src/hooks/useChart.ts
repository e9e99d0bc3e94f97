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

  // Leaving the chart closes it: opening it again is audited as a new opening, while the
  // reloads above are not.
  useEffect(
    () => () => {
      api.closeChart().catch(() => {});
    },
    [patientId],
  );

  useTauriEvent('bedside://changed', () => void reload());

  return { chart, error, loading, reload };
}
