//! Argument parsing and output of the `bedside` command.

mod inbox;
mod orders;
mod print;
mod records;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use bedside_client::store::queries::PatientSummary;
use bedside_client::{NewPatient, OsKeyring, PatientEdit, SyncClient, Workstation};
use bedside_shared::chart::{NoteKind, Sex};
use bedside_shared::{NoteId, PatientId};
use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

#[derive(Debug, Parser)]
#[command(name = "bedside", about = "Bedside ward workstation", version)]
struct Cli {
    /// The workstation's folder (database and identity).
    #[arg(
        long,
        env = "BEDSIDE_HOME",
        global = true,
        default_value = ".bedside/workstation"
    )]
    data_dir: PathBuf,
    /// Print JSON for scripts.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Register, list, search, show and edit patients.
    #[command(subcommand)]
    Patient(PatientCommand),
    /// Book appointments.
    #[command(subcommand)]
    Appointment(AppointmentCommand),
    /// Write, edit and sign notes.
    #[command(subcommand)]
    Note(NoteCommand),
    /// Add and stop prescriptions.
    #[command(subcommand)]
    Prescription(orders::PrescriptionCommand),
    /// The medication round: scheduled doses due, overdue, given and to come, by time and
    /// bed.
    Round {
        /// Only this ward (by default every ward held here).
        #[arg(long)]
        ward: Option<String>,
    },
    /// The handover sheet and wristband labels, as PDF files.
    #[command(subcommand)]
    Print(print::PrintCommand),
    /// Allergies, problems, vitals, doses, tasks, addenda; task lists and timelines.
    #[command(subcommand)]
    Record(records::RecordCommand),
    /// Sync with the server until both sides agree.
    Sync {
        /// Base URL of the sync server (by default the one this workstation enrolled with).
        #[arg(long, env = "BEDSIDE_SERVER")]
        server: Option<String>,
    },
    /// Fields two workstations changed at once and edits the server set aside.
    Inbox,
    /// Open a chart outside this workstation's wards (an emergency), giving the reason;
    /// the reason and the opening go to the server's audit at the next sync, which also
    /// brings the chart here. Works offline for a chart already held.
    BreakGlass {
        #[arg(long)]
        patient: PatientId,
        /// Why (1 to 500 characters), e.g. "called to a cardiac arrest on ward 4".
        #[arg(long)]
        reason: String,
    },
    /// Enroll this workstation with a one-time code from IT.
    Enroll {
        /// Base URL of the sync server.
        #[arg(long, env = "BEDSIDE_SERVER")]
        server: String,
        /// The enrollment code.
        #[arg(long)]
        code: String,
        /// Trust only this CA certificate (PEM file) for the server from now on.
        #[arg(long)]
        ca: Option<PathBuf>,
    },
    /// Log in on the server (password from BEDSIDE_PASSWORD or the first line of stdin);
    /// with the server out of reach, offline from the clinician's last online login here.
    /// An offline session ends after the idle lock's time without a command.
    Login {
        /// Base URL of the sync server (by default the one this workstation enrolled with).
        #[arg(long, env = "BEDSIDE_SERVER")]
        server: Option<String>,
        /// Login name.
        #[arg(long)]
        user: String,
    },
    /// End the clinician's session here: nothing more is charted until someone logs in.
    Logout,
    /// What this workstation holds and what awaits sync.
    Status,
}

#[derive(Debug, Subcommand)]
enum PatientCommand {
    /// Register a patient (works offline; the MRN is provisional unless given).
    Add {
        #[arg(long)]
        given: String,
        #[arg(long)]
        family: String,
        /// YYYY-MM-DD
        #[arg(long)]
        birth_date: String,
        #[arg(long, value_enum)]
        sex: SexArg,
        #[arg(long)]
        ward: String,
        #[arg(long)]
        bed: Option<String>,
        #[arg(long)]
        mrn: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        address: Option<String>,
        /// Register even though patients here share the birth date and a near name
        /// (after checking they are someone else).
        #[arg(long)]
        not_a_duplicate: bool,
    },
    /// List patients in bed order, with name alerts.
    List {
        #[arg(long)]
        ward: Option<String>,
    },
    /// Find patients by bed, name or MRN.
    Search { query: String },
    /// Show a patient's chart.
    Show { patient: PatientId },
    /// Change a patient's details.
    Edit {
        patient: PatientId,
        #[arg(long)]
        given: Option<String>,
        #[arg(long)]
        family: Option<String>,
        #[arg(long)]
        birth_date: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        address: Option<String>,
        #[arg(long)]
        ward: Option<String>,
        #[arg(long)]
        bed: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum AppointmentCommand {
    /// Book an appointment.
    Add {
        #[arg(long)]
        patient: PatientId,
        #[arg(long)]
        title: String,
        /// RFC 3339, e.g. 2026-11-24T09:30:00Z
        #[arg(long)]
        at: String,
        #[arg(long, default_value_t = 30)]
        minutes: i64,
        #[arg(long)]
        location: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum NoteCommand {
    /// Begin a note (a draft unless --sign).
    Add {
        #[arg(long)]
        patient: PatientId,
        /// The kind of note; by default the one the clinician's first role writes (a
        /// nurse's note is a nursing note).
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        #[arg(long)]
        text: String,
        /// Sign it at once.
        #[arg(long)]
        sign: bool,
    },
    /// Replace a draft's text.
    Edit {
        #[arg(long)]
        patient: PatientId,
        #[arg(long)]
        note: NoteId,
        #[arg(long)]
        text: String,
    },
    /// Sign a draft.
    Sign {
        #[arg(long)]
        patient: PatientId,
        #[arg(long)]
        note: NoteId,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SexArg {
    Female,
    Male,
    Other,
    Unknown,
}

impl From<SexArg> for Sex {
    fn from(s: SexArg) -> Self {
        match s {
            SexArg::Female => Sex::Female,
            SexArg::Male => Sex::Male,
            SexArg::Other => Sex::Other,
            SexArg::Unknown => Sex::Unknown,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum KindArg {
    Progress,
    Nursing,
    Operative,
    Discharge,
}

impl From<KindArg> for NoteKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Progress => NoteKind::Progress,
            KindArg::Nursing => NoteKind::Nursing,
            KindArg::Operative => NoteKind::Operative,
            KindArg::Discharge => NoteKind::Discharge,
        }
    }
}

/// Runs the command line; the exit status is 0 on success, 1 on failure.
pub fn run() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("BEDSIDE_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let json = cli.json;
    match execute(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let client = e.downcast_ref::<bedside_client::Error>();
            let code = client.map_or("INTERNAL_ERROR", |e| e.code().as_str());
            if json {
                let mut body =
                    serde_json::json!({"error": {"code": code, "message": format!("{e:#}")}});
                if let Some(rule) = client.and_then(bedside_client::Error::rule) {
                    body["error"]["rule"] = serde_json::json!(rule);
                }
                eprintln!("{body}");
            } else {
                eprintln!("bedside: {e:#}");
            }
            ExitCode::FAILURE
        }
    }
}

#[allow(clippy::print_stdout)]
fn emit<T: Serialize>(json: bool, value: &T, text: impl FnOnce() -> String) {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(value).expect("values serialize")
        );
    } else {
        println!("{}", text());
    }
}

/// Shows the possible duplicates; at a terminal, asks whether this is someone else.
#[allow(clippy::print_stdout)]
fn confirmed_as_new(json: bool, candidates: &[PatientSummary]) -> bool {
    use std::io::{BufRead, IsTerminal, Write};
    if json {
        println!(
            "{}",
            serde_json::json!({ "possible_duplicates": candidates })
        );
        return false;
    }
    eprintln!("possible duplicates:\n{}", patient_lines(candidates));
    if !std::io::stdin().is_terminal() {
        return false;
    }
    eprint!("Register a new patient anyway? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    let _ = std::io::stdin().lock().read_line(&mut answer);
    matches!(answer.trim(), "y" | "Y" | "yes")
}

/// The server given, else the one this workstation enrolled with.
fn enrolled_server(ws: &Workstation, given: Option<String>) -> anyhow::Result<String> {
    match given {
        Some(server) => Ok(server),
        None => ws
            .link()
            .server()?
            .context("this workstation is not enrolled: give --server (or BEDSIDE_SERVER)"),
    }
}

/// A code or kind by its wire name (`FORBIDDEN`, `note_signed`), as `--json` prints it.
fn wire_name<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .trim_matches('"')
        .to_owned()
}

/// "1 patient", "2 patients".
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn patient_lines(patients: &[PatientSummary]) -> String {
    if patients.is_empty() {
        return "no patients".into();
    }
    patients
        .iter()
        .map(|p| {
            let alert = if p.namesakes.is_empty() {
                String::new()
            } else {
                "  NAME ALERT".to_owned()
            };
            let shared = if p.bed_shared { "  BED SHARED" } else { "" };
            format!(
                "{}  {:<14} {}, {}  born {}  {} bed {}{alert}{shared}",
                p.patient_id,
                p.mrn,
                p.family_name,
                p.given_name,
                p.birth_date,
                p.ward,
                p.bed.as_deref().unwrap_or("-")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn execute(cli: Cli) -> anyhow::Result<()> {
    let mut ws = Workstation::open(&cli.data_dir, Arc::new(OsKeyring))
        .with_context(|| format!("opening the workstation in {}", cli.data_dir.display()))?;
    // Whoever ran `bedside login` here is the author of what these commands chart.
    ws.access().resume_session()?;
    let json = cli.json;
    match cli.command {
        Command::Patient(PatientCommand::Add {
            given,
            family,
            birth_date,
            sex,
            ward,
            bed,
            mrn,
            phone,
            address,
            not_a_duplicate,
        }) => {
            let candidates = ws
                .charts()
                .possible_duplicates(&given, &family, &birth_date)?;
            if !candidates.is_empty() && !not_a_duplicate && !confirmed_as_new(json, &candidates) {
                return Err(bedside_client::Error::Conflict(format!(
                    "{} here may be the same person (same birth date, a near name): check, \
                     then register with --not-a-duplicate if this is someone else",
                    plural(candidates.len(), "patient", "patients")
                ))
                .into());
            }
            let id = ws.charts().register_patient(NewPatient {
                mrn,
                given_name: given,
                family_name: family,
                birth_date,
                sex: sex.into(),
                phone,
                address,
                ward,
                bed,
            })?;
            emit(json, &serde_json::json!({"patient_id": id}), || {
                format!("registered {id}")
            });
        }
        Command::Patient(PatientCommand::List { ward }) => {
            let patients = ws.charts().ward_list(ward.as_deref())?;
            emit(json, &patients, || patient_lines(&patients));
        }
        Command::Patient(PatientCommand::Search { query }) => {
            let patients = ws.charts().find_patients(&query, 50)?;
            emit(json, &patients, || patient_lines(&patients));
        }
        Command::Patient(PatientCommand::Show { patient }) => {
            ws.charts().may_open(&patient.to_string())?;
            let chart = ws
                .store()
                .chart_view(&patient.to_string())?
                .context("no such patient here")?;
            emit(json, &chart, || {
                serde_json::to_string_pretty(&chart).expect("serializes")
            });
        }
        Command::Patient(PatientCommand::Edit {
            patient,
            given,
            family,
            birth_date,
            phone,
            address,
            ward,
            bed,
        }) => {
            let edit = PatientEdit {
                given_name: given,
                family_name: family,
                birth_date,
                phone,
                address,
                ward,
                bed,
            };
            ws.charts().edit_patient(patient, edit)?;
            emit(json, &serde_json::json!({"patient_id": patient}), || {
                format!("updated {patient}")
            });
        }
        Command::Appointment(AppointmentCommand::Add {
            patient,
            title,
            at,
            minutes,
            location,
        }) => {
            let id = ws.charts().schedule_appointment(
                patient,
                &title,
                &at,
                minutes,
                location.as_deref(),
            )?;
            emit(json, &serde_json::json!({"appointment_id": id}), || {
                format!("booked {id}")
            });
        }
        Command::Note(NoteCommand::Add {
            patient,
            kind,
            text,
            sign,
        }) => {
            let kind = match kind {
                Some(kind) => kind.into(),
                None => ws.charts().default_note_kind()?,
            };
            let note = ws.charts().begin_note(patient, kind, &text)?;
            if sign {
                ws.charts().sign_note(patient, note)?;
            }
            let state = if sign { "signed" } else { "draft" };
            emit(
                json,
                &serde_json::json!({"note_id": note, "status": state}),
                || format!("{state} note {note}"),
            );
        }
        Command::Note(NoteCommand::Edit {
            patient,
            note,
            text,
        }) => {
            ws.charts().write_note(patient, note, &text)?;
            emit(json, &serde_json::json!({"note_id": note}), || {
                format!("saved note {note}")
            });
        }
        Command::Note(NoteCommand::Sign { patient, note }) => {
            ws.charts().sign_note(patient, note)?;
            emit(
                json,
                &serde_json::json!({"note_id": note, "status": "signed"}),
                || format!("signed note {note}"),
            );
        }
        Command::Prescription(command) => orders::run(&ws, json, command)?,
        Command::Round { ward } => orders::round(&ws, json, ward.as_deref())?,
        Command::Print(command) => print::run(&ws, json, command)?,
        Command::Sync { server } => {
            let client = SyncClient::new(&enrolled_server(&ws, server)?)?;
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            let report = runtime.block_on(ws.sync(&client))?;
            let status = ws.status()?;
            let out = serde_json::json!({
                "round_trips": report.round_trips,
                "documents_offered": report.offered,
                "snapshots_received": report.snapshots,
                "changes_received": report.changes_received,
                "rejected": report.rejected.iter().map(|(doc, r)| serde_json::json!({"document": doc, "code": r.code, "message": r.message})).collect::<Vec<_>>(),
                "pending_changes": status.pending_changes,
            });
            emit(json, &out, || {
                format!(
                    "synced in {}: {} offered, {} received whole, {} received; {} pending, {} rejected",
                    plural(report.round_trips, "round trip", "round trips"),
                    plural(report.offered, "document", "documents"),
                    report.snapshots,
                    plural(report.changes_received, "change", "changes"),
                    plural(
                        usize::try_from(status.pending_changes).unwrap_or_default(),
                        "change",
                        "changes"
                    ),
                    report.rejected.len()
                )
            });
        }
        Command::Inbox => inbox::inbox(&ws, json)?,
        Command::BreakGlass { patient, reason } => {
            let grant = ws.charts().break_glass(patient, reason.trim())?;
            let opened = serde_json::json!({
                "grant_id": grant.grant_id,
                "patient_id": grant.patient_id,
                "expires_at": grant.expires_at,
            });
            emit(json, &opened, || {
                format!(
                    "chart {patient} opened until {} (the reason is recorded); \
                     `bedside sync` brings it here",
                    grant.expires_at
                )
            });
        }
        Command::Login { server, user } => {
            let password = match std::env::var("BEDSIDE_PASSWORD") {
                Ok(password) => password,
                Err(_) => {
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            let server = enrolled_server(&ws, server)?;
            // Out of reach, the server is stood in for by what the clinician's last online
            // login here cached (a refusal by a server that answers is final).
            let clinician = runtime.block_on(
                ws.access()
                    .login_online_or_offline(&server, &user, &password),
            )?;
            ws.access().keep_offline_session()?;
            emit(json, &clinician, || {
                if clinician.offline {
                    format!(
                        "logged in offline as {} (the server is out of reach: what you chart \
                         syncs after an online login; the session ends after {} idle minutes)",
                        clinician.display_name,
                        bedside_client::login::LOCK_AFTER.as_secs() / 60
                    )
                } else {
                    format!("logged in as {}", clinician.display_name)
                }
            });
        }
        Command::Logout => {
            // Also a session that lapsed: nothing of it is left for a later command.
            ws.access().logout()?;
            emit(json, &serde_json::json!({"logged_out": true}), || {
                "logged out".to_owned()
            });
        }
        Command::Enroll { server, code, ca } => {
            let ca = ca
                .map(|path| {
                    std::fs::read_to_string(&path)
                        .with_context(|| format!("reading the CA file {}", path.display()))
                })
                .transpose()?;
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            let enrolled =
                runtime.block_on(ws.link().enroll_pinned(&server, &code, ca.as_deref()))?;
            emit(json, &enrolled, || {
                format!(
                    "enrolled {} as {} for ward(s) {}",
                    enrolled.device_id,
                    enrolled.profile.as_str(),
                    enrolled.wards.join(", ")
                )
            });
        }
        Command::Record(command) => records::run(&mut ws, json, command)?,
        Command::Status => {
            let status = ws.status()?;
            emit(json, &status, || {
                format!(
                    "device {}\npatients {}\ndocuments {}\npending changes {}\nlast sync {}",
                    status.device_id,
                    status.patients,
                    status.documents,
                    status.pending_changes,
                    status.last_sync.as_deref().unwrap_or("never")
                )
            });
        }
    }
    Ok(())
}
