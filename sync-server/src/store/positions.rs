//! Change positions and the watermark below which listings read.
//!
//! A change's position (a workstation's cursor is one) is the id of the transaction
//! that stored it, plus a fixed offset: writers take it without any lock and commit
//! side by side, so positions commit out of order. A listing therefore reads only
//! below the watermark, the oldest transaction of this database still running: every
//! position below it has committed (or never will), so a cursor moved up to it skips
//! nothing, and no position below it appears later.
//!
//! Within one document, positions follow commits: a writer takes its document locks
//! before its transaction has an id ([`lock_documents`] refuses otherwise), so a writer
//! that held the lock before it committed with a lower id. Snapshots, which cover
//! "every change up to a position", rely on it.

use bedside_shared::DocId;
use sqlx_core::query::query;
use sqlx_core::query_scalar::query_scalar;
use sqlx_postgres::{PgConnection, PgPool};

/// Locks `docs` (in id order, so concurrent writers never deadlock) for this
/// transaction. It must come before the transaction writes anything: a transaction
/// that already has an id is refused, since its position would not follow the commits
/// of the documents it waited for. The lock also covers a document that has no row
/// yet, so two replicas never create it side by side.
pub async fn lock_documents(
    conn: &mut PgConnection,
    docs: &[DocId],
) -> Result<(), sqlx_core::Error> {
    let mut ids: Vec<String> = docs.iter().map(ToString::to_string).collect();
    ids.sort_unstable();
    ids.dedup();
    let before_any_write: bool = query_scalar(
        "SELECT pg_current_xact_id_if_assigned() IS NULL
           FROM (SELECT count(pg_advisory_xact_lock(hashtextextended(id, 0)))
                   FROM unnest($1::text[]) AS id) AS locked",
    )
    .bind(&ids)
    .fetch_one(conn)
    .await?;
    if before_any_write {
        Ok(())
    } else {
        Err(sqlx_core::Error::Protocol(
            "documents were locked after the transaction wrote".into(),
        ))
    }
}

/// This transaction's change position (the same for every call within it).
pub async fn take_position(conn: &mut PgConnection) -> Result<i64, sqlx_core::Error> {
    query_scalar("SELECT pg_current_xact_id()::text::bigint + xid_offset FROM change_clock")
        .fetch_one(conn)
        .await
}

/// The watermark: every position below it has committed or never will. Transactions
/// of other databases of the cluster are not waited for (they write nothing here); one
/// that ended since the snapshot counts as running, which only delays it to the next
/// listing.
pub async fn watermark(pool: &PgPool) -> Result<i64, sqlx_core::Error> {
    query_scalar(
        "SELECT coalesce(
                  (SELECT min(x) FROM pg_snapshot_xip(pg_current_snapshot()) AS x
                    WHERE NOT EXISTS (
                      SELECT 1 FROM pg_stat_activity a
                       WHERE a.backend_xid = xid(x)
                         AND a.datid <> (SELECT oid FROM pg_database
                                          WHERE datname = current_database()))),
                  pg_snapshot_xmax(pg_current_snapshot())
                )::text::bigint + xid_offset
           FROM change_clock",
    )
    .fetch_one(pool)
    .await
}

/// The database's epoch, and the position the next transaction would take: every
/// cursor this life of the database handed out lies below it.
pub async fn epoch_and_next(pool: &PgPool) -> Result<(uuid::Uuid, i64), sqlx_core::Error> {
    sqlx_core::query_as::query_as(
        "SELECT e.epoch, pg_snapshot_xmax(pg_current_snapshot())::text::bigint + c.xid_offset
           FROM server_epoch e, change_clock c",
    )
    .fetch_one(pool)
    .await
}

/// Begins a new epoch (after a restore from backup), and keeps positions ahead of
/// stored ones. Returns it.
pub async fn renew_epoch(pool: &PgPool) -> Result<uuid::Uuid, sqlx_core::Error> {
    keep_ahead(pool).await?;
    query_scalar(
        "UPDATE server_epoch SET epoch = gen_random_uuid(), began_at = now() RETURNING epoch",
    )
    .fetch_one(pool)
    .await
}

/// Raises the offset if positions would now fall behind stored ones (a logical
/// restore into a new cluster starts transaction ids again from the beginning). It
/// changes nothing otherwise, so replicas may run it at any start.
pub async fn keep_ahead(pool: &PgPool) -> Result<(), sqlx_core::Error> {
    query(
        "WITH stored AS (
           SELECT greatest(
             (SELECT max(changed_seq) FROM documents),
             (SELECT max(greatest(placed_seq, moved_seq)) FROM patients),
             (SELECT max(seq) FROM break_glass)) AS highest
         )
         UPDATE change_clock
            SET xid_offset = stored.highest + 1 - pg_current_xact_id()::text::bigint
           FROM stored
          WHERE stored.highest >= pg_current_xact_id()::text::bigint + xid_offset",
    )
    .execute(pool)
    .await?;
    Ok(())
}
