//! `/v1/devices/*`: workstation enrollment.

use axum::Json;
use axum::extract::State;
use bedside_shared::error::ErrorBody;

use super::input::JsonBody;
use crate::error::ApiError;
use crate::services::devices::{self, Enrolled, Enrollment};
use crate::state::AppState;

/// `POST /v1/devices/enroll`.
#[utoipa::path(post, path = "/v1/devices/enroll", tag = "devices", request_body = Enrollment, responses((status = 200, body = Enrolled), (status = 400, body = ErrorBody), (status = 409, description = "Already enrolled", body = ErrorBody)))]
pub async fn enroll(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    JsonBody(json): JsonBody<Enrollment>,
) -> Result<Json<Enrolled>, ApiError> {
    let enrollment = json;
    let device_time = super::auth::device_time(&headers);
    Ok(Json(
        devices::enroll(&state, enrollment, device_time).await?,
    ))
}
