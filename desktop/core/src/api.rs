//! JSON calls to the server's account, device and break-glass endpoints, with its
//! standard error body turned into [`Error::Server`].

use bedside_shared::audit::DEVICE_TIME_HEADER;
use bedside_shared::error::{ErrorBody, ErrorCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::clock::{Clock, SystemClock, stamp};
use crate::error::{Error, Result};

/// POSTs `body` as JSON to `server` + `path`, with `bearer` as the access token if given,
/// and decodes the JSON answer.
pub(crate) async fn post_json<B: Serialize, T: DeserializeOwned>(
    http: &reqwest::Client,
    server: &str,
    path: &str,
    body: &B,
    bearer: Option<&str>,
) -> Result<T> {
    let mut request =
        stamped(http.post(format!("{}{path}", server.trim_end_matches('/')))).json(body);
    if let Some(token) = bearer {
        request = request.bearer_auth(token);
    }
    answer(request).await
}

/// `request` stating this device's clock, which the server's audit log keeps.
pub(crate) fn stamped(request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    // The wire carries the system clock: the server compares it with its own.
    request.header(DEVICE_TIME_HEADER, stamp(SystemClock.now()))
}

/// Sends `request` and decodes its JSON answer or the server's error body.
async fn answer<T: DeserializeOwned>(request: reqwest::RequestBuilder) -> Result<T> {
    let response = request
        .send()
        .await
        .map_err(|e| Error::Offline(e.to_string()))?;
    let status = response.status();
    let bytes = response
        .bytes()
        .await
        .map_err(|e| Error::Offline(e.to_string()))?;
    if !status.is_success() {
        return Err(server_error(status, &bytes));
    }
    Ok(serde_json::from_slice(&bytes)?)
}

/// GETs `server` + `path` as the session holding `bearer` and decodes the JSON answer.
pub(crate) async fn get_json<T: DeserializeOwned>(
    http: &reqwest::Client,
    server: &str,
    path: &str,
    bearer: &str,
) -> Result<T> {
    let request =
        stamped(http.get(format!("{}{path}", server.trim_end_matches('/')))).bearer_auth(bearer);
    answer(request).await
}

/// The server's error body as an [`Error::Server`].
pub(crate) fn server_error(status: reqwest::StatusCode, body: &[u8]) -> Error {
    let (code, message) = match serde_json::from_slice::<ErrorBody>(body) {
        Ok(body) => (body.error.code, body.error.message),
        Err(_) => (ErrorCode::InternalError, format!("HTTP {status}")),
    };
    Error::Server { code, message }
}
