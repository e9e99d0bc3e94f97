//! Leaving the workstation's scope: departures the server announced, and the purge of a
//! patient's documents and projections.

use bedside_shared::PatientId;
use rusqlite::params;

use super::Store;
use crate::error::Result;

impl Store {
    /// Notes patients the server said left this workstation's wards.
    pub(crate) fn note_departures(&self, patients: &[PatientId]) -> Result<()> {
        for patient in patients {
            self.conn.execute(
                "INSERT OR IGNORE INTO departures (patient_id, noted_at) VALUES (?1, ?2)",
                params![patient.to_string(), self.now()],
            )?;
        }
        Ok(())
    }

    /// Forgets a departure: the patient is back within reach.
    pub(crate) fn clear_departure(&self, patient: &PatientId) -> Result<()> {
        self.conn.execute(
            "DELETE FROM departures WHERE patient_id = ?1",
            [patient.to_string()],
        )?;
        Ok(())
    }

    /// Patients who may have to leave this workstation: those the server said departed,
    /// and those whose ward (as recorded here) is not one of `wards`.
    pub(crate) fn leaving(&self, wards: &[String]) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT patient_id, NULL FROM departures UNION SELECT patient_id, ward FROM patients",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })?;
        let mut leaving = Vec::new();
        for row in rows {
            let (patient, ward) = row?;
            if ward.is_none_or(|w| !wards.contains(&w)) && !leaving.contains(&patient) {
                leaving.push(patient);
            }
        }
        Ok(leaving)
    }

    /// True when something of the patient's still waits here: changes the server has not
    /// acknowledged, a document to upload, an edit the server set aside (for someone to
    /// reapply or discard) or a break-glass grant the server has not recorded (it waits
    /// for its maker's online session, and so may edits it lets the server take).
    pub(crate) fn has_pending(&self, patient: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM documents WHERE patient_id = ?1 AND pending > 0)
                 OR EXISTS (SELECT 1 FROM upload_outbox WHERE patient_id = ?1)
                 OR EXISTS (SELECT 1 FROM quarantine WHERE patient_id = ?1)
                 OR EXISTS (SELECT 1 FROM break_glass WHERE patient_id = ?1 AND uploaded = 0)",
            [patient],
            |r| r.get(0),
        )?)
    }

    /// Deletes every document and projection of a patient, in one transaction.
    pub(crate) fn purge_patient(&mut self, patient: &str) -> Result<()> {
        let tx = self.conn.savepoint()?;
        for table in [
            "documents",
            "patients",
            "patient_search",
            "appointments",
            "prescriptions",
            "notes",
            "records",
            "conflicts",
            "quarantine",
            "education_cache",
            "departures",
            "upload_outbox",
            "blobs",
        ] {
            tx.execute(
                &format!("DELETE FROM {table} WHERE patient_id = ?1"),
                [patient],
            )?;
        }
        tx.commit()?;
        if let Ok(patient) = patient.parse() {
            self.forget_kept(&patient);
        }
        Ok(())
    }
}
