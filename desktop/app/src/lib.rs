//! # bedside-desktop
//!
//! The Tauri 2 shell of the ward workstation: it opens the window, forwards each
//! command to `bedside-client`, syncs in the background and tells the window about it
//! with events (`bedside://status`, `bedside://changed`). [`run_app`] builds it on any
//! Tauri runtime: the real one (`main`) or the mock runtime the command tests use.

pub mod bindings;
pub mod commands;
mod sync;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use bedside_client::{OsKeyring, Workstation};
use tauri::{Manager, Runtime};

pub use sync::{SyncState, status_of, sync_once};

/// The open workstation, or why it could not be opened, and the bell a command that
/// changed the chart rings for the background sync. The workstation is shared, not
/// locked: its parts take their own locks for the instant they need them, so a command
/// answers while a sync or an upload is on the network.
#[derive(Debug)]
pub struct Engine {
    workstation: Result<Workstation, commands::CommandError>,
    /// The workstation's folder.
    home: PathBuf,
    /// The folder holds a database this keyring cannot open (its key is missing, or
    /// another key is there): it can only be set aside and enrolled afresh.
    unreadable: bool,
    sync_soon: tokio::sync::Notify,
}

impl Engine {
    fn new(opened: bedside_client::Result<Workstation>, home: PathBuf) -> Self {
        let unreadable = matches!(
            opened,
            Err(bedside_client::Error::KeyMissing | bedside_client::Error::WrongKey)
        );
        Self {
            workstation: opened.map_err(|e| commands::CommandError::from(&e)),
            home,
            unreadable,
            sync_soon: tokio::sync::Notify::new(),
        }
    }

    /// The workstation, or why it could not be opened.
    pub fn workstation(&self) -> Result<&Workstation, &commands::CommandError> {
        self.workstation.as_ref()
    }

    /// The workstation's folder.
    pub fn home(&self) -> &Path {
        &self.home
    }

    /// True when the folder holds a database this keyring cannot open.
    pub fn unreadable(&self) -> bool {
        self.unreadable
    }

    /// Asks the background sync to run at once: the chart changed here, or a session
    /// began (one ring is kept until the sync hears it).
    pub fn sync_soon(&self) {
        self.sync_soon.notify_one();
    }

    /// Waits until something asks for a sync.
    pub async fn until_sync_asked(&self) {
        self.sync_soon.notified().await;
    }
}

/// How the shell is set up; the defaults are the installed window's.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Where the workstation keeps its data (see [`data_dir`]).
    pub home: Option<PathBuf>,
    /// How often the background sync runs when nothing wakes it sooner: else
    /// `BEDSIDE_SYNC_SECS`, else 15 s.
    pub sync_every: Option<Duration>,
}

/// Where the workstation keeps its data: `home` when given, else `BEDSIDE_HOME`, else
/// the platform's data folder for the app.
fn data_dir<R: Runtime>(app: &tauri::App<R>, home: Option<&Path>) -> PathBuf {
    home.map(Path::to_path_buf)
        .or_else(|| std::env::var_os("BEDSIDE_HOME").map(PathBuf::from))
        .or_else(|| app.path().app_data_dir().ok())
        .unwrap_or_else(|| PathBuf::from(".bedside/workstation"))
}

/// What IT may deploy beside the workstation's data: `server = "..."` and
/// `code = "..."`. The workstation enrolls with it on first start, then deletes it.
#[derive(serde::Deserialize)]
struct Deployed {
    server: String,
    code: String,
}

async fn enroll_from<R: Runtime>(app: &tauri::AppHandle<R>, file: &Path) {
    let Ok(text) = std::fs::read_to_string(file) else {
        return;
    };
    let Ok(deployed) = toml::from_str::<Deployed>(&text) else {
        return;
    };
    let engine = app.state::<Engine>();
    let Ok(ws) = engine.workstation() else {
        return;
    };
    let enrolled = ws.link().enrollment().ok().flatten().is_some()
        || ws
            .link()
            .enroll(&deployed.server, &deployed.code)
            .await
            .is_ok();
    if enrolled {
        let _ = std::fs::remove_file(file);
    }
}

/// The window logs to stderr at the level `BEDSIDE_LOG` names (`warn` by default); what
/// it logs names no patient.
pub fn log() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("BEDSIDE_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .init();
}

/// The workstation's app on runtime `R`: its plugins, the workstation opened from
/// `options.home` (or as [`data_dir`] finds it), enrollment from a deployed file,
/// background sync and every command the window calls. Built, not yet run.
pub fn run_app<R: Runtime>(
    builder: tauri::Builder<R>,
    context: tauri::Context<R>,
    options: Options,
) -> tauri::Result<tauri::App<R>> {
    let app = builder
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(tauri::generate_handler![
            commands::session::workstation_status,
            commands::session::enroll,
            commands::session::login,
            commands::session::logout,
            commands::session::unlock,
            commands::session::break_glass,
            commands::session::look_up_patient,
            commands::session::startup_problem,
            commands::session::set_aside_workstation,
            commands::session::sync_now,
            commands::inbox::conflicts,
            commands::inbox::resolve_conflict,
            commands::inbox::quarantine,
            commands::inbox::reapply_quarantined,
            commands::inbox::discard_quarantined,
            commands::chart::patients,
            commands::chart::register_patient,
            commands::chart::possible_duplicates,
            commands::chart::news2_alerts,
            commands::chart::acknowledge_alert,
            commands::chart::chart,
            commands::chart::close_chart,
            commands::chart::begin_note,
            commands::chart::write_note,
            commands::chart::sign_note,
            commands::chart::add_addendum,
            commands::chart::record_vitals,
            commands::chart::add_task,
            commands::chart::set_task_status,
            commands::chart::my_tasks,
            commands::history::record_allergy,
            commands::history::set_allergy_status,
            commands::history::add_problem,
            commands::history::set_problem_status,
            commands::history::edit_patient,
            commands::history::set_pathway,
            commands::history::discharge,
            commands::documents::capture_document,
            commands::documents::open_document,
            commands::documents::stamp_document,
            commands::documents::delete_document,
            commands::orders::prescribe,
            commands::orders::stop_prescription,
            commands::orders::record_administration,
            commands::orders::mark_dose_in_error,
            commands::orders::dose_grid,
            commands::orders::medication_round,
            commands::chart::ward_board,
            commands::chart::ward_dashboard,
            commands::print::print_handover,
            commands::print::print_wristband,
            commands::print::open_printout,
            commands::orders::schedule_appointment,
            commands::orders::cancel_appointment,
            commands::orders::timeline,
            commands::orders::education_videos,
            commands::orders::share_video,
            commands::orders::open_video,
        ])
        .build(context)?;
    // The workstation is opened before the event loop starts, so a command that arrives
    // first finds it.
    let dir = data_dir(&app, options.home.as_deref());
    let opened = Workstation::open(&dir, Arc::new(OsKeyring));
    app.manage(Engine::new(opened, dir.clone()));
    app.manage(SyncState::default());
    let handle = app.handle().clone();
    let deployed = dir.join("enrollment.toml");
    let every = options.sync_every.unwrap_or_else(|| {
        let secs = std::env::var("BEDSIDE_SYNC_SECS")
            .ok()
            .and_then(|s| s.parse().ok());
        Duration::from_secs(secs.unwrap_or(15))
    });
    tauri::async_runtime::spawn(async move {
        enroll_from(&handle, &deployed).await;
        sync::background(handle, every).await;
    });
    Ok(app)
}
