//! The education videos last recommended for each patient, kept for offline use.

use bedside_shared::PatientId;
use rusqlite::{OptionalExtension, params};

use super::Store;
use crate::error::Result;

impl Store {
    /// Keeps `body` (the recommendations, as JSON) as the patient's latest.
    pub(crate) fn keep_recommendations(
        &self,
        patient: PatientId,
        fetched_at: &str,
        body: &str,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO education_cache (patient_id, fetched_at, body) VALUES (?1, ?2, ?3)
             ON CONFLICT (patient_id) DO UPDATE SET
               fetched_at = excluded.fetched_at, body = excluded.body",
            params![patient.to_string(), fetched_at, body],
        )?;
        Ok(())
    }

    /// The patient's latest recommendations (JSON), if any were kept.
    pub(crate) fn kept_recommendations(&self, patient: PatientId) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT body FROM education_cache WHERE patient_id = ?1",
                [patient.to_string()],
                |r| r.get(0),
            )
            .optional()?)
    }
}
