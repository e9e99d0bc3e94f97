//! PostgreSQL: the pool, the embedded migrations and the SQL of chart storage.
//! Store functions know nothing of HTTP.

pub mod audit;
pub mod blobs;
pub mod charts;
pub mod devices;
mod documents;
mod positions;
pub mod scope;
pub mod users;
pub mod videos;

use std::borrow::Cow;

use sqlx_core::migrate::{Migration, MigrationType, Migrator};
use sqlx_core::sql_str::SqlSafeStr;
use sqlx_postgres::{PgPool, PgPoolOptions};

pub use documents::{DocState, Listed, Written, counts, next_mrn};
pub use documents::{
    append, changes_after, document_seq, document_state, load_document, store_snapshot,
    stored_whole,
};
pub use positions::{
    epoch_and_next, keep_ahead, lock_documents, renew_epoch, take_position, watermark,
};

/// The server migrations, embedded at build time (timestamped, append-only).
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        20261123000001,
        "chart sync",
        include_str!("../../../migrations/server/20261123000001_chart_sync.sql"),
    ),
    (
        20261123000002,
        "identity",
        include_str!("../../../migrations/server/20261123000002_identity.sql"),
    ),
    (
        20261123000003,
        "devices",
        include_str!("../../../migrations/server/20261123000003_devices.sql"),
    ),
    (
        20261123000004,
        "scope",
        include_str!("../../../migrations/server/20261123000004_scope.sql"),
    ),
    (
        20261123000005,
        "mrn",
        include_str!("../../../migrations/server/20261123000005_mrn.sql"),
    ),
    (
        20261123000006,
        "chart json",
        include_str!("../../../migrations/server/20261123000006_chart_json.sql"),
    ),
    (
        20261123000007,
        "education videos",
        include_str!("../../../migrations/server/20261123000007_education_videos.sql"),
    ),
    (
        20261123000008,
        "audit log",
        include_str!("../../../migrations/server/20261123000008_audit_log.sql"),
    ),
    (
        20261123000009,
        "documents",
        include_str!("../../../migrations/server/20261123000009_documents.sql"),
    ),
    (
        20261205000001,
        "transfer grace",
        include_str!("../../../migrations/server/20261205000001_transfer_grace.sql"),
    ),
    (
        20261205000002,
        "authors",
        include_str!("../../../migrations/server/20261205000002_authors.sql"),
    ),
    (
        20261207000001,
        "audit seal",
        include_str!("../../../migrations/server/20261207000001_audit_seal.sql"),
    ),
    (
        20261208000001,
        "change positions",
        include_str!("../../../migrations/server/20261208000001_change_positions.sql"),
    ),
    (
        20261209000001,
        "chart entries",
        include_str!("../../../migrations/server/20261209000001_chart_entries.sql"),
    ),
    (
        20261209000002,
        "restore safety",
        include_str!("../../../migrations/server/20261209000002_restore_safety.sql"),
    ),
];

fn migrator() -> Migrator {
    Migrator::with_migrations(
        MIGRATIONS
            .iter()
            .map(|(version, description, sql)| {
                Migration::new(
                    *version,
                    Cow::Borrowed(*description),
                    MigrationType::Simple,
                    sql.into_sql_str(),
                    false,
                )
            })
            .collect(),
    )
}

/// What every session of the server sets first: a failing statement is logged without
/// its text, its parameters or the detail and context lines that quote values, so an
/// error never carries patient data into PostgreSQL's log. These settings need a
/// superuser (or `ALTER ROLE … SET` by one, see docs/OPERATIONS.md); without the right
/// the session keeps the cluster's settings.
const QUIET_ERRORS: &str = "DO $$ BEGIN
    SET log_min_error_statement = panic;
    SET log_error_verbosity = terse;
    SET log_parameter_max_length_on_error = 0;
  EXCEPTION WHEN insufficient_privilege THEN NULL;
  END $$";

/// Connects to PostgreSQL.
pub async fn connect(url: &str) -> Result<PgPool, sqlx_core::Error> {
    PgPoolOptions::new()
        .max_connections(16)
        .after_connect(|conn, _| {
            Box::pin(async move {
                sqlx_core::query::query(QUIET_ERRORS).execute(conn).await?;
                Ok(())
            })
        })
        .connect(url)
        .await
}

/// Applies pending migrations.
pub async fn migrate(pool: &PgPool) -> Result<(), sqlx_core::migrate::MigrateError> {
    migrator().run(pool).await
}
