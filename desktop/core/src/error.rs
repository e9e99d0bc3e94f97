//! The workstation's errors. Each maps to a stable [`ErrorCode`] so the CLI and the
//! window can show the same message and switch on the same code. Messages never carry
//! patient data.

use bedside_shared::chart::{EditError, SignError};
use bedside_shared::error::ErrorCode;
use bedside_shared::sync::{ExchangeError, WireError};
use bedside_shared::validate::{RejectCode, Rejection};

/// Result with the workstation's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong on the workstation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The OS keyring holds no key for this workstation's database.
    #[error(
        "the database key for this workstation is missing from the OS keyring; \
         the local chart store cannot be opened (re-enroll the workstation)"
    )]
    KeyMissing,
    /// The key in the keyring does not open the database.
    #[error("the key in the OS keyring does not open this workstation's database")]
    WrongKey,
    /// The keyring itself failed.
    #[error("the OS keyring is unavailable: {0}")]
    Keyring(String),
    /// The database was written by a newer build.
    #[error("the local database was written by a newer version of Bedside")]
    NewerSchema,
    /// SQLite failed.
    #[error("local database error: {0}")]
    Database(#[from] rusqlite::Error),
    /// Files of the workstation folder.
    #[error("workstation folder error: {0}")]
    Io(#[from] std::io::Error),
    /// A value the workstation stored does not read back (an id, a time, a file, a key).
    #[error("stored {0} is damaged")]
    Damaged(&'static str),
    /// A chart document does not load or take a change.
    #[error("a chart document is damaged: {0}")]
    Automerge(Box<automerge::AutomergeError>),
    /// A change the chart document could not take.
    #[error("a chart edit failed: {0}")]
    Edit(EditError),
    /// The server's changes did not apply to this workstation's copy.
    #[error(transparent)]
    Exchange(Box<ExchangeError>),
    /// A sync message (CBOR) did not encode, or the server's did not decode.
    #[error(transparent)]
    Wire(#[from] WireError),
    /// JSON the workstation keeps, or the server answered, did not encode or parse.
    #[error("unreadable JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A password verifier could not be made.
    #[error("the password could not be hashed: {0}")]
    PasswordHash(argon2::password_hash::Error),
    /// A picture's thumbnail could not be made.
    #[error("the thumbnail could not be made: {0}")]
    Thumbnail(Box<image::ImageError>),
    /// A document's bytes arrived with another hash than the one recorded.
    #[error("{}", if *.server_copy_damaged {
        "the stored copy of this document was damaged; a workstation that holds it will \
         send it again at its next sync: try again later"
    } else {
        "the document arrived damaged: try again"
    })]
    DamagedDownload {
        /// The server found its own copy damaged (and dropped it).
        server_copy_damaged: bool,
    },
    /// A value broke one of the chart's rules; the rule is kept.
    #[error("{}", .0.message)]
    Rejected(Rejection),
    /// No such patient, note or record on this workstation.
    #[error("{0} not found on this workstation")]
    NotFound(&'static str),
    /// A value broke a rule.
    #[error("{0}")]
    Invalid(String),
    /// The change clashes with what the chart already holds (a bed already taken).
    #[error("{0}")]
    Conflict(String),
    /// The workstation locked after inactivity; unlock with the password.
    #[error("the workstation is locked; unlock it with your password")]
    Locked,
    /// IT revoked this workstation; its key and database were erased.
    #[error("this workstation was revoked by IT and its local data was erased; re-enroll it")]
    Revoked,
    /// Outside what this user or workstation may do.
    #[error("{0}")]
    Forbidden(String),
    /// The server could not be reached after retrying.
    #[error("the sync server could not be reached: {0}")]
    Offline(String),
    /// The server refused the request.
    #[error("the sync server refused the request ({code}): {message}")]
    Server {
        /// The server's error code.
        code: ErrorCode,
        /// The server's message.
        message: String,
    },
}

impl Error {
    /// The stable code for this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::KeyMissing | Self::WrongKey | Self::Locked => ErrorCode::Unauthenticated,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::Invalid(_) => ErrorCode::ValidationError,
            Self::Conflict(_) => ErrorCode::Conflict,
            Self::Offline(_) => ErrorCode::Unavailable,
            Self::Server { code, .. } => *code,
            Self::Revoked => ErrorCode::DeviceRevoked,
            Self::Forbidden(_) => ErrorCode::Forbidden,
            Self::Database(_) | Self::NewerSchema => ErrorCode::DbError,
            Self::Rejected(r) if r.code == RejectCode::Forbidden => ErrorCode::Forbidden,
            Self::Rejected(_) => ErrorCode::ValidationError,
            Self::Keyring(_)
            | Self::Io(_)
            | Self::Damaged(_)
            | Self::Automerge(_)
            | Self::Edit(_)
            | Self::Exchange(_)
            | Self::Wire(_)
            | Self::Json(_)
            | Self::PasswordHash(_)
            | Self::Thumbnail(_)
            | Self::DamagedDownload { .. } => ErrorCode::InternalError,
        }
    }
}

impl From<EditError> for Error {
    fn from(e: EditError) -> Self {
        match e {
            EditError::NotPlainText => Self::Invalid(e.to_string()),
            e => Self::Edit(e),
        }
    }
}

impl From<Rejection> for Error {
    fn from(r: Rejection) -> Self {
        Self::Rejected(r)
    }
}

impl From<automerge::AutomergeError> for Error {
    fn from(e: automerge::AutomergeError) -> Self {
        Self::Automerge(Box::new(e))
    }
}

impl From<ExchangeError> for Error {
    fn from(e: ExchangeError) -> Self {
        Self::Exchange(Box::new(e))
    }
}

impl From<image::ImageError> for Error {
    fn from(e: image::ImageError) -> Self {
        Self::Thumbnail(Box::new(e))
    }
}

impl From<argon2::password_hash::Error> for Error {
    fn from(e: argon2::password_hash::Error) -> Self {
        Self::PasswordHash(e)
    }
}

impl Error {
    /// The chart rule a refused value broke, when it was one.
    pub fn rule(&self) -> Option<RejectCode> {
        match self {
            Self::Rejected(r) => Some(r.code),
            _ => None,
        }
    }
}

impl From<SignError> for Error {
    fn from(e: SignError) -> Self {
        Self::Invalid(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_keeps_its_rule_and_maps_to_the_api_code() {
        let invalid = Error::from(Rejection::new(RejectCode::InvalidValue, "pulse_bpm"));
        assert_eq!(invalid.code(), ErrorCode::ValidationError);
        assert_eq!(invalid.rule(), Some(RejectCode::InvalidValue));
        assert_eq!(invalid.to_string(), "pulse_bpm");
        let forbidden = Error::from(Rejection::new(RejectCode::Forbidden, "notes"));
        assert_eq!(forbidden.code(), ErrorCode::Forbidden);
        assert_eq!(forbidden.rule(), Some(RejectCode::Forbidden));
        assert_eq!(Error::Locked.rule(), None);
    }

    #[test]
    fn a_damaged_download_says_whether_to_wait_for_another_copy() {
        let stored = Error::DamagedDownload {
            server_copy_damaged: true,
        };
        assert!(stored.to_string().contains("try again later"), "{stored}");
        let in_transit = Error::DamagedDownload {
            server_copy_damaged: false,
        };
        assert_eq!(
            in_transit.to_string(),
            "the document arrived damaged: try again"
        );
        assert_eq!(in_transit.code(), ErrorCode::InternalError);
    }
}
