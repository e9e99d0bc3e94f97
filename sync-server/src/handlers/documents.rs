//! `/v1/documents/*`: short-lived URLs to upload and download a chart's document blobs;
//! `/v1/patients/{id}/documents`: the chart's document tiles; and `/v1/store/*`, the
//! folder blob store served by this server through the signed URLs it hands out.

use axum::Json;
use axum::body::Body;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bedside_shared::chart::DocumentCategory;
use bedside_shared::documents::{
    BlobCheck, CompleteRequest, DownloadRequest, DownloadUrl, UploadPlan, UploadRequest,
};
use bedside_shared::error::{ErrorBody, ErrorCode};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::auth::Authenticated;
use super::input::JsonBody;
use crate::blobstore::folder::UrlRefusal;
use crate::blobstore::{BlobStore, FolderStore};
use crate::body_limits::STORE_BODY_BYTES;
use crate::error::ApiError;
use crate::services::documents;
use crate::state::AppState;

/// This server's address as the caller reached it, for the URLs it hands out.
fn base(state: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if state.https { "https" } else { "http" };
    format!("{scheme}://{host}")
}

/// `POST /v1/documents/upload`.
#[utoipa::path(post, path = "/v1/documents/upload", tag = "documents", security(("bearer" = [])), request_body = UploadRequest, responses((status = 200, description = "Present already, one URL, or URLs per part (15 minutes)", body = UploadPlan), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "No valid session", body = ErrorBody), (status = 403, description = "Not allowed", body = ErrorBody), (status = 404, description = "No such patient or document", body = ErrorBody), (status = 413, description = "Too large", body = ErrorBody), (status = 415, description = "Type not accepted", body = ErrorBody)))]
pub async fn upload(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    headers: HeaderMap,
    JsonBody(json): JsonBody<UploadRequest>,
) -> Result<Json<UploadPlan>, ApiError> {
    let base = base(&state, &headers);
    Ok(Json(
        documents::plan_upload(&state, &caller, &base, json).await?,
    ))
}

/// `POST /v1/documents/complete`.
#[utoipa::path(post, path = "/v1/documents/complete", tag = "documents", security(("bearer" = [])), request_body = CompleteRequest, responses((status = 200, description = "The blob is present", body = UploadPlan), (status = 400, description = "Bad input, or the bytes do not match their hash", body = ErrorBody), (status = 401, description = "No valid session", body = ErrorBody), (status = 403, description = "Not allowed", body = ErrorBody), (status = 404, description = "No such patient, document or upload", body = ErrorBody)))]
pub async fn complete(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    JsonBody(json): JsonBody<CompleteRequest>,
) -> Result<Json<UploadPlan>, ApiError> {
    Ok(Json(documents::complete(&state, &caller, json).await?))
}

/// `POST /v1/documents/download`.
#[utoipa::path(post, path = "/v1/documents/download", tag = "documents", security(("bearer" = [])), request_body = DownloadRequest, responses((status = 200, description = "A URL valid 15 minutes", body = DownloadUrl), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "No valid session", body = ErrorBody), (status = 403, description = "Not allowed", body = ErrorBody), (status = 404, description = "No such patient or document, or not uploaded yet", body = ErrorBody)))]
pub async fn download(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    headers: HeaderMap,
    JsonBody(json): JsonBody<DownloadRequest>,
) -> Result<Json<DownloadUrl>, ApiError> {
    let base = base(&state, &headers);
    Ok(Json(
        documents::download(&state, &caller, &base, json).await?,
    ))
}

/// `POST /v1/documents/damaged`: the bytes fetched did not match their hash.
#[utoipa::path(post, path = "/v1/documents/damaged", tag = "documents", security(("bearer" = [])), request_body = DownloadRequest, responses((status = 200, description = "Whether the stored copy is whole; a damaged one is dropped and sent again by a workstation that holds it", body = BlobCheck), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "No valid session", body = ErrorBody), (status = 403, description = "Not allowed", body = ErrorBody), (status = 404, description = "No such patient or document", body = ErrorBody)))]
pub async fn damaged(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    JsonBody(json): JsonBody<DownloadRequest>,
) -> Result<Json<BlobCheck>, ApiError> {
    Ok(Json(
        documents::report_damaged(&state, &caller, json).await?,
    ))
}

/// One tile of the chart's documents.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Tile {
    /// The category.
    pub category: DocumentCategory,
    /// Live documents in it.
    pub count: i64,
}

/// `GET /v1/patients/{id}/documents`.
#[utoipa::path(get, path = "/v1/patients/{id}/documents", tag = "patients", security(("bearer" = [])), params(("id" = Uuid, Path)), responses((status = 200, description = "Live documents per category", body = [Tile]), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "No valid session", body = ErrorBody), (status = 403, description = "Not allowed", body = ErrorBody), (status = 404, description = "No such patient", body = ErrorBody)))]
pub async fn tiles(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    id: Result<Path<Uuid>, PathRejection>,
) -> Result<Json<Vec<Tile>>, ApiError> {
    let id = id
        .map(|Path(id)| id)
        .map_err(|_| ApiError::invalid("the id in the path is not a valid id"))?;
    let tiles = documents::tiles(&state, &caller, id).await?;
    Ok(Json(
        tiles
            .into_iter()
            .map(|(category, count)| Tile { category, count })
            .collect(),
    ))
}

/// The signature of a folder-store URL.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct Signed {
    /// Unix time the URL stops working.
    pub expires: i64,
    /// HMAC-SHA256 of method, path and expiry, hex.
    pub signature: String,
}

fn refused(why: UrlRefusal) -> ApiError {
    match why {
        UrlRefusal::Expired => ApiError::new(ErrorCode::Forbidden, "this address has expired"),
        UrlRefusal::BadSignature => {
            ApiError::new(ErrorCode::Forbidden, "this address is not valid")
        }
        UrlRefusal::BadPath => ApiError::new(ErrorCode::NotFound, "no such blob"),
    }
}

fn folder(
    state: &AppState,
    method: &str,
    path: &str,
    signed: Result<Query<Signed>, QueryRejection>,
) -> Result<std::sync::Arc<BlobStore>, ApiError> {
    let Ok(Query(signed)) = signed else {
        return Err(refused(UrlRefusal::BadSignature));
    };
    let store = state
        .blobs
        .clone()
        .ok_or_else(|| refused(UrlRefusal::BadPath))?;
    let BlobStore::Folder(f) = store.as_ref() else {
        return Err(refused(UrlRefusal::BadPath));
    };
    f.check(method, path, signed.expires, &signed.signature)
        .map_err(refused)?;
    Ok(store)
}

/// Reads the body of a PUT whose URL was checked (never before) and stores it.
async fn put_checked(store: &BlobStore, path: &str, body: Body) -> Result<Response, ApiError> {
    let BlobStore::Folder(f) = store else {
        return Err(refused(UrlRefusal::BadPath));
    };
    let bytes = axum::body::to_bytes(body, STORE_BODY_BYTES)
        .await
        .map_err(|_| {
            ApiError::new(
                ErrorCode::PayloadTooLarge,
                "a blob or part is sent in pieces of at most 8 MiB, in time",
            )
        })?;
    f.put(path, &bytes).map_err(refused)?;
    let etag = FolderStore::part_tag(&bytes);
    Ok((StatusCode::OK, [(header::ETAG, etag)]).into_response())
}

/// `PUT /v1/store/incoming/sha256/{hex}` (a signed URL from `/v1/documents/upload`):
/// the upload waits there until `/v1/documents/complete` checked it.
#[utoipa::path(put, path = "/v1/store/incoming/sha256/{hex}", tag = "documents", params(("hex" = String, Path), Signed), request_body(content = Vec<u8>, content_type = "application/octet-stream"), responses((status = 200, description = "Stored; ETag is the SHA-256 of the bytes"), (status = 403, description = "Expired or not signed by this server", body = ErrorBody)))]
pub async fn put_object(
    State(state): State<AppState>,
    Path(hex): Path<String>,
    signed: Result<Query<Signed>, QueryRejection>,
    body: Body,
) -> Result<Response, ApiError> {
    let path = format!("incoming/sha256/{hex}");
    let store = folder(&state, "PUT", &path, signed)?;
    put_checked(&store, &path, body).await
}

/// `GET /v1/store/objects/sha256/{hex}` (a signed URL from `/v1/documents/download`).
#[utoipa::path(get, path = "/v1/store/objects/sha256/{hex}", tag = "documents", params(("hex" = String, Path), Signed), responses((status = 200, description = "The blob", content_type = "application/octet-stream"), (status = 403, description = "Expired or not signed by this server", body = ErrorBody), (status = 404, description = "No such blob", body = ErrorBody)))]
pub async fn get_object(
    State(state): State<AppState>,
    Path(hex): Path<String>,
    signed: Result<Query<Signed>, QueryRejection>,
) -> Result<Response, ApiError> {
    let path = format!("objects/sha256/{hex}");
    let store = folder(&state, "GET", &path, signed)?;
    let BlobStore::Folder(f) = store.as_ref() else {
        return Err(refused(UrlRefusal::BadPath));
    };
    let bytes = f.get(&path).map_err(refused)?;
    Ok(([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response())
}

/// `PUT /v1/store/parts/{upload}/{number}` (a signed URL for one part).
#[utoipa::path(put, path = "/v1/store/parts/{upload}/{number}", tag = "documents", params(("upload" = String, Path), ("number" = i32, Path), Signed), request_body(content = Vec<u8>, content_type = "application/octet-stream"), responses((status = 200, description = "Stored; ETag names the part"), (status = 403, description = "Expired or not signed by this server", body = ErrorBody)))]
pub async fn put_part(
    State(state): State<AppState>,
    Path((upload, number)): Path<(String, String)>,
    signed: Result<Query<Signed>, QueryRejection>,
    body: Body,
) -> Result<Response, ApiError> {
    let path = format!("parts/{upload}/{number}");
    let store = folder(&state, "PUT", &path, signed)?;
    put_checked(&store, &path, body).await
}
