//! Liveness and readiness.

use axum::Json;
use axum::extract::State;
use bedside_shared::error::ErrorBody;
use bedside_shared::error::ErrorCode;
use serde_json::{Value, json};
use sqlx_core::query::query;

use crate::error::ApiError;
use crate::state::AppState;

/// `GET /healthz`: the process is up.
#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = 200, description = "The process is up")))]
pub async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// `GET /readyz`: the database answers.
#[utoipa::path(get, path = "/readyz", tag = "health", responses((status = 200, description = "The database answers"), (status = 503, description = "Not ready", body = ErrorBody)))]
pub async fn readyz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    query("SELECT 1").execute(&state.pool).await.map_err(|e| {
        tracing::warn!(error = %e, "database not ready");
        ApiError::new(ErrorCode::Unavailable, "the database is not reachable")
    })?;
    Ok(Json(json!({"status": "ready"})))
}
