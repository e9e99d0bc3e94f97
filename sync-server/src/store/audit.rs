//! The audit log's rows: appended to the hash chain under a lock, and walked back to
//! verify it.

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx_core::query::query;
use sqlx_core::query_as::query_as;
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

/// Appends `event` to the chain. Returns false if an event with its id is stored already.
pub async fn append(conn: &mut PgConnection, event: &Event) -> Result<bool, sqlx_core::Error> {
    query("SELECT pg_advisory_xact_lock(7342002)")
        .execute(&mut *conn)
        .await?;
    let prev: Option<(Vec<u8>,)> = query_as("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        .fetch_optional(&mut *conn)
        .await?;
    let prev = prev.map(|(h,)| h).unwrap_or_else(|| vec![0; 32]);
    let done = query(
        "INSERT INTO audit_log (event_id, at, device_time, user_id, device_id, action,
            patient_id, outcome, detail, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
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
    .bind(&prev)
    .bind(event.hash(&prev))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Appends `event` in its own transaction.
pub async fn record(pool: &PgPool, event: &Event) -> Result<bool, sqlx_core::Error> {
    let mut tx = pool.begin().await?;
    let stored = append(&mut tx, event).await?;
    tx.commit().await?;
    Ok(stored)
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
    Vec<u8>,
    Vec<u8>,
);

/// The columns every read of the log selects, in the order of [`Row`].
const COLUMNS: &str = "seq, event_id, at, device_time, user_id, device_id, action, patient_id,
                       outcome, detail, prev_hash, hash";

/// A stored row as its sequence number, the event as it was hashed, and the two hashes.
fn read_row(row: Row) -> (i64, Event, Vec<u8>, Vec<u8>) {
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
    (row.0, event, row.10, row.11)
}

/// Walks the whole chain in order.
pub async fn verify(pool: &PgPool) -> Result<Verdict, sqlx_core::Error> {
    let mut prev = vec![0u8; 32];
    let mut after = 0i64;
    let mut rows = 0i64;
    loop {
        let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 1000");
        let page: Vec<Row> = query_as(sqlx_core::sql_str::AssertSqlSafe(sql))
            .bind(after)
            .fetch_all(pool)
            .await?;
        if page.is_empty() {
            return Ok(Verdict::Intact { rows });
        }
        for (seq, event, prev_hash, hash) in page.into_iter().map(read_row) {
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
            after = seq;
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
    /// Position in the chain.
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
        "SELECT {COLUMNS} FROM audit_log
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
        .map(|(seq, e, _, _)| Stored {
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
