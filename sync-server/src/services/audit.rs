//! What the audit log records of chart access: one event per patient per sync request
//! for what was written (documents and change hashes) and for what was sent back, and
//! one per read-API answer about a patient.

use std::collections::BTreeMap;

use bedside_shared::DocId;
use bedside_shared::sync::SyncResponse;
use serde_json::json;
use sqlx_postgres::PgConnection;
use uuid::Uuid;

use super::identity::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::audit::{self, Event};

fn chart_event(caller: &Caller, action: &str, patient: Uuid, detail: serde_json::Value) -> Event {
    let mut event = Event::now(action, "success");
    event.user_id = Some(caller.user_id);
    event.device_id = Some(caller.device_id);
    event.patient_id = Some(patient);
    let mut detail = detail;
    detail["roles"] = json!(caller.roles);
    event.detail = detail;
    event
}

/// Records, inside the transaction that stores them, the changes a request wrote:
/// `written` lists each document with the hashes of its new changes.
pub async fn record_writes(
    tx: &mut PgConnection,
    caller: &Caller,
    written: &[(DocId, Vec<String>)],
) -> Result<(), ApiError> {
    let mut by_patient: BTreeMap<Uuid, (Vec<String>, Vec<String>)> = BTreeMap::new();
    for (doc, hashes) in written {
        let entry = by_patient.entry(doc.patient.as_uuid()).or_default();
        entry.0.push(doc.to_string());
        entry.1.extend(hashes.iter().cloned());
    }
    for (patient, (documents, changes)) in by_patient {
        let detail = json!({"documents": documents, "changes": changes});
        audit::append(tx, &chart_event(caller, "chart_write", patient, detail)).await?;
    }
    Ok(())
}

/// Records the documents a sync answer carries to the workstation (whole, or changes).
pub async fn record_reads(
    state: &AppState,
    caller: &Caller,
    response: &SyncResponse,
) -> Result<(), ApiError> {
    let mut by_patient: BTreeMap<Uuid, Vec<String>> = BTreeMap::new();
    let sent = response.snapshots.iter().map(|s| s.doc).chain(
        response
            .replies
            .iter()
            .filter(|r| !r.changes.is_empty())
            .map(|r| r.doc),
    );
    for doc in sent {
        by_patient
            .entry(doc.patient.as_uuid())
            .or_default()
            .push(doc.to_string());
    }
    if by_patient.is_empty() {
        return Ok(());
    }
    let mut tx = state.pool.begin().await?;
    for (patient, documents) in by_patient {
        let detail = json!({"documents": documents, "via": "sync"});
        audit::append(&mut tx, &chart_event(caller, "chart_read", patient, detail)).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Records a read-API answer about one patient.
pub async fn record_api_read(
    state: &AppState,
    caller: &Caller,
    patient: Uuid,
    what: &str,
) -> Result<(), ApiError> {
    let detail = json!({"via": "api", "what": what});
    audit::record(
        &state.pool,
        &chart_event(caller, "chart_read", patient, detail),
    )
    .await?;
    Ok(())
}
