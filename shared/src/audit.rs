//! Audit events a workstation records itself (chart opens and edits, also offline),
//! signed with its device key and uploaded on sync.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The request header in which a workstation states its own clock (RFC 3339), so the
/// audit log keeps the device's time beside the server's.
pub const DEVICE_TIME_HEADER: &str = "bedside-device-time";

/// The actions a workstation may record itself; the server refuses others.
pub const WORKSTATION_ACTIONS: &[&str] = &[
    "login_offline",
    "login_offline_failure",
    "logout",
    "chart_open",
    "chart_edit",
    "video_shared",
    "document_captured",
    "document_opened",
];

/// One event made on a workstation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkstationEvent {
    /// Made by the workstation; the server stores each id once.
    pub event_id: Uuid,
    /// Who was logged in.
    pub user_id: Uuid,
    /// One of [`WORKSTATION_ACTIONS`].
    pub action: String,
    /// Whose chart.
    pub patient_id: Option<Uuid>,
    /// When, on the device's clock (RFC 3339).
    pub device_time: String,
    /// What was edited, whether the session was offline.
    pub detail: BTreeMap<String, String>,
    /// The device's Ed25519 signature over [`event_message`], base64.
    pub signature: String,
}

/// `POST /v1/audit/events` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventUpload {
    /// The events, oldest first.
    pub events: Vec<WorkstationEvent>,
}

/// What the server did with an upload.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventReceipt {
    /// Events stored now.
    pub stored: usize,
    /// Events stored before (a repeated upload).
    pub duplicates: usize,
    /// Events whose signature did not verify; they are not stored.
    pub refused: Vec<Uuid>,
}

/// The bytes a workstation signs for `event` (everything but the signature).
pub fn event_message(device: Uuid, event: &WorkstationEvent) -> Vec<u8> {
    let mut text = format!(
        "bedside-audit-v1\n{device}\n{}\n{}\n{}\n{}\n{}\n",
        event.event_id,
        event.user_id,
        event.action,
        event.patient_id.map(|p| p.to_string()).unwrap_or_default(),
        event.device_time
    );
    for (key, value) in &event.detail {
        text.push_str(&format!("{key}={value}\n"));
    }
    text.into_bytes()
}
