//! The conflict inbox and the quarantine as stored: listing them, and keeping, taking
//! out and forgetting quarantined edits.

use automerge::AutoCommit;
use bedside_shared::chart::conflicts::{FieldValue, Written};
use bedside_shared::validate::{RejectCode, Rejection};
use bedside_shared::{DocId, DocKind};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::Store;
use crate::error::{Error, Result};

/// A field with concurrent values, waiting for a user to pick or merge.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConflictLine {
    /// The document.
    pub doc_id: String,
    /// Whose chart.
    pub patient_id: String,
    /// The patient's name as the ward list shows it ("OKAFOR, Dmitri"), when held here.
    pub patient_name: Option<String>,
    /// The patient's bed, if any.
    pub bed: Option<String>,
    /// The field, map keys joined by `/` (e.g. `demographics/phone`).
    pub path: String,
    /// Every value, the one shown until resolved first.
    pub values: Vec<FieldValue>,
    /// Who wrote each value and when, in the order of `values` (empty for a conflict
    /// found before workstations kept this).
    pub written: Vec<Written>,
}

/// Edits the server refused, set aside.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Quarantined {
    /// Its id.
    pub quarantine_id: String,
    /// The document.
    pub doc_id: String,
    /// Whose chart.
    pub patient_id: String,
    /// The rule the server said the edits broke, e.g. `SIGNED_NOTE_IMMUTABLE`.
    pub code: RejectCode,
    /// The server's explanation.
    pub message: String,
    /// When it was set aside.
    pub at: String,
    /// The document as this workstation had it, refused edits included.
    #[cfg_attr(feature = "ts", ts(type = "unknown"))]
    pub content: serde_json::Value,
}

/// A stored reject code (its wire name) read back as the code.
fn reject_code(name: String) -> rusqlite::Result<RejectCode> {
    serde_json::from_value(serde_json::Value::String(name)).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn json<T: Serialize>(value: &T) -> Result<String> {
    Ok(serde_json::to_string(value)?)
}

impl Store {
    /// Fields with concurrent values, of one patient or of every patient here.
    pub fn conflicts(&self, patient: Option<&str>) -> Result<Vec<ConflictLine>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.doc_id, c.patient_id, c.path, c.field_values,
                    upper(p.family_name) || ', ' || p.given_name, p.bed, c.written
             FROM conflicts c LEFT JOIN patients p ON p.patient_id = c.patient_id
             WHERE ?1 IS NULL OR c.patient_id = ?1 ORDER BY c.patient_id, c.doc_id, c.path",
        )?;
        let rows = stmt.query_map([patient], |r| {
            Ok((
                ConflictLine {
                    doc_id: r.get(0)?,
                    patient_id: r.get(1)?,
                    patient_name: r.get(4)?,
                    bed: r.get(5)?,
                    path: r.get(2)?,
                    values: Vec::new(),
                    written: Vec::new(),
                },
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?;
        rows.map(|row| {
            let (mut line, values, written) = row?;
            line.values = serde_json::from_str(&values).map_err(Error::from)?;
            if let Some(written) = written {
                line.written = serde_json::from_str(&written).map_err(Error::from)?;
            }
            Ok(line)
        })
        .collect()
    }

    /// How many fields wait in the conflict inbox and how many refused edits are set
    /// aside, for the status bar and the Inbox's count.
    pub fn inbox_counts(&self) -> Result<(i64, i64)> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM conflicts), (SELECT count(*) FROM quarantine)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    /// Edits set aside, of one patient or of every patient here, newest first.
    pub fn quarantine(&self, patient: Option<&str>) -> Result<Vec<Quarantined>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT quarantine_id, doc_id, patient_id, code, message, at, content FROM quarantine
             WHERE ?1 IS NULL OR patient_id = ?1 ORDER BY at DESC",
        )?;
        let rows = stmt.query_map([patient], |r| {
            Ok(Quarantined {
                quarantine_id: r.get(0)?,
                doc_id: r.get(1)?,
                patient_id: r.get(2)?,
                code: reject_code(r.get(3)?)?,
                message: r.get(4)?,
                at: r.get(5)?,
                content: serde_json::from_str(&r.get::<_, String>(6)?).unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Sets aside `doc` (the document with refused edits) under `rejection`.
    pub(crate) fn set_aside(
        &self,
        id: &DocId,
        rejection: &Rejection,
        doc: &mut AutoCommit,
    ) -> Result<()> {
        let content = json(&automerge::AutoSerde::from(&*doc))?;
        let code = json(&rejection.code)?;
        self.conn.execute(
            "INSERT INTO quarantine
               (quarantine_id, doc_id, patient_id, code, message, at, document, content)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                uuid::Uuid::now_v7().to_string(),
                id.to_string(),
                id.patient.to_string(),
                code.trim_matches('"'),
                rejection.message,
                self.now(),
                doc.save(),
                content
            ],
        )?;
        Ok(())
    }

    /// Takes a quarantined document out: its id and bytes.
    pub(crate) fn take_quarantined(&mut self, quarantine_id: &str) -> Result<(DocId, AutoCommit)> {
        let row: Option<(String, Vec<u8>)> = self
            .conn
            .query_row(
                "SELECT doc_id, document FROM quarantine WHERE quarantine_id = ?1",
                [quarantine_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (doc_id, bytes) = row.ok_or(Error::NotFound("quarantined edit"))?;
        self.discard_quarantined(quarantine_id)?;
        let id = doc_id.parse().map_err(|_| Error::Damaged("document id"))?;
        Ok((id, AutoCommit::load(&bytes)?))
    }

    /// Deletes a quarantined edit.
    pub fn discard_quarantined(&self, quarantine_id: &str) -> Result<()> {
        let gone = self.conn.execute(
            "DELETE FROM quarantine WHERE quarantine_id = ?1",
            [quarantine_id],
        )?;
        if gone == 0 {
            return Err(Error::NotFound("quarantined edit"));
        }
        Ok(())
    }

    /// Drops a document the server never accepted, with what it projected. Only that
    /// document goes: a new patient whose registration was refused loses the other
    /// documents only when the server refuses them too, so each is set aside first.
    pub(crate) fn forget(&mut self, id: &DocId) -> Result<()> {
        let patient = id.patient.to_string();
        let tx = self.conn.savepoint()?;
        tx.execute("DELETE FROM documents WHERE doc_id = ?1", [id.to_string()])?;
        tx.execute("DELETE FROM conflicts WHERE doc_id = ?1", [id.to_string()])?;
        match id.kind {
            DocKind::Registration => {
                for table in ["patients", "patient_search", "appointments"] {
                    tx.execute(
                        &format!("DELETE FROM {table} WHERE patient_id = ?1"),
                        [&patient],
                    )?;
                }
            }
            DocKind::NoteDraft(note) => {
                tx.execute(
                    "DELETE FROM notes WHERE note_id = ?1 AND status = 'draft'",
                    [note.to_string()],
                )?;
            }
            DocKind::Clinical => {
                for table in ["prescriptions", "records"] {
                    tx.execute(
                        &format!("DELETE FROM {table} WHERE patient_id = ?1"),
                        [&patient],
                    )?;
                }
                tx.execute(
                    "DELETE FROM notes WHERE patient_id = ?1 AND status = 'signed'",
                    [&patient],
                )?;
            }
        }
        tx.commit()?;
        self.kept.pop(id);
        Ok(())
    }
}
