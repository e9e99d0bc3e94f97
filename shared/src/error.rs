//! The stable error codes of the HTTP API and the body every error is sent in:
//! `{"error": {"code": "...", "message": "..."}}`. Clients switch on the code, never on
//! the message; messages never carry patient data.

use serde::{Deserialize, Serialize};

/// A stable, machine-readable error code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ErrorCode {
    /// The request was malformed or a value broke a rule (400).
    ValidationError,
    /// No or invalid credentials (401).
    Unauthenticated,
    /// Authenticated but not allowed (403).
    Forbidden,
    /// The workstation was revoked by IT: it must upload nothing more and wipe itself (403).
    DeviceRevoked,
    /// No such resource (404).
    NotFound,
    /// The resource exists but not for this method (405).
    MethodNotAllowed,
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
    /// The code as sent on the wire, e.g. `VALIDATION_ERROR`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ValidationError => "VALIDATION_ERROR",
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::Forbidden => "FORBIDDEN",
            Self::DeviceRevoked => "DEVICE_REVOKED",
            Self::NotFound => "NOT_FOUND",
            Self::MethodNotAllowed => "METHOD_NOT_ALLOWED",
            Self::Conflict => "CONFLICT",
            Self::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            Self::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            Self::RateLimited => "RATE_LIMITED",
            Self::DbError => "DB_ERROR",
            Self::InternalError => "INTERNAL_ERROR",
            Self::ExternalApiError => "EXTERNAL_API_ERROR",
            Self::Unavailable => "UNAVAILABLE",
        }
    }

    /// The HTTP status this code is sent with.
    pub fn http_status(self) -> u16 {
        match self {
            Self::ValidationError => 400,
            Self::Unauthenticated => 401,
            Self::Forbidden | Self::DeviceRevoked => 403,
            Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
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

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The inner object of an error body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// The stable code.
    pub code: ErrorCode,
    /// A human-readable explanation without patient data.
    pub message: String,
}

/// The body of every error response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_print_as_they_travel() {
        for code in [
            ErrorCode::ValidationError,
            ErrorCode::PayloadTooLarge,
            ErrorCode::DbError,
        ] {
            let json = serde_json::to_value(code).expect("codes serialize");
            assert_eq!(
                json.as_str(),
                Some(code.as_str()),
                "Display and the wire must agree"
            );
        }
    }
}
