//! The chart: a patient's record as Automerge documents mapped to Rust with autosurgeon.
//!
//! Each patient has a [`Registration`] document (demographics, admission, appointments;
//! readable by clerks) and a [`Clinical`] document (signed notes and addenda, orders and
//! administrations, allergies, problems, vitals, tasks). Every
//! note being written lives in its own small [`NoteDraft`] document whose body is
//! Automerge text, so two clinicians typing in the same draft merge; signing copies the
//! body once, as a plain string, into the clinical document and closes the draft.
//!
//! Collections are maps keyed by UUIDv7 ids, so concurrent additions never clash.
//! Timestamps are RFC 3339 strings in UTC recorded from the device clock; order comes
//! from the documents' causal history, never from these clocks.

mod clinical;
pub mod conflicts;
mod doc_id;
mod documents;
mod draft;
mod edit;
mod entries;
mod entry_json;
pub mod materialized;
pub mod news2;
mod records;
mod registration;
pub mod schedule;
pub mod times;

#[cfg(test)]
pub(crate) use clinical::test_order;
pub use clinical::{
    APPEND_ONLY, CLINICAL_COLLECTIONS, Clinical, NoteKind, Prescription, PrescriptionStatus,
    SignedNote,
};
pub use doc_id::{DocId, DocIdError, DocKind};
pub use documents::{
    Deletion, DocumentCategory, DocumentRef, MAX_PREOP_IMAGES, Stamp, blob_key, is_sha256_hex,
    preop_images,
};
pub use draft::{DraftStatus, NoteDraft, SignError};
pub use edit::{EditError, create, read, update, write};
pub use entries::{Entries, change, read_entry};
pub use entry_json::clinical_entry_json;
pub use records::{
    Addendum, Administration, AdministrationOutcome, Allergy, AllergyStatus, Consciousness,
    Priority, Problem, ProblemStatus, Severity, Spo2Scale, Task, TaskStatus, Temperature,
    TemperatureUnit, VideoShared, Vitals, Weight, WeightUnit,
};
pub use registration::{
    Admission, AdmissionStatus, Appointment, AppointmentKind, AppointmentStatus, Demographics,
    PROVISIONAL_MRN_PREFIX, PathwayStage, Registration, Sex,
};
pub use schedule::{Schedule, Timing};
