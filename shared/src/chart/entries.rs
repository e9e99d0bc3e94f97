//! One entry of a root collection, read and written without the rest of the document:
//! the cost of an edit follows the entry it touches, not the size of the chart.

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc, Value};
use autosurgeon::{Hydrate, HydrateError, Reconcile, hydrate_prop, reconcile_prop};

use super::edit::{EditError, commit_checked};
use crate::ids::RecordId;

/// The entries of a document being changed (see [`change`]).
#[derive(Debug)]
pub struct Entries<'a> {
    doc: &'a mut AutoCommit,
}

impl Entries<'_> {
    /// The entry `key` of `collection`, if there is one.
    pub fn get<T: Hydrate>(&self, collection: &str, key: &str) -> Result<Option<T>, EditError> {
        read_entry(self.doc, collection, key)
    }

    /// A root field, e.g. the patient a document belongs to.
    pub fn field<T: Hydrate>(&self, name: &str) -> Result<T, EditError> {
        Ok(hydrate_prop(&*self.doc, ROOT, name)?)
    }

    /// Writes `value` as the entry `key` of `collection`: only what differs from the
    /// entry already there, as a whole-document edit would.
    pub fn put<T: Reconcile>(
        &mut self,
        collection: &str,
        key: &str,
        value: &T,
    ) -> Result<(), EditError> {
        let map = self.collection(collection)?;
        Ok(reconcile_prop(self.doc, map, key, value)?)
    }

    /// Adds `value` to `collection` under a new record id, and returns the id.
    pub fn add<T: Reconcile>(
        &mut self,
        collection: &str,
        value: &T,
    ) -> Result<RecordId, EditError> {
        let id = RecordId::new();
        self.put(collection, &id.to_string(), value)?;
        Ok(id)
    }

    /// The collection's map, made if the document predates it (as reconciling the whole
    /// document would make it).
    fn collection(&mut self, name: &str) -> Result<ObjId, EditError> {
        match self.doc.get(ROOT, name) {
            Ok(Some((Value::Object(ObjType::Map), map))) => Ok(map),
            Ok(None) => self
                .doc
                .put_object(ROOT, name, ObjType::Map)
                .map_err(|_| EditError::Shape(name.to_owned())),
            // Something else stands there: refused, never overwritten.
            _ => Err(EditError::Shape(name.to_owned())),
        }
    }
}

/// The entry `key` of `collection` in `doc`, if there is one, without reading the rest.
pub fn read_entry<T: Hydrate>(
    doc: &AutoCommit,
    collection: &str,
    key: &str,
) -> Result<Option<T>, EditError> {
    let found = |at: &ObjId, key: &str| doc.get(at, key).map_err(HydrateError::from);
    let Some((Value::Object(ObjType::Map), map)) = found(&ROOT, collection)? else {
        return Ok(None);
    };
    if found(&map, key)?.is_none() {
        return Ok(None);
    }
    Ok(Some(hydrate_prop(doc, &map, key)?))
}

/// Changes entries of `doc` through `edit` and commits what it wrote as one change.
/// When `edit` fails, or what it would write holds text no reader can store, `doc` is
/// left as it was.
pub fn change<R, E: From<EditError>>(
    doc: &mut AutoCommit,
    edit: impl FnOnce(&mut Entries<'_>) -> Result<R, E>,
) -> Result<R, E> {
    commit_checked(doc, |doc| edit(&mut Entries { doc }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{self, Clinical, Prescription, test_order};
    use crate::ids::PatientId;

    #[test]
    fn an_entry_written_alone_reads_back_as_a_whole_document_edit_would() {
        let mut doc = chart::create(&Clinical::new(PatientId::new())).unwrap();
        let mut whole = doc.fork();
        let id = change(&mut doc, |c| {
            c.add("prescriptions", &test_order("Ceftriaxone"))
        })
        .unwrap();
        chart::update(&mut whole, |c: &mut Clinical| {
            c.prescriptions
                .insert(id.to_string(), test_order("Ceftriaxone"))
        })
        .unwrap();
        let read: Clinical = chart::read(&doc).unwrap();
        assert_eq!(read, chart::read::<Clinical>(&whole).unwrap());

        // A change to one field writes only that field.
        let before = doc.get_heads();
        change(&mut doc, |c| {
            let mut p: Prescription = c.get("prescriptions", &id.to_string())?.unwrap();
            p.stop("2026-12-02T10:00:00Z", "rash");
            c.put("prescriptions", &id.to_string(), &p)
        })
        .unwrap();
        let after = doc.get_heads();
        let patches = doc.diff(&before, &after);
        assert!(
            patches.len() <= 3,
            "status, stopped_at and stop_reason only: {patches:?}"
        );
    }

    #[test]
    fn a_failed_edit_leaves_the_document_as_it_was() {
        let mut doc = chart::create(&Clinical::new(PatientId::new())).unwrap();
        let before = doc.get_heads();
        let refused: Result<(), EditError> = change(&mut doc, |c| {
            c.add("prescriptions", &test_order("Amoxicillin"))?;
            Err(EditError::Shape("drill".into()))
        });
        assert!(refused.is_err());
        let nul = change(&mut doc, |c| {
            c.add("prescriptions", &test_order("Amox\0icillin"))
        });
        assert!(matches!(nul, Err(EditError::NotPlainText)));
        assert_eq!(doc.get_heads(), before);
        assert!(
            chart::read::<Clinical>(&doc)
                .unwrap()
                .prescriptions
                .is_empty()
        );
    }

    #[test]
    fn a_root_field_that_is_not_a_collection_is_refused_not_overwritten() {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "vitals", "not a map").unwrap();
        doc.commit();
        let before = doc.get_heads();
        let refused = change(&mut doc, |c| c.put("vitals", "v1", &"taken"));
        assert!(matches!(refused, Err(EditError::Shape(_))), "{refused:?}");
        assert_eq!(doc.get_heads(), before);
    }

    #[test]
    fn a_collection_an_older_document_lacks_is_made() {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "patient_id", "p").unwrap();
        doc.commit();
        change(&mut doc, |c| c.put("vitals", "v1", &"taken")).unwrap();
        assert_eq!(
            Entries { doc: &mut doc }
                .get::<String>("vitals", "v1")
                .unwrap()
                .as_deref(),
            Some("taken")
        );
    }
}
