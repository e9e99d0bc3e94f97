import type { Allergy, PatientSummary } from '../lib/types';

/** A ward patient the UI tests list and open. */
export const okafor: PatientSummary = {
  patient_id: 'p1',
  mrn: 'MRN-001',
  given_name: 'Chidi',
  family_name: 'Okafor',
  birth_date: '1970-02-03',
  sex: 'male',
  phone: null,
  ward: 'DEMO-1',
  bed: '4',
  status: 'admitted',
  pathway: 'post_op',
  provisional_mrn: null,
  active_allergies: 0,
  urgent_tasks: 0,
};

/** An active, severe allergy. */
export const penicillin: Allergy = {
  substance: 'Penicillin',
  reaction: 'rash',
  severity: 'severe',
  status: 'active',
  recorded_by: 'Dr A',
  recorded_at: '2026-01-01T00:00:00Z',
};
