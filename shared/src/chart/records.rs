//! The records of the clinical document besides notes and orders: allergies, the problem
//! list, vital signs, the medication administration record, tasks and addenda to signed
//! notes.
//!
//! Vital signs, administrations and addenda are append-only: once recorded an entry never
//! changes (a wrong entry is corrected by a new one). Allergies, problems and tasks change
//! status over time.

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};

/// How severe a reaction is, mildest first (in the order values compare).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Reconcile, Hydrate, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Severity {
    /// Mild.
    Mild,
    /// Moderate.
    Moderate,
    /// Severe.
    Severe,
    /// Life-threatening (anaphylaxis).
    LifeThreatening,
}

/// Whether an allergy is current.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum AllergyStatus {
    /// Current.
    Active,
    /// No longer relevant (e.g. disproved by challenge).
    Inactive,
    /// Recorded by mistake.
    EnteredInError,
}

/// A recorded allergy or intolerance.
#[derive(Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Allergy {
    /// What the patient reacts to, e.g. "Penicillin".
    pub substance: String,
    /// The reaction, e.g. "Urticaria".
    pub reaction: String,
    /// How bad it is.
    pub severity: Severity,
    /// Active, inactive or entered in error.
    pub status: AllergyStatus,
    /// Who recorded it.
    pub recorded_by: String,
    /// When, RFC 3339.
    pub recorded_at: String,
}

/// Groups of drugs an allergy to one member (or to the group's name) extends to.
const CROSS_REACTIVE: &[&[&str]] = &[
    &[
        "penicillin",
        "amoxicillin",
        "ampicillin",
        "flucloxacillin",
        "piperacillin",
        "benzylpenicillin",
        "phenoxymethylpenicillin",
        "co-amoxiclav",
    ],
    &[
        "cephalosporin",
        "cefalexin",
        "cefuroxime",
        "ceftriaxone",
        "cefazolin",
    ],
    &[
        "sulfonamide",
        "sulfamethoxazole",
        "co-trimoxazole",
        "sulfasalazine",
    ],
    &[
        "nsaid",
        "ibuprofen",
        "naproxen",
        "diclofenac",
        "aspirin",
        "ketorolac",
    ],
    &[
        "opioid",
        "morphine",
        "codeine",
        "oxycodone",
        "tramadol",
        "fentanyl",
    ],
];

impl Allergy {
    /// True when this allergy, if active, concerns a prescription of `drug`: the names
    /// overlap, or both belong to one cross-reactive group (a penicillin allergy concerns
    /// amoxicillin).
    pub fn concerns(&self, drug: &str) -> bool {
        if self.status != AllergyStatus::Active {
            return false;
        }
        let (substance, drug) = (self.substance.to_lowercase(), drug.to_lowercase());
        let (substance, drug) = (substance.trim(), drug.trim());
        if substance.is_empty() || drug.is_empty() {
            return false;
        }
        drug.contains(substance)
            || substance.contains(drug)
            || CROSS_REACTIVE.iter().any(|group| {
                group.iter().any(|m| substance.contains(m))
                    && group.iter().any(|m| drug.contains(m))
            })
    }
}

/// Where a problem stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ProblemStatus {
    /// Being treated or watched.
    Active,
    /// Resolved.
    Resolved,
    /// Recorded by mistake (e.g. on the wrong patient): kept for the record, shown
    /// nowhere.
    EnteredInError,
}

/// An entry of the problem list.
#[derive(Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Problem {
    /// ICD-10 code, e.g. `K35.8`.
    pub code: String,
    /// The problem in words, e.g. "Acute appendicitis".
    pub text: String,
    /// Active or resolved.
    pub status: ProblemStatus,
    /// Onset date, `YYYY-MM-DD`, if known.
    pub onset: Option<String>,
    /// Who recorded it.
    pub recorded_by: String,
    /// When, RFC 3339.
    pub recorded_at: String,
}

/// A temperature scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum TemperatureUnit {
    /// Degrees Celsius ("Celsius" is its name in the documents).
    #[serde(rename = "C", alias = "Celsius")]
    Celsius,
    /// Degrees Fahrenheit.
    #[serde(rename = "F", alias = "Fahrenheit")]
    Fahrenheit,
}

/// A weight unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum WeightUnit {
    /// Kilograms.
    Kg,
    /// Pounds.
    Lb,
}

/// A temperature with its unit.
#[derive(Clone, Copy, Debug, PartialEq, Reconcile, Hydrate, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Temperature {
    /// The reading.
    pub value: f64,
    /// Its scale.
    pub unit: TemperatureUnit,
}

impl Temperature {
    /// The reading in degrees Celsius.
    pub fn celsius(self) -> f64 {
        match self.unit {
            TemperatureUnit::Celsius => self.value,
            TemperatureUnit::Fahrenheit => (self.value - 32.0) * 5.0 / 9.0,
        }
    }
}

/// A weight with its unit.
#[derive(Clone, Copy, Debug, PartialEq, Reconcile, Hydrate, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Weight {
    /// The reading.
    pub value: f64,
    /// Its unit.
    pub unit: WeightUnit,
}

impl Weight {
    /// The weight in kilograms.
    pub fn kg(self) -> f64 {
        match self.unit {
            WeightUnit::Kg => self.value,
            WeightUnit::Lb => self.value * 0.453_592_37,
        }
    }
}

/// One set of vital signs; any reading may be missing, not all of them.
#[derive(Clone, Debug, PartialEq, Reconcile, Hydrate, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Vitals {
    /// When they were taken, RFC 3339.
    pub taken_at: String,
    /// Who took them.
    pub recorded_by: String,
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
    #[autosurgeon(missing = "Default::default")]
    pub consciousness: Option<Consciousness>,
    /// True when the patient was on supplemental oxygen, false on room air.
    #[autosurgeon(missing = "Default::default")]
    pub on_oxygen: Option<bool>,
    /// The SpO₂ scale the patient is scored on (scale 1 unless a clinician chose 2).
    #[autosurgeon(missing = "Default::default")]
    pub spo2_scale: Option<Spo2Scale>,
}

/// Level of consciousness on the ACVPU scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Consciousness {
    /// Alert.
    Alert,
    /// New confusion (or new disorientation or agitation).
    NewConfusion,
    /// Responds to voice.
    Voice,
    /// Responds to pain.
    Pain,
    /// Unresponsive.
    Unresponsive,
}

/// The SpO₂ scale of NEWS2: scale 2 is for patients with hypercapnic respiratory failure
/// whose prescribed target saturation is 88–92 %, and is chosen by a clinician.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Spo2Scale {
    /// The usual scale.
    #[default]
    Scale1,
    /// For a target of 88–92 %.
    Scale2,
}

/// What happened at a scheduled dose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum AdministrationOutcome {
    /// Given as prescribed.
    Given,
    /// Held back by the clinician (e.g. nil by mouth, low blood pressure).
    Held,
    /// Refused by the patient.
    Refused,
    /// Corrects an earlier entry that was recorded in error (the wrong patient, order or
    /// dose): that entry stays, marked by this one, never deleted.
    #[serde(rename = "entered_in_error")]
    EnteredInError,
}

/// One entry of the medication administration record.
#[derive(Clone, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Administration {
    /// The order it belongs to.
    pub prescription_id: String,
    /// Given, held or refused.
    pub outcome: AdministrationOutcome,
    /// Who gave (or held) it.
    pub by: String,
    /// When, RFC 3339.
    pub at: String,
    /// Why it was held or refused, or anything of note; why an entry was in error.
    pub note: Option<String>,
    /// The entry of the same order this one marks as entered in error.
    #[autosurgeon(missing = "Default::default")]
    #[serde(default)]
    pub corrects: Option<String>,
    /// Why an as-needed dose was given sooner or more often than its order allows.
    #[autosurgeon(missing = "Default::default")]
    #[serde(default)]
    pub override_reason: Option<String>,
}

/// How pressing a task is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Priority {
    /// In the normal course of the shift.
    Routine,
    /// Now: raises an alert.
    Urgent,
}

/// Where a task stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum TaskStatus {
    /// Not started.
    Todo,
    /// Someone is on it.
    InProgress,
    /// Finished.
    Done,
}

/// A piece of work for the ward team about one patient.
#[derive(Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Task {
    /// What to do, e.g. "Remove urinary catheter".
    pub title: String,
    /// Who should do it (login name), if assigned.
    pub assignee: Option<String>,
    /// When it is due, RFC 3339.
    pub due: Option<String>,
    /// Routine or urgent.
    pub priority: Priority,
    /// To do, in progress or done.
    pub status: TaskStatus,
    /// Who created it.
    pub created_by: String,
    /// When, RFC 3339.
    pub created_at: String,
    /// When it was done, RFC 3339.
    pub completed_at: Option<String>,
}

/// A patient-education video shown or given to the patient.
#[derive(Clone, Debug, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct VideoShared {
    /// The video's id (catalog or provider).
    pub video_id: String,
    /// Its title when shared.
    pub title: String,
    /// Where it is watched.
    pub url: String,
    /// Who shared it.
    pub shared_by: String,
    /// When, RFC 3339.
    pub shared_at: String,
}

/// A correction or addition to a signed note; the note itself never changes.
#[derive(Clone, PartialEq, Eq, Reconcile, Hydrate, Serialize, Deserialize)]
pub struct Addendum {
    /// The signed note it adds to.
    pub note_id: String,
    /// Who wrote it.
    pub author: String,
    /// The text.
    pub body: String,
    /// When it was signed, RFC 3339.
    pub signed_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allergy(substance: &str, status: AllergyStatus) -> Allergy {
        Allergy {
            substance: substance.into(),
            reaction: "Rash".into(),
            severity: Severity::Moderate,
            status,
            recorded_by: "Dr Adams".into(),
            recorded_at: "2026-11-23T08:00:00Z".into(),
        }
    }

    #[test]
    fn an_allergy_concerns_the_drug_and_its_cross_reactive_group() {
        let penicillin = allergy("Penicillin", AllergyStatus::Active);
        assert!(penicillin.concerns("Amoxicillin 500 mg"));
        assert!(penicillin.concerns("benzylpenicillin"));
        assert!(!penicillin.concerns("Paracetamol"));
        assert!(allergy("Ibuprofen", AllergyStatus::Active).concerns("Naproxen"));
        assert!(allergy("Latex", AllergyStatus::Active).concerns("latex"));
        assert!(
            !allergy("Penicillin", AllergyStatus::EnteredInError).concerns("Amoxicillin"),
            "an allergy recorded in error warns of nothing"
        );
    }
}
