//! The registration document: who the patient is, where they are, when they are seen.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};

use crate::ids::{AppointmentId, PatientId};

/// Administrative sex as recorded at registration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Sex {
    /// Female.
    Female,
    /// Male.
    Male,
    /// Other.
    Other,
    /// Not known or not stated.
    Unknown,
}

/// Whether the patient is on a ward.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum AdmissionStatus {
    /// In a bed on the ward.
    Admitted,
    /// Seen without admission.
    Outpatient,
    /// Left the ward.
    Discharged,
}

/// Who the patient is.
#[derive(Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Demographics {
    /// Medical record number.
    pub mrn: String,
    /// Given (first) name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Birth date, `YYYY-MM-DD`.
    pub birth_date: String,
    /// Administrative sex.
    pub sex: Sex,
    /// Contact telephone.
    pub phone: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// The provisional MRN the patient was registered under offline, once the server
    /// replaced it by a permanent one (kept so paper and labels made meanwhile match).
    #[autosurgeon(missing = "Default::default")]
    pub provisional_mrn: Option<String>,
}

/// Prefix of the MRNs workstations give patients registered offline.
pub const PROVISIONAL_MRN_PREFIX: &str = "TMP-";

impl Demographics {
    /// True while the patient carries a provisional MRN.
    pub fn mrn_is_provisional(&self) -> bool {
        self.mrn.starts_with(PROVISIONAL_MRN_PREFIX)
    }

    /// Replaces a provisional MRN by the permanent `mrn`, keeping the provisional one.
    pub fn assign_mrn(&mut self, mrn: String) {
        if self.mrn_is_provisional() {
            self.provisional_mrn = Some(std::mem::replace(&mut self.mrn, mrn));
        }
    }
}

/// Where a surgical patient is on their pathway.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PathwayStage {
    /// Before the operation.
    PreOp,
    /// In theatre.
    IntraOp,
    /// After the operation.
    PostOp,
    /// Being discharged.
    Discharge,
}

/// Where the patient is.
#[derive(Clone, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Admission {
    /// The ward's code, e.g. `SURG-A`.
    pub ward: String,
    /// Bed label, when admitted.
    pub bed: Option<String>,
    /// Admitted, outpatient or discharged.
    pub status: AdmissionStatus,
    /// Surgical pathway stage, for surgical patients.
    #[autosurgeon(missing = "Default::default")]
    pub pathway: Option<PathwayStage>,
}

/// Whether an appointment still stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum AppointmentStatus {
    /// Booked.
    Scheduled,
    /// Called off.
    Cancelled,
}

/// A consultation or a procedure.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum AppointmentKind {
    /// A review, clinic visit or consultation.
    #[default]
    Appointment,
    /// A procedure (operation, scan, endoscopy...).
    Procedure,
}

/// An appointment or scheduled procedure.
#[derive(Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Appointment {
    /// What the appointment is for, e.g. "Pre-op assessment".
    pub title: String,
    /// Start, RFC 3339.
    pub starts_at: String,
    /// Planned length in minutes.
    pub duration_minutes: i64,
    /// Room or clinic.
    pub location: Option<String>,
    /// Scheduled or cancelled.
    pub status: AppointmentStatus,
    /// Appointment or procedure.
    #[autosurgeon(missing = "Default::default")]
    #[serde(default)]
    pub kind: AppointmentKind,
}

/// The registration document of one patient.
#[derive(Clone, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Registration {
    /// The patient this document belongs to (checked against the document id).
    pub patient_id: String,
    /// Who the patient is.
    pub demographics: Demographics,
    /// Where the patient is.
    pub admission: Admission,
    /// Appointments by id.
    pub appointments: BTreeMap<String, Appointment>,
}

impl Registration {
    /// A newly registered patient.
    pub fn new(patient: PatientId, demographics: Demographics, admission: Admission) -> Self {
        Self {
            patient_id: patient.to_string(),
            demographics,
            admission,
            appointments: BTreeMap::new(),
        }
    }

    /// Books an appointment and returns its id.
    pub fn schedule(&mut self, appointment: Appointment) -> AppointmentId {
        let id = AppointmentId::new();
        self.appointments.insert(id.to_string(), appointment);
        id
    }
}
