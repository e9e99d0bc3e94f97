//! A clock a test moves forward instead of waiting for time to pass: a workstation's
//! or the server's.

use std::sync::Mutex;

use bedside_client::clock::Clock;
use time::{Duration, OffsetDateTime};

/// The system clock, plus however far the test has moved it.
#[derive(Debug, Default)]
pub struct TestClock {
    ahead: Mutex<Duration>,
}

impl TestClock {
    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        *self.ahead.lock().expect("the clock") += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + *self.ahead.lock().expect("the clock")
    }
}

/// `from_now` on the ward's clock (this machine's time zone), as a schedule gives a
/// moment: "YYYY-MM-DDTHH:MM".
pub fn ward_clock(from_now: jiff::SignedDuration) -> String {
    (jiff::Timestamp::now() + from_now)
        .to_zoned(jiff::tz::TimeZone::system())
        .strftime("%Y-%m-%dT%H:%M")
        .to_string()
}
