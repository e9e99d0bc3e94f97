//! Typed reads of a document for its checks, each refusing a wrong shape with a
//! rejection that names the place, never the value.

use automerge::{AutoCommit, ROOT};
use autosurgeon::Prop as Key;
use autosurgeon::{Hydrate, hydrate, hydrate_path, hydrate_prop};

use super::rules::Rules;
use super::{RejectCode, Rejection};
use crate::chart::DocId;

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

pub(super) fn field<T: Hydrate + Rules>(doc: &AutoCommit, name: &str) -> Result<(), Rejection> {
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
