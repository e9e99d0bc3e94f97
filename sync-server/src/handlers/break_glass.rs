//! `POST /v1/break-glass`: a workstation reports a chart opened outside its wards.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use bedside_shared::break_glass::{BreakGlass, Granted};

use super::auth::Authenticated;
use crate::error::ApiError;
use crate::services::break_glass;
use crate::state::AppState;

/// `POST /v1/break-glass`.
pub async fn open(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    json: Result<Json<BreakGlass>, JsonRejection>,
) -> Result<Json<Granted>, ApiError> {
    let Json(request) = json.map_err(|_| ApiError::invalid("the body is not the expected JSON"))?;
    Ok(Json(break_glass::open(&state, &caller, request).await?))
}
