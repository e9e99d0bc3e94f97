//! The local store: opening a chart, searching patients and writing a note, on the
//! encrypted SQLCipher store and on the same code over plain SQLite.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Result;
use bedside_client::{OsKeyring, Workstation};
use bedside_shared::PatientId;
use bedside_shared::chart::NoteKind;
use bedside_shared::sync::{DocSnapshot, Hash, Replica};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::stats::Samples;
use crate::ward::{PatientCharts, SEED};

/// Figures for one kind of store.
#[derive(Debug, Clone)]
pub struct LocalFigures {
    /// Taking the whole ward in (as a first sync stores it), seconds: the median of
    /// [`take_ins`], or the one take-in of this store.
    pub import_secs: f64,
    /// The database file's size.
    pub file_bytes: u64,
    /// Opening a chart as the window does.
    pub chart_open: Samples,
    /// Searching patients by name.
    pub search: Samples,
    /// Beginning and signing a note.
    pub write_note: Samples,
}

/// Fresh stores of each kind the ward is taken into. One take-in is a single sample of a
/// second or so, and on a shared 2-core machine one sample moves by a fifth from run to
/// run.
pub const TAKE_INS: usize = 3;

/// Measures the store in `dir`, encrypted or plain, over `ward`, `rounds` times each.
pub fn measure(
    ward: &mut [PatientCharts],
    dir: &Path,
    encrypted: bool,
    rounds: usize,
) -> Result<LocalFigures> {
    let ws = open(dir, encrypted)?;
    let snapshots = snapshots(ward);
    let import_secs = take_in(&ws, &snapshots)?;
    let patients: Vec<PatientId> = ward.iter().map(|c| c.patient).collect();
    let mut rng = StdRng::seed_from_u64(SEED);
    let mut figures = LocalFigures {
        import_secs,
        file_bytes: 0,
        chart_open: Samples::default(),
        search: Samples::default(),
        write_note: Samples::default(),
    };
    // Whole and partial family names on the ward, in any case, and an MRN.
    let mut terms: Vec<String> = ws
        .store()
        .patients(None)?
        .iter()
        .take(5)
        .flat_map(|p| {
            let start: String = p.family_name.to_lowercase().chars().take(3).collect();
            [p.family_name.clone(), start]
        })
        .collect();
    terms.push("BENCH-000001".into());
    for round in 0..rounds {
        let patient = patients[rng.random_range(0..patients.len())];
        figures.chart_open.time(|| open_chart(&ws, patient))?;
        let term = &terms[round % terms.len()];
        let found = figures.search.time(|| ws.store().search(term, 100))?;
        anyhow::ensure!(!found.is_empty(), "search finds {term}");
        figures.write_note.time(|| -> Result<()> {
            let note = ws.charts().begin_note(
                patient,
                NoteKind::Progress,
                "Reviewed on the ward round.",
            )?;
            ws.charts().sign_note(patient, note)?;
            Ok(())
        })?;
    }
    drop(ws);
    figures.file_bytes = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".db"))
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    Ok(figures)
}

/// Medians of taking the ward into [`TAKE_INS`] fresh stores of each kind, encrypted
/// and plain taken in turn so that the machine's drift weighs on both alike.
pub fn take_ins(ward: &mut [PatientCharts], dir: &Path) -> Result<(f64, f64)> {
    let snapshots = snapshots(ward);
    let (mut encrypted, mut plain) = (Vec::new(), Vec::new());
    for _ in 0..TAKE_INS {
        for (kind, takes) in [(true, &mut encrypted), (false, &mut plain)] {
            let fresh = tempfile::tempdir_in(dir)?;
            takes.push(take_in(&open(fresh.path(), kind)?, &snapshots)?);
        }
    }
    Ok((median(encrypted), median(plain)))
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn open(dir: &Path, encrypted: bool) -> Result<Workstation> {
    let ws = if encrypted {
        Workstation::open(dir, Arc::new(OsKeyring))?
    } else {
        Workstation::open_plain(dir, Arc::new(OsKeyring))?
    };
    ws.access().begin_measuring_session("Dr Bench");
    Ok(ws)
}

/// The ward's documents as the server sends them.
fn snapshots(ward: &mut [PatientCharts]) -> Vec<DocSnapshot> {
    ward.iter_mut()
        .flat_map(|chart| chart.docs())
        .map(|(doc, automerge)| DocSnapshot {
            doc,
            heads: automerge.get_heads().into_iter().map(Hash::from).collect(),
            data: automerge.save(),
        })
        .collect()
}

/// Takes `snapshots` into `ws` as a first sync takes them in: a page of the server's
/// answer per transaction. Seconds.
fn take_in(ws: &Workstation, snapshots: &[DocSnapshot]) -> Result<f64> {
    let started = Instant::now();
    for page in snapshots.chunks(bedside_server::services::sync::PAGE as usize) {
        ws.store()
            .all_or_nothing(|store| store.replica().take_snapshots(page))?;
    }
    Ok(started.elapsed().as_secs_f64())
}

/// What the window's chart command reads.
fn open_chart(ws: &Workstation, patient: PatientId) -> Result<()> {
    ws.charts().open_chart(patient)?;
    Ok(())
}
