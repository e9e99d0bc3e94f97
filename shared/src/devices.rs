//! Workstation enrollment on the wire (JSON) and the message a workstation signs to
//! prove it holds the private half of the key it registers.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::DeviceProfile;

/// `POST /v1/devices/enroll` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Enrollment {
    /// The one-time code IT gave.
    pub code: String,
    /// The workstation's id.
    pub device_id: Uuid,
    /// Its Ed25519 public key, base64.
    pub public_key: String,
    /// Its signature, base64, over [`enrollment_message`].
    pub signature: String,
}

/// What an enrolled workstation serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Enrolled {
    /// The device.
    pub device_id: Uuid,
    /// Its profile.
    pub profile: DeviceProfile,
    /// Its wards.
    pub wards: Vec<String>,
}

/// The bytes signed to enroll: the code (trimmed) followed by the device id's 16 bytes.
pub fn enrollment_message(code: &str, device: Uuid) -> Vec<u8> {
    let mut message = code.trim().as_bytes().to_vec();
    message.extend_from_slice(device.as_bytes());
    message
}

/// How far a session proof's time may be from the server's clock, in seconds.
pub const PROOF_SKEW_SECS: i64 = 300;

/// A workstation's proof, sent with login and refresh, that the request comes from the
/// enrolled device: its Ed25519 signature over [`session_message`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceProof {
    /// Unix time the proof was made (device clock).
    pub signed_at: i64,
    /// Signature, base64.
    pub signature: String,
}

/// The bytes signed to open or renew a session: a purpose tag, the device id's 16 bytes,
/// the time, and the SHA-256 of the credential presented (password or refresh token), so
/// a proof can't be reused with another credential.
pub fn session_message(device: Uuid, signed_at: i64, credential_digest: &[u8; 32]) -> Vec<u8> {
    let mut message = b"bedside-session-v1".to_vec();
    message.extend_from_slice(device.as_bytes());
    message.extend_from_slice(&signed_at.to_be_bytes());
    message.extend_from_slice(credential_digest);
    message
}
