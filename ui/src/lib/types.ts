// Shapes returned by the workstation's Tauri commands (see the backend contract).

export interface Clinician {
  user_id: string;
  username: string;
  display_name: string;
  roles: string[];
  offline: boolean;
}

export interface Status {
  device_id: string;
  patients: number;
  documents: number;
  pending_changes: number;
  documents_due: number;
  uploads_waiting: number;
  last_sync: string | null;
  enrolled: boolean;
  server: string | null;
  wards: string[];
  clinician: Clinician | null;
  locked: boolean;
  online: boolean | null;
  syncing: boolean;
  last_error: string | null;
}

export type PatientStatus = 'admitted' | 'outpatient' | 'discharged';
export type Pathway = 'pre_op' | 'intra_op' | 'post_op' | 'discharge';

export interface PatientSummary {
  patient_id: string;
  mrn: string | null;
  given_name: string;
  family_name: string;
  birth_date: string;
  sex: string;
  phone: string | null;
  ward: string | null;
  bed: string | null;
  status: PatientStatus | string;
  pathway: Pathway | string | null;
  provisional_mrn: boolean | string | null;
  /** Active allergies (a ward-list alert). */
  active_allergies?: number;
  /** Open urgent tasks (a ward-list alert). */
  urgent_tasks?: number;
}

export type NoteKind = 'progress' | 'nursing' | 'operative' | 'discharge';

export interface NoteLine {
  note_id: string;
  kind: NoteKind | string;
  author: string;
  status: 'draft' | 'signed' | string;
  body: string;
  signed_by: string | null;
  signed_at: string | null;
}

export interface PrescriptionLine {
  prescription_id: string;
  drug: string;
  dose: string;
  route: string;
  frequency: string;
  start: string;
  end: string | null;
  prescriber: string;
  status: string;
}

export interface AppointmentLine {
  appointment_id: string;
  title: string;
  starts_at: string;
  duration_minutes: number;
  location: string | null;
  status: string;
  kind: string;
}

export type MedicationRoute = 'oral' | 'IV' | 'IM' | 'SC' | 'topical' | 'inhaled';

export interface NewPrescription {
  drug: string;
  dose: string;
  route: MedicationRoute | string;
  frequency: string;
  /** First day, YYYY-MM-DD. */
  start: string;
  /** Last day, YYYY-MM-DD, or open-ended. */
  end: string | null;
}

export type AdministrationOutcome = 'given' | 'held' | 'refused';

/** One line of the medication administration record (MAR). */
export interface Administration {
  record_id: string;
  prescription_id: string;
  outcome: AdministrationOutcome | string;
  by: string;
  at: string;
  note: string | null;
}

export type AppointmentKind = 'appointment' | 'procedure';

export interface NewAppointment {
  title: string;
  /** RFC 3339, UTC. */
  starts_at: string;
  duration_minutes: number;
  location: string | null;
  kind: AppointmentKind;
}

/** One event of the chart's timeline; any further fields are shown as a summary line. */
export interface TimelineEvent {
  at: string | null;
  kind: string;
  id: string;
  [key: string]: unknown;
}

export interface Video {
  video_id: string;
  title: string;
  url: string;
  channel: string;
}

export interface EducationVideos {
  /** Who answered: `catalog`, `youtube` or `youtube_cache`. */
  source: string;
  videos: Video[];
  fallback_reason: string | null;
  fetched_at: string;
  /** True when this is the list kept from an earlier answer. */
  offline: boolean;
}

export type Entry<T> = T & { record_id: string };

export type Severity = 'mild' | 'moderate' | 'severe' | 'life_threatening';
export type AllergyStatus = 'active' | 'inactive' | 'entered_in_error';
export type ProblemStatus = 'active' | 'resolved' | 'entered_in_error';

export interface Allergy {
  substance: string;
  reaction: string | null;
  severity: Severity | string;
  status: AllergyStatus | string;
  recorded_by: string;
  recorded_at: string;
}

/** What `record_allergy` takes; the status, author and time are set by the workstation. */
export interface NewAllergy {
  substance: string;
  reaction: string;
  severity: Severity;
}

export interface Problem {
  code: string | null;
  text: string;
  status: ProblemStatus | string;
  onset: string | null;
  recorded_by: string;
  recorded_at: string;
}

/** What `add_problem` takes: an ICD-10 code (the workstation upper-cases it), the problem in words, the onset date. */
export interface NewProblem {
  code: string;
  text: string;
  /** YYYY-MM-DD, or not known. */
  onset: string | null;
}

export interface Measure<U extends string> {
  value: number;
  unit: U;
}

export interface VitalSigns {
  temperature: Measure<'C' | 'F'> | null;
  pulse_bpm: number | null;
  systolic_mmhg: number | null;
  diastolic_mmhg: number | null;
  respiratory_rate: number | null;
  spo2_pct: number | null;
  weight: Measure<'kg' | 'lb'> | null;
}

export interface Vitals extends VitalSigns {
  taken_at: string;
  recorded_by: string;
}

export type TaskPriority = 'routine' | 'urgent';
export type TaskStatus = 'todo' | 'in_progress' | 'done';

export interface Task {
  title: string;
  assignee: string | null;
  due: string | null;
  priority: TaskPriority | string;
  status: TaskStatus | string;
  created_by: string;
  created_at: string;
  completed_at: string | null;
}

export const DOCUMENT_CATEGORIES = [
  'preop',
  'lab',
  'radiology',
  'intraop',
  'ot_notes',
  'postop',
  'discharge',
] as const;
export type DocumentCategory = (typeof DOCUMENT_CATEGORIES)[number];

export interface Stamp {
  by: string;
  at: string;
  statement: string;
}

export interface DocumentRef {
  category: DocumentCategory | string;
  file_name: string;
  mime_type: string;
  size: number;
  sha256: string;
  thumbnail_sha256: string | null;
  uploaded_by: string;
  captured_at: string;
  stamps: Stamp[];
  deleted: { by: string; at: string } | null;
}

export interface Chart {
  patient: PatientSummary;
  notes: NoteLine[];
  prescriptions: PrescriptionLine[];
  appointments: AppointmentLine[];
  allergies: Entry<Allergy>[];
  problems: Entry<Problem>[];
  vitals: Entry<Vitals>[];
  tasks: Entry<Task>[];
  documents: Entry<DocumentRef>[];
  tiles: { category: string; count: number }[];
  administrations: Administration[];
}

export interface NewPatient {
  mrn: null;
  given_name: string;
  family_name: string;
  birth_date: string;
  sex: 'female' | 'male' | 'other' | 'unknown';
  phone: string | null;
  address: string | null;
  ward: string;
  bed: string | null;
}

/** What `edit_patient` takes: only the fields to change; those left out stay as they are. */
export interface PatientEdit {
  given_name?: string;
  family_name?: string;
  birth_date?: string;
  phone?: string;
  address?: string;
  ward?: string;
  /** Setting a bed also marks the patient admitted. */
  bed?: string;
}

/** A field's value as the conflict inbox shows it. */
export type FieldValue = null | boolean | number | string;

/** A field two workstations changed at once; the first value is the one shown until resolved. */
export interface Conflict {
  doc_id: string;
  patient_id: string;
  /** Map keys joined by `/`, e.g. `demographics/phone`. */
  path: string;
  values: FieldValue[];
}

/** Edits the server refused, set aside on this workstation. */
export interface Quarantined {
  quarantine_id: string;
  doc_id: string;
  patient_id: string;
  /** The server's reject code, e.g. `SIGNED_NOTE_IMMUTABLE`. */
  code: string;
  /** The server's explanation in plain words. */
  message: string;
  /** RFC 3339. */
  at: string;
  content: unknown;
}

/** An open task assigned to the logged-in clinician, with whose chart it is in. */
export interface TaskLine {
  record_id: string;
  patient_id: string;
  task: Task;
}

/** Sent as `bedside://progress` after each round trip of a sync. */
export interface SyncProgress {
  /** Chart documents received from the server in this run. */
  documents_done: number;
  /** Done plus those the server says still wait; 0 when nothing is coming. */
  documents_total: number;
  bytes_received: number;
  bytes_sent: number;
}

export interface CommandError {
  code: string;
  message: string;
  /** The chart rule a refused value broke, e.g. `INVALID_VALUE`. */
  rule?: string;
}
