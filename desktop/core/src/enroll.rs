//! Enrollment: the workstation makes its Ed25519 key pair, proves it holds the private
//! key by signing the one-time code, and registers the public key with the server. The
//! private key stays in the encrypted database.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use bedside_shared::access::DeviceProfile;
use bedside_shared::devices::{Enrolled, Enrollment, enrollment_message};
use ed25519_dalek::{Signer, SigningKey};
use rand::RngCore;

use crate::api::post_json;
use crate::error::Result;
use crate::session::Link;
use crate::session::SIGNING_KEY;
use crate::tls::{self, PINNED_CA};

impl Link<'_> {
    /// Enrolls this workstation with the server at `server` using IT's one-time `code`.
    pub async fn enroll(&self, server: &str, code: &str) -> Result<Enrolled> {
        self.enroll_pinned(server, code, None).await
    }

    /// Enrolls as [`Link::enroll`] does, trusting only the CA certificate
    /// `ca_pem` for this server from now on (when given).
    pub async fn enroll_pinned(
        &self,
        server: &str,
        code: &str,
        ca_pem: Option<&str>,
    ) -> Result<Enrolled> {
        self.ensure_not_wiped()?;
        let mut secret = [0u8; 32];
        rand::rng().fill_bytes(&mut secret);
        let key = SigningKey::from_bytes(&secret);
        let device = self.ws.device.as_uuid();
        let body = Enrollment {
            code: code.trim().to_owned(),
            device_id: device,
            public_key: B64.encode(key.verifying_key().as_bytes()),
            signature: B64.encode(key.sign(&enrollment_message(code, device)).to_bytes()),
        };
        let http = tls::client(ca_pem)?;
        let enrolled: Enrolled =
            post_json(&http, server, "/v1/devices/enroll", &body, None).await?;
        // All of it or none: no one ever reads a server without its profile and wards.
        self.ws.store().all_or_nothing(|store| {
            store.set_setting(SIGNING_KEY, &hex::encode(secret))?;
            if let Some(pem) = ca_pem {
                store.set_setting(PINNED_CA, pem)?;
            }
            store.set_setting("enrollment.server", server)?;
            store.set_setting("enrollment.profile", enrolled.profile.as_str())?;
            store.set_setting("enrollment.wards", &enrolled.wards.join(","))
        })?;
        // The next request trusts what was pinned now.
        self.forget_http();
        Ok(enrolled)
    }

    /// The server this workstation was enrolled with, if it was.
    pub fn server(&self) -> Result<Option<String>> {
        self.ws.store().setting("enrollment.server")
    }

    /// The wards and profile this workstation was enrolled for, if it was.
    pub fn enrollment(&self) -> Result<Option<(DeviceProfile, Vec<String>)>> {
        let profile = self
            .ws
            .store()
            .setting("enrollment.profile")?
            .and_then(|p| p.parse().ok());
        let wards = self.ws.store().setting("enrollment.wards")?;
        Ok(profile
            .zip(wards)
            .map(|(p, w)| (p, w.split(',').map(str::to_owned).collect())))
    }
}
