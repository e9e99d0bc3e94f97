import type { Allergy, Entry, PatientSummary, ScoredVitals } from '../lib/types';

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
  latest_vitals: null,
  bed_shared: false,
  namesakes: [],
  doses_due: 0,
  doses_overdue: 0,
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

/** A deteriorating set at 03:00 (T 39.2, HR 131, BP 86/50, RR 27, SpO₂ 89 % on air,
 * alert): NEWS2 14, as the workstation scores it. */
export const deteriorating: Entry<ScoredVitals> = {
  record_id: 'v1',
  taken_at: '2026-12-06T03:00:00Z',
  recorded_by: 'Nurse Amara',
  temperature: { value: 39.2, unit: 'C' },
  pulse_bpm: 131,
  systolic_mmhg: 86,
  diastolic_mmhg: 50,
  respiratory_rate: 27,
  spo2_pct: 89,
  weight: null,
  consciousness: 'alert',
  on_oxygen: false,
  spo2_scale: 'scale1',
  news2: {
    total: 14,
    complete: true,
    band: 'high',
    contributions: [
      { parameter: 'respiratory_rate', points: 3 },
      { parameter: 'spo2', points: 3 },
      { parameter: 'air_or_oxygen', points: 0 },
      { parameter: 'systolic_pressure', points: 3 },
      { parameter: 'pulse', points: 3 },
      { parameter: 'consciousness', points: 0 },
      { parameter: 'temperature', points: 2 },
    ],
  },
};
