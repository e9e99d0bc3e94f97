//! # bedside-desktop
//!
//! The Tauri 2 shell of the ward workstation: it opens the window and forwards each
//! command to `bedside-client`. Nothing worth testing lives here; every command is a few
//! lines that call the engine and map its error to `{code, message}`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use bedside_client::{OsKeyring, Workstation};
use tauri::Manager;

/// The open workstation, or why it could not be opened.
#[derive(Debug)]
pub struct Engine(pub Mutex<Result<Workstation, commands::CommandError>>);

fn data_dir(app: &tauri::App) -> PathBuf {
    std::env::var_os("BEDSIDE_HOME")
        .map(PathBuf::from)
        .or_else(|| app.path().app_data_dir().ok())
        .unwrap_or_else(|| PathBuf::from(".bedside/workstation"))
}

fn main() {
    tauri::Builder::default()
        .setup(|app| {
            let opened = Workstation::open(&data_dir(app), Arc::new(OsKeyring))
                .map_err(|e| commands::CommandError::from(&e));
            app.manage(Engine(Mutex::new(opened)));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::workstation_status,
            commands::patients
        ])
        .run(tauri::generate_context!())
        .expect("the Bedside window starts");
}
