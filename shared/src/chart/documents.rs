//! Patient documents in the clinical record: scans, photos and reports, each a reference
//! to a blob stored by its content address (`sha256/<hex>`), never by name or patient.
//! A reference keeps its history: it is marked deleted rather than removed, and lab and
//! radiology reports gather verification stamps that are never changed.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};

/// Where a document belongs in the chart; the window shows one tile per category.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Reconcile,
    Hydrate,
    Serialize,
    Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DocumentCategory {
    /// Before the operation: consent, images of the site.
    Preop,
    /// Laboratory reports.
    Lab,
    /// Radiology reports and images.
    Radiology,
    /// During the operation.
    Intraop,
    /// Operating-theatre notes.
    OtNotes,
    /// After the operation.
    Postop,
    /// Discharge papers.
    Discharge,
}

impl DocumentCategory {
    /// Every category, in the order the chart shows them.
    pub const ALL: [Self; 7] = [
        Self::Preop,
        Self::Lab,
        Self::Radiology,
        Self::Intraop,
        Self::OtNotes,
        Self::Postop,
        Self::Discharge,
    ];

    /// Its name on the wire, e.g. `ot_notes`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Preop => "preop",
            Self::Lab => "lab",
            Self::Radiology => "radiology",
            Self::Intraop => "intraop",
            Self::OtNotes => "ot_notes",
            Self::Postop => "postop",
            Self::Discharge => "discharge",
        }
    }

    /// True for reports that take verification stamps.
    pub fn takes_stamps(self) -> bool {
        matches!(self, Self::Lab | Self::Radiology)
    }
}

impl std::str::FromStr for DocumentCategory {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|c| c.as_str()).collect();
                format!("a document category is one of {}", names.join(", "))
            })
    }
}

/// The most images the preop category keeps.
pub const MAX_PREOP_IMAGES: usize = 3;

/// A clinician's statement that a report was checked.
#[derive(Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Stamp {
    /// Who verified.
    pub by: String,
    /// When, RFC 3339.
    pub at: String,
    /// What they state, e.g. "Reviewed, no action needed".
    pub statement: String,
}

/// Who removed a document from the chart, and when; the reference stays for the record.
#[derive(Clone, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Deletion {
    /// Who.
    pub by: String,
    /// When, RFC 3339.
    pub at: String,
}

/// A document attached to the chart.
#[derive(Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentRef {
    /// Its tile.
    pub category: DocumentCategory,
    /// The name it was captured under (shown, never used as a storage key).
    pub file_name: String,
    /// E.g. `application/pdf`, `image/jpeg`.
    pub mime_type: String,
    /// Bytes.
    pub size: u64,
    /// SHA-256 of the bytes, lowercase hex: the blob's address.
    pub sha256: String,
    /// SHA-256 of the thumbnail made for an image, if any.
    pub thumbnail_sha256: Option<String>,
    /// Who captured it.
    pub uploaded_by: String,
    /// When, RFC 3339 (device clock).
    pub captured_at: String,
    /// Verification stamps (lab and radiology), oldest first; never changed.
    pub stamps: Vec<Stamp>,
    /// Set once when the document is removed from the chart.
    pub deleted: Option<Deletion>,
}

impl DocumentRef {
    /// True until the document is removed from the chart.
    pub fn is_live(&self) -> bool {
        self.deleted.is_none()
    }

    /// True for pictures (which get a thumbnail).
    pub fn is_image(&self) -> bool {
        self.mime_type.starts_with("image/")
    }

    /// True when `after` is this reference changed only as a reference may change: marked
    /// deleted once, or stamped at the end.
    pub fn may_become(&self, after: &DocumentRef) -> bool {
        fn fixed(d: &DocumentRef) -> impl PartialEq + '_ {
            (
                d.category,
                &d.file_name,
                &d.mime_type,
                d.size,
                &d.sha256,
                &d.thumbnail_sha256,
                &d.uploaded_by,
                &d.captured_at,
            )
        }
        let deletion_kept = self.deleted.is_none() || self.deleted == after.deleted;
        fixed(self) == fixed(after)
            && deletion_kept
            // Concurrent stamps merge in any order; none is ever lost.
            && self.stamps.iter().all(|s| after.stamps.contains(s))
            && after.stamps.len() >= self.stamps.len()
            && (after.stamps.len() == self.stamps.len() || self.category.takes_stamps())
    }
}

/// True when `text` is a SHA-256 in lowercase hex.
pub fn is_sha256_hex(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The storage key of the blob with SHA-256 `hex`: its content address and nothing else.
pub fn blob_key(hex: &str) -> String {
    format!("sha256/{hex}")
}

/// The live preop images among `documents`, oldest first.
pub fn preop_images(documents: &BTreeMap<String, DocumentRef>) -> Vec<(&String, &DocumentRef)> {
    let mut images: Vec<_> = documents
        .iter()
        .filter(|(_, d)| d.is_live() && d.category == DocumentCategory::Preop && d.is_image())
        .collect();
    images.sort_by_cached_key(|(id, d)| (super::times::sortable(&d.captured_at), *id));
    images
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::{DocumentCategory, DocumentRef, preop_images};

    fn image(captured_at: &str) -> DocumentRef {
        DocumentRef {
            category: DocumentCategory::Preop,
            file_name: "wound.jpg".into(),
            mime_type: "image/jpeg".into(),
            size: 1,
            sha256: "0".repeat(64),
            thumbnail_sha256: None,
            uploaded_by: "Nurse N".into(),
            captured_at: captured_at.into(),
            stamps: Vec::new(),
            deleted: None,
        }
    }

    #[test]
    fn preop_images_are_oldest_first_by_time_not_by_text() {
        let documents = BTreeMap::from([
            ("a".to_owned(), image("2026-12-07T10:00:00.5Z")),
            ("b".to_owned(), image("2026-12-07T10:00:00Z")),
        ]);
        let order: Vec<&str> = preop_images(&documents)
            .into_iter()
            .map(|(id, _)| id.as_str())
            .collect();
        assert_eq!(order, ["b", "a"], "the one at the whole second is older");
    }
}
