//! Where the time of day is read. The workstation and the server decide by it (grants,
//! tokens, codes, the offline window) and read it through a [`Clock`]: the system's, or
//! one a drill or a test moves instead of waiting for time to pass.

use std::fmt::Debug;

use time::OffsetDateTime;

/// Where the time of day is read.
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
