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

/// Fewest characters a break-glass lookup takes: enough to name someone, too few to list
/// the hospital.
pub const MIN_LOOKUP_CHARS: usize = 3;
/// Most patients a break-glass lookup answers with.
pub const MAX_CANDIDATES: usize = 20;

/// `POST /v1/break-glass/search` body: an MRN, or words of a patient's name. In the body,
/// never in the URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatientLookup {
    /// An MRN (whole, current or provisional) or words that each begin a name.
    pub text: String,
}

/// A patient anywhere in the hospital that a lookup matched: enough to tell them apart,
/// nothing clinical.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Candidate {
    /// Whose chart to open.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub patient_id: Uuid,
    /// Medical record number.
    pub mrn: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Birth date, `YYYY-MM-DD`.
    pub birth_date: String,
    /// Their ward.
    pub ward: String,
    /// Their bed, if admitted to one.
    pub bed: Option<String>,
}
crate::redacted_debug!(Candidate);

/// Why a lookup is not acceptable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    /// Under [`MIN_LOOKUP_CHARS`].
    #[error("type at least 3 letters of the name, or the MRN")]
    TooShort,
    /// Over 100 characters.
    #[error("that is too long for a name or an MRN")]
    TooLong,
    /// Holds a NUL or other control character.
    #[error("{}", crate::validate::NUL_REFUSED)]
    NotPlainText,
}

/// Checks a lookup's text and returns it trimmed.
pub fn check_lookup(text: &str) -> Result<&str, LookupError> {
    let text = text.trim();
    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
    if chars < MIN_LOOKUP_CHARS {
        Err(LookupError::TooShort)
    } else if text.chars().count() > 100 {
        Err(LookupError::TooLong)
    } else if !crate::validate::is_plain_text(text) {
        Err(LookupError::NotPlainText)
    } else {
        Ok(text)
    }
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

    #[test]
    fn a_lookup_names_someone_and_no_more() {
        assert_eq!(check_lookup(" o k "), Err(LookupError::TooShort));
        assert_eq!(check_lookup(&"x".repeat(101)), Err(LookupError::TooLong));
        assert_eq!(check_lookup("oka\0"), Err(LookupError::NotPlainText));
        assert_eq!(check_lookup(" Okafor D "), Ok("Okafor D"));
    }
}
