//! The audit log's rows: recorded by requests without waiting on anyone, and sealed
//! into the hash chain afterwards (`super::audit_chain`).

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx_core::query::query;
use sqlx_core::query_as::query_as;
use sqlx_core::query_scalar::query_scalar;
use sqlx_core::types::Json;
use sqlx_postgres::{PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

/// One event, as hashed and stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// Unique; a replayed upload of the same event is stored once.
    pub event_id: Uuid,
    /// Server time, microseconds since the Unix epoch.
    pub at_us: i64,
    /// The workstation's time, when it made the event.
    pub device_time_us: Option<i64>,
    /// Who.
    pub user_id: Option<Uuid>,
    /// From which device.
    pub device_id: Option<Uuid>,
    /// What, e.g. `login_success`, `break_glass`.
    pub action: String,
    /// Whose chart, if any.
    pub patient_id: Option<Uuid>,
    /// `success`, `failure`, `refused`...
    pub outcome: String,
    /// Anything else (reason, documents, change hashes).
    pub detail: Value,
}

/// `t` in microseconds since the Unix epoch, as events keep their times.
pub fn micros(t: OffsetDateTime) -> i64 {
    (t.unix_timestamp_nanos() / 1_000) as i64
}

fn from_micros(us: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(us) * 1_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

impl Event {
    /// An event happening now on the server.
    pub fn now(action: &str, outcome: &str) -> Self {
        Self {
            event_id: Uuid::now_v7(),
            at_us: micros(OffsetDateTime::now_utc()),
            device_time_us: None,
            user_id: None,
            device_id: None,
            action: action.to_owned(),
            patient_id: None,
            outcome: outcome.to_owned(),
            detail: Value::Object(Default::default()),
        }
    }

    /// The workstation's time of the event.
    pub fn with_device_time(mut self, t: OffsetDateTime) -> Self {
        self.device_time_us = Some(micros(t));
        self
    }

    /// The SHA-256 that chains this event after `prev`.
    pub fn hash(&self, prev: &[u8]) -> Vec<u8> {
        let content = serde_json::to_vec(self).expect("events serialize");
        let mut h = Sha256::new();
        h.update(prev);
        h.update(&content);
        h.finalize().to_vec()
    }
}

/// Records `event` (sealed into the chain by the next pass of the sealer). Returns false
/// if an event with its id is stored already.
pub async fn append(conn: &mut PgConnection, event: &Event) -> Result<bool, sqlx_core::Error> {
    let done = query(
        "INSERT INTO audit_log (event_id, at, device_time, user_id, device_id, action,
            patient_id, outcome, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (event_id) DO NOTHING",
    )
    .bind(event.event_id)
    .bind(from_micros(event.at_us))
    .bind(event.device_time_us.map(from_micros))
    .bind(event.user_id)
    .bind(event.device_id)
    .bind(&event.action)
    .bind(event.patient_id)
    .bind(&event.outcome)
    .bind(Json(&event.detail))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Appends `events` in one statement (a sync's chart reads and writes: one row per
/// patient); events already stored are skipped.
pub async fn append_all(conn: &mut PgConnection, events: &[Event]) -> Result<(), sqlx_core::Error> {
    if events.is_empty() {
        return Ok(());
    }
    let column = |f: fn(&Event) -> Option<Uuid>| events.iter().map(f).collect::<Vec<_>>();
    let details: Vec<String> = events.iter().map(|e| e.detail.to_string()).collect();
    query(
        "INSERT INTO audit_log (event_id, at, device_time, user_id, device_id, action,
            patient_id, outcome, detail)
         SELECT event_id, at, device_time, user_id, device_id, action, patient_id, outcome,
                detail::jsonb
           FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::uuid[],
                       $5::uuid[], $6::text[], $7::uuid[], $8::text[], $9::text[])
             AS e (event_id, at, device_time, user_id, device_id, action, patient_id,
                   outcome, detail)
         ON CONFLICT (event_id) DO NOTHING",
    )
    .bind(column(|e| Some(e.event_id)))
    .bind(
        events
            .iter()
            .map(|e| from_micros(e.at_us))
            .collect::<Vec<_>>(),
    )
    .bind(
        events
            .iter()
            .map(|e| e.device_time_us.map(from_micros))
            .collect::<Vec<_>>(),
    )
    .bind(column(|e| e.user_id))
    .bind(column(|e| e.device_id))
    .bind(events.iter().map(|e| e.action.clone()).collect::<Vec<_>>())
    .bind(column(|e| e.patient_id))
    .bind(events.iter().map(|e| e.outcome.clone()).collect::<Vec<_>>())
    .bind(details)
    .execute(conn)
    .await?;
    Ok(())
}

/// Appends `event` in its own transaction.
pub async fn record(pool: &PgPool, event: &Event) -> Result<bool, sqlx_core::Error> {
    let mut tx = pool.begin().await?;
    let stored = append(&mut tx, event).await?;
    tx.commit().await?;
    Ok(stored)
}

type Row = (
    i64,
    Uuid,
    OffsetDateTime,
    Option<OffsetDateTime>,
    Option<Uuid>,
    Option<Uuid>,
    String,
    Option<Uuid>,
    String,
    Json<Value>,
);

/// The columns every read of the log (`audit_log a`) selects, in the order of [`Row`].
const COLUMNS: &str = "a.seq, a.event_id, a.at, a.device_time, a.user_id, a.device_id,
                       a.action, a.patient_id, a.outcome, a.detail";

/// A stored row as its sequence number and the event as it was hashed.
fn read_row(row: Row) -> (i64, Event) {
    let event = Event {
        event_id: row.1,
        at_us: micros(row.2),
        device_time_us: row.3.map(micros),
        user_id: row.4,
        device_id: row.5,
        action: row.6,
        patient_id: row.7,
        outcome: row.8,
        detail: row.9.0,
    };
    (row.0, event)
}

/// A sealed row: [`Row`], then its place in the chain and the two hashes.
type Chained = (
    i64,
    Uuid,
    OffsetDateTime,
    Option<OffsetDateTime>,
    Option<Uuid>,
    Option<Uuid>,
    String,
    Option<Uuid>,
    String,
    Json<Value>,
    i64,
    Vec<u8>,
    Vec<u8>,
);

/// A sealed row: its sequence number, the event, its place and the two hashes.
fn read_chained(row: Chained) -> (i64, Event, i64, Vec<u8>, Vec<u8>) {
    let (seq, event) = read_row((
        row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9,
    ));
    (seq, event, row.10, row.11, row.12)
}

/// One lock for the chain's sealer: replicas take turns, and one that finds it taken
/// leaves the pass to the holder.
pub const SEALER: i64 = 7342002;
/// Most rows one pass of the sealer seals in one transaction.
const SEAL_BATCH: i64 = 1000;

/// Seals every row recorded so far into the chain, in passes of [`SEAL_BATCH`] rows.
/// With `wait`, waits for a sealer at work on another replica to finish; without, leaves
/// the work to it. Returns the rows this call sealed.
pub async fn seal(pool: &PgPool, wait: bool) -> Result<u64, sqlx_core::Error> {
    let mut sealed = 0;
    loop {
        let mut tx = pool.begin().await?;
        let lock = if wait {
            "SELECT true FROM pg_advisory_xact_lock($1)"
        } else {
            "SELECT pg_try_advisory_xact_lock($1)"
        };
        let held: bool = query_scalar(lock).bind(SEALER).fetch_one(&mut *tx).await?;
        if !held {
            return Ok(sealed);
        }
        let pass = seal_pass(&mut tx).await?;
        tx.commit().await?;
        sealed += pass;
        if pass < SEAL_BATCH as u64 {
            return Ok(sealed);
        }
    }
}

/// Gives up to [`SEAL_BATCH`] queued rows, oldest first, their places after the chain's
/// last row and takes them off the queue, inside `tx` (which holds the sealer's lock).
/// A pass that never commits (a crash) seals nothing and loses nothing: the rows wait
/// for the next pass.
pub async fn seal_pass(tx: &mut PgConnection) -> Result<u64, sqlx_core::Error> {
    let last: Option<(i64, Vec<u8>)> =
        query_as("SELECT pos, hash FROM audit_chain ORDER BY pos DESC LIMIT 1")
            .fetch_optional(&mut *tx)
            .await?;
    let (mut pos, mut prev) = last.unwrap_or((0, vec![0; 32]));
    // The queue first, then the rows by their keys: a join of the two would let the
    // planner, misled by the queue's churn, scan the whole log.
    let queued: Vec<i64> = query_scalar("SELECT seq FROM audit_unsealed ORDER BY seq LIMIT $1")
        .bind(SEAL_BATCH)
        .fetch_all(&mut *tx)
        .await?;
    let sql = format!("SELECT {COLUMNS} FROM audit_log a WHERE a.seq = ANY($1) ORDER BY a.seq");
    let rows: Vec<Row> = query_as(sqlx_core::sql_str::AssertSqlSafe(sql))
        .bind(&queued)
        .fetch_all(&mut *tx)
        .await?;
    let (mut seqs, mut places, mut prevs, mut hashes) = (vec![], vec![], vec![], vec![]);
    for (seq, event) in rows.into_iter().map(read_row) {
        let hash = event.hash(&prev);
        pos += 1;
        seqs.push(seq);
        places.push(pos);
        prevs.push(std::mem::replace(&mut prev, hash.clone()));
        hashes.push(hash);
    }
    if seqs.is_empty() {
        return Ok(0);
    }
    query(
        "INSERT INTO audit_chain (pos, seq, prev_hash, hash)
         SELECT * FROM UNNEST($1::bigint[], $2::bigint[], $3::bytea[], $4::bytea[])",
    )
    .bind(&places)
    .bind(&seqs)
    .bind(&prevs)
    .bind(&hashes)
    .execute(&mut *tx)
    .await?;
    query("DELETE FROM audit_unsealed WHERE seq = ANY($1)")
        .bind(&seqs)
        .execute(&mut *tx)
        .await?;
    Ok(seqs.len() as u64)
}

/// Rows recorded and not sealed yet (every queued row is in the log: the log refuses
/// deletes).
pub async fn unsealed(pool: &PgPool) -> Result<i64, sqlx_core::Error> {
    query_scalar("SELECT count(*) FROM audit_unsealed")
        .fetch_one(pool)
        .await
}

/// What walking the chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every row links to the one before and matches its hash.
    Intact {
        /// Rows checked.
        rows: i64,
    },
    /// The first row that does not.
    Broken {
        /// Its sequence number.
        seq: i64,
        /// What is wrong with it.
        why: &'static str,
    },
}

/// Seals what waits (after any sealer at work on another replica), then walks the whole
/// chain in order. A row is protected from its sealing on; the sealer runs every
/// second on each replica.
pub async fn verify(pool: &PgPool) -> Result<Verdict, sqlx_core::Error> {
    seal(pool, true).await?;
    let mut prev = vec![0u8; 32];
    let mut after = 0i64;
    let mut rows = 0i64;
    loop {
        let sql = format!(
            "SELECT {COLUMNS}, c.pos, c.prev_hash, c.hash
             FROM audit_chain c JOIN audit_log a ON a.seq = c.seq
             WHERE c.pos > $1 ORDER BY c.pos LIMIT 1000"
        );
        let page: Vec<Chained> = query_as(sqlx_core::sql_str::AssertSqlSafe(sql))
            .bind(after)
            .fetch_all(pool)
            .await?;
        if page.is_empty() {
            return Ok(Verdict::Intact { rows });
        }
        for (seq, event, pos, prev_hash, hash) in page.into_iter().map(read_chained) {
            if prev_hash != prev {
                return Ok(Verdict::Broken {
                    seq,
                    why: "it does not follow the row before it (a row was deleted or moved)",
                });
            }
            if event.hash(&prev) != hash {
                return Ok(Verdict::Broken {
                    seq,
                    why: "its content does not match its hash (the row was changed)",
                });
            }
            prev = hash;
            after = pos;
            rows += 1;
        }
    }
}

/// Which events an audit query wants.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct AuditFilter {
    /// Events about this patient.
    pub patient_id: Option<Uuid>,
    /// Events by this user.
    pub user_id: Option<Uuid>,
    /// Events from this device.
    pub device_id: Option<Uuid>,
    /// Events of this action, e.g. `chart_read`, `break_glass`.
    pub action: Option<String>,
    /// From this time on (RFC 3339).
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[param(value_type = Option<String>)]
    pub from: Option<OffsetDateTime>,
    /// Before this time (RFC 3339).
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[param(value_type = Option<String>)]
    pub to: Option<OffsetDateTime>,
}

/// A stored event as the audit query shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Stored {
    /// Order of recording.
    pub seq: i64,
    /// The event's id.
    pub event_id: Uuid,
    /// Server time.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String)]
    pub at: OffsetDateTime,
    /// The workstation's time, when it made the event.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>)]
    pub device_time: Option<OffsetDateTime>,
    /// Who.
    pub user_id: Option<Uuid>,
    /// From which device.
    pub device_id: Option<Uuid>,
    /// What.
    pub action: String,
    /// Whose chart.
    pub patient_id: Option<Uuid>,
    /// `success` or `failure` (or what the action names, e.g. `granted`).
    pub outcome: String,
    /// Reason, documents, change hashes, roles.
    #[schema(value_type = Object)]
    pub detail: Value,
}

/// Events matching `filter`, oldest first, paged.
pub async fn query_events(
    pool: &PgPool,
    filter: &AuditFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<Stored>, sqlx_core::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM audit_log a
         WHERE ($1::uuid IS NULL OR patient_id = $1)
           AND ($2::uuid IS NULL OR user_id = $2)
           AND ($3::uuid IS NULL OR device_id = $3)
           AND ($4::text IS NULL OR action = $4)
           AND ($5::timestamptz IS NULL OR at >= $5)
           AND ($6::timestamptz IS NULL OR at < $6)
         ORDER BY seq LIMIT $7 OFFSET $8"
    );
    let rows: Vec<Row> = query_as(sqlx_core::sql_str::AssertSqlSafe(sql))
        .bind(filter.patient_id)
        .bind(filter.user_id)
        .bind(filter.device_id)
        .bind(&filter.action)
        .bind(filter.from)
        .bind(filter.to)
        .bind(limit)
        .bind(offset)
        .fetch_all(pool)
        .await?;
    Ok(rows
        .into_iter()
        .map(read_row)
        .map(|(seq, e)| Stored {
            seq,
            event_id: e.event_id,
            at: from_micros(e.at_us),
            device_time: e.device_time_us.map(from_micros),
            user_id: e.user_id,
            device_id: e.device_id,
            action: e.action,
            patient_id: e.patient_id,
            outcome: e.outcome,
            detail: e.detail,
        })
        .collect())
}
