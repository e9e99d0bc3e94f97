//! `bedside prescription ...` and `bedside round`: medication orders with their schedule,
//! and the ward's medication round.

use bedside_client::round::ScheduledDose;
use bedside_client::{NewPrescription, Workstation};
use bedside_shared::chart::Schedule;
use bedside_shared::{PatientId, PrescriptionId};
use clap::{Args, Subcommand};

use super::emit;

#[derive(Debug, Subcommand)]
pub(super) enum PrescriptionCommand {
    /// Add a medication order.
    Add(Box<NewOrder>),
    /// Stop a medication order.
    Stop {
        #[arg(long)]
        patient: PatientId,
        #[arg(long)]
        prescription: PrescriptionId,
        #[arg(long)]
        reason: String,
    },
}

/// `bedside prescription add`'s arguments.
#[derive(Debug, Args)]
pub(super) struct NewOrder {
    #[arg(long)]
    patient: PatientId,
    #[arg(long)]
    drug: String,
    #[arg(long)]
    dose: String,
    #[arg(long)]
    route: String,
    /// The frequency in words (by default the schedule's own words).
    #[arg(long, default_value = "")]
    frequency: String,
    #[command(flatten)]
    schedule: ScheduleArgs,
    /// YYYY-MM-DD
    #[arg(long)]
    start: String,
    /// Last day, YYYY-MM-DD.
    #[arg(long)]
    end: Option<String>,
    /// How many doses the course is.
    #[arg(long)]
    doses: Option<u32>,
}

/// When the doses fall: at most one kind; none for an order in words only.
#[derive(Debug, Args)]
pub(super) struct ScheduleArgs {
    /// At these times of the ward's day, e.g. 08:00,14:00,20:00.
    #[arg(long, value_delimiter = ',', conflicts_with_all = ["every", "once", "as_needed"])]
    times: Vec<String>,
    /// Every so many hours from --first (HH:MM) on the first day.
    #[arg(long, requires = "first", conflicts_with_all = ["once", "as_needed"])]
    every: Option<u32>,
    /// The first dose's time of day, with --every.
    #[arg(long, requires = "every")]
    first: Option<String>,
    /// Once, at YYYY-MM-DDTHH:MM on the ward's clock.
    #[arg(long, conflicts_with = "as_needed")]
    once: Option<String>,
    /// As needed, at least this many hours apart.
    #[arg(long)]
    as_needed: Option<u32>,
    /// With --as-needed: the most doses in any 24 hours.
    #[arg(long, requires = "as_needed")]
    max_per_day: Option<u32>,
}

impl ScheduleArgs {
    fn schedule(&self) -> Option<Schedule> {
        if !self.times.is_empty() {
            let times: Vec<&str> = self.times.iter().map(String::as_str).collect();
            return Some(Schedule::times_of_day(&times));
        }
        if let (Some(hours), Some(first)) = (self.every, &self.first) {
            return Some(Schedule::every_hours(hours, first));
        }
        if let Some(at) = &self.once {
            return Some(Schedule::once(at));
        }
        self.as_needed
            .map(|hours| Schedule::as_needed(hours, self.max_per_day))
    }
}

pub(super) fn run(
    ws: &Workstation,
    json: bool,
    command: PrescriptionCommand,
) -> anyhow::Result<()> {
    match command {
        PrescriptionCommand::Add(order) => {
            let NewOrder {
                patient,
                drug,
                dose,
                route,
                frequency,
                schedule,
                start,
                end,
                doses,
            } = *order;
            let warnings = ws.charts().allergy_warnings(patient, &drug)?;
            let id = ws.charts().prescribe(
                patient,
                NewPrescription {
                    drug,
                    dose,
                    route,
                    frequency,
                    start,
                    end,
                    schedule: schedule.schedule(),
                    doses,
                },
            )?;
            let out = serde_json::json!({"prescription_id": id, "allergy_warnings": warnings});
            emit(json, &out, || {
                let mut text = format!("prescribed {id}");
                for w in &warnings {
                    text.push_str(&format!(
                        "\nWARNING: recorded allergy to {} ({:?}, {})",
                        w.record.substance, w.record.severity, w.record.reaction
                    ));
                }
                text
            });
        }
        PrescriptionCommand::Stop {
            patient,
            prescription,
            reason,
        } => {
            ws.charts()
                .stop_prescription(patient, prescription, &reason)?;
            emit(
                json,
                &serde_json::json!({"prescription_id": prescription, "status": "stopped"}),
                || format!("stopped {prescription}"),
            );
        }
    }
    Ok(())
}

/// `bedside round`: the scheduled doses of the ward from a day back to four hours ahead,
/// by time and bed.
pub(super) fn round(ws: &Workstation, json: bool, ward: Option<&str>) -> anyhow::Result<()> {
    let doses = ws.charts().medication_round(ward)?;
    emit(json, &doses, || {
        if doses.is_empty() {
            return "no scheduled doses".into();
        }
        doses.iter().map(line).collect::<Vec<_>>().join("\n")
    });
    Ok(())
}

fn line(d: &ScheduledDose) -> String {
    let state = serde_json::to_value(d.state)
        .ok()
        .and_then(|v| v.as_str().map(str::to_uppercase))
        .unwrap_or_default();
    let mut text = format!(
        "{}  bed {:<4} {:<24} {} {} {}  {state}",
        d.due_at,
        d.bed.as_deref().unwrap_or("-"),
        d.patient_name,
        d.drug,
        d.dose,
        d.route,
    );
    if let (Some(at), Some(by)) = (&d.recorded_at, &d.recorded_by) {
        text.push_str(&format!(" at {at} by {by}"));
    }
    if !d.allergies.is_empty() {
        text.push_str(&format!("  ALLERGIES: {}", d.allergies.join(", ")));
    }
    text
}
