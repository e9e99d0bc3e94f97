import { useCallback, useEffect, useState } from 'react';
import { api } from '../lib/api';
import { errorMessage } from '../lib/errors';
import type { Status } from '../lib/types';
import { useTauriEvent } from './useTauriEvent';

export const STATUS_POLL_MS = 2000;

/** The workstation's status: polled every 2 s and pushed by `bedside://status`. */
export function useStatus() {
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const s = await api.status();
      setStatus(s);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void refresh();
    const id = window.setInterval(() => void refresh(), STATUS_POLL_MS);
    return () => window.clearInterval(id);
  }, [refresh]);

  useTauriEvent<Status>('bedside://status', (s) => {
    if (s && typeof s === 'object') setStatus(s);
  });

  return { status, error, refresh };
}
