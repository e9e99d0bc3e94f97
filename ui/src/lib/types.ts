// The shapes the workstation's commands take and return. They are generated from the Rust
// types (../bindings.ts); this module adds the window's own names for a few of them and
// the shapes only the window uses.
import type {
  AdmissionStatus,
  AppStatus,
  ConflictLine,
  DocumentCategory,
  PathwayStage,
  PatientChart,
  Priority,
  Recommendations,
  Task,
  TaskLine as SentTaskLine,
} from '../bindings';

export type * from '../bindings';

/** What the status bar and the first screens show (`workstation_status`). */
export type Status = AppStatus;
/** One patient's chart as the window shows it (`chart`). */
export type Chart = PatientChart;
export type PatientStatus = AdmissionStatus;
export type Pathway = PathwayStage;
/** A field two workstations changed at once; the first value is shown until resolved. */
export type Conflict = ConflictLine;
export type TaskPriority = Priority;
/** Patient-education videos for a chart (`education_videos`). */
export type EducationVideos = Recommendations;

/** A `my_tasks` line as sent: the task's fields beside its ids. */
export type TaskLineSent = SentTaskLine;

/** An open task assigned to the logged-in clinician, with whose chart it is in. */
export interface TaskLine {
  record_id: string;
  patient_id: string;
  task: Task;
}

/** The routes the prescribing form offers (the order itself takes any route in words). */
export type MedicationRoute = 'oral' | 'IV' | 'IM' | 'SC' | 'topical' | 'inhaled';

/** The document tiles in the order the chart shows them. */
export const DOCUMENT_CATEGORIES = [
  'preop',
  'lab',
  'radiology',
  'intraop',
  'ot_notes',
  'postop',
  'discharge',
] as const satisfies readonly DocumentCategory[];
