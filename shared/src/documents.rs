//! Document blobs on the wire: a workstation asks the server how to upload or download
//! a blob of a patient's chart and is given short-lived URLs to the blob store.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Blobs larger than this upload in parts of this size (the last part may be smaller).
pub const PART_SIZE: u64 = 8 * 1024 * 1024;

/// The largest thumbnail the server accepts, in bytes.
pub const MAX_THUMBNAIL_BYTES: u64 = 1024 * 1024;

/// `POST /v1/documents/upload` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadRequest {
    /// Whose chart references the blob.
    pub patient_id: Uuid,
    /// The blob's SHA-256, lowercase hex.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
    /// An upload in parts begun earlier, to resume.
    pub upload_id: Option<String>,
}

/// A URL to send one part to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartUrl {
    /// Part number, from 1.
    pub number: i32,
    /// Where to PUT it.
    pub url: String,
}

/// A part the store holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DonePart {
    /// Part number.
    pub number: i32,
    /// The store's tag for it (its `ETag` answer); empty when the store did not say,
    /// and the uploader uses the tag it was given.
    pub etag: String,
}

/// How to upload a blob.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum UploadPlan {
    /// The store has it already: nothing to send.
    Present,
    /// PUT the whole blob to `url`, then complete.
    Single {
        /// Where.
        url: String,
        /// Until when the URL works (RFC 3339).
        expires_at: String,
    },
    /// PUT each missing part, then complete with every part's tag.
    Parts {
        /// The upload to complete (kept to resume).
        upload_id: String,
        /// Bytes per part.
        part_size: u64,
        /// Parts the store already holds.
        done: Vec<DonePart>,
        /// URLs for the parts still to send.
        todo: Vec<PartUrl>,
        /// Until when the URLs work (RFC 3339).
        expires_at: String,
    },
}

/// `POST /v1/documents/complete` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompleteRequest {
    /// Whose chart references the blob.
    pub patient_id: Uuid,
    /// The blob's SHA-256, lowercase hex.
    pub sha256: String,
    /// The upload in parts, if it was one.
    pub upload_id: Option<String>,
    /// Every part's tag, in order (uploads in parts only).
    #[serde(default)]
    pub parts: Vec<DonePart>,
}

/// `POST /v1/documents/download` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DownloadRequest {
    /// Whose chart references the blob.
    pub patient_id: Uuid,
    /// The blob's SHA-256, lowercase hex.
    pub sha256: String,
}

/// `POST /v1/documents/damaged` answer: whether the store's copy of a blob a
/// workstation found wrong at download still matches its hash. When it does not, the
/// server has dropped it, and a workstation holding the blob sends it again at its next
/// sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BlobCheck {
    /// True when the stored copy is whole (the download went wrong on the way).
    pub intact: bool,
}

/// Where to fetch a blob.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DownloadUrl {
    /// GET this.
    pub url: String,
    /// Until when it works (RFC 3339).
    pub expires_at: String,
}
