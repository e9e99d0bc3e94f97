//! Wards, enrollment codes and devices.

use sqlx_core::query::query;
use sqlx_core::query_as::query_as;
use sqlx_postgres::{PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

/// An enrollment code as stored.
#[derive(Debug, Clone)]
pub struct CodeRow {
    /// Wards the device will serve.
    pub wards: Vec<String>,
    /// Device profile.
    pub profile: String,
    /// Last moment the code works.
    pub expires_at: OffsetDateTime,
    /// When it was used, if it was.
    pub used_at: Option<OffsetDateTime>,
}

/// A device as stored.
#[derive(Debug, Clone)]
pub struct DeviceRow {
    /// Id.
    pub device_id: Uuid,
    /// Ed25519 public key.
    pub public_key: Vec<u8>,
    /// Profile.
    pub profile: String,
    /// Wards served.
    pub wards: Vec<String>,
    /// Enrollment time.
    pub enrolled_at: OffsetDateTime,
    /// Revocation time, if revoked.
    pub revoked_at: Option<OffsetDateTime>,
}

type DeviceTuple = (
    Uuid,
    Vec<u8>,
    String,
    Vec<String>,
    OffsetDateTime,
    Option<OffsetDateTime>,
);

fn device(t: DeviceTuple) -> DeviceRow {
    DeviceRow {
        device_id: t.0,
        public_key: t.1,
        profile: t.2,
        wards: t.3,
        enrolled_at: t.4,
        revoked_at: t.5,
    }
}

/// Adds a ward (or renames it).
pub async fn upsert_ward(pool: &PgPool, code: &str, name: &str) -> Result<(), sqlx_core::Error> {
    query("INSERT INTO wards (code, name) VALUES ($1, $2) ON CONFLICT (code) DO UPDATE SET name = excluded.name")
        .bind(code)
        .bind(name)
        .execute(pool)
        .await?;
    Ok(())
}

/// Every ward, by code.
pub async fn wards(pool: &PgPool) -> Result<Vec<(String, String)>, sqlx_core::Error> {
    query_as("SELECT code, name FROM wards ORDER BY code")
        .fetch_all(pool)
        .await
}

/// Stores a new enrollment code.
pub async fn insert_code(
    pool: &PgPool,
    hash: &[u8],
    wards: &[String],
    profile: &str,
    expires_at: OffsetDateTime,
) -> Result<(), sqlx_core::Error> {
    query("INSERT INTO enrollment_codes (code_hash, wards, profile, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(hash)
        .bind(wards)
        .bind(profile)
        .bind(expires_at)
        .execute(pool)
        .await?;
    Ok(())
}

/// Finds a code and locks it for this transaction.
pub async fn lock_code(
    conn: &mut PgConnection,
    hash: &[u8],
) -> Result<Option<CodeRow>, sqlx_core::Error> {
    let row: Option<(Vec<String>, String, OffsetDateTime, Option<OffsetDateTime>)> = query_as(
        "SELECT wards, profile, expires_at, used_at FROM enrollment_codes WHERE code_hash = $1 FOR UPDATE",
    )
    .bind(hash)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|r| CodeRow {
        wards: r.0,
        profile: r.1,
        expires_at: r.2,
        used_at: r.3,
    }))
}

/// Marks a code used by `device`.
pub async fn use_code(
    conn: &mut PgConnection,
    hash: &[u8],
    device: Uuid,
) -> Result<(), sqlx_core::Error> {
    query("UPDATE enrollment_codes SET used_at = now(), device_id = $2 WHERE code_hash = $1")
        .bind(hash)
        .bind(device)
        .execute(conn)
        .await?;
    Ok(())
}

/// Registers a device. Returns false if the id is already enrolled.
pub async fn insert_device(
    conn: &mut PgConnection,
    id: Uuid,
    public_key: &[u8],
    profile: &str,
    wards: &[String],
) -> Result<bool, sqlx_core::Error> {
    let done = query(
        "INSERT INTO devices (device_id, public_key, profile, wards) VALUES ($1, $2, $3, $4)
         ON CONFLICT (device_id) DO NOTHING",
    )
    .bind(id)
    .bind(public_key)
    .bind(profile)
    .bind(wards)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A device by id.
pub async fn device_by_id(pool: &PgPool, id: Uuid) -> Result<Option<DeviceRow>, sqlx_core::Error> {
    let row: Option<DeviceTuple> = query_as(
        "SELECT device_id, public_key, profile, wards, enrolled_at, revoked_at FROM devices WHERE device_id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(device))
}

/// Every device, newest first.
pub async fn devices(pool: &PgPool) -> Result<Vec<DeviceRow>, sqlx_core::Error> {
    let rows: Vec<DeviceTuple> = query_as(
        "SELECT device_id, public_key, profile, wards, enrolled_at, revoked_at FROM devices ORDER BY enrolled_at DESC",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(device).collect())
}

/// Revokes a device and every session bound to it. Returns false if unknown.
pub async fn revoke(pool: &PgPool, id: Uuid) -> Result<bool, sqlx_core::Error> {
    let mut tx = pool.begin().await?;
    let done =
        query("UPDATE devices SET revoked_at = coalesce(revoked_at, now()) WHERE device_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    query(
        "UPDATE refresh_tokens SET revoked_at = now() WHERE device_id = $1 AND revoked_at IS NULL",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}
