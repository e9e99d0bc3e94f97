//! The clinical document: the signed record and the medication orders.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};

use crate::ids::{PatientId, PrescriptionId};

/// What a note is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Reconcile, Hydrate, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// Daily progress note.
    Progress,
    /// Nursing note.
    Nursing,
    /// Operative note.
    Operative,
    /// Discharge summary.
    Discharge,
}

/// A note once signed: its body never changes again (corrections are addenda).
#[derive(Clone, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct SignedNote {
    /// What kind of note.
    pub kind: NoteKind,
    /// Who began writing it.
    pub author: String,
    /// The final text.
    pub body: String,
    /// Who signed it.
    pub signed_by: String,
    /// When it was signed (device clock), RFC 3339.
    pub signed_at: String,
}

/// Whether a medication order is in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PrescriptionStatus {
    /// To be given.
    Active,
    /// Stopped before its end.
    Stopped,
    /// Ran its course.
    Completed,
}

/// A medication order.
#[derive(Clone, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Prescription {
    /// Drug name, e.g. "Amoxicillin".
    pub drug: String,
    /// Dose with unit, e.g. "500 mg".
    pub dose: String,
    /// Route, e.g. "oral", "IV".
    pub route: String,
    /// Frequency, e.g. "every 8 hours".
    pub frequency: String,
    /// First day, `YYYY-MM-DD`.
    pub start: String,
    /// Last day, `YYYY-MM-DD`, if planned.
    pub end: Option<String>,
    /// Who prescribed it.
    pub prescriber: String,
    /// Active, stopped or completed.
    pub status: PrescriptionStatus,
    /// When it was stopped, RFC 3339.
    pub stopped_at: Option<String>,
    /// Why it was stopped.
    pub stop_reason: Option<String>,
}

impl Prescription {
    /// Stops an active order. Returns false when it was no longer active.
    pub fn stop(&mut self, at: &str, reason: &str) -> bool {
        if self.status != PrescriptionStatus::Active {
            return false;
        }
        self.status = PrescriptionStatus::Stopped;
        self.stopped_at = Some(at.to_owned());
        self.stop_reason = Some(reason.to_owned());
        true
    }
}

/// The clinical document of one patient.
#[derive(Clone, Debug, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Clinical {
    /// The patient this document belongs to (checked against the document id).
    pub patient_id: String,
    /// Signed notes by note id.
    pub notes: BTreeMap<String, SignedNote>,
    /// Medication orders by id.
    pub prescriptions: BTreeMap<String, Prescription>,
}

impl Clinical {
    /// The empty clinical record of a newly registered patient.
    pub fn new(patient: PatientId) -> Self {
        Self {
            patient_id: patient.to_string(),
            notes: BTreeMap::new(),
            prescriptions: BTreeMap::new(),
        }
    }

    /// Adds a medication order and returns its id.
    pub fn prescribe(&mut self, prescription: Prescription) -> PrescriptionId {
        let id = PrescriptionId::new();
        self.prescriptions.insert(id.to_string(), prescription);
        id
    }
}
