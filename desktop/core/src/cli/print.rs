//! `bedside print ...`: the handover sheet and wristband labels as PDF files, written
//! where the clinician says (like a printout, the file holds patient data in the clear).

use std::path::PathBuf;

use anyhow::Context;
use bedside_client::Workstation;
use bedside_shared::PatientId;
use clap::Subcommand;

use super::emit;

#[derive(Debug, Subcommand)]
pub(super) enum PrintCommand {
    /// The handover sheet (SBAR for each admitted patient, in bed order).
    Handover {
        /// Only this ward (by default every ward held here).
        #[arg(long)]
        ward: Option<String>,
        /// The PDF file to write.
        #[arg(long)]
        out: PathBuf,
    },
    /// A patient's wristband label, with a QR code of the MRN.
    Wristband {
        #[arg(long)]
        patient: PatientId,
        /// The PDF file to write.
        #[arg(long)]
        out: PathBuf,
    },
}

pub(super) fn run(ws: &Workstation, json: bool, command: PrintCommand) -> anyhow::Result<()> {
    let (pdf, out) = match command {
        PrintCommand::Handover { ward, out } => (ws.charts().handover_sheet(ward.as_deref())?, out),
        PrintCommand::Wristband { patient, out } => (ws.charts().wristband(patient)?, out),
    };
    std::fs::write(&out, &pdf).with_context(|| format!("writing {}", out.display()))?;
    emit(
        json,
        &serde_json::json!({"file": out, "bytes": pdf.len()}),
        || format!("wrote {} ({} bytes)", out.display(), pdf.len()),
    );
    Ok(())
}
