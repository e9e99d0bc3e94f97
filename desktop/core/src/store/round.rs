//! What the medication round reads: the active scheduled orders of the admitted
//! patients, and the doses recorded for them lately.

use bedside_shared::chart::{Administration, AdministrationOutcome, Schedule};
use rusqlite::{Row, params};

use super::Store;
use super::labels::from_json;
use super::records::Entry;
use crate::error::Result;
use bedside_shared::chart::times::sortable;

/// Whose orders: one patient's, or the admitted patients' of a ward (or of every ward
/// held here).
#[derive(Debug, Clone, Copy)]
pub enum RoundOf<'a> {
    /// One patient.
    Patient(&'a str),
    /// The admitted patients of one ward, or of every ward when `None`.
    Ward(Option<&'a str>),
}

/// An active order with a schedule, with whose it is.
#[derive(Clone)]
pub struct ScheduledOrder {
    /// Whose.
    pub patient_id: String,
    /// "OKAFOR, Dmitri".
    pub patient_name: String,
    /// Their bed, if any.
    pub bed: Option<String>,
    /// The order.
    pub prescription_id: String,
    /// Drug.
    pub drug: String,
    /// Dose.
    pub dose: String,
    /// Route.
    pub route: String,
    /// First day.
    pub start: String,
    /// Last day.
    pub end: Option<String>,
    /// When its doses fall.
    pub schedule: Schedule,
    /// How many doses, if counted.
    pub doses: Option<u32>,
}

const ORDER_COLUMNS: &str = "p.patient_id, upper(p.family_name) || ', ' || p.given_name, p.bed,
    o.prescription_id, o.drug, o.dose, o.route, o.start, o.\"end\", o.schedule, o.doses";

fn order(r: &Row<'_>) -> rusqlite::Result<Option<ScheduledOrder>> {
    let Some(schedule) = from_json(r, 9)? else {
        return Ok(None);
    };
    Ok(Some(ScheduledOrder {
        patient_id: r.get(0)?,
        patient_name: r.get(1)?,
        bed: r.get(2)?,
        prescription_id: r.get(3)?,
        drug: r.get(4)?,
        dose: r.get(5)?,
        route: r.get(6)?,
        start: r.get(7)?,
        end: r.get(8)?,
        schedule,
        doses: r.get(10)?,
    }))
}

impl Store {
    /// The active orders with a schedule of `of`.
    pub fn scheduled_orders(&self, of: RoundOf<'_>) -> Result<Vec<ScheduledOrder>> {
        let (filter, value) = match of {
            RoundOf::Patient(p) => ("p.patient_id = ?1", Some(p)),
            RoundOf::Ward(ward) => (
                "p.status = 'admitted' AND (?1 IS NULL OR p.ward = ?1)",
                ward,
            ),
        };
        let sql = format!(
            "SELECT {ORDER_COLUMNS} FROM patients p
             JOIN prescriptions o ON o.patient_id = p.patient_id
             WHERE {filter} AND o.status = 'active' AND o.schedule IS NOT NULL"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([value], order)?;
        let orders: Vec<Option<ScheduledOrder>> = rows.collect::<rusqlite::Result<_>>()?;
        Ok(orders.into_iter().flatten().collect())
    }

    /// The doses recorded for `patient` of `prescription` at or after `since`, leaving
    /// out those marked entered in error and the entries that marked them.
    pub fn doses_since(
        &self,
        patients: &[&str],
        since: &str,
    ) -> Result<Vec<Entry<Administration>>> {
        let mut all = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT record_id, data FROM records
             WHERE patient_id = ?1 AND collection = 'administrations' AND at >= ?2
             ORDER BY at, record_id",
        )?;
        let since = sortable(since);
        for patient in patients {
            let rows = stmt.query_map(params![patient, since], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?;
            for row in rows {
                let (record_id, data) = row?;
                let record: Administration = serde_json::from_str(&data)?;
                all.push(Entry { record_id, record });
            }
        }
        let in_error: Vec<String> = all
            .iter()
            .filter_map(|e| e.record.corrects.clone())
            .collect();
        all.retain(|e| {
            e.record.outcome != AdministrationOutcome::EnteredInError
                && !in_error.contains(&e.record_id)
        });
        Ok(all)
    }
}
