//! Users and sessions: Argon2id passwords, login with lockout, rotating refresh tokens
//! bound to a device, logout, and the check of every access token. Every outcome is
//! recorded in `auth_events` for the audit log.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use bedside_shared::access::{DeviceProfile, Role};
use bedside_shared::devices::{DeviceProof, PROOF_SKEW_SECS, session_message};
use bedside_shared::error::ErrorCode;
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::tokens::{Claims, TokenError, new_refresh_token, refresh_hash};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::devices::{self as device_store, DeviceRow};
use crate::store::users::{self, UserRow};

/// How long an access token lives.
pub const ACCESS_TTL: Duration = Duration::minutes(5);
/// How long a refresh token lives (about a shift).
pub const REFRESH_TTL: Duration = Duration::hours(14);
/// Consecutive failures that lock an account.
pub const LOCK_AFTER: i32 = 5;
/// How long a lockout lasts.
pub const LOCK_FOR: Duration = Duration::minutes(15);

/// `POST /v1/auth/login` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct Login {
    /// Login name.
    pub username: String,
    /// Password.
    pub password: String,
    /// The workstation the session is for.
    pub device_id: Uuid,
    /// The workstation's signature over the session message with the password's digest.
    pub proof: DeviceProof,
}

/// `POST /v1/auth/refresh` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct Refresh {
    /// The refresh token last issued.
    pub refresh_token: String,
    /// The workstation presenting it.
    pub device_id: Uuid,
    /// The workstation's signature over the session message with the token's digest.
    pub proof: DeviceProof,
}

/// Tokens and who they are for.
#[derive(Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Session {
    /// Bearer token for API calls.
    pub access_token: String,
    /// Seconds until it expires.
    pub expires_in: i64,
    /// Exchange for the next pair; usable once.
    pub refresh_token: String,
    /// The user.
    pub user: UserInfo,
}

/// A user as shown to clients.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct UserInfo {
    /// Id.
    pub user_id: Uuid,
    /// Login name.
    pub username: String,
    /// Name shown to colleagues.
    pub display_name: String,
    /// Roles.
    pub roles: Vec<Role>,
}

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The user.
    pub user_id: Uuid,
    /// The device.
    pub device_id: Uuid,
    /// The roles.
    pub roles: Vec<Role>,
    /// What kind of workstation the device is.
    pub profile: DeviceProfile,
    /// The wards the device serves.
    pub wards: Vec<String>,
    /// The time the workstation stated on this request, by its own clock.
    pub device_time: Option<OffsetDateTime>,
}

fn roles_of(row: &UserRow) -> Vec<Role> {
    row.roles.iter().filter_map(|r| r.parse().ok()).collect()
}

fn info(row: &UserRow) -> UserInfo {
    UserInfo {
        user_id: row.user_id,
        username: row.username.clone(),
        display_name: row.display_name.clone(),
        roles: roles_of(row),
    }
}

fn unauthenticated(message: &str) -> ApiError {
    ApiError::new(ErrorCode::Unauthenticated, message)
}

fn revoked() -> ApiError {
    ApiError::new(
        ErrorCode::DeviceRevoked,
        "this workstation was revoked by IT; it must erase its local data",
    )
}

/// The enrolled, unrevoked device `id`.
async fn live_device(state: &AppState, id: Uuid) -> Result<DeviceRow, ApiError> {
    let device = device_store::device_by_id(&state.pool, id)
        .await?
        .ok_or_else(|| unauthenticated("this workstation is not enrolled"))?;
    if device.revoked_at.is_some() {
        return Err(revoked());
    }
    Ok(device)
}

/// Checks that a login or refresh comes from the enrolled device it names (a fresh
/// Ed25519 signature over the session message for this credential); a refusal is
/// recorded as `refused_as`.
async fn prove_device(
    state: &AppState,
    id: Uuid,
    proof: &DeviceProof,
    credential: &str,
    refused_as: &str,
) -> Result<DeviceRow, ApiError> {
    let proven = check_proof(state, id, proof, credential).await;
    if proven.is_err() {
        let claimed = OffsetDateTime::from_unix_timestamp(proof.signed_at).ok();
        let detail = serde_json::json!({});
        users::record_event_with(&state.pool, None, Some(id), refused_as, claimed, detail).await?;
    }
    proven
}

async fn check_proof(
    state: &AppState,
    id: Uuid,
    proof: &DeviceProof,
    credential: &str,
) -> Result<DeviceRow, ApiError> {
    let device = live_device(state, id).await?;
    let now = state.clock.now().unix_timestamp();
    let not_proven = || unauthenticated("the workstation's signature does not verify");
    // The signing time is the client's: compare without arithmetic that can overflow.
    let skew = now.checked_sub(proof.signed_at).and_then(i64::checked_abs);
    if skew.is_none_or(|skew| skew > PROOF_SKEW_SECS) {
        return Err(unauthenticated(
            "the workstation's clock is too far from the server's; correct it and retry",
        ));
    }
    let key: [u8; 32] = device
        .public_key
        .as_slice()
        .try_into()
        .map_err(|_| not_proven())?;
    let key = VerifyingKey::from_bytes(&key).map_err(|_| not_proven())?;
    let signature = B64
        .decode(&proof.signature)
        .ok()
        .and_then(|bytes| Signature::from_slice(&bytes).ok())
        .ok_or_else(not_proven)?;
    let digest: [u8; 32] = Sha256::digest(credential.as_bytes()).into();
    key.verify(&session_message(id, proof.signed_at, &digest), &signature)
        .map_err(|_| not_proven())?;
    Ok(device)
}

/// Hashes a password with Argon2id (off the async threads).
pub async fn hash_password(password: String) -> Result<String, ApiError> {
    tokio::task::spawn_blocking(move || {
        let mut bytes = [0u8; 16];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
        let salt = SaltString::encode_b64(&bytes)?;
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(|_| ApiError::new(ErrorCode::InternalError, "password hashing failed"))?
    .map_err(|_| ApiError::new(ErrorCode::InternalError, "password hashing failed"))
}

async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

async fn issue(
    state: &AppState,
    row: &UserRow,
    device: Uuid,
    family: Uuid,
) -> Result<Session, ApiError> {
    let now = state.clock.now();
    let claims = Claims {
        sub: row.user_id,
        dev: device,
        fam: family,
        roles: roles_of(row),
        exp: (now + ACCESS_TTL).unix_timestamp(),
    };
    let refresh_token = new_refresh_token();
    let mut conn = state.pool.acquire().await?;
    users::insert_refresh(
        &mut conn,
        &refresh_hash(&refresh_token),
        family,
        row.user_id,
        device,
        now + REFRESH_TTL,
    )
    .await?;
    Ok(Session {
        access_token: state.tokens.issue(&claims),
        expires_in: ACCESS_TTL.whole_seconds(),
        refresh_token,
        user: info(row),
    })
}

/// Checks a password and starts a session.
pub async fn login(state: &AppState, login: Login) -> Result<Session, ApiError> {
    let wrong = || unauthenticated("wrong username or password");
    // Each outcome is recorded with the time the workstation signed the attempt.
    let signed_at = OffsetDateTime::from_unix_timestamp(login.proof.signed_at).ok();
    let record = |user: Option<Uuid>, outcome: &'static str| {
        users::record_event_with(
            &state.pool,
            user,
            Some(login.device_id),
            outcome,
            signed_at,
            serde_json::json!({}),
        )
    };
    prove_device(
        state,
        login.device_id,
        &login.proof,
        &login.password,
        "login_device_refused",
    )
    .await?;
    let Some(row) = users::by_username(&state.pool, &login.username).await? else {
        // Spend the same time as a real check, so timing does not reveal which names exist.
        verify_password(login.password, DUMMY_HASH.into()).await;
        record(None, "login_failure").await?;
        return Err(wrong());
    };
    let now = state.clock.now();
    if row.locked_until.is_some_and(|until| until > now) {
        record(Some(row.user_id), "login_locked").await?;
        return Err(ApiError::new(
            ErrorCode::RateLimited,
            "too many failed logins; the account is locked for a while",
        ));
    }
    if !verify_password(login.password, row.password_hash.clone()).await {
        let locked = users::record_failure(
            &state.pool,
            row.user_id,
            LOCK_AFTER,
            LOCK_FOR.whole_seconds(),
            now,
        )
        .await?;
        let outcome = if locked.is_some() {
            "lockout"
        } else {
            "login_failure"
        };
        record(Some(row.user_id), outcome).await?;
        return Err(wrong());
    }
    if row.disabled {
        record(Some(row.user_id), "login_disabled").await?;
        return Err(unauthenticated("this account is disabled"));
    }
    users::record_success(&state.pool, row.user_id).await?;
    record(Some(row.user_id), "login_success").await?;
    issue(state, &row, login.device_id, Uuid::now_v7()).await
}

/// Exchanges a refresh token for a new pair. A token presented twice revokes its whole
/// family: whoever holds the other copy is logged out too.
pub async fn refresh(state: &AppState, refresh: Refresh) -> Result<Session, ApiError> {
    prove_device(
        state,
        refresh.device_id,
        &refresh.proof,
        &refresh.refresh_token,
        "refresh_refused",
    )
    .await?;
    let hash = refresh_hash(&refresh.refresh_token);
    let mut tx = state.pool.begin().await?;
    let Some(token) = users::lock_refresh(&mut tx, &hash).await? else {
        users::record_event_with(
            &state.pool,
            None,
            Some(refresh.device_id),
            "refresh_refused",
            OffsetDateTime::from_unix_timestamp(refresh.proof.signed_at).ok(),
            serde_json::json!({}),
        )
        .await?;
        return Err(unauthenticated("the session is not valid; log in again"));
    };
    let now = state.clock.now();
    let refused = if token.revoked_at.is_some() {
        Some("the session was ended; log in again")
    } else if token.used_at.is_some() {
        Some("this session token was already used; the session is ended for safety")
    } else if token.device_id != refresh.device_id {
        Some("the session belongs to another workstation; it is ended for safety")
    } else if token.expires_at <= now {
        Some("the session has expired; log in again")
    } else {
        None
    };
    if let Some(message) = refused {
        if token.revoked_at.is_none() && token.expires_at > now {
            users::revoke_family(&mut tx, token.family).await?;
        }
        tx.commit().await?;
        users::record_event_with(
            &state.pool,
            Some(token.user_id),
            Some(refresh.device_id),
            "refresh_refused",
            OffsetDateTime::from_unix_timestamp(refresh.proof.signed_at).ok(),
            serde_json::json!({}),
        )
        .await?;
        return Err(unauthenticated(message));
    }
    users::mark_used(&mut tx, &hash).await?;
    tx.commit().await?;
    let row = users::by_id(&state.pool, token.user_id)
        .await?
        .ok_or_else(|| unauthenticated("no such user"))?;
    if row.disabled {
        return Err(unauthenticated("this account is disabled"));
    }
    issue(state, &row, token.device_id, token.family).await
}

/// Ends the caller's session (every token of its family).
pub async fn logout(state: &AppState, caller: &Caller, family: Uuid) -> Result<(), ApiError> {
    let mut conn = state.pool.acquire().await?;
    users::revoke_family(&mut conn, family).await?;
    users::record_event_with(
        &state.pool,
        Some(caller.user_id),
        Some(caller.device_id),
        "logout",
        caller.device_time,
        serde_json::json!({}),
    )
    .await?;
    Ok(())
}

/// Checks a bearer token: signature, expiry, session not ended, user not disabled.
/// Returns the caller and its session family.
pub async fn authenticate(state: &AppState, token: &str) -> Result<(Caller, Uuid), ApiError> {
    let now = state.clock.now().unix_timestamp();
    let claims = state.tokens.verify(token, now).map_err(|e| match e {
        TokenError::Expired => unauthenticated("the access token has expired; refresh it"),
        TokenError::Invalid => unauthenticated("the access token is not valid"),
    })?;
    let row = users::by_id(&state.pool, claims.sub)
        .await?
        .ok_or_else(|| unauthenticated("no such user"))?;
    let device = live_device(state, claims.dev).await?;
    if row.disabled || users::family_revoked(&state.pool, claims.fam).await? {
        return Err(unauthenticated("the session was ended; log in again"));
    }
    let caller = Caller {
        user_id: row.user_id,
        device_id: claims.dev,
        roles: roles_of(&row),
        profile: device
            .profile
            .parse()
            .map_err(|_| ApiError::new(ErrorCode::InternalError, "the server could not answer"))?,
        wards: device.wards,
        device_time: None,
    };
    Ok((caller, claims.fam))
}

/// The caller's own account.
pub async fn me(state: &AppState, caller: &Caller) -> Result<UserInfo, ApiError> {
    let row = users::by_id(&state.pool, caller.user_id)
        .await?
        .ok_or_else(|| unauthenticated("no such user"))?;
    Ok(info(&row))
}

/// An Argon2id hash of a password nobody has, for constant-time refusals.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$HRJzgpW+ZCcWvgnKCaQ3NknzMWTBtZ8oNmIl8AXy2Ko";
