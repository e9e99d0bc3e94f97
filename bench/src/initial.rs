//! The initial sync of a whole ward to a fresh workstation, run in a process of its own
//! so its peak memory is the workstation's alone.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use bedside_client::{OsKeyring, SyncClient, SyncProgress, Workstation};
use serde::{Deserialize, Serialize};

use crate::cluster::{Cluster, PASSWORD, usage};

/// What one fresh workstation's first sync took.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InitialSync {
    /// Wall time of the sync alone (enrollment and login excluded), seconds.
    pub seconds: f64,
    /// Documents received.
    pub documents: u64,
    /// Round trips.
    pub round_trips: usize,
    /// Response bodies.
    pub bytes_received: u64,
    /// Request bodies.
    pub bytes_sent: u64,
    /// The workstation process's peak resident memory, KiB.
    pub peak_rss_kib: u64,
}

/// Enrolls a new workstation in `dir` with `code`, logs in and syncs everything (the
/// `fresh-sync` subcommand, in its own process).
pub async fn fresh_sync(server: &str, code: &str, user: &str, dir: &Path) -> Result<InitialSync> {
    let ws = Workstation::open(dir, Arc::new(OsKeyring))?;
    ws.link().enroll(server, code).await?;
    ws.access().login(server, user, PASSWORD).await?;
    let client = SyncClient::new(server)?;
    let mut last = SyncProgress::default();
    let started = Instant::now();
    let report = ws.sync_reporting(&client, &mut |p| last = p).await?;
    let seconds = started.elapsed().as_secs_f64();
    let (_, _, peak_rss_kib) = usage(std::process::id())?;
    Ok(InitialSync {
        seconds,
        documents: last.documents_done,
        round_trips: report.round_trips,
        bytes_received: last.bytes_received,
        bytes_sent: last.bytes_sent,
        peak_rss_kib,
    })
}

/// Runs [`fresh_sync`] in a child process against the cluster's measured server.
pub async fn measure(cluster: &Cluster, ward: &str, user: &str) -> Result<InitialSync> {
    let code = cluster.ward_code(ward).await?;
    let dir = tempfile::tempdir()?;
    let output = Command::new(std::env::current_exe()?)
        .args([
            "fresh-sync",
            "--server",
            &cluster.url,
            "--code",
            &code,
            "--user",
            user,
        ])
        .arg("--dir")
        .arg(dir.path())
        .output()
        .context("running the fresh workstation")?;
    anyhow::ensure!(
        output.status.success(),
        "the fresh workstation failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(serde_json::from_slice(&output.stdout)?)
}
