import { useCallback, useState } from 'react';
import { toCommandError } from '../lib/errors';
import type { ErrorCode } from '../lib/types';

/** Runs an async action, tracking whether it is busy and the message (and code) of its last failure. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState<ErrorCode | null>(null);

  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    setCode(null);
    try {
      return await fn();
    } catch (err) {
      const e = toCommandError(err);
      setError(e.message);
      setCode(e.code);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);

  return { busy, error, code, setError, run };
}
