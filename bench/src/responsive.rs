//! The window's commands while the network is slow: a workstation on the ward opens
//! charts and records vital signs while a 50 MiB document uploads, and while a sync waits
//! on a server that accepted the connection and never answers; and how long that sync
//! takes to call the server out of reach.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use bedside_client::{NewDocument, OsKeyring, SyncClient, VitalSigns, Workstation};
use bedside_shared::PatientId;
use bedside_shared::access::Role;
use bedside_shared::chart::DocumentCategory;
use rand::rngs::StdRng;
use rand::{Rng, RngCore, SeedableRng};
use tokio::net::TcpListener;

use crate::cluster::{Cluster, PASSWORD};
use crate::stats::Samples;
use crate::ward::SEED;

/// The document uploaded while commands are measured.
const UPLOAD_BYTES: usize = 50 * 1024 * 1024;

/// Between two measured commands (a clinician does not click continuously).
const PAUSE: Duration = Duration::from_millis(10);

/// Figures of the responsiveness run.
#[derive(Debug)]
pub struct Responsive {
    /// Commands while the 50 MiB upload was under way.
    pub during_upload: Samples,
    /// How long the sync carrying the upload took, seconds.
    pub upload_secs: f64,
    /// Commands while a sync waited on a silent server.
    pub during_silence: Samples,
    /// How long that sync took to give up as offline, seconds.
    pub silent_offline_secs: f64,
}

/// Opens charts and records vital signs, one command every [`PAUSE`], until `done`; each
/// command runs as the window runs it, on a worker of the runtime the sync also uses.
async fn commands(
    ws: Arc<Workstation>,
    patients: Vec<PatientId>,
    done: Arc<AtomicBool>,
) -> Result<Samples> {
    let mut rng = StdRng::seed_from_u64(SEED);
    let mut samples = Samples::default();
    while !done.load(Ordering::Acquire) {
        let patient = patients[rng.random_range(0..patients.len())];
        let signs = VitalSigns {
            pulse_bpm: Some(rng.random_range(55..110)),
            ..VitalSigns::default()
        };
        tokio::task::block_in_place(|| -> Result<()> {
            samples.time(|| ws.charts().open_chart(patient).map(drop))?;
            samples.time(|| ws.charts().record_vitals(patient, signs).map(drop))?;
            Ok(())
        })?;
        tokio::time::sleep(PAUSE).await;
    }
    Ok(samples)
}

/// Runs `sync` while [`commands`] are measured in a task of their own; returns the
/// samples, how long `sync` took and what it gave.
async fn while_syncing<F>(
    ws: &Arc<Workstation>,
    patients: &[PatientId],
    sync: F,
) -> Result<(Samples, f64, bedside_client::Result<()>)>
where
    F: Future<Output = bedside_client::Result<()>>,
{
    let done = Arc::new(AtomicBool::new(false));
    let measuring = tokio::spawn(commands(ws.clone(), patients.to_vec(), done.clone()));
    let started = Instant::now();
    let synced = sync.await;
    let secs = started.elapsed().as_secs_f64();
    done.store(true, Ordering::Release);
    let samples = measuring.await??;
    Ok((samples, secs, synced))
}

/// A server that takes connections and never answers (a hung process, a half-open
/// link); its address.
async fn silent_server() -> Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    Ok(format!("http://{addr}"))
}

/// Measures on `ward` (already seeded with `patients`).
pub async fn measure(cluster: &Cluster, ward: &str, patients: &[PatientId]) -> Result<Responsive> {
    cluster.user("bench.nurse.slow", &[Role::Nurse]).await?;
    let dir = tempfile::tempdir()?;
    let ws = Arc::new(Workstation::open(dir.path(), Arc::new(OsKeyring))?);
    let code = cluster.ward_code(ward).await?;
    ws.link().enroll(&cluster.url, &code).await?;
    ws.access()
        .login(&cluster.url, "bench.nurse.slow", PASSWORD)
        .await?;
    let client = SyncClient::new(&cluster.url)?;
    ws.sync(&client).await?;

    let mut bytes = vec![0; UPLOAD_BYTES];
    StdRng::seed_from_u64(SEED).fill_bytes(&mut bytes);
    ws.documents().capture_document(
        patients[0],
        NewDocument {
            category: DocumentCategory::Radiology,
            file_name: "ct-abdomen.pdf".into(),
            mime_type: "application/pdf".into(),
            bytes,
            replace_oldest: false,
        },
    )?;
    let (during_upload, upload_secs, uploaded) =
        while_syncing(&ws, patients, async { ws.sync(&client).await.map(drop) }).await?;
    uploaded.context("the sync carrying the upload")?;
    let waiting = ws.documents().uploads_waiting()?;
    anyhow::ensure!(
        waiting.is_empty(),
        "the document was uploaded; still waiting: {waiting:?}"
    );

    let silent = SyncClient::new(&silent_server().await?)?;
    let (during_silence, silent_offline_secs, gave_up) =
        while_syncing(&ws, patients, async { ws.sync(&silent).await.map(drop) }).await?;
    anyhow::ensure!(
        matches!(gave_up, Err(bedside_client::Error::Offline(_))),
        "a silent server is out of reach: {gave_up:?}"
    );
    Ok(Responsive {
        during_upload,
        upload_secs,
        during_silence,
        silent_offline_secs,
    })
}
