//! The device clock. What the workstation records, and every comparison with the time
//! of day (grants, the offline window), reads it through its [`Clock`]: the system's,
//! or one a drill or a test moves.

use std::fmt::Debug;
use std::sync::Arc;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Where the workstation reads the time of day.
pub trait Clock: Debug + Send + Sync {
    /// Now, in UTC.
    fn now(&self) -> OffsetDateTime;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// The clock a workstation starts with.
pub(crate) fn system() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}

/// `at` as recorded in documents (RFC 3339, UTC).
pub(crate) fn stamp(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).expect("UTC timestamps format")
}
