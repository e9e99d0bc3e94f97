//! The one error type of the HTTP API. It renders the standard body
//! `{"error": {"code", "message"}}` with the code's status. Internal failures are logged
//! (without patient data) and answered with a message that says nothing internal.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bedside_shared::error::{ErrorBody, ErrorCode};

/// An error answered to a client.
#[derive(Debug, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ApiError {
    /// The stable code.
    pub code: ErrorCode,
    /// What the client is told.
    pub message: String,
}

impl ApiError {
    /// An error with a message for the client.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// 400 with an explanation.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::ValidationError, message)
    }
}

impl From<sqlx_core::Error> for ApiError {
    fn from(e: sqlx_core::Error) -> Self {
        // sqlx errors name tables and constraints, never bound values.
        tracing::error!(error = %e, "database error");
        Self::new(
            ErrorCode::DbError,
            "the database could not complete the request",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.code.http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(ErrorBody::new(self.code, self.message))).into_response()
    }
}
