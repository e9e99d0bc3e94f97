//! Where a patient is and what is booked for them: admission, transfer, discharge, the
//! surgical pathway, appointments and procedures (schedule, reschedule, cancel), the
//! upcoming list.

use bedside_shared::access::Collection;
use bedside_shared::chart::{
    Admission, AdmissionStatus, Appointment, AppointmentKind, AppointmentStatus, PathwayStage,
    Registration,
};
use bedside_shared::validate::Rules;
use bedside_shared::{AppointmentId, DocId, PatientId};
use serde::{Deserialize, Serialize};

use crate::chart::Charts;
use crate::error::{Error, Result};
use crate::store::queries::{AppointmentLine, Upcoming};

/// An appointment or procedure to book.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewAppointment {
    /// What it is for.
    pub title: String,
    /// Start, RFC 3339.
    pub starts_at: String,
    /// Planned length in minutes.
    pub duration_minutes: i64,
    /// Room or clinic.
    pub location: Option<String>,
    /// Appointment or procedure.
    pub kind: AppointmentKind,
}

impl Charts<'_> {
    fn edit_registration<R>(
        &self,
        patient: PatientId,
        collection: Collection,
        change: impl FnOnce(&mut Registration) -> Result<R>,
    ) -> Result<R> {
        self.ensure_may_write(collection)?;
        self.edit(DocId::registration(patient), "patient", change)
    }

    fn move_patient(&self, patient: PatientId, change: impl FnOnce(&mut Admission)) -> Result<()> {
        self.edit_registration(patient, Collection::Registration, |reg| {
            change(&mut reg.admission);
            Ok(reg.admission.check()?)
        })
    }

    /// Admits a patient to a ward and bed.
    pub fn admit(&self, patient: PatientId, ward: &str, bed: &str) -> Result<()> {
        self.ensure_bed_free(&patient.to_string(), Some(ward), Some(bed))?;
        self.move_patient(patient, |a| {
            a.ward = ward.to_owned();
            a.bed = Some(bed.to_owned());
            a.status = AdmissionStatus::Admitted;
        })
    }

    /// Moves a patient to another ward (and bed). Once the server has the transfer, the
    /// patient leaves workstations that do not serve the new ward.
    pub fn transfer(&self, patient: PatientId, ward: &str, bed: Option<&str>) -> Result<()> {
        self.ensure_bed_free(&patient.to_string(), Some(ward), bed)?;
        self.move_patient(patient, |a| {
            a.ward = ward.to_owned();
            a.bed = bed.map(str::to_owned);
        })
    }

    /// Discharges a patient: the bed is freed, the pathway reaches discharge.
    pub fn discharge(&self, patient: PatientId) -> Result<()> {
        self.move_patient(patient, |a| {
            a.status = AdmissionStatus::Discharged;
            a.bed = None;
            if a.pathway.is_some() {
                a.pathway = Some(PathwayStage::Discharge);
            }
        })
    }

    /// Sets the surgical pathway stage.
    pub fn set_pathway(&self, patient: PatientId, stage: PathwayStage) -> Result<()> {
        self.move_patient(patient, |a| a.pathway = Some(stage))
    }

    /// Books an appointment or procedure.
    pub fn schedule(&self, patient: PatientId, new: NewAppointment) -> Result<AppointmentId> {
        let appointment = Appointment {
            title: new.title,
            starts_at: new.starts_at,
            duration_minutes: new.duration_minutes,
            location: new.location,
            status: AppointmentStatus::Scheduled,
            kind: new.kind,
        };
        appointment.check()?;
        self.edit_registration(patient, Collection::Appointments, |reg| {
            Ok(reg.schedule(appointment))
        })
    }

    /// Moves a booked appointment to a new start time.
    pub fn reschedule(&self, patient: PatientId, id: AppointmentId, starts_at: &str) -> Result<()> {
        self.edit_registration(patient, Collection::Appointments, |reg| {
            let appointment = reg
                .appointments
                .get_mut(&id.to_string())
                .ok_or(Error::NotFound("appointment"))?;
            if appointment.status == AppointmentStatus::Cancelled {
                return Err(Error::Invalid(
                    "a cancelled appointment cannot be moved".into(),
                ));
            }
            starts_at.clone_into(&mut appointment.starts_at);
            Ok(appointment.check()?)
        })
    }

    /// Cancels an appointment (it stays in the chart, marked cancelled).
    pub fn cancel_appointment(&self, patient: PatientId, id: AppointmentId) -> Result<()> {
        self.edit_registration(patient, Collection::Appointments, |reg| {
            reg.appointments
                .get_mut(&id.to_string())
                .ok_or(Error::NotFound("appointment"))?
                .status = AppointmentStatus::Cancelled;
            Ok(())
        })
    }

    /// Booked appointments and procedures from `from` (RFC 3339) on, of one patient or
    /// of every patient of a ward, soonest first.
    pub fn upcoming(&self, scope: Upcoming<'_>, from: &str) -> Result<Vec<AppointmentLine>> {
        self.ws.access().ensure_unlocked()?;
        self.ws.store().upcoming(scope, from)
    }
}
