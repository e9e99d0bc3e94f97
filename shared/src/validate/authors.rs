//! Who a batch names as the author of what it records. Every chart record keeps its
//! author in one of a few fields (the author of a note or addendum, its signer, the
//! prescriber, whoever gave a dose, recorded an observation, set a task, attached a
//! document, stamped it or shared a video); the hub compares each name a batch writes
//! there with the people who may be signed in on the uploading workstation.

use std::collections::BTreeSet;

use automerge::{Patch, PatchAction, Prop, ScalarValue, Value};

/// The record fields that name a person as the one who did what the record says.
pub const AUTHOR_FIELDS: &[&str] = &[
    "author",
    "signed_by",
    "prescriber",
    "by",
    "recorded_by",
    "created_by",
    "uploaded_by",
    "shared_by",
];

/// True for the author of a signed note: signing copies it from the draft (where it
/// was checked when the draft arrived), and the signer is who `signed_by` names.
fn copied_from_draft(patch: &Patch, key: &str) -> bool {
    key == "author" && matches!(patch.path.first(), Some((_, Prop::Map(root))) if root == "notes")
}

/// The names a batch writes into author fields.
pub fn authors_named(patches: &[Patch]) -> BTreeSet<String> {
    patches
        .iter()
        .filter_map(|patch| match &patch.action {
            PatchAction::PutMap {
                key,
                value: (Value::Scalar(scalar), _),
                ..
            } if AUTHOR_FIELDS.contains(&key.as_str()) && !copied_from_draft(patch, key) => {
                match scalar.as_ref() {
                    ScalarValue::Str(name) => Some(name.to_string()),
                    _ => None,
                }
            }
            _ => None,
        })
        .collect()
}
