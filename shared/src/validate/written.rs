//! Which parts of the chart a batch wrote, for the write half of the permission matrix
//! (see [`crate::access`]). Read off the same incremental diff the batch check uses.

use std::collections::BTreeSet;

use automerge::{AutoCommit, Change, Patch, ROOT, ReadDoc};
use autosurgeon::Prop as Key;
use autosurgeon::{hydrate_path, hydrate_prop};

use super::before::Before;
use super::touched::{Touched, all_touched, places_written};
use super::{RejectCode, Rejection};
use crate::access::Collection;
use crate::chart::{CLINICAL_COLLECTIONS, DocId, DocKind, NoteKind};

fn note_kind(doc: &AutoCommit, note: &str) -> Result<NoteKind, Rejection> {
    let path = [
        Key::Key("notes".into()),
        Key::Key(note.into()),
        Key::Key("kind".into()),
    ];
    hydrate_path::<_, NoteKind, _>(doc, &ROOT, path)
        .ok()
        .flatten()
        .ok_or_else(|| Rejection::new(RejectCode::Schema, "note has no kind"))
}

fn has_entries(doc: &AutoCommit, collection: &str) -> bool {
    matches!(doc.get(ROOT, collection), Ok(Some((_, obj))) if doc.length(&obj) > 0)
}

/// The kind of the note an addendum adds to.
fn addendum_kind(doc: &AutoCommit, addendum: &str) -> Result<Collection, Rejection> {
    let path = [
        Key::Key("addenda".into()),
        Key::Key(addendum.into()),
        Key::Key("note_id".into()),
    ];
    let note = hydrate_path::<_, String, _>(doc, &ROOT, path)
        .ok()
        .flatten()
        .ok_or_else(|| Rejection::new(RejectCode::Schema, "addendum names no note"))?;
    note_kind(doc, &note).map(Collection::Notes)
}

/// The collection an entry of the clinical document's `collection` belongs to.
fn entry_collection(doc: &AutoCommit, collection: &str, id: &str) -> Result<Collection, Rejection> {
    Ok(match collection {
        "notes" => Collection::Notes(note_kind(doc, id)?),
        "addenda" => addendum_kind(doc, id)?,
        "prescriptions" => Collection::Prescriptions,
        "administrations" => Collection::Administrations,
        "allergies" => Collection::Allergies,
        "problems" => Collection::Problems,
        "vitals" => Collection::Vitals,
        "education" => Collection::Education,
        "documents" => Collection::Documents,
        _ => Collection::Tasks,
    })
}

/// The collections every entry of `collection` belongs to.
fn every_entry(doc: &AutoCommit, collection: &str) -> Result<Vec<Collection>, Rejection> {
    let Ok(Some((_, obj))) = doc.get(ROOT, collection) else {
        return Ok(Vec::new());
    };
    doc.keys(&obj)
        .map(|id| entry_collection(doc, collection, &id))
        .collect()
}

/// Where a batch wrote: what its `patches` show, and every place its `changes` wrote
/// that no patch shows (see [`places_written`]).
fn touched_by(
    patches: &[Patch],
    changes: &[Change],
    doc: &AutoCommit,
    collections: &[&str],
) -> Result<BTreeSet<Touched>, Rejection> {
    let mut places = all_touched(patches, collections)?;
    places.extend(places_written(doc, changes, collections)?);
    Ok(places)
}

/// The collections the batch of `changes`, which produced `patches`, wrote in document
/// `id` (now `doc`). A document's header (its patient id) belongs to no collection.
pub fn collections_written(
    id: &DocId,
    before: &Before,
    patches: &[Patch],
    changes: &[Change],
    doc: &AutoCommit,
) -> Result<Vec<Collection>, Rejection> {
    let mut written = Vec::new();
    match id.kind {
        DocKind::NoteDraft(_) => {
            if !patches.is_empty() || !changes.is_empty() {
                let kind = hydrate_prop::<_, NoteKind, _, _>(doc, ROOT, "kind")
                    .map_err(|_| Rejection::new(RejectCode::Schema, "draft has no kind"))?;
                written.push(Collection::Notes(kind));
            }
        }
        DocKind::Registration if before.empty => {
            written.push(Collection::Registration);
            if has_entries(doc, "appointments") {
                written.push(Collection::Appointments);
            }
        }
        DocKind::Registration => {
            for place in touched_by(patches, changes, doc, &["appointments"])? {
                written.push(match place {
                    Touched::Field(name) if name == "appointments" => Collection::Appointments,
                    Touched::Entry { .. } => Collection::Appointments,
                    Touched::Field(_) => Collection::Registration,
                });
            }
        }
        DocKind::Clinical if before.empty => {
            for collection in CLINICAL_COLLECTIONS {
                written.extend(every_entry(doc, collection)?);
            }
        }
        DocKind::Clinical => {
            for place in touched_by(patches, changes, doc, &CLINICAL_COLLECTIONS)? {
                match place {
                    Touched::Field(name) if CLINICAL_COLLECTIONS.contains(&name.as_str()) => {
                        written.extend(every_entry(doc, &name)?);
                    }
                    Touched::Field(_) => {}
                    Touched::Entry { collection, id, .. } => {
                        written.push(entry_collection(doc, &collection, &id)?);
                    }
                }
            }
        }
    }
    written.sort_by_key(|c| c.name());
    written.dedup();
    Ok(written)
}
