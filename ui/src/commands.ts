// Generated from the shell's commands by `BEDSIDE_WRITE_BINDINGS=1 cargo test -p bedside-desktop --test shell types`; do not edit.
import { invoke } from '@tauri-apps/api/core';

import type { AdministrationOutcome, AllergyStatus, AppStatus, BoardTask, Clinician, ConflictLine, Enrolled, FieldValue, Lookup, NewAllergy, NewAppointment, NewPatient, NewPrescription, NewProblem, NewTask, News2Alert, NoteKind, PathwayStage, PatientChart, PatientEdit, PatientSummary, ProblemStatus, Quarantined, Recommendations, ScheduledDose, StartupProblem, TaskLine, TaskStatus, TimelineEvent, Video, VitalSigns, WardDashboard } from './bindings';

/** Each command the window's shell registers, with the arguments and answer its Rust function declares. */
export const commands = {
  /** Acknowledges a NEWS2 alert on this workstation. */
  acknowledgeAlert: (recordId: string) =>
    invoke<null>('acknowledge_alert', { recordId }),
  /** Adds an addendum to a signed note. */
  addAddendum: (patientId: string, noteId: string, text: string) =>
    invoke<string>('add_addendum', { patientId, noteId, text }),
  /** Adds a problem to the list; returns its id. */
  addProblem: (patientId: string, problem: NewProblem) =>
    invoke<string>('add_problem', { patientId, problem }),
  /** Adds a task for the ward team. */
  addTask: (patientId: string, task: NewTask) =>
    invoke<string>('add_task', { patientId, task }),
  /** Starts a note; returns its id. */
  beginNote: (patientId: string, kind: NoteKind, text: string) =>
    invoke<string>('begin_note', { patientId, kind, text }),
  /** Opens a chart outside this workstation's wards, with a reason; a sync starts at once to bring the chart here. */
  breakGlass: (patientId: string, reason: string) =>
    invoke<null>('break_glass', { patientId, reason }),
  /** Cancels an appointment (it stays, marked). */
  cancelAppointment: (patientId: string, appointmentId: string) =>
    invoke<null>('cancel_appointment', { patientId, appointmentId }),
  /** Attaches a file to the chart; its bytes upload at the next sync. The bytes are the request's body as they are (not JSON); what the file is comes in headers: `bedside-patient`, `bedside-category`, `bedside-file-name` (UTF-8, percent-encoded), `bedside-mime-type` and `bedside-replace-oldest` (`true` to make room in a full category). */
  captureDocument: (body: ArrayBuffer | Uint8Array, headers: Record<string, string>) =>
    invoke<string>('capture_document', body, { headers }),
  /** Opens a patient's chart (recorded in the audit log). */
  chart: (patientId: string) =>
    invoke<PatientChart>('chart', { patientId }),
  /** The clinician left the chart on screen (its next opening is audited again). */
  closeChart: () =>
    invoke<null>('close_chart'),
  /** Fields changed on two workstations at once, waiting for a choice. */
  conflicts: () =>
    invoke<ConflictLine[]>('conflicts'),
  /** Removes a document from the chart (kept, marked deleted). */
  deleteDocument: (patientId: string, documentId: string) =>
    invoke<null>('delete_document', { patientId, documentId }),
  /** Throws set-aside edits away. */
  discardQuarantined: (quarantineId: string) =>
    invoke<null>('discard_quarantined', { quarantineId }),
  /** Discharges the patient: the bed is freed. */
  discharge: (patientId: string) =>
    invoke<null>('discharge', { patientId }),
  /** One patient's scheduled doses from a day back to the end of the ward's day: the chart's dose grid. */
  doseGrid: (patientId: string) =>
    invoke<ScheduledDose[]>('dose_grid', { patientId }),
  /** Changes the patient's details or bed; fields left out stay as they are. */
  editPatient: (patientId: string, edit: PatientEdit) =>
    invoke<null>('edit_patient', { patientId, edit }),
  /** Education videos for the patient's problems (the last list when offline). */
  educationVideos: (patientId: string) =>
    invoke<Recommendations>('education_videos', { patientId }),
  /** Enrolls this workstation with a code from IT. */
  enroll: (server: string, code: string) =>
    invoke<Enrolled>('enroll', { server, code }),
  /** Logs in against the server, or offline with the cached verifier when it is out of reach. */
  login: (username: string, password: string) =>
    invoke<Clinician>('login', { username, password }),
  /** Ends the clinician's session. */
  logout: () =>
    invoke<null>('logout'),
  /** Patients anywhere in the hospital (or, offline, on this workstation) whose MRN or name matches `text`, to break the glass for. */
  lookUpPatient: (text: string) =>
    invoke<Lookup>('look_up_patient', { text }),
  /** Marks a dose entered in error, with why; the dose stays on the record. */
  markDoseInError: (patientId: string, recordId: string, reason: string) =>
    invoke<string>('mark_dose_in_error', { patientId, recordId, reason }),
  /** The medication round of the wards held here, by time and bed. */
  medicationRound: () =>
    invoke<ScheduledDose[]>('medication_round'),
  /** Open tasks assigned to the logged-in clinician, across the ward. */
  myTasks: () =>
    invoke<TaskLine[]>('my_tasks'),
  /** Medium and high NEWS2 scores recorded elsewhere that nobody here has acknowledged. */
  news2Alerts: () =>
    invoke<News2Alert[]>('news2_alerts'),
  /** A document's bytes (or its thumbnail's), raw: from this workstation's encrypted cache, or fetched from the server. */
  openDocument: (patientId: string, documentId: string, thumbnail: boolean) =>
    invoke<ArrayBuffer>('open_document', { patientId, documentId, thumbnail }),
  /** Opens a printout in the system's PDF viewer, to print it (only files in the printouts folder, and only for a clinician logged in and not locked out: the PDF holds patient data). */
  openPrintout: (path: string) =>
    invoke<null>('open_printout', { path }),
  /** Opens a recommended video in the system browser (only addresses the server listed for this patient). */
  openVideo: (patientId: string, videoId: string) =>
    invoke<null>('open_video', { patientId, videoId }),
  /** Patients on this workstation in bed order, all or those matching `text` (bed, name or MRN), with their name alerts. */
  patients: (text: string | null) =>
    invoke<PatientSummary[]>('patients', { text }),
  /** Patients here who may be the person about to be registered (same birth date, a near name). */
  possibleDuplicates: (givenName: string, familyName: string, birthDate: string) =>
    invoke<PatientSummary[]>('possible_duplicates', { givenName, familyName, birthDate }),
  /** Prescribes; returns the order's id. */
  prescribe: (patientId: string, prescription: NewPrescription) =>
    invoke<string>('prescribe', { patientId, prescription }),
  /** The handover sheet of the wards held here, as a PDF; returns where it was put. */
  printHandover: () =>
    invoke<string>('print_handover'),
  /** A patient's wristband label, as a PDF; returns where it was put. */
  printWristband: (patientId: string) =>
    invoke<string>('print_wristband', { patientId }),
  /** Edits the server refused, set aside. */
  quarantine: () =>
    invoke<Quarantined[]>('quarantine'),
  /** Applies set-aside edits again; they go with the next sync. */
  reapplyQuarantined: (quarantineId: string) =>
    invoke<null>('reapply_quarantined', { quarantineId }),
  /** Records a dose given, held or refused against an active order, at the time the clinician gives (now by default). */
  recordAdministration: (patientId: string, prescriptionId: string, outcome: AdministrationOutcome, note: string | null, givenAt: string | null, overrideReason: string | null) =>
    invoke<string>('record_administration', { patientId, prescriptionId, outcome, note, givenAt, overrideReason }),
  /** Records an allergy; returns its id. */
  recordAllergy: (patientId: string, allergy: NewAllergy) =>
    invoke<string>('record_allergy', { patientId, allergy }),
  /** Records a set of vital signs. */
  recordVitals: (patientId: string, signs: VitalSigns) =>
    invoke<string>('record_vitals', { patientId, signs }),
  /** Registers a patient; returns their id. */
  registerPatient: (patient: NewPatient) =>
    invoke<string>('register_patient', { patient }),
  /** Keeps `value` (one of the listed values) for the field at `path`. */
  resolveConflict: (docId: string, path: string, value: FieldValue) =>
    invoke<null>('resolve_conflict', { docId, path, value }),
  /** Books an appointment or procedure; returns its id. */
  scheduleAppointment: (patientId: string, appointment: NewAppointment) =>
    invoke<string>('schedule_appointment', { patientId, appointment }),
  /** Marks an allergy inactive or entered in error, or active again. */
  setAllergyStatus: (patientId: string, recordId: string, status: AllergyStatus) =>
    invoke<null>('set_allergy_status', { patientId, recordId, status }),
  /** Sets an unreadable workstation folder aside (renamed beside it, nothing deleted) and restarts the window on a fresh folder, to be enrolled with a new code. Refused when the workstation opened, or failed for another reason. */
  setAsideWorkstation: () =>
    invoke<null>('set_aside_workstation'),
  /** Moves the patient along the surgical pathway. */
  setPathway: (patientId: string, stage: PathwayStage) =>
    invoke<null>('set_pathway', { patientId, stage }),
  /** Marks a problem resolved or entered in error, or active again. */
  setProblemStatus: (patientId: string, recordId: string, status: ProblemStatus) =>
    invoke<null>('set_problem_status', { patientId, recordId, status }),
  /** Moves a task along. */
  setTaskStatus: (patientId: string, recordId: string, status: TaskStatus) =>
    invoke<null>('set_task_status', { patientId, recordId, status }),
  /** Records that a video was shared with the patient. */
  shareVideo: (patientId: string, video: Video) =>
    invoke<string>('share_video', { patientId, video }),
  /** Signs a draft: its text never changes again. */
  signNote: (patientId: string, noteId: string) =>
    invoke<null>('sign_note', { patientId, noteId }),
  /** Adds a verification stamp to a lab or radiology report. */
  stampDocument: (patientId: string, documentId: string, statement: string) =>
    invoke<null>('stamp_document', { patientId, documentId, statement }),
  /** Why the workstation did not open (nothing when it did). */
  startupProblem: () =>
    invoke<StartupProblem | null>('startup_problem'),
  /** Stops an active order, with a reason. */
  stopPrescription: (patientId: string, prescriptionId: string, reason: string) =>
    invoke<null>('stop_prescription', { patientId, prescriptionId, reason }),
  /** Syncs now. */
  syncNow: () =>
    invoke<AppStatus>('sync_now'),
  /** Everything that happened in a chart, newest first. */
  timeline: (patientId: string) =>
    invoke<TimelineEvent[]>('timeline', { patientId }),
  /** Unlocks a session locked after inactivity. */
  unlock: (password: string) =>
    invoke<null>('unlock', { password }),
  /** The tasks of the wards held here as a board: every open one and those done in the last 24 hours. */
  wardBoard: () =>
    invoke<BoardTask[]>('ward_board'),
  /** The wards held here at a glance: census, pathway stages, upcoming procedures and the shift's key figures. */
  wardDashboard: () =>
    invoke<WardDashboard>('ward_dashboard'),
  /** The workstation's state. */
  workstationStatus: () =>
    invoke<AppStatus>('workstation_status'),
  /** Saves a draft's text. */
  writeNote: (patientId: string, noteId: string, text: string) =>
    invoke<null>('write_note', { patientId, noteId, text }),
};
