//! The inbox: fields changed on two workstations at once, and edits the server refused.

use bedside_client::store::inbox::{ConflictLine, Quarantined};
use bedside_shared::chart::conflicts::FieldValue;
use tauri::State;

use super::{Answer, editing, held, id};
use crate::Engine;

/// Fields changed on two workstations at once, waiting for a choice.
#[tauri::command]
pub async fn conflicts(engine: State<'_, Engine>) -> Answer<Vec<ConflictLine>> {
    Ok(held(&engine)?.charts().conflicts(None)?)
}

/// Keeps `value` (one of the listed values) for the field at `path`.
#[tauri::command]
pub async fn resolve_conflict(
    engine: State<'_, Engine>,
    doc_id: String,
    path: String,
    value: FieldValue,
) -> Answer<()> {
    Ok(editing(&engine)?
        .charts()
        .resolve_conflict(id(&doc_id)?, &path, value)?)
}

/// Edits the server refused, set aside.
#[tauri::command]
pub async fn quarantine(engine: State<'_, Engine>) -> Answer<Vec<Quarantined>> {
    Ok(held(&engine)?.charts().quarantine(None)?)
}

/// Applies set-aside edits again; they go with the next sync.
#[tauri::command]
pub async fn reapply_quarantined(engine: State<'_, Engine>, quarantine_id: String) -> Answer<()> {
    Ok(editing(&engine)?
        .charts()
        .reapply_quarantined(&quarantine_id)?)
}

/// Throws set-aside edits away.
#[tauri::command]
pub async fn discard_quarantined(engine: State<'_, Engine>, quarantine_id: String) -> Answer<()> {
    Ok(editing(&engine)?
        .charts()
        .discard_quarantined(&quarantine_id)?)
}
