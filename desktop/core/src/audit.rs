//! The workstation's own audit record: every chart open and edit by a logged-in
//! clinician, signed with the device key into a queue in the encrypted database and
//! uploaded on sync (so what happened offline reaches the server's audit log too).

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use bedside_shared::audit::{EventReceipt, EventUpload, WorkstationEvent, event_message};
use ed25519_dalek::Signer;
use uuid::Uuid;

use crate::api::post_json;
use crate::error::{Error, Result};
use crate::presence::Clinician;
use crate::store::audit_queue::Answered;
use crate::workstation::Workstation;

/// Events sent per upload.
const UPLOAD_BATCH: usize = 500;

impl Workstation {
    /// Queues an audit event for the logged-in clinician (nothing without a login or an
    /// enrollment: there is no one to name and no key to sign with).
    pub(crate) fn audit(&self, action: &str, patient: Option<&str>, what: &str) -> Result<()> {
        self.audit_for(self.access().logged_in().as_ref(), action, patient, what)
    }

    /// Queues an audit event for `clinician`, the one who was logged in when the work
    /// began (a logout while it was being written does not lose its record).
    pub(crate) fn audit_for(
        &self,
        clinician: Option<&Clinician>,
        action: &str,
        patient: Option<&str>,
        what: &str,
    ) -> Result<()> {
        let Some(clinician) = clinician else {
            return Ok(());
        };
        self.audit_as(&clinician.user_id, clinician.offline, action, patient, what)
    }

    /// Queues an audit event naming `user` (also when no one is logged in, such as a
    /// refused offline login).
    pub(crate) fn audit_as(
        &self,
        user: &str,
        offline: bool,
        action: &str,
        patient: Option<&str>,
        what: &str,
    ) -> Result<()> {
        let Ok(key) = self.link().signing_key() else {
            return Ok(());
        };
        let user_id = user
            .parse()
            .map_err(|_| Error::Damaged("user id of the session"))?;
        let detail = BTreeMap::from([
            ("what".to_owned(), what.to_owned()),
            ("offline_session".to_owned(), offline.to_string()),
        ]);
        let mut event = WorkstationEvent {
            event_id: Uuid::now_v7(),
            user_id,
            action: action.to_owned(),
            patient_id: patient.and_then(|p| p.parse().ok()),
            device_time: self.store().now(),
            detail,
            signature: String::new(),
        };
        let message = event_message(self.device.as_uuid(), &event);
        event.signature = B64.encode(key.sign(&message).to_bytes());
        let body = serde_json::to_string(&event)?;
        self.store().queue_event(&event.event_id.to_string(), &body)
    }

    /// Audit events waiting for upload.
    pub fn audit_waiting(&self) -> Result<usize> {
        self.store().events_waiting()
    }

    /// Uploads waiting events in batches; each is marked stored (or refused) only once
    /// the server answered, so a failed upload is simply repeated next time.
    pub(crate) async fn upload_audit(&self, server: &str, token: &str) -> Result<()> {
        let http = self.link().http()?;
        loop {
            let bodies = self.store().events_to_upload(UPLOAD_BATCH)?;
            if bodies.is_empty() {
                return Ok(());
            }
            let events: Vec<WorkstationEvent> = bodies
                .iter()
                .map(|b| serde_json::from_str(b).map_err(Error::from))
                .collect::<Result<_>>()?;
            let upload = EventUpload { events };
            let answer: Result<EventReceipt> =
                post_json(&http, server, "/v1/audit/events", &upload, Some(token)).await;
            let receipt = self.link().heed(answer)?;
            for event in &upload.events {
                let answer = if receipt.refused.contains(&event.event_id) {
                    Answered::Refused
                } else {
                    Answered::Stored
                };
                self.store()
                    .event_answered(&event.event_id.to_string(), answer)?;
            }
            if !receipt.refused.is_empty() {
                tracing::warn!(
                    refused = receipt.refused.len(),
                    "the server refused audit events"
                );
            }
        }
    }
}
