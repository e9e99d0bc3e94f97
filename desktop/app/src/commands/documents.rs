//! Documents in the chart: attach from a file the clinician picked, open, stamp, delete.

use bedside_client::NewDocument;
use bedside_shared::chart::DocumentCategory;
use percent_encoding::percent_decode_str;
use serde::Deserialize;
use tauri::State;
use tauri::ipc::{InvokeBody, Response};

use super::{Answer, CommandError, editing, heavy, held, id};
use crate::Engine;

/// Attaches a file to the chart; its bytes upload at the next sync. The bytes are the
/// request's body as they are (not JSON); what the file is comes in headers:
/// `bedside-patient`, `bedside-category`, `bedside-file-name` (UTF-8, percent-encoded),
/// `bedside-mime-type` and `bedside-replace-oldest` (`true` to make room in a full
/// category).
#[tauri::command]
pub async fn capture_document(
    engine: State<'_, Engine>,
    request: tauri::ipc::Request<'_>,
) -> Answer<String> {
    let bytes = match request.body() {
        InvokeBody::Raw(bytes) => bytes.clone(),
        // Tauri's fallback when the webview blocks its IPC protocol sends the bytes as a
        // JSON array.
        InvokeBody::Json(array @ serde_json::Value::Array(_)) => {
            Vec::<u8>::deserialize(array).map_err(|_| CommandError::invalid("bytes are 0-255"))?
        }
        InvokeBody::Json(_) => {
            return Err(CommandError::invalid(
                "send the file's bytes as the request's body",
            ));
        }
    };
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .ok_or_else(|| CommandError::invalid(format!("the {name} header is missing")))
    };
    let file_name = percent_decode_str(header("bedside-file-name")?)
        .decode_utf8()
        .map_err(|_| CommandError::invalid("the file name is not UTF-8"))?
        .into_owned();
    let new = NewDocument {
        category: header("bedside-category")?
            .parse::<DocumentCategory>()
            .map_err(CommandError::invalid)?,
        file_name,
        mime_type: header("bedside-mime-type")?.to_owned(),
        bytes,
        replace_oldest: header("bedside-replace-oldest")? == "true",
    };
    let patient = id(header("bedside-patient")?)?;
    let ws = editing(&engine)?;
    Ok(heavy(|| ws.documents().capture_document(patient, new))?.to_string())
}

/// A document's bytes (or its thumbnail's), raw: from this workstation's encrypted cache,
/// or fetched from the server.
#[tauri::command]
pub async fn open_document(
    engine: State<'_, Engine>,
    patient_id: String,
    document_id: String,
    thumbnail: bool,
) -> Answer<Response> {
    let ws = held(&engine)?;
    let server = ws
        .link()
        .server()?
        .ok_or_else(|| CommandError::invalid("not enrolled"))?;
    let bytes = ws
        .documents()
        .open_document(&server, id(&patient_id)?, id(&document_id)?, thumbnail)
        .await?;
    Ok(Response::new(bytes))
}

/// Adds a verification stamp to a lab or radiology report.
#[tauri::command]
pub async fn stamp_document(
    engine: State<'_, Engine>,
    patient_id: String,
    document_id: String,
    statement: String,
) -> Answer<()> {
    let ws = editing(&engine)?;
    Ok(ws
        .documents()
        .stamp_document(id(&patient_id)?, id(&document_id)?, &statement)?)
}

/// Removes a document from the chart (kept, marked deleted).
#[tauri::command]
pub async fn delete_document(
    engine: State<'_, Engine>,
    patient_id: String,
    document_id: String,
) -> Answer<()> {
    let ws = editing(&engine)?;
    Ok(ws
        .documents()
        .delete_document(id(&patient_id)?, id(&document_id)?)?)
}
