//! NEWS2 alerts: a medium or high score recorded on another workstation interrupts this
//! one's window (it arrives by the live push and the sync it starts) until someone here
//! acknowledges it. The escalation task is the lasting record; the alert is the knock on
//! the door.

use bedside_shared::access::DocClass;

use crate::chart::Charts;
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::store::alerts::News2Alert;

/// How long a score stays news: older sets no longer interrupt.
const FRESH_FOR: time::Duration = time::Duration::hours(12);

impl Charts<'_> {
    /// The patients whose latest observations, recorded by someone else within the last
    /// 12 hours, score medium or high and are not yet acknowledged here, newest first.
    /// Nothing for a role that reads no clinical records.
    pub fn news2_alerts(&self) -> Result<Vec<News2Alert>> {
        self.ws.access().ensure_unlocked()?;
        let Some(clinician) = self.ws.access().logged_in() else {
            return Ok(Vec::new());
        };
        if !bedside_shared::access::any_can_read(&clinician.roles, DocClass::Clinical) {
            return Ok(Vec::new());
        }
        let store = self.ws.store();
        let since = stamp(store.now_utc() - FRESH_FOR);
        store.news2_alerts(&clinician.display_name, &since)
    }

    /// Acknowledges the alert of the set `record_id` on this workstation (audited).
    pub fn acknowledge_alert(&self, record_id: &str) -> Result<()> {
        self.ws.access().ensure_unlocked()?;
        let who = self.ws.author()?;
        let patient = self
            .ws
            .store()
            .vitals_patient(record_id)?
            .ok_or(Error::NotFound("set of vital signs"))?;
        let now = self.ws.store().now();
        self.ws.store().acknowledge_alert(record_id, &who, &now)?;
        self.ws.audit("news2_alert_seen", Some(&patient), record_id)
    }
}
