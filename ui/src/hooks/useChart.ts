import { useCallback, useEffect, useState } from 'react';
import { api } from '../lib/api';
import { toCommandError } from '../lib/errors';
import type { Chart } from '../lib/types';
import { useTauriEvent } from './useTauriEvent';

/** Loads one patient's chart and reloads it when the workstation says data changed. */
export function useChart(patientId: string) {
  const [chart, setChart] = useState<Chart | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The chart is not on this workstation (yet): a break-glass grant's sync is bringing it.
  const [notHere, setNotHere] = useState(false);
  const [loading, setLoading] = useState(true);

  const reload = useCallback(async () => {
    try {
      const c = await api.chart(patientId);
      setChart(c);
      setError(null);
      setNotHere(false);
    } catch (err) {
      const e = toCommandError(err);
      setError(e.message);
      setNotHere(e.code === 'NOT_FOUND');
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

  return { chart, error, notHere, loading, reload };
}
