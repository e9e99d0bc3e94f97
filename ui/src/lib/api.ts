import { invoke } from '@tauri-apps/api/core';
import type {
  Lookup,
  StartupProblem,
  News2Alert,
  AdministrationOutcome,
  BoardTask,
  WardDashboard,
  AllergyStatus,
  Chart,
  Clinician,
  Conflict,
  EducationVideos,
  Enrolled,
  FieldValue,
  NewAllergy,
  NewAppointment,
  NewPatient,
  NewPrescription,
  NewProblem,
  NewTask,
  NoteKind,
  Pathway,
  PatientEdit,
  PatientSummary,
  ProblemStatus,
  Quarantined,
  ScheduledDose,
  Status,
  TaskPriority,
  TaskLineSent,
  TaskStatus,
  TimelineEvent,
  Video,
  VitalSigns,
} from './types';
import { captureHeaders, type CaptureArgs } from './documents';

// One thin wrapper per Tauri command; argument keys are camelCase as Tauri expects.
export const api = {
  status: () => invoke<Status>('workstation_status'),
  startupProblem: () => invoke<StartupProblem | null>('startup_problem'),
  setAsideWorkstation: () => invoke<null>('set_aside_workstation'),
  enroll: (server: string, code: string) =>
    invoke<Enrolled>('enroll', { server, code }),
  login: (username: string, password: string) => invoke<Clinician>('login', { username, password }),
  logout: () => invoke<null>('logout'),
  unlock: (password: string) => invoke<null>('unlock', { password }),
  patients: (text: string | null) => invoke<PatientSummary[]>('patients', { text }),
  registerPatient: (patient: NewPatient) => invoke<string>('register_patient', { patient }),
  possibleDuplicates: (givenName: string, familyName: string, birthDate: string) =>
    invoke<PatientSummary[]>('possible_duplicates', { givenName, familyName, birthDate }),
  chart: (patientId: string) => invoke<Chart>('chart', { patientId }),
  closeChart: () => invoke<null>('close_chart'),
  editPatient: (patientId: string, edit: PatientEdit) => invoke<null>('edit_patient', { patientId, edit }),
  setPathway: (patientId: string, stage: Pathway) => invoke<null>('set_pathway', { patientId, stage }),
  discharge: (patientId: string) => invoke<null>('discharge', { patientId }),
  recordAllergy: (patientId: string, allergy: NewAllergy) => invoke<string>('record_allergy', { patientId, allergy }),
  setAllergyStatus: (patientId: string, recordId: string, status: AllergyStatus) =>
    invoke<null>('set_allergy_status', { patientId, recordId, status }),
  addProblem: (patientId: string, problem: NewProblem) => invoke<string>('add_problem', { patientId, problem }),
  setProblemStatus: (patientId: string, recordId: string, status: ProblemStatus) =>
    invoke<null>('set_problem_status', { patientId, recordId, status }),
  beginNote: (patientId: string, kind: NoteKind, text: string) =>
    invoke<string>('begin_note', { patientId, kind, text }),
  writeNote: (patientId: string, noteId: string, text: string) =>
    invoke<null>('write_note', { patientId, noteId, text }),
  signNote: (patientId: string, noteId: string) => invoke<null>('sign_note', { patientId, noteId }),
  addAddendum: (patientId: string, noteId: string, text: string) =>
    invoke<string>('add_addendum', { patientId, noteId, text }),
  recordVitals: (patientId: string, signs: VitalSigns) =>
    invoke<string>('record_vitals', { patientId, signs }),
  addTask: (patientId: string, title: string, priority: TaskPriority, assignee: string | null) =>
    invoke<string>('add_task', { patientId, task: { title, assignee, due: null, priority } satisfies NewTask }),
  setTaskStatus: (patientId: string, recordId: string, status: TaskStatus) =>
    invoke<null>('set_task_status', { patientId, recordId, status }),
  myTasks: () => invoke<TaskLineSent[]>('my_tasks'),
  /** The file's bytes go as they are (not JSON); what the file is, in headers. */
  captureDocument: (args: CaptureArgs) =>
    invoke<string>('capture_document', args.bytes, { headers: captureHeaders(args) }),
  /** The document's (or its thumbnail's) bytes, as they are. */
  openDocument: (patientId: string, documentId: string, thumbnail: boolean) =>
    invoke<ArrayBuffer>('open_document', { patientId, documentId, thumbnail }),
  stampDocument: (patientId: string, documentId: string, statement: string) =>
    invoke<null>('stamp_document', { patientId, documentId, statement }),
  deleteDocument: (patientId: string, documentId: string) =>
    invoke<null>('delete_document', { patientId, documentId }),
  prescribe: (patientId: string, prescription: NewPrescription) =>
    invoke<string>('prescribe', { patientId, prescription }),
  stopPrescription: (patientId: string, prescriptionId: string, reason: string) =>
    invoke<null>('stop_prescription', { patientId, prescriptionId, reason }),
  recordAdministration: (
    patientId: string,
    prescriptionId: string,
    outcome: AdministrationOutcome,
    note: string | null,
    givenAt: string | null,
    overrideReason: string | null = null,
  ) =>
    invoke<string>('record_administration', { patientId, prescriptionId, outcome, note, givenAt, overrideReason }),
  /** One patient's scheduled doses from a day back to the end of today. */
  doseGrid: (patientId: string) => invoke<ScheduledDose[] | null>('dose_grid', { patientId }),
  /** The ward's medication round: scheduled doses from a day back to four hours ahead, by time and bed. */
  medicationRound: () => invoke<ScheduledDose[] | null>('medication_round'),
  wardBoard: () => invoke<BoardTask[] | null>('ward_board'),
  wardDashboard: () => invoke<WardDashboard | null>('ward_dashboard'),
  /** The wards' handover sheet as a PDF; answers where it was put. */
  printHandover: () => invoke<string>('print_handover'),
  /** A patient's wristband label as a PDF; answers where it was put. */
  printWristband: (patientId: string) => invoke<string>('print_wristband', { patientId }),
  openPrintout: (path: string) => invoke<null>('open_printout', { path }),
  markDoseInError: (patientId: string, recordId: string, reason: string) =>
    invoke<string>('mark_dose_in_error', { patientId, recordId, reason }),
  scheduleAppointment: (patientId: string, appointment: NewAppointment) =>
    invoke<string>('schedule_appointment', { patientId, appointment }),
  cancelAppointment: (patientId: string, appointmentId: string) =>
    invoke<null>('cancel_appointment', { patientId, appointmentId }),
  timeline: (patientId: string) => invoke<TimelineEvent[]>('timeline', { patientId }),
  educationVideos: (patientId: string) => invoke<EducationVideos>('education_videos', { patientId }),
  shareVideo: (patientId: string, video: Video) => invoke<string>('share_video', { patientId, video }),
  openVideo: (patientId: string, videoId: string) => invoke<null>('open_video', { patientId, videoId }),
  news2Alerts: () => invoke<News2Alert[]>('news2_alerts'),
  acknowledgeAlert: (recordId: string) => invoke<null>('acknowledge_alert', { recordId }),
  lookUpPatient: (text: string) => invoke<Lookup>('look_up_patient', { text }),
  breakGlass: (patientId: string, reason: string) => invoke<null>('break_glass', { patientId, reason }),
  syncNow: () => invoke<Status>('sync_now'),
  conflicts: () => invoke<Conflict[]>('conflicts'),
  quarantine: () => invoke<Quarantined[]>('quarantine'),
  resolveConflict: (docId: string, path: string, value: FieldValue) =>
    invoke<null>('resolve_conflict', { docId, path, value }),
  reapplyQuarantined: (quarantineId: string) => invoke<null>('reapply_quarantined', { quarantineId }),
  discardQuarantined: (quarantineId: string) => invoke<null>('discard_quarantined', { quarantineId }),
};
