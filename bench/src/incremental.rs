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
#[derive(Debug, Default)]
pub struct Incremental {
    /// The first edit of each chart since the server started (the server loads the
    /// chart from its store): A's edit until B holds it.
    pub first_visible: Samples,
    /// Of which: A's sync.
    pub first_send: Samples,
    /// Later edits (the chart in the server's cache, as for every chart edited since
    /// it started): A's edit until B holds it.
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

/// Edits every chart of `ward` (seeded with `patients`) once from A to B, then runs
/// `edits` more on charts picked at random.
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
    let mut pair = Pair {
        a,
        b,
        client: SyncClient::new(&cluster.url)?,
        url: cluster.url.clone(),
        feed: None,
        rng: StdRng::seed_from_u64(SEED),
    };
    pair.feed = Some(pair.b.link().live_feed(&cluster.url).await?);
    let mut figures = Incremental::default();
    for &patient in patients {
        let (held, sent) = pair.edit(patient).await?;
        figures.first_visible.push(held);
        figures.first_send.push(sent);
    }
    for _ in 0..edits {
        let patient = patients[pair.rng.random_range(0..patients.len())];
        let (held, sent) = pair.edit(patient).await?;
        figures.visible.push(held);
        figures.send.push(sent);
    }
    ensure!(figures.visible.len() == edits, "every edit arrived");
    Ok(figures)
}

/// Workstations A and B, and B's live feed.
struct Pair {
    a: Workstation,
    b: Workstation,
    client: SyncClient,
    url: String,
    feed: Option<bedside_client::live::LiveFeed>,
    rng: StdRng,
}

impl Pair {
    /// One edit on A until B holds it: the time until B holds it, and A's sync.
    async fn edit(&mut self, patient: PatientId) -> Result<(Duration, Duration)> {
        let rng = &mut self.rng;
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
        let (a, b, client, url) = (&self.a, &self.b, &self.client, &self.url);
        let feed = self.feed.as_mut().context("B listens")?;
        // As two windows run: A sends its edit at once; B, on its own, syncs whenever
        // its live feed hears of a change, until it holds the record.
        let started = Instant::now();
        let record = a.charts().record_vitals(patient, signs)?.to_string();
        let send = async {
            a.sync(client).await?;
            anyhow::Ok(started.elapsed())
        };
        let receive = async {
            loop {
                let pushed = tokio::time::timeout(PUSH_TIMEOUT, feed.changed())
                    .await
                    .context("B heard no push")??;
                if !pushed {
                    *feed = b.link().live_feed(url).await?;
                    continue;
                }
                b.sync(client).await?;
                let vitals: Vec<Entry<Vitals>> = b.store().records(&patient.to_string())?;
                if vitals.iter().any(|v| v.record_id == record) {
                    return anyhow::Ok(started.elapsed());
                }
            }
        };
        let (sent, held) = tokio::try_join!(send, receive)?;
        Ok((held, sent))
    }
}
