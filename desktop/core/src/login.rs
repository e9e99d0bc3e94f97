//! Who is at the keyboard. A clinician logs in online once; the workstation then keeps
//! an Argon2id verifier of their password (in the encrypted database) so they can log in
//! and unlock while the server is out of reach, for a limited window. After a period of
//! inactivity the workstation locks; unlocking needs the same password.

use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use bedside_shared::access::Role;
use bedside_shared::error::ErrorCode;
use rand::RngCore;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::api::post_json;
use crate::clock::now;
use crate::error::{Error, Result};
use crate::workstation::Workstation;

/// How long after the last online login a clinician may still log in offline.
pub const OFFLINE_WINDOW: time::Duration = time::Duration::days(7);
/// Inactivity after which the workstation locks.
pub const LOCK_AFTER: Duration = Duration::from_secs(10 * 60);

/// The clinician logged in on this workstation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clinician {
    /// Server user id.
    pub user_id: String,
    /// Login name.
    pub username: String,
    /// Name recorded on notes and orders.
    pub display_name: String,
    /// Roles.
    pub roles: Vec<Role>,
    /// True when the session was opened without the server (marked in the audit).
    pub offline: bool,
}

/// Login state of a workstation.
#[derive(Debug)]
pub(crate) struct LoginState {
    pub(crate) clinician: Option<Clinician>,
    pub(crate) locked: bool,
    pub(crate) last_activity: Instant,
    pub(crate) lock_after: Duration,
    pub(crate) offline_window: time::Duration,
    pub(crate) break_glass_for: time::Duration,
}

impl Default for LoginState {
    fn default() -> Self {
        Self {
            clinician: None,
            locked: false,
            last_activity: Instant::now(),
            lock_after: LOCK_AFTER,
            offline_window: OFFLINE_WINDOW,
            break_glass_for: time::Duration::hours(bedside_shared::break_glass::GRANT_HOURS),
        }
    }
}

#[derive(Deserialize)]
struct ServerUser {
    user_id: String,
    username: String,
    display_name: String,
    roles: Vec<Role>,
}

#[derive(Deserialize)]
struct ServerSession {
    access_token: String,
    refresh_token: String,
    user: ServerUser,
}

fn verifier(password: &str) -> Result<String> {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| Error::Document(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Document(e.to_string()))
}

fn matches(password: &str, verifier: &str) -> bool {
    PasswordHash::new(verifier).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

fn refused(message: &str) -> Error {
    Error::Server {
        code: ErrorCode::Unauthenticated,
        message: message.to_owned(),
    }
}

impl Workstation {
    /// Logs a clinician in against the server and caches what offline login needs.
    pub async fn login(
        &mut self,
        server: &str,
        username: &str,
        password: &str,
    ) -> Result<Clinician> {
        self.ensure_not_wiped()?;
        let body = serde_json::json!({
            "username": username,
            "password": password,
            "device_id": self.device.as_uuid(),
            "proof": self.proof(password)?,
        });
        let answer = post_json(&self.http()?, server, "/v1/auth/login", &body, None).await;
        let session: ServerSession = self.heed(answer)?;
        let roles = session
            .user
            .roles
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(",");
        self.store.conn().execute(
            "INSERT INTO login_cache (username, user_id, display_name, roles, verifier, cached_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (username) DO UPDATE SET user_id = excluded.user_id,
               display_name = excluded.display_name, roles = excluded.roles,
               verifier = excluded.verifier, cached_at = excluded.cached_at",
            params![
                session.user.username,
                session.user.user_id,
                session.user.display_name,
                roles,
                verifier(password)?,
                now()
            ],
        )?;
        self.keep_tokens(&session.access_token, &session.refresh_token)?;
        self.store
            .set_setting(crate::session::SESSION_USER, &session.user.user_id)?;
        let clinician = Clinician {
            user_id: session.user.user_id,
            username: session.user.username,
            display_name: session.user.display_name,
            roles: session.user.roles,
            offline: false,
        };
        Ok(self.begin_session(clinician))
    }

    /// Logs a clinician in without the server, from the verifier cached at their last
    /// online login on this workstation, if that was within the offline window.
    pub fn login_offline(&mut self, username: &str, password: &str) -> Result<Clinician> {
        let row: Option<(String, String, String, String, String)> = self
            .store
            .conn()
            .query_row(
                "SELECT user_id, display_name, roles, verifier, cached_at FROM login_cache WHERE username = ?1",
                [username],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        let Some((user_id, display_name, roles, verifier, cached_at)) = row else {
            return Err(refused(
                "offline login is only possible for users who logged in online on this workstation",
            ));
        };
        let cached = OffsetDateTime::parse(&cached_at, &Rfc3339)
            .map_err(|e| Error::Document(e.to_string()))?;
        if OffsetDateTime::now_utc() - cached > self.login.offline_window {
            return Err(refused(
                "offline login has expired for this user; log in once while the server is reachable",
            ));
        }
        if !matches(password, &verifier) {
            self.audit_as(&user_id, true, "login_offline_failure", None, "password")?;
            return Err(refused("wrong username or password"));
        }
        self.audit_as(&user_id, true, "login_offline", None, "password")?;
        let clinician = Clinician {
            user_id,
            username: username.to_owned(),
            display_name,
            roles: roles.split(',').filter_map(|r| r.parse().ok()).collect(),
            offline: true,
        };
        Ok(self.begin_session(clinician))
    }

    fn begin_session(&mut self, clinician: Clinician) -> Clinician {
        self.login.clinician = Some(clinician.clone());
        self.login.locked = false;
        self.login.last_activity = Instant::now();
        clinician
    }

    /// Takes up the session an earlier process of this workstation opened online and
    /// kept (the command line runs each command as a new process): the clinician whose
    /// tokens are held. None when nobody is logged in.
    pub fn resume_session(&mut self) -> Result<Option<Clinician>> {
        let held = self.store.setting(crate::session::SESSION_USER)?;
        let token = self.store.setting("session.access_token")?;
        let (Some(user_id), Some(token)) = (held, token) else {
            return Ok(None);
        };
        if user_id.is_empty() || token.is_empty() {
            return Ok(None);
        }
        let row: Option<(String, String, String)> = self
            .store
            .conn()
            .query_row(
                "SELECT username, display_name, roles FROM login_cache WHERE user_id = ?1",
                [&user_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((username, display_name, roles)) = row else {
            return Ok(None);
        };
        let clinician = Clinician {
            user_id,
            username,
            display_name,
            roles: roles.split(',').filter_map(|r| r.parse().ok()).collect(),
            offline: false,
        };
        Ok(Some(self.begin_session(clinician)))
    }

    /// Opens a session for `name` with no server, on a store made only for measuring
    /// (`bedside-bench`): writes need an author.
    #[cfg(feature = "plain-store")]
    pub fn begin_measuring_session(&mut self, name: &str) {
        self.begin_session(Clinician {
            user_id: uuid::Uuid::now_v7().to_string(),
            username: name.to_owned(),
            display_name: name.to_owned(),
            roles: vec![Role::Doctor, Role::Nurse],
            offline: true,
        });
    }

    /// Ends the clinician's session on this workstation.
    pub fn logout(&mut self) -> Result<()> {
        self.audit("logout", None, "session")?;
        self.login.clinician = None;
        self.login.locked = false;
        self.store.set_setting(crate::session::SESSION_USER, "")?;
        self.keep_tokens("", "")
    }

    /// The clinician logged in, if any.
    pub fn logged_in(&self) -> Option<&Clinician> {
        self.login.clinician.as_ref()
    }

    /// Sets how long offline login stays possible after an online login.
    pub fn set_offline_window(&mut self, window: time::Duration) {
        self.login.offline_window = window;
    }

    /// Sets how long a break-glass grant made here lasts (the server ends its own copy
    /// after the standard time regardless).
    pub fn set_break_glass_for(&mut self, length: time::Duration) {
        self.login.break_glass_for = length;
    }

    /// Sets the inactivity after which the workstation locks.
    pub fn set_lock_after(&mut self, idle: Duration) {
        self.login.lock_after = idle;
    }

    /// Records activity at `at` (a key press, a click).
    pub fn touch(&mut self, at: Instant) {
        if !self.login.locked {
            self.login.last_activity = at;
        }
    }

    /// Locks the workstation if a clinician is logged in and idle past the limit at `at`.
    /// Returns whether it is locked.
    pub fn lock_if_idle(&mut self, at: Instant) -> bool {
        if self.login.clinician.is_some()
            && at.duration_since(self.login.last_activity) >= self.login.lock_after
        {
            self.login.locked = true;
        }
        self.login.locked
    }

    /// Locks the workstation now.
    pub fn lock(&mut self) {
        if self.login.clinician.is_some() {
            self.login.locked = true;
        }
    }

    /// True while locked.
    pub fn is_locked(&self) -> bool {
        self.login.locked
    }

    /// Unlocks with the logged-in clinician's password (checked against the cached
    /// verifier, so it works offline).
    pub fn unlock(&mut self, password: &str) -> Result<()> {
        let Some(clinician) = &self.login.clinician else {
            return Ok(());
        };
        let verifier: Option<String> = self
            .store
            .conn()
            .query_row(
                "SELECT verifier FROM login_cache WHERE username = ?1",
                [&clinician.username],
                |r| r.get(0),
            )
            .optional()?;
        if !verifier.is_some_and(|v| matches(password, &v)) {
            return Err(refused("wrong password"));
        }
        self.login.locked = false;
        self.login.last_activity = Instant::now();
        Ok(())
    }

    /// Refuses chart work while the workstation is locked.
    pub(crate) fn ensure_unlocked(&self) -> Result<()> {
        self.ensure_not_wiped()?;
        if self.login.locked {
            return Err(Error::Locked);
        }
        Ok(())
    }
}
