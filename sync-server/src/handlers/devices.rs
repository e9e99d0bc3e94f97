//! `/v1/devices/*`: workstation enrollment.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;

use crate::error::ApiError;
use crate::services::devices::{self, Enrolled, Enrollment};
use crate::state::AppState;

/// `POST /v1/devices/enroll`.
pub async fn enroll(
    State(state): State<AppState>,
    json: Result<Json<Enrollment>, JsonRejection>,
) -> Result<Json<Enrolled>, ApiError> {
    let Json(enrollment) =
        json.map_err(|_| ApiError::invalid("the body is not the expected JSON"))?;
    Ok(Json(devices::enroll(&state, enrollment).await?))
}
