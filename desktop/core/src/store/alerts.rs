//! NEWS2 alerts as stored: the latest scored set of each admitted patient, when it is in
//! a band that calls for an urgent response and nobody here has acknowledged it.

use bedside_shared::chart::Vitals;
use bedside_shared::chart::news2::ScoredVitals;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::Store;
use crate::error::Result;
use bedside_shared::chart::times::sortable;

/// A patient whose latest observations score in the medium or high band.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct News2Alert {
    /// The set of vital signs.
    pub record_id: String,
    /// Whose.
    pub patient_id: String,
    /// "OKAFOR, Dmitri".
    pub patient_name: String,
    /// Their ward.
    pub ward: String,
    /// Their bed, if any.
    pub bed: Option<String>,
    /// The set with its score.
    pub vitals: ScoredVitals,
}

impl Store {
    /// Each admitted patient's latest scored set when it is medium or high, taken at or
    /// after `since`, recorded by someone other than `author`, and not acknowledged here.
    pub fn news2_alerts(&self, author: &str, since: &str) -> Result<Vec<News2Alert>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.record_id, p.patient_id,
                    upper(p.family_name) || ', ' || p.given_name, p.ward, p.bed, r.data
             FROM patients p JOIN records r ON r.record_id = (
                 SELECT x.record_id FROM records x
                 WHERE x.patient_id = p.patient_id AND x.collection = 'vitals'
                   AND x.status IS NOT NULL
                 ORDER BY x.at DESC LIMIT 1)
             WHERE p.status = 'admitted' AND r.status IN ('medium', 'high') AND r.at >= ?2
               AND json_extract(r.data, '$.recorded_by') <> ?1
               AND NOT EXISTS (SELECT 1 FROM alerts_seen s WHERE s.record_id = r.record_id)
             ORDER BY r.at DESC",
        )?;
        let rows = stmt.query_map(params![author, sortable(since)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        let mut alerts = Vec::new();
        for row in rows {
            let (record_id, patient_id, patient_name, ward, bed, data) = row?;
            // A set that no longer reads is no alert (the projection is rebuilt anyway).
            let Ok(vitals) = serde_json::from_str::<Vitals>(&data) else {
                continue;
            };
            alerts.push(News2Alert {
                record_id,
                patient_id,
                patient_name,
                ward,
                bed,
                vitals: vitals.into(),
            });
        }
        Ok(alerts)
    }

    /// Records that `who` saw the alert of the set `record_id` here.
    pub(crate) fn acknowledge_alert(&self, record_id: &str, who: &str, at: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO alerts_seen (record_id, seen_by, seen_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (record_id) DO NOTHING",
            params![record_id, who, at],
        )?;
        Ok(())
    }

    /// The patient whose set `record_id` is, if it is a set of vital signs held here.
    pub(crate) fn vitals_patient(&self, record_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT patient_id FROM records WHERE record_id = ?1 AND collection = 'vitals'",
                [record_id],
                |r| r.get(0),
            )
            .optional()?)
    }
}
