//! Medication orders and their administration record, appointments, education videos
//! and the timeline.

use bedside_client::education::Recommendations;
use bedside_client::round::ScheduledDose;
use bedside_client::store::timeline::TimelineEvent;
use bedside_client::{NewAppointment, NewPrescription};
use bedside_shared::chart::AdministrationOutcome;
use bedside_shared::education::Video;
use bedside_shared::{AppointmentId, PrescriptionId};
use tauri::State;

use super::{Answer, CommandError, editing, held, id};
use crate::Engine;

/// Prescribes; returns the order's id.
#[tauri::command]
pub async fn prescribe(
    engine: State<'_, Engine>,
    patient_id: String,
    prescription: NewPrescription,
) -> Answer<String> {
    let ws = editing(&engine)?;
    Ok(ws
        .charts()
        .prescribe(id(&patient_id)?, prescription)?
        .to_string())
}

/// Stops an active order, with a reason.
#[tauri::command]
pub async fn stop_prescription(
    engine: State<'_, Engine>,
    patient_id: String,
    prescription_id: String,
    reason: String,
) -> Answer<()> {
    let ws = editing(&engine)?;
    let order: PrescriptionId = id(&prescription_id)?;
    Ok(ws
        .charts()
        .stop_prescription(id(&patient_id)?, order, reason.trim())?)
}

/// Records a dose given, held or refused against an active order, at the time the
/// clinician gives (now by default).
#[tauri::command]
pub async fn record_administration(
    engine: State<'_, Engine>,
    patient_id: String,
    prescription_id: String,
    outcome: AdministrationOutcome,
    note: Option<String>,
    given_at: Option<String>,
    override_reason: Option<String>,
) -> Answer<String> {
    let ws = editing(&engine)?;
    let order: PrescriptionId = id(&prescription_id)?;
    let note = note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    Ok(ws
        .charts()
        .record_administration(
            id(&patient_id)?,
            order,
            outcome,
            note,
            given_at.as_deref(),
            override_reason.as_deref(),
        )?
        .to_string())
}

/// One patient's scheduled doses from a day back to the end of the ward's day: the
/// chart's dose grid.
#[tauri::command]
pub async fn dose_grid(
    engine: State<'_, Engine>,
    patient_id: String,
) -> Answer<Vec<ScheduledDose>> {
    let patient: bedside_shared::PatientId = id(&patient_id)?;
    Ok(held(&engine)?.charts().dose_grid(&patient.to_string())?)
}

/// The medication round of the wards held here, by time and bed.
#[tauri::command]
pub async fn medication_round(engine: State<'_, Engine>) -> Answer<Vec<ScheduledDose>> {
    Ok(held(&engine)?.charts().medication_round(None)?)
}

/// Marks a dose entered in error, with why; the dose stays on the record.
#[tauri::command]
pub async fn mark_dose_in_error(
    engine: State<'_, Engine>,
    patient_id: String,
    record_id: String,
    reason: String,
) -> Answer<String> {
    let ws = editing(&engine)?;
    Ok(ws
        .charts()
        .mark_dose_in_error(id(&patient_id)?, id(&record_id)?, &reason)?
        .to_string())
}

/// Books an appointment or procedure; returns its id.
#[tauri::command]
pub async fn schedule_appointment(
    engine: State<'_, Engine>,
    patient_id: String,
    appointment: NewAppointment,
) -> Answer<String> {
    let ws = editing(&engine)?;
    Ok(ws
        .charts()
        .schedule(id(&patient_id)?, appointment)?
        .to_string())
}

/// Cancels an appointment (it stays, marked).
#[tauri::command]
pub async fn cancel_appointment(
    engine: State<'_, Engine>,
    patient_id: String,
    appointment_id: String,
) -> Answer<()> {
    let ws = editing(&engine)?;
    let appointment: AppointmentId = id(&appointment_id)?;
    Ok(ws
        .charts()
        .cancel_appointment(id(&patient_id)?, appointment)?)
}

/// Everything that happened in a chart, newest first.
#[tauri::command]
pub async fn timeline(engine: State<'_, Engine>, patient_id: String) -> Answer<Vec<TimelineEvent>> {
    let ws = held(&engine)?;
    ws.charts().may_open(&patient_id)?;
    Ok(ws.store().timeline(&patient_id)?)
}

/// Education videos for the patient's problems (the last list when offline).
#[tauri::command]
pub async fn education_videos(
    engine: State<'_, Engine>,
    patient_id: String,
) -> Answer<Recommendations> {
    let ws = held(&engine)?;
    let server = ws
        .link()
        .server()?
        .ok_or_else(|| CommandError::invalid("not enrolled"))?;
    Ok(ws
        .charts()
        .education_videos(&server, id(&patient_id)?)
        .await?)
}

/// Records that a video was shared with the patient.
#[tauri::command]
pub async fn share_video(
    engine: State<'_, Engine>,
    patient_id: String,
    video: Video,
) -> Answer<String> {
    let ws = editing(&engine)?;
    Ok(ws
        .charts()
        .share_video(id(&patient_id)?, &video)?
        .to_string())
}

/// Opens a recommended video in the system browser (only addresses the server listed
/// for this patient).
#[tauri::command]
pub async fn open_video<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    engine: State<'_, Engine>,
    patient_id: String,
    video_id: String,
) -> Answer<()> {
    use tauri_plugin_opener::OpenerExt;
    let video = held(&engine)?
        .charts()
        .kept_video(id(&patient_id)?, &video_id)?;
    app.opener()
        .open_url(video.url, None::<&str>)
        .map_err(|_| CommandError::invalid("the system browser could not be opened"))
}
