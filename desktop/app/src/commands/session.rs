//! Enrollment, login and lock, sync status and break-glass.

use bedside_client::login::Clinician;
use bedside_client::lookup::Lookup;
use bedside_shared::access::Permissions;
use bedside_shared::devices::Enrolled;
use serde::Serialize;
use tauri::State;

use super::{Answer, CommandError, editing, heavy, held, id, peek};
use crate::{Engine, SyncState};

/// What the status bar and the first screens need.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AppStatus {
    /// What the workstation holds and owes.
    #[serde(flatten)]
    pub store: bedside_client::Status,
    /// Blobs waiting to upload.
    pub uploads_waiting: usize,
    /// True once enrolled.
    pub enrolled: bool,
    /// The server it syncs with.
    pub server: Option<String>,
    /// Its wards.
    pub wards: Vec<String>,
    /// Who is logged in.
    pub clinician: Option<Clinician>,
    /// What they may do (nothing when nobody is logged in): the window offers only that.
    pub may: Permissions,
    /// True when the session is locked after inactivity.
    pub locked: bool,
    /// Whether the last sync reached the server (unknown before the first).
    pub online: Option<bool>,
    /// True while a sync runs.
    pub syncing: bool,
    /// The last sync's failure, in plain words.
    pub last_error: Option<String>,
}

/// Why the workstation could not be opened, when it could not.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct StartupProblem {
    /// What went wrong, in words.
    pub message: String,
    /// The folder's database cannot be read with this keyring (the key is missing or
    /// another): it can be set aside and the workstation enrolled afresh.
    pub unreadable: bool,
    /// The workstation's folder.
    pub folder: String,
}

/// Why the workstation did not open (nothing when it did).
#[tauri::command]
pub async fn startup_problem(engine: State<'_, Engine>) -> Answer<Option<StartupProblem>> {
    Ok(engine.workstation().err().map(|e| StartupProblem {
        message: e.message.clone(),
        unreadable: engine.unreadable(),
        folder: engine.home().display().to_string(),
    }))
}

/// Sets an unreadable workstation folder aside (renamed beside it, nothing deleted) and
/// restarts the window on a fresh folder, to be enrolled with a new code. Refused when
/// the workstation opened, or failed for another reason.
#[tauri::command]
pub async fn set_aside_workstation<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    engine: State<'_, Engine>,
) -> Answer<()> {
    if engine.workstation().is_ok() || !engine.unreadable() {
        return Err(CommandError::invalid(
            "only a workstation whose data this keyring cannot open is set aside",
        ));
    }
    bedside_client::Workstation::set_aside_unreadable(engine.home())?;
    // The window starts again on the fresh folder, at enrollment.
    app.restart()
}

/// The workstation's state.
#[tauri::command]
pub async fn workstation_status(
    engine: State<'_, Engine>,
    sync: State<'_, SyncState>,
) -> Answer<AppStatus> {
    let ws = peek(&engine)?;
    crate::status_of(ws, &sync)
}

/// Enrolls this workstation with a code from IT.
#[tauri::command]
pub async fn enroll(engine: State<'_, Engine>, server: String, code: String) -> Answer<Enrolled> {
    let ws = held(&engine)?;
    Ok(ws.link().enroll(server.trim(), code.trim()).await?)
}

/// Logs in against the server, or offline with the cached verifier when it is out of
/// reach.
#[tauri::command]
pub async fn login(
    engine: State<'_, Engine>,
    username: String,
    password: String,
) -> Answer<Clinician> {
    let ws = held(&engine)?;
    let server = ws
        .link()
        .server()?
        .ok_or_else(|| CommandError::invalid("enroll this workstation first"))?;
    let clinician = ws
        .access()
        .login_online_or_offline(&server, username.trim(), &password)
        .await?;
    // The ward comes down at once, not at the next period.
    engine.sync_soon();
    Ok(clinician)
}

/// Ends the clinician's session.
#[tauri::command]
pub async fn logout(engine: State<'_, Engine>) -> Answer<()> {
    held(&engine)?.access().logout()?;
    super::print::clear_printouts();
    Ok(())
}

/// Unlocks a session locked after inactivity.
#[tauri::command]
pub async fn unlock(engine: State<'_, Engine>, password: String) -> Answer<()> {
    let ws = held(&engine)?;
    // Checking the password is Argon2's deliberate cost, kept off the runtime's workers.
    heavy(|| ws.access().unlock(&password))?;
    // What colleagues did while the session was locked comes down at once.
    engine.sync_soon();
    Ok(())
}

/// Patients anywhere in the hospital (or, offline, on this workstation) whose MRN or
/// name matches `text`, to break the glass for.
#[tauri::command]
pub async fn look_up_patient(engine: State<'_, Engine>, text: String) -> Answer<Lookup> {
    let ws = held(&engine)?;
    let server = ws.link().server()?;
    Ok(ws
        .charts()
        .look_up_patient(server.as_deref(), &text)
        .await?)
}

/// Opens a chart outside this workstation's wards, with a reason; a sync starts at once
/// to bring the chart here.
#[tauri::command]
pub async fn break_glass(
    engine: State<'_, Engine>,
    patient_id: String,
    reason: String,
) -> Answer<()> {
    editing(&engine)?
        .charts()
        .break_glass(id(&patient_id)?, reason.trim())?;
    engine.sync_soon();
    Ok(())
}

/// Syncs now.
#[tauri::command]
pub async fn sync_now<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    engine: State<'_, Engine>,
    sync: State<'_, SyncState>,
) -> Answer<AppStatus> {
    crate::sync_once(&app, &engine, &sync).await;
    let ws = peek(&engine)?;
    crate::status_of(ws, &sync)
}
