//! UUIDv7 identifiers. Time-ordered, so they sort by creation and index well, and random
//! enough that two offline workstations never mint the same one.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh, time-ordered identifier.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            /// Wraps an existing UUID (as read from storage or the wire).
            pub fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// The underlying UUID.
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(
    /// A patient, across every workstation and the server.
    PatientId
);
id_type!(
    /// A clinical note; also names the note's draft document while it is being written.
    NoteId
);
id_type!(
    /// An appointment or scheduled procedure.
    AppointmentId
);
id_type!(
    /// A prescription (medication order).
    PrescriptionId
);
id_type!(
    /// A workstation known to the server.
    DeviceId
);
id_type!(
    /// An entry of one of the chart's record collections: an allergy, a problem, a set of
    /// vital signs, a medication administration, a task or an addendum.
    RecordId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_time_ordered_and_round_trip_through_text() {
        let first = PatientId::new();
        let second = PatientId::new();
        assert!(first < second, "UUIDv7 ids must sort by creation time");
        let parsed: PatientId = first.to_string().parse().expect("an id parses back");
        assert_eq!(parsed, first);
        assert_eq!(first.as_uuid().get_version_num(), 7);
    }
}
