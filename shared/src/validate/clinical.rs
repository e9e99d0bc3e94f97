//! The check of a batch on a clinical document: signed notes and append-only records
//! never change, nothing is ever deleted, every touched entry obeys its value rules, and
//! administrations and addenda point at an order and a signed note that exist.

use std::collections::BTreeMap;

use automerge::{AutoCommit, Patch};

use super::before::{Before, documents_of};
use super::reads::{entry, owner, whole};
use super::rules::Rules;
use super::touched::{Touched, all_touched};
use super::{RejectCode, Rejection};
use crate::chart::{
    APPEND_ONLY, Addendum, Administration, Allergy, CLINICAL_COLLECTIONS, Clinical, DocId,
    DocumentRef, MAX_PREOP_IMAGES, Prescription, Problem, SignedNote, Task, VideoShared, Vitals,
    preop_images,
};

fn frozen(collection: &str) -> Option<Rejection> {
    if collection == "notes" {
        Some(Rejection::new(
            RejectCode::SignedNoteImmutable,
            "a signed note cannot be changed",
        ))
    } else if APPEND_ONLY.contains(&collection) {
        Some(Rejection::new(
            RejectCode::AppendOnly,
            format!("{collection} entries never change once recorded"),
        ))
    } else {
        None
    }
}

fn check_whole(clinical: &Clinical) -> Result<(), Rejection> {
    clinical.notes.values().try_for_each(Rules::check)?;
    clinical.prescriptions.values().try_for_each(Rules::check)?;
    clinical.addenda.values().try_for_each(Rules::check)?;
    clinical
        .administrations
        .values()
        .try_for_each(Rules::check)?;
    clinical.allergies.values().try_for_each(Rules::check)?;
    clinical.problems.values().try_for_each(Rules::check)?;
    clinical.vitals.values().try_for_each(Rules::check)?;
    clinical.tasks.values().try_for_each(Rules::check)?;
    clinical.education.values().try_for_each(Rules::check)?;
    clinical.documents.values().try_for_each(Rules::check)?;
    preop_limit(&clinical.documents)?;
    references(clinical)
}

fn preop_limit(documents: &BTreeMap<String, DocumentRef>) -> Result<(), Rejection> {
    if preop_images(documents).len() <= MAX_PREOP_IMAGES {
        Ok(())
    } else {
        Err(Rejection::invalid(format!(
            "preop keeps at most {MAX_PREOP_IMAGES} images; replace the oldest instead"
        )))
    }
}

/// An existing document reference may only be marked deleted or stamped.
fn document_changed(before: &Before, after: &AutoCommit, id: &str) -> Result<(), Rejection> {
    let Some(was) = before.documents.get(id) else {
        return Ok(());
    };
    let now = documents_of(after).remove(id);
    if now.is_some_and(|now| was.may_become(&now)) {
        Ok(())
    } else {
        Err(Rejection::new(
            RejectCode::AppendOnly,
            "a document is never changed: it may only be stamped or marked deleted",
        ))
    }
}

/// Administrations name an existing order; addenda an existing signed note.
fn references(clinical: &Clinical) -> Result<(), Rejection> {
    if clinical
        .administrations
        .values()
        .any(|a| !clinical.prescriptions.contains_key(&a.prescription_id))
    {
        return Err(Rejection::invalid(
            "an administration names no known prescription",
        ));
    }
    // An entry in error corrects a dose of the same order that is not itself a correction.
    let corrects_a_dose = |a: &Administration| {
        a.corrects.as_ref().is_none_or(|id| {
            clinical
                .administrations
                .get(id)
                .is_some_and(|c| c.prescription_id == a.prescription_id && c.corrects.is_none())
        })
    };
    if !clinical.administrations.values().all(corrects_a_dose) {
        return Err(Rejection::invalid(
            "an entry in error names no dose of its order",
        ));
    }
    if clinical
        .addenda
        .values()
        .any(|a| !clinical.notes.contains_key(&a.note_id))
    {
        return Err(Rejection::invalid("an addendum names no signed note"));
    }
    Ok(())
}

fn check_entry(doc: &AutoCommit, collection: &str, id: &str) -> Result<(), Rejection> {
    match collection {
        "notes" => entry::<SignedNote>(doc, collection, id),
        "prescriptions" => entry::<Prescription>(doc, collection, id),
        "addenda" => entry::<Addendum>(doc, collection, id),
        "administrations" => entry::<Administration>(doc, collection, id),
        "allergies" => entry::<Allergy>(doc, collection, id),
        "problems" => entry::<Problem>(doc, collection, id),
        "vitals" => entry::<Vitals>(doc, collection, id),
        "education" => entry::<VideoShared>(doc, collection, id),
        "documents" => entry::<DocumentRef>(doc, collection, id),
        _ => entry::<Task>(doc, collection, id),
    }
}

/// Checks the patches one batch produced on clinical document `id`, now `doc`.
pub(super) fn check_clinical(
    id: &DocId,
    before: &Before,
    patches: &[Patch],
    doc: &AutoCommit,
) -> Result<(), Rejection> {
    if before.empty {
        owner(doc, id)?;
        return check_whole(&whole(doc, "clinical")?);
    }
    let mut cross_check = false;
    let mut documents_touched = false;
    for place in all_touched(patches, &CLINICAL_COLLECTIONS)? {
        match place {
            Touched::Field(name) if name == "patient_id" => owner(doc, id)?,
            Touched::Field(name) if CLINICAL_COLLECTIONS.contains(&name.as_str()) => {
                // The whole collection was (re)placed: only acceptable where nothing
                // could be lost or changed by it.
                if let Some(refusal) = frozen(&name).filter(|_| before.had_any(&name)) {
                    return Err(refusal);
                }
                before.kept_entries(doc, &name)?;
                check_whole(&whole(doc, "clinical")?)?;
            }
            Touched::Field(_) => {
                return Err(Rejection::new(RejectCode::Schema, "unknown clinical field"));
            }
            Touched::Entry {
                collection,
                id: entry_id,
                deleted,
            } => {
                if before.had(&collection, &entry_id)
                    && let Some(refusal) = frozen(&collection)
                {
                    return Err(refusal);
                }
                if deleted {
                    return Err(Rejection::new(
                        RejectCode::Schema,
                        "clinical records are never deleted",
                    ));
                }
                check_entry(doc, &collection, &entry_id)?;
                if collection == "documents" {
                    document_changed(before, doc, &entry_id)?;
                    documents_touched = true;
                }
                cross_check |= matches!(collection.as_str(), "administrations" | "addenda");
            }
        }
    }
    if cross_check {
        references(&whole(doc, "clinical")?)?;
    }
    if documents_touched {
        preop_limit(&documents_of(doc))?;
    }
    Ok(())
}
