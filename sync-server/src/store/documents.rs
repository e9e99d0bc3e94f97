//! Documents as append-only changes plus a compacted snapshot.

use automerge::{AutoCommit, Change};
use bedside_shared::DocId;
use bedside_shared::sync::{Cursor, Hash};
use sqlx_core::query::query;
use sqlx_core::query_as::query_as;
use sqlx_core::query_scalar::query_scalar;
use sqlx_postgres::{PgConnection, PgPool};

/// Where a stored document stands.
#[derive(Debug, Clone, Copy)]
pub struct DocState {
    /// Sequence of its first accepted batch.
    pub created_seq: i64,
    /// Sequence of its latest accepted batch.
    pub changed_seq: i64,
    /// Changes stored after its snapshot.
    pub unsnapshotted: i32,
}

/// A document listed as changed since a cursor.
#[derive(Debug, Clone)]
pub struct Listed {
    /// Which document.
    pub doc: DocId,
    /// When it was created.
    pub created: Cursor,
    /// When it last changed.
    pub changed: Cursor,
    /// Its heads then.
    pub heads: Vec<Hash>,
}

/// One document's accepted batch, to be written.
#[derive(Debug)]
pub struct Written<'a> {
    /// Which document.
    pub doc: DocId,
    /// The changes the batch added.
    pub changes: &'a [Change],
    /// The document after the batch.
    pub heads: Vec<Hash>,
    /// Whether the document is new.
    pub created: bool,
}

fn pack(hashes: &[Hash]) -> Vec<u8> {
    hashes.iter().flat_map(|h| h.0).collect()
}

pub(super) fn unpack(bytes: &[u8]) -> Vec<Hash> {
    bytes
        .chunks_exact(32)
        .map(|c| Hash(c.try_into().expect("32-byte chunks")))
        .collect()
}

/// Documents as a workstation takes them whole: for each, its heads and its last
/// snapshot followed by every change stored after it, bytes Automerge loads in one go.
/// Read in one statement, so the heads and the bytes agree; nothing is loaded or saved
/// again. Documents not stored are left out.
pub async fn stored_whole(
    pool: &PgPool,
    docs: &[DocId],
) -> Result<Vec<(DocId, Vec<Hash>, Vec<u8>)>, sqlx_core::Error> {
    let patients: Vec<uuid::Uuid> = docs.iter().map(|d| d.patient.as_uuid()).collect();
    let ids: Vec<String> = docs.iter().map(ToString::to_string).collect();
    let rows: Vec<(String, Vec<u8>, Vec<u8>)> = query_as(
        "SELECT d.doc_id, d.heads,
                coalesce(s.data, ''::bytea) || coalesce(
                  (SELECT string_agg(c.data, ''::bytea ORDER BY c.seq)
                     FROM changes c
                    WHERE c.patient_id = d.patient_id AND c.doc_id = d.doc_id
                      AND c.seq > coalesce(s.seq, -1)),
                  ''::bytea)
           FROM unnest($1::uuid[], $2::text[]) AS wanted (patient_id, doc_id)
           JOIN documents d ON d.patient_id = wanted.patient_id AND d.doc_id = wanted.doc_id
           LEFT JOIN snapshots s ON s.patient_id = d.patient_id AND s.doc_id = d.doc_id",
    )
    .bind(&patients)
    .bind(&ids)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(id, heads, data)| {
            let doc = id
                .parse()
                .map_err(|_| sqlx_core::Error::Decode("a stored document id".into()))?;
            Ok((doc, unpack(&heads), data))
        })
        .collect()
}

/// The changes of `docs` stored after position `after` and below the watermark
/// `below`, each document's oldest first; `None` when there are more than `limit` in
/// all (the caller sends none).
pub async fn changes_after(
    pool: &PgPool,
    docs: &[DocId],
    after: Cursor,
    below: i64,
    limit: i64,
) -> Result<Option<Vec<(DocId, Vec<u8>)>>, sqlx_core::Error> {
    let patients: Vec<uuid::Uuid> = docs.iter().map(|d| d.patient.as_uuid()).collect();
    let ids: Vec<String> = docs.iter().map(ToString::to_string).collect();
    let rows: Vec<(String, Vec<u8>)> = query_as(
        "SELECT c.doc_id, c.data
           FROM unnest($1::uuid[], $2::text[]) AS wanted (patient_id, doc_id)
           JOIN changes c ON c.patient_id = wanted.patient_id AND c.doc_id = wanted.doc_id
          WHERE c.seq > $3 AND c.seq < $4
          ORDER BY c.doc_id, c.seq
          LIMIT $5",
    )
    .bind(&patients)
    .bind(&ids)
    .bind(after.0)
    .bind(below)
    .bind(limit + 1)
    .fetch_all(pool)
    .await?;
    if rows.len() as i64 > limit {
        return Ok(None);
    }
    rows.into_iter()
        .map(|(id, data)| {
            let doc = id
                .parse()
                .map_err(|_| sqlx_core::Error::Decode("a stored document id".into()))?;
            Ok((doc, data))
        })
        .collect::<Result<_, _>>()
        .map(Some)
}

/// A document's state, read by a writer that holds its lock (see
/// [`lock_documents`](super::positions::lock_documents)).
pub async fn document_state(
    conn: &mut PgConnection,
    doc: &DocId,
) -> Result<Option<DocState>, sqlx_core::Error> {
    let row: Option<(i64, i64, i32)> = query_as(
        "SELECT created_seq, changed_seq, unsnapshotted FROM documents
         WHERE patient_id = $1 AND doc_id = $2",
    )
    .bind(doc.patient.as_uuid())
    .bind(doc.to_string())
    .fetch_optional(conn)
    .await?;
    Ok(
        row.map(|(created_seq, changed_seq, unsnapshotted)| DocState {
            created_seq,
            changed_seq,
            unsnapshotted,
        }),
    )
}

/// Loads a document: its snapshot plus every change stored after it.
pub async fn load_document(
    conn: &mut PgConnection,
    doc: &DocId,
) -> Result<AutoCommit, sqlx_core::Error> {
    let (patient, id) = (doc.patient.as_uuid(), doc.to_string());
    let snapshot: Option<(Vec<u8>, i64)> =
        query_as("SELECT data, seq FROM snapshots WHERE patient_id = $1 AND doc_id = $2")
            .bind(patient)
            .bind(&id)
            .fetch_optional(&mut *conn)
            .await?;
    let (mut loaded, after) = match snapshot {
        Some((data, seq)) => (AutoCommit::load(&data).map_err(corrupt)?, seq),
        None => (AutoCommit::new(), i64::MIN),
    };
    let changes: Vec<Vec<u8>> = query_scalar(
        "SELECT data FROM changes WHERE patient_id = $1 AND doc_id = $2 AND seq > $3 ORDER BY seq",
    )
    .bind(patient)
    .bind(&id)
    .bind(after)
    .fetch_all(&mut *conn)
    .await?;
    let changes = changes
        .iter()
        .map(|bytes| Change::try_from(&bytes[..]).map_err(corrupt))
        .collect::<Result<Vec<_>, _>>()?;
    loaded.apply_changes(changes).map_err(corrupt)?;
    Ok(loaded)
}

pub(super) fn corrupt(e: impl std::fmt::Display) -> sqlx_core::Error {
    sqlx_core::Error::Protocol(format!("stored document does not load: {e}"))
}

/// Appends one document's accepted changes and moves its row to position `seq`.
pub async fn append(
    conn: &mut PgConnection,
    written: &Written<'_>,
    seq: i64,
    device: uuid::Uuid,
) -> Result<(), sqlx_core::Error> {
    let (patient, id) = (written.doc.patient.as_uuid(), written.doc.to_string());
    let hashes: Vec<Vec<u8>> = written
        .changes
        .iter()
        .map(|c| c.hash().0.to_vec())
        .collect();
    let data: Vec<Vec<u8>> = written
        .changes
        .iter()
        .map(|c| c.raw_bytes().to_vec())
        .collect();
    query(
        "INSERT INTO changes (patient_id, doc_id, hash, seq, data, device_id)
         SELECT $1, $2, hash, $3, data, $4 FROM unnest($5::bytea[], $6::bytea[]) AS c(hash, data)
         ON CONFLICT (patient_id, doc_id, hash) DO NOTHING",
    )
    .bind(patient)
    .bind(&id)
    .bind(seq)
    .bind(device)
    .bind(&hashes)
    .bind(&data)
    .execute(&mut *conn)
    .await?;
    query(
        "INSERT INTO documents (patient_id, doc_id, kind, created_seq, changed_seq, heads, unsnapshotted)
         VALUES ($1, $2, $3, $4, $4, $5, $6)
         ON CONFLICT (patient_id, doc_id) DO UPDATE SET
           changed_seq = excluded.changed_seq, heads = excluded.heads,
           unsnapshotted = documents.unsnapshotted + excluded.unsnapshotted, updated_at = now()",
    )
    .bind(patient)
    .bind(&id)
    .bind(written.doc.kind.name())
    .bind(seq)
    .bind(pack(&written.heads))
    .bind(written.changes.len() as i32)
    .execute(conn)
    .await?;
    Ok(())
}

/// Stores a compacted snapshot covering every change up to `seq`.
pub async fn store_snapshot(
    conn: &mut PgConnection,
    doc: &DocId,
    data: &[u8],
    seq: i64,
) -> Result<(), sqlx_core::Error> {
    let (patient, id) = (doc.patient.as_uuid(), doc.to_string());
    query(
        "INSERT INTO snapshots (patient_id, doc_id, seq, data) VALUES ($1, $2, $3, $4)
         ON CONFLICT (patient_id, doc_id) DO UPDATE SET
           seq = excluded.seq, data = excluded.data, created_at = now()",
    )
    .bind(patient)
    .bind(&id)
    .bind(seq)
    .bind(data)
    .execute(&mut *conn)
    .await?;
    query("UPDATE documents SET unsnapshotted = 0 WHERE patient_id = $1 AND doc_id = $2")
        .bind(patient)
        .bind(&id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A document's change sequence, without locking.
pub async fn document_seq(pool: &PgPool, doc: &DocId) -> Result<Option<i64>, sqlx_core::Error> {
    query_scalar("SELECT changed_seq FROM documents WHERE patient_id = $1 AND doc_id = $2")
        .bind(doc.patient.as_uuid())
        .bind(doc.to_string())
        .fetch_optional(pool)
        .await
}

/// Counts of stored rows, for status and tests.
pub async fn counts(pool: &PgPool) -> Result<(i64, i64), sqlx_core::Error> {
    query_as("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM changes)")
        .fetch_one(pool)
        .await
}

/// The next permanent medical record number.
pub async fn next_mrn(conn: &mut PgConnection) -> Result<String, sqlx_core::Error> {
    let n: i64 = query_scalar("SELECT nextval('mrn_seq')")
        .fetch_one(conn)
        .await?;
    Ok(format!("MRN{n:07}"))
}
