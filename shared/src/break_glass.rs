//! Break-glass: a clinician opens a chart outside their workstation's wards, giving a
//! reason. The grant is made on the workstation (so it works offline for charts already
//! there), expires after [`GRANT_HOURS`], and is always sent to the server's audit.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How long a grant lasts.
pub const GRANT_HOURS: i64 = 2;
/// Longest reason accepted, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// `POST /v1/break-glass` body: a grant made on a workstation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BreakGlass {
    /// Made by the workstation, so an upload repeated after a failure is stored once.
    pub grant_id: Uuid,
    /// Whose chart.
    pub patient_id: Uuid,
    /// Why, in the clinician's words (kept in the audit, never logged).
    pub reason: String,
    /// When it was opened (device clock), RFC 3339.
    pub opened_at: String,
}

/// The server's answer: when the grant ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Granted {
    /// RFC 3339.
    pub expires_at: String,
}

/// Why a reason is not acceptable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ReasonError {
    /// Nothing but spaces.
    #[error("give a reason for opening this chart")]
    Missing,
    /// Over [`MAX_REASON_CHARS`].
    #[error("the reason is too long (at most 500 characters)")]
    TooLong,
    /// Holds a NUL character.
    #[error("{}", crate::validate::NUL_REFUSED)]
    NotPlainText,
}

/// Checks a break-glass reason and returns it trimmed.
pub fn check_reason(reason: &str) -> Result<&str, ReasonError> {
    let reason = reason.trim();
    if reason.is_empty() {
        Err(ReasonError::Missing)
    } else if reason.chars().count() > MAX_REASON_CHARS {
        Err(ReasonError::TooLong)
    } else if !crate::validate::is_plain_text(reason) {
        Err(ReasonError::NotPlainText)
    } else {
        Ok(reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_required_and_bounded() {
        assert_eq!(check_reason("   "), Err(ReasonError::Missing));
        assert_eq!(check_reason(&"x".repeat(501)), Err(ReasonError::TooLong));
        assert_eq!(
            check_reason(" covering the night round "),
            Ok("covering the night round")
        );
    }
}
