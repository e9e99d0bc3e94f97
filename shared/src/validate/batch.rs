//! The check of an incoming batch. The server applies a batch to the document with the
//! diff cursor at the previous heads, takes the incremental diff (the patches of just
//! these changes) and hands it here. Only what the patches touched is read back and
//! checked, so the cost follows the size of the batch, not of the chart.

use std::collections::{BTreeMap, BTreeSet};

use automerge::{AutoCommit, Patch, PatchAction, Prop, ROOT, ReadDoc};
use autosurgeon::Prop as Key;
use autosurgeon::{Hydrate, hydrate, hydrate_path, hydrate_prop};

use super::clinical::check_clinical;
use super::rules::Rules;
use super::{RejectCode, Rejection};
use crate::chart::{
    Admission, Appointment, CLINICAL_COLLECTIONS, Demographics, DocId, DocKind, DocumentRef,
    DraftStatus, NoteDraft, Registration,
};

/// What the check needs to know of the document as it was before the batch.
#[derive(Debug, Clone, Default)]
pub struct Before {
    pub(super) empty: bool,
    entries: Vec<(&'static str, BTreeSet<String>)>,
    draft_signed: bool,
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

/// One place a patch touched: a root field, or one entry of a root collection.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Touched {
    Field(String),
    Entry {
        collection: String,
        id: String,
        deleted: bool,
    },
}

fn key_of(prop: &Prop) -> Option<&str> {
    match prop {
        Prop::Map(key) => Some(key),
        Prop::Seq(_) => None,
    }
}

/// Reduces a patch to the root field or collection entry it lies under.
pub(super) fn touched(patch: &Patch, collections: &[&str]) -> Result<Touched, Rejection> {
    let schema = || Rejection::new(RejectCode::Schema, "change outside the document's schema");
    let mut path = patch.path.iter().map(|(_, prop)| key_of(prop));
    let (root, under) = match (path.next(), path.next()) {
        (None, _) => match &patch.action {
            PatchAction::PutMap { key, .. } | PatchAction::DeleteMap { key } => (key.clone(), None),
            _ => return Err(schema()),
        },
        (Some(root), entry) => (root.ok_or_else(schema)?.to_owned(), entry),
    };
    if !collections.contains(&root.as_str()) {
        return Ok(Touched::Field(root));
    }
    let (id, deleted) = match under {
        Some(id) => (id.ok_or_else(schema)?.to_owned(), false),
        None if patch.path.len() == 1 => match &patch.action {
            PatchAction::PutMap { key, .. } => (key.clone(), false),
            PatchAction::DeleteMap { key } => (key.clone(), true),
            _ => return Err(schema()),
        },
        // The collection itself was (re)placed at the root: a new document, or an
        // attempt to swap every entry at once; check the whole collection.
        None => return Ok(Touched::Field(root)),
    };
    Ok(Touched::Entry {
        collection: root,
        id,
        deleted,
    })
}

pub(super) fn entry<T: Hydrate + Rules>(
    doc: &AutoCommit,
    collection: &str,
    id: &str,
) -> Result<(), Rejection> {
    let path = [Key::Key(collection.into()), Key::Key(id.into())];
    match hydrate_path::<_, T, _>(doc, &ROOT, path) {
        Ok(Some(value)) => value.check(),
        Ok(None) => Err(Rejection::new(
            RejectCode::Schema,
            format!("{collection} entry is missing"),
        )),
        Err(_) => Err(Rejection::new(
            RejectCode::Schema,
            format!("{collection} entry has the wrong shape"),
        )),
    }
}

fn field<T: Hydrate + Rules>(doc: &AutoCommit, name: &str) -> Result<(), Rejection> {
    hydrate_prop::<_, T, _, _>(doc, ROOT, name)
        .map_err(|_| Rejection::new(RejectCode::Schema, format!("{name} has the wrong shape")))?
        .check()
}

pub(super) fn whole<T: Hydrate>(doc: &AutoCommit, kind: &str) -> Result<T, Rejection> {
    hydrate(doc).map_err(|_| {
        Rejection::new(
            RejectCode::Schema,
            format!("document is not a valid {kind} document"),
        )
    })
}

pub(super) fn owner(doc: &AutoCommit, id: &DocId) -> Result<(), Rejection> {
    let claimed: String = hydrate_prop(doc, ROOT, "patient_id")
        .map_err(|_| Rejection::new(RejectCode::Schema, "patient_id is missing"))?;
    if claimed == id.patient.to_string() {
        Ok(())
    } else {
        Err(Rejection::new(
            RejectCode::WrongPatient,
            "document names another patient",
        ))
    }
}

/// Checks the patches one batch produced on document `id`, now at its new state `doc`.
pub fn check_batch(
    id: &DocId,
    before: &Before,
    patches: &[Patch],
    doc: &AutoCommit,
) -> Result<(), Rejection> {
    if patches.is_empty() {
        return Ok(());
    }
    super::text::check_patches(patches)?;
    match id.kind {
        DocKind::Registration => check_registration(id, before, patches, doc),
        DocKind::Clinical => check_clinical(id, before, patches, doc),
        DocKind::NoteDraft(note) => {
            if before.draft_signed {
                return Err(Rejection::new(
                    RejectCode::DraftClosed,
                    "the draft was signed",
                ));
            }
            let draft: NoteDraft = whole(doc, "note draft")?;
            owner(doc, id)?;
            if draft.note_id != note.to_string() {
                return Err(Rejection::new(
                    RejectCode::Schema,
                    "draft names another note",
                ));
            }
            draft.check()
        }
    }
}

pub(super) fn all_touched(
    patches: &[Patch],
    collections: &[&str],
) -> Result<BTreeSet<Touched>, Rejection> {
    patches.iter().map(|p| touched(p, collections)).collect()
}

fn check_registration(
    id: &DocId,
    before: &Before,
    patches: &[Patch],
    doc: &AutoCommit,
) -> Result<(), Rejection> {
    if before.empty {
        let reg: Registration = whole(doc, "registration")?;
        owner(doc, id)?;
        reg.demographics.check()?;
        reg.admission.check()?;
        return reg.appointments.values().try_for_each(Rules::check);
    }
    for place in all_touched(patches, &["appointments"])? {
        match place {
            Touched::Field(name) => match name.as_str() {
                "patient_id" => owner(doc, id)?,
                "demographics" => field::<Demographics>(doc, "demographics")?,
                "admission" => field::<Admission>(doc, "admission")?,
                "appointments" => {
                    before.kept_entries(doc, "appointments")?;
                    whole::<Registration>(doc, "registration")?
                        .appointments
                        .values()
                        .try_for_each(Rules::check)?;
                }
                _ => {
                    return Err(Rejection::new(
                        RejectCode::Schema,
                        "unknown registration field",
                    ));
                }
            },
            Touched::Entry { deleted: true, .. } => {
                return Err(Rejection::new(
                    RejectCode::Schema,
                    "appointments are cancelled, never deleted",
                ));
            }
            Touched::Entry {
                collection,
                id: entry_id,
                ..
            } => entry::<Appointment>(doc, &collection, &entry_id)?,
        }
    }
    Ok(())
}
