//! The check of an incoming batch. The server applies a batch to the document with the
//! diff cursor at the previous heads, takes the incremental diff (the patches of just
//! these changes) and hands it here. Only what the patches touched is read back and
//! checked, so the cost follows the size of the batch, not of the chart.

use automerge::{AutoCommit, Patch};

use super::before::Before;
use super::clinical::check_clinical;
use super::reads::{entry, field, owner, whole};
use super::rules::Rules;
use super::touched::{Touched, all_touched};
use super::{RejectCode, Rejection};
use crate::chart::{Admission, Appointment, Demographics, DocId, DocKind, NoteDraft, Registration};

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
