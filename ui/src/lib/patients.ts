import { isIsoDate, pathwayLabel } from './format';
import type { NewPatient, Pathway, PatientEdit, PatientSummary } from './types';

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

/** What a wristband's code carries: `BEDSIDE:MRN:<mrn>` (a scanner types it, then Enter). */
export const WRISTBAND_PREFIX = 'BEDSIDE:MRN:';

/** The MRN a scanned wristband or a typed MRN names: the payload's MRN, else the text itself, trimmed. */
export function scannedMrn(text: string): string {
  const t = text.trim();
  return t.toUpperCase().startsWith(WRISTBAND_PREFIX) ? t.slice(WRISTBAND_PREFIX.length).trim() : t;
}

/**
 * The patient a scan or an Enter in the search opens: the one whose MRN (current or provisional) is the text, else
 * the only patient found; none when several match and none by MRN.
 */
export function patientToOpen(found: PatientSummary[], text: string): PatientSummary | null {
  const mrn = scannedMrn(text).toUpperCase();
  const byMrn = found.filter((p) => p.mrn.toUpperCase() === mrn || p.provisional_mrn?.toUpperCase() === mrn);
  if (byMrn.length === 1) return byMrn[0];
  return found.length === 1 ? found[0] : null;
}

/** The surgical pathway stages, in order. */
export const PATHWAY_STAGES: Pathway[] = ['pre_op', 'intra_op', 'post_op', 'discharge'];

/** The longest phone number and bed the workstation accepts. */
export const PHONE_MAX = 40;
export const BED_MAX = 16;

/** The "Patient details" form; `pathway` is '' while the patient is on no surgical pathway. */
export interface DetailsForm {
  phone: string;
  bed: string;
  pathway: string;
}

/** The details form filled from the patient as the chart shows them. */
export function detailsForm(patient: PatientSummary): DetailsForm {
  return { phone: patient.phone ?? '', bed: patient.bed ?? '', pathway: patient.pathway ?? '' };
}

/**
 * The stages to offer: "Not on a surgical pathway" only while the patient is on none (a stage, once set,
 * cannot be taken away).
 */
export function pathwayOptions(current: Pathway | null): { value: string; label: string }[] {
  const stages: { value: string; label: string }[] = PATHWAY_STAGES.map((s) => ({
    value: s,
    label: pathwayLabel(s) ?? s,
  }));
  return current ? stages : [{ value: '', label: 'Not on a surgical pathway' }, ...stages];
}

/**
 * Compares the details form with the patient as they were: `edit` holds only the changed phone and bed
 * (null when neither changed), `stage` the new pathway stage (null when unchanged).
 */
export function buildDetailsEdit(
  before: PatientSummary,
  form: DetailsForm,
): { ok: true; edit: PatientEdit | null; stage: Pathway | null } | { ok: false; message: string } {
  const phone = form.phone.trim();
  const bed = form.bed.trim();
  if (phone.length > PHONE_MAX) {
    return { ok: false, message: `Keep the phone number to ${PHONE_MAX} characters or fewer.` };
  }
  if (bed.length > BED_MAX) return { ok: false, message: `Keep the bed to ${BED_MAX} characters or fewer.` };
  if (!bed && before.bed) {
    return { ok: false, message: 'The bed cannot be left blank. To free the bed, discharge the patient.' };
  }
  const edit: PatientEdit = {};
  if (phone !== (before.phone ?? '')) edit.phone = phone;
  if (bed !== (before.bed ?? '')) edit.bed = bed;

  let stage: Pathway | null = null;
  if (form.pathway !== (before.pathway ?? '')) {
    const chosen = PATHWAY_STAGES.find((s) => s === form.pathway);
    if (!chosen) return { ok: false, message: 'Choose a surgical pathway stage.' };
    stage = chosen;
  }
  return { ok: true, edit: Object.keys(edit).length > 0 ? edit : null, stage };
}
