//! A real S3-compatible server for tests: `s3s-fs`, which checks request signatures and
//! presigned-URL expiry like S3, on a folder of its own. `scripts/test.sh` installs it
//! into `.tools/bin`; `BEDSIDE_S3S_FS` may name another binary. A test that needs it
//! fails with a clear message when it is missing: it never skips.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use bedside_server::config::{BlobStoreSettings, DocumentSettings};
use tempfile::TempDir;

/// The access key the test server accepts.
pub const ACCESS_KEY: &str = "bedside-test-access";
/// Its secret.
pub const SECRET_KEY: &str = "bedside-test-secret-key-0123456789";
/// The bucket.
pub const BUCKET: &str = "bedside-documents";

/// A running `s3s-fs`, stopped when dropped.
#[derive(Debug)]
pub struct S3Server {
    /// Its endpoint, `http://127.0.0.1:<port>`.
    pub endpoint: String,
    /// The folder it serves (buckets are its subfolders).
    pub root: TempDir,
    child: Child,
}

fn binary() -> PathBuf {
    if let Ok(path) = std::env::var("BEDSIDE_S3S_FS") {
        return path.into();
    }
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let local = workspace.join(".tools/bin/s3s-fs");
    assert!(
        local.exists(),
        "s3s-fs is not installed: run scripts/test.sh (it installs it into .tools/bin) or set \
         BEDSIDE_S3S_FS"
    );
    local
}

impl S3Server {
    /// Starts a server with one empty bucket and waits until it listens. It binds a port
    /// of its own choosing (port 0) and says which on its log, so no port is picked and
    /// let go.
    pub async fn start() -> Self {
        let root = tempfile::tempdir().expect("a folder for the S3 server");
        std::fs::create_dir(root.path().join(BUCKET)).expect("the bucket folder");
        let mut child = Command::new(binary())
            .args(["--host", "127.0.0.1", "--port", "0"])
            .args(["--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY])
            .arg(root.path())
            .env("RUST_LOG", "s3s_fs=info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("s3s-fs starts");
        let stdout = child.stdout.take().expect("s3s-fs's log");
        let (found, endpoint) = tokio::sync::oneshot::channel();
        // Reads the log until the listening address, then drains it so the server never
        // blocks on a full pipe.
        std::thread::spawn(move || {
            let mut found = Some(found);
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(at) = line.split("server is running at ").nth(1)
                    && let Some(found) = found.take()
                {
                    let _ = found.send(at.trim().to_owned());
                }
            }
        });
        let endpoint = tokio::time::timeout(Duration::from_secs(20), endpoint)
            .await
            .expect("s3s-fs did not start listening within 20 s")
            .expect("s3s-fs exited before listening");
        Self {
            endpoint,
            root,
            child,
        }
    }

    /// Document settings for a server keeping its blobs here, reached at `endpoint`
    /// (this server's own, or a proxy in front of it).
    pub fn settings(&self, endpoint: &str) -> DocumentSettings {
        DocumentSettings {
            store: BlobStoreSettings::S3 {
                endpoint: Some(endpoint.to_owned()),
                region: "us-east-1".into(),
                bucket: BUCKET.into(),
                access_key: ACCESS_KEY.into(),
                secret_key: SECRET_KEY.into(),
                path_style: true,
            },
            ..DocumentSettings::default()
        }
    }

    /// The files the bucket holds, as paths relative to it.
    pub fn keys(&self) -> Vec<String> {
        let bucket = self.root.path().join(BUCKET);
        let mut keys = Vec::new();
        let mut dirs = vec![bucket.clone()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if let Ok(rel) = path.strip_prefix(&bucket) {
                    keys.push(rel.to_string_lossy().into_owned());
                }
            }
        }
        keys.sort();
        keys
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
