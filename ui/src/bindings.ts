// Generated from the Rust types by `BEDSIDE_WRITE_BINDINGS=1 cargo test -p bedside-desktop --test shell types`; do not edit.

export type Administration = { 
/**
 * The order it belongs to.
 */
prescription_id: string, 
/**
 * Given, held or refused.
 */
outcome: AdministrationOutcome, 
/**
 * Who gave (or held) it.
 */
by: string, 
/**
 * When, RFC 3339.
 */
at: string, 
/**
 * Why it was held or refused, or anything of note; why an entry was in error.
 */
note: string | null, 
/**
 * The entry of the same order this one marks as entered in error.
 */
corrects: string | null, 
/**
 * Why an as-needed dose was given sooner or more often than its order allows.
 */
override_reason: string | null, };

export type AdministrationOutcome = "given" | "held" | "refused" | "entered_in_error";

export type AdmissionStatus = "admitted" | "outpatient" | "discharged";

export type Allergy = { 
/**
 * What the patient reacts to, e.g. "Penicillin".
 */
substance: string, 
/**
 * The reaction, e.g. "Urticaria".
 */
reaction: string, 
/**
 * How bad it is.
 */
severity: Severity, 
/**
 * Active, inactive or entered in error.
 */
status: AllergyStatus, 
/**
 * Who recorded it.
 */
recorded_by: string, 
/**
 * When, RFC 3339.
 */
recorded_at: string, };

export type AllergyStatus = "active" | "inactive" | "entered_in_error";

export type AppStatus = { 
/**
 * Blobs waiting to upload.
 */
uploads_waiting: number, 
/**
 * True once enrolled.
 */
enrolled: boolean, 
/**
 * The server it syncs with.
 */
server: string | null, 
/**
 * Its wards.
 */
wards: Array<string>, 
/**
 * Who is logged in.
 */
clinician: Clinician | null, 
/**
 * What they may do (nothing when nobody is logged in): the window offers only that.
 */
may: Permissions, 
/**
 * True when the session is locked after inactivity.
 */
locked: boolean, 
/**
 * Whether the last sync reached the server (unknown before the first).
 */
online: boolean | null, 
/**
 * True while a sync runs.
 */
syncing: boolean, 
/**
 * The last sync's failure, in plain words.
 */
last_error: string | null, 
/**
 * The device id.
 */
device_id: string, 
/**
 * Patients on this workstation.
 */
patients: number, 
/**
 * Documents on this workstation.
 */
documents: number, 
/**
 * Changes made here that the server has not acknowledged.
 */
pending_changes: number, 
/**
 * Documents with something to send or fetch.
 */
documents_due: number, 
/**
 * When the last complete sync finished (device clock).
 */
last_sync: string | null, 
/**
 * Fields two workstations changed at once, waiting in the Inbox for a decision.
 */
conflicts: number, 
/**
 * Edits the server refused, set aside in the Inbox.
 */
set_aside: number, };

export type AppointmentKind = "appointment" | "procedure";

export type AppointmentLine = { 
/**
 * Appointment id.
 */
appointment_id: string, 
/**
 * Patient id.
 */
patient_id: string, 
/**
 * What it is for.
 */
title: string, 
/**
 * Start.
 */
starts_at: string, 
/**
 * Minutes.
 */
duration_minutes: number, 
/**
 * Where.
 */
location: string | null, 
/**
 * Scheduled or cancelled.
 */
status: AppointmentStatus, 
/**
 * Appointment or procedure.
 */
kind: AppointmentKind, };

export type AppointmentStatus = "scheduled" | "cancelled";

export type Band = "low" | "low_medium" | "medium" | "high";

export type BoardTask = { 
/**
 * The task's id.
 */
record_id: string, 
/**
 * Whose.
 */
patient_id: string, 
/**
 * "OKAFOR, Dmitri".
 */
patient_name: string, 
/**
 * Their bed, if any.
 */
bed: string | null, 
/**
 * What to do, e.g. "Remove urinary catheter".
 */
title: string, 
/**
 * Who should do it (login name), if assigned.
 */
assignee: string | null, 
/**
 * When it is due, RFC 3339.
 */
due: string | null, 
/**
 * Routine or urgent.
 */
priority: Priority, 
/**
 * To do, in progress or done.
 */
status: TaskStatus, 
/**
 * Who created it.
 */
created_by: string, 
/**
 * When, RFC 3339.
 */
created_at: string, 
/**
 * When it was done, RFC 3339.
 */
completed_at: string | null, };

export type Candidate = { 
/**
 * Whose chart to open.
 */
patient_id: string, 
/**
 * Medical record number.
 */
mrn: string, 
/**
 * Given name.
 */
given_name: string, 
/**
 * Family name.
 */
family_name: string, 
/**
 * Birth date, `YYYY-MM-DD`.
 */
birth_date: string, 
/**
 * Their ward.
 */
ward: string, 
/**
 * Their bed, if admitted to one.
 */
bed: string | null, };

export type Clinician = { 
/**
 * Server user id.
 */
user_id: string, 
/**
 * Login name.
 */
username: string, 
/**
 * Name recorded on notes and orders.
 */
display_name: string, 
/**
 * Roles.
 */
roles: Array<Role>, 
/**
 * True when the session was opened without the server (marked in the audit).
 */
offline: boolean, };

export type CommandError = { 
/**
 * The same stable code as the HTTP API's (serialized as e.g. `UNAUTHENTICATED`).
 */
code: ErrorCode, 
/**
 * Human-readable, without patient data.
 */
message: string, 
/**
 * The chart rule a refused value broke (e.g. `APPEND_ONLY`), when it was one.
 */
rule?: RejectCode, };

export type ConflictLine = { 
/**
 * The document.
 */
doc_id: string, 
/**
 * Whose chart.
 */
patient_id: string, 
/**
 * The patient's name as the ward list shows it ("OKAFOR, Dmitri"), when held here.
 */
patient_name: string | null, 
/**
 * The patient's bed, if any.
 */
bed: string | null, 
/**
 * The field, map keys joined by `/` (e.g. `demographics/phone`).
 */
path: string, 
/**
 * Every value, the one shown until resolved first.
 */
values: Array<FieldValue>, 
/**
 * Who wrote each value and when, in the order of `values` (empty for a conflict
 * found before workstations kept this).
 */
written: Array<Written>, };

export type Consciousness = "alert" | "new_confusion" | "voice" | "pain" | "unresponsive";

export type Contribution = { 
/**
 * Which observation.
 */
parameter: Parameter, 
/**
 * Its points, 0–3.
 */
points: number, };

export type Deletion = { 
/**
 * Who.
 */
by: string, 
/**
 * When, RFC 3339.
 */
at: string, };

export type DeviceProfile = "ward_workstation" | "front_desk";

export type DocumentCategory = "preop" | "lab" | "radiology" | "intraop" | "ot_notes" | "postop" | "discharge";

export type DocumentRef = { 
/**
 * Its tile.
 */
category: DocumentCategory, 
/**
 * The name it was captured under (shown, never used as a storage key).
 */
file_name: string, 
/**
 * E.g. `application/pdf`, `image/jpeg`.
 */
mime_type: string, 
/**
 * Bytes.
 */
size: number, 
/**
 * SHA-256 of the bytes, lowercase hex: the blob's address.
 */
sha256: string, 
/**
 * SHA-256 of the thumbnail made for an image, if any.
 */
thumbnail_sha256: string | null, 
/**
 * Who captured it.
 */
uploaded_by: string, 
/**
 * When, RFC 3339 (device clock).
 */
captured_at: string, 
/**
 * Verification stamps (lab and radiology), oldest first; never changed.
 */
stamps: Array<Stamp>, 
/**
 * Set once when the document is removed from the chart.
 */
deleted: Deletion | null, };

export type DoseState = "given" | "held" | "refused" | "due" | "overdue" | "upcoming";

export type Enrolled = { 
/**
 * The device.
 */
device_id: string, 
/**
 * Its profile.
 */
profile: DeviceProfile, 
/**
 * Its wards.
 */
wards: Array<string>, };

export type Entry<T> = { 
/**
 * The record's id.
 */
record_id: string, } & T;

export type ErrorCode = "VALIDATION_ERROR" | "UNAUTHENTICATED" | "FORBIDDEN" | "DEVICE_REVOKED" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "CONFLICT" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "RATE_LIMITED" | "DB_ERROR" | "INTERNAL_ERROR" | "EXTERNAL_API_ERROR" | "UNAVAILABLE";

export type FieldValue = null | boolean | number | number | string;

export type Lookup = { 
/**
 * The patients, those the server found first.
 */
candidates: Array<Candidate>, 
/**
 * The server was out of reach: only patients held on this workstation are listed.
 */
offline: boolean, };

export type Namesake = { 
/**
 * Their bed, if they have one.
 */
bed: string | null, 
/**
 * Their MRN.
 */
mrn: string, };

export type NewAllergy = { 
/**
 * What the patient reacts to.
 */
substance: string, 
/**
 * The reaction.
 */
reaction: string, 
/**
 * How bad it is.
 */
severity: Severity, };

export type NewAppointment = { 
/**
 * What it is for.
 */
title: string, 
/**
 * Start, RFC 3339.
 */
starts_at: string, 
/**
 * Planned length in minutes.
 */
duration_minutes: number, 
/**
 * Room or clinic.
 */
location: string | null, 
/**
 * Appointment or procedure.
 */
kind: AppointmentKind, };

export type NewPatient = { 
/**
 * MRN, if already assigned; otherwise a provisional one is made.
 */
mrn: string | null, 
/**
 * Given name.
 */
given_name: string, 
/**
 * Family name.
 */
family_name: string, 
/**
 * `YYYY-MM-DD`.
 */
birth_date: string, 
/**
 * Administrative sex.
 */
sex: Sex, 
/**
 * Telephone.
 */
phone: string | null, 
/**
 * Address.
 */
address: string | null, 
/**
 * Ward code.
 */
ward: string, 
/**
 * Bed label.
 */
bed: string | null, };

export type NewPrescription = { 
/**
 * Drug.
 */
drug: string, 
/**
 * Dose with unit.
 */
dose: string, 
/**
 * Route.
 */
route: string, 
/**
 * Frequency in words; may be left empty when a schedule says it.
 */
frequency: string, 
/**
 * First day.
 */
start: string, 
/**
 * Last day.
 */
end: string | null, 
/**
 * When the doses fall, if scheduled.
 */
schedule: Schedule | null, 
/**
 * How many doses the course is, if counted.
 */
doses: number | null, };

export type NewProblem = { 
/**
 * ICD-10 code.
 */
code: string, 
/**
 * The problem in words.
 */
text: string, 
/**
 * Onset date, `YYYY-MM-DD`.
 */
onset: string | null, };

export type NewTask = { 
/**
 * What to do.
 */
title: string, 
/**
 * Who should do it (login name).
 */
assignee: string | null, 
/**
 * When it is due, RFC 3339.
 */
due: string | null, 
/**
 * Routine or urgent.
 */
priority: Priority, };

export type News2 = { 
/**
 * The sum of the points of the observations taken.
 */
total: number, 
/**
 * Each observation taken, with its points.
 */
contributions: Array<Contribution>, 
/**
 * True when all seven were taken: only then is `total` a NEWS2.
 */
complete: boolean, 
/**
 * The clinical response the score calls for.
 */
band: Band, };

export type News2Alert = { 
/**
 * The set of vital signs.
 */
record_id: string, 
/**
 * Whose.
 */
patient_id: string, 
/**
 * "OKAFOR, Dmitri".
 */
patient_name: string, 
/**
 * Their ward.
 */
ward: string, 
/**
 * Their bed, if any.
 */
bed: string | null, 
/**
 * The set with its score.
 */
vitals: ScoredVitals, };

export type NoteKind = "progress" | "nursing" | "operative" | "discharge";

export type NoteLine = { 
/**
 * Note id.
 */
note_id: string, 
/**
 * Progress, nursing, operative or discharge.
 */
kind: NoteKind, 
/**
 * Who began it.
 */
author: string, 
/**
 * Draft or signed.
 */
status: NoteStatus, 
/**
 * The text.
 */
body: string, 
/**
 * Who signed it.
 */
signed_by: string | null, 
/**
 * When it was signed.
 */
signed_at: string | null, };

export type NoteStatus = "draft" | "signed";

export type Parameter = "respiratory_rate" | "spo2" | "air_or_oxygen" | "systolic_pressure" | "pulse" | "consciousness" | "temperature";

export type PathwayStage = "pre_op" | "intra_op" | "post_op" | "discharge";

export type PatientChart = { 
/**
 * Who and where.
 */
patient: PatientSummary, 
/**
 * Notes, drafts included.
 */
notes: Array<NoteLine>, 
/**
 * Medication orders.
 */
prescriptions: Array<PrescriptionLine>, 
/**
 * Appointments by start time.
 */
appointments: Array<AppointmentLine>, 
/**
 * Allergies, oldest first.
 */
allergies: Array<Entry<Allergy>>, 
/**
 * The problem list.
 */
problems: Array<Entry<Problem>>, 
/**
 * Sets of vital signs with their NEWS2, oldest first.
 */
vitals: Array<Entry<ScoredVitals>>, 
/**
 * The medication administration record.
 */
administrations: Array<Entry<Administration>>, 
/**
 * Ward tasks for the patient.
 */
tasks: Array<Entry<Task>>, 
/**
 * Documents attached to the chart.
 */
documents: Array<Entry<DocumentRef>>, 
/**
 * The documents by category, for the chart's tiles.
 */
tiles: Array<Tile>, };

export type PatientEdit = { 
/**
 * New given name.
 */
given_name?: string, 
/**
 * New family name.
 */
family_name?: string, 
/**
 * New birth date.
 */
birth_date?: string, 
/**
 * New telephone.
 */
phone?: string, 
/**
 * New address.
 */
address?: string, 
/**
 * New ward.
 */
ward?: string, 
/**
 * New bed.
 */
bed?: string, };

export type PatientSummary = { 
/**
 * Patient id.
 */
patient_id: string, 
/**
 * Medical record number.
 */
mrn: string, 
/**
 * Given name.
 */
given_name: string, 
/**
 * Family name.
 */
family_name: string, 
/**
 * Birth date.
 */
birth_date: string, 
/**
 * Administrative sex.
 */
sex: Sex, 
/**
 * Contact telephone.
 */
phone: string | null, 
/**
 * Ward code.
 */
ward: string, 
/**
 * Bed label.
 */
bed: string | null, 
/**
 * Admitted, outpatient or discharged.
 */
status: AdmissionStatus, 
/**
 * The surgical pathway's stage, for surgical patients.
 */
pathway: PathwayStage | null, 
/**
 * The MRN given offline, once replaced by a permanent one.
 */
provisional_mrn: string | null, 
/**
 * Active allergies (an alert on the ward list).
 */
active_allergies: number, 
/**
 * Open urgent tasks (an alert on the ward list).
 */
urgent_tasks: number, 
/**
 * The latest set of vital signs holding any of NEWS2's observations, with its score.
 */
latest_vitals: ScoredVitals | null, 
/**
 * Another admitted patient of the ward is in the same bed (two workstations placed
 * them there at once): someone must move one of them.
 */
bed_shared: boolean, 
/**
 * The ward's patients whose name is the same or nearly so: a name alert.
 */
namesakes: Array<Namesake>, 
/**
 * Scheduled doses due now (within an hour of their time) and not recorded.
 */
doses_due: number, 
/**
 * Scheduled doses more than an hour past their time and not recorded.
 */
doses_overdue: number, };

export type Permissions = { 
/**
 * Reads clinical documents (notes, medicines, observations...).
 */
read_clinical: boolean, 
/**
 * Finds and opens charts outside the wards (any role that reads charts).
 */
break_glass: boolean, 
/**
 * Registers, edits details, admits, transfers and discharges.
 */
register: boolean, 
/**
 * Books appointments and procedures.
 */
schedule: boolean, 
/**
 * Orders and stops medicines.
 */
prescribe: boolean, 
/**
 * Records doses given, held or refused.
 */
give_medicines: boolean, 
/**
 * Records allergies and changes their status.
 */
record_allergies: boolean, 
/**
 * Adds problems and changes their status.
 */
manage_problems: boolean, 
/**
 * Records vital signs.
 */
record_vitals: boolean, 
/**
 * Adds tasks and moves them along.
 */
manage_tasks: boolean, 
/**
 * Shares education videos.
 */
share_education: boolean, 
/**
 * Attaches and stamps documents.
 */
attach_documents: boolean, 
/**
 * The kinds of note the user may write, the one their first role writes first (a
 * nurse's note is a nursing note).
 */
note_kinds: Array<NoteKind>, };

export type PrescriptionLine = { 
/**
 * Prescription id.
 */
prescription_id: string, 
/**
 * Drug.
 */
drug: string, 
/**
 * Dose.
 */
dose: string, 
/**
 * Route.
 */
route: string, 
/**
 * Frequency.
 */
frequency: string, 
/**
 * First day.
 */
start: string, 
/**
 * Last day.
 */
end: string | null, 
/**
 * Prescriber.
 */
prescriber: string, 
/**
 * Active, stopped or completed.
 */
status: PrescriptionStatus, 
/**
 * When its doses fall, if scheduled.
 */
schedule: Schedule | null, 
/**
 * How many doses the course is, if counted.
 */
doses: number | null, };

export type PrescriptionStatus = "active" | "stopped" | "completed";

export type Priority = "routine" | "urgent";

export type Problem = { 
/**
 * ICD-10 code, e.g. `K35.8`.
 */
code: string, 
/**
 * The problem in words, e.g. "Acute appendicitis".
 */
text: string, 
/**
 * Active or resolved.
 */
status: ProblemStatus, 
/**
 * Onset date, `YYYY-MM-DD`, if known.
 */
onset: string | null, 
/**
 * Who recorded it.
 */
recorded_by: string, 
/**
 * When, RFC 3339.
 */
recorded_at: string, };

export type ProblemStatus = "active" | "resolved" | "entered_in_error";

export type ProcedureLine = { 
/**
 * "OKAFOR, Dmitri".
 */
patient_name: string, 
/**
 * Their bed, if any.
 */
bed: string | null, 
/**
 * Appointment id.
 */
appointment_id: string, 
/**
 * Patient id.
 */
patient_id: string, 
/**
 * What it is for.
 */
title: string, 
/**
 * Start.
 */
starts_at: string, 
/**
 * Minutes.
 */
duration_minutes: number, 
/**
 * Where.
 */
location: string | null, 
/**
 * Scheduled or cancelled.
 */
status: AppointmentStatus, 
/**
 * Appointment or procedure.
 */
kind: AppointmentKind, };

export type Quarantined = { 
/**
 * Its id.
 */
quarantine_id: string, 
/**
 * The document.
 */
doc_id: string, 
/**
 * Whose chart.
 */
patient_id: string, 
/**
 * The rule the server said the edits broke, e.g. `SIGNED_NOTE_IMMUTABLE`.
 */
code: RejectCode, 
/**
 * The server's explanation.
 */
message: string, 
/**
 * When it was set aside.
 */
at: string, 
/**
 * The document as this workstation had it, refused edits included.
 */
content: unknown, };

export type Recommendations = { 
/**
 * Who answered.
 */
source: Recommender, 
/**
 * The videos.
 */
videos: Array<Video>, 
/**
 * Why the video provider did not answer, if it failed.
 */
fallback_reason: string | null, 
/**
 * When the server answered (device clock).
 */
fetched_at: string, 
/**
 * True when this is the list kept from an earlier answer (the server is out of reach).
 */
offline: boolean, };

export type Recommender = "catalog" | "youtube" | "youtube_cache" | "other";

export type RejectCode = "SCHEMA" | "INVALID_VALUE" | "SIGNED_NOTE_IMMUTABLE" | "DRAFT_CLOSED" | "WRONG_PATIENT" | "TOO_LARGE" | "MALFORMED" | "APPEND_ONLY" | "FORBIDDEN";

export type Role = "ADMIN" | "DOCTOR" | "NURSE" | "CLERK" | "TECHNICIAN";

export type Schedule = { 
/**
 * How the doses are timed.
 */
timing: Timing, 
/**
 * Times of day: the times, "HH:MM". Every so many hours: the first dose's time of day
 * on the first day. Once: the ward's date and time, "YYYY-MM-DDTHH:MM". As needed:
 * nothing.
 */
at: Array<string>, 
/**
 * Every so many hours: the hours between doses. As needed: the shortest time between
 * two doses, in hours.
 */
hours: number | null, 
/**
 * As needed: the most doses in any 24 hours, if limited.
 */
max_per_day: number | null, };

export type ScheduledDose = { 
/**
 * Whose.
 */
patient_id: string, 
/**
 * "OKAFOR, Dmitri".
 */
patient_name: string, 
/**
 * Their bed, if any.
 */
bed: string | null, 
/**
 * The order.
 */
prescription_id: string, 
/**
 * Drug.
 */
drug: string, 
/**
 * Dose.
 */
dose: string, 
/**
 * Route.
 */
route: string, 
/**
 * When it is due (RFC 3339, UTC).
 */
due_at: string, 
/**
 * Given, held, refused, due, overdue or upcoming.
 */
state: DoseState, 
/**
 * The recorded dose that answers it.
 */
record_id: string | null, 
/**
 * When that dose was recorded as given (or held).
 */
recorded_at: string | null, 
/**
 * Who recorded it.
 */
recorded_by: string | null, 
/**
 * On the ward's round, the patient's active allergies, worst first, e.g.
 * "Penicillin (severe)": whoever gives the dose sees them on its line. Empty in a
 * chart's own grid, under the chart's allergy banner.
 */
allergies: Array<string>, };

export type ScoredVitals = { 
/**
 * Their NEWS2, when they hold any of its observations.
 */
news2: News2 | null, 
/**
 * When they were taken, RFC 3339.
 */
taken_at: string, 
/**
 * Who took them.
 */
recorded_by: string, 
/**
 * Body temperature.
 */
temperature: Temperature | null, 
/**
 * Pulse, beats per minute.
 */
pulse_bpm: number | null, 
/**
 * Systolic blood pressure, mmHg.
 */
systolic_mmhg: number | null, 
/**
 * Diastolic blood pressure, mmHg.
 */
diastolic_mmhg: number | null, 
/**
 * Respiratory rate, breaths per minute.
 */
respiratory_rate: number | null, 
/**
 * Oxygen saturation, percent.
 */
spo2_pct: number | null, 
/**
 * Body weight.
 */
weight: Weight | null, 
/**
 * Level of consciousness (ACVPU).
 */
consciousness: Consciousness | null, 
/**
 * True when the patient was on supplemental oxygen, false on room air.
 */
on_oxygen: boolean | null, 
/**
 * The SpO₂ scale the patient is scored on (scale 1 unless a clinician chose 2).
 */
spo2_scale: Spo2Scale | null, };

export type Severity = "mild" | "moderate" | "severe" | "life_threatening";

export type Sex = "female" | "male" | "other" | "unknown";

export type Spo2Scale = "scale1" | "scale2";

export type Stamp = { 
/**
 * Who verified.
 */
by: string, 
/**
 * When, RFC 3339.
 */
at: string, 
/**
 * What they state, e.g. "Reviewed, no action needed".
 */
statement: string, };

export type StartupProblem = { 
/**
 * What went wrong, in words.
 */
message: string, 
/**
 * The folder's database cannot be read with this keyring (the key is missing or
 * another): it can be set aside and the workstation enrolled afresh.
 */
unreadable: boolean, 
/**
 * The workstation's folder.
 */
folder: string, };

export type SyncProgress = { 
/**
 * Chart documents the server sent or announced so far in this run.
 */
documents_done: number, 
/**
 * Those plus the ones the server says still wait.
 */
documents_total: number, 
/**
 * Response body bytes so far.
 */
bytes_received: number, 
/**
 * Request body bytes so far.
 */
bytes_sent: number, };

export type Task = { 
/**
 * What to do, e.g. "Remove urinary catheter".
 */
title: string, 
/**
 * Who should do it (login name), if assigned.
 */
assignee: string | null, 
/**
 * When it is due, RFC 3339.
 */
due: string | null, 
/**
 * Routine or urgent.
 */
priority: Priority, 
/**
 * To do, in progress or done.
 */
status: TaskStatus, 
/**
 * Who created it.
 */
created_by: string, 
/**
 * When, RFC 3339.
 */
created_at: string, 
/**
 * When it was done, RFC 3339.
 */
completed_at: string | null, };

export type TaskLine = { 
/**
 * The task's id.
 */
record_id: string, 
/**
 * Whose task it is about.
 */
patient_id: string, 
/**
 * What to do, e.g. "Remove urinary catheter".
 */
title: string, 
/**
 * Who should do it (login name), if assigned.
 */
assignee: string | null, 
/**
 * When it is due, RFC 3339.
 */
due: string | null, 
/**
 * Routine or urgent.
 */
priority: Priority, 
/**
 * To do, in progress or done.
 */
status: TaskStatus, 
/**
 * Who created it.
 */
created_by: string, 
/**
 * When, RFC 3339.
 */
created_at: string, 
/**
 * When it was done, RFC 3339.
 */
completed_at: string | null, };

export type TaskStatus = "todo" | "in_progress" | "done";

export type Temperature = { 
/**
 * The reading.
 */
value: number, 
/**
 * Its scale.
 */
unit: TemperatureUnit, };

export type TemperatureUnit = "C" | "F";

export type Tile = { 
/**
 * The category.
 */
category: DocumentCategory, 
/**
 * Live documents in it.
 */
count: number, };

export type TimelineEvent = { 
/**
 * When (RFC 3339; dates of orders are the day's start).
 */
at: string, 
/**
 * What kind of event.
 */
kind: TimelineKind, 
/**
 * The record it comes from.
 */
id: string, 
/**
 * What it was, in a line: the drug and dose, the values and score, the note's first
 * words, the allergy, the task.
 */
what: string, 
/**
 * Who did it, when recorded.
 */
who: string | null, };

export type TimelineKind = "addendum" | "administration" | "allergy_recorded" | "appointment" | "note_signed" | "prescription_started" | "problem_recorded" | "task_completed" | "task_created" | "video_shared" | "vitals";

export type Timing = "times_of_day" | "every_hours" | "once" | "as_needed";

export type Video = { 
/**
 * The provider's id, or the catalog's.
 */
video_id: string, 
/**
 * Title.
 */
title: string, 
/**
 * Where to watch it.
 */
url: string, 
/**
 * Who published it.
 */
channel: string, };

export type VitalSigns = { 
/**
 * Body temperature.
 */
temperature: Temperature | null, 
/**
 * Pulse, beats per minute.
 */
pulse_bpm: number | null, 
/**
 * Systolic blood pressure, mmHg.
 */
systolic_mmhg: number | null, 
/**
 * Diastolic blood pressure, mmHg.
 */
diastolic_mmhg: number | null, 
/**
 * Respiratory rate, breaths per minute.
 */
respiratory_rate: number | null, 
/**
 * Oxygen saturation, percent.
 */
spo2_pct: number | null, 
/**
 * Body weight.
 */
weight: Weight | null, 
/**
 * Level of consciousness (ACVPU).
 */
consciousness: Consciousness | null, 
/**
 * On supplemental oxygen (true) or room air (false).
 */
on_oxygen: boolean | null, 
/**
 * The NEWS2 SpO₂ scale the patient is scored on.
 */
spo2_scale: Spo2Scale | null, 
/**
 * When the set was taken (RFC 3339); now when not given. Not in the future, at most
 * a day back.
 */
taken_at: string | null, };

export type Vitals = { 
/**
 * When they were taken, RFC 3339.
 */
taken_at: string, 
/**
 * Who took them.
 */
recorded_by: string, 
/**
 * Body temperature.
 */
temperature: Temperature | null, 
/**
 * Pulse, beats per minute.
 */
pulse_bpm: number | null, 
/**
 * Systolic blood pressure, mmHg.
 */
systolic_mmhg: number | null, 
/**
 * Diastolic blood pressure, mmHg.
 */
diastolic_mmhg: number | null, 
/**
 * Respiratory rate, breaths per minute.
 */
respiratory_rate: number | null, 
/**
 * Oxygen saturation, percent.
 */
spo2_pct: number | null, 
/**
 * Body weight.
 */
weight: Weight | null, 
/**
 * Level of consciousness (ACVPU).
 */
consciousness: Consciousness | null, 
/**
 * True when the patient was on supplemental oxygen, false on room air.
 */
on_oxygen: boolean | null, 
/**
 * The SpO₂ scale the patient is scored on (scale 1 unless a clinician chose 2).
 */
spo2_scale: Spo2Scale | null, };

export type WardDashboard = { 
/**
 * Patients by ward and status ("SURG-A" → admitted, outpatient …).
 */
census: { [key in string]: { [key in string]: number } }, 
/**
 * Admitted patients by pathway stage ("pre_op" …; "none" without one).
 */
pathway: { [key in string]: number }, 
/**
 * Procedures booked from now on, soonest first.
 */
upcoming_procedures: Array<ProcedureLine>, 
/**
 * The shift's key figures.
 */
figures: WardFigures, };

export type WardFigures = { 
/**
 * Admitted patients.
 */
admitted: number, 
/**
 * Open tasks.
 */
open_tasks: number, 
/**
 * Open urgent tasks.
 */
urgent_tasks: number, 
/**
 * Tasks done in the last 24 hours.
 */
done_tasks: number, 
/**
 * Active medication orders.
 */
active_orders: number, 
/**
 * Scheduled doses due now.
 */
doses_due: number, 
/**
 * Scheduled doses overdue.
 */
doses_overdue: number, 
/**
 * Patients whose latest NEWS2 is medium (5–6).
 */
news2_medium: number, 
/**
 * Patients whose latest NEWS2 is high (7 or more).
 */
news2_high: number, 
/**
 * Admitted patients with no observations recorded.
 */
without_obs: number, };

export type Weight = { 
/**
 * The reading.
 */
value: number, 
/**
 * Its unit.
 */
unit: WeightUnit, };

export type WeightUnit = "kg" | "lb";

export type Written = { 
/**
 * The clinician's name, if the change gave one.
 */
by: string | null, 
/**
 * When (RFC 3339, UTC), if the change gave a time.
 */
at: string | null, };

export const PERMISSIONS_BY_ROLE: Record<Role, Permissions> = {
  "ADMIN": {
    "read_clinical": false,
    "break_glass": false,
    "register": false,
    "schedule": false,
    "prescribe": false,
    "give_medicines": false,
    "record_allergies": false,
    "manage_problems": false,
    "record_vitals": false,
    "manage_tasks": false,
    "share_education": false,
    "attach_documents": false,
    "note_kinds": []
  },
  "DOCTOR": {
    "read_clinical": true,
    "break_glass": true,
    "register": true,
    "schedule": true,
    "prescribe": true,
    "give_medicines": true,
    "record_allergies": true,
    "manage_problems": true,
    "record_vitals": true,
    "manage_tasks": true,
    "share_education": true,
    "attach_documents": true,
    "note_kinds": [
      "progress",
      "operative",
      "discharge"
    ]
  },
  "NURSE": {
    "read_clinical": true,
    "break_glass": true,
    "register": false,
    "schedule": true,
    "prescribe": false,
    "give_medicines": true,
    "record_allergies": true,
    "manage_problems": false,
    "record_vitals": true,
    "manage_tasks": true,
    "share_education": true,
    "attach_documents": true,
    "note_kinds": [
      "nursing"
    ]
  },
  "CLERK": {
    "read_clinical": false,
    "break_glass": true,
    "register": true,
    "schedule": true,
    "prescribe": false,
    "give_medicines": false,
    "record_allergies": false,
    "manage_problems": false,
    "record_vitals": false,
    "manage_tasks": false,
    "share_education": false,
    "attach_documents": false,
    "note_kinds": []
  },
  "TECHNICIAN": {
    "read_clinical": true,
    "break_glass": true,
    "register": false,
    "schedule": false,
    "prescribe": false,
    "give_medicines": false,
    "record_allergies": false,
    "manage_problems": false,
    "record_vitals": false,
    "manage_tasks": false,
    "share_education": false,
    "attach_documents": true,
    "note_kinds": []
  }
};
