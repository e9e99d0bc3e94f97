//! A workstation seen from the wire: an enrolled device id and its Ed25519 key, for tests
//! that speak HTTP to the server directly (permission matrix, sessions).

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use bedside_server::services::devices;
use bedside_shared::access::DeviceProfile;
use bedside_shared::devices::{Enrollment, enrollment_message, session_message};
use ed25519_dalek::{Signer, SigningKey};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::server::TestServer;

/// An enrolled device.
#[derive(Debug, Clone)]
pub struct TestDevice {
    /// Its id.
    pub id: Uuid,
    key: SigningKey,
}

impl TestDevice {
    /// Enrolls a new ward workstation on `wards` (created if missing) over HTTP.
    pub async fn enroll(server: &TestServer, wards: &[&str]) -> Self {
        Self::enroll_as(server, wards, DeviceProfile::WardWorkstation).await
    }

    /// Enrolls a new device of `profile` on `wards` over HTTP.
    pub async fn enroll_as(server: &TestServer, wards: &[&str], profile: DeviceProfile) -> Self {
        let wards: Vec<String> = wards.iter().map(|w| (*w).to_owned()).collect();
        for ward in &wards {
            devices::add_ward(&server.state, ward, ward).await.unwrap();
        }
        let (code, _) =
            devices::issue_code(&server.state, &wards, profile, time::Duration::hours(1))
                .await
                .unwrap();
        let device = Self {
            id: Uuid::now_v7(),
            key: SigningKey::from_bytes(&rand_bytes()),
        };
        let body = Enrollment {
            code: code.clone(),
            device_id: device.id,
            public_key: B64.encode(device.key.verifying_key().as_bytes()),
            signature: B64.encode(
                device
                    .key
                    .sign(&enrollment_message(&code, device.id))
                    .to_bytes(),
            ),
        };
        let response = reqwest::Client::new()
            .post(format!("{}/v1/devices/enroll", server.url))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "the device enrolls");
        device
    }

    /// A device that never enrolled (for refusals).
    pub fn unenrolled() -> Self {
        Self {
            id: Uuid::now_v7(),
            key: SigningKey::from_bytes(&rand_bytes()),
        }
    }

    /// A device proof for `credential`, signed now.
    pub fn proof(&self, credential: &str) -> Value {
        self.proof_at(credential, time::OffsetDateTime::now_utc().unix_timestamp())
    }

    /// A device proof for `credential`, signed at unix time `at`.
    pub fn proof_at(&self, credential: &str, at: i64) -> Value {
        let digest: [u8; 32] = Sha256::digest(credential.as_bytes()).into();
        let signature = self.key.sign(&session_message(self.id, at, &digest));
        json!({"signed_at": at, "signature": B64.encode(signature.to_bytes())})
    }

    /// This device's signature over `message`, base64.
    pub fn sign(&self, message: &[u8]) -> String {
        B64.encode(self.key.sign(message).to_bytes())
    }

    /// Logs `username` in on this device over HTTP and returns the session (tokens and
    /// user).
    pub async fn log_in(&self, server: &TestServer, username: &str, password: &str) -> Value {
        reqwest::Client::new()
            .post(format!("{}/v1/auth/login", server.url))
            .json(&self.login(username, password))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// A login body for this device.
    pub fn login(&self, username: &str, password: &str) -> Value {
        json!({
            "username": username,
            "password": password,
            "device_id": self.id,
            "proof": self.proof(password),
        })
    }

    /// A refresh body for this device.
    pub fn refresh(&self, token: &str) -> Value {
        json!({"refresh_token": token, "device_id": self.id, "proof": self.proof(token)})
    }
}

fn rand_bytes() -> [u8; 32] {
    let mut bytes = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    bytes
}
