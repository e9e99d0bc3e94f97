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
    /// [`TAKE_INS`] fresh stores.
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

/// Fresh stores the ward is taken into. One take-in is a single sample of a second or
/// so, and on a shared 2-core machine one sample moves by a fifth from run to run.
pub const TAKE_INS: usize = 3;

/// Measures the store in `dir`, encrypted or plain, over `ward`, `rounds` times each.
pub fn measure(
    ward: &mut [PatientCharts],
    dir: &Path,
    encrypted: bool,
    rounds: usize,
) -> Result<LocalFigures> {
    let open = |dir: &Path| -> Result<Workstation> {
        let ws = if encrypted {
            Workstation::open(dir, Arc::new(OsKeyring))?
        } else {
            Workstation::open_plain(dir, Arc::new(OsKeyring))?
        };
        ws.begin_measuring_session("Dr Bench");
        Ok(ws)
    };
    let snapshots: Vec<DocSnapshot> = ward
        .iter_mut()
        .flat_map(|chart| chart.docs())
        .map(|(doc, automerge)| DocSnapshot {
            doc,
            heads: automerge.get_heads().into_iter().map(Hash::from).collect(),
            data: automerge.save(),
        })
        .collect();
    let mut takes = Vec::with_capacity(TAKE_INS);
    for _ in 1..TAKE_INS {
        let other = tempfile::tempdir_in(dir)?;
        let ws = open(other.path())?;
        takes.push(take_in(&ws, &snapshots)?);
    }
    let ws = open(dir)?;
    takes.push(take_in(&ws, &snapshots)?);
    takes.sort_by(f64::total_cmp);
    let import_secs = takes[takes.len() / 2];
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
            let note = ws.begin_note(patient, NoteKind::Progress, "Reviewed on the ward round.")?;
            ws.sign_note(patient, note)?;
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
    ws.open_chart(patient)?;
    Ok(())
}
