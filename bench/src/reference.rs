//! The same ward replicated by the reference Automerge stack (automerge-repo's sync
//! server and its Node client, in `bench/reference/`), on this machine in this run.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};
use serde::Deserialize;
use serde_json::json;

use crate::ward::PatientCharts;

/// What one reference run did.
#[derive(Debug, Clone, Deserialize)]
pub struct ReferenceRun {
    /// Charts asked for.
    pub charts: usize,
    /// Documents (two per chart).
    pub documents: usize,
    /// Client A creating every document until the server held them, seconds.
    pub upload_seconds: Option<f64>,
    /// A fresh client receiving (and storing) every document from the server just
    /// restarted on its data.
    pub cold: Option<Replicated>,
    /// Another fresh client doing the same at once after.
    pub warm: Option<Replicated>,
    /// True when both had everything within the time bound.
    pub completed: bool,
    /// Documents the client in progress had when the bound passed (if it did).
    #[serde(default, rename = "documents_ready")]
    pub ready: Option<usize>,
    /// Documents the fresh clients asked for again after the server first called them unavailable.
    #[serde(default)]
    pub finds_repeated: usize,
}

/// One fresh client's replication of the ward.
#[derive(Debug, Clone, Deserialize)]
pub struct Replicated {
    /// From its repo's creation until it held and had stored every document.
    pub seconds: f64,
    /// What it received.
    pub bytes_received: u64,
}

/// Writes the charts as plain JSON (the reference's input).
pub fn write_ward(charts: &mut [PatientCharts], path: &Path) -> Result<()> {
    let charts: Vec<serde_json::Value> = charts
        .iter_mut()
        .map(|c| {
            json!({
                "patient_id": c.patient.to_string(),
                "registration": serde_json::to_value(automerge::AutoSerde::from(&c.registration)).expect("JSON"),
                "clinical": serde_json::to_value(automerge::AutoSerde::from(&c.clinical)).expect("JSON"),
            })
        })
        .collect();
    std::fs::write(path, serde_json::to_vec(&json!({ "charts": charts }))?)?;
    Ok(())
}

/// Replicates the first `charts` charts of the ward file through the reference stack.
pub fn run(dir: &Path, ward: &Path, charts: usize, timeout_secs: u64) -> Result<ReferenceRun> {
    let output = Command::new("node")
        .current_dir(dir)
        .arg("replicate.mjs")
        .arg("--ward")
        .arg(ward)
        .args(["--charts", &charts.to_string()])
        .args(["--timeout-secs", &timeout_secs.to_string()])
        .output()
        .context("running the reference (node)")?;
    if !output.status.success() {
        // The whole log (it names folders of this run) goes to the terminal; the report
        // keeps the harness's closing summary.
        let log = String::from_utf8_lossy(&output.stderr);
        eprint!("{log}");
        let summary = log.lines().rev().find(|l| !l.trim().is_empty());
        anyhow::bail!(
            "the reference run failed ({})",
            summary.map_or("it printed nothing", str::trim)
        );
    }
    let line = String::from_utf8_lossy(&output.stdout);
    let line = line
        .lines()
        .last()
        .context("the reference printed nothing")?;
    Ok(serde_json::from_str(line)?)
}
