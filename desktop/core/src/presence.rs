//! Who is at the workstation: the clinician logged in, whether the screen is locked,
//! and the limits that govern both (idle lock, the offline-login window, how long a
//! break-glass grant made here lasts). The state is this part's own; the workstation
//! changes it only through these methods.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use bedside_shared::access::Role;
use serde::{Deserialize, Serialize};

/// How long after the last online login a clinician may still log in offline.
pub const OFFLINE_WINDOW: time::Duration = time::Duration::days(7);
/// Inactivity after which the workstation locks.
pub const LOCK_AFTER: Duration = Duration::from_secs(10 * 60);

/// The clinician logged in on this workstation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Clinician {
    /// Server user id.
    pub user_id: String,
    /// Login name.
    pub username: String,
    /// Name recorded on notes and orders.
    pub display_name: String,
    /// Roles.
    pub roles: Vec<Role>,
    /// True when the session was opened without the server (marked in the audit).
    pub offline: bool,
}

/// The clinician at the workstation and the lock.
#[derive(Debug)]
pub(crate) struct Presence {
    clinician: Option<Clinician>,
    locked: bool,
    last_activity: Instant,
    lock_after: Duration,
    offline_window: time::Duration,
    break_glass_for: time::Duration,
    /// The chart in front of the clinician (opened, not yet closed): reading it again
    /// (a reload after a sync, its timeline, its thumbnails) is not a new opening.
    chart: Mutex<Option<String>>,
}

impl Default for Presence {
    fn default() -> Self {
        Self {
            clinician: None,
            locked: false,
            last_activity: Instant::now(),
            lock_after: LOCK_AFTER,
            offline_window: OFFLINE_WINDOW,
            break_glass_for: time::Duration::hours(bedside_shared::break_glass::GRANT_HOURS),
            chart: Mutex::new(None),
        }
    }
}

impl Presence {
    /// `clinician` sits down at `at`: logged in, unlocked.
    pub(crate) fn begin(&mut self, clinician: Clinician, at: Instant) {
        self.clinician = Some(clinician);
        self.locked = false;
        self.last_activity = at;
        self.close_chart();
    }

    /// The clinician logs out.
    pub(crate) fn end(&mut self) {
        self.clinician = None;
        self.locked = false;
        self.close_chart();
    }

    /// `patient`'s chart is read: true when that opens it (it was not the chart in front
    /// of the clinician), false when it is read again while open.
    pub(crate) fn opens(&self, patient: &str) -> bool {
        let mut open = self.chart.lock().unwrap_or_else(|e| e.into_inner());
        if open.as_deref() == Some(patient) {
            return false;
        }
        *open = Some(patient.to_owned());
        true
    }

    /// No chart is in front of the clinician any more.
    pub(crate) fn close_chart(&self) {
        *self.chart.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// The clinician logged in, if any.
    pub(crate) fn clinician(&self) -> Option<&Clinician> {
        self.clinician.as_ref()
    }

    /// Activity at `at` (ignored while locked: only the password unlocks).
    pub(crate) fn touch(&mut self, at: Instant) {
        if !self.locked {
            self.last_activity = at;
        }
    }

    /// Locks if someone is logged in and idle past the limit at `at`; whether locked.
    pub(crate) fn lock_if_idle(&mut self, at: Instant) -> bool {
        if self.clinician.is_some() && at.duration_since(self.last_activity) >= self.lock_after {
            self.locked = true;
            self.close_chart();
        }
        self.locked
    }

    /// Locks now, if someone is logged in.
    pub(crate) fn lock(&mut self) {
        if self.clinician.is_some() {
            self.locked = true;
            self.close_chart();
        }
    }

    /// Unlocks at `at` (the password was checked).
    pub(crate) fn unlock(&mut self, at: Instant) {
        self.locked = false;
        self.last_activity = at;
    }

    /// True while locked.
    pub(crate) fn is_locked(&self) -> bool {
        self.locked
    }

    /// How long offline login stays possible after an online login.
    pub(crate) fn offline_window(&self) -> time::Duration {
        self.offline_window
    }

    pub(crate) fn set_offline_window(&mut self, window: time::Duration) {
        self.offline_window = window;
    }

    /// How long a break-glass grant made here lasts.
    pub(crate) fn break_glass_for(&self) -> time::Duration {
        self.break_glass_for
    }

    pub(crate) fn set_break_glass_for(&mut self, length: time::Duration) {
        self.break_glass_for = length;
    }

    pub(crate) fn set_lock_after(&mut self, idle: Duration) {
        self.lock_after = idle;
    }
}
