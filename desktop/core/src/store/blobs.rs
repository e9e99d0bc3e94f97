//! Document bytes on the workstation: the encrypted blob cache, and the outbox of blobs
//! waiting to upload (with the parts of a large one already sent). Blobs the server's
//! store lacks that this workstation holds go back into the outbox.

use std::collections::BTreeMap;

use bedside_shared::PatientId;
use rusqlite::{OptionalExtension, params};

use super::Store;
use crate::error::Result;

/// A blob waiting to upload.
#[derive(Debug, Clone)]
pub(crate) struct Outgoing {
    pub sha256: String,
    pub patient_id: String,
    pub size: u64,
    /// The store's multipart upload begun for it, if any.
    pub upload_id: Option<String>,
}

impl Store {
    /// Keeps a blob in the encrypted cache (`origin`: captured here, or opened).
    pub(crate) fn keep_blob(
        &self,
        sha256: &str,
        patient: PatientId,
        bytes: &[u8],
        origin: &str,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO blobs (sha256, patient_id, bytes, origin, stored_at)
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (sha256) DO NOTHING",
            params![sha256, patient.to_string(), bytes, origin, self.now()],
        )?;
        Ok(())
    }

    /// A cached blob's bytes.
    pub(crate) fn blob(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row("SELECT bytes FROM blobs WHERE sha256 = ?1", [sha256], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Puts a blob into the upload outbox (once).
    pub(crate) fn queue_upload(&self, sha256: &str, patient: PatientId, size: usize) -> Result<()> {
        self.conn.execute(
            "INSERT INTO upload_outbox (sha256, patient_id, size) VALUES (?1, ?2, ?3)
             ON CONFLICT (sha256) DO NOTHING",
            params![
                sha256,
                patient.to_string(),
                i64::try_from(size).unwrap_or(i64::MAX)
            ],
        )?;
        Ok(())
    }

    /// Every blob in the outbox with its last refusal, in the order queued.
    pub(crate) fn outbox(&self) -> Result<Vec<(String, Option<String>)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT sha256, failure FROM upload_outbox ORDER BY rowid")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<std::result::Result<_, _>>()?;
        Ok(rows)
    }

    /// The blobs to upload now (not refused), in the order queued.
    pub(crate) fn to_upload(&self) -> Result<Vec<Outgoing>> {
        let mut stmt = self.conn.prepare(
            "SELECT sha256, patient_id, size, upload_id FROM upload_outbox
             WHERE failure IS NULL ORDER BY rowid",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Outgoing {
                    sha256: r.get(0)?,
                    patient_id: r.get(1)?,
                    size: u64::try_from(r.get::<_, i64>(2)?).unwrap_or_default(),
                    upload_id: r.get(3)?,
                })
            })?
            .collect::<std::result::Result<_, _>>()?;
        Ok(rows)
    }

    /// The blob reached the server's store.
    pub(crate) fn uploaded(&self, sha256: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM upload_outbox WHERE sha256 = ?1", [sha256])?;
        Ok(())
    }

    /// The server refused the blob: it waits, with the reason, for someone to act.
    pub(crate) fn upload_refused(&self, sha256: &str, reason: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE upload_outbox SET failure = ?2 WHERE sha256 = ?1",
            params![sha256, reason],
        )?;
        Ok(())
    }

    /// The tags of the parts of upload `upload_id` sent so far (none when the upload is
    /// a new one, which is then remembered).
    pub(crate) fn parts_sent(
        &self,
        sha256: &str,
        upload_id: &str,
    ) -> Result<BTreeMap<i32, String>> {
        let (known, parts): (Option<String>, String) = self.conn.query_row(
            "SELECT upload_id, parts FROM upload_outbox WHERE sha256 = ?1",
            [sha256],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if known.as_deref() == Some(upload_id) {
            return Ok(serde_json::from_str(&parts).unwrap_or_default());
        }
        self.conn.execute(
            "UPDATE upload_outbox SET upload_id = ?2, parts = '{}' WHERE sha256 = ?1",
            params![sha256, upload_id],
        )?;
        Ok(BTreeMap::new())
    }

    /// Remembers the parts sent so far.
    pub(crate) fn note_parts_sent(&self, sha256: &str, sent: &BTreeMap<i32, String>) -> Result<()> {
        self.conn.execute(
            "UPDATE upload_outbox SET parts = ?2 WHERE sha256 = ?1",
            params![sha256, serde_json::to_string(sent).unwrap_or_default()],
        )?;
        Ok(())
    }
    /// Queues for upload each of `sha256` this workstation holds (captured here, or
    /// opened and kept) and is not sending already: the server's store lost it, or found
    /// its copy damaged.
    pub(crate) fn queue_held_uploads(&self, sha256: &[String]) -> Result<()> {
        for hash in sha256 {
            self.conn.execute(
                "INSERT INTO upload_outbox (sha256, patient_id, size)
                 SELECT sha256, patient_id, length(bytes) FROM blobs WHERE sha256 = ?1
                 ON CONFLICT (sha256) DO NOTHING",
                [hash],
            )?;
        }
        Ok(())
    }
}
