//! HTTPS to the server: certificates are always verified; a workstation enrolled with a
//! CA file trusts only that CA (pinned in its encrypted database) from then on.

use std::time::Duration;

use crate::error::{Error, Result};

/// Setting holding the pinned CA certificate (PEM).
pub(crate) const PINNED_CA: &str = "enrollment.ca_pem";

/// An HTTP client trusting `pinned_ca` (PEM) alone if given, else the system's roots.
pub fn client(pinned_ca: Option<&str>) -> Result<reqwest::Client> {
    let mut builder = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(60));
    if let Some(pem) = pinned_ca {
        let bad = || Error::Invalid("the CA file holds no PEM certificate".into());
        let cas = reqwest::Certificate::from_pem_bundle(pem.as_bytes()).map_err(|_| bad())?;
        if cas.is_empty() {
            return Err(bad());
        }
        builder = builder.tls_certs_only(cas);
    }
    builder.build().map_err(|e| Error::Offline(e.to_string()))
}
