//! Document identifiers. Every document id carries its patient id, so scope checks,
//! storage keys and distribution by patient need nothing but the id itself.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ids::{NoteId, PatientId};

/// Which of a patient's documents this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocKind {
    /// Demographics, admission and appointments.
    Registration,
    /// Signed notes, prescriptions and the rest of the clinical record.
    Clinical,
    /// A note still being written.
    NoteDraft(NoteId),
}

impl DocKind {
    /// The short name used in storage and logs.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Registration => "registration",
            Self::Clinical => "clinical",
            Self::NoteDraft(_) => "draft",
        }
    }
}

/// One Automerge document of one patient.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocId {
    /// Whose document it is.
    pub patient: PatientId,
    /// Which document.
    pub kind: DocKind,
}

impl DocId {
    /// The patient's registration document.
    pub fn registration(patient: PatientId) -> Self {
        Self {
            patient,
            kind: DocKind::Registration,
        }
    }

    /// The patient's clinical document.
    pub fn clinical(patient: PatientId) -> Self {
        Self {
            patient,
            kind: DocKind::Clinical,
        }
    }

    /// The draft document of one note.
    pub fn note_draft(patient: PatientId, note: NoteId) -> Self {
        Self {
            patient,
            kind: DocKind::NoteDraft(note),
        }
    }
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            DocKind::NoteDraft(note) => write!(f, "{}/draft/{}", self.patient, note),
            kind => write!(f, "{}/{}", self.patient, kind.name()),
        }
    }
}

/// A string that is not a document id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "not a document id (expected <patient>/registration, <patient>/clinical or <patient>/draft/<note>)"
)]
pub struct DocIdError;

impl FromStr for DocId {
    type Err = DocIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut parts = s.split('/');
        let patient: PatientId = parts
            .next()
            .ok_or(DocIdError)?
            .parse()
            .map_err(|_| DocIdError)?;
        let kind = match (parts.next(), parts.next(), parts.next()) {
            (Some("registration"), None, None) => DocKind::Registration,
            (Some("clinical"), None, None) => DocKind::Clinical,
            (Some("draft"), Some(note), None) => {
                DocKind::NoteDraft(note.parse().map_err(|_| DocIdError)?)
            }
            _ => return Err(DocIdError),
        };
        Ok(Self { patient, kind })
    }
}

impl Serialize for DocId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DocId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_ids_round_trip_through_text() {
        let patient = PatientId::new();
        for id in [
            DocId::registration(patient),
            DocId::clinical(patient),
            DocId::note_draft(patient, NoteId::new()),
        ] {
            assert_eq!(id.to_string().parse::<DocId>(), Ok(id));
        }
    }

    #[test]
    fn malformed_doc_ids_are_refused() {
        let patient = PatientId::new();
        for bad in [
            "",
            "x/registration",
            &format!("{patient}/other"),
            &format!("{patient}/draft"),
        ] {
            assert_eq!(
                bad.parse::<DocId>(),
                Err(DocIdError),
                "{bad:?} must not parse"
            );
        }
    }
}
