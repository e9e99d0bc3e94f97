//! The embedded blob store: a folder on the server's disk. The server serves it itself
//! at `/v1/store/...` through URLs signed with HMAC-SHA256 that expire like presigned
//! S3 URLs, so workstations upload and download the same way with either store.

use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{Presigned, StoreError, StoredPart, URL_LIFETIME};

type HmacSha256 = Hmac<Sha256>;

/// Why a folder-store URL was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlRefusal {
    /// Its time is up.
    Expired,
    /// It was not made by this server, or was changed.
    BadSignature,
    /// It names nothing the store holds or takes.
    BadPath,
}

/// A folder of blobs (`objects/sha256/<hex>`), uploads waiting for their check
/// (`incoming/sha256/<hex>`) and unfinished uploads in parts (`uploads/<id>/<n>`).
#[derive(Debug)]
pub struct FolderStore {
    root: PathBuf,
    key: Vec<u8>,
}

fn is_hex(text: &str) -> bool {
    bedside_shared::chart::is_sha256_hex(text)
}

fn is_upload_id(text: &str) -> bool {
    Uuid::parse_str(text).is_ok()
}

impl FolderStore {
    /// Opens (creating) the folder `dir`; `key` signs its URLs.
    pub fn open(dir: &Path, key: Vec<u8>) -> Result<Self, StoreError> {
        for sub in ["objects/sha256", "incoming/sha256", "uploads"] {
            std::fs::create_dir_all(dir.join(sub)).map_err(StoreError::from)?;
        }
        Ok(Self {
            root: dir.to_owned(),
            key,
        })
    }

    fn object(&self, key: &str) -> Result<PathBuf, StoreError> {
        let (dir, hex) = match key.strip_prefix("incoming/sha256/") {
            Some(hex) => ("incoming/sha256", hex),
            None => (
                "objects/sha256",
                key.strip_prefix("sha256/").unwrap_or_default(),
            ),
        };
        if !is_hex(hex) {
            return Err(StoreError("not a blob key".into()));
        }
        Ok(self.root.join(dir).join(hex))
    }

    pub(super) fn write(&self, key: &str, bytes: &[u8]) -> Result<(), StoreError> {
        write_atomically(&self.object(key)?, bytes).map_err(StoreError::from)
    }

    fn signature(&self, method: &str, path: &str, expires: i64) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key");
        mac.update(format!("{method}\n{path}\n{expires}").as_bytes());
        mac
    }

    /// A URL for `method` on `path` (under `/v1/store/`), valid for [`URL_LIFETIME`].
    pub fn presign(&self, base: &str, method: &str, path: &str) -> Presigned {
        self.presign_until(base, method, path, OffsetDateTime::now_utc() + URL_LIFETIME)
    }

    /// A URL for `method` on `path` that works until `expires_at`.
    pub fn presign_until(
        &self,
        base: &str,
        method: &str,
        path: &str,
        expires_at: OffsetDateTime,
    ) -> Presigned {
        let expires = expires_at.unix_timestamp();
        let signature = hex::encode(
            self.signature(method, path, expires)
                .finalize()
                .into_bytes(),
        );
        let base = base.trim_end_matches('/');
        Presigned {
            url: format!("{base}/v1/store/{path}?expires={expires}&signature={signature}"),
            expires_at,
        }
    }

    /// Checks a URL this store handed out.
    pub fn check(
        &self,
        method: &str,
        path: &str,
        expires: i64,
        signature: &str,
    ) -> Result<(), UrlRefusal> {
        let given = hex::decode(signature).map_err(|_| UrlRefusal::BadSignature)?;
        self.signature(method, path, expires)
            .verify_slice(&given)
            .map_err(|_| UrlRefusal::BadSignature)?;
        if OffsetDateTime::now_utc().unix_timestamp() > expires {
            return Err(UrlRefusal::Expired);
        }
        Ok(())
    }

    /// Stores `bytes` at a checked `path`: a whole upload waiting for its check, or one
    /// part of an upload. A checked blob (`objects/`) is never written through a URL.
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<(), UrlRefusal> {
        let target = match path.split('/').collect::<Vec<_>>().as_slice() {
            ["incoming", "sha256", hex] if is_hex(hex) => {
                self.root.join("incoming/sha256").join(hex)
            }
            ["parts", upload, number] if is_upload_id(upload) && number.parse::<u16>().is_ok() => {
                let dir = self.root.join("uploads").join(upload);
                if !dir.is_dir() {
                    return Err(UrlRefusal::BadPath);
                }
                dir.join(number)
            }
            _ => return Err(UrlRefusal::BadPath),
        };
        write_atomically(&target, bytes).map_err(|_| UrlRefusal::BadPath)
    }

    /// The bytes at a checked `path` (blobs only).
    pub fn get(&self, path: &str) -> Result<Vec<u8>, UrlRefusal> {
        let key = path.strip_prefix("objects/").ok_or(UrlRefusal::BadPath)?;
        let file = self.object(key).map_err(|_| UrlRefusal::BadPath)?;
        std::fs::read(file).map_err(|_| UrlRefusal::BadPath)
    }

    pub(super) fn size(&self, key: &str) -> Result<Option<u64>, StoreError> {
        match std::fs::metadata(self.object(key)?) {
            Ok(meta) => Ok(Some(meta.len())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(StoreError::from(e)),
        }
    }

    pub(super) fn read(&self, key: &str) -> Result<Vec<u8>, StoreError> {
        std::fs::read(self.object(key)?).map_err(StoreError::from)
    }

    /// Staged uploads (`incoming/sha256/<hex>` keys) last written before `before`.
    pub(super) fn staged_before(&self, before: OffsetDateTime) -> Result<Vec<String>, StoreError> {
        let mut keys = Vec::new();
        for entry in
            std::fs::read_dir(self.root.join("incoming/sha256")).map_err(StoreError::from)?
        {
            let entry = entry.map_err(StoreError::from)?;
            let written = entry
                .metadata()
                .and_then(|m| m.modified())
                .map_err(StoreError::from)?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_hex(&name) && OffsetDateTime::from(written) <= before {
                keys.push(format!("incoming/sha256/{name}"));
            }
        }
        Ok(keys)
    }

    pub(super) fn delete(&self, key: &str) -> Result<(), StoreError> {
        match std::fs::remove_file(self.object(key)?) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(StoreError::from(e)),
            _ => Ok(()),
        }
    }

    pub(super) fn start_parts(&self) -> Result<String, StoreError> {
        let id = Uuid::now_v7().to_string();
        std::fs::create_dir_all(self.root.join("uploads").join(&id)).map_err(StoreError::from)?;
        Ok(id)
    }

    /// The tag of stored bytes, as the store's PUT sends it in its `ETag` header (quoted,
    /// as HTTP and S3 write it) and as a workstation hands it back to join the parts.
    pub(crate) fn part_tag(bytes: &[u8]) -> String {
        format!("\"{}\"", hex::encode(Sha256::digest(bytes)))
    }

    pub(super) fn stored_parts(&self, upload: &str) -> Result<Vec<StoredPart>, StoreError> {
        if !is_upload_id(upload) {
            return Err(StoreError("not an upload id".into()));
        }
        let dir = self.root.join("uploads").join(upload);
        let mut parts = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(StoreError::from)? {
            let entry = entry.map_err(StoreError::from)?;
            let Some(number) = entry.file_name().to_str().and_then(|n| n.parse().ok()) else {
                continue;
            };
            let bytes = std::fs::read(entry.path()).map_err(StoreError::from)?;
            parts.push(StoredPart {
                number,
                etag: Self::part_tag(&bytes),
            });
        }
        parts.sort_by_key(|p| p.number);
        Ok(parts)
    }

    pub(super) fn finish_parts(
        &self,
        key: &str,
        upload: &str,
        parts: &[StoredPart],
    ) -> Result<(), StoreError> {
        if !is_upload_id(upload) {
            return Err(StoreError("not an upload id".into()));
        }
        let dir = self.root.join("uploads").join(upload);
        let mut whole = Vec::new();
        for part in parts {
            let bytes =
                std::fs::read(dir.join(part.number.to_string())).map_err(StoreError::from)?;
            if Self::part_tag(&bytes) != part.etag {
                return Err(StoreError(format!("part {} changed", part.number)));
            }
            whole.extend_from_slice(&bytes);
        }
        write_atomically(&self.object(key)?, &whole).map_err(StoreError::from)?;
        std::fs::remove_dir_all(dir).map_err(StoreError::from)
    }
}

/// Writes through a temporary file and a rename, so a reader never sees half a blob.
fn write_atomically(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = target.with_extension(format!("part-{}", Uuid::now_v7().simple()));
    std::fs::write(&temp, bytes)?;
    std::fs::rename(temp, target)
}
