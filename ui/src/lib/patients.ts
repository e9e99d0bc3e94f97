import { isIsoDate } from './format';
import type { NewPatient } from './types';

export interface RegisterForm {
  given: string;
  family: string;
  birth: string;
  sex: string;
  phone: string;
  address: string;
  ward: string;
  bed: string;
}

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;

function orNull(s: string): string | null {
  const t = s.trim();
  return t === '' ? null : t;
}

/** Checks the registration form and builds `register_patient`'s `patient` argument. */
export function buildNewPatient(form: RegisterForm): { ok: true; patient: NewPatient } | { ok: false; message: string } {
  if (!form.given.trim()) return { ok: false, message: 'Enter the given name.' };
  if (!form.family.trim()) return { ok: false, message: 'Enter the family name.' };
  if (!isIsoDate(form.birth.trim())) return { ok: false, message: 'Enter the birth date as YYYY-MM-DD.' };
  if (!(SEXES as readonly string[]).includes(form.sex)) return { ok: false, message: 'Choose the sex.' };
  if (!form.ward.trim()) return { ok: false, message: 'Enter the ward.' };
  return {
    ok: true,
    patient: {
      mrn: null,
      given_name: form.given.trim(),
      family_name: form.family.trim(),
      birth_date: form.birth.trim(),
      sex: form.sex as NewPatient['sex'],
      phone: orNull(form.phone),
      address: orNull(form.address),
      ward: form.ward.trim(),
      bed: orNull(form.bed),
    },
  };
}

/** True for a number given offline, before the server assigned the permanent one. */
export function isProvisional(mrn: string | null | undefined): boolean {
  return !!mrn && mrn.startsWith('TMP-');
}
