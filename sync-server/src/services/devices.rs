//! Wards and workstations: IT issues one-time, expiring enrollment codes bound to wards
//! and a profile; a workstation enrolls with one, registering the public half of the
//! Ed25519 key it just made; IT can revoke a device.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use bedside_shared::access::DeviceProfile;
pub use bedside_shared::devices::{Enrolled, Enrollment, enrollment_message};
use bedside_shared::error::ErrorCode;
use ed25519_dalek::{Signature, VerifyingKey};
use rand::RngCore;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::tokens::refresh_hash as code_hash;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{devices, users};

/// A code that reads easily aloud: 4 groups of 5 from an alphabet without 0/O, 1/I.
fn new_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    chars
        .chunks(5)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Adds or renames a ward.
pub async fn add_ward(state: &AppState, code: &str, name: &str) -> Result<(), ApiError> {
    let valid = !code.is_empty()
        && code.len() <= 32
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !valid {
        return Err(ApiError::invalid(
            "a ward code has 1 to 32 letters, digits or dashes",
        ));
    }
    devices::upsert_ward(&state.pool, code, name).await?;
    let detail = serde_json::json!({ "ward": code });
    super::admin::console_event(state, None, None, "ward_saved", detail).await
}

/// Issues a one-time enrollment code valid for `valid_for`.
pub async fn issue_code(
    state: &AppState,
    wards: &[String],
    profile: DeviceProfile,
    valid_for: Duration,
) -> Result<(String, OffsetDateTime), ApiError> {
    if wards.is_empty() {
        return Err(ApiError::invalid(
            "an enrollment code names at least one ward",
        ));
    }
    let known: Vec<String> = devices::wards(&state.pool)
        .await?
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    if let Some(unknown) = wards.iter().find(|w| !known.contains(w)) {
        return Err(ApiError::new(
            ErrorCode::NotFound,
            format!("no ward {unknown}; add it first"),
        ));
    }
    let code = new_code();
    let expires_at = state.clock.now() + valid_for;
    devices::insert_code(
        &state.pool,
        &code_hash(&code),
        wards,
        profile.as_str(),
        expires_at,
    )
    .await?;
    let detail = serde_json::json!({
        "wards": wards,
        "profile": profile.as_str(),
        "expires_at": expires_at.unix_timestamp(),
    });
    super::admin::console_event(state, None, None, "enrollment_code_issued", detail).await?;
    Ok((code, expires_at))
}

/// Enrolls a workstation with a code.
pub async fn enroll(
    state: &AppState,
    enrollment: Enrollment,
    device_time: Option<OffsetDateTime>,
) -> Result<Enrolled, ApiError> {
    let refused = || {
        ApiError::new(
            ErrorCode::Forbidden,
            "the enrollment code is not valid (unknown, used or expired)",
        )
    };
    let key: [u8; 32] = B64
        .decode(&enrollment.public_key)
        .ok()
        .and_then(|k| k.try_into().ok())
        .ok_or_else(|| ApiError::invalid("public_key must be a base64 Ed25519 key"))?;
    let key = VerifyingKey::from_bytes(&key)
        .map_err(|_| ApiError::invalid("public_key is not an Ed25519 key"))?;
    let signature: [u8; 64] = B64
        .decode(&enrollment.signature)
        .ok()
        .and_then(|s| s.try_into().ok())
        .ok_or_else(|| ApiError::invalid("signature must be a base64 Ed25519 signature"))?;
    let message = enrollment_message(&enrollment.code, enrollment.device_id);
    key.verify_strict(&message, &Signature::from_bytes(&signature))
        .map_err(|_| {
            ApiError::new(
                ErrorCode::Unauthenticated,
                "the signature does not match the public key",
            )
        })?;

    let hash = code_hash(enrollment.code.trim());
    let mut tx = state.pool.begin().await?;
    let Some(code) = devices::lock_code(&mut tx, &hash).await? else {
        users::record_event(
            &state.pool,
            None,
            Some(enrollment.device_id),
            "enrollment_refused",
        )
        .await?;
        return Err(refused());
    };
    if code.used_at.is_some() || code.expires_at <= state.clock.now() {
        drop(tx);
        users::record_event(
            &state.pool,
            None,
            Some(enrollment.device_id),
            "enrollment_refused",
        )
        .await?;
        return Err(refused());
    }
    let profile: DeviceProfile = code.profile.parse().map_err(|_| refused())?;
    if !devices::insert_device(
        &mut tx,
        enrollment.device_id,
        key.as_bytes(),
        profile.as_str(),
        &code.wards,
    )
    .await?
    {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "this device is already enrolled",
        ));
    }
    devices::use_code(&mut tx, &hash, enrollment.device_id).await?;
    tx.commit().await?;
    let detail = serde_json::json!({ "wards": code.wards, "profile": profile.as_str() });
    let device = Some(enrollment.device_id);
    users::record_event_with(&state.pool, None, device, "enrolled", device_time, detail).await?;
    Ok(Enrolled {
        device_id: enrollment.device_id,
        profile,
        wards: code.wards,
    })
}

/// Revokes a device: its sessions end now, and (with device-authenticated sync) its next
/// request is refused with an order to wipe.
pub async fn revoke(state: &AppState, device: Uuid) -> Result<(), ApiError> {
    if !devices::revoke(&state.pool, device).await? {
        return Err(ApiError::new(ErrorCode::NotFound, "no such device"));
    }
    super::admin::console_event(
        state,
        None,
        Some(device),
        "device_revoked",
        serde_json::json!({}),
    )
    .await?;
    Ok(())
}
