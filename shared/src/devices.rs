//! Workstation enrollment on the wire (JSON) and the message a workstation signs to
//! prove it holds the private half of the key it registers.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access::DeviceProfile;

/// `POST /v1/devices/enroll` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
