import { useState } from 'react';
import { useAction } from './useAction';

/**
 * Changing one record's status: `change` sends it and reloads the chart; `ask` opens the question first for a
 * change that needs one (`asking` says which), and `cancel` closes it.
 */
export function useStatusChange<S extends string>(send: (status: S) => Promise<unknown>, reload: () => Promise<void>) {
  const [asking, setAsking] = useState<S | null>(null);
  const { busy, error, setError, run } = useAction();

  async function change(status: S) {
    const ok = await run(async () => {
      await send(status);
      return true;
    });
    if (ok) {
      setAsking(null);
      await reload();
    }
  }

  const ask = (status: S) => {
    setError(null);
    setAsking(status);
  };

  const cancel = () => {
    setAsking(null);
    setError(null);
  };

  return { asking, ask, cancel, change, busy, error };
}
