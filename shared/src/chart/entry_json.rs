//! One entry of the clinical document in the JSON the read API serves: what the whole
//! chart's JSON holds under the entry's collection and key.

use autosurgeon::Hydrate;
use serde::Serialize;
use serde_json::Value;

use super::edit::EditError;
use super::entries::read_entry;
use super::{
    Addendum, Administration, Allergy, DocumentRef, Prescription, Problem, SignedNote, Task,
    VideoShared, Vitals,
};

fn as_json<T: Hydrate + Serialize>(
    doc: &automerge::AutoCommit,
    collection: &str,
    key: &str,
) -> Result<Option<Value>, EditError> {
    read_entry::<T>(doc, collection, key)?
        .map(|entry| serde_json::to_value(entry).map_err(|e| EditError::Shape(e.to_string())))
        .transpose()
}

/// Entry `key` of the clinical document's `collection`, as JSON; `None` when it is gone.
pub fn clinical_entry_json(
    doc: &automerge::AutoCommit,
    collection: &str,
    key: &str,
) -> Result<Option<Value>, EditError> {
    match collection {
        "notes" => as_json::<SignedNote>(doc, collection, key),
        "prescriptions" => as_json::<Prescription>(doc, collection, key),
        "addenda" => as_json::<Addendum>(doc, collection, key),
        "administrations" => as_json::<Administration>(doc, collection, key),
        "allergies" => as_json::<Allergy>(doc, collection, key),
        "problems" => as_json::<Problem>(doc, collection, key),
        "vitals" => as_json::<Vitals>(doc, collection, key),
        "tasks" => as_json::<Task>(doc, collection, key),
        "education" => as_json::<VideoShared>(doc, collection, key),
        "documents" => as_json::<DocumentRef>(doc, collection, key),
        other => Err(EditError::Shape(other.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::clinical_entry_json;
    use crate::chart::{self, Clinical, test_order};
    use crate::ids::PatientId;

    #[test]
    fn an_entry_reads_as_the_whole_charts_json_holds_it() {
        let mut doc = chart::create(&Clinical::new(PatientId::new())).unwrap();
        chart::update(&mut doc, |c: &mut Clinical| c.prescribe(test_order("A"))).unwrap();
        let whole =
            serde_json::to_value(chart::materialized::read::<Clinical>(&doc).unwrap()).unwrap();
        let (key, order) = whole["prescriptions"]
            .as_object()
            .unwrap()
            .iter()
            .next()
            .unwrap();
        assert_eq!(
            clinical_entry_json(&doc, "prescriptions", key)
                .unwrap()
                .as_ref(),
            Some(order)
        );
        assert_eq!(clinical_entry_json(&doc, "vitals", key).unwrap(), None);
    }
}
