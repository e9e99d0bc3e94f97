//! What the window prints: the handover sheet and wristband labels, made on the
//! workstation (offline) and put where the system's PDF viewer can open them to print.
//! Like a printout they hold patient data in the clear, so they go to a folder only this
//! user may read, in the session's runtime directory (kept in memory and emptied when the
//! user's session ends) when there is one, and are deleted at logout.

use std::path::{Path, PathBuf};

use tauri::State;

use super::{Answer, CommandError, held, id};
use crate::Engine;

/// The folder printouts go to.
pub fn printouts() -> PathBuf {
    let base = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|p| p.is_dir())
        .unwrap_or_else(std::env::temp_dir);
    base.join("bedside-printouts")
}

/// Deletes every printout (at logout).
pub fn clear_printouts() {
    let _ = std::fs::remove_dir_all(printouts());
}

/// Writes `pdf` as `name` into the printouts folder (made private first); returns its path.
fn keep(name: &str, pdf: &[u8]) -> Answer<String> {
    let dir = printouts();
    let failed = |_| CommandError::internal("the printout could not be written");
    std::fs::create_dir_all(&dir).map_err(failed)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).map_err(failed)?;
    }
    let path = dir.join(name);
    std::fs::write(&path, pdf).map_err(failed)?;
    Ok(path.to_string_lossy().into_owned())
}

/// A name for a printout that says what and when, and nothing about whom.
fn named(what: &str) -> String {
    format!(
        "{what}-{}.pdf",
        jiff::Zoned::now().strftime("%Y%m%d-%H%M%S")
    )
}

/// The handover sheet of the wards held here, as a PDF; returns where it was put.
#[tauri::command]
pub async fn print_handover(engine: State<'_, Engine>) -> Answer<String> {
    let pdf = held(&engine)?.charts().handover_sheet(None)?;
    keep(&named("handover"), &pdf)
}

/// A patient's wristband label, as a PDF; returns where it was put.
#[tauri::command]
pub async fn print_wristband(engine: State<'_, Engine>, patient_id: String) -> Answer<String> {
    let pdf = held(&engine)?.charts().wristband(id(&patient_id)?)?;
    keep(&named("wristband"), &pdf)
}

/// Opens a printout in the system's PDF viewer, to print it (only files in the printouts
/// folder, and only for a clinician logged in and not locked out: the PDF holds patient
/// data).
#[tauri::command]
pub async fn open_printout<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    engine: State<'_, Engine>,
    path: String,
) -> Answer<()> {
    use tauri_plugin_opener::OpenerExt;
    let ws = held(&engine)?;
    ws.access().ensure_unlocked()?;
    if ws.access().logged_in().is_none() {
        return Err(CommandError {
            code: bedside_shared::error::ErrorCode::Unauthenticated,
            message: "log in to print".into(),
            rule: None,
        });
    }
    let path = Path::new(&path);
    if path.parent() != Some(printouts().as_path()) || !path.is_file() {
        return Err(CommandError::invalid(
            "that is not a printout of this window",
        ));
    }
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|_| {
            CommandError::invalid("no PDF viewer could be opened; print the file from its folder")
        })
}
