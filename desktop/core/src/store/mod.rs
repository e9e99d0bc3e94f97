//! The encrypted chart store: one SQLCipher database per workstation.
//!
//! Documents are the truth; projections (patients, appointments, prescriptions, notes,
//! full-text search) are rebuilt from a document in the same transaction that writes it,
//! so a crash leaves either the old or the new state, never half of one.

pub mod alerts;
pub(crate) mod audit_queue;
pub(crate) mod blobs;
pub mod board;
mod documents;
mod education;
pub(crate) mod grants;
pub mod inbox;
mod labels;
pub(crate) mod login_cache;
mod migrations;
mod projections;
pub mod queries;
mod received;
mod record_projections;
pub mod records;
pub mod round;
mod scope;
pub mod timeline;

use std::num::NonZeroUsize;
use std::path::Path;
use std::sync::Arc;

use automerge::AutoCommit;
use bedside_shared::DocId;
use lru::LruCache;

use rusqlite::{Connection, OptionalExtension, params};
use time::OffsetDateTime;

pub use documents::{COMPACT_AFTER, DocRow, SyncMeta};

use crate::clock::{self, Clock};
use crate::error::{Error, Result};
use crate::keys::DatabaseKey;

/// SQLite's page cache, in KiB (a negative `cache_size` counts KiB, not pages).
const PAGE_CACHE_KIB: i64 = -64 * 1024;

/// How a store's file is laid out: the page size and, encrypted, the HMAC that
/// authenticates each page. Neither can be read from an encrypted file (its header is
/// encrypted too) nor changed once it is made.
#[derive(Debug, Clone, Copy)]
struct Layout {
    page_bytes: i64,
    hmac: &'static str,
}

/// The layout of a store made now. A signed note (about 2 KiB of text) fills more than
/// half of a 4 KiB page, so at 4 KiB every note took a page of its own and a ward's notes
/// twice the room their text needs; every page is encrypted and authenticated as it is
/// written. 8 KiB pages hold three notes; SHA-256 runs in the processor's own
/// instructions where SHA-512 does not. Larger pages cost a small edit more than they
/// save (see docs/PERFORMANCE.md).
const LAYOUT: Layout = Layout {
    page_bytes: 8 * 1024,
    hmac: "HMAC_SHA256",
};

/// The layout of stores made before [`LAYOUT`] (SQLCipher's defaults), told by their
/// first page failing to read in the new one.
const FIRST_LAYOUT: Layout = Layout {
    page_bytes: 4096,
    hmac: "HMAC_SHA512",
};

/// Documents kept in memory between edits: the charts a ward round is working in.
const KEPT_DOCUMENTS: NonZeroUsize = NonZeroUsize::new(32).expect("not zero");

/// An open, unlocked chart store.
pub struct Store {
    conn: Connection,
    clock: Arc<dyn Clock>,
    /// The most recently saved documents, each trusted only while its heads are still
    /// the stored ones (see [`Store::load`]).
    kept: LruCache<DocId, AutoCommit>,
    /// Who edits here now (the clinician logged in): each change made to a document
    /// loaded here carries the name as its author, so a conflict can say who wrote each
    /// value.
    signer: Option<String>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("kept", &self.kept.len())
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` with `key`.
    pub fn open(path: &Path, key: &DatabaseKey) -> Result<Self> {
        Self::open_keyed(path, Some(key))
    }

    /// Opens the same store as a plain, unencrypted SQLite file: only for measuring what
    /// the encryption costs (`bedside-bench`), never for patient data.
    #[cfg(feature = "plain-store")]
    pub fn open_plain(path: &Path) -> Result<Self> {
        Self::open_keyed(path, None)
    }

    fn open_keyed(path: &Path, key: Option<&DatabaseKey>) -> Result<Self> {
        let conn = match Self::connect(path, key, LAYOUT) {
            Err(Error::WrongKey) => Self::connect(path, key, FIRST_LAYOUT)?,
            other => other?,
        };
        Self::set_up(conn)
    }

    /// Sets an open database up for use: its journal, its cache, its schema and its
    /// projections brought up to date.
    fn set_up(mut conn: Connection) -> Result<Self> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Pages are decrypted as they are read into SQLite's page cache; a cache that
        // holds a ward's charts (64 MiB instead of 2) keeps them from being decrypted
        // again on every read: a chart opened again costs what it costs unencrypted.
        conn.pragma_update(None, "cache_size", PAGE_CACHE_KIB)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrations::migrate(&mut conn)?;
        let mut store = Self {
            conn,
            clock: clock::system(),
            kept: LruCache::new(KEPT_DOCUMENTS),
            signer: None,
        };
        projections::bring_up_to_date(&mut store)?;
        Ok(store)
    }

    /// Opens the database at `path` with `key`, laid out as `layout`, and reads it.
    fn connect(path: &Path, key: Option<&DatabaseKey>, layout: Layout) -> Result<Connection> {
        let conn = Connection::open(path)?;
        match key {
            Some(key) => {
                conn.pragma_update(None, "key", key.pragma())?;
                conn.pragma_update(None, "cipher_page_size", layout.page_bytes)?;
                conn.pragma_update(None, "cipher_hmac_algorithm", layout.hmac)?;
            }
            // Only a new file takes it; an existing one keeps the size it was made with.
            None => conn.pragma_update(None, "page_size", layout.page_bytes)?,
        }
        // SQLCipher accepts any key; the first read tells whether it was the right one
        // (and the layout).
        match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        }) {
            Ok(_) => Ok(conn),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::NotADatabase =>
            {
                Err(Error::WrongKey)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Now on the workstation's clock, as recorded (RFC 3339, UTC).
    pub(crate) fn now(&self) -> String {
        clock::stamp(self.clock.now())
    }

    /// Now on the workstation's clock.
    pub(crate) fn now_utc(&self) -> OffsetDateTime {
        self.clock.now()
    }

    pub(crate) fn set_clock(&mut self, clock: Arc<dyn Clock>) {
        self.clock = clock;
    }

    /// Runs `work` as one transaction: what it writes commits together, or, if it fails,
    /// not at all (the writes inside are savepoints of it). One sync answer is taken in
    /// this way: one commit for up to a page of documents instead of one each.
    pub fn all_or_nothing<R>(&mut self, work: impl FnOnce(&mut Self) -> Result<R>) -> Result<R> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let done = work(self).and_then(|done| {
            self.conn.execute_batch("COMMIT")?;
            Ok(done)
        });
        if done.is_err() {
            self.roll_back_open();
        }
        done
    }

    /// Rolls back a transaction left open (by a failed commit, or a panic inside
    /// [`Self::all_or_nothing`]), so the next write is not caught inside it.
    pub(crate) fn roll_back_open(&mut self) {
        if !self.conn.is_autocommit() {
            // A failed rollback leaves nothing worse than the error already reported.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }

    /// A setting's value.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Stores a setting.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_size(store: &Store) -> i64 {
        // SQLCipher answers for the encrypted page, as text.
        let size: String = store
            .conn
            .query_row("PRAGMA cipher_page_size", [], |r| r.get(0))
            .expect("the page size reads");
        size.parse().expect("a number")
    }

    #[test]
    fn a_new_store_has_the_new_layout() {
        let dir = tempfile::tempdir().expect("a folder");
        let store = Store::open(&dir.path().join("chart.db"), &DatabaseKey::generate())
            .expect("a new store opens");
        assert_eq!(page_size(&store), LAYOUT.page_bytes);
        let hmac: String = store
            .conn
            .query_row("PRAGMA cipher_hmac_algorithm", [], |r| r.get(0))
            .expect("the HMAC reads");
        assert_eq!(hmac, LAYOUT.hmac);
    }

    #[test]
    fn a_store_made_with_the_first_layout_still_opens_with_its_data() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join("chart.db");
        let key = DatabaseKey::generate();
        let made = Store::connect(&path, Some(&key), FIRST_LAYOUT).expect("made");
        let made = Store::set_up(made).expect("set up");
        made.set_setting("ward", "SURG-A").expect("written");
        drop(made);

        let store = Store::open(&path, &key).expect("the older store opens");
        assert_eq!(page_size(&store), FIRST_LAYOUT.page_bytes);
        assert_eq!(
            store.setting("ward").expect("read").as_deref(),
            Some("SURG-A")
        );
        assert!(
            matches!(
                Store::open(&path, &DatabaseKey::generate()),
                Err(Error::WrongKey)
            ),
            "another key is still refused in either layout"
        );
    }
}
