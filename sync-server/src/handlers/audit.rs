//! `/v1/audit`: the audit log for administrators, as JSON pages or FHIR NDJSON.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use bedside_shared::audit::{EventReceipt, EventUpload};
use bedside_shared::error::ErrorBody;
use serde::Deserialize;

use super::auth::Authenticated;
use super::input::{JsonBody, Params};
use crate::error::ApiError;
use crate::services::audit;
use crate::services::paging::{Page, Paging};
use crate::state::AppState;
use crate::store::audit::{AuditFilter, Stored};

/// Filter and paging of an audit query (spelled out: flattened query fields arrive as
/// text and numbers in them fail to parse).
#[derive(Debug, Deserialize)]
pub struct AuditQuery {
    patient_id: Option<uuid::Uuid>,
    user_id: Option<uuid::Uuid>,
    device_id: Option<uuid::Uuid>,
    action: Option<String>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    from: Option<time::OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    to: Option<time::OffsetDateTime>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// `GET /v1/audit`.
#[utoipa::path(get, path = "/v1/audit", tag = "audit", security(("bearer" = [])), params(AuditFilter, Paging), responses((status = 200, body = Page<Stored>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, description = "Not an administrator", body = ErrorBody)))]
pub async fn events(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    Params(q): Params<AuditQuery>,
) -> Result<Json<Page<Stored>>, ApiError> {
    let filter = AuditFilter {
        patient_id: q.patient_id,
        user_id: q.user_id,
        device_id: q.device_id,
        action: q.action,
        from: q.from,
        to: q.to,
    };
    let paging = Paging {
        limit: q.limit,
        offset: q.offset,
    };
    Ok(Json(audit::query(&state, &caller, &filter, paging).await?))
}

/// `GET /v1/audit/export`: FHIR R4 AuditEvent resources, one per line.
#[utoipa::path(get, path = "/v1/audit/export", tag = "audit", security(("bearer" = [])), params(AuditFilter), responses((status = 200, content_type = "application/fhir+ndjson", description = "FHIR R4 AuditEvent, one per line"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    Params(q): Params<AuditFilter>,
) -> Result<Response, ApiError> {
    let filter = q;
    let body = audit::export(&state, &caller, &filter).await?;
    Ok(([(header::CONTENT_TYPE, "application/fhir+ndjson")], body).into_response())
}

/// `POST /v1/audit/events`: events a workstation recorded, signed with its device key.
#[utoipa::path(post, path = "/v1/audit/events", tag = "audit", security(("bearer" = [])), request_body = EventUpload, responses((status = 200, body = EventReceipt), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody)))]
pub async fn upload(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    JsonBody(body): JsonBody<EventUpload>,
) -> Result<Json<EventReceipt>, ApiError> {
    let upload = body;
    Ok(Json(audit::receive(&state, &caller, upload).await?))
}
