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

#[cfg(test)]
mod tests {
    use super::*;

    /// The last migration written before the rule of [`rolling_upgrade_breakers`] was kept:
    /// those up to it are as released and applied (changing one would fail every database
    /// that applied it).
    const RULE_KEPT_AFTER: i64 = 20261208000001;

    /// What in a migration would break a replica of the version before, still serving
    /// during a rolling upgrade: it removes, renames or narrows something that code may use.
    /// A release adds; it removes only what the release before stopped using, and says so
    /// on a line `-- contracts: <what>, unused since <release>`.
    fn rolling_upgrade_breakers(sql: &str) -> Vec<&'static str> {
        let text = sql
            .lines()
            .filter(|l| !l.trim_start().starts_with("--"))
            .collect::<Vec<_>>()
            .join("\n")
            .to_lowercase();
        let declared = sql.contains("-- contracts:");
        [
            "drop table",
            "drop column",
            "drop sequence",
            "drop function",
            "drop view",
            "rename",
            // A type changed, a column made required, a default dropped.
            "alter column",
        ]
        .into_iter()
        .filter(|pattern| !declared && text.contains(pattern))
        .collect()
    }

    #[test]
    fn migrations_keep_the_version_before_working_during_a_rolling_upgrade() {
        for (version, name, sql) in MIGRATIONS.iter().filter(|m| m.0 > RULE_KEPT_AFTER) {
            assert_eq!(
                rolling_upgrade_breakers(sql),
                Vec::<&str>::new(),
                "migration {version} ({name}) would break the replicas of the version before: \
                 add instead, or declare it with a `-- contracts:` line (and say so in the \
                 release notes: such a release is not rolled, every older replica stops first)"
            );
        }
    }

    #[test]
    fn what_breaks_the_version_before_is_found_unless_declared() {
        assert_eq!(
            rolling_upgrade_breakers("ALTER TABLE documents DROP COLUMN changed_seq;"),
            ["drop column"]
        );
        assert_eq!(
            rolling_upgrade_breakers("ALTER TABLE blobs RENAME TO files;"),
            ["rename"]
        );
        assert!(
            rolling_upgrade_breakers("ALTER TABLE blobs ADD COLUMN since timestamptz;").is_empty()
        );
        assert!(
            rolling_upgrade_breakers(
                "-- contracts: change_seq, unused since 0.1\nDROP SEQUENCE change_seq;"
            )
            .is_empty()
        );
        assert!(
            rolling_upgrade_breakers("-- we drop table x later\nCREATE TABLE y ();").is_empty(),
            "comments are not statements"
        );
    }
}
