//! # bedside-shared
//!
//! The pure core every other Bedside crate leans on: identifiers, the chart documents
//! (registration, clinical, note drafts) as typed Rust mapped onto Automerge, validation
//! of values and of incoming changes, the error codes of the HTTP API, and the v1 sync
//! protocol — its CBOR wire types and the sans-IO exchange that decides what each side
//! sends for each document.
//!
//! Modules:
//! - [`ids`]: UUIDv7 newtypes (`PatientId`, `NoteId`, ...).
//! - [`access`]: roles, device profiles and the permission matrix.
//! - [`audit`]: audit events workstations sign and upload.
//! - [`devices`]: workstation enrollment and session proofs.
//! - [`break_glass`]: opening a chart outside the wards, with a reason.
//! - [`education`]: recommended patient-education videos.
//! - [`chart`]: the documents and the operations clinicians perform on them.
//! - [`validate`]: value rules and the check of an incoming batch's incremental diff.
//! - [`sync`]: wire types, the exchange, and an in-memory hub for deterministic tests.
//! - [`error`]: the stable error codes and body shared by server, client and UI.
//!
//! This crate never performs I/O, never spawns tasks and never depends on tokio: it is
//! state in, state (or messages) out, so it can be tested without sockets or disks.
#![forbid(unsafe_code)]

pub mod access;
pub mod audit;
pub mod break_glass;
pub mod chart;
pub mod clock;
pub mod devices;
pub mod documents;
pub mod education;
pub mod error;
pub mod ids;
pub mod redact;
pub mod sync;
pub mod validate;

pub use chart::{DocId, DocKind};
pub use ids::{AppointmentId, DeviceId, NoteId, PatientId, PrescriptionId, RecordId};
