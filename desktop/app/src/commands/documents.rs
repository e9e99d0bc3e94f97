//! Documents in the chart: attach from a file the clinician picked, open, stamp, delete.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use bedside_client::NewDocument;
use bedside_shared::chart::DocumentCategory;
use tauri::State;

use super::{Answer, CommandError, held, id};
use crate::Engine;

/// Attaches a file's bytes to the chart; they upload at the next sync.
#[tauri::command]
#[allow(
    clippy::too_many_arguments,
    reason = "one argument per field the window sends"
)]
pub async fn capture_document(
    engine: State<'_, Engine>,
    patient_id: String,
    category: DocumentCategory,
    file_name: String,
    mime_type: String,
    bytes: Vec<u8>,
    replace_oldest: bool,
) -> Answer<String> {
    let mut ws = held(&engine).await?;
    let new = NewDocument {
        category,
        file_name,
        mime_type,
        bytes,
        replace_oldest,
    };
    Ok(ws.capture_document(id(&patient_id)?, new)?.to_string())
}

/// A document's bytes (or its thumbnail's), base64: from this workstation's encrypted
/// cache, or fetched from the server.
#[tauri::command]
pub async fn open_document(
    engine: State<'_, Engine>,
    patient_id: String,
    document_id: String,
    thumbnail: bool,
) -> Answer<String> {
    let mut ws = held(&engine).await?;
    let server = ws
        .server()?
        .ok_or_else(|| CommandError::invalid("not enrolled"))?;
    let bytes = ws
        .open_document(&server, id(&patient_id)?, id(&document_id)?, thumbnail)
        .await?;
    Ok(B64.encode(bytes))
}

/// Adds a verification stamp to a lab or radiology report.
#[tauri::command]
pub async fn stamp_document(
    engine: State<'_, Engine>,
    patient_id: String,
    document_id: String,
    statement: String,
) -> Answer<()> {
    let mut ws = held(&engine).await?;
    Ok(ws.stamp_document(id(&patient_id)?, id(&document_id)?, &statement)?)
}

/// Removes a document from the chart (kept, marked deleted).
#[tauri::command]
pub async fn delete_document(
    engine: State<'_, Engine>,
    patient_id: String,
    document_id: String,
) -> Answer<()> {
    let mut ws = held(&engine).await?;
    Ok(ws.delete_document(id(&patient_id)?, id(&document_id)?)?)
}
