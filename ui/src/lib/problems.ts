import { isIsoDate } from './format';
import { todayLocal } from './medications';
import type { NewProblem, Problem } from './types';

export const PROBLEM_STATUS_WORDS: Record<string, string> = {
  active: 'Active',
  resolved: 'Resolved',
  entered_in_error: 'Entered in error',
};

/** The longest problem text the workstation accepts. */
export const PROBLEM_TEXT_MAX = 200;

/**
 * True for an ICD-10 code as the workstation accepts it once trimmed and upper-cased: a letter, a digit,
 * a digit or letter, then optionally a dot and one to four letters or digits (K35, K35.8, S72.001A).
 */
export function isIcd10(code: string): boolean {
  return /^[A-Z]\d[A-Z0-9](\.[A-Z0-9]{1,4})?$/.test(code.trim().toUpperCase());
}

/** Problems still on the list (not entered in error), active ones first. */
export function problemList<T extends Problem>(problems: T[]): T[] {
  return problems
    .filter((p) => p.status !== 'entered_in_error')
    .sort((a, b) => Number(a.status !== 'active') - Number(b.status !== 'active'));
}

export interface ProblemForm {
  code: string;
  text: string;
  /** YYYY-MM-DD or blank. */
  onset: string;
}

export const EMPTY_PROBLEM_FORM: ProblemForm = { code: '', text: '', onset: '' };

/**
 * Checks the "Add problem" form and builds `add_problem`'s `problem` argument. The code is sent as typed
 * (trimmed); the workstation upper-cases it.
 */
export function buildProblem(
  form: ProblemForm,
  today: string = todayLocal(),
): { ok: true; problem: NewProblem } | { ok: false; message: string } {
  const code = form.code.trim();
  const text = form.text.trim();
  const onset = form.onset.trim();
  if (!code) return { ok: false, message: 'Enter the ICD-10 code, e.g. K35.8.' };
  if (!isIcd10(code)) {
    return {
      ok: false,
      message:
        `"${code}" is not an ICD-10 code. Use a letter and two digits, then if needed a dot and up to four ` +
        'more letters or digits, e.g. K35.8.',
    };
  }
  if (!text) return { ok: false, message: 'Describe the problem in words.' };
  if (text.length > PROBLEM_TEXT_MAX) {
    return { ok: false, message: `Keep the problem to ${PROBLEM_TEXT_MAX} characters or fewer.` };
  }
  if (onset && !isIsoDate(onset)) return { ok: false, message: 'Onset must be a date (YYYY-MM-DD), or left blank.' };
  if (onset && onset > today) return { ok: false, message: 'Onset cannot be in the future.' };
  return { ok: true, problem: { code, text, onset: onset || null } };
}
