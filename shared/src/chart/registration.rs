//! The registration document: who the patient is, where they are, when they are seen.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};

use crate::ids::{AppointmentId, PatientId};

/// Administrative sex as recorded at registration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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
pub enum AdmissionStatus {
    /// In a bed on the ward.
    Admitted,
    /// Seen without admission.
    Outpatient,
    /// Left the ward.
    Discharged,
}

/// Who the patient is.
#[derive(Clone, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
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
}

/// Whether an appointment still stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AppointmentStatus {
    /// Booked.
    Scheduled,
    /// Called off.
    Cancelled,
}

/// An appointment or scheduled procedure.
#[derive(Clone, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
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
}

/// The registration document of one patient.
#[derive(Clone, Debug, PartialEq, Eq, Reconcile, Hydrate)]
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
