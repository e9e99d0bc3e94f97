//! Client schema migrations, embedded and applied in order on open. The applied count is
//! SQLite's `user_version`; a database from a newer build is refused rather than guessed at.

use rusqlite::Connection;

use crate::error::{Error, Result};

const MIGRATIONS: &[&str] = &[
    include_str!("../../../../migrations/client/0001_chart_store.sql"),
    include_str!("../../../../migrations/client/0002_login_cache.sql"),
    include_str!("../../../../migrations/client/0003_scope.sql"),
    include_str!("../../../../migrations/client/0004_records.sql"),
    include_str!("../../../../migrations/client/0005_registration.sql"),
    include_str!("../../../../migrations/client/0006_conflicts_quarantine.sql"),
    include_str!("../../../../migrations/client/0007_education_cache.sql"),
    include_str!("../../../../migrations/client/0008_audit_queue.sql"),
    include_str!("../../../../migrations/client/0009_documents.sql"),
    include_str!("../../../../migrations/client/0010_document_chunks.sql"),
    include_str!("../../../../migrations/client/0011_beds.sql"),
    include_str!("../../../../migrations/client/0012_news2_alerts.sql"),
    include_str!("../../../../migrations/client/0013_medication_schedules.sql"),
    include_str!("../../../../migrations/client/0014_conflict_authors.sql"),
];

/// Brings the schema up to date inside one transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let applied: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let applied = usize::try_from(applied).map_err(|_| Error::NewerSchema)?;
    if applied > MIGRATIONS.len() {
        return Err(Error::NewerSchema);
    }
    let tx = conn.transaction()?;
    for sql in &MIGRATIONS[applied..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", MIGRATIONS.len() as i64)?;
    tx.commit()?;
    Ok(())
}
