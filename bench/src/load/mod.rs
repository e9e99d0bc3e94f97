//! Server load: N simulated ward workstations (ten to a ward, each with its own patient)
//! record vital signs every second, upload the audit event of opening the chart, and
//! sync; every workstation also fetches what the others on its ward wrote, as real ones
//! do. The run fails, printing no figure, if the server refuses one edit or does not
//! hold every edit at the end, or a workstation lacks a ward-mate's.

mod simulated;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use automerge::ChangeHash;
use bedside_client::SyncClient;
use bedside_server::prometheus;
use bedside_shared::access::Role;
use sqlx_core::query_as::query_as;
use tokio::sync::Semaphore;

use crate::cluster::{Cluster, usage};
use crate::scrape::{Between, Scrape, machine_busy};
use crate::stats::Samples;
use simulated::{Simulated, simulated};

/// Workstations per ward.
const PER_WARD: usize = 10;
/// Pause between one workstation's edits.
const THINK: Duration = Duration::from_secs(1);

/// Figures for one N.
#[derive(Debug, Clone)]
pub struct Load {
    /// Simulated workstations.
    pub workstations: usize,
    /// Edits made, every one of them found stored on the server afterwards.
    pub edits: usize,
    /// Sync requests served.
    pub requests: usize,
    /// Wall time of the measured part, seconds.
    pub seconds: f64,
    /// One edit's sync (until both sides settle).
    pub latency: Samples,
    /// Server CPU over the run, in cores (1.0 = one core busy).
    pub server_cores: f64,
    /// The whole machine's CPU over the run (server, PostgreSQL, the simulated
    /// workstations), in cores.
    pub machine_cores: f64,
    /// Server resident memory at its highest sample during the run, KiB.
    pub server_rss_kib: u64,
    /// The server's own figures for the run (its metrics).
    pub server: ServerSide,
}

/// What the server's metrics say about one run.
#[derive(Debug, Clone, Copy, Default)]
pub struct ServerSide {
    /// Sync commits, and their mean time.
    pub commits: Between,
    /// Mean wait for the offered documents' locks.
    pub lock_wait: Between,
    /// Mean wait of a catch-up for earlier writers to commit.
    pub settle_wait: Between,
    /// Offered documents stored.
    pub applied: f64,
    /// Offered documents refused.
    pub refused: f64,
}

impl ServerSide {
    fn between(before: &Scrape, after: &Scrape) -> Self {
        let outcome = |o: &str| {
            Between::counter(
                before,
                after,
                &format!("{}{{outcome=\"{o}\"}}", prometheus::SYNC_DOCUMENTS),
            )
            .count
        };
        Self {
            commits: Between::histogram(before, after, prometheus::SYNC_COMMIT_SECONDS),
            lock_wait: Between::histogram(before, after, prometheus::SYNC_LOCK_WAIT_SECONDS),
            settle_wait: Between::histogram(before, after, prometheus::SYNC_SETTLE_WAIT_SECONDS),
            applied: outcome("applied"),
            refused: outcome("refused"),
        }
    }
}

/// Runs `workstations` simulated workstations, `edits` edits each.
pub async fn measure(cluster: &Cluster, workstations: usize, edits: usize) -> Result<Load> {
    // Each chart is registered with its prescriptions, and vital signs are recorded on
    // it: the account holds the roles that may write all of that.
    let user = format!("load.clinician.{workstations}");
    cluster.user(&user, &[Role::Doctor, Role::Nurse]).await?;
    let gate = Arc::new(Semaphore::new(8));
    let mut setups = Vec::with_capacity(workstations);
    for n in 0..workstations {
        let ward = format!("LOAD-{workstations}-{}", n / PER_WARD);
        let gate = gate.clone();
        let user = user.clone();
        setups.push(async move {
            let _turn = gate.acquire().await?;
            simulated(cluster, &ward, &user).await
        });
    }
    let mut sims = Vec::with_capacity(workstations);
    for setup in setups {
        sims.push(setup.await?);
    }
    let client = SyncClient::new(&cluster.url)?;
    // The server closes a connection idle for 10 s; one idle for 5 s is not reused,
    // so no request goes out on a connection as it closes.
    let http = reqwest::Client::builder()
        .pool_idle_timeout(Duration::from_secs(5))
        .build()?;
    // Every workstation registers its patient first (not measured).
    for sim in &mut sims {
        sim.keep_session(&cluster.url, &http).await?;
        sim.sync(&client, &http).await?;
    }
    let (cpu_before, _, _) = usage(cluster.pid())?;
    let machine_before = machine_busy()?;
    let scraped = Scrape::take(&cluster.metrics_url).await?;
    let started = Instant::now();
    let mut runs = tokio::task::JoinSet::new();
    for (n, mut sim) in sims.into_iter().enumerate() {
        let client = client.clone();
        let http = http.clone();
        let server = cluster.url.clone();
        runs.spawn(async move {
            // Spread the starts over one pause, as real workstations are not in step.
            tokio::time::sleep(THINK.mul_f64(n as f64 / workstations as f64)).await;
            let mut latency = Samples::default();
            let mut requests = 0;
            for e in 0..edits {
                sim.record_vitals(e)?;
                let started = Instant::now();
                sim.keep_session(&server, &http).await?;
                sim.upload_audit(&server, &http).await?;
                requests += 1 + sim.sync(&client, &http).await?.round_trips;
                latency.push(started.elapsed());
                tokio::time::sleep(THINK).await;
            }
            anyhow::Ok((sim, latency, requests))
        });
    }
    let mut peak_rss = 0;
    let mut latency = Samples::default();
    let mut requests = 0;
    let mut sims = Vec::with_capacity(workstations);
    loop {
        tokio::select! {
            done = runs.join_next() => match done {
                Some(result) => {
                    let (sim, samples, served) = result??;
                    sims.push(sim);
                    for s in samples.iter() {
                        latency.push(s);
                    }
                    requests += served;
                }
                None => break,
            },
            _ = tokio::time::sleep(Duration::from_millis(200)) => {
                peak_rss = peak_rss.max(usage(cluster.pid())?.1);
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let (cpu_after, rss, _) = usage(cluster.pid())?;
    let machine = machine_busy()? - machine_before;
    let server = ServerSide::between(&scraped, &Scrape::take(&cluster.metrics_url).await?);
    verify(cluster, &mut sims, &client, &http).await?;
    Ok(Load {
        workstations,
        edits: latency.len(),
        requests,
        seconds,
        latency,
        server_cores: (cpu_after - cpu_before).as_secs_f64() / seconds,
        machine_cores: machine.as_secs_f64() / seconds,
        server_rss_kib: peak_rss.max(rss),
        server,
    })
}

/// After the run: the server holds every workstation's chart as the workstation does
/// (so every edit), and every workstation, having synced once more, holds each
/// ward-mate's chart as the server does.
async fn verify(
    cluster: &Cluster,
    sims: &mut [Simulated],
    client: &SyncClient,
    http: &reqwest::Client,
) -> Result<()> {
    let mut stored = BTreeMap::new();
    for sim in sims.iter_mut() {
        let (heads,): (Vec<u8>,) =
            query_as("SELECT heads FROM documents WHERE patient_id = $1 AND doc_id = $2")
                .bind(sim.clinical.patient.as_uuid())
                .bind(sim.clinical.to_string())
                .fetch_one(&cluster.setup.state.pool)
                .await
                .context("a simulated workstation's chart is on the server")?;
        let mut on_server: Vec<ChangeHash> = heads
            .chunks_exact(32)
            .map(|h| ChangeHash(h.try_into().expect("32 bytes")))
            .collect();
        on_server.sort();
        let clinical = sim.clinical;
        ensure!(
            sim.heads(&clinical) == on_server,
            "an edit the server acknowledged is missing from its copy of a chart"
        );
        stored.insert(clinical, (sim.ward.clone(), on_server));
    }
    for sim in sims.iter_mut() {
        sim.keep_session(&cluster.url, http).await?;
        sim.sync(client, http).await?;
        for (doc, (ward, heads)) in &stored {
            if *ward == sim.ward && sim.heads(doc) != *heads {
                bail!("a workstation lacks a ward-mate's edits after syncing");
            }
        }
    }
    Ok(())
}
