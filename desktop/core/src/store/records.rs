//! Reading the clinical records back: one patient's allergies, problems, vitals,
//! administrations and addenda; the ward's task lists.

use bedside_shared::chart::{
    Addendum, Administration, Allergy, DocumentRef, Problem, Task, VideoShared, Vitals,
};
use rusqlite::params;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Store;
use crate::error::Result;

/// A kind of clinical record kept in the records projection, named by its collection.
pub trait Kept: DeserializeOwned {
    /// The clinical document's collection these records live in.
    const COLLECTION: &'static str;
}

macro_rules! kept_in {
    ($($record:ty => $collection:literal),* $(,)?) => {
        $(impl Kept for $record {
            const COLLECTION: &'static str = $collection;
        })*
    };
}

kept_in! {
    Allergy => "allergies",
    Problem => "problems",
    Vitals => "vitals",
    Administration => "administrations",
    Task => "tasks",
    Addendum => "addenda",
    DocumentRef => "documents",
    VideoShared => "education",
}

/// A record with its id.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Entry<T> {
    /// The record's id.
    pub record_id: String,
    /// The record.
    #[serde(flatten)]
    pub record: T,
}

/// A task with its patient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TaskLine {
    /// The task's id.
    pub record_id: String,
    /// Whose task it is about.
    pub patient_id: String,
    /// The task.
    #[serde(flatten)]
    pub task: Task,
}

/// Which tasks to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskList<'a> {
    /// Everything about one patient.
    Patient(&'a str),
    /// Open tasks assigned to one user (login name).
    AssignedTo(&'a str),
    /// Open tasks due on a day (`YYYY-MM-DD`, UTC) or overdue.
    DueBy(&'a str),
    /// Tasks completed on a day (`YYYY-MM-DD`, UTC).
    CompletedOn(&'a str),
    /// Open urgent tasks.
    Urgent,
}

pub(super) fn parse<T: DeserializeOwned>(data: &str) -> rusqlite::Result<T> {
    serde_json::from_str(data).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

impl Store {
    /// One patient's records of one kind (allergies, problems, vitals,
    /// administrations, tasks, addenda, documents), oldest first.
    pub fn records<T: Kept>(&self, patient_id: &str) -> Result<Vec<Entry<T>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT record_id, data FROM records
             WHERE patient_id = ?1 AND collection = ?2 ORDER BY at, record_id",
        )?;
        let rows = stmt.query_map(params![patient_id, T::COLLECTION], |r| {
            Ok(Entry {
                record_id: r.get(0)?,
                record: parse(&r.get::<_, String>(1)?)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A task list of the ward.
    pub fn tasks(&self, list: TaskList<'_>) -> Result<Vec<TaskLine>> {
        let (filter, value) = match list {
            TaskList::Patient(p) => ("patient_id = ?1", p.to_owned()),
            TaskList::AssignedTo(user) => ("assignee = ?1 AND status <> 'done'", user.to_owned()),
            TaskList::DueBy(day) => (
                "status <> 'done' AND due IS NOT NULL AND substr(due, 1, 10) <= ?1",
                day.to_owned(),
            ),
            TaskList::CompletedOn(day) => (
                "status = 'done' AND substr(json_extract(data, '$.completed_at'), 1, 10) = ?1",
                day.to_owned(),
            ),
            TaskList::Urgent => ("status <> 'done' AND priority = ?1", "urgent".to_owned()),
        };
        let sql = format!(
            "SELECT record_id, patient_id, data FROM records
             WHERE collection = 'tasks' AND {filter}
             ORDER BY priority = 'urgent' DESC, due IS NULL, due, at"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([value], |r| {
            Ok(TaskLine {
                record_id: r.get(0)?,
                patient_id: r.get(1)?,
                task: parse(&r.get::<_, String>(2)?)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
