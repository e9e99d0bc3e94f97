import type { CommandError } from './types';

/** Turns whatever a command rejected with into `{code, message}` fit to show a clinician. */
export function toCommandError(err: unknown): CommandError {
  if (err && typeof err === 'object') {
    const o = err as Record<string, unknown>;
    const message = typeof o.message === 'string' && o.message.trim() !== '' ? o.message : null;
    const code = typeof o.code === 'string' ? o.code : 'ERROR';
    if (message) return { code, message };
  }
  if (typeof err === 'string' && err.trim() !== '') return { code: 'ERROR', message: err };
  if (err instanceof Error && err.message) return { code: 'ERROR', message: err.message };
  return { code: 'ERROR', message: 'Something went wrong. Please try again.' };
}

export function errorMessage(err: unknown): string {
  return toCommandError(err).message;
}
