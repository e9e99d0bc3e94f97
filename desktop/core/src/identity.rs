//! Telling patients apart: the duplicate check made before registering, the name alert
//! between patients of a ward whose names are the same or nearly so, and one patient per
//! bed.

use bedside_shared::chart::AdmissionStatus;

use crate::chart::Charts;
use crate::error::{Error, Result};
use crate::store::queries::{PatientSummary, WardName};

/// How close two names must be (Jaro-Winkler, 0..1) to count as possibly the same person.
const SAME_NAME: f64 = 0.88;

/// A name as compared: the full name and the family name, trimmed and in lower case.
struct Spelled {
    full: String,
    family: String,
}

impl Spelled {
    fn of(given: &str, family: &str) -> Self {
        Self {
            full: format!("{} {}", given.trim(), family.trim()).to_lowercase(),
            family: family.trim().to_lowercase(),
        }
    }

    /// The same or a nearly same full name (a typo, transposed letters).
    fn near(&self, other: &Self) -> bool {
        strsim::jaro_winkler(&self.full, &other.full) >= SAME_NAME
    }

    /// Names a nurse could confuse at the bedside: the same family name, or a full name
    /// that is the same or nearly so.
    fn confusable(&self, other: &Self) -> bool {
        self.family == other.family || self.near(other)
    }
}

/// Fills each admitted patient's name alert from `names`, the admitted patients of their
/// ward (or of several wards).
pub(crate) fn mark_namesakes(list: &mut [PatientSummary], names: &[WardName]) {
    let spelled: Vec<Spelled> = names
        .iter()
        .map(|n| Spelled::of(&n.given_name, &n.family_name))
        .collect();
    for patient in list
        .iter_mut()
        .filter(|p| p.status == AdmissionStatus::Admitted)
    {
        let own = Spelled::of(&patient.given_name, &patient.family_name);
        patient.namesakes = names
            .iter()
            .zip(&spelled)
            .filter(|(other, name)| {
                other.ward == patient.ward
                    && other.patient_id != patient.patient_id
                    && own.confusable(name)
            })
            .map(|(other, _)| other.place.clone())
            .collect();
    }
}

impl Charts<'_> {
    /// The patients of one ward (or of all this workstation holds) in bed order, each
    /// with their name alert.
    pub fn ward_list(&self, ward: Option<&str>) -> Result<Vec<PatientSummary>> {
        self.ws.access().ensure_unlocked()?;
        let mut list = self.ws.store().patients(ward)?;
        let names: Vec<WardName> = list
            .iter()
            .filter(|p| p.status == AdmissionStatus::Admitted)
            .map(WardName::from)
            .collect();
        mark_namesakes(&mut list, &names);
        let counts = self.doses_to_give(ward)?;
        for patient in &mut list {
            if let Some(count) = counts.get(&patient.patient_id) {
                patient.doses_due = count.due;
                patient.doses_overdue = count.overdue;
            }
        }
        Ok(list)
    }

    /// Patients in the bed typed, or whose name or MRN matches it, each with their name
    /// alert.
    pub fn find_patients(&self, text: &str, limit: usize) -> Result<Vec<PatientSummary>> {
        self.ws.access().ensure_unlocked()?;
        let store = self.ws.store();
        let mut found = store.search(text, limit)?;
        let mut wards: Vec<&str> = found.iter().map(|p| p.ward.as_str()).collect();
        wards.sort_unstable();
        wards.dedup();
        let mut names = Vec::new();
        for ward in wards {
            names.extend(store.ward_names(ward)?);
        }
        mark_namesakes(&mut found, &names);
        Ok(found)
    }

    /// Patients already here who may be the person about to be registered: the same
    /// birth date and a name that is the same or nearly so (typos, transposed letters).
    pub fn possible_duplicates(
        &self,
        given: &str,
        family: &str,
        birth_date: &str,
    ) -> Result<Vec<PatientSummary>> {
        self.ws.access().ensure_unlocked()?;
        let wanted = Spelled::of(given, family);
        Ok(self
            .ws
            .store()
            .born_on(birth_date.trim())?
            .into_iter()
            .filter(|p| Spelled::of(&p.given_name, &p.family_name).near(&wanted))
            .collect())
    }

    /// Refuses to put `patient` in a bed another admitted patient of the ward holds.
    /// `ward` is where the patient is going (`None`: the ward they are on).
    pub(crate) fn ensure_bed_free(
        &self,
        patient: &str,
        ward: Option<&str>,
        bed: Option<&str>,
    ) -> Result<()> {
        let Some(bed) = bed.map(str::trim).filter(|b| !b.is_empty()) else {
            return Ok(());
        };
        if self.ws.store().bed_taken(patient, ward, bed)? {
            return Err(Error::Conflict(format!(
                "bed {bed} already holds a patient: move or discharge them first"
            )));
        }
        Ok(())
    }
}

/// Beds in the ward list's order: numbered naturally (2 before 10), unassigned last.
pub(crate) fn bed_order(a: Option<&str>, b: Option<&str>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.len().cmp(&b.len()).then_with(|| a.cmp(b)),
        (a, b) => b.is_some().cmp(&a.is_some()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_a_nurse_could_confuse() {
        let okafor = Spelled::of("Dmitri", "Okafor");
        assert!(
            okafor.confusable(&Spelled::of("Grace", "okafor ")),
            "same family name"
        );
        assert!(okafor.confusable(&Spelled::of("Dmitri", "Okafr")), "a typo");
        assert!(okafor.near(&Spelled::of("Dimitri", "Okafor")));
        assert!(!okafor.confusable(&Spelled::of("Amara", "Nowak")));
        assert!(
            !okafor.near(&Spelled::of("Grace", "Okafor")),
            "not the same person"
        );
    }
}
