//! Break-glass grants sent by workstations: checked, stored once, audited. A live grant
//! brings the patient's chart within the user's reach on that workstation.

use bedside_shared::break_glass::{
    BreakGlass, Candidate, GRANT_HOURS, Granted, MAX_CANDIDATES, PatientLookup, check_lookup,
    check_reason,
};
use bedside_shared::error::ErrorCode;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use super::identity::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::audit;
use crate::store::scope::{self, Grant};
use crate::store::{charts, take_position, users};

/// Finds patients anywhere in the hospital by MRN or name, so a clinician can break the
/// glass for the right one. Only for roles that read charts; each lookup is audited (how
/// many it found, never what was typed).
pub async fn lookup(
    state: &AppState,
    caller: &Caller,
    request: PatientLookup,
) -> Result<Vec<Candidate>, ApiError> {
    if caller.kinds().is_empty() {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "this account's roles do not read charts",
        ));
    }
    let text = check_lookup(&request.text).map_err(|e| ApiError::invalid(e.to_string()))?;
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    let rows = charts::lookup_anywhere(&state.pool, text, &words, MAX_CANDIDATES as i64).await?;
    let found: Vec<Candidate> = rows
        .into_iter()
        .map(|(patient_id, ward, body)| {
            let d = &body["demographics"];
            let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
            Candidate {
                patient_id,
                mrn: text(&d["mrn"]),
                given_name: text(&d["given_name"]),
                family_name: text(&d["family_name"]),
                birth_date: text(&d["birth_date"]),
                ward,
                bed: body["admission"]["bed"].as_str().map(str::to_owned),
            }
        })
        .collect();
    let mut event = audit::Event::now("break_glass", "looked_up");
    event.user_id = Some(caller.user_id);
    event.device_id = Some(caller.device_id);
    event.detail = serde_json::json!({ "found": found.len(), "roles": caller.roles });
    audit::record(&state.pool, &event).await?;
    Ok(found)
}

/// Records a grant the caller opened. The grant runs from when it was opened on the
/// workstation (or now, if the device clock is ahead), so one opened offline and sent
/// later expires when it would have.
pub async fn open(
    state: &AppState,
    caller: &Caller,
    request: BreakGlass,
) -> Result<Granted, ApiError> {
    if caller.kinds().is_empty() {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "this account's roles do not read charts",
        ));
    }
    let reason = check_reason(&request.reason).map_err(|e| ApiError::invalid(e.to_string()))?;
    let opened = OffsetDateTime::parse(&request.opened_at, &Rfc3339)
        .map_err(|_| ApiError::invalid("opened_at must be an RFC 3339 time"))?;
    let now = state.clock.now();
    let expires_at = opened.min(now) + Duration::hours(GRANT_HOURS);
    if scope::wards_of(&state.pool, &[request.patient_id])
        .await?
        .is_empty()
    {
        return Err(ApiError::new(ErrorCode::NotFound, "no such patient"));
    }
    let grant = Grant {
        grant_id: request.grant_id,
        user: caller.user_id,
        device: caller.device_id,
        patient: request.patient_id,
        reason,
        device_time: Some(opened),
        expires_at,
    };
    let mut tx = state.pool.begin().await?;
    let seq = take_position(&mut tx).await?;
    let new = scope::insert_grant(&mut tx, &grant, seq).await?;
    tx.commit().await?;
    if new {
        users::record_patient_event(
            &state.pool,
            caller.user_id,
            caller.device_id,
            request.patient_id,
            "break_glass",
        )
        .await?;
        let mut event = audit::Event::now("break_glass", "granted").with_device_time(opened);
        event.user_id = Some(caller.user_id);
        event.device_id = Some(caller.device_id);
        event.patient_id = Some(request.patient_id);
        event.detail = serde_json::json!({
            "grant_id": request.grant_id,
            "reason": reason,
            "roles": caller.roles,
        });
        audit::record(&state.pool, &event).await?;
    }
    Ok(Granted {
        expires_at: expires_at
            .format(&Rfc3339)
            .map_err(|_| ApiError::new(ErrorCode::InternalError, "the server could not answer"))?,
    })
}
