//! Scope: which ward each patient is on (and since when), who left which ward, and
//! break-glass grants; and the listing of changed documents a workstation may receive.

use bedside_shared::DocId;
use bedside_shared::sync::Cursor;
use sqlx_core::query::query;
use sqlx_core::query_as::query_as;
use sqlx_core::query_scalar::query_scalar;
use sqlx_postgres::{PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

use super::documents::{Listed, corrupt, unpack};

/// Whose reach a listing is for: a device's wards and kinds, plus the user's grants.
#[derive(Debug, Clone)]
pub struct Reach<'a> {
    /// The user.
    pub user: Uuid,
    /// The device.
    pub device: Uuid,
    /// The device's wards.
    pub wards: &'a [String],
    /// Document kinds (`registration`, `clinical`, `draft`) the caller may receive.
    pub kinds: &'a [&'static str],
    /// Now on the server's clock: break-glass grants that end before it reach nothing.
    pub now: OffsetDateTime,
}

/// Records where a patient is, from their registration document. A move to another ward
/// remembers the ward left, when (`at`, on the server's clock: the late-edits window is
/// measured from it) and restarts the patient's placement at `seq`.
pub async fn place_patient(
    conn: &mut PgConnection,
    patient: Uuid,
    ward: &str,
    seq: i64,
    at: OffsetDateTime,
) -> Result<(), sqlx_core::Error> {
    query(
        "INSERT INTO patients (patient_id, ward, changed_seq, placed_seq) VALUES ($1, $2, $3, $3)
         ON CONFLICT (patient_id) DO UPDATE SET
           left_ward = CASE WHEN patients.ward <> excluded.ward THEN patients.ward
                            ELSE patients.left_ward END,
           moved_seq = CASE WHEN patients.ward <> excluded.ward THEN excluded.changed_seq
                            ELSE patients.moved_seq END,
           moved_at = CASE WHEN patients.ward <> excluded.ward THEN $4
                           ELSE patients.moved_at END,
           placed_seq = CASE WHEN patients.ward <> excluded.ward THEN excluded.changed_seq
                             ELSE patients.placed_seq END,
           ward = excluded.ward, changed_seq = excluded.changed_seq",
    )
    .bind(patient)
    .bind(ward)
    .bind(seq)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Where a patient is, as the server knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The patient.
    pub patient: Uuid,
    /// The ward they are on.
    pub ward: String,
    /// The ward they last left, if they ever moved.
    pub left_ward: Option<String>,
    /// When they last moved.
    pub moved_at: Option<OffsetDateTime>,
}

/// Where each of the given patients (that the server knows) is.
pub async fn wards_of(
    pool: &PgPool,
    patients: &[Uuid],
) -> Result<Vec<Placement>, sqlx_core::Error> {
    let rows: Vec<(Uuid, String, Option<String>, Option<OffsetDateTime>)> = query_as(
        "SELECT patient_id, ward, left_ward, moved_at FROM patients WHERE patient_id = ANY($1)",
    )
    .bind(patients)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(patient, ward, left_ward, moved_at)| Placement {
            patient,
            ward,
            left_ward,
            moved_at,
        })
        .collect())
}

/// True when `device` held `patient`'s chart by `by`: the server sent it, or took from
/// it, a document of the patient (the audit log's chart reads and writes say which).
pub async fn held_by(
    pool: &PgPool,
    device: Uuid,
    patient: Uuid,
    by: OffsetDateTime,
) -> Result<bool, sqlx_core::Error> {
    query_scalar(
        "SELECT EXISTS (SELECT 1 FROM audit_log
          WHERE patient_id = $1 AND at <= $3 AND device_id = $2
            AND action IN ('chart_read', 'chart_write') AND outcome = 'success')",
    )
    .bind(patient)
    .bind(device)
    .bind(by)
    .fetch_one(pool)
    .await
}

/// Of the given patients, those the user holds a break-glass grant for on the device
/// that is live at `now`.
pub async fn granted(
    pool: &PgPool,
    user: Uuid,
    device: Uuid,
    patients: &[Uuid],
    now: OffsetDateTime,
) -> Result<Vec<Uuid>, sqlx_core::Error> {
    query_scalar(
        "SELECT DISTINCT patient_id FROM break_glass
         WHERE user_id = $1 AND device_id = $2 AND expires_at > $4 AND patient_id = ANY($3)",
    )
    .bind(user)
    .bind(device)
    .bind(patients)
    .bind(now)
    .fetch_all(pool)
    .await
}

/// A break-glass grant to store.
#[derive(Debug, Clone)]
pub struct Grant<'a> {
    /// Its id (made by the workstation, so a replay stores it once).
    pub grant_id: Uuid,
    /// Who.
    pub user: Uuid,
    /// On which workstation.
    pub device: Uuid,
    /// Whose chart.
    pub patient: Uuid,
    /// Why, in the user's words.
    pub reason: &'a str,
    /// When the workstation says it was opened.
    pub device_time: Option<OffsetDateTime>,
    /// When it ends.
    pub expires_at: OffsetDateTime,
}

/// Stores a grant at change number `seq`; false if a grant with its id exists already.
pub async fn insert_grant(
    conn: &mut PgConnection,
    grant: &Grant<'_>,
    seq: i64,
) -> Result<bool, sqlx_core::Error> {
    let done = query(
        "INSERT INTO break_glass
           (grant_id, user_id, device_id, patient_id, reason, device_time, expires_at, seq)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (grant_id) DO NOTHING",
    )
    .bind(grant.grant_id)
    .bind(grant.user)
    .bind(grant.device)
    .bind(grant.patient)
    .bind(grant.reason)
    .bind(grant.device_time)
    .bind(grant.expires_at)
    .bind(seq)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How a listing compares the listed position with the cursor.
#[derive(Debug, Clone, Copy)]
pub enum Since {
    /// Positions after the cursor.
    After,
    /// Positions exactly at it.
    At,
}

/// Documents within reach listed after (or at) `cursor`, oldest first, at most `limit`.
/// A document's position is its latest change, or the moment its patient came within
/// reach if that is later: a patient arriving on the ward arrives with every document.
pub async fn listed(
    pool: &PgPool,
    reach: &Reach<'_>,
    cursor: Cursor,
    since: Since,
    limit: i64,
) -> Result<Vec<Listed>, sqlx_core::Error> {
    let compare = match since {
        Since::After => ">",
        Since::At => "=",
    };
    let sql = format!(
        "{}
         SELECT d.doc_id, GREATEST(d.created_seq, r.since),
                GREATEST(d.changed_seq, r.since) AS position, d.heads
         FROM reach r JOIN documents d ON d.patient_id = r.patient_id
         WHERE d.kind = ANY($4) AND GREATEST(d.changed_seq, r.since) {compare} $5
         ORDER BY position, d.doc_id LIMIT $6",
        reach_since(7)
    );
    let rows: Vec<(String, i64, i64, Vec<u8>)> = query_as(sqlx_core::sql_str::AssertSqlSafe(sql))
        .bind(reach.wards)
        .bind(reach.user)
        .bind(reach.device)
        .bind(reach.kinds)
        .bind(cursor.0)
        .bind(limit)
        .bind(reach.now)
        .fetch_all(pool)
        .await?;
    rows.into_iter()
        .map(|(doc, created, changed, heads)| {
            Ok(Listed {
                doc: doc
                    .parse::<DocId>()
                    .map_err(|_| corrupt("bad document id"))?,
                created: Cursor(created),
                changed: Cursor(changed),
                heads: unpack(&heads),
            })
        })
        .collect()
}

/// The patients within reach (`$1` wards, `$2` user, `$3` device, `$now`: the parameter
/// that holds [`Reach::now`], bound last), each since when.
pub(super) fn reach_since(now: u8) -> String {
    format!(
        "WITH reach AS (
           SELECT patient_id, min(since) AS since FROM (
             SELECT patient_id, placed_seq AS since FROM patients WHERE ward = ANY($1)
             UNION ALL
             SELECT patient_id, seq FROM break_glass
              WHERE user_id = $2 AND device_id = $3 AND expires_at > ${now}
           ) r GROUP BY patient_id
         )"
    )
}

/// How many documents within reach are listed after `cursor` (the rest of a paged
/// catch-up, for the workstation's progress bar).
pub async fn count_after(
    pool: &PgPool,
    reach: &Reach<'_>,
    cursor: Cursor,
) -> Result<i64, sqlx_core::Error> {
    let sql = format!(
        "{}
         SELECT count(*) FROM reach r JOIN documents d ON d.patient_id = r.patient_id
         WHERE d.kind = ANY($4) AND GREATEST(d.changed_seq, r.since) > $5",
        reach_since(6)
    );
    query_scalar(sqlx_core::sql_str::AssertSqlSafe(sql))
        .bind(reach.wards)
        .bind(reach.user)
        .bind(reach.device)
        .bind(reach.kinds)
        .bind(cursor.0)
        .bind(reach.now)
        .fetch_one(pool)
        .await
}

/// Patients that moved off `wards` to a ward outside them after `after`, up to `upto`.
pub async fn left(
    pool: &PgPool,
    wards: &[String],
    after: Cursor,
    upto: Cursor,
) -> Result<Vec<Uuid>, sqlx_core::Error> {
    query_scalar(
        "SELECT patient_id FROM patients
         WHERE left_ward = ANY($1) AND NOT (ward = ANY($1)) AND moved_seq > $2 AND moved_seq <= $3
         ORDER BY patient_id",
    )
    .bind(wards)
    .bind(after.0)
    .bind(upto.0)
    .fetch_all(pool)
    .await
}
