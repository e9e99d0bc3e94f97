import type { CommandError, ErrorCode } from './types';

const CODES: readonly ErrorCode[] = [
  'VALIDATION_ERROR',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'DEVICE_REVOKED',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'DB_ERROR',
  'INTERNAL_ERROR',
  'EXTERNAL_API_ERROR',
  'UNAVAILABLE',
];

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && (CODES as readonly string[]).includes(code);
}

/**
 * Turns whatever a command rejected with into `{code, message}` fit to show a clinician.
 * A failure that is not a command's error (the bridge itself failed) is an internal error.
 */
export function toCommandError(err: unknown): CommandError {
  if (err && typeof err === 'object') {
    const o = err as Record<string, unknown>;
    const message = typeof o.message === 'string' && o.message.trim() !== '' ? o.message : null;
    const code = isErrorCode(o.code) ? o.code : 'INTERNAL_ERROR';
    if (message) return { code, message };
  }
  if (typeof err === 'string' && err.trim() !== '') return { code: 'INTERNAL_ERROR', message: err };
  if (err instanceof Error && err.message) return { code: 'INTERNAL_ERROR', message: err.message };
  return { code: 'INTERNAL_ERROR', message: 'Something went wrong. Please try again.' };
}

export function errorMessage(err: unknown): string {
  return toCommandError(err).message;
}
