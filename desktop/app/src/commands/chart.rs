//! The census and the patient chart: reading it and the clinical work done in it.

use bedside_client::NewPatient;
use bedside_client::patient_chart::PatientChart;
use bedside_client::records::{NewTask, VitalSigns};
use bedside_client::store::alerts::News2Alert;
use bedside_client::store::queries::PatientSummary;
use bedside_client::store::records::TaskLine;
use bedside_shared::NoteId;
use bedside_shared::chart::{NoteKind, TaskStatus};
use tauri::State;

use super::{Answer, editing, heavy, held, id};
use crate::Engine;

/// Patients on this workstation in bed order, all or those matching `text` (bed, name
/// or MRN), with their name alerts.
#[tauri::command]
pub async fn patients(
    engine: State<'_, Engine>,
    text: Option<String>,
) -> Answer<Vec<PatientSummary>> {
    let ws = held(&engine)?;
    match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => Ok(ws.charts().find_patients(text, 100)?),
        None => Ok(ws.charts().ward_list(None)?),
    }
}

/// Patients here who may be the person about to be registered (same birth date, a near
/// name).
#[tauri::command]
pub async fn possible_duplicates(
    engine: State<'_, Engine>,
    given_name: String,
    family_name: String,
    birth_date: String,
) -> Answer<Vec<PatientSummary>> {
    let ws = held(&engine)?;
    Ok(ws
        .charts()
        .possible_duplicates(&given_name, &family_name, &birth_date)?)
}

/// Registers a patient; returns their id.
#[tauri::command]
pub async fn register_patient(engine: State<'_, Engine>, patient: NewPatient) -> Answer<String> {
    Ok(editing(&engine)?
        .charts()
        .register_patient(patient)?
        .to_string())
}

/// Opens a patient's chart (recorded in the audit log).
#[tauri::command]
pub async fn chart(engine: State<'_, Engine>, patient_id: String) -> Answer<PatientChart> {
    let ws = held(&engine)?;
    Ok(ws.charts().open_chart(id(&patient_id)?)?)
}

/// Starts a note; returns its id.
#[tauri::command]
pub async fn begin_note(
    engine: State<'_, Engine>,
    patient_id: String,
    kind: NoteKind,
    text: String,
) -> Answer<String> {
    let ws = editing(&engine)?;
    Ok(ws
        .charts()
        .begin_note(id(&patient_id)?, kind, &text)?
        .to_string())
}

/// Saves a draft's text.
#[tauri::command]
pub async fn write_note(
    engine: State<'_, Engine>,
    patient_id: String,
    note_id: String,
    text: String,
) -> Answer<()> {
    let ws = editing(&engine)?;
    Ok(ws
        .charts()
        .write_note(id(&patient_id)?, id::<NoteId>(&note_id)?, &text)?)
}

/// Signs a draft: its text never changes again.
#[tauri::command]
pub async fn sign_note(
    engine: State<'_, Engine>,
    patient_id: String,
    note_id: String,
) -> Answer<()> {
    let (patient, note) = (id(&patient_id)?, id::<NoteId>(&note_id)?);
    let ws = editing(&engine)?;
    Ok(heavy(|| ws.charts().sign_note(patient, note))?)
}

/// Adds an addendum to a signed note.
#[tauri::command]
pub async fn add_addendum(
    engine: State<'_, Engine>,
    patient_id: String,
    note_id: String,
    text: String,
) -> Answer<String> {
    let ws = editing(&engine)?;
    let added = ws
        .charts()
        .add_addendum(id(&patient_id)?, id::<NoteId>(&note_id)?, &text)?;
    Ok(added.to_string())
}

/// Records a set of vital signs.
#[tauri::command]
pub async fn record_vitals(
    engine: State<'_, Engine>,
    patient_id: String,
    signs: VitalSigns,
) -> Answer<String> {
    let ws = editing(&engine)?;
    Ok(ws
        .charts()
        .record_vitals(id(&patient_id)?, signs)?
        .to_string())
}

/// Adds a task for the ward team.
#[tauri::command]
pub async fn add_task(
    engine: State<'_, Engine>,
    patient_id: String,
    task: NewTask,
) -> Answer<String> {
    let ws = editing(&engine)?;
    Ok(ws.charts().add_task(id(&patient_id)?, task)?.to_string())
}

/// Moves a task along.
#[tauri::command]
pub async fn set_task_status(
    engine: State<'_, Engine>,
    patient_id: String,
    record_id: String,
    status: TaskStatus,
) -> Answer<()> {
    let ws = editing(&engine)?;
    Ok(ws
        .charts()
        .set_task_status(id(&patient_id)?, id(&record_id)?, status)?)
}

/// The clinician left the chart on screen (its next opening is audited again).
#[tauri::command]
pub async fn close_chart(engine: State<'_, Engine>) -> Answer<()> {
    held(&engine)?.charts().close_chart();
    Ok(())
}

/// Open tasks assigned to the logged-in clinician, across the ward.
#[tauri::command]
pub async fn my_tasks(engine: State<'_, Engine>) -> Answer<Vec<TaskLine>> {
    Ok(held(&engine)?.charts().my_tasks()?)
}

/// Medium and high NEWS2 scores recorded elsewhere that nobody here has acknowledged.
#[tauri::command]
pub async fn news2_alerts(engine: State<'_, Engine>) -> Answer<Vec<News2Alert>> {
    Ok(held(&engine)?.charts().news2_alerts()?)
}

/// Acknowledges a NEWS2 alert on this workstation.
#[tauri::command]
pub async fn acknowledge_alert(engine: State<'_, Engine>, record_id: String) -> Answer<()> {
    Ok(held(&engine)?.charts().acknowledge_alert(&record_id)?)
}

/// The tasks of the wards held here as a board: every open one and those done in the
/// last 24 hours.
#[tauri::command]
pub async fn ward_board(
    engine: State<'_, Engine>,
) -> Answer<Vec<bedside_client::store::board::BoardTask>> {
    Ok(held(&engine)?.charts().ward_board(None)?)
}

/// The wards held here at a glance: census, pathway stages, upcoming procedures and the
/// shift's key figures.
#[tauri::command]
pub async fn ward_dashboard(
    engine: State<'_, Engine>,
) -> Answer<bedside_client::board::WardDashboard> {
    Ok(held(&engine)?.charts().ward_dashboard(None)?)
}
