//! What the audit log records of chart access: one event per patient per sync request
//! for what was written (documents and change hashes) and for what was sent back, and
//! one per read-API answer about a patient.

use std::collections::BTreeMap;

use bedside_shared::DocId;
use bedside_shared::audit::WORKSTATION_ACTIONS;
use bedside_shared::sync::SyncResponse;
use serde_json::json;
use sqlx_postgres::PgConnection;
use uuid::Uuid;

use super::identity::Caller;
use super::paging::{Page, Paging, page};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::audit::{self, Event};

fn chart_event(caller: &Caller, action: &str, patient: Uuid, detail: serde_json::Value) -> Event {
    let mut event = Event::now(action, "success");
    event.user_id = Some(caller.user_id);
    event.device_id = Some(caller.device_id);
    event.patient_id = Some(patient);
    event.device_time_us = caller.device_time.map(audit::micros);
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
    let events: Vec<Event> = by_patient
        .into_iter()
        .map(|(patient, (documents, changes))| {
            let detail = json!({"documents": documents, "changes": changes});
            chart_event(caller, "chart_write", patient, detail)
        })
        .collect();
    audit::append_all(tx, &events).await?;
    Ok(())
}

/// Records the documents a sync answer carries to the workstation (whole, or changes).
pub async fn record_reads(
    state: &AppState,
    caller: &Caller,
    response: &SyncResponse,
) -> Result<(), ApiError> {
    let mut by_patient: BTreeMap<Uuid, Vec<String>> = BTreeMap::new();
    // Documents sent whole, and those whose changes came with a reply or announcement.
    let with_changes = |doc, changes: &[serde_bytes::ByteBuf]| (!changes.is_empty()).then_some(doc);
    let sent = response
        .snapshots
        .iter()
        .map(|s| s.doc)
        .chain(
            response
                .replies
                .iter()
                .filter_map(|r| with_changes(r.doc, &r.changes)),
        )
        .chain(
            response
                .changed
                .iter()
                .filter_map(|c| with_changes(c.doc, &c.changes)),
        );
    for doc in sent {
        by_patient
            .entry(doc.patient.as_uuid())
            .or_default()
            .push(doc.to_string());
    }
    let events: Vec<Event> = by_patient
        .into_iter()
        .map(|(patient, documents)| {
            let detail = json!({"documents": documents, "via": "sync"});
            chart_event(caller, "chart_read", patient, detail)
        })
        .collect();
    // One statement: every row or none.
    audit::append_all(&mut *state.pool.acquire().await?, &events).await?;
    Ok(())
}

/// Records a document blob uploaded to or downloaded from the store for a patient.
pub async fn record_document(
    state: &AppState,
    caller: &Caller,
    action: &str,
    patient: Uuid,
    detail: serde_json::Value,
) -> Result<(), ApiError> {
    audit::record(&state.pool, &chart_event(caller, action, patient, detail)).await?;
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

/// Audit queries are for admins; every query is itself recorded.
async fn admit_auditor(
    state: &AppState,
    caller: &Caller,
    filter: &audit::AuditFilter,
    what: &str,
) -> Result<(), ApiError> {
    if !caller.roles.contains(&bedside_shared::access::Role::Admin) {
        return Err(ApiError::new(
            bedside_shared::error::ErrorCode::Forbidden,
            "only administrators read the audit log",
        ));
    }
    let mut event = Event::now("audit_query", "success");
    event.user_id = Some(caller.user_id);
    event.device_id = Some(caller.device_id);
    event.device_time_us = caller.device_time.map(audit::micros);
    event.patient_id = filter.patient_id;
    event.detail = json!({
        "what": what,
        "user_id": filter.user_id,
        "device_id": filter.device_id,
        "action": filter.action,
        "from": filter.from.map(|t| t.unix_timestamp()),
        "to": filter.to.map(|t| t.unix_timestamp()),
    });
    audit::record(&state.pool, &event).await?;
    Ok(())
}

/// Events matching `filter`, paged, for an administrator.
pub async fn query(
    state: &AppState,
    caller: &Caller,
    filter: &audit::AuditFilter,
    paging: Paging,
) -> Result<Page<audit::Stored>, ApiError> {
    let (limit, offset) = paging.limits()?;
    admit_auditor(state, caller, filter, "query").await?;
    let items = audit::query_events(&state.pool, filter, limit, offset).await?;
    Ok(page(items, limit, offset))
}

fn identified(system: &str, value: impl std::fmt::Display) -> serde_json::Value {
    json!({"identifier": {"system": system, "value": value.to_string()}})
}

/// Who took part in an event, as AuditEvent agents (at least one, as R4 requires) and
/// the entities it concerned. At the console the operator's account is the requestor,
/// and the user or device an administration action concerned is an entity, not an
/// agent; elsewhere the session's user requests through its device. An event with
/// neither (a refused request from no known user or device) names the server as the
/// agent that recorded what it refused.
fn participants(event: &audit::Stored) -> (Vec<serde_json::Value>, Vec<serde_json::Value>) {
    const ENTITY_TYPE: &str = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    let mut agents = Vec::new();
    let mut entities = Vec::new();
    let console = event.detail["via"] == "console";
    if console {
        let operator = event.detail["operator"].as_str().unwrap_or("unknown");
        agents.push(
            json!({"who": identified("urn:bedside:os-account", operator), "requestor": true}),
        );
        if let Some(user) = event.user_id {
            entities.push(json!({
                "what": identified("urn:bedside:user", user),
                "type": {"system": ENTITY_TYPE, "code": "1", "display": "Person"},
            }));
        }
        if let Some(device) = event.device_id {
            entities.push(json!({
                "what": identified("urn:bedside:device", device),
                "type": {"system": ENTITY_TYPE, "code": "2", "display": "System Object"},
            }));
        }
        return (agents, entities);
    }
    if let Some(user) = event.user_id {
        let mut agent = json!({"who": identified("urn:bedside:user", user), "requestor": true});
        let roles: Vec<serde_json::Value> = event.detail["roles"]
            .as_array()
            .map(|roles| roles.iter().map(|r| json!({"text": r})).collect())
            .unwrap_or_default();
        if !roles.is_empty() {
            agent["role"] = json!(roles);
        }
        agents.push(agent);
    }
    if let Some(device) = event.device_id {
        agents.push(json!({
            "who": identified("urn:bedside:device", device),
            "requestor": event.user_id.is_none(),
        }));
    }
    if agents.is_empty() {
        agents.push(json!({"who": {"display": "bedside-server"}, "requestor": false}));
    }
    (agents, entities)
}

/// The FHIR R4 AuditEvent of a stored event.
pub fn fhir(event: &audit::Stored) -> serde_json::Value {
    let action = event.action.as_str();
    let (code, display) = match action {
        "chart_read" | "chart_write" => ("110110", "Patient Record"),
        "break_glass" => ("110113", "Security Alert"),
        a if a.starts_with("login")
            || a.starts_with("refresh")
            || a == "logout"
            || a == "lockout" =>
        {
            ("110114", "User Authentication")
        }
        _ => ("110100", "Application Activity"),
    };
    let (agents, mut entities) = participants(event);
    let mut resource = json!({
        "resourceType": "AuditEvent",
        "id": event.event_id,
        "type": {"system": "http://dicom.nema.org/resources/ontology/DCM", "code": code, "display": display},
        "subtype": [{"system": "urn:bedside:audit-action", "code": action}],
        "action": match action { "chart_read" => "R", "chart_write" => "U", _ => "E" },
        "recorded": event.at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        "outcome": if event.outcome == "failure" { "4" } else { "0" },
        "agent": agents,
        "source": {"observer": {"display": "bedside-server"}},
    });
    if let Some(at) = event.device_time {
        resource["period"] = json!({"start": at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()});
    }
    if let Some(patient) = event.patient_id {
        entities.insert(
            0,
            json!({"what": {"reference": format!("Patient/{patient}")}}),
        );
    }
    if !entities.is_empty() {
        resource["entity"] = json!(entities);
    }
    if let Some(reason) = event.detail.get("reason") {
        resource["purposeOfEvent"] = json!([{"text": reason}]);
    }
    resource
}

/// Events matching `filter` as FHIR R4 AuditEvent NDJSON (one resource per line).
pub async fn export(
    state: &AppState,
    caller: &Caller,
    filter: &audit::AuditFilter,
) -> Result<String, ApiError> {
    admit_auditor(state, caller, filter, "export").await?;
    let mut out = String::new();
    let mut offset = 0;
    loop {
        let page = audit::query_events(&state.pool, filter, 1000, offset).await?;
        for event in &page {
            out.push_str(&fhir(event).to_string());
            out.push('\n');
        }
        if page.len() < 1000 {
            return Ok(out);
        }
        offset += 1000;
    }
}

/// Takes in events a workstation recorded (also while offline): each must carry a valid
/// signature by the uploading device's key; it is stored once by event id with the
/// device's time and the server's. A refused event is itself recorded.
pub async fn receive(
    state: &AppState,
    caller: &Caller,
    upload: bedside_shared::audit::EventUpload,
) -> Result<bedside_shared::audit::EventReceipt, ApiError> {
    use base64::Engine;
    use ed25519_dalek::{Signature, Verifier, VerifyingKey};

    if upload.events.len() > 1000 {
        return Err(ApiError::new(
            bedside_shared::error::ErrorCode::PayloadTooLarge,
            "at most 1000 events per upload",
        ));
    }
    let device = crate::store::devices::device_by_id(&state.pool, caller.device_id)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                bedside_shared::error::ErrorCode::Forbidden,
                "unknown device",
            )
        })?;
    let key = <[u8; 32]>::try_from(device.public_key.as_slice())
        .ok()
        .and_then(|k| VerifyingKey::from_bytes(&k).ok());
    let signers = super::signers::Signers::of(state, caller).await?;
    let mut receipt = bedside_shared::audit::EventReceipt::default();
    // One transaction for the upload: the workstation marks its events sent only when
    // the whole upload is answered.
    let mut tx = state.pool.begin().await?;
    for event in upload.events {
        let message = bedside_shared::audit::event_message(caller.device_id, &event);
        let signed = base64::engine::general_purpose::STANDARD
            .decode(&event.signature)
            .ok()
            .and_then(|bytes| Signature::from_slice(&bytes).ok());
        let device_time = time::OffsetDateTime::parse(
            &event.device_time,
            &time::format_description::well_known::Rfc3339,
        );
        let verified = matches!((&key, signed, &device_time), (Some(k), Some(s), Ok(_)) if k.verify(&message, &s).is_ok());
        let known = WORKSTATION_ACTIONS.contains(&event.action.as_str());
        let signer = signers.includes(event.user_id);
        if !verified || !known || !signer {
            tracing::warn!(verified, known, signer, "a workstation event was refused");
            let mut refusal = Event::now("audit_event_refused", "failure");
            refusal.user_id = Some(caller.user_id);
            refusal.device_id = Some(caller.device_id);
            refusal.device_time_us = caller.device_time.map(audit::micros);
            let why = if !verified {
                "bad signature"
            } else if !known {
                "unknown action"
            } else {
                "names someone not signed in on this workstation"
            };
            refusal.detail = json!({"event_id": event.event_id, "why": why});
            audit::append(&mut tx, &refusal).await?;
            receipt.refused.push(event.event_id);
            continue;
        }
        let mut stored = Event::now(&event.action, "success");
        stored.event_id = event.event_id;
        stored.user_id = Some(event.user_id);
        stored.device_id = Some(caller.device_id);
        stored.patient_id = event.patient_id;
        stored = match device_time {
            Ok(t) => stored.with_device_time(t),
            Err(_) => stored,
        };
        let mut detail = serde_json::Map::new();
        for (k, v) in event.detail {
            detail.insert(k, serde_json::Value::String(v));
        }
        detail.insert("source".into(), json!("workstation"));
        detail.insert("uploaded_by".into(), json!(caller.user_id));
        stored.detail = serde_json::Value::Object(detail);
        if audit::append(&mut tx, &stored).await? {
            receipt.stored += 1;
        } else {
            receipt.duplicates += 1;
        }
    }
    tx.commit().await?;
    Ok(receipt)
}

/// How often each replica seals the audit rows recorded since its last pass (requests
/// only insert theirs, so none waits on the chain).
pub const SEAL_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// Seals the audit log every [`SEAL_EVERY`] for as long as the replica serves; a pass
/// that fails leaves its rows to the next one.
pub async fn keep_sealing(pool: sqlx_postgres::PgPool) {
    let mut every = tokio::time::interval(SEAL_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if let Err(e) = audit::seal(&pool, false).await {
            tracing::warn!(error = %e, "the audit log waits for the next seal");
        }
        if let Ok(waiting) = audit::unsealed(&pool).await {
            metrics::gauge!(crate::prometheus::AUDIT_UNSEALED).set(waiting as f64);
        }
    }
}
