//! HTTPS to the server: certificates are always verified; a workstation enrolled with a
//! CA file trusts only that CA (pinned in its encrypted database) from then on.

use std::time::Duration;

use crate::error::{Error, Result};

/// Setting holding the pinned CA certificate (PEM).
pub(crate) const PINNED_CA: &str = "enrollment.ca_pem";

/// Longest a connection may take to open.
pub const CONNECT_WITHIN: Duration = Duration::from_secs(5);
/// Longest the server may stay silent, before its answer starts or in the middle of it:
/// a server that takes the connection and says nothing (a hung process, a half-open
/// link) counts as out of reach after this, not after minutes.
pub const SILENT_FOR_AT_MOST: Duration = Duration::from_secs(8);
/// Longest one request carrying little (a sync page, a JSON call) may take in all.
pub const REQUEST_WITHIN: Duration = Duration::from_secs(60);
/// The slowest link a transfer is given time for (a ward's Wi-Fi at its worst, about
/// 2 Mbit/s): a request carrying a document gets [`REQUEST_WITHIN`] plus its bytes at this pace.
pub const SLOWEST_LINK_BYTES_PER_SECOND: u64 = 256 * 1024;

/// How long a request carrying `bytes` (sent, or expected back) may take in all: an
/// 8 MiB part of an upload gets 92 s, a 50 MiB document 260 s, where one bound for
/// every request would cut a large transfer on a slow link every time (it would never
/// finish) or let a small one hang for minutes.
pub fn time_for(bytes: u64) -> Duration {
    REQUEST_WITHIN + Duration::from_secs(bytes.div_ceil(SLOWEST_LINK_BYTES_PER_SECOND))
}

/// An HTTP client trusting `pinned_ca` (PEM) alone if given, else the system's roots,
/// with the timeouts above.
pub fn client(pinned_ca: Option<&str>) -> Result<reqwest::Client> {
    build(pinned_ca, |builder| {
        builder
            .read_timeout(SILENT_FOR_AT_MOST)
            .timeout(REQUEST_WITHIN)
    })
}

/// A client for the live feed: the server speaks on it only every 15 seconds, so its
/// silence is watched by the feed itself (`live.rs`), not by a read timeout.
pub fn feed_client(pinned_ca: Option<&str>) -> Result<reqwest::Client> {
    build(pinned_ca, |builder| builder)
}

fn build(
    pinned_ca: Option<&str>,
    timeouts: impl FnOnce(reqwest::ClientBuilder) -> reqwest::ClientBuilder,
) -> Result<reqwest::Client> {
    let mut builder = timeouts(reqwest::Client::builder().connect_timeout(CONNECT_WITHIN));
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
