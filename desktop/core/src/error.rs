//! The workstation's errors. Each maps to a stable [`ErrorCode`] so the CLI and the
//! window can show the same message and switch on the same code. Messages never carry
//! patient data.

use bedside_shared::chart::{EditError, SignError};
use bedside_shared::error::ErrorCode;
use bedside_shared::validate::Rejection;

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
    /// A stored document does not load or has the wrong shape.
    #[error("a stored document is damaged: {0}")]
    Document(String),
    /// No such patient, note or record on this workstation.
    #[error("{0} not found on this workstation")]
    NotFound(&'static str),
    /// A value broke a rule.
    #[error("{0}")]
    Invalid(String),
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
            Self::Offline(_) => ErrorCode::Unavailable,
            Self::Server { code, .. } => *code,
            Self::Revoked => ErrorCode::DeviceRevoked,
            Self::Forbidden(_) => ErrorCode::Forbidden,
            Self::Database(_) | Self::NewerSchema => ErrorCode::DbError,
            Self::Keyring(_) | Self::Io(_) | Self::Document(_) => ErrorCode::InternalError,
        }
    }
}

impl From<EditError> for Error {
    fn from(e: EditError) -> Self {
        match e {
            EditError::NotPlainText => Self::Invalid(e.to_string()),
            e => Self::Document(e.to_string()),
        }
    }
}

impl From<automerge::AutomergeError> for Error {
    fn from(e: automerge::AutomergeError) -> Self {
        Self::Document(e.to_string())
    }
}

impl From<Rejection> for Error {
    fn from(r: Rejection) -> Self {
        Self::Invalid(r.message)
    }
}

impl From<SignError> for Error {
    fn from(e: SignError) -> Self {
        Self::Invalid(e.to_string())
    }
}
