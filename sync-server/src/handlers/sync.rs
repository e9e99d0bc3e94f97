//! `POST /v1/sync`: CBOR in, CBOR out.

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bedside_shared::error::ErrorBody;
use bedside_shared::error::ErrorCode;
use bedside_shared::sync::SyncRequest;
use bedside_shared::sync::wire::{decode, encode};

use super::auth::Authenticated;
use crate::error::ApiError;
use crate::services;
use crate::state::AppState;

const CBOR: &str = "application/cbor";

/// Merges a batch of documents and answers with what the workstation lacks.
#[utoipa::path(post, path = "/v1/sync", tag = "sync", security(("bearer" = [])), request_body(content_type = "application/cbor", description = "A CBOR SyncRequest (see docs/DESIGN.md, sync protocol v1)"), responses((status = 200, content_type = "application/cbor", description = "A CBOR SyncResponse"), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "No valid session", body = ErrorBody), (status = 403, description = "Not allowed, or the workstation is revoked", body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody)))]
pub async fn sync(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                ErrorCode::PayloadTooLarge,
                "the sync body is over the size limit",
            )
        } else {
            ApiError::invalid("the sync body could not be read")
        }
    })?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    if content_type != Some(CBOR) {
        return Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "send the sync body as application/cbor",
        ));
    }
    let request: SyncRequest = decode(&body)
        .map_err(|_| ApiError::invalid("the sync body is not a valid v1 sync request"))?;
    let response = services::sync::sync(&state, &caller, request).await?;
    let bytes = encode(&response).map_err(|e| {
        tracing::error!(error = %e, "could not encode a sync response");
        ApiError::new(ErrorCode::InternalError, "the server could not answer")
    })?;
    Ok((StatusCode::OK, [(header::CONTENT_TYPE, CBOR)], bytes).into_response())
}
