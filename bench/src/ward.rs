//! A realistic ward, generated from a fixed seed: each patient's registration (with
//! appointments) and clinical chart (signed notes of a few hundred words, prescriptions
//! with their administration record, vital signs, tasks), built up over several edits as
//! a real chart is.

use automerge::AutoCommit;
use bedside_server::services::demo::{DRUGS, FAMILY, GIVEN};
use bedside_shared::chart::{
    self, Administration, AdministrationOutcome, Admission, AdmissionStatus, Appointment,
    AppointmentKind, AppointmentStatus, Clinical, Demographics, NoteDraft, NoteKind, PathwayStage,
    Prescription, PrescriptionStatus, Priority, Registration, Sex, Task, TaskStatus, Temperature,
    TemperatureUnit, Vitals,
};
use bedside_shared::{DocId, NoteId, PatientId};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// The seed every run uses, so runs compare.
pub const SEED: u64 = 20_261_123;

/// How big the ward is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WardSize {
    /// Patients.
    pub patients: usize,
    /// Signed notes per patient.
    pub notes: usize,
    /// Words per note.
    pub words: usize,
    /// Prescriptions per patient.
    pub prescriptions: usize,
    /// Doses recorded per prescription.
    pub doses: usize,
    /// Sets of vital signs per patient.
    pub vitals: usize,
    /// Appointments per patient.
    pub appointments: usize,
    /// Tasks per patient.
    pub tasks: usize,
    /// Edits each chart is built up over.
    pub edits: usize,
}

impl WardSize {
    /// The ward the performance figures are for.
    pub const FULL: Self = Self {
        patients: 200,
        notes: 50,
        words: 300,
        prescriptions: 20,
        doses: 5,
        vitals: 100,
        appointments: 10,
        tasks: 10,
        edits: 10,
    };

    /// The same charts, fewer patients.
    pub fn with_patients(self, patients: usize) -> Self {
        Self { patients, ..self }
    }
}

/// One generated patient: the documents as a workstation would offer them.
#[derive(Debug)]
pub struct PatientCharts {
    /// The patient.
    pub patient: PatientId,
    /// The registration document.
    pub registration: AutoCommit,
    /// The clinical document.
    pub clinical: AutoCommit,
}

impl PatientCharts {
    /// The documents with their ids.
    pub fn docs(&mut self) -> [(DocId, &mut AutoCommit); 2] {
        [
            (DocId::registration(self.patient), &mut self.registration),
            (DocId::clinical(self.patient), &mut self.clinical),
        ]
    }
}

const WORDS: &[&str] = &[
    "patient",
    "reviewed",
    "on",
    "the",
    "ward",
    "round",
    "comfortable",
    "at",
    "rest",
    "pain",
    "controlled",
    "with",
    "regular",
    "analgesia",
    "wound",
    "clean",
    "and",
    "dry",
    "no",
    "signs",
    "of",
    "infection",
    "observations",
    "stable",
    "afebrile",
    "tolerating",
    "oral",
    "fluids",
    "diet",
    "mobilising",
    "physiotherapy",
    "plan",
    "continue",
    "current",
    "management",
    "bloods",
    "today",
    "haemoglobin",
    "stable",
    "renal",
    "function",
    "normal",
    "drain",
    "output",
    "minimal",
    "remove",
    "tomorrow",
    "discussed",
    "family",
    "discharge",
    "planning",
    "started",
    "nausea",
    "settled",
    "ondansetron",
    "bowels",
    "opened",
    "catheter",
    "removed",
    "passing",
    "urine",
    "chest",
    "clear",
    "saturations",
    "room",
    "air",
    "review",
];

/// The `n`-th set of routine observations (all in range) recorded by `by`: the edit the
/// benchmarks repeat.
pub fn routine_vitals(n: usize, by: &str) -> Vitals {
    Vitals {
        taken_at: format!("2026-11-23T10:{:02}:00Z", n % 60),
        recorded_by: by.to_owned(),
        temperature: None,
        pulse_bpm: Some(60 + (n % 40) as i64),
        systolic_mmhg: Some(120),
        diastolic_mmhg: Some(80),
        respiratory_rate: Some(16),
        spo2_pct: Some(97),
        weight: None,
        consciousness: None,
        on_oxygen: None,
        spo2_scale: None,
    }
}

/// A generator of patients on `ward`.
#[derive(Debug)]
pub struct WardGenerator {
    rng: StdRng,
    size: WardSize,
    ward: String,
    made: usize,
    /// Who signs the notes, prescribes and creates the tasks.
    doctor: String,
    /// Who records the doses and the vital signs.
    nurse: String,
}

impl WardGenerator {
    /// Patients of `size` on `ward`, from the fixed seed.
    pub fn new(ward: &str, size: WardSize) -> Self {
        Self {
            rng: StdRng::seed_from_u64(SEED),
            size,
            ward: ward.to_owned(),
            made: 0,
            doctor: "Dr Bench".into(),
            nurse: "Nurse Bench".into(),
        }
    }

    /// The same ward with every record authored by `doctor` and `nurse` (the names a
    /// server accepts from a workstation are those of the people signed in on it).
    pub fn authored_by(mut self, doctor: &str, nurse: &str) -> Self {
        doctor.clone_into(&mut self.doctor);
        nurse.clone_into(&mut self.nurse);
        self
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.rng.random_range(0..from.len())]
    }

    fn text(&mut self, words: usize) -> String {
        let mut text = String::with_capacity(words * 8);
        for n in 0..words {
            if n > 0 {
                text.push(if n % 12 == 0 { '.' } else { ' ' });
                if n % 12 == 0 {
                    text.push(' ');
                }
            }
            text.push_str(self.pick(WORDS));
        }
        text.push('.');
        text
    }

    fn time(&mut self, hour: usize) -> String {
        let day = 1 + (hour / 24) % 28;
        format!(
            "2026-10-{day:02}T{:02}:{:02}:00Z",
            hour % 24,
            self.rng.random_range(0..60)
        )
    }

    fn registration(&mut self, patient: PatientId) -> Registration {
        let i = self.made;
        let mut registration = Registration::new(
            patient,
            Demographics {
                mrn: format!("BENCH-{:06}", i + 1),
                given_name: self.pick(GIVEN).into(),
                family_name: self.pick(FAMILY).into(),
                birth_date: format!("{}-{:02}-{:02}", 1940 + i % 60, 1 + i % 12, 1 + i % 28),
                sex: if i.is_multiple_of(2) {
                    Sex::Female
                } else {
                    Sex::Male
                },
                phone: Some(format!("+44 20 7946 {:04}", i % 10_000)),
                address: None,
                provisional_mrn: None,
            },
            Admission {
                ward: self.ward.clone(),
                bed: Some(format!("{}", i + 1)),
                status: AdmissionStatus::Admitted,
                pathway: Some(PathwayStage::PostOp),
            },
        );
        for a in 0..self.size.appointments {
            let starts_at = self.time(a * 30);
            registration.schedule(Appointment {
                title: "Surgical review".into(),
                starts_at,
                duration_minutes: 20,
                location: Some("Outpatients".into()),
                status: AppointmentStatus::Scheduled,
                kind: AppointmentKind::Procedure,
            });
        }
        registration
    }

    /// Adds the `part`-th of `parts` slices of the chart's records to `clinical`.
    fn chart_part(&mut self, clinical: &mut Clinical, patient: PatientId, part: usize) {
        let parts = self.size.edits.max(1);
        let slice = |n: usize| (n * part / parts)..(n * (part + 1) / parts);
        let (doctor, nurse) = (self.doctor.clone(), self.nurse.clone());
        for n in slice(self.size.notes) {
            let at = self.time(n * 6);
            let text = self.text(self.size.words);
            let mut draft = NoteDraft::begin(
                patient,
                NoteId::new(),
                NoteKind::Progress,
                &doctor,
                &at,
                &text,
            );
            draft
                .sign(clinical, &doctor, &at)
                .expect("a fresh draft signs");
        }
        for n in slice(self.size.prescriptions) {
            let (drug, dose, route, frequency) = DRUGS[n % DRUGS.len()];
            let id = clinical.prescribe(Prescription {
                drug: drug.into(),
                dose: dose.into(),
                route: route.into(),
                frequency: frequency.into(),
                start: "2026-10-01".into(),
                end: None,
                prescriber: doctor.clone(),
                status: PrescriptionStatus::Active,
                stopped_at: None,
                stop_reason: None,
                schedule: None,
                doses: None,
            });
            for d in 0..self.size.doses {
                let at = self.time(n + d * 6);
                clinical.record_administration(Administration {
                    prescription_id: id.to_string(),
                    outcome: AdministrationOutcome::Given,
                    by: nurse.clone(),
                    at,
                    note: None,
                    corrects: None,
                    override_reason: None,
                });
            }
        }
        for n in slice(self.size.vitals) {
            let taken_at = self.time(n * 4);
            clinical.record_vitals(Vitals {
                taken_at,
                recorded_by: nurse.clone(),
                temperature: Some(Temperature {
                    value: 36.5 + f64::from(self.rng.random_range(0..15_u8)) / 10.0,
                    unit: TemperatureUnit::Celsius,
                }),
                pulse_bpm: Some(self.rng.random_range(55..110)),
                systolic_mmhg: Some(self.rng.random_range(100..150)),
                diastolic_mmhg: Some(self.rng.random_range(60..95)),
                respiratory_rate: Some(self.rng.random_range(12..22)),
                spo2_pct: Some(self.rng.random_range(93..100)),
                weight: None,
                consciousness: None,
                on_oxygen: None,
                spo2_scale: None,
            });
        }
        for n in slice(self.size.tasks) {
            let created_at = self.time(n * 12);
            clinical.add_task(Task {
                title: "Review drain output".into(),
                assignee: None,
                due: None,
                priority: Priority::Routine,
                status: TaskStatus::Todo,
                created_by: doctor.clone(),
                created_at,
                completed_at: None,
            });
        }
    }

    /// The next patient, or `None` once the ward is full.
    pub fn next_patient(&mut self) -> Option<PatientCharts> {
        if self.made == self.size.patients {
            return None;
        }
        let patient = PatientId::new();
        let registration = chart::create(&self.registration(patient)).expect("registers");
        let mut clinical = chart::create(&Clinical::new(patient)).expect("charts");
        for part in 0..self.size.edits.max(1) {
            chart::update(&mut clinical, |c: &mut Clinical| {
                self.chart_part(c, patient, part)
            })
            .expect("the chart takes the records");
        }
        self.made += 1;
        Some(PatientCharts {
            patient,
            registration,
            clinical,
        })
    }
}

/// Writes a generated ward to `path`, to be read back by [`read_ward`] instead of
/// generating it again (profiling the local store runs it many times).
pub fn write_ward(charts: &mut [PatientCharts], path: &std::path::Path) -> std::io::Result<()> {
    let mut out = Vec::new();
    for chart in charts {
        out.extend_from_slice(chart.patient.to_string().as_bytes());
        for (_, doc) in chart.docs() {
            let bytes = doc.save();
            let len = u32::try_from(bytes.len()).map_err(std::io::Error::other)?;
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&bytes);
        }
    }
    std::fs::write(path, out)
}

/// Reads a ward written by [`write_ward`].
pub fn read_ward(path: &std::path::Path) -> anyhow::Result<Vec<PatientCharts>> {
    let bytes = std::fs::read(path)?;
    let mut rest = bytes.as_slice();
    let mut take = |n: usize| -> anyhow::Result<&[u8]> {
        anyhow::ensure!(rest.len() >= n, "the ward file is cut short");
        let (taken, left) = rest.split_at(n);
        rest = left;
        Ok(taken)
    };
    let mut charts = Vec::new();
    loop {
        let Ok(patient) = take(36) else { break };
        let patient: PatientId = std::str::from_utf8(patient)?.parse()?;
        let mut doc = || -> anyhow::Result<AutoCommit> {
            let len = u32::from_le_bytes(take(4)?.try_into()?) as usize;
            Ok(AutoCommit::load(take(len)?)?)
        };
        let (registration, clinical) = (doc()?, doc()?);
        charts.push(PatientCharts {
            patient,
            registration,
            clinical,
        });
    }
    Ok(charts)
}
