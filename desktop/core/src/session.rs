//! The workstation's server session: proofs signed with the device key, access and
//! refresh tokens kept in the encrypted database, refresh when the access token expires,
//! and the wipe a revoked workstation performs on itself.

use std::sync::PoisonError;
use std::sync::atomic::Ordering;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use bedside_shared::devices::{DeviceProof, session_message};
use bedside_shared::error::ErrorCode;
use ed25519_dalek::{Signer, SigningKey};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::api::post_json;
use crate::error::{Error, Result};
use crate::workstation::{Workstation, key_name};

pub(crate) const SIGNING_KEY: &str = "device.signing_key";
pub(crate) const ACCESS_TOKEN: &str = "session.access_token";
/// The server id of the user whose session the tokens are.
pub(crate) const SESSION_USER: &str = "session.user";
/// When the offline session of that user last did something (RFC 3339; empty when the
/// session is online or over): the command line, a process per command, takes it up
/// only within the idle lock's time of it.
pub(crate) const OFFLINE_SESSION: &str = "session.offline_at";
const REFRESH_TOKEN: &str = "session.refresh_token";

#[derive(Deserialize)]
struct Tokens {
    access_token: String,
    refresh_token: String,
}

/// The refusal of a server call with no server session of the clinician's own here.
fn log_in_to_sync() -> Error {
    Error::Server {
        code: ErrorCode::Unauthenticated,
        message: "log in while the server is reachable to sync".into(),
    }
}

/// True for a refusal that a new access token may cure.
pub(crate) fn needs_refresh(error: &Error) -> bool {
    matches!(
        error,
        Error::Server {
            code: ErrorCode::Unauthenticated,
            ..
        }
    )
}

/// The workstation's link to its server: enrollment, the session's tokens and their
/// renewal, the HTTP client, the live feed, and the wipe of a revoked workstation.
#[derive(Debug, Clone, Copy)]
pub struct Link<'a> {
    pub(crate) ws: &'a Workstation,
}

impl Workstation {
    /// Enrollment, the server session and its tokens, the live feed.
    pub fn link(&self) -> Link<'_> {
        Link { ws: self }
    }
}

impl Link<'_> {
    pub(crate) fn signing_key(&self) -> Result<SigningKey> {
        let hex = self
            .ws
            .store()
            .setting(SIGNING_KEY)?
            .ok_or_else(|| Error::Forbidden("enroll this workstation first".into()))?;
        let bytes: [u8; 32] = hex::decode(hex)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or(Error::Damaged("device key"))?;
        Ok(SigningKey::from_bytes(&bytes))
    }

    /// The device's proof for presenting `credential` (a password or refresh token) now.
    pub(crate) fn proof(&self, credential: &str) -> Result<DeviceProof> {
        let key = self.signing_key()?;
        // The workstation's clock, like everything it states about the time of day.
        let signed_at = self.ws.store().now_utc().unix_timestamp();
        let digest: [u8; 32] = Sha256::digest(credential.as_bytes()).into();
        let message = session_message(self.ws.device.as_uuid(), signed_at, &digest);
        Ok(DeviceProof {
            signed_at,
            signature: B64.encode(key.sign(&message).to_bytes()),
        })
    }

    /// Keeps a new token pair.
    pub(crate) fn keep_tokens(&self, access: &str, refresh: &str) -> Result<()> {
        self.ws.store().set_setting(ACCESS_TOKEN, access)?;
        self.ws.store().set_setting(REFRESH_TOKEN, refresh)
    }

    /// The current access token (the bearer for requests made outside [`Workstation::sync`]),
    /// if it is the server session of the clinician logged in here: tokens another
    /// program on this folder (the window, the command) keeps for someone else are never
    /// used in this one's name.
    pub fn access_token(&self) -> Result<String> {
        self.ensure_not_wiped()?;
        let (user, token) = {
            let store = self.ws.store();
            (store.setting(SESSION_USER)?, store.setting(ACCESS_TOKEN)?)
        };
        match token.filter(|t| !t.is_empty()) {
            Some(token) if self.is_own_session(user.as_deref()) => Ok(token),
            _ => Err(log_in_to_sync()),
        }
    }

    /// Whether the folder's server session, of `user`, is the logged-in clinician's.
    fn is_own_session(&self, user: Option<&str>) -> bool {
        self.ws
            .access()
            .logged_in()
            .is_some_and(|c| user == Some(c.user_id.as_str()))
    }

    /// Exchanges the refresh token for a new pair.
    pub async fn refresh_session(&self, server: &str) -> Result<()> {
        let (user, refresh) = {
            let store = self.ws.store();
            (store.setting(SESSION_USER)?, store.setting(REFRESH_TOKEN)?)
        };
        if !self.is_own_session(user.as_deref()) {
            return Err(log_in_to_sync());
        }
        let refresh = refresh
            .filter(|t| !t.is_empty())
            .ok_or_else(log_in_to_sync)?;
        let body = serde_json::json!({
            "refresh_token": refresh,
            "device_id": self.ws.device.as_uuid(),
            "proof": self.proof(&refresh)?,
        });
        let answer = post_json(&self.http()?, server, "/v1/auth/refresh", &body, None).await;
        let tokens: Tokens = self.heed(answer)?;
        // A login or logout while the request was out made the session another one (or
        // none): the renewed pair is not put back over it.
        let unchanged = {
            let store = self.ws.store();
            store.setting(SESSION_USER)? == user
                && store.setting(REFRESH_TOKEN)?.as_deref() == Some(refresh.as_str())
        };
        if !unchanged {
            return Err(log_in_to_sync());
        }
        self.keep_tokens(&tokens.access_token, &tokens.refresh_token)
    }

    /// Passes a server answer through, wiping the workstation first if the server says
    /// it was revoked.
    pub(crate) fn heed<T>(&self, answer: Result<T>) -> Result<T> {
        match answer {
            Err(Error::Server {
                code: ErrorCode::DeviceRevoked,
                ..
            }) => {
                self.wipe()?;
                Err(Error::Revoked)
            }
            other => other,
        }
    }

    /// Erases this workstation: the database key leaves the OS keyring (so no copy of the
    /// database can be opened again) and the database and identity files are deleted.
    /// Everything after this fails with [`Error::Revoked`].
    pub fn wipe(&self) -> Result<()> {
        self.ws.wiped.store(true, Ordering::SeqCst);
        self.ws.store().release_memory();
        self.ws.keys.delete(&key_name(self.ws.device))?;
        for name in [
            "chart.db",
            "chart.db-wal",
            "chart.db-shm",
            "workstation.toml",
        ] {
            match std::fs::remove_file(self.ws.dir.join(name)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                _ => {}
            }
        }
        tracing::warn!("workstation revoked: local chart store erased");
        Ok(())
    }

    /// Refuses everything once wiped.
    pub(crate) fn ensure_not_wiped(&self) -> Result<()> {
        if self.ws.wiped.load(Ordering::SeqCst) {
            return Err(Error::Revoked);
        }
        Ok(())
    }

    /// The HTTP client for this workstation's server (trusting its pinned CA, if any),
    /// made once and kept: its connections and TLS sessions serve every later request.
    pub fn http(&self) -> Result<reqwest::Client> {
        let mut kept = self.ws.http.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(client) = kept.as_ref() {
            return Ok(client.clone());
        }
        let pinned = self.ws.store().setting(crate::tls::PINNED_CA)?;
        let client = crate::tls::client(pinned.as_deref())?;
        *kept = Some(client.clone());
        Ok(client)
    }

    /// Forgets the kept HTTP client (the CA to trust changed).
    pub(crate) fn forget_http(&self) {
        *self.ws.http.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// The HTTP client for the server's live feed (no read timeout: the feed watches its
    /// own silence).
    pub(crate) fn feed_http(&self) -> Result<reqwest::Client> {
        let pinned = self.ws.store().setting(crate::tls::PINNED_CA)?;
        crate::tls::feed_client(pinned.as_deref())
    }
}
