//! One edit on workstation A until it is on workstation B, as two windows do it: A
//! records vital signs and syncs at once; the server pushes to B's live feed, B syncs,
//! and the record is there.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};
use bedside_client::store::records::Entry;
use bedside_client::{OsKeyring, SyncClient, VitalSigns, Workstation};
use bedside_shared::PatientId;
use bedside_shared::access::Role;
use bedside_shared::chart::Vitals;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::cluster::{Cluster, PASSWORD};
use crate::stats::Samples;
use crate::ward::SEED;

/// Longest a push may take before the run is called failed.
const PUSH_TIMEOUT: Duration = Duration::from_secs(30);

/// Figures of the incremental run.
#[derive(Debug)]
pub struct Incremental {
    /// A's edit until B holds it.
    pub visible: Samples,
    /// Of which: A's sync.
    pub send: Samples,
}

async fn workstation(
    cluster: &Cluster,
    ward: &str,
    user: &str,
) -> Result<(Workstation, tempfile::TempDir)> {
    let dir = tempfile::tempdir()?;
    let ws = Workstation::open(dir.path(), Arc::new(OsKeyring))?;
    let code = cluster.ward_code(ward).await?;
    ws.link().enroll(&cluster.url, &code).await?;
    ws.access().login(&cluster.url, user, PASSWORD).await?;
    ws.sync(&SyncClient::new(&cluster.url)?).await?;
    Ok((ws, dir))
}

/// Runs `edits` edits from A to B on `ward` (already seeded with `patients`).
pub async fn measure(
    cluster: &Cluster,
    ward: &str,
    patients: &[PatientId],
    edits: usize,
) -> Result<Incremental> {
    cluster.user("bench.nurse.a", &[Role::Nurse]).await?;
    cluster.user("bench.nurse.b", &[Role::Nurse]).await?;
    let (a, _dir_a) = workstation(cluster, ward, "bench.nurse.a").await?;
    let (b, _dir_b) = workstation(cluster, ward, "bench.nurse.b").await?;
    let client = SyncClient::new(&cluster.url)?;
    let mut feed = b.link().live_feed(&cluster.url).await?;
    let mut rng = StdRng::seed_from_u64(SEED);
    let mut figures = Incremental {
        visible: Samples::default(),
        send: Samples::default(),
    };
    for _ in 0..edits {
        let patient = patients[rng.random_range(0..patients.len())];
        let signs = VitalSigns {
            temperature: None,
            pulse_bpm: Some(rng.random_range(55..110)),
            systolic_mmhg: Some(rng.random_range(100..150)),
            diastolic_mmhg: Some(rng.random_range(60..95)),
            respiratory_rate: None,
            spo2_pct: Some(rng.random_range(93..100)),
            weight: None,
            ..Default::default()
        };
        // As two windows run: A sends its edit at once; B, on its own, syncs whenever
        // its live feed hears of a change, until it holds the record.
        let started = Instant::now();
        let record = a.charts().record_vitals(patient, signs)?.to_string();
        let send = async {
            a.sync(&client).await?;
            anyhow::Ok(started.elapsed())
        };
        let receive = async {
            loop {
                let pushed = tokio::time::timeout(PUSH_TIMEOUT, feed.changed())
                    .await
                    .context("B heard no push")??;
                if !pushed {
                    feed = b.link().live_feed(&cluster.url).await?;
                    continue;
                }
                b.sync(&client).await?;
                let vitals: Vec<Entry<Vitals>> = b.store().records(&patient.to_string())?;
                if vitals.iter().any(|v| v.record_id == record) {
                    return anyhow::Ok(started.elapsed());
                }
            }
        };
        let (sent, held) = tokio::try_join!(send, receive)?;
        figures.send.push(sent);
        figures.visible.push(held);
    }
    ensure!(figures.visible.len() == edits, "every edit arrived");
    Ok(figures)
}
