//! What the chart keeps about the patient beyond the day's work: allergies, the problem
//! list, their details and where they are (bed, surgical pathway, discharge).

use bedside_client::{NewAllergy, NewProblem, PatientEdit};
use bedside_shared::chart::{AllergyStatus, PathwayStage, ProblemStatus};
use tauri::State;

use super::{Answer, editing, id};
use crate::Engine;

/// Records an allergy; returns its id.
#[tauri::command]
pub async fn record_allergy(
    engine: State<'_, Engine>,
    patient_id: String,
    allergy: NewAllergy,
) -> Answer<String> {
    let ws = editing(&engine)?;
    Ok(ws
        .charts()
        .record_allergy(id(&patient_id)?, allergy)?
        .to_string())
}

/// Marks an allergy inactive or entered in error, or active again.
#[tauri::command]
pub async fn set_allergy_status(
    engine: State<'_, Engine>,
    patient_id: String,
    record_id: String,
    status: AllergyStatus,
) -> Answer<()> {
    let ws = editing(&engine)?;
    Ok(ws
        .charts()
        .set_allergy_status(id(&patient_id)?, id(&record_id)?, status)?)
}

/// Adds a problem to the list; returns its id.
#[tauri::command]
pub async fn add_problem(
    engine: State<'_, Engine>,
    patient_id: String,
    problem: NewProblem,
) -> Answer<String> {
    let ws = editing(&engine)?;
    Ok(ws
        .charts()
        .add_problem(id(&patient_id)?, problem)?
        .to_string())
}

/// Marks a problem resolved or entered in error, or active again.
#[tauri::command]
pub async fn set_problem_status(
    engine: State<'_, Engine>,
    patient_id: String,
    record_id: String,
    status: ProblemStatus,
) -> Answer<()> {
    let ws = editing(&engine)?;
    Ok(ws
        .charts()
        .set_problem_status(id(&patient_id)?, id(&record_id)?, status)?)
}

/// Changes the patient's details or bed; fields left out stay as they are.
#[tauri::command]
pub async fn edit_patient(
    engine: State<'_, Engine>,
    patient_id: String,
    edit: PatientEdit,
) -> Answer<()> {
    let ws = editing(&engine)?;
    Ok(ws.charts().edit_patient(id(&patient_id)?, edit)?)
}

/// Moves the patient along the surgical pathway.
#[tauri::command]
pub async fn set_pathway(
    engine: State<'_, Engine>,
    patient_id: String,
    stage: PathwayStage,
) -> Answer<()> {
    let ws = editing(&engine)?;
    Ok(ws.charts().set_pathway(id(&patient_id)?, stage)?)
}

/// Discharges the patient: the bed is freed.
#[tauri::command]
pub async fn discharge(engine: State<'_, Engine>, patient_id: String) -> Answer<()> {
    let ws = editing(&engine)?;
    Ok(ws.charts().discharge(id(&patient_id)?)?)
}
