//! Server load: N simulated ward workstations (ten to a ward, each with its own patient)
//! record vital signs every second and sync; every workstation also fetches what the
//! others on its ward wrote, as real ones do.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use bedside_client::SyncClient;
use bedside_shared::access::{DeviceProfile, Role};
use bedside_shared::chart::{self, Clinical, Vitals};
use bedside_shared::sync::Session;
use bedside_shared::sync::memory::MemoryReplica;
use bedside_shared::{DeviceId, DocId};
use bedside_tests::device::TestDevice;
use tokio::sync::Semaphore;

use crate::cluster::{Cluster, PASSWORD, usage};
use crate::stats::Samples;
use crate::ward::{WardGenerator, WardSize};

/// Workstations per ward.
const PER_WARD: usize = 10;
/// Pause between one workstation's edits.
const THINK: Duration = Duration::from_secs(1);

/// Figures for one N.
#[derive(Debug, Clone)]
pub struct Load {
    /// Simulated workstations.
    pub workstations: usize,
    /// Edits synced.
    pub edits: usize,
    /// Sync requests served.
    pub requests: usize,
    /// Wall time of the measured part, seconds.
    pub seconds: f64,
    /// One edit's sync (until both sides settle).
    pub latency: Samples,
    /// Server CPU over the run, in cores (1.0 = one core busy).
    pub server_cores: f64,
    /// Server resident memory at its highest sample during the run, KiB.
    pub server_rss_kib: u64,
}

/// One simulated workstation, enrolled and logged in.
struct Simulated {
    device: DeviceId,
    token: String,
    /// The logged-in nurse's name, recorded on what they chart (the server checks it).
    name: String,
    replica: MemoryReplica,
    clinical: DocId,
}

async fn simulated(cluster: &Cluster, ward: &str, user: &str) -> Result<Simulated> {
    let device =
        TestDevice::enroll_as(&cluster.setup, &[ward], DeviceProfile::WardWorkstation).await;
    let session = device.log_in(&cluster.setup, user, PASSWORD).await;
    let token = session["access_token"]
        .as_str()
        .context("a login answer with an access token")?
        .to_owned();
    let tiny = WardSize {
        patients: 1,
        notes: 2,
        words: 50,
        prescriptions: 2,
        doses: 2,
        vitals: 5,
        appointments: 1,
        tasks: 1,
        edits: 1,
    };
    let mut chart = WardGenerator::new(ward, tiny)
        .next_patient()
        .context("a patient")?;
    let mut replica = MemoryReplica::new();
    let clinical = DocId::clinical(chart.patient);
    for (id, doc) in chart.docs() {
        replica.insert(id, std::mem::take(doc));
    }
    Ok(Simulated {
        device: DeviceId::from_uuid(device.id),
        token,
        name: user.to_owned(),
        replica,
        clinical,
    })
}

impl Simulated {
    /// Syncs until settled; returns the round trips.
    async fn sync(&mut self, client: &SyncClient, http: &reqwest::Client) -> Result<usize> {
        let mut session = Session::new(self.device, 64);
        while let Some(request) = session.next_request(&mut self.replica)? {
            let response = client.exchange(http, &self.token, &request).await?;
            session.take_response(&mut self.replica, &request, &response)?;
        }
        Ok(session.finish().round_trips)
    }

    fn record_vitals(&mut self, n: usize) -> Result<()> {
        let name = self.name.clone();
        let doc = self.replica.doc(&self.clinical).context("the chart")?;
        chart::update(doc, |c: &mut Clinical| {
            c.record_vitals(Vitals {
                taken_at: format!("2026-11-23T10:{:02}:00Z", n % 60),
                recorded_by: name,
                temperature: None,
                pulse_bpm: Some(60 + (n % 40) as i64),
                systolic_mmhg: Some(120),
                diastolic_mmhg: Some(80),
                respiratory_rate: Some(16),
                spo2_pct: Some(97),
                weight: None,
                consciousness: None,
                on_oxygen: None,
                spo2_scale: None,
            })
        })?;
        Ok(())
    }
}

/// Runs `workstations` simulated workstations, `edits` edits each.
pub async fn measure(cluster: &Cluster, workstations: usize, edits: usize) -> Result<Load> {
    let user = format!("load.nurse.{workstations}");
    cluster.user(&user, &[Role::Nurse, Role::Clerk]).await?;
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
    let http = reqwest::Client::new();
    // Every workstation registers its patient first (not measured).
    for sim in &mut sims {
        sim.sync(&client, &http).await?;
    }
    let (cpu_before, _, _) = usage(cluster.pid())?;
    let started = Instant::now();
    let mut runs = tokio::task::JoinSet::new();
    for (n, mut sim) in sims.into_iter().enumerate() {
        let client = client.clone();
        let http = http.clone();
        runs.spawn(async move {
            // Spread the starts over one pause, as real workstations are not in step.
            tokio::time::sleep(THINK.mul_f64(n as f64 / workstations as f64)).await;
            let mut latency = Samples::default();
            let mut requests = 0;
            for e in 0..edits {
                sim.record_vitals(e)?;
                let started = Instant::now();
                requests += sim.sync(&client, &http).await?;
                latency.push(started.elapsed());
                tokio::time::sleep(THINK).await;
            }
            anyhow::Ok((latency, requests))
        });
    }
    let mut peak_rss = 0;
    let mut latency = Samples::default();
    let mut requests = 0;
    loop {
        tokio::select! {
            done = runs.join_next() => match done {
                Some(result) => {
                    let (samples, served) = result??;
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
    Ok(Load {
        workstations,
        edits: latency.len(),
        requests,
        seconds,
        latency,
        server_cores: (cpu_after - cpu_before).as_secs_f64() / seconds,
        server_rss_kib: peak_rss.max(rss),
    })
}
