//! Liveness and readiness.

use axum::Json;
use axum::extract::State;
use bedside_shared::error::ErrorCode;
use serde_json::{Value, json};
use sqlx_core::query::query;

use crate::error::ApiError;
use crate::state::AppState;

/// `GET /healthz`: the process is up.
pub async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// `GET /readyz`: the database answers.
pub async fn readyz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    query("SELECT 1").execute(&state.pool).await.map_err(|e| {
        tracing::warn!(error = %e, "database not ready");
        ApiError::new(ErrorCode::Unavailable, "the database is not reachable")
    })?;
    Ok(Json(json!({"status": "ready"})))
}
