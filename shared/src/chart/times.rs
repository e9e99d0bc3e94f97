//! Times as the projections keep them: text whose order is the order of the times.

use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

/// `at` (RFC 3339) in UTC with nine digits of fractions. Times are written with as many
/// digits as their source had — whole minutes from the window's form ("10:00:00Z"),
/// nanoseconds from a clock ("10:00:00.5Z") — and as text those two sort the wrong way
/// round ('.' comes before 'Z'). Kept this way, comparing and sorting the text compares
/// and sorts the times. A value that names no time (a date alone) is kept as it is.
pub fn sortable(at: &str) -> String {
    match OffsetDateTime::parse(at, &Rfc3339) {
        Ok(t) => {
            let t = t.to_offset(UtcOffset::UTC);
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:09}Z",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute(),
                t.second(),
                t.nanosecond()
            )
        }
        Err(_) => at.to_owned(),
    }
}

/// A time kept [`sortable`] as RFC 3339 with no more digits than it needs
/// ("10:00:00Z", "10:00:00.5Z"), to show; a value that names no time is kept as it is.
pub fn shortest(at: &str) -> String {
    OffsetDateTime::parse(at, &Rfc3339)
        .ok()
        .and_then(|t| t.to_offset(UtcOffset::UTC).format(&Rfc3339).ok())
        .unwrap_or_else(|| at.to_owned())
}

#[cfg(test)]
mod tests {
    use super::{shortest, sortable};

    #[test]
    fn text_order_is_time_order_whatever_the_digits() {
        let mut times = [
            "2026-12-07T10:00:00Z",
            "2026-12-07T10:00:00.5Z",
            "2026-12-07T10:00:00.46346687Z",
            "2026-12-07T10:00:00.463466875Z",
            "2026-12-07T11:59:59+02:00",
        ]
        .map(sortable);
        times.sort();
        assert_eq!(
            times,
            [
                "2026-12-07T09:59:59.000000000Z",
                "2026-12-07T10:00:00.000000000Z",
                "2026-12-07T10:00:00.463466870Z",
                "2026-12-07T10:00:00.463466875Z",
                "2026-12-07T10:00:00.500000000Z",
            ]
        );
    }

    #[test]
    fn shown_with_the_digits_it_needs() {
        assert_eq!(
            shortest(&sortable("2026-12-07T10:00:00Z")),
            "2026-12-07T10:00:00Z"
        );
        assert_eq!(
            shortest(&sortable("2026-12-07T10:00:00.5Z")),
            "2026-12-07T10:00:00.5Z"
        );
    }

    #[test]
    fn a_date_alone_is_kept() {
        assert_eq!(sortable("2026-12-07"), "2026-12-07");
    }
}
