//! The clinical document: signed notes and their addenda, medication orders and their
//! administrations, allergies, problems, vital signs and tasks.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};

use super::documents::{DocumentRef, preop_images};
use super::records::{Addendum, Administration, Allergy, Problem, Task, VideoShared, Vitals};
use super::schedule::Schedule;
use crate::ids::{PatientId, PrescriptionId, RecordId};

/// What a note is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Reconcile, Hydrate, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
#[derive(Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PrescriptionStatus {
    /// To be given.
    Active,
    /// Stopped before its end.
    Stopped,
    /// Ran its course.
    Completed,
}

/// A medication order.
#[derive(Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// When its doses fall; none for an order written in words only (nothing falls due).
    #[autosurgeon(missing = "Default::default")]
    #[serde(default)]
    pub schedule: Option<Schedule>,
    /// How many doses the course is, if counted.
    #[autosurgeon(missing = "Default::default")]
    #[serde(default)]
    pub doses: Option<u32>,
}

impl Prescription {
    /// Marks an active order as having run its course. Returns false when it was no
    /// longer active.
    pub fn complete(&mut self) -> bool {
        if self.status != PrescriptionStatus::Active {
            return false;
        }
        self.status = PrescriptionStatus::Completed;
        true
    }

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

/// The clinical document of one patient. Every collection is a map keyed by UUIDv7 ids;
/// collections added after the first release read as empty from older documents.
#[derive(Clone, Debug, PartialEq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Clinical {
    /// The patient this document belongs to (checked against the document id).
    pub patient_id: String,
    /// Signed notes by note id.
    pub notes: BTreeMap<String, SignedNote>,
    /// Medication orders by id.
    pub prescriptions: BTreeMap<String, Prescription>,
    /// Addenda to signed notes (append-only).
    #[autosurgeon(missing = "BTreeMap::new")]
    #[serde(default)]
    pub addenda: BTreeMap<String, Addendum>,
    /// The medication administration record (append-only).
    #[autosurgeon(missing = "BTreeMap::new")]
    #[serde(default)]
    pub administrations: BTreeMap<String, Administration>,
    /// Allergies and intolerances.
    #[autosurgeon(missing = "BTreeMap::new")]
    #[serde(default)]
    pub allergies: BTreeMap<String, Allergy>,
    /// The problem list.
    #[autosurgeon(missing = "BTreeMap::new")]
    #[serde(default)]
    pub problems: BTreeMap<String, Problem>,
    /// Vital signs (append-only).
    #[autosurgeon(missing = "BTreeMap::new")]
    #[serde(default)]
    pub vitals: BTreeMap<String, Vitals>,
    /// Tasks for the ward team.
    #[autosurgeon(missing = "BTreeMap::new")]
    #[serde(default)]
    pub tasks: BTreeMap<String, Task>,
    /// Education videos shared with the patient (append-only).
    #[autosurgeon(missing = "BTreeMap::new")]
    #[serde(default)]
    pub education: BTreeMap<String, VideoShared>,
    /// Documents attached to the chart (marked deleted, never removed).
    #[autosurgeon(missing = "BTreeMap::new")]
    #[serde(default)]
    pub documents: BTreeMap<String, DocumentRef>,
}

/// The collections of the clinical document, as named in it.
pub const CLINICAL_COLLECTIONS: [&str; 10] = [
    "notes",
    "prescriptions",
    "addenda",
    "administrations",
    "allergies",
    "problems",
    "vitals",
    "tasks",
    "education",
    "documents",
];

/// Collections whose entries never change once written.
pub const APPEND_ONLY: [&str; 4] = ["addenda", "administrations", "vitals", "education"];

/// Adds `value` under a new id to `map` and returns the id.
fn add<T>(map: &mut BTreeMap<String, T>, value: T) -> RecordId {
    let id = RecordId::new();
    map.insert(id.to_string(), value);
    id
}

impl Clinical {
    /// The empty clinical record of a newly registered patient.
    pub fn new(patient: PatientId) -> Self {
        Self {
            patient_id: patient.to_string(),
            notes: BTreeMap::new(),
            prescriptions: BTreeMap::new(),
            addenda: BTreeMap::new(),
            administrations: BTreeMap::new(),
            allergies: BTreeMap::new(),
            problems: BTreeMap::new(),
            vitals: BTreeMap::new(),
            tasks: BTreeMap::new(),
            education: BTreeMap::new(),
            documents: BTreeMap::new(),
        }
    }

    /// Attaches a document to the chart.
    pub fn attach_document(&mut self, document: DocumentRef) -> RecordId {
        add(&mut self.documents, document)
    }

    /// The live preop images, oldest first.
    pub fn preop_images(&self) -> Vec<(&String, &DocumentRef)> {
        preop_images(&self.documents)
    }

    /// Records that an education video was shared with the patient.
    pub fn share_video(&mut self, shared: VideoShared) -> RecordId {
        add(&mut self.education, shared)
    }

    /// Adds an addendum to a signed note.
    pub fn add_addendum(&mut self, addendum: Addendum) -> RecordId {
        add(&mut self.addenda, addendum)
    }

    /// Records a dose given, held or refused.
    pub fn record_administration(&mut self, administration: Administration) -> RecordId {
        add(&mut self.administrations, administration)
    }

    /// Records an allergy.
    pub fn record_allergy(&mut self, allergy: Allergy) -> RecordId {
        add(&mut self.allergies, allergy)
    }

    /// Adds a problem to the list.
    pub fn add_problem(&mut self, problem: Problem) -> RecordId {
        add(&mut self.problems, problem)
    }

    /// Records a set of vital signs.
    pub fn record_vitals(&mut self, vitals: Vitals) -> RecordId {
        add(&mut self.vitals, vitals)
    }

    /// Adds a task.
    pub fn add_task(&mut self, task: Task) -> RecordId {
        add(&mut self.tasks, task)
    }

    /// Adds a medication order and returns its id.
    pub fn prescribe(&mut self, prescription: Prescription) -> PrescriptionId {
        let id = PrescriptionId::new();
        self.prescriptions.insert(id.to_string(), prescription);
        id
    }
}

/// An active order of `drug`, for tests.
#[cfg(test)]
pub(crate) fn test_order(drug: &str) -> Prescription {
    Prescription {
        drug: drug.into(),
        dose: "1 g".into(),
        route: "IV".into(),
        frequency: "daily".into(),
        start: "2026-11-23".into(),
        end: None,
        prescriber: "Dr A".into(),
        status: PrescriptionStatus::Active,
        stopped_at: None,
        stop_reason: None,
        schedule: None,
        doses: None,
    }
}
