//! # bedside-client
//!
//! The workstation engine, usable without a window: the encrypted chart store
//! (SQLCipher, key in the OS keyring), the chart operations clinicians perform offline,
//! and the sync client that brings them to the server. The `bedside` CLI and the Tauri
//! window are thin layers over this library.
//!
//! A [`Workstation`] is a small façade: it opens the folder, holds the store, syncs and
//! reports its status; the rest is done in its rooms, each a view with its own doors:
//! [`Workstation::charts`] (chart operations, [`chart::Charts`]),
//! [`Workstation::documents`] (attached documents, [`documents::Documents`]),
//! [`Workstation::access`] (login and lock, [`login::Access`]) and
//! [`Workstation::link`] (enrollment, the session's tokens, the live feed,
//! [`session::Link`]).
//!
//! Modules:
//! - [`workstation`]: the workstation folder, identity and key; opening the store.
//! - [`keys`]: database keys and the OS keyring.
//! - [`store`]: documents, projections and queries in the encrypted database.
//! - [`chart`]: register, edit, schedule, write and sign notes, prescribe.
//! - [`admission`]: admit, transfer, discharge, pathway, appointments.
//! - [`identity`]: the duplicate check, name alerts, one patient per bed.
//! - [`records`]: allergies, problems, vitals, administrations, tasks, addenda.
//! - [`round`]: the medication round: doses due, overdue and given, per chart and ward.
//! - [`board`]: the ward board (tasks by where they stand) and the ward dashboard.
//! - [`print`]: the handover sheet and wristband labels, as PDFs.
//! - [`alerts`]: NEWS2 alerts from other workstations, until acknowledged.
//! - [`sync`]: `POST /v1/sync` with batching, retry and backoff.
//! - [`enroll`]: enrollment with a one-time code and the device key pair.
//! - [`login`]: online and offline login, automatic lock.
//! - [`education`]: education videos, kept for offline use, and sharing them.
//! - [`inbox`]: the conflict inbox and the quarantine of refused edits.
//! - [`live`]: the server's live pushes, which start a sync at once.
//! - [`session`]: device proofs, tokens and refresh; the wipe of a revoked workstation.
//! - [`scope`]: purging patients who left the wards; break-glass.
//! - [`lookup`]: finding the patient to break the glass for, by MRN or name.
//! - [`tls`]: certificate verification and the pinned CA.
//!
//! Never: write a plaintext copy of patient data to disk, log patient data, or count a
//! change as synced before the server acknowledged it.

pub mod admission;
pub mod alerts;
mod api;
pub mod audit;
pub mod board;
pub mod chart;
pub mod clock;
pub mod documents;
pub mod education;
pub mod enroll;
pub mod error;
pub mod identity;
pub mod inbox;
pub mod keys;
pub mod live;
pub mod login;
pub mod lookup;
pub mod patient_chart;
mod presence;
pub mod print;
pub mod records;
pub mod round;
pub mod scope;
pub mod session;
pub mod status;
pub mod store;
pub mod sync;
pub mod tls;
pub mod workstation;

pub use admission::NewAppointment;
pub use chart::{Charts, NewPatient, NewPrescription, PatientEdit};
pub use documents::{Documents, NewDocument, Tile};
pub use error::{Error, Result};
pub use keys::{KeyStore, OsKeyring};
pub use login::Access;
pub use records::{NewAllergy, NewProblem, NewTask, VitalSigns};
pub use session::Link;
pub use status::Status;
pub use store::queries::Upcoming;
pub use sync::{RetryPolicy, SyncClient, SyncProgress};
pub use workstation::Workstation;

bedside_shared::redacted_debug!(
    NewPatient,
    PatientEdit,
    NewPrescription,
    NewAppointment,
    NewAllergy,
    NewProblem,
    NewTask,
    NewDocument,
    store::queries::PatientSummary,
    store::queries::NoteLine,
    store::queries::AppointmentLine,
    store::queries::PrescriptionLine,
    store::round::ScheduledOrder,
    round::ScheduledDose,
    store::board::BoardTask,
    board::ProcedureLine,
    board::WardDashboard,
);
