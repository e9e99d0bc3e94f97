//! JSON calls to the server's account and device endpoints, with its standard error
//! body turned into [`Error::Server`].

use bedside_shared::error::{ErrorBody, ErrorCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// POSTs `body` as JSON to `server` + `path` and decodes the JSON answer.
pub(crate) async fn post_json<B: Serialize, T: DeserializeOwned>(
    server: &str,
    path: &str,
    body: &B,
) -> Result<T> {
    let response = reqwest::Client::new()
        .post(format!("{}{path}", server.trim_end_matches('/')))
        .json(body)
        .send()
        .await
        .map_err(|e| Error::Offline(e.to_string()))?;
    let status = response.status();
    let bytes = response
        .bytes()
        .await
        .map_err(|e| Error::Offline(e.to_string()))?;
    if !status.is_success() {
        let (code, message) = match serde_json::from_slice::<ErrorBody>(&bytes) {
            Ok(body) => (body.error.code, body.error.message),
            Err(_) => (ErrorCode::InternalError, format!("HTTP {status}")),
        };
        return Err(Error::Server { code, message });
    }
    serde_json::from_slice(&bytes).map_err(|e| Error::Document(e.to_string()))
}
