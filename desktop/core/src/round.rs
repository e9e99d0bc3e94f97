//! The medication round: which scheduled doses are due, overdue, given or coming, for one
//! patient's chart and for the whole ward, worked out from the local store (offline).
//! Times of day are the ward's, which is this workstation's time zone.

use std::collections::HashMap;

use bedside_shared::chart::schedule::{self, Course, DoseState, Recorded};
use bedside_shared::chart::{
    Administration, AdministrationOutcome, Allergy, AllergyStatus, Severity,
};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use crate::chart::Charts;
use crate::error::Result;
use crate::store::records::Entry;
use crate::store::round::{RoundOf, ScheduledOrder};

/// How far back the round looks for doses not given.
const LOOK_BACK: SignedDuration = SignedDuration::from_hours(24);
/// How far ahead the ward's round lists doses to come.
const ROUND_AHEAD: SignedDuration = SignedDuration::from_hours(4);

/// A scheduled dose of an order, with where it stands.
#[derive(Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScheduledDose {
    /// Whose.
    pub patient_id: String,
    /// "OKAFOR, Dmitri".
    pub patient_name: String,
    /// Their bed, if any.
    pub bed: Option<String>,
    /// The order.
    pub prescription_id: String,
    /// Drug.
    pub drug: String,
    /// Dose.
    pub dose: String,
    /// Route.
    pub route: String,
    /// When it is due (RFC 3339, UTC).
    pub due_at: String,
    /// Given, held, refused, due, overdue or upcoming.
    pub state: DoseState,
    /// The recorded dose that answers it.
    pub record_id: Option<String>,
    /// When that dose was recorded as given (or held).
    pub recorded_at: Option<String>,
    /// Who recorded it.
    pub recorded_by: Option<String>,
    /// On the ward's round, the patient's active allergies, worst first, e.g.
    /// "Penicillin (severe)": whoever gives the dose sees them on its line. Empty in a
    /// chart's own grid, under the chart's allergy banner.
    pub allergies: Vec<String>,
}

/// How many doses of a patient are due and overdue now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct DoseCounts {
    pub due: u32,
    pub overdue: u32,
}

/// The ward's time zone: this workstation's.
pub(crate) fn ward_zone() -> TimeZone {
    TimeZone::system()
}

/// `at` (RFC 3339) as an instant.
pub(crate) fn instant(at: &str) -> Option<Timestamp> {
    at.parse().ok()
}

/// An instant as recorded in documents (RFC 3339, UTC, to the second).
pub(crate) fn stamp(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Mild => "mild",
        Severity::Moderate => "moderate",
        Severity::Severe => "severe",
        Severity::LifeThreatening => "life-threatening",
    }
}

fn recorded_state(outcome: AdministrationOutcome) -> Option<DoseState> {
    match outcome {
        AdministrationOutcome::Given => Some(DoseState::Given),
        AdministrationOutcome::Held => Some(DoseState::Held),
        AdministrationOutcome::Refused => Some(DoseState::Refused),
        AdministrationOutcome::EnteredInError => None,
    }
}

/// The scheduled doses of `orders` in `from..=until`, each matched with the doses
/// recorded (`doses`, of the same patients, none in error), as they stand at `now`.
fn doses_of(
    orders: &[ScheduledOrder],
    doses: &[Entry<Administration>],
    zone: &TimeZone,
    (now, from, until): (Timestamp, Timestamp, Timestamp),
) -> Vec<ScheduledDose> {
    let mut by_order: HashMap<&str, Vec<(usize, &Entry<Administration>)>> = HashMap::new();
    for (index, dose) in doses.iter().enumerate() {
        by_order
            .entry(dose.record.prescription_id.as_str())
            .or_default()
            .push((index, dose));
    }
    let mut out = Vec::new();
    for order in orders {
        let (Ok(start), end) = (order.start.parse(), order.end.as_deref().map(str::parse)) else {
            continue;
        };
        let course = Course {
            start,
            end: end.and_then(|e| e.ok()),
            doses: order.doses,
        };
        // Doses recorded near the window's edges answer times just outside it.
        let times = order
            .schedule
            .times(zone, &course, from - LOOK_BACK / 2, until);
        let recorded: Vec<Recorded> = by_order
            .get(order.prescription_id.as_str())
            .into_iter()
            .flatten()
            .filter_map(|(index, dose)| {
                Some(Recorded {
                    at: instant(&dose.record.at)?,
                    state: recorded_state(dose.record.outcome)?,
                    index: *index,
                })
            })
            .collect();
        for slot in schedule::slots(&times, &recorded, now) {
            if slot.at < from {
                continue;
            }
            let answer = slot.recorded.map(|i| &doses[i]);
            out.push(ScheduledDose {
                patient_id: order.patient_id.clone(),
                patient_name: order.patient_name.clone(),
                bed: order.bed.clone(),
                prescription_id: order.prescription_id.clone(),
                drug: order.drug.clone(),
                dose: order.dose.clone(),
                route: order.route.clone(),
                due_at: stamp(slot.at),
                state: slot.state,
                record_id: answer.map(|a| a.record_id.clone()),
                recorded_at: answer.map(|a| a.record.at.clone()),
                recorded_by: answer.map(|a| a.record.by.clone()),
                allergies: Vec::new(),
            });
        }
    }
    out.sort_by(|a, b| {
        a.due_at
            .cmp(&b.due_at)
            .then_with(|| crate::identity::bed_order(a.bed.as_deref(), b.bed.as_deref()))
            .then_with(|| a.drug.cmp(&b.drug))
    });
    out
}

impl Charts<'_> {
    fn now_instant(&self) -> Timestamp {
        let now = self.ws.store().now_utc();
        Timestamp::from_second(now.unix_timestamp()).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    fn scheduled_doses(
        &self,
        of: RoundOf<'_>,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<Vec<ScheduledDose>> {
        self.ws.access().ensure_unlocked()?;
        let now = self.now_instant();
        let store = self.ws.store();
        let orders = store.scheduled_orders(of)?;
        let mut patients: Vec<&str> = orders.iter().map(|o| o.patient_id.as_str()).collect();
        patients.sort_unstable();
        patients.dedup();
        let since = stamp(from - LOOK_BACK);
        let doses = store.doses_since(&patients, &since)?;
        Ok(doses_of(&orders, &doses, &ward_zone(), (now, from, until)))
    }

    /// One patient's scheduled doses from 24 hours ago to the end of the ward's day, each
    /// given, held, refused, due, overdue or upcoming: the chart's dose grid.
    pub fn dose_grid(&self, patient: &str) -> Result<Vec<ScheduledDose>> {
        let now = self.now_instant();
        let zone = ward_zone();
        let end_of_day = now
            .to_zoned(zone)
            .end_of_day()
            .map_or(now + SignedDuration::from_hours(24), |d| d.timestamp());
        self.scheduled_doses(RoundOf::Patient(patient), now - LOOK_BACK, end_of_day)
    }

    /// The medication round of `ward` (every ward held here if `None`): each scheduled
    /// dose of the admitted patients from 24 hours ago to four hours ahead, by time and
    /// bed.
    pub fn medication_round(&self, ward: Option<&str>) -> Result<Vec<ScheduledDose>> {
        let now = self.now_instant();
        let mut doses =
            self.scheduled_doses(RoundOf::Ward(ward), now - LOOK_BACK, now + ROUND_AHEAD)?;
        let mut allergies: HashMap<String, Vec<String>> = HashMap::new();
        for dose in &mut doses {
            if !allergies.contains_key(&dose.patient_id) {
                let held = self.active_allergies(&dose.patient_id)?;
                allergies.insert(dose.patient_id.clone(), held);
            }
            dose.allergies.clone_from(&allergies[&dose.patient_id]);
        }
        Ok(doses)
    }

    /// `patient`'s active allergies, worst first, as "Penicillin (severe)".
    fn active_allergies(&self, patient: &str) -> Result<Vec<String>> {
        let mut active: Vec<Allergy> = self
            .ws
            .store()
            .records::<Allergy>(patient)?
            .into_iter()
            .map(|entry| entry.record)
            .filter(|a| a.status == AllergyStatus::Active)
            .collect();
        active.sort_by_key(|a| std::cmp::Reverse(a.severity));
        Ok(active
            .iter()
            .map(|a| format!("{} ({})", a.substance, severity_word(a.severity)))
            .collect())
    }

    /// How many doses of each admitted patient of `ward` are due and overdue now.
    pub(crate) fn doses_to_give(&self, ward: Option<&str>) -> Result<HashMap<String, DoseCounts>> {
        let now = self.now_instant();
        let mut counts: HashMap<String, DoseCounts> = HashMap::new();
        for dose in self.scheduled_doses(
            RoundOf::Ward(ward),
            now - LOOK_BACK,
            now + schedule::DUE_WINDOW,
        )? {
            let count = counts.entry(dose.patient_id).or_default();
            match dose.state {
                DoseState::Due => count.due += 1,
                DoseState::Overdue => count.overdue += 1,
                _ => {}
            }
        }
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn order(id: &str, schedule: bedside_shared::chart::Schedule) -> ScheduledOrder {
        ScheduledOrder {
            patient_id: "p1".into(),
            patient_name: "OKAFOR, Dmitri".into(),
            bed: Some("3".into()),
            prescription_id: id.into(),
            drug: "Amoxicillin".into(),
            dose: "500 mg".into(),
            route: "oral".into(),
            start: "2026-12-06".into(),
            end: None,
            schedule,
            doses: None,
        }
    }

    fn dose(id: &str, of: &str, at: &str, outcome: AdministrationOutcome) -> Entry<Administration> {
        Entry {
            record_id: id.into(),
            record: Administration {
                prescription_id: of.into(),
                outcome,
                by: "Nurse Bello".into(),
                at: at.into(),
                note: None,
                corrects: None,
                override_reason: None,
            },
        }
    }

    #[test]
    fn each_order_gets_its_own_doses_and_the_round_reads_by_time() {
        use bedside_shared::chart::Schedule;
        let orders = [
            order("rx-a", Schedule::times_of_day(&["08:00", "20:00"])),
            order("rx-b", Schedule::times_of_day(&["12:00"])),
        ];
        let doses = [dose(
            "d1",
            "rx-a",
            "2026-12-06T08:10:00Z",
            AdministrationOutcome::Given,
        )];
        let now = at("2026-12-06T13:30:00Z");
        let grid = doses_of(
            &orders,
            &doses,
            &TimeZone::UTC,
            (now, at("2026-12-06T00:00:00Z"), at("2026-12-06T23:59:59Z")),
        );
        let seen: Vec<(&str, &str, DoseState)> = grid
            .iter()
            .map(|d| (d.prescription_id.as_str(), &d.due_at[11..16], d.state))
            .collect();
        assert_eq!(
            seen,
            [
                ("rx-a", "08:00", DoseState::Given),
                ("rx-b", "12:00", DoseState::Overdue),
                ("rx-a", "20:00", DoseState::Upcoming),
            ]
        );
        assert_eq!(grid[0].recorded_by.as_deref(), Some("Nurse Bello"));
        assert_eq!(grid[0].record_id.as_deref(), Some("d1"));
    }
}
