//! The server as a process of its own (`bedside-server serve`, the built binary) over a
//! database a [`TestServer`](crate::server::TestServer) prepared: another replica, with
//! its own pool, document cache and audit sealer, as a hospital runs several.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tempfile::TempDir;

/// The built `bedside-server` command beside the test binaries.
pub fn server_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.parent()
        .and_then(|deps| deps.parent())
        .expect("the test binary is in target/<profile>/deps")
        .join("bedside-server")
}

/// A running `bedside-server serve`, stopped when dropped.
#[derive(Debug)]
pub struct ServerProcess {
    /// Its base URL.
    pub url: String,
    /// Its metrics listener's base URL (`GET /metrics`).
    pub metrics_url: String,
    child: Child,
    _blobs: TempDir,
}

impl ServerProcess {
    /// Starts a replica over `database_url` on ports of its own choosing (the API's and
    /// the metrics') and waits until it says where it listens.
    pub async fn start(database_url: &str) -> Self {
        Self::start_at(database_url, "127.0.0.1:0").await
    }

    /// Starts a replica over `database_url` listening at `listen` (where a load balancer
    /// expects it, when it is started again).
    pub async fn start_at(database_url: &str, listen: &str) -> Self {
        let blobs = tempfile::tempdir().expect("a folder for blobs");
        let binary = server_binary();
        let mut child = Command::new(&binary)
            .arg("serve")
            .current_dir(blobs.path())
            .env("DATABASE_URL", database_url)
            .env("BEDSIDE_LISTEN", listen)
            .env("BEDSIDE_METRICS_LISTEN", "127.0.0.1:0")
            .env("BEDSIDE_BLOB_STORE", "folder")
            .env("BEDSIDE_BLOB_DIR", blobs.path())
            .env("BEDSIDE_LOG", "bedside_server=info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{} starts: {e}", binary.display()));
        let log = child.stderr.take().expect("the server's log");
        let (found, address) = tokio::sync::oneshot::channel();
        // Reads the log until the listening addresses (the metrics' come first), then
        // drains it so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut found = Some(found);
            let mut metrics = None;
            for line in BufReader::new(log).lines() {
                let Ok(line) = line else { break };
                let Ok(entry) = serde_json::from_str::<serde_json::Value>(&line) else {
                    continue;
                };
                let at = entry["fields"]["address"].as_str().map(str::to_owned);
                match entry["fields"]["message"].as_str() {
                    Some("metrics listening") => metrics = at,
                    Some("listening") => {
                        if let (Some(found), Some(at)) = (found.take(), at) {
                            let _ = found.send((at, metrics.take()));
                        }
                    }
                    _ => {}
                }
            }
        });
        let (address, metrics) = tokio::time::timeout(Duration::from_secs(60), address)
            .await
            .expect("the replica did not start listening within 60 s")
            .expect("the replica exited before listening");
        Self {
            url: format!("http://{address}"),
            metrics_url: format!(
                "http://{}",
                metrics.expect("the replica said where its metrics listen")
            ),
            child,
            _blobs: blobs,
        }
    }
}

impl ServerProcess {
    /// Where its API listens (`host:port`).
    pub fn address(&self) -> &str {
        self.url.trim_start_matches("http://")
    }

    /// Stops it at once, as a crash or a lost machine would.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
