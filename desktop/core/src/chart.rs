//! What clinicians do to a chart on this workstation. Each operation validates with the
//! same rules the server applies, edits the documents, and writes documents and
//! projections in one transaction.

use autosurgeon::{Hydrate, Reconcile};
use bedside_shared::chart::{
    self, Admission, AdmissionStatus, AppointmentKind, Clinical, Demographics, Entries, NoteDraft,
    NoteKind, Prescription, PrescriptionStatus, Registration, Schedule, Sex, SignError, SignedNote,
};
use bedside_shared::validate::Rules;
use bedside_shared::{AppointmentId, DocId, NoteId, PatientId, PrescriptionId};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::DocRow;
use crate::workstation::Workstation;
use bedside_shared::access::{Collection, Permissions, any_can_write};

/// A patient to register.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewPatient {
    /// MRN, if already assigned; otherwise a provisional one is made.
    pub mrn: Option<String>,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    /// Administrative sex.
    pub sex: Sex,
    /// Telephone.
    pub phone: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Ward code.
    pub ward: String,
    /// Bed label.
    pub bed: Option<String>,
}

/// Changes to a patient's registration; `None` leaves a field as it is.
#[derive(Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields))]
pub struct PatientEdit {
    /// New given name.
    pub given_name: Option<String>,
    /// New family name.
    pub family_name: Option<String>,
    /// New birth date.
    pub birth_date: Option<String>,
    /// New telephone.
    pub phone: Option<String>,
    /// New address.
    pub address: Option<String>,
    /// New ward.
    pub ward: Option<String>,
    /// New bed.
    pub bed: Option<String>,
}

/// A medication order to add.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewPrescription {
    /// Drug.
    pub drug: String,
    /// Dose with unit.
    pub dose: String,
    /// Route.
    pub route: String,
    /// Frequency in words; may be left empty when a schedule says it.
    pub frequency: String,
    /// First day.
    pub start: String,
    /// Last day.
    pub end: Option<String>,
    /// When the doses fall, if scheduled.
    #[serde(default)]
    pub schedule: Option<Schedule>,
    /// How many doses the course is, if counted.
    #[serde(default)]
    pub doses: Option<u32>,
}

/// Collections of the clinical document written here.
pub(crate) const NOTES: &str = "notes";
pub(crate) const PRESCRIPTIONS: &str = "prescriptions";

/// A provisional MRN for a patient registered offline, unique without coordination.
fn provisional_mrn(id: PatientId) -> String {
    let hex = id.as_uuid().simple().to_string();
    format!("TMP-{}", &hex[hex.len() - 10..].to_uppercase())
}

/// Chart operations: what a clinician reads and writes in the charts on this
/// workstation (registration, admission, notes, prescriptions, records, the round, the
/// ward's lists, conflicts, printouts, education videos, break-glass). Each operation
/// holds the store from reading a document to writing it, and refuses while the
/// workstation is locked.
#[derive(Debug, Clone, Copy)]
pub struct Charts<'a> {
    pub(crate) ws: &'a Workstation,
}

impl Workstation {
    /// Chart operations (each refuses while the workstation is locked).
    pub fn charts(&self) -> Charts<'_> {
        Charts { ws: self }
    }
}

impl Charts<'_> {
    /// Changes one document through `change` and writes it (with the projections of what
    /// changed) in one transaction; the edit is audited under the clinician who made it.
    fn edit_doc<R>(
        &self,
        id: DocId,
        what: &'static str,
        change: impl FnOnce(&mut automerge::AutoCommit) -> Result<R>,
    ) -> Result<R> {
        self.ws.access().ensure_unlocked()?;
        let by = self.ws.access().logged_in();
        let result = {
            // Held from reading to writing, so an edit made at the same moment elsewhere
            // on this workstation (a sync taking in a colleague's) is never overwritten.
            // Read inside the write's transaction: what it is checked against is what
            // another program on this folder last stored.
            self.ws.store().all_or_nothing(|store| {
                let mut row = store.load(&id)?.ok_or(Error::NotFound(what))?;
                let result = change(&mut row.doc)?;
                store.save([(id, row)])?;
                Ok(result)
            })?
        };
        self.ws.audit_for(
            by.as_ref(),
            "chart_edit",
            Some(&id.patient.to_string()),
            id.kind.name(),
        )?;
        Ok(result)
    }

    /// Edits a (small) document as its whole typed form.
    pub(crate) fn edit<T, R>(
        &self,
        id: DocId,
        what: &'static str,
        change: impl FnOnce(&mut T) -> Result<R>,
    ) -> Result<R>
    where
        T: Hydrate + Reconcile,
    {
        self.edit_doc(id, what, |doc| {
            let mut value: T = chart::read(doc)?;
            let result = change(&mut value)?;
            chart::write(doc, &value)?;
            Ok(result)
        })
    }

    /// Edits entries of a patient's clinical document, reading and writing only the
    /// entries `change` touches: the cost follows the edit, not the size of the chart.
    pub(crate) fn edit_clinical_entries<R>(
        &self,
        patient: PatientId,
        change: impl FnOnce(&mut Entries<'_>) -> Result<R>,
    ) -> Result<R> {
        self.edit_doc(DocId::clinical(patient), "patient", |doc| {
            chart::change(doc, change)
        })
    }

    /// Registers a patient: creates their registration and clinical documents.
    pub fn register_patient(&self, new: NewPatient) -> Result<PatientId> {
        self.ws.access().ensure_unlocked()?;
        self.ensure_may_write(Collection::Registration)?;
        let by = self.ws.access().logged_in();
        if let Some((_, wards)) = self.ws.link().enrollment()?
            && !wards.contains(&new.ward)
        {
            return Err(Error::Forbidden(
                "patients are registered onto this workstation's own wards".into(),
            ));
        }
        let id = PatientId::new();
        self.ensure_bed_free(&id.to_string(), Some(&new.ward), new.bed.as_deref())?;
        let demographics = Demographics {
            mrn: new.mrn.unwrap_or_else(|| provisional_mrn(id)),
            given_name: new.given_name,
            family_name: new.family_name,
            birth_date: new.birth_date,
            sex: new.sex,
            phone: new.phone,
            address: new.address,
            provisional_mrn: None,
        };
        let status = if new.bed.is_some() {
            AdmissionStatus::Admitted
        } else {
            AdmissionStatus::Outpatient
        };
        let admission = Admission {
            ward: new.ward,
            bed: new.bed,
            status,
            pathway: None,
        };
        demographics.check()?;
        admission.check()?;
        let registration = Registration::new(id, demographics, admission);
        let reg = DocRow {
            doc: chart::create(&registration)?,
            meta: Default::default(),
        };
        let clin = DocRow {
            doc: chart::create(&Clinical::new(id))?,
            meta: Default::default(),
        };
        self.ws
            .store()
            .save([(DocId::registration(id), reg), (DocId::clinical(id), clin)])?;
        self.ws.audit_for(
            by.as_ref(),
            "chart_edit",
            Some(&id.to_string()),
            "registered",
        )?;
        Ok(id)
    }

    /// Changes a patient's demographics or location.
    pub fn edit_patient(&self, patient: PatientId, edit: PatientEdit) -> Result<()> {
        self.ensure_may_write(Collection::Registration)?;
        self.ensure_bed_free(
            &patient.to_string(),
            edit.ward.as_deref(),
            edit.bed.as_deref(),
        )?;
        self.edit(
            DocId::registration(patient),
            "patient",
            |reg: &mut Registration| {
                let d = &mut reg.demographics;
                let a = &mut reg.admission;
                if let Some(v) = edit.given_name {
                    d.given_name = v
                }
                if let Some(v) = edit.family_name {
                    d.family_name = v
                }
                if let Some(v) = edit.birth_date {
                    d.birth_date = v
                }
                if let Some(v) = edit.phone {
                    d.phone = Some(v)
                }
                if let Some(v) = edit.address {
                    d.address = Some(v)
                }
                if let Some(v) = edit.ward {
                    a.ward = v
                }
                if let Some(v) = edit.bed {
                    a.bed = Some(v);
                    a.status = AdmissionStatus::Admitted;
                }
                d.check()?;
                a.check()?;
                Ok(())
            },
        )
    }

    /// Books an appointment for a patient.
    pub fn schedule_appointment(
        &self,
        patient: PatientId,
        title: &str,
        starts_at: &str,
        duration_minutes: i64,
        location: Option<&str>,
    ) -> Result<AppointmentId> {
        self.schedule(
            patient,
            crate::admission::NewAppointment {
                title: title.to_owned(),
                starts_at: starts_at.to_owned(),
                duration_minutes,
                location: location.map(str::to_owned),
                kind: AppointmentKind::Appointment,
            },
        )
    }

    /// Adds a medication order, prescribed by the current clinician.
    pub fn prescribe(&self, patient: PatientId, new: NewPrescription) -> Result<PrescriptionId> {
        // The frequency in words defaults to the schedule's own.
        let frequency = match (new.frequency.trim(), &new.schedule) {
            ("", Some(schedule)) => schedule.describe(),
            (words, _) => words.to_owned(),
        };
        let prescription = Prescription {
            drug: new.drug,
            dose: new.dose,
            route: new.route,
            frequency,
            start: new.start,
            end: new.end,
            prescriber: self.ws.author()?,
            status: PrescriptionStatus::Active,
            stopped_at: None,
            stop_reason: None,
            schedule: new.schedule,
            doses: new.doses,
        };
        prescription.check()?;
        self.ensure_may_write(Collection::Prescriptions)?;
        self.edit_clinical_entries(patient, |c| {
            let id = PrescriptionId::new();
            c.put(PRESCRIPTIONS, &id.to_string(), &prescription)?;
            Ok(id)
        })
    }

    /// Stops an active medication order.
    pub fn stop_prescription(
        &self,
        patient: PatientId,
        id: PrescriptionId,
        reason: &str,
    ) -> Result<()> {
        let at = self.ws.store().now();
        self.change_prescription(patient, id, |p| {
            if p.stop(&at, reason) {
                Ok(p.check()?)
            } else {
                Err(Error::Invalid(
                    "the prescription is no longer active".into(),
                ))
            }
        })
    }

    /// Marks an active medication order as completed (its course has run).
    pub fn complete_prescription(&self, patient: PatientId, id: PrescriptionId) -> Result<()> {
        self.change_prescription(patient, id, |p| {
            if p.complete() {
                Ok(())
            } else {
                Err(Error::Invalid(
                    "the prescription is no longer active".into(),
                ))
            }
        })
    }

    fn change_prescription(
        &self,
        patient: PatientId,
        id: PrescriptionId,
        change: impl FnOnce(&mut Prescription) -> Result<()>,
    ) -> Result<()> {
        self.ensure_may_write(Collection::Prescriptions)?;
        self.edit_clinical_entries(patient, |c| {
            let key = id.to_string();
            let mut order: Prescription = c
                .get(PRESCRIPTIONS, &key)?
                .ok_or(Error::NotFound("prescription"))?;
            change(&mut order)?;
            Ok(c.put(PRESCRIPTIONS, &key, &order)?)
        })
    }

    /// Begins a note as a draft.
    pub fn begin_note(&self, patient: PatientId, kind: NoteKind, text: &str) -> Result<NoteId> {
        self.ws.access().ensure_unlocked()?;
        self.ensure_may_write(Collection::Notes(kind))?;
        let by = self.ws.access().logged_in();
        if !self.ws.store().holds(&DocId::clinical(patient))? {
            return Err(Error::NotFound("patient"));
        }
        let note = NoteId::new();
        let draft = NoteDraft::begin(
            patient,
            note,
            kind,
            &self.ws.author()?,
            &self.ws.store().now(),
            text,
        );
        draft.check()?;
        let row = DocRow {
            doc: chart::create(&draft)?,
            meta: Default::default(),
        };
        self.ws
            .store()
            .save([(DocId::note_draft(patient, note), row)])?;
        self.ws.audit_for(
            by.as_ref(),
            "chart_edit",
            Some(&patient.to_string()),
            "draft",
        )?;
        Ok(note)
    }

    /// Replaces a draft's text; only the characters that differ are recorded.
    pub fn write_note(&self, patient: PatientId, note: NoteId, text: &str) -> Result<()> {
        self.ensure_may_write(Collection::Notes(self.note_kind(patient, note)?))?;
        self.edit(
            DocId::note_draft(patient, note),
            "note",
            |d: &mut NoteDraft| {
                d.write(text)?;
                Ok(d.check()?)
            },
        )
    }

    fn note_kind(&self, patient: PatientId, note: NoteId) -> Result<NoteKind> {
        let id = DocId::note_draft(patient, note);
        let mut store = self.ws.store();
        let row = store.load(&id)?.ok_or(Error::NotFound("note"))?;
        let kind = chart::read::<NoteDraft>(&row.doc)?.kind;
        store.put_back(id, row);
        Ok(kind)
    }

    /// Refuses, for the logged-in clinician, what the permission matrix does not allow
    /// them to write (the server refuses it too), and any charting with nobody logged in:
    /// every record names the clinician who made it.
    pub(crate) fn ensure_may_write(&self, collection: Collection) -> Result<()> {
        match self.ws.access().logged_in() {
            None => Err(Error::Forbidden("log in to chart".into())),
            Some(clinician) if !any_can_write(&clinician.roles, collection) => Err(
                Error::Forbidden(format!("your role may not write {}", collection.name())),
            ),
            Some(_) => Ok(()),
        }
    }

    /// The kind of note the logged-in clinician writes unless they say otherwise: the one
    /// their first role writes (a nurse's note is a nursing note).
    pub fn default_note_kind(&self) -> Result<NoteKind> {
        let clinician = self
            .ws
            .access()
            .logged_in()
            .ok_or_else(|| Error::Forbidden("log in to chart".into()))?;
        Permissions::of(&clinician.roles)
            .note_kinds
            .first()
            .copied()
            .ok_or_else(|| Error::Forbidden("your role may not write notes".into()))
    }

    /// Signs a draft: its text goes once into the clinical document and the draft closes.
    pub fn sign_note(&self, patient: PatientId, note: NoteId) -> Result<()> {
        self.ws.access().ensure_unlocked()?;
        let (draft_id, clinical_id) = (DocId::note_draft(patient, note), DocId::clinical(patient));
        let author = self.ws.author()?;
        let by = self.ws.access().logged_in();
        // Read inside the write's transaction, so a note signed meanwhile by another
        // program on this folder is seen as signed.
        self.ws.store().all_or_nothing(|store| {
            let mut draft_row = store.load(&draft_id)?.ok_or(Error::NotFound("note"))?;
            let mut clinical_row = store
                .load(&clinical_id)?
                .ok_or(Error::NotFound("patient"))?;
            let mut draft: NoteDraft = chart::read(&draft_row.doc)?;
            self.ensure_may_write(Collection::Notes(draft.kind))?;
            let signed = draft.close(&author, &store.now())?;
            // Check what the server will check, so a refusal never strands later edits.
            signed.check()?;
            chart::change(&mut clinical_row.doc, |c| {
                if c.get::<SignedNote>(NOTES, &draft.note_id)?.is_some() {
                    return Err(Error::from(SignError::AlreadySigned));
                }
                Ok(c.put(NOTES, &draft.note_id, &signed)?)
            })?;
            chart::write(&mut draft_row.doc, &draft)?;
            store.save([(draft_id, draft_row), (clinical_id, clinical_row)])
        })?;
        self.ws.audit_for(
            by.as_ref(),
            "chart_edit",
            Some(&patient.to_string()),
            "note signed",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provisional_mrns_are_marked_and_distinct() {
        let (a, b) = (
            provisional_mrn(PatientId::new()),
            provisional_mrn(PatientId::new()),
        );
        assert!(
            a.starts_with("TMP-") && a.len() == 14,
            "{a} should be TMP- and 10 hex digits"
        );
        assert_ne!(a, b);
    }
}
