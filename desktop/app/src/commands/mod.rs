//! Commands the window calls: each forwards to `bedside-client` and answers the error
//! as `{code, message, rule?}` with the same codes as the HTTP API (and, for a refused
//! value, the chart rule it broke).

pub mod chart;
pub mod documents;
pub mod history;
pub mod inbox;
pub mod orders;
pub mod print;
pub mod session;

use bedside_client::Workstation;
use bedside_shared::error::ErrorCode;
use bedside_shared::validate::RejectCode;
use serde::Serialize;

use crate::Engine;

/// The error shape every command returns.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct CommandError {
    /// The same stable code as the HTTP API's (serialized as e.g. `UNAUTHENTICATED`).
    pub code: ErrorCode,
    /// Human-readable, without patient data.
    pub message: String,
    /// The chart rule a refused value broke (e.g. `APPEND_ONLY`), when it was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub rule: Option<RejectCode>,
}

impl From<&bedside_client::Error> for CommandError {
    fn from(e: &bedside_client::Error) -> Self {
        Self {
            code: e.code(),
            message: e.to_string(),
            rule: e.rule(),
        }
    }
}

impl From<bedside_client::Error> for CommandError {
    fn from(e: bedside_client::Error) -> Self {
        Self::from(&e)
    }
}

impl CommandError {
    /// A refusal of bad input from the window.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::ValidationError,
            message: message.into(),
            rule: None,
        }
    }

    /// Something on this machine failed (no patient data in the message).
    pub fn internal(message: impl Into<String>) -> Self {
        Self {
            code: ErrorCode::InternalError,
            message: message.into(),
            rule: None,
        }
    }
}

/// What every command answers.
pub type Answer<T> = Result<T, CommandError>;

/// The open workstation, for one command, which counts as the clinician's activity.
pub fn held(engine: &Engine) -> Answer<&Workstation> {
    let ws = peek(engine)?;
    ws.access().touch(std::time::Instant::now());
    Ok(ws)
}

/// The open workstation, for one command that changes the chart: when the command is
/// done with it, the background sync is woken to send the change at once, not at its
/// next period.
pub fn editing(engine: &Engine) -> Answer<Editing<'_>> {
    Ok(Editing {
        ws: held(engine)?,
        engine,
    })
}

/// The workstation in the hands of a command that changes the chart; letting go of it
/// rings the background sync's bell (after the change is written, so the sync it wakes
/// always sends it).
#[derive(Debug)]
pub struct Editing<'a> {
    ws: &'a Workstation,
    engine: &'a Engine,
}

impl std::ops::Deref for Editing<'_> {
    type Target = Workstation;

    fn deref(&self) -> &Workstation {
        self.ws
    }
}

impl Drop for Editing<'_> {
    fn drop(&mut self) {
        self.engine.sync_soon();
    }
}

/// Work that keeps a processor busy for a while (a photograph's thumbnail, signing a
/// long note): run where it does not hold up the runtime's other tasks.
pub fn heavy<T>(work: impl FnOnce() -> T) -> T {
    tokio::task::block_in_place(work)
}

/// The open workstation, without counting as activity (status polling).
pub fn peek(engine: &Engine) -> Answer<&Workstation> {
    engine.workstation().map_err(Clone::clone)
}

/// Parses an id the window passes back.
pub fn id<T: std::str::FromStr>(text: &str) -> Answer<T> {
    text.parse()
        .map_err(|_| CommandError::invalid("that id is not valid"))
}
