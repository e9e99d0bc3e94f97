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

/// `at` as recorded in documents (RFC 3339, UTC).
pub(crate) fn stamp(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).expect("UTC timestamps format")
}
