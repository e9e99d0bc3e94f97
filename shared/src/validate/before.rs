//! What the check of a batch needs to know of the document as it was before it: which
//! entries each collection had, whether a draft was signed, the document references.

use std::collections::{BTreeMap, BTreeSet};

use automerge::{AutoCommit, ROOT, ReadDoc};
use autosurgeon::hydrate_prop;

use super::{RejectCode, Rejection};
use crate::chart::{CLINICAL_COLLECTIONS, DocKind, DocumentRef, DraftStatus};

/// What the check needs to know of the document as it was before the batch.
#[derive(Debug, Clone, Default)]
pub struct Before {
    pub(super) empty: bool,
    entries: Vec<(&'static str, BTreeSet<String>)>,
    pub(super) draft_signed: bool,
    /// The clinical document's document references, which may change only in set ways.
    pub(super) documents: BTreeMap<String, DocumentRef>,
}

/// The clinical document's document references (none if it has no such collection).
pub(super) fn documents_of(doc: &AutoCommit) -> BTreeMap<String, DocumentRef> {
    hydrate_prop::<_, Option<BTreeMap<String, DocumentRef>>, _, _>(doc, ROOT, "documents")
        .ok()
        .flatten()
        .unwrap_or_default()
}

fn keys_of(doc: &AutoCommit, collection: &str) -> BTreeSet<String> {
    match doc.get(ROOT, collection) {
        Ok(Some((_, obj))) => doc.keys(&obj).collect(),
        _ => BTreeSet::new(),
    }
}

impl Before {
    /// Whether the document held nothing before the batch (it is new).
    pub fn was_empty(&self) -> bool {
        self.empty
    }

    /// Records the facts of `doc` before the batch is applied. Reads only keys, never
    /// note bodies.
    pub fn capture(doc: &AutoCommit, kind: DocKind) -> Self {
        let empty = doc.keys(ROOT).next().is_none();
        let mut before = Self {
            empty,
            ..Self::default()
        };
        match kind {
            DocKind::Clinical => {
                before.entries = CLINICAL_COLLECTIONS
                    .iter()
                    .map(|c| (*c, keys_of(doc, c)))
                    .collect();
                before.documents = documents_of(doc);
            }
            DocKind::NoteDraft(_) => {
                before.draft_signed = hydrate_prop::<_, DraftStatus, _, _>(doc, ROOT, "status")
                    .is_ok_and(|s| s == DraftStatus::Signed);
            }
            DocKind::Registration => {
                before.entries = vec![("appointments", keys_of(doc, "appointments"))];
            }
        }
        before
    }

    fn keys(&self, collection: &str) -> Option<&BTreeSet<String>> {
        self.entries
            .iter()
            .find(|(name, _)| *name == collection)
            .map(|(_, ids)| ids)
    }

    /// True when `collection` had the entry `id` before the batch.
    pub(super) fn had(&self, collection: &str, id: &str) -> bool {
        self.keys(collection).is_some_and(|ids| ids.contains(id))
    }

    /// True when `collection` had any entry before the batch.
    pub(super) fn had_any(&self, collection: &str) -> bool {
        self.keys(collection).is_some_and(|ids| !ids.is_empty())
    }

    /// Refuses a batch that replaced a collection and lost entries it had.
    pub(super) fn kept_entries(&self, doc: &AutoCommit, collection: &str) -> Result<(), Rejection> {
        match self.keys(collection) {
            Some(ids) if !ids.is_subset(&keys_of(doc, collection)) => Err(Rejection::new(
                RejectCode::Schema,
                format!("{collection} entries are never deleted"),
            )),
            _ => Ok(()),
        }
    }
}
