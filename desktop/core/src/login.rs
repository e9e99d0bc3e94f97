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
use serde::Deserialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::api::post_json;
use crate::error::{Error, Result};
use crate::session::{ACCESS_TOKEN, OFFLINE_SESSION, SESSION_USER};
use crate::store::login_cache::CachedLogin;
use crate::workstation::Workstation;

pub use crate::presence::{Clinician, LOCK_AFTER, OFFLINE_WINDOW};

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
    let salt = SaltString::encode_b64(&salt)?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(Error::from)
}

fn matches(password: &str, verifier: &str) -> bool {
    PasswordHash::new(verifier).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// Runs an Argon2 computation (tens of milliseconds of one processor, by design) on a
/// thread kept for blocking work, so the runtime's workers go on answering meanwhile.
async fn off_the_workers<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(work).await {
        Ok(answer) => answer,
        Err(stopped) => std::panic::resume_unwind(stopped.into_panic()),
    }
}

fn refused(message: &str) -> Error {
    Error::Server {
        code: ErrorCode::Unauthenticated,
        message: message.to_owned(),
    }
}

/// Whether an offline session last active `at` (RFC 3339) is still within the idle
/// lock's time on `ws`'s clock (a clock put back to before it does not revive it).
fn offline_session_lasts(at: &str, ws: &Workstation) -> bool {
    let Ok(at) = OffsetDateTime::parse(at, &Rfc3339) else {
        return false;
    };
    let idle = time::Duration::try_from(ws.presence.lock_after()).unwrap_or(time::Duration::MAX);
    let gap = ws.store().now_utc() - at;
    !gap.is_negative() && gap <= idle
}

/// Login and lock: who works at the workstation, online or offline, and whether the
/// window is locked (their state is kept apart, in `presence`).
#[derive(Debug, Clone, Copy)]
pub struct Access<'a> {
    pub(crate) ws: &'a Workstation,
}

impl Workstation {
    /// Login and lock.
    pub fn access(&self) -> Access<'_> {
        Access { ws: self }
    }
}

impl Access<'_> {
    /// Logs a clinician in against the server when it answers, and otherwise (the
    /// server is out of reach) offline from what their last online login here cached.
    /// A refusal by the server is final: it never falls back to the cache.
    pub async fn login_online_or_offline(
        &self,
        server: &str,
        username: &str,
        password: &str,
    ) -> Result<Clinician> {
        match self.login(server, username, password).await {
            Err(Error::Offline(_)) => {
                let cached = self.offline_login_of(username)?;
                let (password, verifier) = (password.to_owned(), cached.verifier.clone());
                let matched = off_the_workers(move || matches(&password, &verifier)).await;
                self.finish_offline_login(cached, matched)
            }
            answered => answered,
        }
    }

    /// Logs a clinician in against the server and caches what offline login needs.
    pub async fn login(&self, server: &str, username: &str, password: &str) -> Result<Clinician> {
        self.ws.link().ensure_not_wiped()?;
        let body = serde_json::json!({
            "username": username,
            "password": password,
            "device_id": self.ws.device.as_uuid(),
            "proof": self.ws.link().proof(password)?,
        });
        let answer = post_json(
            &self.ws.link().http()?,
            server,
            "/v1/auth/login",
            &body,
            None,
        )
        .await;
        let session: ServerSession = self.ws.link().heed(answer)?;
        let roles = session
            .user
            .roles
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(",");
        let login = CachedLogin {
            username: session.user.username.clone(),
            user_id: session.user.user_id.clone(),
            display_name: session.user.display_name.clone(),
            roles,
            verifier: {
                let password = password.to_owned();
                off_the_workers(move || verifier(&password)).await?
            },
            cached_at: self.ws.store().now(),
        };
        self.ws.store().remember_login(&login)?;
        self.ws
            .link()
            .keep_tokens(&session.access_token, &session.refresh_token)?;
        {
            let store = self.ws.store();
            store.set_setting(SESSION_USER, &session.user.user_id)?;
            store.set_setting(OFFLINE_SESSION, "")?;
        }
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
    pub fn login_offline(&self, username: &str, password: &str) -> Result<Clinician> {
        let cached = self.offline_login_of(username)?;
        let matched = matches(password, &cached.verifier);
        self.finish_offline_login(cached, matched)
    }

    /// What `username`'s last online login here cached, if offline login is still open
    /// to them.
    fn offline_login_of(&self, username: &str) -> Result<CachedLogin> {
        let Some(cached) = self.ws.store().cached_login(username)? else {
            return Err(refused(
                "offline login is only possible for users who logged in online on this workstation",
            ));
        };
        let at = OffsetDateTime::parse(&cached.cached_at, &Rfc3339)
            .map_err(|_| Error::Damaged("time of the cached login"))?;
        if self.ws.store().now_utc() - at > self.ws.presence.offline_window() {
            return Err(refused(
                "offline login has expired for this user; log in once while the server is reachable",
            ));
        }
        Ok(cached)
    }

    /// Opens the offline session of `cached` if the password `matched` its verifier,
    /// auditing either way.
    fn finish_offline_login(&self, cached: CachedLogin, matched: bool) -> Result<Clinician> {
        let CachedLogin {
            user_id,
            username,
            display_name,
            roles,
            ..
        } = cached;
        if !matched {
            self.ws
                .audit_as(&user_id, true, "login_offline_failure", None, "password")?;
            return Err(refused("wrong username or password"));
        }
        self.ws
            .audit_as(&user_id, true, "login_offline", None, "password")?;
        self.take_over_session(&user_id)?;
        let clinician = Clinician {
            user_id,
            username,
            display_name,
            roles: roles.split(',').filter_map(|r| r.parse().ok()).collect(),
            offline: true,
        };
        Ok(self.begin_session(clinician))
    }

    /// Makes `user_id` the user of the workstation's server session. Tokens another
    /// user's online login left here (the window closed without a logout) are dropped:
    /// while this user is logged in, nothing is sent or read in a colleague's session
    /// (syncs, uploads, lookups wait for an online login). Their own tokens stay.
    fn take_over_session(&self, user_id: &str) -> Result<()> {
        let held = self.ws.store().setting(SESSION_USER)?;
        if held.as_deref() != Some(user_id) {
            self.ws.link().keep_tokens("", "")?;
            self.ws.store().set_setting(SESSION_USER, user_id)?;
        }
        // Kept for later commands only when the command line asks
        // ([`Self::keep_offline_session`]).
        self.ws.store().set_setting(OFFLINE_SESSION, "")
    }

    /// Keeps the offline session of the clinician logged in for the next commands on
    /// this folder to take up ([`Self::resume_session`]), each within the idle lock's
    /// time of the one before: the command line runs each command as a process of its
    /// own. The window does not keep its offline sessions: a command beside it cannot
    /// take one up past the window's lock.
    pub fn keep_offline_session(&self) -> Result<()> {
        if self.logged_in().is_some_and(|c| c.offline) {
            let store = self.ws.store();
            store.set_setting(OFFLINE_SESSION, &store.now())?;
        }
        Ok(())
    }

    fn begin_session(&self, clinician: Clinician) -> Clinician {
        self.ws
            .store()
            .sign_edits_as(Some(clinician.display_name.clone()));
        self.ws.presence.begin(clinician.clone(), Instant::now());
        clinician
    }

    /// Takes up the session an earlier process of this workstation opened and kept (the
    /// command line runs each command as a new process): an offline session kept by
    /// [`Self::keep_offline_session`] whose last command was within the idle lock's time
    /// (this one counts as its next), else the clinician whose tokens are held. None when
    /// nobody is logged in, or the offline session lapsed.
    pub fn resume_session(&self) -> Result<Option<Clinician>> {
        let (user, token, offline_at) = {
            let store = self.ws.store();
            (
                store.setting(SESSION_USER)?,
                store.setting(ACCESS_TOKEN)?,
                store.setting(OFFLINE_SESSION)?,
            )
        };
        let Some(user_id) = user.filter(|u| !u.is_empty()) else {
            return Ok(None);
        };
        let offline = match offline_at.filter(|at| !at.is_empty()) {
            Some(at) if offline_session_lasts(&at, self.ws) => true,
            Some(_) => return Ok(None),
            None if token.is_some_and(|t| !t.is_empty()) => false,
            None => return Ok(None),
        };
        let Some(CachedLogin {
            username,
            display_name,
            roles,
            ..
        }) = self.ws.store().cached_login_of(&user_id)?
        else {
            return Ok(None);
        };
        let clinician = Clinician {
            user_id,
            username,
            display_name,
            roles: roles.split(',').filter_map(|r| r.parse().ok()).collect(),
            offline,
        };
        let clinician = self.begin_session(clinician);
        self.keep_offline_session()?;
        Ok(Some(clinician))
    }

    /// Opens a session for `name` with no server, on a store made only for measuring
    /// (`bedside-bench`): writes need an author.
    #[cfg(feature = "plain-store")]
    pub fn begin_measuring_session(&self, name: &str) {
        self.begin_session(Clinician {
            user_id: uuid::Uuid::now_v7().to_string(),
            username: name.to_owned(),
            display_name: name.to_owned(),
            roles: vec![Role::Doctor, Role::Nurse],
            offline: true,
        });
    }

    /// Ends the clinician's session on this workstation.
    pub fn logout(&self) -> Result<()> {
        self.ws.audit("logout", None, "session")?;
        let ours = self.logged_in().map(|c| c.user_id);
        self.ws.presence.end();
        let mut store = self.ws.store();
        store.sign_edits_as(None);
        store.release_memory();
        // The folder's server session ends with it, unless another program here (the
        // command beside the window) has since opened it for someone else.
        let held = store.setting(SESSION_USER)?;
        if ours.is_some() && held != ours {
            return Ok(());
        }
        store.set_setting(SESSION_USER, "")?;
        store.set_setting(OFFLINE_SESSION, "")?;
        drop(store);
        self.ws.link().keep_tokens("", "")
    }

    /// The clinician logged in, if any.
    pub fn logged_in(&self) -> Option<Clinician> {
        self.ws.presence.clinician()
    }

    /// Sets how long offline login stays possible after an online login.
    pub fn set_offline_window(&self, window: time::Duration) {
        self.ws.presence.set_offline_window(window);
    }

    /// Sets how long a break-glass grant made here lasts (the server ends its own copy
    /// after the standard time regardless).
    pub fn set_break_glass_for(&self, length: time::Duration) {
        self.ws.presence.set_break_glass_for(length);
    }

    /// Sets the inactivity after which the workstation locks.
    pub fn set_lock_after(&self, idle: Duration) {
        self.ws.presence.set_lock_after(idle);
    }

    /// Records activity at `at` (a key press, a click).
    pub fn touch(&self, at: Instant) {
        self.ws.presence.touch(at);
    }

    /// Locks the workstation if a clinician is logged in and idle past the limit at `at`.
    /// Returns whether it is locked.
    pub fn lock_if_idle(&self, at: Instant) -> bool {
        self.ws.presence.lock_if_idle(at)
    }

    /// Locks the workstation now.
    pub fn lock(&self) {
        self.ws.presence.lock();
    }

    /// True while locked.
    pub fn is_locked(&self) -> bool {
        self.ws.presence.is_locked()
    }

    /// Unlocks with the logged-in clinician's password (checked against the cached
    /// verifier, so it works offline).
    pub fn unlock(&self, password: &str) -> Result<()> {
        let Some(clinician) = self.ws.presence.clinician() else {
            return Ok(());
        };
        let cached = self.ws.store().cached_login(&clinician.username)?;
        if !cached.is_some_and(|c| matches(password, &c.verifier)) {
            return Err(refused("wrong password"));
        }
        self.ws.presence.unlock(Instant::now());
        Ok(())
    }

    /// Refuses chart work while the workstation is locked (and anything once it was
    /// revoked).
    pub fn ensure_unlocked(&self) -> Result<()> {
        self.ws.link().ensure_not_wiped()?;
        if self.ws.presence.is_locked() {
            return Err(Error::Locked);
        }
        Ok(())
    }
}
