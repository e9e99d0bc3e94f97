import { dateTime, humanize } from './format';
import type { FieldValue, Written } from './types';

const FIELD_LABELS: Record<string, string> = {
  'demographics/mrn': 'MRN',
  'demographics/provisional_mrn': 'Provisional MRN',
  'demographics/given_name': 'Given name',
  'demographics/family_name': 'Family name',
  'demographics/birth_date': 'Birth date',
  'demographics/sex': 'Sex',
  'demographics/phone': 'Phone',
  'demographics/address': 'Address',
  'admission/ward': 'Ward',
  'admission/bed': 'Bed',
  'admission/status': 'Admission status',
  'admission/pathway': 'Surgical stage',
};

/** Collections of records keyed by id; a field inside one is named after the record. */
const RECORD_WORDS: Record<string, string> = {
  appointments: 'Appointment',
  prescriptions: 'Prescription',
  allergies: 'Allergy',
  problems: 'Problem',
  tasks: 'Task',
  documents: 'Document',
  notes: 'Note',
};

/** The field of a conflict in readable words, e.g. `demographics/phone` → "Phone". */
export function fieldLabel(path: string): string {
  const known = FIELD_LABELS[path];
  if (known) return known;
  const segments = path.split('/').filter((s) => s !== '');
  const last = segments[segments.length - 1] ?? path;
  const words = last.replace(/_/g, ' ');
  const record = segments.length >= 3 ? RECORD_WORDS[segments[0]] : undefined;
  return record ? `${record} ${words.toLowerCase()}` : humanize(words);
}

/** A candidate value as a clinician reads it; null is "(empty)". */
export function valueText(value: FieldValue): string {
  if (value === null || value === '') return '(empty)';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** "by Nurse Amara, 2026-12-06 03:10": who wrote a conflicting value and when, as far as its change says. */
export function writtenBy(written: Written | undefined): string {
  const by = written?.by ? `by ${written.by}` : 'by someone unknown';
  return written?.at ? `${by}, ${dateTime(written.at)}` : by;
}
