//! What a workstation can say about itself: how much it holds and what awaits sync.

use serde::Serialize;

use crate::error::Result;
use crate::workstation::Workstation;

/// A workstation's state, for `bedside status` and the window's status bar.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Status {
    /// The device id.
    pub device_id: String,
    /// Patients on this workstation.
    pub patients: usize,
    /// Documents on this workstation.
    pub documents: usize,
    /// Changes made here that the server has not acknowledged.
    pub pending_changes: i64,
    /// Documents with something to send or fetch.
    pub documents_due: usize,
    /// When the last complete sync finished (device clock).
    pub last_sync: Option<String>,
    /// Fields two workstations changed at once, waiting in the Inbox for a decision.
    pub conflicts: i64,
    /// Edits the server refused, set aside in the Inbox.
    pub set_aside: i64,
}

impl Workstation {
    /// The workstation's state.
    pub fn status(&self) -> Result<Status> {
        let store = self.store();
        let (conflicts, set_aside) = store.inbox_counts()?;
        Ok(Status {
            device_id: self.device.to_string(),
            patients: store.patients(None)?.len(),
            documents: store.all_docs()?.len(),
            pending_changes: store.pending_changes()?,
            documents_due: store.due()?.len(),
            last_sync: store.setting("sync.last_success")?,
            conflicts,
            set_aside,
        })
    }
}
