//! Which parts of the chart a batch wrote, for the write half of the permission matrix
//! (see [`crate::access`]). Read off the same incremental diff the batch check uses.

use automerge::{AutoCommit, Patch, ROOT, ReadDoc};
use autosurgeon::Prop as Key;
use autosurgeon::{hydrate_path, hydrate_prop};

use super::batch::{Before, Touched, all_touched};
use super::{RejectCode, Rejection};
use crate::access::Collection;
use crate::chart::{DocId, DocKind, NoteKind};

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

fn every_note_kind(doc: &AutoCommit) -> Result<Vec<Collection>, Rejection> {
    let Ok(Some((_, notes))) = doc.get(ROOT, "notes") else {
        return Ok(Vec::new());
    };
    doc.keys(&notes)
        .map(|id| note_kind(doc, &id).map(Collection::Notes))
        .collect()
}

fn has_entries(doc: &AutoCommit, collection: &str) -> bool {
    matches!(doc.get(ROOT, collection), Ok(Some((_, obj))) if doc.length(&obj) > 0)
}

/// The collections the batch that produced `patches` wrote in document `id` (now `doc`).
/// A document's header (its patient id) belongs to no collection.
pub fn collections_written(
    id: &DocId,
    before: &Before,
    patches: &[Patch],
    doc: &AutoCommit,
) -> Result<Vec<Collection>, Rejection> {
    let mut written = Vec::new();
    match id.kind {
        DocKind::NoteDraft(_) => {
            if !patches.is_empty() {
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
            for place in all_touched(patches, &["appointments"])? {
                written.push(match place {
                    Touched::Field(name) if name == "appointments" => Collection::Appointments,
                    Touched::Entry { .. } => Collection::Appointments,
                    Touched::Field(_) => Collection::Registration,
                });
            }
        }
        DocKind::Clinical if before.empty => {
            written.extend(every_note_kind(doc)?);
            if has_entries(doc, "prescriptions") {
                written.push(Collection::Prescriptions);
            }
        }
        DocKind::Clinical => {
            for place in all_touched(patches, &["notes", "prescriptions"])? {
                match place {
                    Touched::Field(name) if name == "notes" => {
                        written.extend(every_note_kind(doc)?);
                    }
                    Touched::Field(name) if name == "prescriptions" => {
                        written.push(Collection::Prescriptions);
                    }
                    Touched::Field(_) => {}
                    Touched::Entry { collection, id, .. } if collection == "notes" => {
                        written.push(Collection::Notes(note_kind(doc, &id)?));
                    }
                    Touched::Entry { .. } => written.push(Collection::Prescriptions),
                }
            }
        }
    }
    written.dedup();
    Ok(written)
}
