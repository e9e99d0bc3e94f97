//! `bedside record ...`: allergies, problems, vital signs, administrations, tasks and
//! addenda from the command line, plus the task lists and a patient's timeline.

use bedside_client::store::records::TaskList;
use bedside_client::{NewAllergy, NewProblem, NewTask, VitalSigns, Workstation};
use bedside_shared::chart::{
    AdministrationOutcome, Consciousness, Priority, Severity, Spo2Scale, TaskStatus, Temperature,
    TemperatureUnit, Weight, WeightUnit,
};
use bedside_shared::{NoteId, PatientId, PrescriptionId, RecordId};
use clap::{Subcommand, ValueEnum};

use super::{emit, wire_name};

#[derive(Debug, Subcommand)]
pub(super) enum RecordCommand {
    /// Record an allergy.
    Allergy {
        #[arg(long)]
        patient: PatientId,
        #[arg(long)]
        substance: String,
        #[arg(long)]
        reaction: String,
        #[arg(long, value_enum, default_value = "moderate")]
        severity: SeverityArg,
    },
    /// Add a problem (ICD-10 code and text).
    Problem {
        #[arg(long)]
        patient: PatientId,
        #[arg(long)]
        code: String,
        #[arg(long)]
        text: String,
        /// YYYY-MM-DD
        #[arg(long)]
        onset: Option<String>,
    },
    /// Record vital signs taken now.
    Vitals {
        #[arg(long)]
        patient: PatientId,
        /// Degrees Celsius.
        #[arg(long)]
        temp_c: Option<f64>,
        /// Degrees Fahrenheit.
        #[arg(long, conflicts_with = "temp_c")]
        temp_f: Option<f64>,
        #[arg(long)]
        pulse: Option<i64>,
        /// Blood pressure as SYSTOLIC/DIASTOLIC, e.g. 120/80.
        #[arg(long)]
        bp: Option<String>,
        #[arg(long)]
        resp: Option<i64>,
        #[arg(long)]
        spo2: Option<i64>,
        #[arg(long)]
        weight_kg: Option<f64>,
        /// Level of consciousness (ACVPU).
        #[arg(long, value_enum)]
        consciousness: Option<ConsciousnessArg>,
        /// On supplemental oxygen (`--oxygen true`) or room air (`--oxygen false`).
        #[arg(long)]
        oxygen: Option<bool>,
        /// When the set was taken (RFC 3339, e.g. 2026-12-06T03:00:00Z); now by default.
        #[arg(long)]
        taken_at: Option<String>,
        /// Score SpO₂ on NEWS2 scale 2 (a target of 88–92 %, chosen by a clinician).
        #[arg(long)]
        spo2_scale_2: bool,
    },
    /// Record a dose given, held or refused.
    Dose {
        #[arg(long)]
        patient: PatientId,
        #[arg(long)]
        prescription: PrescriptionId,
        #[arg(long, value_enum)]
        outcome: OutcomeArg,
        #[arg(long)]
        note: Option<String>,
        /// When it was given, held or refused (RFC 3339); now by default.
        #[arg(long)]
        given_at: Option<String>,
        /// Why an as-needed dose is given inside its minimum interval or beyond its
        /// daily maximum (refused without one).
        #[arg(long)]
        override_reason: Option<String>,
    },
    /// Mark a dose recorded in error (it stays on the record, marked), with why.
    DoseInError {
        #[arg(long)]
        patient: PatientId,
        /// The dose's record id.
        #[arg(long)]
        dose: RecordId,
        #[arg(long)]
        reason: String,
    },
    /// Add a task.
    Task {
        #[arg(long)]
        patient: PatientId,
        #[arg(long)]
        title: String,
        #[arg(long)]
        assignee: Option<String>,
        /// RFC 3339
        #[arg(long)]
        due: Option<String>,
        #[arg(long)]
        urgent: bool,
    },
    /// Mark a task done.
    Done {
        #[arg(long)]
        patient: PatientId,
        #[arg(long)]
        task: RecordId,
    },
    /// Add an addendum to a signed note.
    Addendum {
        #[arg(long)]
        patient: PatientId,
        #[arg(long)]
        note: NoteId,
        #[arg(long)]
        text: String,
    },
    /// List open tasks: assigned to a user, due by a day, or urgent.
    Tasks {
        #[arg(long)]
        assignee: Option<String>,
        /// YYYY-MM-DD
        #[arg(long)]
        due_by: Option<String>,
    },
    /// A patient's timeline.
    Timeline { patient: PatientId },
    /// A patient's records with their values: allergies, problems, vital signs with
    /// NEWS2, doses and tasks (opening the chart, audited).
    List {
        #[arg(long)]
        patient: PatientId,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum SeverityArg {
    Mild,
    Moderate,
    Severe,
    LifeThreatening,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum ConsciousnessArg {
    Alert,
    NewConfusion,
    Voice,
    Pain,
    Unresponsive,
}

impl From<ConsciousnessArg> for Consciousness {
    fn from(arg: ConsciousnessArg) -> Self {
        match arg {
            ConsciousnessArg::Alert => Self::Alert,
            ConsciousnessArg::NewConfusion => Self::NewConfusion,
            ConsciousnessArg::Voice => Self::Voice,
            ConsciousnessArg::Pain => Self::Pain,
            ConsciousnessArg::Unresponsive => Self::Unresponsive,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum OutcomeArg {
    Given,
    Held,
    Refused,
}

fn blood_pressure(bp: Option<&str>) -> anyhow::Result<(Option<i64>, Option<i64>)> {
    let Some(bp) = bp else {
        return Ok((None, None));
    };
    let (s, d) = bp
        .split_once('/')
        .ok_or_else(|| anyhow::anyhow!("blood pressure is written SYSTOLIC/DIASTOLIC"))?;
    Ok((Some(s.trim().parse()?), Some(d.trim().parse()?)))
}

fn recorded(json: bool, id: RecordId, what: &str) {
    emit(json, &serde_json::json!({"record_id": id}), || {
        format!("{what} {id}")
    });
}

pub(super) fn run(ws: &mut Workstation, json: bool, command: RecordCommand) -> anyhow::Result<()> {
    match command {
        RecordCommand::Allergy {
            patient,
            substance,
            reaction,
            severity,
        } => {
            let severity = match severity {
                SeverityArg::Mild => Severity::Mild,
                SeverityArg::Moderate => Severity::Moderate,
                SeverityArg::Severe => Severity::Severe,
                SeverityArg::LifeThreatening => Severity::LifeThreatening,
            };
            let new = NewAllergy {
                substance,
                reaction,
                severity,
            };
            recorded(
                json,
                ws.charts().record_allergy(patient, new)?,
                "recorded allergy",
            );
        }
        RecordCommand::Problem {
            patient,
            code,
            text,
            onset,
        } => {
            let new = NewProblem { code, text, onset };
            recorded(
                json,
                ws.charts().add_problem(patient, new)?,
                "added problem",
            );
        }
        RecordCommand::Vitals {
            patient,
            temp_c,
            temp_f,
            pulse,
            bp,
            resp,
            spo2,
            weight_kg,
            consciousness,
            oxygen,
            taken_at,
            spo2_scale_2,
        } => {
            let (systolic, diastolic) = blood_pressure(bp.as_deref())?;
            let temperature = temp_c
                .map(|value| Temperature {
                    value,
                    unit: TemperatureUnit::Celsius,
                })
                .or(temp_f.map(|value| Temperature {
                    value,
                    unit: TemperatureUnit::Fahrenheit,
                }));
            let signs = VitalSigns {
                temperature,
                pulse_bpm: pulse,
                systolic_mmhg: systolic,
                diastolic_mmhg: diastolic,
                respiratory_rate: resp,
                spo2_pct: spo2,
                weight: weight_kg.map(|value| Weight {
                    value,
                    unit: WeightUnit::Kg,
                }),
                consciousness: consciousness.map(Consciousness::from),
                on_oxygen: oxygen,
                spo2_scale: spo2_scale_2.then_some(Spo2Scale::Scale2),
                taken_at,
            };
            recorded(
                json,
                ws.charts().record_vitals(patient, signs)?,
                "recorded vitals",
            );
        }
        RecordCommand::Dose {
            patient,
            prescription,
            outcome,
            note,
            given_at,
            override_reason,
        } => {
            let outcome = match outcome {
                OutcomeArg::Given => AdministrationOutcome::Given,
                OutcomeArg::Held => AdministrationOutcome::Held,
                OutcomeArg::Refused => AdministrationOutcome::Refused,
            };
            let id = ws.charts().record_administration(
                patient,
                prescription,
                outcome,
                note.as_deref(),
                given_at.as_deref(),
                override_reason.as_deref(),
            )?;
            recorded(json, id, "recorded dose");
        }
        RecordCommand::DoseInError {
            patient,
            dose,
            reason,
        } => {
            let id = ws.charts().mark_dose_in_error(patient, dose, &reason)?;
            recorded(json, id, "marked the dose entered in error");
        }
        RecordCommand::Task {
            patient,
            title,
            assignee,
            due,
            urgent,
        } => {
            let priority = if urgent {
                Priority::Urgent
            } else {
                Priority::Routine
            };
            let new = NewTask {
                title,
                assignee,
                due,
                priority,
            };
            recorded(json, ws.charts().add_task(patient, new)?, "added task");
        }
        RecordCommand::Done { patient, task } => {
            ws.charts()
                .set_task_status(patient, task, TaskStatus::Done)?;
            recorded(json, task, "done");
        }
        RecordCommand::Addendum {
            patient,
            note,
            text,
        } => recorded(
            json,
            ws.charts().add_addendum(patient, note, &text)?,
            "added addendum",
        ),
        RecordCommand::Tasks { assignee, due_by } => {
            let list = match (&assignee, &due_by) {
                (Some(user), _) => TaskList::AssignedTo(user),
                (None, Some(day)) => TaskList::DueBy(day),
                (None, None) => TaskList::Urgent,
            };
            let tasks = ws.charts().tasks(list)?;
            emit(json, &tasks, || {
                tasks
                    .iter()
                    .map(|t| {
                        format!(
                            "{}  {:?}  {}  due {}",
                            t.record_id,
                            t.task.priority,
                            t.task.title,
                            t.task.due.as_deref().unwrap_or("-")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        RecordCommand::List { patient } => super::inbox::records(ws, json, patient)?,
        RecordCommand::Timeline { patient } => {
            ws.charts().may_open(&patient.to_string())?;
            let events = ws.store().timeline(&patient.to_string())?;
            emit(json, &events, || {
                events
                    .iter()
                    .map(|e| {
                        let who = e
                            .who
                            .as_deref()
                            .map(|w| format!("  by {w}"))
                            .unwrap_or_default();
                        let kind = wire_name(&e.kind);
                        format!("{}  {kind:<22} {}{who}  ({})", e.at, e.what, e.id)
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
    }
    Ok(())
}
