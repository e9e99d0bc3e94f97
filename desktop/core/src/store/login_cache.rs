//! Who logged in online here, with a verifier of their password for offline login and
//! unlocking.

use rusqlite::{OptionalExtension, Row, params};

use super::Store;
use crate::error::Result;

/// A clinician as remembered from their last online login here.
#[derive(Clone)]
pub(crate) struct CachedLogin {
    pub username: String,
    pub user_id: String,
    pub display_name: String,
    /// Role names, comma-separated.
    pub roles: String,
    /// The Argon2 verifier of their password (never the password).
    pub verifier: String,
    /// When they last logged in online (RFC 3339).
    pub cached_at: String,
}

impl std::fmt::Debug for CachedLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CachedLogin")
            .field("user_id", &self.user_id)
            .finish_non_exhaustive()
    }
}

const COLUMNS: &str = "username, user_id, display_name, roles, verifier, cached_at";

fn cached(r: &Row<'_>) -> rusqlite::Result<CachedLogin> {
    Ok(CachedLogin {
        username: r.get(0)?,
        user_id: r.get(1)?,
        display_name: r.get(2)?,
        roles: r.get(3)?,
        verifier: r.get(4)?,
        cached_at: r.get(5)?,
    })
}

impl Store {
    /// Remembers an online login (replacing the user's earlier one).
    pub(crate) fn remember_login(&self, login: &CachedLogin) -> Result<()> {
        self.conn.execute(
            "INSERT INTO login_cache (username, user_id, display_name, roles, verifier, cached_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (username) DO UPDATE SET user_id = excluded.user_id,
               display_name = excluded.display_name, roles = excluded.roles,
               verifier = excluded.verifier, cached_at = excluded.cached_at",
            params![
                login.username,
                login.user_id,
                login.display_name,
                login.roles,
                login.verifier,
                login.cached_at
            ],
        )?;
        Ok(())
    }

    /// The remembered login of `username`.
    pub(crate) fn cached_login(&self, username: &str) -> Result<Option<CachedLogin>> {
        let sql = format!("SELECT {COLUMNS} FROM login_cache WHERE username = ?1");
        Ok(self.conn.query_row(&sql, [username], cached).optional()?)
    }

    /// The remembered login of the user `user_id`.
    pub(crate) fn cached_login_of(&self, user_id: &str) -> Result<Option<CachedLogin>> {
        let sql = format!("SELECT {COLUMNS} FROM login_cache WHERE user_id = ?1");
        Ok(self.conn.query_row(&sql, [user_id], cached).optional()?)
    }
}
