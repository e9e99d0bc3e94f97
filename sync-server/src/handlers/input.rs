//! What handlers read from a request besides the path: a JSON body and query
//! parameters. Both refuse text no reader can store (a NUL character) with
//! `VALIDATION_ERROR` before any service or SQL sees it, and a body that does not parse
//! or is too large gets the standard error body.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use bedside_shared::error::ErrorCode;
use bedside_shared::validate::{NUL_REFUSED, is_plain_text};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ApiError;

/// A JSON request body of type `T`.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

/// Query parameters of type `T`.
#[derive(Debug)]
pub struct Params<T>(pub T);

fn plain(value: &Value) -> bool {
    match value {
        Value::String(s) => is_plain_text(s),
        Value::Array(items) => items.iter().all(plain),
        Value::Object(fields) => fields.iter().all(|(k, v)| is_plain_text(k) && plain(v)),
        Value::Null | Value::Bool(_) | Value::Number(_) => true,
    }
}

fn not_json() -> ApiError {
    ApiError::invalid("the body is not the expected JSON")
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let Json(value) = Json::<Value>::from_request(request, state).await.map_err(
            |rejection| match rejection {
                JsonRejection::BytesRejection(r) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    ApiError::new(ErrorCode::PayloadTooLarge, "the body is too large")
                }
                _ => not_json(),
            },
        )?;
        if !plain(&value) {
            return Err(ApiError::invalid(NUL_REFUSED));
        }
        serde_json::from_value(value)
            .map(JsonBody)
            .map_err(|_| not_json())
    }
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let bad = || ApiError::invalid("the query parameters are not valid");
        let Query(pairs) =
            Query::<Vec<(String, String)>>::try_from_uri(&parts.uri).map_err(|_| bad())?;
        if !pairs
            .iter()
            .all(|(k, v)| is_plain_text(k) && is_plain_text(v))
        {
            return Err(ApiError::invalid(NUL_REFUSED));
        }
        let Query(params) = Query::<T>::try_from_uri(&parts.uri).map_err(|_| bad())?;
        Ok(Params(params))
    }
}
