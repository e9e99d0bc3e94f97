//! Where document blobs are kept: one small interface over an S3 bucket (aws-sdk-s3,
//! any S3-compatible endpoint) and a folder on the server's disk that the server serves
//! itself. Workstations never send blobs through the API: they get short-lived URLs
//! and talk to the store directly. Uploads land under a staging key
//! (`incoming/sha256/<hex>`); only the server writes the content address
//! `sha256/<hex>`, after it checked the bytes, so a verified blob never changes even
//! while an upload URL for it is still valid.

pub mod folder;
mod s3;

use std::time::Duration;

use time::OffsetDateTime;

pub use folder::FolderStore;
pub use s3::S3Store;

use crate::config::BlobStoreSettings;

/// Where uploads of blob `sha256` land until the server has checked them.
pub fn staging_key(sha256: &str) -> String {
    format!("{STAGING_PREFIX}{sha256}")
}

/// The prefix of every staged upload's key.
pub const STAGING_PREFIX: &str = "incoming/sha256/";

/// How long a handed-out URL works.
pub const URL_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// A URL that works until `expires_at`.
#[derive(Debug, Clone)]
pub struct Presigned {
    /// The address.
    pub url: String,
    /// When it stops working.
    pub expires_at: OffsetDateTime,
}

impl Presigned {
    fn new(url: String) -> Self {
        Self {
            url,
            expires_at: OffsetDateTime::now_utc() + URL_LIFETIME,
        }
    }
}

/// One part of a multipart upload the store holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPart {
    /// Part number, from 1.
    pub number: i32,
    /// The store's tag for it.
    pub etag: String,
}

/// A failure of the blob store (its message is for the server's log).
#[derive(Debug, thiserror::Error)]
#[error("blob store: {0}")]
pub struct StoreError(pub String);

impl StoreError {
    fn from(e: impl std::fmt::Display) -> Self {
        Self(e.to_string())
    }
}

/// The blob store the server was configured with.
#[derive(Debug)]
pub enum BlobStore {
    /// An S3 bucket.
    S3(S3Store),
    /// A folder served by this server.
    Folder(FolderStore),
}

impl BlobStore {
    /// Opens the store `settings` describe; `url_key` signs the folder store's URLs.
    pub fn open(settings: &BlobStoreSettings, url_key: Vec<u8>) -> Result<Self, StoreError> {
        Ok(match settings {
            BlobStoreSettings::Folder { dir } => Self::Folder(FolderStore::open(dir, url_key)?),
            BlobStoreSettings::S3 { .. } => Self::S3(S3Store::open(settings)),
        })
    }

    /// The size of the blob at `key`, if it is there.
    pub async fn size(&self, key: &str) -> Result<Option<u64>, StoreError> {
        match self {
            Self::S3(s) => s.size(key).await,
            Self::Folder(f) => f.size(key),
        }
    }

    /// The bytes of the blob at `key`.
    pub async fn read(&self, key: &str) -> Result<Vec<u8>, StoreError> {
        match self {
            Self::S3(s) => s.read(key).await,
            Self::Folder(f) => f.read(key),
        }
    }

    /// Stores `bytes` at `key` (the server's own write of a checked blob).
    pub async fn write(&self, key: &str, bytes: Vec<u8>) -> Result<(), StoreError> {
        match self {
            Self::S3(s) => s.write(key, bytes).await,
            Self::Folder(f) => f.write(key, &bytes),
        }
    }

    /// Removes staged uploads written more than `older_than` ago (never completed, or
    /// written again through a URL after completion); returns how many went.
    pub async fn sweep_staged(&self, older_than: Duration) -> Result<usize, StoreError> {
        let before = OffsetDateTime::now_utc() - older_than;
        let keys = match self {
            Self::S3(s) => s.written_before(STAGING_PREFIX, before).await?,
            Self::Folder(f) => f.staged_before(before)?,
        };
        for key in &keys {
            self.delete(key).await?;
        }
        Ok(keys.len())
    }

    /// Removes the blob at `key` (nothing if it is not there).
    pub async fn delete(&self, key: &str) -> Result<(), StoreError> {
        match self {
            Self::S3(s) => s.delete(key).await,
            Self::Folder(f) => f.delete(key),
        }
    }

    /// A URL to PUT the staged upload `key` of `size` bytes in one request. `base` is
    /// this server's address as the caller reached it (for the folder store).
    pub async fn presign_put(
        &self,
        base: &str,
        key: &str,
        size: u64,
    ) -> Result<Presigned, StoreError> {
        match self {
            Self::S3(s) => s.presign_put(key, size).await,
            Self::Folder(f) => Ok(f.presign(base, "PUT", key)),
        }
    }

    /// A URL to GET the blob `key`.
    pub async fn presign_get(&self, base: &str, key: &str) -> Result<Presigned, StoreError> {
        match self {
            Self::S3(s) => s.presign_get(key).await,
            Self::Folder(f) => Ok(f.presign(base, "GET", &format!("objects/{key}"))),
        }
    }

    /// Begins an upload in parts; returns its id.
    pub async fn start_parts(&self, key: &str) -> Result<String, StoreError> {
        match self {
            Self::S3(s) => s.start_parts(key).await,
            Self::Folder(f) => f.start_parts(),
        }
    }

    /// A URL to PUT part `number` of upload `upload`.
    pub async fn presign_part(
        &self,
        base: &str,
        key: &str,
        upload: &str,
        number: i32,
    ) -> Result<Presigned, StoreError> {
        match self {
            Self::S3(s) => s.presign_part(key, upload, number).await,
            Self::Folder(f) => Ok(f.presign(base, "PUT", &format!("parts/{upload}/{number}"))),
        }
    }

    /// The parts of upload `upload` the store already holds.
    pub async fn stored_parts(
        &self,
        key: &str,
        upload: &str,
    ) -> Result<Vec<StoredPart>, StoreError> {
        match self {
            Self::S3(s) => s.stored_parts(key, upload).await,
            Self::Folder(f) => f.stored_parts(upload),
        }
    }

    /// Joins the parts of upload `upload` into the blob `key`.
    pub async fn finish_parts(
        &self,
        key: &str,
        upload: &str,
        parts: &[StoredPart],
    ) -> Result<(), StoreError> {
        match self {
            Self::S3(s) => s.finish_parts(key, upload, parts).await,
            Self::Folder(f) => f.finish_parts(key, upload, parts),
        }
    }
}
