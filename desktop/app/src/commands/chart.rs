//! The census and the patient chart: reading it and the clinical work done in it.

use bedside_client::records::{NewTask, VitalSigns};
use bedside_client::store::queries::{AppointmentLine, NoteLine, PatientSummary, PrescriptionLine};
use bedside_client::store::records::{Entry, TaskLine};
use bedside_client::{NewPatient, Tile};
use bedside_shared::chart::{
    Administration, Allergy, DocumentRef, NoteKind, Problem, Task, TaskStatus, Vitals,
};
use bedside_shared::{NoteId, PatientId};
use serde::Serialize;
use tauri::State;

use super::{Answer, CommandError, held, id};
use crate::Engine;

/// Patients on this workstation, all or those matching `text` (name or MRN).
#[tauri::command]
pub async fn patients(
    engine: State<'_, Engine>,
    text: Option<String>,
) -> Answer<Vec<PatientSummary>> {
    let ws = held(&engine).await?;
    match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => Ok(ws.store().search(text, 100)?),
        None => Ok(ws.store().patients(None)?),
    }
}

/// Registers a patient; returns their id.
#[tauri::command]
pub async fn register_patient(engine: State<'_, Engine>, patient: NewPatient) -> Answer<String> {
    Ok(held(&engine).await?.register_patient(patient)?.to_string())
}

/// One patient's chart as the window shows it.
#[derive(Debug, Serialize)]
pub struct ChartScreen {
    patient: PatientSummary,
    notes: Vec<NoteLine>,
    prescriptions: Vec<PrescriptionLine>,
    appointments: Vec<AppointmentLine>,
    allergies: Vec<Entry<Allergy>>,
    problems: Vec<Entry<Problem>>,
    vitals: Vec<Entry<Vitals>>,
    administrations: Vec<Entry<Administration>>,
    tasks: Vec<Entry<Task>>,
    documents: Vec<Entry<DocumentRef>>,
    tiles: Vec<Tile>,
}

/// Opens a patient's chart (recorded in the audit log).
#[tauri::command]
pub async fn chart(engine: State<'_, Engine>, patient_id: String) -> Answer<ChartScreen> {
    let ws = held(&engine).await?;
    let patient: PatientId = id(&patient_id)?;
    ws.may_open(&patient_id)?;
    let view = ws.store().chart_view(&patient_id)?.ok_or(CommandError {
        code: "NOT_FOUND".into(),
        message: "this patient is not on this workstation".into(),
    })?;
    let store = ws.store();
    Ok(ChartScreen {
        patient: view.patient,
        notes: view.notes,
        prescriptions: view.prescriptions,
        appointments: view.appointments,
        allergies: store.records(&patient_id, "allergies")?,
        problems: store.records(&patient_id, "problems")?,
        vitals: store.records(&patient_id, "vitals")?,
        administrations: store.records(&patient_id, "administrations")?,
        tasks: store.records(&patient_id, "tasks")?,
        documents: ws.documents(patient)?,
        tiles: ws.document_tiles(patient)?,
    })
}

/// Starts a note; returns its id.
#[tauri::command]
pub async fn begin_note(
    engine: State<'_, Engine>,
    patient_id: String,
    kind: NoteKind,
    text: String,
) -> Answer<String> {
    let mut ws = held(&engine).await?;
    Ok(ws.begin_note(id(&patient_id)?, kind, &text)?.to_string())
}

/// Saves a draft's text.
#[tauri::command]
pub async fn write_note(
    engine: State<'_, Engine>,
    patient_id: String,
    note_id: String,
    text: String,
) -> Answer<()> {
    let mut ws = held(&engine).await?;
    Ok(ws.write_note(id(&patient_id)?, id::<NoteId>(&note_id)?, &text)?)
}

/// Signs a draft: its text never changes again.
#[tauri::command]
pub async fn sign_note(
    engine: State<'_, Engine>,
    patient_id: String,
    note_id: String,
) -> Answer<()> {
    let mut ws = held(&engine).await?;
    Ok(ws.sign_note(id(&patient_id)?, id::<NoteId>(&note_id)?)?)
}

/// Adds an addendum to a signed note.
#[tauri::command]
pub async fn add_addendum(
    engine: State<'_, Engine>,
    patient_id: String,
    note_id: String,
    text: String,
) -> Answer<String> {
    let mut ws = held(&engine).await?;
    let added = ws.add_addendum(id(&patient_id)?, id::<NoteId>(&note_id)?, &text)?;
    Ok(added.to_string())
}

/// Records a set of vital signs.
#[tauri::command]
pub async fn record_vitals(
    engine: State<'_, Engine>,
    patient_id: String,
    signs: VitalSigns,
) -> Answer<String> {
    let mut ws = held(&engine).await?;
    Ok(ws.record_vitals(id(&patient_id)?, signs)?.to_string())
}

/// Adds a task for the ward team.
#[tauri::command]
pub async fn add_task(
    engine: State<'_, Engine>,
    patient_id: String,
    task: NewTask,
) -> Answer<String> {
    let mut ws = held(&engine).await?;
    Ok(ws.add_task(id(&patient_id)?, task)?.to_string())
}

/// Moves a task along.
#[tauri::command]
pub async fn set_task_status(
    engine: State<'_, Engine>,
    patient_id: String,
    record_id: String,
    status: TaskStatus,
) -> Answer<()> {
    let mut ws = held(&engine).await?;
    Ok(ws.set_task_status(id(&patient_id)?, id(&record_id)?, status)?)
}

/// Open tasks assigned to the logged-in clinician, across the ward.
#[tauri::command]
pub async fn my_tasks(engine: State<'_, Engine>) -> Answer<Vec<TaskLine>> {
    Ok(held(&engine).await?.my_tasks()?)
}
