import { useEffect, useState } from 'react';
import type { SyncProgress } from '../lib/types';
import { useTauriEvent } from './useTauriEvent';

/** The latest `bedside://progress` of the sync under way; null once the status says it ended. */
export function useSyncProgress(syncing: boolean): SyncProgress | null {
  const [progress, setProgress] = useState<SyncProgress | null>(null);

  useTauriEvent<SyncProgress>('bedside://progress', (p) => {
    if (p && typeof p === 'object') setProgress(p);
  });

  useEffect(() => {
    if (!syncing) setProgress(null);
  }, [syncing]);

  return syncing ? progress : null;
}
