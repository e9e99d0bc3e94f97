//! The `records` projection: one row per allergy, problem, set of vitals,
//! administration, task, education video, addendum and attached document of a patient's
//! clinical document.

use std::collections::BTreeMap;

use automerge::AutoCommit;
use autosurgeon::Hydrate;
use bedside_shared::chart::news2::News2;
use bedside_shared::chart::{
    Addendum, Administration, Allergy, Clinical, DocumentRef, Problem, Task, VideoShared, Vitals,
};
use rusqlite::{Connection, params};
use serde::Serialize;

use super::labels::label;
use crate::error::Result;
use bedside_shared::chart::times::sortable;

/// The columns a record is listed by.
struct Row<'a> {
    at: &'a str,
    status: Option<String>,
    assignee: Option<&'a str>,
    due: Option<&'a str>,
    priority: Option<String>,
}

impl<'a> Row<'a> {
    fn at(at: &'a str) -> Self {
        Self {
            at,
            status: None,
            assignee: None,
            due: None,
            priority: None,
        }
    }
}

/// The columns of each kind of record.
fn allergy(a: &Allergy) -> Row<'_> {
    Row {
        status: Some(label(&a.status)),
        ..Row::at(&a.recorded_at)
    }
}

fn problem(p: &Problem) -> Row<'_> {
    Row {
        status: Some(label(&p.status)),
        ..Row::at(&p.recorded_at)
    }
}

/// A set of vital signs is listed by its NEWS2 band (none when it holds none of the
/// score's observations, e.g. a weight alone): the ward list shows the latest scored set.
fn vitals(v: &Vitals) -> Row<'_> {
    Row {
        status: News2::of(v).map(|score| label(&score.band)),
        ..Row::at(&v.taken_at)
    }
}

fn administration(a: &Administration) -> Row<'_> {
    Row {
        status: Some(label(&a.outcome)),
        ..Row::at(&a.at)
    }
}

fn task(t: &Task) -> Row<'_> {
    Row {
        at: &t.created_at,
        status: Some(label(&t.status)),
        assignee: t.assignee.as_deref(),
        due: t.due.as_deref(),
        priority: Some(label(&t.priority)),
    }
}

fn video(e: &VideoShared) -> Row<'_> {
    Row::at(&e.shared_at)
}

fn addendum(a: &Addendum) -> Row<'_> {
    Row::at(&a.signed_at)
}

fn document(d: &DocumentRef) -> Row<'_> {
    Row {
        status: Some(if d.is_live() { "live" } else { "deleted" }.to_owned()),
        ..Row::at(&d.captured_at)
    }
}

fn insert<T: Serialize>(
    tx: &Connection,
    patient: &str,
    collection: &str,
    id: &str,
    entry: &T,
    columns: impl Fn(&T) -> Row<'_>,
) -> Result<()> {
    let row = columns(entry);
    let data = serde_json::to_string(entry)?;
    tx.prepare_cached(
        "INSERT INTO records
           (record_id, patient_id, collection, at, status, assignee, due, priority, data)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        id,
        patient,
        collection,
        sortable(row.at),
        row.status,
        row.assignee,
        row.due.map(sortable),
        row.priority,
        data
    ])?;
    Ok(())
}

fn insert_all<T: Serialize>(
    tx: &Connection,
    patient: &str,
    collection: &str,
    entries: &BTreeMap<String, T>,
    columns: impl Fn(&T) -> Row<'_>,
) -> Result<()> {
    entries
        .iter()
        .try_for_each(|(id, entry)| insert(tx, patient, collection, id, entry, &columns))
}

/// Rebuilds every record row of one patient.
pub(super) fn rebuild(tx: &Connection, patient: &str, clinical: &Clinical) -> Result<()> {
    tx.execute("DELETE FROM records WHERE patient_id = ?1", [patient])?;
    insert_all(tx, patient, "allergies", &clinical.allergies, allergy)?;
    insert_all(tx, patient, "problems", &clinical.problems, problem)?;
    insert_all(tx, patient, "vitals", &clinical.vitals, vitals)?;
    insert_all(
        tx,
        patient,
        "administrations",
        &clinical.administrations,
        administration,
    )?;
    insert_all(tx, patient, "tasks", &clinical.tasks, task)?;
    insert_all(tx, patient, "education", &clinical.education, video)?;
    insert_all(tx, patient, "addenda", &clinical.addenda, addendum)?;
    insert_all(tx, patient, "documents", &clinical.documents, document)
}

/// Whether the entry `key` of a records collection is gone or reads as its type.
pub(super) fn reads(doc: &AutoCommit, collection: &str, key: &str) -> bool {
    fn as_a<T: Hydrate>(doc: &AutoCommit, collection: &str, key: &str) -> bool {
        bedside_shared::chart::read_entry::<T>(doc, collection, key).is_ok()
    }
    match collection {
        "allergies" => as_a::<Allergy>(doc, collection, key),
        "problems" => as_a::<Problem>(doc, collection, key),
        "vitals" => as_a::<Vitals>(doc, collection, key),
        "administrations" => as_a::<Administration>(doc, collection, key),
        "tasks" => as_a::<Task>(doc, collection, key),
        "education" => as_a::<VideoShared>(doc, collection, key),
        "addenda" => as_a::<Addendum>(doc, collection, key),
        "documents" => as_a::<DocumentRef>(doc, collection, key),
        _ => true,
    }
}

/// Projects one entry of `collection` as `doc` now holds it: its row replaced, or
/// dropped when the entry is gone.
pub(super) fn entry(
    tx: &Connection,
    patient: &str,
    doc: &AutoCommit,
    collection: &str,
    id: &str,
) -> Result<()> {
    tx.prepare_cached("DELETE FROM records WHERE record_id = ?1")?
        .execute([id])?;
    let place = [collection, id];
    fn put<T: Hydrate + Serialize>(
        tx: &Connection,
        patient: &str,
        doc: &AutoCommit,
        place: &[&str; 2],
        columns: impl Fn(&T) -> Row<'_>,
    ) -> Result<()> {
        // Gone when it no longer reads (every entry was checked to read before).
        match bedside_shared::chart::read_entry::<T>(doc, place[0], place[1])
            .ok()
            .flatten()
        {
            Some(entry) => insert(tx, patient, place[0], place[1], &entry, columns),
            None => Ok(()),
        }
    }
    match collection {
        "allergies" => put(tx, patient, doc, &place, allergy),
        "problems" => put(tx, patient, doc, &place, problem),
        "vitals" => put(tx, patient, doc, &place, vitals),
        "administrations" => put(tx, patient, doc, &place, administration),
        "tasks" => put(tx, patient, doc, &place, task),
        "education" => put(tx, patient, doc, &place, video),
        "addenda" => put(tx, patient, doc, &place, addendum),
        "documents" => put(tx, patient, doc, &place, document),
        _ => Ok(()),
    }
}
