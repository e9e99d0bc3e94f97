//! Patient documents on the workstation: captured offline into the encrypted database
//! (never left as a file) and referenced in the chart by content address; listed per
//! category, stamped and deleted. Moving the bytes is in `transfer`.

use std::collections::BTreeMap;

use bedside_shared::access::Collection;
use bedside_shared::chart::{
    Deletion, DocumentCategory, DocumentRef, MAX_PREOP_IMAGES, Stamp, preop_images,
};
use bedside_shared::validate::Rules;
use bedside_shared::{DocId, PatientId, RecordId};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::store::Store;
use crate::store::records::{Entry, Kept};
use crate::workstation::Workstation;

mod transfer;

/// The largest document captured, in bytes (the server's default limit).
pub const MAX_DOCUMENT_BYTES: usize = 50 * 1024 * 1024;

/// The media types captured (the server's default list).
pub const DOCUMENT_TYPES: &[&str] = &["application/pdf", "image/jpeg", "image/png", "text/plain"];

/// Longest side of a thumbnail, in pixels.
const THUMBNAIL_PIXELS: u32 = 256;

/// A file to attach to a chart.
#[derive(Clone)]
pub struct NewDocument {
    /// Its tile.
    pub category: DocumentCategory,
    /// The name to show.
    pub file_name: String,
    /// Its media type, e.g. `image/jpeg`.
    pub mime_type: String,
    /// The bytes.
    pub bytes: Vec<u8>,
    /// For a fourth preop image: remove the oldest instead of refusing.
    pub replace_oldest: bool,
}

/// One tile of the chart's documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Tile {
    /// The category.
    pub category: DocumentCategory,
    /// Live documents in it.
    pub count: usize,
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A small PNG of an image, or a refusal when the bytes are not an image.
fn thumbnail(bytes: &[u8]) -> Result<Vec<u8>> {
    let image = image::load_from_memory(bytes)
        .map_err(|_| Error::Invalid("the image could not be read".into()))?;
    let small = image.thumbnail(THUMBNAIL_PIXELS, THUMBNAIL_PIXELS);
    let mut out = std::io::Cursor::new(Vec::new());
    small.write_to(&mut out, image::ImageFormat::Png)?;
    Ok(out.into_inner())
}

fn check_limits(new: &NewDocument) -> Result<()> {
    if new.bytes.is_empty() {
        return Err(Error::Invalid("the file is empty".into()));
    }
    if new.bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(Error::Invalid(format!(
            "documents are limited to {} MiB; this file has {:.1} MiB",
            MAX_DOCUMENT_BYTES / (1024 * 1024),
            new.bytes.len() as f64 / (1024.0 * 1024.0)
        )));
    }
    if !DOCUMENT_TYPES.contains(&new.mime_type.as_str()) {
        return Err(Error::Invalid(format!(
            "files of type {} are not accepted; accepted: {}",
            new.mime_type,
            DOCUMENT_TYPES.join(", ")
        )));
    }
    Ok(())
}

/// `patient`'s documents as `store` holds them, oldest first.
pub(crate) fn documents_in(store: &Store, patient: PatientId) -> Result<Vec<Entry<DocumentRef>>> {
    if !store.holds(&DocId::clinical(patient))? {
        return Err(Error::NotFound("patient"));
    }
    store.records(&patient.to_string())
}

/// How many live documents of `documents` each category holds (empty tiles included).
pub(crate) fn tiles(documents: &[Entry<DocumentRef>]) -> Vec<Tile> {
    DocumentCategory::ALL
        .into_iter()
        .map(|category| Tile {
            category,
            count: documents
                .iter()
                .filter(|d| d.record.category == category && d.record.is_live())
                .count(),
        })
        .collect()
}

/// Attached documents: scans, photographs and letters, their thumbnails, stamps and
/// transfers (the bytes stay in the encrypted store until the server holds them).
#[derive(Debug, Clone, Copy)]
pub struct Documents<'a> {
    pub(crate) ws: &'a Workstation,
}

impl Workstation {
    /// Attached documents.
    pub fn documents(&self) -> Documents<'_> {
        Documents { ws: self }
    }
}

impl Documents<'_> {
    /// Attaches a file to the chart: its bytes go into the encrypted database and the
    /// upload outbox, a reference (with a thumbnail for an image) into the chart.
    pub fn capture_document(&self, patient: PatientId, new: NewDocument) -> Result<RecordId> {
        self.ws.charts().ensure_may_write(Collection::Documents)?;
        check_limits(&new)?;
        let sha256 = sha256_hex(&new.bytes);
        let thumb = if new.mime_type.starts_with("image/") {
            Some(thumbnail(&new.bytes)?)
        } else {
            None
        };
        let by = self.ws.author()?;
        let at = self.ws.store().now();
        let document = DocumentRef {
            category: new.category,
            file_name: new.file_name.clone(),
            mime_type: new.mime_type.clone(),
            size: new.bytes.len() as u64,
            sha256: sha256.clone(),
            thumbnail_sha256: thumb.as_deref().map(sha256_hex),
            uploaded_by: by.clone(),
            captured_at: at.clone(),
            stamps: Vec::new(),
            deleted: None,
        };
        document.check()?;
        let id = self.ws.charts().edit_clinical_entries(patient, |c| {
            if document.is_image() && document.category == DocumentCategory::Preop {
                let documents: BTreeMap<String, DocumentRef> = c
                    .field::<Option<_>>(DocumentRef::COLLECTION)?
                    .unwrap_or_default();
                let images = preop_images(&documents);
                if images.len() >= MAX_PREOP_IMAGES {
                    if !new.replace_oldest {
                        return Err(Error::Invalid(format!(
                            "preop keeps at most {MAX_PREOP_IMAGES} images; choose to replace \
                             the oldest"
                        )));
                    }
                    let (oldest, image) = images[0];
                    let mut replaced = image.clone();
                    replaced.deleted = Some(Deletion { by, at });
                    c.put(DocumentRef::COLLECTION, oldest, &replaced)?;
                }
            }
            Ok(c.add(DocumentRef::COLLECTION, &document)?)
        })?;
        self.ws
            .store()
            .keep_blob(&sha256, patient, &new.bytes, "captured")?;
        self.ws
            .store()
            .queue_upload(&sha256, patient, new.bytes.len())?;
        if let Some(thumb) = &thumb {
            let thumb_sha = sha256_hex(thumb);
            self.ws
                .store()
                .keep_blob(&thumb_sha, patient, thumb, "captured")?;
            self.ws
                .store()
                .queue_upload(&thumb_sha, patient, thumb.len())?;
        }
        self.ws.audit(
            "document_captured",
            Some(&patient.to_string()),
            new.category.as_str(),
        )?;
        Ok(id)
    }

    /// The chart's documents, live and deleted, oldest first.
    pub fn of(&self, patient: PatientId) -> Result<Vec<Entry<DocumentRef>>> {
        documents_in(&self.ws.store(), patient)
    }

    /// How many live documents each category holds (empty tiles included).
    pub fn document_tiles(&self, patient: PatientId) -> Result<Vec<Tile>> {
        Ok(tiles(&self.of(patient)?))
    }

    /// Removes a document from the chart; its reference stays, marked deleted.
    pub fn delete_document(&self, patient: PatientId, id: RecordId) -> Result<()> {
        self.ws.charts().ensure_may_write(Collection::Documents)?;
        let deletion = Deletion {
            by: self.ws.author()?,
            at: self.ws.store().now(),
        };
        self.change_document(patient, id, |d| {
            if d.deleted.is_none() {
                d.deleted = Some(deletion);
            }
            Ok(())
        })
    }

    /// Adds a verification stamp to a lab or radiology report.
    pub fn stamp_document(&self, patient: PatientId, id: RecordId, statement: &str) -> Result<()> {
        self.ws.charts().ensure_may_write(Collection::Documents)?;
        let stamp = Stamp {
            by: self.ws.author()?,
            at: self.ws.store().now(),
            statement: statement.trim().to_owned(),
        };
        self.change_document(patient, id, |d| {
            if !d.category.takes_stamps() {
                return Err(Error::Invalid(
                    "only lab and radiology reports take verification stamps".into(),
                ));
            }
            d.stamps.push(stamp);
            Ok(d.check()?)
        })
    }

    fn change_document(
        &self,
        patient: PatientId,
        id: RecordId,
        change: impl FnOnce(&mut DocumentRef) -> Result<()>,
    ) -> Result<()> {
        self.ws.charts().edit_clinical_entries(patient, |c| {
            let key = id.to_string();
            let mut document: DocumentRef = c
                .get(DocumentRef::COLLECTION, &key)?
                .ok_or(Error::NotFound("document"))?;
            change(&mut document)?;
            Ok(c.put(DocumentRef::COLLECTION, &key, &document)?)
        })
    }
}
