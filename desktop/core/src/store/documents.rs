//! Reading and writing documents with their sync state.

use std::borrow::Cow;

use automerge::{Author, AutoCommit, ChangeHash};
use bedside_shared::sync::{Hash, lacks, pending_count};
use bedside_shared::{DocId, PatientId};
use rusqlite::{Connection, OptionalExtension, params};

use super::Store;
use super::projections::{self, Changed, Projection};
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

/// Chunks appended to a document before it is saved whole again.
pub const COMPACT_AFTER: i64 = 32;

/// How a document's new state is written.
enum Write<'a> {
    /// Whole: a new document, one received whole, or one due for compaction.
    Whole(Cow<'a, [u8]>),
    /// The changes since the stored state, appended as one chunk.
    Chunk(Vec<u8>),
}

/// Where a document being written comes from.
pub(super) enum Source<'a> {
    /// Changed on this workstation or merged with the server's changes: what changed is
    /// appended and projected, when it is known.
    Edited,
    /// Received whole: `data` is stored as it is, and projected whole.
    Received { data: &'a [u8] },
    /// Set back on purpose to an earlier state of itself (the edits the server refused
    /// taken out and set aside): written whole as it is.
    SetBack,
}

/// What the store holds of a document before a write.
struct Stored {
    heads: Vec<u8>,
    chunks: i64,
}

impl Store {
    /// Loads a document with its sync state: from memory when the copy kept there is
    /// still what the database holds, otherwise from its stored bytes and chunks. The
    /// document is taken out of memory until [`Self::save`] puts it back, so a change
    /// that is never saved is never read again.
    pub fn load(&mut self, id: &DocId) -> Result<Option<DocRow>> {
        let row = self
            .conn
            .prepare_cached("SELECT heads, acked, announced FROM documents WHERE doc_id = ?1")?
            .query_row([id.to_string()], |r| {
                Ok((
                    r.get::<_, Vec<u8>>(0)?,
                    r.get::<_, Vec<u8>>(1)?,
                    r.get::<_, Vec<u8>>(2)?,
                ))
            })
            .optional()?;
        let kept = self.kept.pop(id);
        let Some((heads, acked, announced)) = row else {
            return Ok(None);
        };
        let mut doc = match kept.map(|mut doc| (pack_heads(&mut doc), doc)) {
            Some((kept_heads, doc)) if kept_heads == heads => doc,
            _ => self.read_stored(id)?,
        };
        // What is changed in it now is the clinician's (a conflict names them).
        doc.set_author(
            self.signer
                .as_ref()
                .map(|by| Author::from(by.as_bytes().to_vec())),
        );
        Ok(Some(DocRow {
            doc,
            meta: SyncMeta {
                acked: unpack(&acked),
                announced: unpack(&announced),
            },
        }))
    }

    /// The document as stored: its last whole save followed by the chunks appended since.
    /// Changes made to it from here on are logged, so the next save projects only them.
    fn read_stored(&self, id: &DocId) -> Result<AutoCommit> {
        let mut doc = stored_doc(&self.conn, id)?;
        doc.update_diff_cursor();
        Ok(doc)
    }

    /// Writes documents and their projections in one transaction, and keeps them in
    /// memory for the next load.
    pub fn save(&mut self, rows: impl IntoIterator<Item = (DocId, DocRow)>) -> Result<()> {
        self.write(rows.into_iter().map(|(id, row)| (id, row, Source::Edited)))
    }

    /// [`Self::save`] for a document set back on purpose to an earlier state of itself:
    /// what the store held beyond that state is not merged back in.
    pub fn save_set_back(&mut self, id: DocId, row: DocRow) -> Result<()> {
        self.write([(id, row, Source::SetBack)])
    }

    /// Names the changes made from now on to documents loaded here after `clinician`
    /// (Automerge's author of a change; nobody when `None`).
    pub(crate) fn sign_edits_as(&mut self, clinician: Option<String>) {
        self.signer = clinician;
    }

    /// [`Self::save`] for a document just received whole: `data` are the bytes it was
    /// loaded from, stored as they are instead of saving the document again.
    pub fn save_received(&mut self, id: DocId, row: DocRow, data: &[u8]) -> Result<()> {
        self.write([(id, row, Source::Received { data })])
    }

    fn write<'a>(
        &mut self,
        rows: impl IntoIterator<Item = (DocId, DocRow, Source<'a>)>,
    ) -> Result<()> {
        if self.conn.is_autocommit() {
            // The database's write lock is taken before what is stored is read, waiting
            // (up to the busy timeout) for another program's write on this folder, so
            // no write of its lands between the read and the write that follows it.
            return self.all_or_nothing(|store| store.write(rows));
        }
        let at = self.now();
        let tx = self.conn.savepoint()?;
        let mut written = Vec::new();
        for (id, mut row, source) in rows {
            write_one(&tx, &id, &mut row, source, &at)?;
            written.push((id, row));
        }
        tx.commit()?;
        for (id, row) in written {
            self.keep(id, row);
        }
        Ok(())
    }

    /// Keeps a document just written in memory for the next load, its changes logged
    /// from the state stored.
    pub(super) fn keep(&mut self, id: DocId, mut row: DocRow) {
        row.doc.update_diff_cursor();
        self.kept.put(id, row.doc);
    }

    /// How many chunks of changes are appended to the document since its last whole save.
    pub fn chunks(&self, id: &DocId) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM document_chunks WHERE doc_id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )?)
    }

    /// Puts back a document loaded only to be read, for the next load to find in memory.
    pub(crate) fn put_back(&mut self, id: DocId, row: DocRow) {
        self.kept.put(id, row.doc);
    }

    /// Lets go of the documents kept in memory and of SQLite's cached pages, when the
    /// clinician logs out or the workstation is revoked.
    pub(crate) fn release_memory(&mut self) {
        self.kept.clear();
        // Best effort: the cached pages are freed, not guaranteed overwritten.
        let _ = self.conn.execute_batch("PRAGMA shrink_memory");
    }

    /// Drops what memory keeps of one patient's documents (they are being purged).
    pub(crate) fn forget_kept(&mut self, patient: &PatientId) {
        let theirs: Vec<DocId> = self
            .kept
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| id.patient == *patient)
            .collect();
        for id in theirs {
            self.kept.pop(&id);
        }
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

    /// The server was restored from a backup: forgets every sync cursor and what the
    /// server acknowledged or announced of each document, so each is due and offered
    /// whole. Every document and edit stays.
    /// (Taken in with the answer that said so, inside its transaction.)
    pub fn start_sync_over(&self) -> Result<()> {
        self.conn
            .execute("DELETE FROM settings WHERE key LIKE 'sync.cursor%'", [])?;
        self.conn.execute(
            "UPDATE documents SET acked = x'', announced = x'', stale = 1",
            [],
        )?;
        Ok(())
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

fn pack_heads(doc: &mut AutoCommit) -> Vec<u8> {
    let heads: Vec<Hash> = doc.get_heads().into_iter().map(Hash::from).collect();
    pack(&heads)
}

/// What the store keeps of a document beside its bytes, read from the document.
pub(super) struct Kept {
    /// Its heads, packed.
    heads: Vec<u8>,
    /// How many of its changes the server has not acknowledged.
    pending: usize,
    /// Whether the server announced heads it does not hold.
    stale: bool,
}

impl Kept {
    pub(super) fn of(doc: &mut AutoCommit, meta: &SyncMeta) -> Self {
        Self {
            heads: pack_heads(doc),
            pending: pending_count(doc, &meta.acked),
            stale: lacks(doc, &meta.announced),
        }
    }
}

/// The document as `conn` holds it: its last whole save followed by the chunks appended
/// since.
fn stored_doc(conn: &Connection, id: &DocId) -> Result<AutoCommit> {
    let mut bytes: Vec<u8> = conn
        .prepare_cached("SELECT data FROM documents WHERE doc_id = ?1")?
        .query_row([id.to_string()], |r| r.get(0))?;
    let mut chunks =
        conn.prepare_cached("SELECT data FROM document_chunks WHERE doc_id = ?1 ORDER BY seq")?;
    for chunk in chunks.query_map([id.to_string()], |r| r.get::<_, Vec<u8>>(0))? {
        bytes.extend_from_slice(&chunk?);
    }
    Ok(AutoCommit::load(&bytes)?)
}

/// Writes one document inside the caller's transaction: its sync state, its bytes (a
/// chunk of what changed, or whole) and the projections of what changed.
pub(super) fn write_one(
    tx: &Connection,
    id: &DocId,
    row: &mut DocRow,
    source: Source<'_>,
    at: &str,
) -> Result<()> {
    let doc = &mut row.doc;
    let stored = tx
        .prepare_cached(
            "SELECT heads, (SELECT count(*) FROM document_chunks c WHERE c.doc_id = d.doc_id)
             FROM documents d WHERE doc_id = ?1",
        )?
        .query_row([id.to_string()], |r| {
            Ok(Stored {
                heads: r.get(0)?,
                chunks: r.get(1)?,
            })
        })
        .optional()?;
    // What changed since the stored state, when the document descends from it and its
    // changes since were logged (every document the store hands out is).
    let before: Option<Vec<ChangeHash>> = stored
        .as_ref()
        .map(|s| unpack(&s.heads).into_iter().map(ChangeHash::from).collect())
        .filter(|b: &Vec<ChangeHash>| !b.is_empty() && *b == doc.diff_cursor());
    if let (Source::Edited, Some(_), None) = (&source, &stored, &before) {
        // Another program on this folder (the command beside the window) wrote the
        // document after this copy was read: what it stored is merged in, so writing
        // this copy whole loses none of it, and so is what it knew of the server's.
        doc.merge(&mut stored_doc(tx, id)?)?;
        let (acked, announced): (Vec<u8>, Vec<u8>) = tx
            .prepare_cached("SELECT acked, announced FROM documents WHERE doc_id = ?1")?
            .query_row([id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?;
        for (ours, theirs) in [
            (&mut row.meta.acked, unpack(&acked)),
            (&mut row.meta.announced, unpack(&announced)),
        ] {
            for hash in theirs {
                if !ours.contains(&hash) {
                    ours.push(hash);
                }
            }
        }
    }
    let kept = Kept::of(doc, &row.meta);
    if stored.as_ref().is_some_and(|s| s.heads == kept.heads) {
        // The same content (an acknowledgement, an announcement): its bytes and
        // projections stand; only the sync state moves.
        tx.prepare_cached(
            "UPDATE documents SET acked = ?2, announced = ?3, pending = ?4, stale = ?5,
               updated_at = ?6 WHERE doc_id = ?1",
        )?
        .execute(params![
            id.to_string(),
            pack(&row.meta.acked),
            pack(&row.meta.announced),
            kept.pending as i64,
            kept.stale,
            at
        ])?;
        return Ok(());
    }
    let (write, changed) = match source {
        Source::Received { data } => (Write::Whole(Cow::Borrowed(data)), Changed::Whole),
        Source::Edited | Source::SetBack => {
            let write = match (&before, &stored) {
                (Some(before), Some(stored)) if stored.chunks < COMPACT_AFTER => {
                    Write::Chunk(doc.save_after(before))
                }
                _ => Write::Whole(Cow::Owned(doc.save())),
            };
            let changed = match &before {
                Some(before) => {
                    let after = doc.get_heads();
                    Changed::Since(doc.diff(before, &after))
                }
                None => Changed::Whole,
            };
            (write, changed)
        }
    };
    put(tx, id, &kept, &row.meta, &write, at)?;
    projections::rebuild(tx, id, doc, changed)
}

/// Writes a document new here, received whole and read on another thread, inside the
/// caller's transaction: `data` as it is, with its projections.
pub(super) fn write_received(
    tx: &Connection,
    id: &DocId,
    kept: &Kept,
    meta: &SyncMeta,
    data: &[u8],
    read: Projection,
    at: &str,
) -> Result<()> {
    put(tx, id, kept, meta, &Write::Whole(Cow::Borrowed(data)), at)?;
    read.write(tx, id)
}

/// Writes a document's row: its sync state and its bytes, whole or as a chunk appended.
fn put(
    tx: &Connection,
    id: &DocId,
    kept: &Kept,
    meta: &SyncMeta,
    write: &Write<'_>,
    at: &str,
) -> Result<()> {
    let (data, chunk) = match write {
        Write::Whole(data) => (Some(data.as_ref()), None),
        Write::Chunk(chunk) => (None, Some(chunk)),
    };
    tx.prepare_cached(
        "INSERT INTO documents
           (doc_id, patient_id, kind, data, heads, acked, announced, pending, stale, updated_at)
         VALUES (?1, ?2, ?3, coalesce(?4, x''), ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (doc_id) DO UPDATE SET
           data = coalesce(?4, documents.data), heads = excluded.heads, acked = excluded.acked,
           announced = excluded.announced, pending = excluded.pending,
           stale = excluded.stale, updated_at = excluded.updated_at",
    )?
    .execute(params![
        id.to_string(),
        id.patient.to_string(),
        id.kind.name(),
        data,
        kept.heads,
        pack(&meta.acked),
        pack(&meta.announced),
        kept.pending as i64,
        kept.stale,
        at
    ])?;
    match chunk {
        Some(chunk) => {
            tx.prepare_cached(
                "INSERT INTO document_chunks (doc_id, seq, data)
                 SELECT ?1, coalesce(max(seq), 0) + 1, ?2 FROM document_chunks WHERE doc_id = ?1",
            )?
            .execute(params![id.to_string(), chunk])?;
        }
        None => {
            tx.prepare_cached("DELETE FROM document_chunks WHERE doc_id = ?1")?
                .execute([id.to_string()])?;
        }
    }
    Ok(())
}
