//! Patient documents: the server hands out short-lived URLs to the blob store for blobs
//! a chart references, checks each upload's size and SHA-256 before it counts as
//! present, audits every upload and download, and deletes blobs no live reference
//! points at any more.

use bedside_shared::access::{Collection, DocClass};
use bedside_shared::chart::{DocumentCategory, blob_key, is_sha256_hex};
use bedside_shared::documents::{
    BlobCheck, CompleteRequest, DonePart, DownloadRequest, DownloadUrl, MAX_THUMBNAIL_BYTES,
    PART_SIZE, PartUrl, UploadPlan, UploadRequest,
};
use bedside_shared::error::ErrorCode;
use serde_json::json;
use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use super::identity::Caller;
use crate::blobstore::{BlobStore, Presigned, StoreError, StoredPart, staging_key};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::blobs::{self, BlobRef};
use crate::store::charts;

fn store(state: &AppState) -> Result<&BlobStore, ApiError> {
    state.blobs.as_deref().ok_or_else(|| {
        ApiError::new(
            ErrorCode::Unavailable,
            "this server keeps no documents (no blob store is configured)",
        )
    })
}

fn unavailable(e: StoreError) -> ApiError {
    tracing::error!(error = %e, "the blob store failed");
    ApiError::new(
        ErrorCode::Unavailable,
        "the document store is not answering",
    )
}

fn rfc3339(p: &Presigned) -> String {
    p.expires_at.format(&Rfc3339).unwrap_or_default()
}

/// The live reference to `sha256` in `patient`'s chart, within the caller's reach.
async fn referenced(
    state: &AppState,
    caller: &Caller,
    patient: Uuid,
    sha256: &str,
) -> Result<BlobRef, ApiError> {
    if !is_sha256_hex(sha256) {
        return Err(ApiError::invalid(
            "sha256 must be 64 lowercase hexadecimal digits",
        ));
    }
    if !caller.reads(DocClass::Clinical) {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "this account's roles do not read clinical records",
        ));
    }
    let kinds = caller.kinds();
    if !charts::within_reach(
        &state.pool,
        &caller.reach(&kinds, state.clock.now()),
        patient,
    )
    .await?
    {
        return Err(ApiError::new(ErrorCode::NotFound, "no such patient"));
    }
    blobs::live_ref(&state.pool, patient, sha256)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                "no document of this chart has that content; sync the chart first",
            )
        })
}

/// The store and the document referencing `sha256`, for a caller who attaches documents.
async fn attachable<'a>(
    state: &'a AppState,
    caller: &Caller,
    patient: Uuid,
    sha256: &str,
) -> Result<(&'a BlobStore, BlobRef), ApiError> {
    let store = store(state)?;
    if !caller.may_write(Collection::Documents) {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "this account's roles do not attach documents",
        ));
    }
    Ok((store, referenced(state, caller, patient, sha256).await?))
}

/// The size the blob `sha256` of `document` must have, after the limits.
fn expected_size(
    state: &AppState,
    document: &BlobRef,
    sha256: &str,
    size: u64,
) -> Result<u64, ApiError> {
    let limits = &state.documents;
    if document.sha256 != sha256 {
        // The thumbnail of an image.
        if size == 0 || size > MAX_THUMBNAIL_BYTES {
            return Err(ApiError::new(
                ErrorCode::PayloadTooLarge,
                "a thumbnail has at most 1 MiB",
            ));
        }
        return Ok(size);
    }
    if !limits.types.iter().any(|t| t == &document.mime_type) {
        return Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            format!(
                "documents of type {} are not accepted; accepted: {}",
                document.mime_type,
                limits.types.join(", ")
            ),
        ));
    }
    if document.size as u64 > limits.max_bytes {
        return Err(ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!(
                "documents are limited to {} bytes; this one has {}",
                limits.max_bytes, document.size
            ),
        ));
    }
    if document.size as u64 != size {
        return Err(ApiError::invalid(
            "size does not match the document's size in the chart",
        ));
    }
    Ok(size)
}

/// How the caller uploads blob `request.sha256` of a document in their reach.
pub async fn plan_upload(
    state: &AppState,
    caller: &Caller,
    base: &str,
    request: UploadRequest,
) -> Result<UploadPlan, ApiError> {
    let (store, document) = attachable(state, caller, request.patient_id, &request.sha256).await?;
    let size = expected_size(state, &document, &request.sha256, request.size)?;
    if blobs::present(&state.pool, &request.sha256).await? {
        return Ok(UploadPlan::Present);
    }
    let key = staging_key(&request.sha256);
    if size <= PART_SIZE {
        let url = store
            .presign_put(base, &key, size)
            .await
            .map_err(unavailable)?;
        return Ok(UploadPlan::Single {
            expires_at: rfc3339(&url),
            url: url.url,
        });
    }
    let resumed = match &request.upload_id {
        Some(id) if blobs::is_upload_of(&state.pool, id, &request.sha256).await? => {
            Some(id.clone())
        }
        _ => None,
    };
    let upload_id = match resumed {
        Some(id) => id,
        None => {
            let id = store.start_parts(&key).await.map_err(unavailable)?;
            blobs::begin_upload(&state.pool, &id, &request.sha256, size as i64).await?;
            id
        }
    };
    let done: Vec<DonePart> = store
        .stored_parts(&key, &upload_id)
        .await
        .map_err(unavailable)?
        .into_iter()
        .map(|p| DonePart {
            number: p.number,
            etag: p.etag,
        })
        .collect();
    let count = size.div_ceil(PART_SIZE) as i32;
    let mut todo = Vec::new();
    let mut expires_at = String::new();
    for number in (1..=count).filter(|n| !done.iter().any(|d| d.number == *n)) {
        let url = store
            .presign_part(base, &key, &upload_id, number)
            .await
            .map_err(unavailable)?;
        expires_at = rfc3339(&url);
        todo.push(PartUrl {
            number,
            url: url.url,
        });
    }
    Ok(UploadPlan::Parts {
        upload_id,
        part_size: PART_SIZE,
        done,
        todo,
        expires_at,
    })
}

/// Finishes an upload: joins its parts, checks size and SHA-256, and records the blob
/// as present (a blob whose bytes do not match is deleted and refused).
pub async fn complete(
    state: &AppState,
    caller: &Caller,
    request: CompleteRequest,
) -> Result<UploadPlan, ApiError> {
    let (store, document) = attachable(state, caller, request.patient_id, &request.sha256).await?;
    if blobs::present(&state.pool, &request.sha256).await? {
        return Ok(UploadPlan::Present);
    }
    let key = staging_key(&request.sha256);
    if let Some(upload) = &request.upload_id {
        if !blobs::is_upload_of(&state.pool, upload, &request.sha256).await? {
            return Err(ApiError::new(ErrorCode::NotFound, "no such upload"));
        }
        let parts: Vec<StoredPart> = request
            .parts
            .iter()
            .map(|p| StoredPart {
                number: p.number,
                etag: p.etag.clone(),
            })
            .collect();
        store
            .finish_parts(&key, upload, &parts)
            .await
            .map_err(|e| {
                tracing::warn!(error = %e, "joining an upload's parts failed");
                ApiError::invalid("the upload's parts could not be joined; upload them again")
            })?;
        blobs::end_upload(&state.pool, upload).await?;
    }
    let Some(_) = store.size(&key).await.map_err(unavailable)? else {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            "the store does not hold the blob; upload it first",
        ));
    };
    let bytes = store.read(&key).await.map_err(unavailable)?;
    let whole_document = document.sha256 == request.sha256;
    let size_fits = !whole_document || bytes.len() as i64 == document.size;
    if hex::encode(Sha256::digest(&bytes)) != request.sha256 || !size_fits {
        store.delete(&key).await.map_err(unavailable)?;
        tracing::warn!("an uploaded blob did not match its hash and was deleted");
        return Err(ApiError::invalid(
            "the uploaded bytes do not match their SHA-256; upload them again",
        ));
    }
    // Only now, checked, does the blob reach its content address; the staged copy goes,
    // and what an upload URL still writes there is never read as this blob.
    let size = bytes.len() as i64;
    store
        .write(&blob_key(&request.sha256), bytes)
        .await
        .map_err(unavailable)?;
    store.delete(&key).await.map_err(unavailable)?;
    blobs::mark_present(&state.pool, &request.sha256, size).await?;
    let detail = json!({
        "document": document.ref_id,
        "sha256": request.sha256,
        "bytes": size,
        "thumbnail": !whole_document,
    });
    super::audit::record_document(state, caller, "document_upload", request.patient_id, detail)
        .await?;
    Ok(UploadPlan::Present)
}

/// A short-lived URL to a blob of a document in the caller's reach.
pub async fn download(
    state: &AppState,
    caller: &Caller,
    base: &str,
    request: DownloadRequest,
) -> Result<DownloadUrl, ApiError> {
    let store = store(state)?;
    let document = referenced(state, caller, request.patient_id, &request.sha256).await?;
    if !blobs::present(&state.pool, &request.sha256).await? {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            "the document has not been uploaded yet",
        ));
    }
    let url = store
        .presign_get(base, &blob_key(&request.sha256))
        .await
        .map_err(unavailable)?;
    let detail = json!({
        "document": document.ref_id,
        "sha256": request.sha256,
        "thumbnail": document.sha256 != request.sha256,
    });
    super::audit::record_document(
        state,
        caller,
        "document_download",
        request.patient_id,
        detail,
    )
    .await?;
    Ok(DownloadUrl {
        expires_at: rfc3339(&url),
        url: url.url,
    })
}

/// A workstation found other bytes than a blob's hash at download: checks the store's
/// copy, and when it no longer matches (or is gone) deletes and forgets it, so that the
/// next sync of any workstation holding the blob lists it as wanted and that
/// workstation sends it again. Audited either way.
pub async fn report_damaged(
    state: &AppState,
    caller: &Caller,
    request: DownloadRequest,
) -> Result<BlobCheck, ApiError> {
    let store = store(state)?;
    let document = referenced(state, caller, request.patient_id, &request.sha256).await?;
    let key = blob_key(&request.sha256);
    let intact = match store.size(&key).await.map_err(unavailable)? {
        Some(_) => {
            let bytes = store.read(&key).await.map_err(unavailable)?;
            hex::encode(Sha256::digest(&bytes)) == request.sha256
        }
        None => false,
    };
    if !intact {
        store.delete(&key).await.map_err(unavailable)?;
        blobs::forget(&state.pool, &request.sha256).await?;
        tracing::warn!("a stored blob no longer matched its hash; it waits to be sent again");
    }
    let detail = json!({
        "document": document.ref_id,
        "sha256": request.sha256,
        "intact": intact,
    });
    super::audit::record_document(
        state,
        caller,
        "document_checked",
        request.patient_id,
        detail,
    )
    .await?;
    Ok(BlobCheck { intact })
}

/// How many live documents each category of `patient`'s chart holds.
pub async fn tiles(
    state: &AppState,
    caller: &Caller,
    patient: Uuid,
) -> Result<Vec<(DocumentCategory, i64)>, ApiError> {
    let chart = super::charts::documents(state, caller, patient).await?;
    if !chart.contains_key("clinical") {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "this account's roles do not read clinical records",
        ));
    }
    let counts = blobs::counts(&state.pool, patient).await?;
    Ok(DocumentCategory::ALL
        .into_iter()
        .map(|c| {
            let n = counts
                .iter()
                .find(|(name, _)| name == c.as_str())
                .map_or(0, |(_, n)| *n);
            (c, n)
        })
        .collect())
}

/// How long a staged upload may wait for its completion before it is swept: well past
/// the upload URL's 15 minutes.
pub const STAGED_KEPT_FOR: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// Deletes from the store every blob (document or thumbnail) no live reference has
/// pointed at for the grace period (`DocumentSettings::grace_days`), and staged
/// uploads older than [`STAGED_KEPT_FOR`]. Returns how many blobs went.
pub async fn collect_garbage(state: &AppState) -> Result<usize, ApiError> {
    let store = store(state)?;
    let staged = store
        .sweep_staged(STAGED_KEPT_FOR)
        .await
        .map_err(unavailable)?;
    if staged > 0 {
        tracing::info!(staged, "stale staged uploads deleted");
    }
    let now = state.clock.now();
    let grace = time::Duration::days(i64::from(state.documents.grace_days));
    let orphans = blobs::unreferenced(&state.pool, now, now - grace).await?;
    for sha256 in &orphans {
        store.delete(&blob_key(sha256)).await.map_err(unavailable)?;
        blobs::forget(&state.pool, sha256).await?;
    }
    if !orphans.is_empty() {
        tracing::info!(blobs = orphans.len(), "unreferenced blobs deleted");
    }
    Ok(orphans.len())
}
