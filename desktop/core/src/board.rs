//! The ward board (the ward's tasks by where they stand) and the ward dashboard (census,
//! pathway stages, upcoming procedures and the shift's key figures), from the local store,
//! offline.

use std::collections::BTreeMap;

use bedside_shared::chart::news2::Band;
use bedside_shared::chart::times::sortable;
use bedside_shared::chart::{AdmissionStatus, AppointmentKind, TaskStatus};
use serde::Serialize;

use crate::chart::Charts;
use crate::error::Result;
use crate::store::board::BoardTask;
use crate::store::queries::{AppointmentLine, PatientSummary, Upcoming};

/// How long done tasks stay on the board.
const DONE_SHOWN: time::Duration = time::Duration::hours(24);
/// How many upcoming procedures the dashboard lists.
const PROCEDURES_SHOWN: usize = 20;

/// A procedure booked, with whose it is.
#[derive(Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProcedureLine {
    /// "OKAFOR, Dmitri".
    pub patient_name: String,
    /// Their bed, if any.
    pub bed: Option<String>,
    /// The booking.
    #[serde(flatten)]
    pub procedure: AppointmentLine,
}

/// The shift's key figures.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WardFigures {
    /// Admitted patients.
    pub admitted: u32,
    /// Open tasks.
    pub open_tasks: u32,
    /// Open urgent tasks.
    pub urgent_tasks: u32,
    /// Tasks done in the last 24 hours.
    pub done_tasks: u32,
    /// Active medication orders.
    pub active_orders: u32,
    /// Scheduled doses due now.
    pub doses_due: u32,
    /// Scheduled doses overdue.
    pub doses_overdue: u32,
    /// Patients whose latest NEWS2 is medium (5–6).
    pub news2_medium: u32,
    /// Patients whose latest NEWS2 is high (7 or more).
    pub news2_high: u32,
    /// Admitted patients with no observations recorded.
    pub without_obs: u32,
}

/// The ward at a glance.
#[derive(Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WardDashboard {
    /// Patients by ward and status ("SURG-A" → admitted, outpatient …).
    pub census: BTreeMap<String, BTreeMap<String, u32>>,
    /// Admitted patients by pathway stage ("pre_op" …; "none" without one).
    pub pathway: BTreeMap<String, u32>,
    /// Procedures booked from now on, soonest first.
    pub upcoming_procedures: Vec<ProcedureLine>,
    /// The shift's key figures.
    pub figures: WardFigures,
}

fn word<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The figures the ward list and board give.
fn figures(patients: &[PatientSummary], board: &[BoardTask]) -> WardFigures {
    let mut f = WardFigures::default();
    for p in patients
        .iter()
        .filter(|p| p.status == AdmissionStatus::Admitted)
    {
        f.admitted += 1;
        f.doses_due += p.doses_due;
        f.doses_overdue += p.doses_overdue;
        match p
            .latest_vitals
            .as_ref()
            .and_then(|v| v.news2.as_ref())
            .map(|s| s.band)
        {
            Some(Band::Medium) => f.news2_medium += 1,
            Some(Band::High) => f.news2_high += 1,
            Some(_) => {}
            None => f.without_obs += 1,
        }
    }
    for t in board {
        if t.task.status == TaskStatus::Done {
            f.done_tasks += 1;
        } else {
            f.open_tasks += 1;
            f.urgent_tasks += u32::from(t.task.priority == bedside_shared::chart::Priority::Urgent);
        }
    }
    f
}

impl Charts<'_> {
    /// The tasks of `ward`'s admitted patients (every ward held here when `None`): every
    /// open one and those done in the last 24 hours, urgent first, then by due time.
    pub fn ward_board(&self, ward: Option<&str>) -> Result<Vec<BoardTask>> {
        self.ws.access().ensure_unlocked()?;
        let store = self.ws.store();
        let since = crate::clock::stamp(store.now_utc() - DONE_SHOWN);
        store.board(ward, &since)
    }

    /// The ward at a glance, as the server's dashboard gives it, from the local store.
    pub fn ward_dashboard(&self, ward: Option<&str>) -> Result<WardDashboard> {
        let patients = self.ward_list(ward)?;
        let board = self.ward_board(ward)?;
        let mut census: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
        let mut pathway: BTreeMap<String, u32> = BTreeMap::new();
        for p in &patients {
            *census
                .entry(p.ward.clone())
                .or_default()
                .entry(word(&p.status))
                .or_default() += 1;
            if p.status == AdmissionStatus::Admitted {
                let stage = p.pathway.as_ref().map_or_else(|| "none".to_owned(), word);
                *pathway.entry(stage).or_default() += 1;
            }
        }
        let store = self.ws.store();
        let now = store.now();
        let mut upcoming_procedures = Vec::new();
        for ward in census.keys() {
            for procedure in store.upcoming(Upcoming::Ward(ward), &now)? {
                if procedure.kind != AppointmentKind::Procedure {
                    continue;
                }
                let Some(p) = patients
                    .iter()
                    .find(|p| p.patient_id == procedure.patient_id)
                else {
                    continue;
                };
                upcoming_procedures.push(ProcedureLine {
                    patient_name: format!("{}, {}", p.family_name.to_uppercase(), p.given_name),
                    bed: p.bed.clone(),
                    procedure,
                });
            }
        }
        upcoming_procedures.sort_by_cached_key(|p| sortable(&p.procedure.starts_at));
        upcoming_procedures.truncate(PROCEDURES_SHOWN);
        let mut figures = figures(&patients, &board);
        figures.active_orders = store.active_orders(ward)?;
        Ok(WardDashboard {
            census,
            pathway,
            upcoming_procedures,
            figures,
        })
    }
}
