//! The ward workstation's window: the Tauri shell of `bedside_desktop` on the real
//! runtime.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    bedside_desktop::log();
    let options = bedside_desktop::Options::default();
    bedside_desktop::run_app(
        tauri::Builder::default(),
        tauri::generate_context!(),
        options,
    )
    .expect("the Bedside window starts")
    .run(|_, _| {});
}
