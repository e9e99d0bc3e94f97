//! The device clock. What the workstation records, and every comparison with the time
//! of day (grants, the offline window), reads it through its [`Clock`]: the system's,
//! or one a drill or a test moves.

use std::sync::Arc;

pub use bedside_shared::clock::{Clock, SystemClock};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The clock a workstation starts with.
pub(crate) fn system() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}

/// How far ahead of this workstation's clock a time taken may be (another device's clock).
const AHEAD_GRACE: time::Duration = time::Duration::minutes(5);
/// How far back a measurement or dose may be recorded after the fact.
const LATE_ENTRY: time::Duration = time::Duration::hours(24);

/// When something was measured or given: `given` (RFC 3339) when the clinician said,
/// else `now`; as recorded in documents. Refused in the future (beyond a few minutes'
/// grace) and more than a day back.
pub(crate) fn taken_at(given: Option<&str>, now: OffsetDateTime) -> Result<String, String> {
    let Some(given) = given.map(str::trim).filter(|g| !g.is_empty()) else {
        return Ok(stamp(now));
    };
    let at = OffsetDateTime::parse(given, &Rfc3339)
        .map_err(|_| "the time taken must be a date and time (RFC 3339)".to_owned())?
        .to_offset(time::UtcOffset::UTC);
    if at > now + AHEAD_GRACE {
        return Err("the time taken cannot be in the future".into());
    }
    if at < now - LATE_ENTRY {
        return Err("the time taken is more than a day ago".into());
    }
    Ok(stamp(at))
}

/// `at` as recorded in documents (RFC 3339, UTC).
pub(crate) fn stamp(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).expect("UTC timestamps format")
}
