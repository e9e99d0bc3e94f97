//! Commands the window calls: each forwards to `bedside-client` and answers the error
//! as `{code, message, rule?}` with the same codes as the HTTP API (and, for a refused
//! value, the chart rule it broke).

pub mod chart;
pub mod documents;
pub mod history;
pub mod inbox;
pub mod orders;
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
}

/// What every command answers.
pub type Answer<T> = Result<T, CommandError>;

/// The open workstation, held for one command, which counts as the clinician's activity.
pub async fn held(engine: &Engine) -> Answer<tokio::sync::MappedMutexGuard<'_, Workstation>> {
    let mut ws = peek(engine).await?;
    ws.touch(std::time::Instant::now());
    Ok(ws)
}

/// The open workstation, held for one command that changes the chart: the background
/// sync is woken to send the change as soon as the command lets go, not at its next
/// period.
pub async fn editing(engine: &Engine) -> Answer<tokio::sync::MappedMutexGuard<'_, Workstation>> {
    let ws = held(engine).await?;
    engine.edited();
    Ok(ws)
}

/// The open workstation, held without counting as activity (status polling).
pub async fn peek(engine: &Engine) -> Answer<tokio::sync::MappedMutexGuard<'_, Workstation>> {
    let guard = engine.lock().await;
    if let Err(e) = guard.as_ref() {
        return Err(e.clone());
    }
    Ok(tokio::sync::MutexGuard::map(guard, |opened| {
        opened.as_mut().expect("checked above")
    }))
}

/// Parses an id the window passes back.
pub fn id<T: std::str::FromStr>(text: &str) -> Answer<T> {
    text.parse()
        .map_err(|_| CommandError::invalid("that id is not valid"))
}
