//! A patient's whole chart as a clinician opens it: who and where, notes, orders,
//! appointments, allergies, problems, vitals, administrations, tasks and documents.
//! The window and the command line open charts through here alike.

use bedside_shared::PatientId;
use bedside_shared::chart::news2::ScoredVitals;
use bedside_shared::chart::{Administration, Allergy, DocumentRef, Problem, Task, Vitals};
use serde::Serialize;

use crate::chart::Charts;
use crate::documents::{Tile, documents_in, tiles};
use crate::error::{Error, Result};
use crate::identity::mark_namesakes;
use crate::store::queries::{AppointmentLine, NoteLine, PatientSummary, PrescriptionLine};
use crate::store::records::Entry;

/// One patient's chart.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PatientChart {
    /// Who and where.
    pub patient: PatientSummary,
    /// Notes, drafts included.
    pub notes: Vec<NoteLine>,
    /// Medication orders.
    pub prescriptions: Vec<PrescriptionLine>,
    /// Appointments by start time.
    pub appointments: Vec<AppointmentLine>,
    /// Allergies, oldest first.
    pub allergies: Vec<Entry<Allergy>>,
    /// The problem list.
    pub problems: Vec<Entry<Problem>>,
    /// Sets of vital signs with their NEWS2, oldest first.
    pub vitals: Vec<Entry<ScoredVitals>>,
    /// The medication administration record.
    pub administrations: Vec<Entry<Administration>>,
    /// Ward tasks for the patient.
    pub tasks: Vec<Entry<Task>>,
    /// Documents attached to the chart.
    pub documents: Vec<Entry<DocumentRef>>,
    /// The documents by category, for the chart's tiles.
    pub tiles: Vec<Tile>,
}

impl Charts<'_> {
    /// Opens `patient`'s chart, if this workstation may (the opening is audited).
    pub fn open_chart(&self, patient: PatientId) -> Result<PatientChart> {
        let id = patient.to_string();
        self.may_open(&id)?;
        let store = self.ws.store();
        let mut view = store.chart_view(&id)?.ok_or(Error::NotFound("patient"))?;
        let names = store.ward_names(&view.patient.ward)?;
        mark_namesakes(std::slice::from_mut(&mut view.patient), &names);
        let documents = documents_in(&store, patient)?;
        Ok(PatientChart {
            patient: view.patient,
            notes: view.notes,
            prescriptions: view.prescriptions,
            appointments: view.appointments,
            allergies: store.records(&id)?,
            problems: store.records(&id)?,
            vitals: store
                .records::<Vitals>(&id)?
                .into_iter()
                .map(|e| Entry {
                    record_id: e.record_id,
                    record: e.record.into(),
                })
                .collect(),
            administrations: store.records(&id)?,
            tasks: store.records(&id)?,
            tiles: tiles(&documents),
            documents,
        })
    }
}
