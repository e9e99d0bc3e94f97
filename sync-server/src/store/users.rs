//! Users, refresh tokens, authentication events and server keys.

use sqlx_core::query::query;
use sqlx_core::query_as::query_as;
use sqlx_core::query_scalar::query_scalar;
use sqlx_postgres::{PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

/// A user as stored.
#[derive(Debug, Clone)]
pub struct UserRow {
    /// Id.
    pub user_id: Uuid,
    /// Login name.
    pub username: String,
    /// Name shown to colleagues.
    pub display_name: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Role names.
    pub roles: Vec<String>,
    /// Disabled users cannot log in or keep sessions.
    pub disabled: bool,
    /// Consecutive failed logins.
    pub failed_logins: i32,
    /// Locked out until.
    pub locked_until: Option<OffsetDateTime>,
}

type UserTuple = (
    Uuid,
    String,
    String,
    String,
    Vec<String>,
    bool,
    i32,
    Option<OffsetDateTime>,
);

fn user(t: UserTuple) -> UserRow {
    UserRow {
        user_id: t.0,
        username: t.1,
        display_name: t.2,
        password_hash: t.3,
        roles: t.4,
        disabled: t.5,
        failed_logins: t.6,
        locked_until: t.7,
    }
}

const USER_COLUMNS: &str =
    "user_id, username, display_name, password_hash, roles, disabled, failed_logins, locked_until";

/// A user by login name.
pub async fn by_username(
    pool: &PgPool,
    username: &str,
) -> Result<Option<UserRow>, sqlx_core::Error> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1");
    let row: Option<UserTuple> = query_as(sqlx_core::sql_str::AssertSqlSafe(sql))
        .bind(username)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(user))
}

/// A user by id.
pub async fn by_id(pool: &PgPool, id: Uuid) -> Result<Option<UserRow>, sqlx_core::Error> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE user_id = $1");
    let row: Option<UserTuple> = query_as(sqlx_core::sql_str::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(user))
}

/// The names `user` and whoever logged in online on `device` since `since` are shown
/// under: the people whose work a workstation may upload as theirs.
pub async fn names_on_device(
    pool: &PgPool,
    user: Uuid,
    device: Uuid,
    since: OffsetDateTime,
) -> Result<Vec<(Uuid, String)>, sqlx_core::Error> {
    query_as(
        "SELECT user_id, display_name FROM users WHERE user_id = $1
         UNION
         SELECT u.user_id, u.display_name FROM auth_events e JOIN users u ON u.user_id = e.user_id
         WHERE e.device_id = $2 AND e.at > $3 AND e.outcome = 'login_success'",
    )
    .bind(user)
    .bind(device)
    .bind(since)
    .fetch_all(pool)
    .await
}

/// Every user, by login name.
pub async fn all(pool: &PgPool) -> Result<Vec<UserRow>, sqlx_core::Error> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY username");
    let rows: Vec<UserTuple> = query_as(sqlx_core::sql_str::AssertSqlSafe(sql))
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(user).collect())
}

/// Adds a user.
pub async fn insert(
    pool: &PgPool,
    id: Uuid,
    username: &str,
    display_name: &str,
    password_hash: &str,
    roles: &[String],
) -> Result<(), sqlx_core::Error> {
    query("INSERT INTO users (user_id, username, display_name, password_hash, roles) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(username)
        .bind(display_name)
        .bind(password_hash)
        .bind(roles)
        .execute(pool)
        .await?;
    Ok(())
}

/// Records a failed login at `now`; locks the user when `lock_after` failures are reached.
/// Returns the lock's end, if the user is now locked.
pub async fn record_failure(
    pool: &PgPool,
    id: Uuid,
    lock_after: i32,
    lock_for_secs: i64,
    now: OffsetDateTime,
) -> Result<Option<OffsetDateTime>, sqlx_core::Error> {
    query_scalar(
        "UPDATE users SET
           failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
           locked_until = CASE WHEN failed_logins + 1 >= $2
                               THEN $4 + make_interval(secs => $3) ELSE locked_until END
         WHERE user_id = $1
         RETURNING CASE WHEN locked_until > $4 THEN locked_until END",
    )
    .bind(id)
    .bind(lock_after)
    .bind(lock_for_secs as f64)
    .bind(now)
    .fetch_one(pool)
    .await
}

/// Clears the failure count after a successful login.
pub async fn record_success(pool: &PgPool, id: Uuid) -> Result<(), sqlx_core::Error> {
    query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE user_id = $1")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Sets a user's password hash and lifts any lockout.
pub async fn set_password(pool: &PgPool, id: Uuid, hash: &str) -> Result<(), sqlx_core::Error> {
    query("UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL WHERE user_id = $1")
        .bind(id)
        .bind(hash)
        .execute(pool)
        .await?;
    Ok(())
}

/// Replaces a user's roles.
pub async fn set_roles(pool: &PgPool, id: Uuid, roles: &[String]) -> Result<(), sqlx_core::Error> {
    query("UPDATE users SET roles = $2 WHERE user_id = $1")
        .bind(id)
        .bind(roles)
        .execute(pool)
        .await?;
    Ok(())
}

/// Disables a user and revokes every session they hold, in one transaction.
pub async fn disable(pool: &PgPool, id: Uuid) -> Result<(), sqlx_core::Error> {
    let mut tx = pool.begin().await?;
    query("UPDATE users SET disabled = true WHERE user_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    query("UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// A refresh token as stored.
#[derive(Debug, Clone)]
pub struct RefreshRow {
    /// Session family.
    pub family: Uuid,
    /// Owner.
    pub user_id: Uuid,
    /// Device it is bound to.
    pub device_id: Uuid,
    /// Expiry.
    pub expires_at: OffsetDateTime,
    /// When it was exchanged, if it was.
    pub used_at: Option<OffsetDateTime>,
    /// When its family was revoked, if it was.
    pub revoked_at: Option<OffsetDateTime>,
}

type RefreshTuple = (
    Uuid,
    Uuid,
    Uuid,
    OffsetDateTime,
    Option<OffsetDateTime>,
    Option<OffsetDateTime>,
);

/// Stores a new refresh token.
pub async fn insert_refresh(
    conn: &mut PgConnection,
    hash: &[u8],
    family: Uuid,
    user_id: Uuid,
    device_id: Uuid,
    expires_at: OffsetDateTime,
) -> Result<(), sqlx_core::Error> {
    query("INSERT INTO refresh_tokens (token_hash, family, user_id, device_id, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(hash)
        .bind(family)
        .bind(user_id)
        .bind(device_id)
        .bind(expires_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Finds a refresh token and locks it for this transaction.
pub async fn lock_refresh(
    conn: &mut PgConnection,
    hash: &[u8],
) -> Result<Option<RefreshRow>, sqlx_core::Error> {
    let row: Option<RefreshTuple> = query_as(
        "SELECT family, user_id, device_id, expires_at, used_at, revoked_at FROM refresh_tokens
         WHERE token_hash = $1 FOR UPDATE",
    )
    .bind(hash)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| RefreshRow {
        family: r.0,
        user_id: r.1,
        device_id: r.2,
        expires_at: r.3,
        used_at: r.4,
        revoked_at: r.5,
    }))
}

/// Marks a refresh token used.
pub async fn mark_used(conn: &mut PgConnection, hash: &[u8]) -> Result<(), sqlx_core::Error> {
    query("UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1")
        .bind(hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Revokes every token of a session family.
pub async fn revoke_family(conn: &mut PgConnection, family: Uuid) -> Result<(), sqlx_core::Error> {
    query("UPDATE refresh_tokens SET revoked_at = now() WHERE family = $1 AND revoked_at IS NULL")
        .bind(family)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every session of a user.
pub async fn revoke_user_sessions(pool: &PgPool, user: Uuid) -> Result<(), sqlx_core::Error> {
    query("UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL")
        .bind(user)
        .execute(pool)
        .await?;
    Ok(())
}

/// True when a session family has been revoked.
pub async fn family_revoked(pool: &PgPool, family: Uuid) -> Result<bool, sqlx_core::Error> {
    query_scalar(
        "SELECT EXISTS (SELECT 1 FROM refresh_tokens WHERE family = $1 AND revoked_at IS NOT NULL)",
    )
    .bind(family)
    .fetch_one(pool)
    .await
}

/// Records the outcome of an authentication attempt or an account change.
pub async fn record_event(
    pool: &PgPool,
    user_id: Option<Uuid>,
    device_id: Option<Uuid>,
    outcome: &str,
) -> Result<(), sqlx_core::Error> {
    record_event_with(
        pool,
        user_id,
        device_id,
        outcome,
        None,
        serde_json::json!({}),
    )
    .await
}

/// [`record_event`] with the device's own time of the attempt and more detail.
pub async fn record_event_with(
    pool: &PgPool,
    user_id: Option<Uuid>,
    device_id: Option<Uuid>,
    outcome: &str,
    device_time: Option<OffsetDateTime>,
    detail: serde_json::Value,
) -> Result<(), sqlx_core::Error> {
    query("INSERT INTO auth_events (user_id, device_id, outcome) VALUES ($1, $2, $3)")
        .bind(user_id)
        .bind(device_id)
        .bind(outcome)
        .execute(pool)
        .await?;
    let failed = ["failure", "refused", "locked", "lockout", "disabled"]
        .iter()
        .any(|word| outcome.contains(word));
    let mut event = super::audit::Event::now(outcome, if failed { "failure" } else { "success" });
    event.user_id = user_id;
    event.device_id = device_id;
    event.device_time_us = device_time.map(super::audit::micros);
    event.detail = detail;
    super::audit::record(pool, &event).await?;
    Ok(())
}

/// Records an outcome concerning one patient's chart (break-glass).
pub async fn record_patient_event(
    pool: &PgPool,
    user_id: Uuid,
    device_id: Uuid,
    patient_id: Uuid,
    outcome: &str,
) -> Result<(), sqlx_core::Error> {
    query(
        "INSERT INTO auth_events (user_id, device_id, patient_id, outcome) VALUES ($1, $2, $3, $4)",
    )
    .bind(user_id)
    .bind(device_id)
    .bind(patient_id)
    .bind(outcome)
    .execute(pool)
    .await?;
    Ok(())
}

/// The secret named `name`, created with `make` if absent (every replica gets the same).
pub async fn server_key(
    pool: &PgPool,
    name: &str,
    make: impl FnOnce() -> Vec<u8>,
) -> Result<Vec<u8>, sqlx_core::Error> {
    query("INSERT INTO server_keys (name, secret) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(make())
        .execute(pool)
        .await?;
    query_scalar("SELECT secret FROM server_keys WHERE name = $1")
        .bind(name)
        .fetch_one(pool)
        .await
}
