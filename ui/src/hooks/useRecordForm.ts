import { useState, type FormEvent } from 'react';
import { useAction } from './useAction';

/** What a form's check makes of it: the call that records it, or why it cannot be sent. */
export type Prepared = { ok: true; send: () => Promise<unknown> } | { ok: false; message: string };

/**
 * A form that records something new: its fields, "saved" once it went through, and a submit that checks the
 * form, sends it, then empties it and tells the chart to reload. A refusal keeps what was typed.
 */
export function useRecordForm<F>(empty: () => F, onSaved: () => Promise<void> | void) {
  const [form, setForm] = useState<F>(empty);
  const [saved, setSaved] = useState(false);
  const { busy, error, setError, run } = useAction();

  const set = <K extends keyof F>(key: K, value: F[K]) => {
    setSaved(false);
    setForm((f) => ({ ...f, [key]: value }));
  };

  const submit = (prepare: (form: F) => Prepared) => async (e: FormEvent) => {
    e.preventDefault();
    const prepared = prepare(form);
    if (!prepared.ok) return setError(prepared.message);
    const ok = await run(async () => {
      await prepared.send();
      return true;
    });
    if (ok) {
      setForm(empty());
      setSaved(true);
      await onSaved();
    }
  };

  return { form, set, saved, busy, error, submit };
}
