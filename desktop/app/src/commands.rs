//! Commands the window calls. Errors reach the UI as `{code, message}` with the same
//! codes as the HTTP API.

use bedside_client::Status;
use bedside_client::store::queries::PatientSummary;
use serde::Serialize;

use crate::Engine;

/// The error shape every command returns.
#[derive(Debug, Clone, Serialize)]
pub struct CommandError {
    /// Stable code (e.g. `UNAUTHENTICATED`).
    pub code: String,
    /// Human-readable, without patient data.
    pub message: String,
}

impl From<&bedside_client::Error> for CommandError {
    fn from(e: &bedside_client::Error) -> Self {
        let code = serde_json::to_value(e.code())
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| "INTERNAL_ERROR".into());
        Self {
            code,
            message: e.to_string(),
        }
    }
}

fn with<T>(
    engine: &Engine,
    f: impl FnOnce(&mut bedside_client::Workstation) -> bedside_client::Result<T>,
) -> Result<T, CommandError> {
    let mut guard = engine.0.lock().map_err(|_| CommandError {
        code: "INTERNAL_ERROR".into(),
        message: "the workstation engine is unavailable".into(),
    })?;
    let ws = guard.as_mut().map_err(|e| e.clone())?;
    f(ws).map_err(|e| CommandError::from(&e))
}

/// The workstation's state for the status bar.
#[tauri::command]
pub fn workstation_status(engine: tauri::State<'_, Engine>) -> Result<Status, CommandError> {
    with(&engine, |ws| ws.status())
}

/// The patient list, optionally of one ward.
#[tauri::command]
pub fn patients(
    engine: tauri::State<'_, Engine>,
    ward: Option<String>,
) -> Result<Vec<PatientSummary>, CommandError> {
    with(&engine, |ws| ws.store().patients(ward.as_deref()))
}
