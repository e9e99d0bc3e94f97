//! `POST /v1/break-glass`: a workstation reports a chart opened outside its wards; and
//! `POST /v1/break-glass/search`: finding that patient by MRN or name.

use axum::Json;
use axum::extract::State;
use bedside_shared::break_glass::{BreakGlass, Candidate, Granted, PatientLookup};
use bedside_shared::error::ErrorBody;

use super::auth::Authenticated;
use super::input::JsonBody;
use crate::error::ApiError;
use crate::services::break_glass;
use crate::state::AppState;

/// `POST /v1/break-glass`.
#[utoipa::path(post, path = "/v1/break-glass", tag = "patients", security(("bearer" = [])), request_body = BreakGlass, responses((status = 200, body = Granted), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "No valid session", body = ErrorBody), (status = 403, description = "Not allowed, or the workstation is revoked", body = ErrorBody), (status = 404, description = "Not found or outside the caller's reach", body = ErrorBody)))]
pub async fn open(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    JsonBody(json): JsonBody<BreakGlass>,
) -> Result<Json<Granted>, ApiError> {
    let request = json;
    Ok(Json(break_glass::open(&state, &caller, request).await?))
}

/// `POST /v1/break-glass/search`: patients anywhere in the hospital by MRN or name (in the
/// body, never the URL), to break the glass for.
#[utoipa::path(post, path = "/v1/break-glass/search", tag = "patients", security(("bearer" = [])), request_body = PatientLookup, responses((status = 200, body = Vec<Candidate>), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "No valid session", body = ErrorBody), (status = 403, description = "Not allowed, or the workstation is revoked", body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    JsonBody(lookup): JsonBody<PatientLookup>,
) -> Result<Json<Vec<Candidate>>, ApiError> {
    Ok(Json(break_glass::lookup(&state, &caller, lookup).await?))
}
