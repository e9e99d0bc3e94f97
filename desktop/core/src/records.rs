//! Chart operations on the clinical records: allergies, the problem list, vital signs,
//! the medication administration record, tasks and addenda. Each checks its values and
//! the logged-in clinician's permissions before anything is written.

use autosurgeon::{Hydrate, Reconcile};
use bedside_shared::access::Collection;
use bedside_shared::chart::news2::{ESCALATION, News2};
use bedside_shared::chart::schedule;
use bedside_shared::chart::{
    Addendum, Administration, AdministrationOutcome, Allergy, AllergyStatus, Consciousness,
    Prescription, PrescriptionStatus, Priority, Problem, ProblemStatus, Severity, Spo2Scale, Task,
    TaskStatus, Temperature, Vitals, Weight,
};
use bedside_shared::validate::Rules;
use bedside_shared::{DocId, NoteId, PatientId, PrescriptionId, RecordId};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::chart::Charts;
use crate::chart::PRESCRIPTIONS;
use crate::error::{Error, Result};
use crate::round;
use crate::store::records::{Entry, Kept};

/// An allergy to record.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewAllergy {
    /// What the patient reacts to.
    pub substance: String,
    /// The reaction.
    pub reaction: String,
    /// How bad it is.
    pub severity: Severity,
}

/// A problem to add to the list.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewProblem {
    /// ICD-10 code.
    pub code: String,
    /// The problem in words.
    pub text: String,
    /// Onset date, `YYYY-MM-DD`.
    pub onset: Option<String>,
}

/// Vital signs taken now; leave out what was not measured.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VitalSigns {
    /// Body temperature.
    pub temperature: Option<Temperature>,
    /// Pulse, beats per minute.
    pub pulse_bpm: Option<i64>,
    /// Systolic blood pressure, mmHg.
    pub systolic_mmhg: Option<i64>,
    /// Diastolic blood pressure, mmHg.
    pub diastolic_mmhg: Option<i64>,
    /// Respiratory rate, breaths per minute.
    pub respiratory_rate: Option<i64>,
    /// Oxygen saturation, percent.
    pub spo2_pct: Option<i64>,
    /// Body weight.
    pub weight: Option<Weight>,
    /// Level of consciousness (ACVPU).
    #[serde(default)]
    pub consciousness: Option<Consciousness>,
    /// On supplemental oxygen (true) or room air (false).
    #[serde(default)]
    pub on_oxygen: Option<bool>,
    /// The NEWS2 SpO₂ scale the patient is scored on.
    #[serde(default)]
    pub spo2_scale: Option<Spo2Scale>,
    /// When the set was taken (RFC 3339); now when not given. Not in the future, at most
    /// a day back.
    #[serde(default)]
    pub taken_at: Option<String>,
}

/// A task to add.
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewTask {
    /// What to do.
    pub title: String,
    /// Who should do it (login name).
    pub assignee: Option<String>,
    /// When it is due, RFC 3339.
    pub due: Option<String>,
    /// Routine or urgent.
    pub priority: Priority,
}

impl Charts<'_> {
    /// Adds a record of kind `T` to the patient's clinical document, after checking the
    /// clinician may write `collection`; returns its id.
    fn add_record<T: Kept + Reconcile>(
        &self,
        patient: PatientId,
        collection: Collection,
        record: &T,
    ) -> Result<RecordId> {
        self.ensure_may_write(collection)?;
        self.edit_clinical_entries(patient, |c| Ok(c.add(T::COLLECTION, record)?))
    }

    /// Changes one record of kind `T` (named `what` when it is not there).
    fn change_record<T: Kept + Hydrate + Reconcile>(
        &self,
        patient: PatientId,
        collection: Collection,
        id: RecordId,
        what: &'static str,
        change: impl FnOnce(&mut T) -> Result<()>,
    ) -> Result<()> {
        self.ensure_may_write(collection)?;
        self.edit_clinical_entries(patient, |c| {
            let key = id.to_string();
            let mut record: T = c.get(T::COLLECTION, &key)?.ok_or(Error::NotFound(what))?;
            change(&mut record)?;
            Ok(c.put(T::COLLECTION, &key, &record)?)
        })
    }

    /// Records an allergy.
    pub fn record_allergy(&self, patient: PatientId, new: NewAllergy) -> Result<RecordId> {
        let allergy = Allergy {
            substance: new.substance,
            reaction: new.reaction,
            severity: new.severity,
            status: AllergyStatus::Active,
            recorded_by: self.ws.author()?,
            recorded_at: self.ws.store().now(),
        };
        allergy.check()?;
        self.add_record(patient, Collection::Allergies, &allergy)
    }

    /// Marks an allergy inactive or entered in error (or active again).
    pub fn set_allergy_status(
        &self,
        patient: PatientId,
        id: RecordId,
        status: AllergyStatus,
    ) -> Result<()> {
        self.change_record(
            patient,
            Collection::Allergies,
            id,
            "allergy",
            |a: &mut Allergy| {
                a.status = status;
                Ok(())
            },
        )
    }

    /// The patient's active allergies that concern `drug` (see `Allergy::concerns`).
    pub fn allergy_warnings(&self, patient: PatientId, drug: &str) -> Result<Vec<Entry<Allergy>>> {
        Ok(self
            .ws
            .store()
            .records::<Allergy>(&patient.to_string())?
            .into_iter()
            .filter(|a| a.record.concerns(drug))
            .collect())
    }

    /// Adds a problem to the list.
    pub fn add_problem(&self, patient: PatientId, new: NewProblem) -> Result<RecordId> {
        let problem = Problem {
            code: new.code.trim().to_uppercase(),
            text: new.text,
            status: ProblemStatus::Active,
            onset: new.onset,
            recorded_by: self.ws.author()?,
            recorded_at: self.ws.store().now(),
        };
        problem.check()?;
        self.add_record(patient, Collection::Problems, &problem)
    }

    /// Marks a problem resolved or entered in error (or active again).
    pub fn set_problem_status(
        &self,
        patient: PatientId,
        id: RecordId,
        status: ProblemStatus,
    ) -> Result<()> {
        self.change_record(
            patient,
            Collection::Problems,
            id,
            "problem",
            |p: &mut Problem| {
                p.status = status;
                Ok(())
            },
        )
    }

    /// Records vital signs taken now.
    pub fn record_vitals(&self, patient: PatientId, signs: VitalSigns) -> Result<RecordId> {
        let vitals = Vitals {
            taken_at: self.taken_at(signs.taken_at.as_deref())?,
            recorded_by: self.ws.author()?,
            temperature: signs.temperature,
            pulse_bpm: signs.pulse_bpm,
            systolic_mmhg: signs.systolic_mmhg,
            diastolic_mmhg: signs.diastolic_mmhg,
            respiratory_rate: signs.respiratory_rate,
            spo2_pct: signs.spo2_pct,
            weight: signs.weight,
            consciousness: signs.consciousness,
            on_oxygen: signs.on_oxygen,
            spo2_scale: signs.spo2_scale,
        };
        vitals.check()?;
        let escalation = self.escalation(patient, &vitals)?;
        self.ensure_may_write(Collection::Vitals)?;
        if escalation.is_some() {
            self.ensure_may_write(Collection::Tasks)?;
        }
        self.edit_clinical_entries(patient, |c| {
            let id = c.add(Vitals::COLLECTION, &vitals)?;
            if let Some(task) = &escalation {
                c.add(Task::COLLECTION, task)?;
            }
            Ok(id)
        })
    }

    /// When a measurement was taken or a dose given: as the clinician said, or now.
    fn taken_at(&self, given: Option<&str>) -> Result<String> {
        crate::clock::taken_at(given, self.ws.store().now_utc()).map_err(Error::Invalid)
    }

    /// The urgent task a set of vital signs at NEWS2's key threshold or above asks for,
    /// recorded with the set (one change, so no workstation sees the score without it),
    /// unless one is still open for the patient.
    fn escalation(&self, patient: PatientId, vitals: &Vitals) -> Result<Option<Task>> {
        let Some(title) = News2::of(vitals).and_then(|score| score.escalation()) else {
            return Ok(None);
        };
        let open: Vec<Entry<Task>> = self.ws.store().records(&patient.to_string())?;
        if open
            .iter()
            .any(|t| t.record.status != TaskStatus::Done && t.record.title.starts_with(ESCALATION))
        {
            return Ok(None);
        }
        let task = Task {
            title,
            assignee: None,
            due: Some(vitals.taken_at.clone()),
            priority: Priority::Urgent,
            status: TaskStatus::Todo,
            created_by: vitals.recorded_by.clone(),
            created_at: vitals.taken_at.clone(),
            completed_at: None,
        };
        task.check()?;
        Ok(Some(task))
    }

    /// Records a dose of an order as given, held or refused, at `given_at` (RFC 3339) or
    /// now. A dose is given only of an active order, and not beyond its number of doses.
    /// An as-needed dose inside its minimum interval, or beyond its daily maximum, is
    /// refused (`CONFLICT`, saying when the next may be given) unless `override_reason`
    /// says why it is given anyway; the reason is kept with the dose.
    pub fn record_administration(
        &self,
        patient: PatientId,
        prescription: PrescriptionId,
        outcome: AdministrationOutcome,
        note: Option<&str>,
        given_at: Option<&str>,
        override_reason: Option<&str>,
    ) -> Result<RecordId> {
        let override_reason = override_reason.map(str::trim).filter(|r| !r.is_empty());
        let administration = Administration {
            prescription_id: prescription.to_string(),
            outcome,
            by: self.ws.author()?,
            at: self.taken_at(given_at)?,
            note: note.map(str::to_owned),
            corrects: None,
            override_reason: override_reason.map(str::to_owned),
        };
        administration.check()?;
        self.ensure_may_write(Collection::Administrations)?;
        let earlier: Vec<Entry<Administration>> =
            self.ws.store().doses_since(&[&patient.to_string()], "")?;
        self.edit_clinical_entries(patient, |c| {
            let order: Prescription = c
                .get(PRESCRIPTIONS, &administration.prescription_id)?
                .ok_or(Error::NotFound("prescription"))?;
            if outcome == AdministrationOutcome::Given {
                if order.status != PrescriptionStatus::Active {
                    return Err(Error::Invalid(
                        "a dose can only be given of an active prescription".into(),
                    ));
                }
                let given: Vec<Timestamp> = earlier
                    .iter()
                    .filter(|d| d.record.prescription_id == administration.prescription_id)
                    .filter(|d| d.record.outcome == AdministrationOutcome::Given)
                    .filter_map(|d| round::instant(&d.record.at))
                    .collect();
                ensure_dose_allowed(&order, &given, &administration.at, override_reason)?;
            }
            Ok(c.add(Administration::COLLECTION, &administration)?)
        })
    }

    /// Marks a dose recorded in error (the wrong patient, order, dose or time), giving why:
    /// a new entry of the same order corrects it; the dose itself stays as it was
    /// written, and the record shows it struck through with who corrected it, when and why.
    pub fn mark_dose_in_error(
        &self,
        patient: PatientId,
        dose: RecordId,
        reason: &str,
    ) -> Result<RecordId> {
        self.ensure_may_write(Collection::Administrations)?;
        let by = self.ws.author()?;
        let at = self.ws.store().now();
        let dose = dose.to_string();
        let recorded: Vec<Entry<Administration>> = self.ws.store().records(&patient.to_string())?;
        if recorded
            .iter()
            .any(|a| a.record.corrects.as_deref() == Some(dose.as_str()))
        {
            return Err(Error::Invalid(
                "that entry is already marked as entered in error".into(),
            ));
        }
        self.edit_clinical_entries(patient, |c| {
            let wrong: Administration = c
                .get(Administration::COLLECTION, &dose)?
                .ok_or(Error::NotFound("dose"))?;
            if wrong.corrects.is_some() {
                return Err(Error::Invalid(
                    "an entry in error is itself not corrected again".into(),
                ));
            }
            let correction = Administration {
                prescription_id: wrong.prescription_id,
                outcome: AdministrationOutcome::EnteredInError,
                by,
                at,
                note: Some(reason.trim().to_owned()),
                corrects: Some(dose.clone()),
                override_reason: None,
            };
            correction.check()?;
            Ok(c.add(Administration::COLLECTION, &correction)?)
        })
    }

    /// Adds a task about a patient.
    pub fn add_task(&self, patient: PatientId, new: NewTask) -> Result<RecordId> {
        let task = Task {
            title: new.title,
            assignee: new.assignee,
            due: new.due,
            priority: new.priority,
            status: TaskStatus::Todo,
            created_by: self.ws.author()?,
            created_at: self.ws.store().now(),
            completed_at: None,
        };
        task.check()?;
        self.add_record(patient, Collection::Tasks, &task)
    }

    /// Moves a task to `status`; done records when.
    pub fn set_task_status(
        &self,
        patient: PatientId,
        id: RecordId,
        status: TaskStatus,
    ) -> Result<()> {
        let now = self.ws.store().now();
        self.change_record(patient, Collection::Tasks, id, "task", |task: &mut Task| {
            task.status = status;
            task.completed_at = (status == TaskStatus::Done).then_some(now);
            Ok(task.check()?)
        })
    }

    /// Adds an addendum to a signed note (the note itself never changes).
    pub fn add_addendum(&self, patient: PatientId, note: NoteId, body: &str) -> Result<RecordId> {
        let addendum = Addendum {
            note_id: note.to_string(),
            author: self.ws.author()?,
            body: body.to_owned(),
            signed_at: self.ws.store().now(),
        };
        addendum.check()?;
        let kind = {
            let store = self.ws.store();
            if !store.holds(&DocId::clinical(patient))? {
                return Err(Error::NotFound("patient"));
            }
            store
                .signed_note_kind(&patient.to_string(), &addendum.note_id)?
                .ok_or_else(|| Error::Invalid("addenda are added to signed notes only".into()))?
        };
        self.add_record(patient, Collection::Notes(kind), &addendum)
    }
}

impl Charts<'_> {
    /// A task list of the ward (see [`TaskList`](crate::store::records::TaskList)).
    pub fn tasks(
        &self,
        list: crate::store::records::TaskList<'_>,
    ) -> Result<Vec<crate::store::records::TaskLine>> {
        self.ws.access().ensure_unlocked()?;
        self.ws.store().tasks(list)
    }

    /// Open tasks assigned to the logged-in clinician, across every patient here.
    pub fn my_tasks(&self) -> Result<Vec<crate::store::records::TaskLine>> {
        let user = self
            .ws
            .access()
            .logged_in()
            .ok_or_else(|| Error::Forbidden("log in to see your tasks".into()))?;
        self.tasks(crate::store::records::TaskList::AssignedTo(&user.username))
    }
}

/// Whether one more dose of `order` may be given at `at`, its doses so far `given`: not
/// beyond the course's number of doses; for an as-needed order, not inside its interval
/// or beyond its daily maximum unless a reason overrides it.
fn ensure_dose_allowed(
    order: &Prescription,
    given: &[Timestamp],
    at: &str,
    override_reason: Option<&str>,
) -> Result<()> {
    if let Some(doses) = order.doses
        && given.len() >= doses as usize
    {
        return Err(Error::Conflict(if doses == 1 {
            "the course's one dose has been given".into()
        } else {
            format!("all {doses} doses of the course have been given")
        }));
    }
    let (Some(schedule), Some(at)) = (&order.schedule, round::instant(at)) else {
        return Ok(());
    };
    match (
        schedule::as_needed_allows(schedule, given, at),
        override_reason,
    ) {
        (Ok(()), _) | (Err(_), Some(_)) => Ok(()),
        (Err(too_soon), None) => {
            let zone = round::ward_zone();
            let clock = |t: Timestamp| t.to_zoned(zone.clone()).strftime("%H:%M").to_string();
            let why = match too_soon {
                schedule::TooSoon::Interval { last, next } => format!(
                    "the last dose was given at {}; the next is allowed from {}",
                    clock(last),
                    clock(next)
                ),
                schedule::TooSoon::DailyMaximum { given } => format!(
                    "{given} doses were given in the last 24 hours, the most this order allows"
                ),
            };
            Err(Error::Conflict(format!(
                "{why}: give a reason to give it anyway"
            )))
        }
    }
}
