//! Validation: the value rules of each chart record ([`rules`]) and the check of an
//! incoming batch against what it changed ([`batch`]).
//!
//! Rejections name the rule that failed and the place in the document, never a value,
//! so they can travel in error bodies and logs without carrying patient data.

mod authors;
mod batch;
mod before;
mod clinical;
mod reads;
mod record_rules;
mod rules;
mod text;
mod touched;
mod written;

use serde::{Deserialize, Serialize};

pub use authors::{AUTHOR_FIELDS, authors_named};
pub use batch::check_batch;
pub use before::Before;
pub use record_rules::is_icd10;
pub use rules::{Rules, is_date, is_timestamp};
pub use text::{NUL_REFUSED, check_patches, is_plain_text};
pub use touched::{Touched, all_touched, places_written};
pub use written::collections_written;

/// Why a document change was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RejectCode {
    /// The document does not have the shape of its kind.
    Schema,
    /// A value is missing, malformed or out of range.
    InvalidValue,
    /// A signed note's body or metadata was changed.
    SignedNoteImmutable,
    /// A signed (closed) draft was edited.
    DraftClosed,
    /// The document claims another patient than its id.
    WrongPatient,
    /// A change or a value is over the size limit.
    TooLarge,
    /// A change could not be decoded.
    Malformed,
    /// An entry of an append-only record (vitals, administrations, addenda) was changed.
    AppendOnly,
    /// The user or workstation may not write this part of the chart.
    Forbidden,
}

/// A refused document change: a stable code and a PHI-free explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{code:?}: {message}")]
pub struct Rejection {
    /// The rule that failed.
    pub code: RejectCode,
    /// Where and why, without values.
    pub message: String,
}

impl Rejection {
    /// Builds a rejection.
    pub fn new(code: RejectCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::new(RejectCode::InvalidValue, message)
    }
}
