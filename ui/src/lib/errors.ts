import type { CommandError, ErrorCode } from './types';

/** Every code a command answers with; the type makes the list complete. */
const CODES: Record<ErrorCode, true> = {
  VALIDATION_ERROR: true,
  UNAUTHENTICATED: true,
  FORBIDDEN: true,
  DEVICE_REVOKED: true,
  NOT_FOUND: true,
  METHOD_NOT_ALLOWED: true,
  CONFLICT: true,
  PAYLOAD_TOO_LARGE: true,
  UNSUPPORTED_MEDIA_TYPE: true,
  RATE_LIMITED: true,
  DB_ERROR: true,
  INTERNAL_ERROR: true,
  EXTERNAL_API_ERROR: true,
  UNAVAILABLE: true,
};

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(CODES, code);
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
