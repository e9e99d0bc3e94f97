//! What the ward board and dashboard read: the tasks of the ward's admitted patients with
//! whose they are, and the counts the dashboard shows.

use bedside_shared::chart::Task;
use rusqlite::params;
use serde::Serialize;

use super::Store;
use super::records::parse;
use crate::error::Result;

/// A task on the ward board, with whose it is.
#[derive(Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BoardTask {
    /// The task's id.
    pub record_id: String,
    /// Whose.
    pub patient_id: String,
    /// "OKAFOR, Dmitri".
    pub patient_name: String,
    /// Their bed, if any.
    pub bed: Option<String>,
    /// The task.
    #[serde(flatten)]
    pub task: Task,
}

impl Store {
    /// The tasks of the admitted patients of `ward` (every ward when `None`): every open
    /// one, and those done since `done_since`; urgent first, then by due time.
    pub fn board(&self, ward: Option<&str>, done_since: &str) -> Result<Vec<BoardTask>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.record_id, r.patient_id, upper(p.family_name) || ', ' || p.given_name,
                    p.bed, r.data
             FROM records r JOIN patients p ON p.patient_id = r.patient_id
             WHERE r.collection = 'tasks' AND p.status = 'admitted'
               AND (?1 IS NULL OR p.ward = ?1)
               AND (r.status <> 'done'
                    OR julianday(json_extract(r.data, '$.completed_at')) >= julianday(?2))
             ORDER BY r.priority = 'urgent' DESC, r.due IS NULL, r.due, r.at",
        )?;
        let rows = stmt.query_map(params![ward, done_since], |r| {
            Ok(BoardTask {
                record_id: r.get(0)?,
                patient_id: r.get(1)?,
                patient_name: r.get(2)?,
                bed: r.get(3)?,
                task: parse(&r.get::<_, String>(4)?)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many orders are active for the admitted patients of `ward`.
    pub fn active_orders(&self, ward: Option<&str>) -> Result<u32> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM prescriptions o JOIN patients p ON p.patient_id = o.patient_id
             WHERE o.status = 'active' AND p.status = 'admitted' AND (?1 IS NULL OR p.ward = ?1)",
            [ward],
            |r| r.get(0),
        )?)
    }
}
