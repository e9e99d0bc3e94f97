//! Who is at the workstation: the clinician logged in, whether the screen is locked,
//! and the limits that govern both (idle lock, the offline-login window, how long a
//! break-glass grant made here lasts). The state is this part's own; the workstation
//! changes it only through these methods.

use std::sync::{Mutex, MutexGuard, PoisonError};
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

/// The clinician at the workstation and the lock: a part with its own state, changed
/// only through these methods, each of which holds that state for an instant.
#[derive(Debug, Default)]
pub(crate) struct Presence(Mutex<Seat>);

#[derive(Debug)]
struct Seat {
    clinician: Option<Clinician>,
    locked: bool,
    last_activity: Instant,
    lock_after: Duration,
    offline_window: time::Duration,
    break_glass_for: time::Duration,
    /// The chart in front of the clinician (opened, not yet closed): reading it again
    /// (a reload after a sync, its timeline, its thumbnails) is not a new opening.
    chart: Option<String>,
}

impl Default for Seat {
    fn default() -> Self {
        Self {
            clinician: None,
            locked: false,
            last_activity: Instant::now(),
            lock_after: LOCK_AFTER,
            offline_window: OFFLINE_WINDOW,
            break_glass_for: time::Duration::hours(bedside_shared::break_glass::GRANT_HOURS),
            chart: None,
        }
    }
}

impl Presence {
    fn seat(&self) -> MutexGuard<'_, Seat> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `clinician` sits down at `at`: logged in, unlocked.
    pub(crate) fn begin(&self, clinician: Clinician, at: Instant) {
        let mut seat = self.seat();
        seat.clinician = Some(clinician);
        seat.locked = false;
        seat.last_activity = at;
        seat.chart = None;
    }

    /// The clinician logs out.
    pub(crate) fn end(&self) {
        let mut seat = self.seat();
        seat.clinician = None;
        seat.locked = false;
        seat.chart = None;
    }

    /// `patient`'s chart is read: true when that opens it (it was not the chart in front
    /// of the clinician), false when it is read again while open.
    pub(crate) fn opens(&self, patient: &str) -> bool {
        let mut seat = self.seat();
        if seat.chart.as_deref() == Some(patient) {
            return false;
        }
        seat.chart = Some(patient.to_owned());
        true
    }

    /// No chart is in front of the clinician any more.
    pub(crate) fn close_chart(&self) {
        self.seat().chart = None;
    }

    /// The clinician logged in, if any.
    pub(crate) fn clinician(&self) -> Option<Clinician> {
        self.seat().clinician.clone()
    }

    /// Activity at `at` (ignored while locked: only the password unlocks).
    pub(crate) fn touch(&self, at: Instant) {
        let mut seat = self.seat();
        if !seat.locked {
            seat.last_activity = at;
        }
    }

    /// Locks if someone is logged in and idle past the limit at `at`; whether locked.
    pub(crate) fn lock_if_idle(&self, at: Instant) -> bool {
        let mut seat = self.seat();
        if seat.clinician.is_some() && at.duration_since(seat.last_activity) >= seat.lock_after {
            seat.locked = true;
            seat.chart = None;
        }
        seat.locked
    }

    /// Locks now, if someone is logged in.
    pub(crate) fn lock(&self) {
        let mut seat = self.seat();
        if seat.clinician.is_some() {
            seat.locked = true;
            seat.chart = None;
        }
    }

    /// Unlocks at `at` (the password was checked).
    pub(crate) fn unlock(&self, at: Instant) {
        let mut seat = self.seat();
        seat.locked = false;
        seat.last_activity = at;
    }

    /// True while locked.
    pub(crate) fn is_locked(&self) -> bool {
        self.seat().locked
    }

    /// How long offline login stays possible after an online login.
    pub(crate) fn offline_window(&self) -> time::Duration {
        self.seat().offline_window
    }

    pub(crate) fn set_offline_window(&self, window: time::Duration) {
        self.seat().offline_window = window;
    }

    /// How long a break-glass grant made here lasts.
    pub(crate) fn break_glass_for(&self) -> time::Duration {
        self.seat().break_glass_for
    }

    pub(crate) fn set_break_glass_for(&self, length: time::Duration) {
        self.seat().break_glass_for = length;
    }

    /// The inactivity after which the session locks.
    pub(crate) fn lock_after(&self) -> Duration {
        self.seat().lock_after
    }

    pub(crate) fn set_lock_after(&self, idle: Duration) {
        self.seat().lock_after = idle;
    }
}
