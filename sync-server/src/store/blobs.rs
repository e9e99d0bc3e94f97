//! Which blobs the store holds, which chart references point at them, and uploads in
//! parts under way.

use serde_json::Value;
use sqlx_core::query::query;
use sqlx_core::query_as::query_as;
use sqlx_core::query_scalar::query_scalar;
use sqlx_postgres::{PgConnection, PgPool};
use uuid::Uuid;

/// A chart's reference to a blob, as the server keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobRef {
    /// The document's id in the chart.
    pub ref_id: String,
    /// Media type.
    pub mime_type: String,
    /// Size of the document.
    pub size: i64,
    /// The document's blob.
    pub sha256: String,
    /// Its thumbnail's blob.
    pub thumbnail_sha256: Option<String>,
}

/// Replaces the references kept for `patient` with those of the clinical document
/// `body` (its JSON form).
pub async fn keep_refs(
    conn: &mut PgConnection,
    patient: Uuid,
    body: &Value,
) -> Result<(), sqlx_core::Error> {
    let Some(documents) = body.get("documents").and_then(Value::as_object) else {
        return Ok(());
    };
    for (ref_id, d) in documents {
        query(
            "INSERT INTO document_refs
                (patient_id, ref_id, category, mime_type, size, sha256, thumbnail_sha256, live)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (patient_id, ref_id) DO UPDATE SET live = excluded.live",
        )
        .bind(patient)
        .bind(ref_id)
        .bind(d["category"].as_str().unwrap_or_default())
        .bind(d["mime_type"].as_str().unwrap_or_default())
        .bind(d["size"].as_i64().unwrap_or_default())
        .bind(d["sha256"].as_str().unwrap_or_default())
        .bind(d["thumbnail_sha256"].as_str())
        .bind(d["deleted"].is_null())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The live reference of `patient`'s chart to blob `sha256` (as document or thumbnail).
pub async fn live_ref(
    pool: &PgPool,
    patient: Uuid,
    sha256: &str,
) -> Result<Option<BlobRef>, sqlx_core::Error> {
    let row: Option<(String, String, i64, String, Option<String>)> = query_as(
        "SELECT ref_id, mime_type, size, sha256, thumbnail_sha256 FROM document_refs
         WHERE patient_id = $1 AND live AND (sha256 = $2 OR thumbnail_sha256 = $2)
         LIMIT 1",
    )
    .bind(patient)
    .bind(sha256)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(
        |(ref_id, mime_type, size, sha256, thumbnail_sha256)| BlobRef {
            ref_id,
            mime_type,
            size,
            sha256,
            thumbnail_sha256,
        },
    ))
}

/// True when the store holds blob `sha256`.
pub async fn present(pool: &PgPool, sha256: &str) -> Result<bool, sqlx_core::Error> {
    query_scalar("SELECT EXISTS (SELECT 1 FROM blobs WHERE sha256 = $1)")
        .bind(sha256)
        .fetch_one(pool)
        .await
}

/// Records that the store holds blob `sha256` of `size` bytes.
pub async fn mark_present(pool: &PgPool, sha256: &str, size: i64) -> Result<(), sqlx_core::Error> {
    query("INSERT INTO blobs (sha256, size) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING")
        .bind(sha256)
        .bind(size)
        .execute(pool)
        .await?;
    Ok(())
}

/// Notes, at `now`, which blobs no live reference points at any more (and forgets it of
/// those referred to again); returns those unreferenced since before `kept_after`.
pub async fn unreferenced(
    pool: &PgPool,
    now: time::OffsetDateTime,
    kept_after: time::OffsetDateTime,
) -> Result<Vec<String>, sqlx_core::Error> {
    const REFERRED: &str = "(EXISTS (SELECT 1 FROM document_refs r
                                WHERE r.live AND r.sha256 = b.sha256)
                             OR EXISTS (SELECT 1 FROM document_refs r
                                WHERE r.live AND r.thumbnail_sha256 = b.sha256))";
    query(sqlx_core::sql_str::AssertSqlSafe(format!(
        "UPDATE blobs b SET unreferenced_since = CASE WHEN {REFERRED} THEN NULL ELSE $1 END
          WHERE (unreferenced_since IS NULL) <> {REFERRED}"
    )))
    .bind(now)
    .execute(pool)
    .await?;
    query_scalar("SELECT sha256 FROM blobs WHERE unreferenced_since < $1 ORDER BY sha256")
        .bind(kept_after)
        .fetch_all(pool)
        .await
}

/// Blobs that live documents of the patients within reach refer to (whole or as a
/// thumbnail) and the store lacks, at most `limit`.
pub async fn wanted(
    pool: &PgPool,
    reach: &super::scope::Reach<'_>,
    limit: i64,
) -> Result<Vec<String>, sqlx_core::Error> {
    let sql = format!(
        "{}
         SELECT DISTINCT w.sha256 FROM (
           SELECT r.sha256 FROM document_refs r JOIN reach p ON p.patient_id = r.patient_id
            WHERE r.live
           UNION ALL
           SELECT r.thumbnail_sha256 FROM document_refs r
             JOIN reach p ON p.patient_id = r.patient_id
            WHERE r.live AND r.thumbnail_sha256 IS NOT NULL
         ) w
         WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = w.sha256)
         ORDER BY w.sha256 LIMIT $4",
        super::scope::reach_since(5)
    );
    query_scalar(sqlx_core::sql_str::AssertSqlSafe(sql))
        .bind(reach.wards)
        .bind(reach.user)
        .bind(reach.device)
        .bind(limit)
        .bind(reach.now)
        .fetch_all(pool)
        .await
}

/// Forgets blob `sha256` once the store deleted it.
pub async fn forget(pool: &PgPool, sha256: &str) -> Result<(), sqlx_core::Error> {
    query("DELETE FROM blobs WHERE sha256 = $1")
        .bind(sha256)
        .execute(pool)
        .await?;
    Ok(())
}

/// Remembers an upload in parts of blob `sha256`.
pub async fn begin_upload(
    pool: &PgPool,
    upload: &str,
    sha256: &str,
    size: i64,
) -> Result<(), sqlx_core::Error> {
    query("INSERT INTO blob_uploads (upload_id, sha256, size) VALUES ($1, $2, $3)")
        .bind(upload)
        .bind(sha256)
        .bind(size)
        .execute(pool)
        .await?;
    Ok(())
}

/// True when `upload` is an upload in parts of blob `sha256`.
pub async fn is_upload_of(
    pool: &PgPool,
    upload: &str,
    sha256: &str,
) -> Result<bool, sqlx_core::Error> {
    query_scalar("SELECT EXISTS (SELECT 1 FROM blob_uploads WHERE upload_id = $1 AND sha256 = $2)")
        .bind(upload)
        .bind(sha256)
        .fetch_one(pool)
        .await
}

/// Forgets a finished upload in parts.
pub async fn end_upload(pool: &PgPool, upload: &str) -> Result<(), sqlx_core::Error> {
    query("DELETE FROM blob_uploads WHERE upload_id = $1")
        .bind(upload)
        .execute(pool)
        .await?;
    Ok(())
}

/// Counts of live documents by category for `patient`.
pub async fn counts(pool: &PgPool, patient: Uuid) -> Result<Vec<(String, i64)>, sqlx_core::Error> {
    query_as(
        "SELECT category, count(*) FROM document_refs WHERE patient_id = $1 AND live
         GROUP BY category",
    )
    .bind(patient)
    .fetch_all(pool)
    .await
}
