//! Reading and writing documents with their sync state.

use automerge::AutoCommit;
use bedside_shared::sync::{Hash, lacks, pending_changes};
use bedside_shared::{DocId, PatientId};
use rusqlite::{OptionalExtension, params};

use super::{Store, projections};
use crate::error::{Error, Result};

/// What the workstation knows of the server's copy of a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncMeta {
    /// Heads the server acknowledged.
    pub acked: Vec<Hash>,
    /// Heads the server announced.
    pub announced: Vec<Hash>,
}

/// A document and its sync state.
#[derive(Debug)]
pub struct DocRow {
    /// The document.
    pub doc: AutoCommit,
    /// Its sync state.
    pub meta: SyncMeta,
}

pub(crate) fn pack(hashes: &[Hash]) -> Vec<u8> {
    hashes.iter().flat_map(|h| h.0).collect()
}

pub(crate) fn unpack(bytes: &[u8]) -> Vec<Hash> {
    bytes
        .chunks_exact(32)
        .map(|c| Hash(c.try_into().expect("chunks are 32 bytes")))
        .collect()
}

impl Store {
    /// Loads a document with its sync state.
    pub fn load(&self, id: &DocId) -> Result<Option<DocRow>> {
        let row = self
            .conn
            .query_row(
                "SELECT data, acked, announced FROM documents WHERE doc_id = ?1",
                [id.to_string()],
                |r| {
                    Ok((
                        r.get::<_, Vec<u8>>(0)?,
                        r.get::<_, Vec<u8>>(1)?,
                        r.get::<_, Vec<u8>>(2)?,
                    ))
                },
            )
            .optional()?;
        row.map(|(data, acked, announced)| {
            let doc = AutoCommit::load(&data)?;
            Ok(DocRow {
                doc,
                meta: SyncMeta {
                    acked: unpack(&acked),
                    announced: unpack(&announced),
                },
            })
        })
        .transpose()
    }

    /// Writes documents and their projections in one transaction.
    pub fn save(&mut self, rows: &mut [(DocId, &mut DocRow)]) -> Result<()> {
        self.save_with(rows, None)
    }

    /// [`Self::save`] for a document just received whole: `data` are the bytes it was
    /// loaded from, stored as they are instead of saving the document again.
    pub fn save_received(&mut self, id: DocId, row: &mut DocRow, data: &[u8]) -> Result<()> {
        self.save_with(&mut [(id, row)], Some(data))
    }

    fn save_with(&mut self, rows: &mut [(DocId, &mut DocRow)], data: Option<&[u8]>) -> Result<()> {
        let at = self.now();
        let tx = self.conn.savepoint()?;
        for (id, row) in rows.iter_mut() {
            let doc = &mut row.doc;
            let pending = pending_changes(doc, &row.meta.acked).len();
            let stale = lacks(doc, &row.meta.announced);
            let heads: Vec<Hash> = doc.get_heads().into_iter().map(Hash::from).collect();
            let stored: Option<Vec<u8>> = tx
                .query_row(
                    "SELECT heads FROM documents WHERE doc_id = ?1",
                    [id.to_string()],
                    |r| r.get(0),
                )
                .optional()?;
            if stored.is_some_and(|h| h == pack(&heads)) {
                // The same content (an acknowledgement, an announcement): its bytes and
                // projections stand; only the sync state moves.
                tx.execute(
                    "UPDATE documents SET acked = ?2, announced = ?3, pending = ?4, stale = ?5,
                       updated_at = ?6 WHERE doc_id = ?1",
                    params![
                        id.to_string(),
                        pack(&row.meta.acked),
                        pack(&row.meta.announced),
                        pending as i64,
                        stale,
                        at
                    ],
                )?;
                continue;
            }
            tx.execute(
                "INSERT INTO documents
                   (doc_id, patient_id, kind, data, heads, acked, announced, pending, stale, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (doc_id) DO UPDATE SET
                   data = excluded.data, heads = excluded.heads, acked = excluded.acked,
                   announced = excluded.announced, pending = excluded.pending,
                   stale = excluded.stale, updated_at = excluded.updated_at",
                params![
                    id.to_string(),
                    id.patient.to_string(),
                    id.kind.name(),
                    data.map_or_else(|| doc.save(), <[u8]>::to_vec),
                    pack(&heads),
                    pack(&row.meta.acked),
                    pack(&row.meta.announced),
                    pending as i64,
                    stale,
                    at
                ],
            )?;
            projections::rebuild(&tx, id, doc)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Whether the store holds the document (without loading it).
    pub fn holds(&self, id: &DocId) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM documents WHERE doc_id = ?1",
                [id.to_string()],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Documents with unacknowledged changes or missing announced heads.
    pub fn due(&self) -> Result<Vec<DocId>> {
        let mut stmt = self.conn.prepare(
            "SELECT doc_id FROM documents WHERE pending > 0 OR stale = 1 ORDER BY doc_id",
        )?;
        let ids = stmt.query_map([], |r| r.get::<_, String>(0))?;
        ids.map(|id| id?.parse().map_err(|_| Error::Damaged("document id")))
            .collect()
    }

    /// Every document id of one patient.
    pub fn patient_docs(&self, patient: &PatientId) -> Result<Vec<DocId>> {
        let mut stmt = self
            .conn
            .prepare("SELECT doc_id FROM documents WHERE patient_id = ?1 ORDER BY doc_id")?;
        let ids = stmt.query_map([patient.to_string()], |r| r.get::<_, String>(0))?;
        ids.map(|id| id?.parse().map_err(|_| Error::Damaged("document id")))
            .collect()
    }

    /// Every document id on this workstation.
    pub fn all_docs(&self) -> Result<Vec<DocId>> {
        let mut stmt = self
            .conn
            .prepare("SELECT doc_id FROM documents ORDER BY doc_id")?;
        let ids = stmt.query_map([], |r| r.get::<_, String>(0))?;
        ids.map(|id| id?.parse().map_err(|_| Error::Damaged("document id")))
            .collect()
    }

    /// Total changes not yet acknowledged by the server.
    pub fn pending_changes(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(sum(pending), 0) FROM documents", [], |r| {
                r.get(0)
            })?)
    }
}
