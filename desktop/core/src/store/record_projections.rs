//! The `records` projection: one row per allergy, problem, set of vitals,
//! administration, task and addendum of a patient's clinical document.

use std::collections::BTreeMap;

use bedside_shared::chart::Clinical;
use rusqlite::{Connection, params};
use serde::Serialize;

use super::labels::label;
use crate::error::Result;

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

fn insert<T: Serialize>(
    tx: &Connection,
    patient: &str,
    collection: &str,
    entries: &BTreeMap<String, T>,
    columns: impl Fn(&T) -> Row<'_>,
) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO records
           (record_id, patient_id, collection, at, status, assignee, due, priority, data)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (id, entry) in entries {
        let row = columns(entry);
        let data = serde_json::to_string(entry)?;
        stmt.execute(params![
            id,
            patient,
            collection,
            row.at,
            row.status,
            row.assignee,
            row.due,
            row.priority,
            data
        ])?;
    }
    Ok(())
}

/// Rebuilds every record row of one patient.
pub(super) fn rebuild(tx: &Connection, patient: &str, clinical: &Clinical) -> Result<()> {
    tx.execute("DELETE FROM records WHERE patient_id = ?1", [patient])?;
    insert(tx, patient, "allergies", &clinical.allergies, |a| Row {
        status: Some(label(&a.status)),
        ..Row::at(&a.recorded_at)
    })?;
    insert(tx, patient, "problems", &clinical.problems, |p| Row {
        status: Some(label(&p.status)),
        ..Row::at(&p.recorded_at)
    })?;
    insert(tx, patient, "vitals", &clinical.vitals, |v| {
        Row::at(&v.taken_at)
    })?;
    insert(
        tx,
        patient,
        "administrations",
        &clinical.administrations,
        |a| Row {
            status: Some(label(&a.outcome)),
            ..Row::at(&a.at)
        },
    )?;
    insert(tx, patient, "tasks", &clinical.tasks, |t| Row {
        at: &t.created_at,
        status: Some(label(&t.status)),
        assignee: t.assignee.as_deref(),
        due: t.due.as_deref(),
        priority: Some(label(&t.priority)),
    })?;
    insert(tx, patient, "education", &clinical.education, |e| {
        Row::at(&e.shared_at)
    })?;
    insert(tx, patient, "addenda", &clinical.addenda, |a| {
        Row::at(&a.signed_at)
    })
}
