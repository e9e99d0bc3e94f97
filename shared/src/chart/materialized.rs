//! Reading a whole document into its types in one pass. Autosurgeon looks every field up
//! on its own, and each lookup seeks through Automerge's operation columns; Automerge's
//! own `hydrate` walks each object's operations once and hands back the values as a
//! tree, which serde then reads. Taking in a ward on a first sync reads every chart
//! whole, so this is where that time goes.
//!
//! Values are read as autosurgeon writes them: maps, lists, text, scalars, `null` for
//! `None`. A unit enum variant is stored under its Rust name ("InProgress"), matched to
//! its serde name ("in_progress") ignoring case and underscores; a variant whose serde
//! name differs in more than that carries its Rust name as a `#[serde(alias)]`.
//! Anything else this reader does not know (a counter, a variant with data) is an error,
//! and [`read`] falls back to autosurgeon, so a document reads the same either way; a
//! property test holds the two readers to each other.

use std::fmt;

use automerge::hydrate::Value;
use automerge::{AutoCommit, ROOT, ReadDoc, ScalarValue};
use autosurgeon::Hydrate;
use serde::de::value::{MapDeserializer, SeqDeserializer, StrDeserializer};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

use super::EditError;

/// Reads `doc` as its typed form: in one pass where the reader knows every value's
/// shape, else through autosurgeon.
pub fn read<T: Hydrate + DeserializeOwned>(doc: &AutoCommit) -> Result<T, EditError> {
    read_from(doc, materialize(doc).as_ref())
}

/// The whole of `doc` as a tree of values (`None` if Automerge cannot give it).
pub fn materialize(doc: &AutoCommit) -> Option<Value> {
    doc.hydrate(ROOT, None).ok()
}

/// [`read`], from `doc` already materialized into `tree`.
pub fn read_from<T: Hydrate + DeserializeOwned>(
    doc: &AutoCommit,
    tree: Option<&Value>,
) -> Result<T, EditError> {
    match tree.map(read_tree) {
        Some(Ok(value)) => Ok(value),
        _ => super::read(doc),
    }
}

/// Reads a materialized document (or a part of one) as `T`.
pub fn read_tree<T: DeserializeOwned>(tree: &Value) -> Result<T, Unreadable> {
    T::deserialize(Node(tree))
}

/// A value this reader cannot take as the type asked for.
#[derive(Debug)]
pub struct Unreadable(String);

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unreadable {}

impl de::Error for Unreadable {
    fn custom<M: fmt::Display>(message: M) -> Self {
        Self(message.to_string())
    }
}

/// One node of the materialized tree, as a serde deserializer.
#[derive(Clone, Copy)]
struct Node<'a>(&'a Value);

impl<'a> IntoDeserializer<'a, Unreadable> for Node<'a> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> de::Deserializer<'de> for Node<'de> {
    type Error = Unreadable;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        match self.0 {
            Value::Scalar(scalar) => match scalar {
                ScalarValue::Str(s) => visitor.visit_str(s),
                ScalarValue::Int(i) => visitor.visit_i64(*i),
                ScalarValue::Uint(u) => visitor.visit_u64(*u),
                ScalarValue::F64(f) => visitor.visit_f64(*f),
                ScalarValue::Boolean(b) => visitor.visit_bool(*b),
                ScalarValue::Null => visitor.visit_unit(),
                ScalarValue::Bytes(b) => visitor.visit_bytes(b),
                other => Err(de::Error::custom(format!("a value of type {other:?}"))),
            },
            Value::Text(text) => visitor.visit_string(String::from(text)),
            Value::List(list) => {
                visitor.visit_seq(SeqDeserializer::new(list.iter().map(|v| Node(&v.value))))
            }
            Value::Map(map) => visitor.visit_map(MapDeserializer::new(
                map.iter().map(|(k, v)| (k.as_str(), Node(&v.value))),
            )),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        match self.0 {
            Value::Scalar(ScalarValue::Null) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        let Value::Scalar(ScalarValue::Str(stored)) = self.0 else {
            return Err(de::Error::custom("an enum that is not a name"));
        };
        let name = variants
            .iter()
            .find(|serde_name| same_name(serde_name, stored))
            .copied()
            .unwrap_or(stored);
        visitor.visit_enum(StrDeserializer::<Unreadable>::new(name))
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
        ignored_any
    }
}

/// Whether a serde variant name and a Rust variant name are the same name.
fn same_name(serde_name: &str, rust_name: &str) -> bool {
    let letters = |s: &str| {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    letters(serde_name) == letters(rust_name)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use automerge::transaction::Transactable;

    use super::{Hydrate, ROOT, ReadDoc, ScalarValue, fmt, materialize, read_tree};
    use crate::chart::conflicts::{conflicts, conflicts_in};
    use crate::chart::*;
    use automerge::AutoCommit;
    use serde::de::DeserializeOwned;

    fn text(s: &str, n: usize) -> String {
        format!("{s} {n}")
    }

    fn keyed<T>(values: impl IntoIterator<Item = T>) -> BTreeMap<String, T> {
        values
            .into_iter()
            .enumerate()
            .map(|(n, v)| (format!("0190-{n:04}"), v))
            .collect()
    }

    /// A chart holding every variant of every enum and every optional field both set
    /// and unset.
    fn every_shape() -> Clinical {
        use AllergyStatus as A;
        use Severity as S;
        let kinds = [
            NoteKind::Progress,
            NoteKind::Nursing,
            NoteKind::Operative,
            NoteKind::Discharge,
        ];
        let statuses = [
            PrescriptionStatus::Active,
            PrescriptionStatus::Stopped,
            PrescriptionStatus::Completed,
        ];
        let outcomes = [
            AdministrationOutcome::Given,
            AdministrationOutcome::Held,
            AdministrationOutcome::Refused,
            AdministrationOutcome::EnteredInError,
        ];
        let allergies = [
            (S::Mild, A::Active),
            (S::Moderate, A::Inactive),
            (S::Severe, A::EnteredInError),
            (S::LifeThreatening, A::Active),
        ];
        let problems = [
            ProblemStatus::Active,
            ProblemStatus::Resolved,
            ProblemStatus::EnteredInError,
        ];
        let tasks = [
            (Priority::Routine, TaskStatus::Todo),
            (Priority::Urgent, TaskStatus::InProgress),
            (Priority::Routine, TaskStatus::Done),
        ];
        let opt = |n: usize, s: &str| n.is_multiple_of(2).then(|| text(s, n));
        Clinical {
            patient_id: "0190-patient".into(),
            notes: keyed(kinds.iter().enumerate().map(|(n, kind)| SignedNote {
                kind: *kind,
                author: text("Dr Author", n),
                body: text("Plan: ✓ continue; «quoted»\nline two", n),
                signed_by: text("Dr Signer", n),
                signed_at: "2026-11-23T08:00:00Z".into(),
            })),
            prescriptions: keyed(statuses.iter().enumerate().map(|(n, status)| Prescription {
                drug: text("Drug", n),
                dose: "500 mg".into(),
                route: "oral".into(),
                frequency: "every 8 hours".into(),
                start: "2026-11-23".into(),
                end: opt(n, "2026-11-30"),
                prescriber: "Dr A".into(),
                status: *status,
                stopped_at: opt(n + 1, "2026-11-24T08:00:00Z"),
                stop_reason: opt(n + 1, "rash"),
                schedule: match n % 3 {
                    0 => None,
                    1 => Some(Schedule::times_of_day(&["08:00", "20:00"])),
                    _ => Some(Schedule::as_needed(4, Some(4))),
                },
                doses: (n % 2 == 1).then_some(10),
            })),
            addenda: keyed([Addendum {
                note_id: "0190-0000".into(),
                author: "Dr B".into(),
                body: "Correction".into(),
                signed_at: "2026-11-23T09:00:00Z".into(),
            }]),
            administrations: keyed(outcomes.iter().enumerate().map(|(n, outcome)| {
                Administration {
                    prescription_id: "0190-0000".into(),
                    outcome: *outcome,
                    by: "Nurse C".into(),
                    at: "2026-11-23T10:00:00Z".into(),
                    note: opt(n, "asleep"),
                    corrects: opt(n, "0190-0001"),
                    override_reason: opt(n + 1, "pain 9/10"),
                }
            })),
            allergies: keyed(
                allergies
                    .iter()
                    .enumerate()
                    .map(|(n, (severity, status))| Allergy {
                        substance: text("Penicillin", n),
                        reaction: "Rash".into(),
                        severity: *severity,
                        status: *status,
                        recorded_by: "Dr A".into(),
                        recorded_at: "2026-11-23T08:00:00Z".into(),
                    }),
            ),
            problems: keyed(problems.iter().enumerate().map(|(n, status)| Problem {
                code: "J18.9".into(),
                text: text("Pneumonia", n),
                status: *status,
                onset: opt(n, "2026-11-20"),
                recorded_by: "Dr A".into(),
                recorded_at: "2026-11-23T08:00:00Z".into(),
            })),
            vitals: keyed(
                [
                    Vitals {
                        taken_at: "2026-11-23T08:00:00Z".into(),
                        recorded_by: "Nurse C".into(),
                        temperature: Some(Temperature {
                            value: 38.4,
                            unit: TemperatureUnit::Celsius,
                        }),
                        pulse_bpm: Some(112),
                        systolic_mmhg: Some(94),
                        diastolic_mmhg: Some(60),
                        respiratory_rate: Some(24),
                        spo2_pct: Some(91),
                        weight: Some(Weight {
                            value: 72.5,
                            unit: WeightUnit::Kg,
                        }),
                        consciousness: Some(Consciousness::NewConfusion),
                        on_oxygen: Some(true),
                        spo2_scale: Some(Spo2Scale::Scale2),
                    },
                    Vitals {
                        taken_at: "2026-11-23T12:00:00Z".into(),
                        recorded_by: "Nurse C".into(),
                        temperature: Some(Temperature {
                            value: 100.0,
                            unit: TemperatureUnit::Fahrenheit,
                        }),
                        pulse_bpm: None,
                        systolic_mmhg: None,
                        diastolic_mmhg: None,
                        respiratory_rate: None,
                        spo2_pct: None,
                        weight: Some(Weight {
                            value: 160.0,
                            unit: WeightUnit::Lb,
                        }),
                        consciousness: Some(Consciousness::Unresponsive),
                        on_oxygen: Some(false),
                        spo2_scale: Some(Spo2Scale::Scale1),
                    },
                ]
                .into_iter()
                .chain(
                    [
                        Consciousness::Alert,
                        Consciousness::Voice,
                        Consciousness::Pain,
                    ]
                    .map(|level| Vitals {
                        taken_at: "2026-11-23T16:00:00Z".into(),
                        recorded_by: "Nurse D".into(),
                        temperature: None,
                        pulse_bpm: Some(80),
                        systolic_mmhg: None,
                        diastolic_mmhg: None,
                        respiratory_rate: None,
                        spo2_pct: None,
                        weight: None,
                        consciousness: Some(level),
                        on_oxygen: None,
                        spo2_scale: None,
                    }),
                ),
            ),
            tasks: keyed(
                tasks
                    .iter()
                    .enumerate()
                    .map(|(n, (priority, status))| Task {
                        title: text("Take bloods", n),
                        assignee: opt(n, "Nurse C"),
                        due: opt(n + 1, "2026-11-23T18:00:00Z"),
                        priority: *priority,
                        status: *status,
                        created_by: "Dr A".into(),
                        created_at: "2026-11-23T08:00:00Z".into(),
                        completed_at: opt(n, "2026-11-23T19:00:00Z"),
                    }),
            ),
            education: keyed([VideoShared {
                video_id: "abc".into(),
                title: "Breathing exercises".into(),
                url: "https://video.example/abc".into(),
                shared_by: "Nurse C".into(),
                shared_at: "2026-11-23T08:00:00Z".into(),
            }]),
            documents: keyed(
                DocumentCategory::ALL
                    .iter()
                    .enumerate()
                    .map(|(n, category)| DocumentRef {
                        category: *category,
                        file_name: text("scan", n),
                        mime_type: "application/pdf".into(),
                        size: 1 << 40,
                        sha256: "ab".repeat(32),
                        thumbnail_sha256: opt(n, "cd"),
                        uploaded_by: "Dr A".into(),
                        captured_at: "2026-11-23T08:00:00Z".into(),
                        stamps: (0..n % 3)
                            .map(|s| Stamp {
                                by: text("Dr Verifier", s),
                                at: "2026-11-23T09:00:00Z".into(),
                                statement: "Verified".into(),
                            })
                            .collect(),
                        deleted: (n % 2 == 1).then(|| Deletion {
                            by: "Dr A".into(),
                            at: "2026-11-24T08:00:00Z".into(),
                        }),
                    }),
            ),
        }
    }

    fn registrations() -> Vec<Registration> {
        let sexes = [Sex::Female, Sex::Male, Sex::Other, Sex::Unknown];
        let statuses = [
            AdmissionStatus::Admitted,
            AdmissionStatus::Outpatient,
            AdmissionStatus::Discharged,
        ];
        let pathways = [
            None,
            Some(PathwayStage::PreOp),
            Some(PathwayStage::IntraOp),
            Some(PathwayStage::PostOp),
            Some(PathwayStage::Discharge),
        ];
        (0..pathways.len())
            .map(|n| Registration {
                patient_id: text("patient", n),
                demographics: Demographics {
                    mrn: text("MRN", n),
                    given_name: "Dmitri".into(),
                    family_name: "Okafor".into(),
                    birth_date: "1957-03-14".into(),
                    sex: sexes[n % sexes.len()],
                    phone: n.is_multiple_of(2).then(|| "+44 20 7946 0000".into()),
                    address: (n % 2 == 1).then(|| "1 Ward Road".into()),
                    provisional_mrn: n.is_multiple_of(3).then(|| "TMP-1".into()),
                },
                admission: Admission {
                    ward: "Ward 7".into(),
                    bed: n.is_multiple_of(2).then(|| text("Bed", n)),
                    status: statuses[n % statuses.len()],
                    pathway: pathways[n],
                },
                appointments: keyed([
                    Appointment {
                        title: "Clinic".into(),
                        starts_at: "2026-12-01T09:00:00Z".into(),
                        duration_minutes: 30,
                        location: None,
                        status: AppointmentStatus::Scheduled,
                        kind: AppointmentKind::Appointment,
                    },
                    Appointment {
                        title: "Theatre".into(),
                        starts_at: "2026-12-02T09:00:00Z".into(),
                        duration_minutes: 120,
                        location: Some("Theatre 2".into()),
                        status: AppointmentStatus::Cancelled,
                        kind: AppointmentKind::Procedure,
                    },
                ]),
            })
            .collect()
    }

    /// The one-pass reader reads `doc` (without falling back) as autosurgeon does.
    fn reads_alike<T>(doc: &AutoCommit) -> T
    where
        T: Hydrate + DeserializeOwned + PartialEq + fmt::Debug,
    {
        let tree = materialize(doc).expect("materializes");
        let fast: T = read_tree(&tree).expect("reads in one pass");
        let slow: T = read(doc).expect("reads through autosurgeon");
        assert_eq!(fast, slow);
        assert_eq!(conflicts_in(doc, &tree), conflicts(doc));
        fast
    }

    #[test]
    fn a_chart_of_every_shape_reads_as_autosurgeon_reads_it() {
        let chart = every_shape();
        let doc = create(&chart).expect("created");
        assert_eq!(reads_alike::<Clinical>(&doc), chart);
        for registration in registrations() {
            let doc = create(&registration).expect("created");
            assert_eq!(reads_alike::<Registration>(&doc), registration);
        }
    }

    #[test]
    fn fields_written_on_two_workstations_at_once_read_and_list_alike() {
        let mut here = create(&every_shape()).expect("created");
        let mut there = here.fork();
        let (task, _) = every_shape().tasks.into_iter().next().expect("a task");
        update(&mut here, |c: &mut Clinical| {
            c.tasks.get_mut(&task).expect("held").status = TaskStatus::Done;
            c.patient_id = "0190-here".into();
        })
        .expect("edited here");
        update(&mut there, |c: &mut Clinical| {
            c.tasks.get_mut(&task).expect("held").status = TaskStatus::InProgress;
            c.patient_id = "0190-there".into();
        })
        .expect("edited there");
        here.merge(&mut there).expect("merged");
        reads_alike::<Clinical>(&here);
        assert_eq!(conflicts(&here).len(), 2, "both fields hold two values");
    }

    #[test]
    fn an_older_document_reads_with_what_it_lacks_as_autosurgeon_defaults_it() {
        let mut doc = create(&every_shape()).expect("created");
        doc.delete(ROOT, "documents").expect("deleted");
        doc.delete(ROOT, "education").expect("deleted");
        let read = reads_alike::<Clinical>(&doc);
        assert!(read.documents.is_empty() && read.education.is_empty());

        let mut doc = create(&registrations()[1]).expect("created");
        let (_, appointments) = doc.get(ROOT, "appointments").unwrap().unwrap();
        for key in doc.keys(&appointments).collect::<Vec<_>>() {
            let (_, appointment) = doc.get(&appointments, &key).unwrap().unwrap();
            doc.delete(&appointment, "kind").expect("deleted");
        }
        let (_, admission) = doc.get(ROOT, "admission").unwrap().unwrap();
        doc.delete(&admission, "pathway").expect("deleted");
        let read = reads_alike::<Registration>(&doc);
        assert!(
            read.appointments
                .values()
                .all(|a| a.kind == AppointmentKind::Appointment)
        );
    }

    #[test]
    fn a_value_of_a_shape_it_does_not_know_falls_back_to_autosurgeon() {
        let mut doc = create(&every_shape()).expect("created");
        let (_, vitals) = doc.get(ROOT, "vitals").unwrap().unwrap();
        let key = doc.keys(&vitals).next().expect("an entry");
        let (_, entry) = doc.get(&vitals, &key).unwrap().unwrap();
        doc.put(&entry, "pulse_bpm", ScalarValue::counter(90))
            .expect("a counter");
        let tree = materialize(&doc).expect("materializes");
        assert!(read_tree::<Clinical>(&tree).is_err());
        let fast: Result<Clinical, _> = super::read(&doc);
        let slow: Result<Clinical, _> = read(&doc);
        assert_eq!(fast.ok(), slow.ok());
    }
}
