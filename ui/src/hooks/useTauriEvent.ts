import { useEffect, useRef } from 'react';
import { listen } from '@tauri-apps/api/event';

/** Subscribes to a workstation event for the component's lifetime; silent outside Tauri. */
export function useTauriEvent<T>(name: string, handler: (payload: T) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    let unlisten: (() => void) | null = null;
    let cancelled = false;
    try {
      listen<T>(name, (e) => ref.current(e.payload))
        .then((fn) => {
          if (cancelled) fn();
          else unlisten = fn;
        })
        .catch(() => {});
    } catch {
      // Not running inside the Tauri window (e.g. a plain browser): nothing to listen to.
    }
    return () => {
      cancelled = true;
      if (unlisten) {
        try {
          unlisten();
        } catch {
          /* window already gone */
        }
      }
    };
  }, [name]);
}
