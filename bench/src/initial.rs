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
use crate::scrape::{Between, Scrape};

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

/// An initial sync and what it cost the server.
#[derive(Debug, Clone)]
pub struct Served {
    /// What the workstation saw.
    pub sync: InitialSync,
    /// The server's time to answer one page (a sync request), mean over the run.
    pub server_per_page: std::time::Duration,
}

/// The same initial sync from a server just restarted on its data, then again.
#[derive(Debug, Clone)]
pub struct ColdAndWarm {
    /// The server just restarted: nothing of the ward in its memory.
    pub cold: Served,
    /// Right after, by another fresh workstation.
    pub warm: Served,
}

/// Restarts the measured server, then runs a fresh workstation's first sync of `ward`
/// twice.
pub async fn cold_and_warm(cluster: &mut Cluster, ward: &str, user: &str) -> Result<ColdAndWarm> {
    cluster.restart().await?;
    let cold = measure(cluster, ward, user).await?;
    let warm = measure(cluster, ward, user).await?;
    Ok(ColdAndWarm { cold, warm })
}

/// Runs [`fresh_sync`] in a child process against the cluster's measured server.
pub async fn measure(cluster: &Cluster, ward: &str, user: &str) -> Result<Served> {
    let before = Scrape::take(&cluster.metrics_url).await?;
    let sync = in_child(cluster, ward, user).await?;
    let pages = Between::labelled(
        &before,
        &Scrape::take(&cluster.metrics_url).await?,
        bedside_server::prometheus::REQUEST_SECONDS,
        r#"{method="POST",route="/v1/sync"}"#,
    );
    anyhow::ensure!(
        pages.count as usize == sync.round_trips,
        "the server counted {} sync requests for {} round trips",
        pages.count,
        sync.round_trips
    );
    Ok(Served {
        sync,
        server_per_page: pages.mean(),
    })
}

async fn in_child(cluster: &Cluster, ward: &str, user: &str) -> Result<InitialSync> {
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
