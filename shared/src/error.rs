//! The stable error codes of the HTTP API and the body every error is sent in:
//! `{"error": {"code": "...", "message": "..."}}`. Clients switch on the code, never on
//! the message; messages never carry patient data.

use serde::{Deserialize, Serialize};

/// A stable, machine-readable error code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// The request was malformed or a value broke a rule (400).
    ValidationError,
    /// No or invalid credentials (401).
    Unauthenticated,
    /// Authenticated but not allowed (403).
    Forbidden,
    /// No such resource (404).
    NotFound,
    /// The request conflicts with the current state (409).
    Conflict,
    /// The body or a part of it is over the configured limit (413).
    PayloadTooLarge,
    /// Unsupported protocol version or content type (415).
    UnsupportedMediaType,
    /// Too many requests (429).
    RateLimited,
    /// The database failed; details are in the server log only (500).
    DbError,
    /// Any other internal failure; details are in the server log only (500).
    InternalError,
    /// An upstream API failed (502).
    ExternalApiError,
    /// The server is not ready to serve (503).
    Unavailable,
}

impl ErrorCode {
    /// The HTTP status this code is sent with.
    pub fn http_status(self) -> u16 {
        match self {
            Self::ValidationError => 400,
            Self::Unauthenticated => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::Conflict => 409,
            Self::PayloadTooLarge => 413,
            Self::UnsupportedMediaType => 415,
            Self::RateLimited => 429,
            Self::DbError | Self::InternalError => 500,
            Self::ExternalApiError => 502,
            Self::Unavailable => 503,
        }
    }
}

/// The inner object of an error body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// The stable code.
    pub code: ErrorCode,
    /// A human-readable explanation without patient data.
    pub message: String,
}

/// The body of every error response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

impl ErrorBody {
    /// Builds a body from a code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error: ErrorDetail {
                code,
                message: message.into(),
            },
        }
    }
}
