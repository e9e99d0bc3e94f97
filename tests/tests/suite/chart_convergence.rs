//! Random chart operations on three real workstations (SQLCipher stores, the real
//! server) with random sync schedules: once everyone has synced, the three hold the same
//! documents and the same projections — chart, records, conflicts.

use bedside_client::{NewAllergy, NewPrescription, NewTask, PatientEdit, VitalSigns};
use bedside_shared::chart::{NoteKind, Priority, Severity, Task, TaskStatus};
use bedside_shared::{NoteId, PatientId, RecordId};
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{TestWorkstation, WARD, new_patient};
use proptest::prelude::*;

use crate::schedule::{Step, stations, step};

struct Ward {
    stations: Vec<TestWorkstation>,
    patient: PatientId,
    note: NoteId,
}

impl Ward {
    fn edit(&mut self, w: usize, op: u8, arg: u8) {
        let (patient, note) = (self.patient, self.note);
        let ws = &mut self.stations[w].ws;
        let result = match op {
            0 => ws.charts().edit_patient(
                patient,
                PatientEdit {
                    phone: Some(format!("+44 20 7946 {w}{arg:03}")),
                    ..PatientEdit::default()
                },
            ),
            1 => ws
                .charts()
                .schedule_appointment(
                    patient,
                    &format!("Review {arg}"),
                    "2030-01-01T09:00:00Z",
                    15,
                    None,
                )
                .map(drop),
            2 => ws
                .charts()
                .prescribe(
                    patient,
                    NewPrescription {
                        drug: format!("Drug {arg}"),
                        dose: "1 g".into(),
                        route: "oral".into(),
                        frequency: "daily".into(),
                        start: "2026-11-23".into(),
                        end: None,
                        schedule: None,
                        doses: None,
                    },
                )
                .map(drop),
            3 => ws
                .charts()
                .record_vitals(
                    patient,
                    VitalSigns {
                        pulse_bpm: Some(50 + i64::from(arg % 100)),
                        ..VitalSigns::default()
                    },
                )
                .map(drop),
            4 => ws
                .charts()
                .add_task(
                    patient,
                    NewTask {
                        title: format!("Task {arg}"),
                        assignee: None,
                        due: None,
                        priority: if arg.is_multiple_of(2) {
                            Priority::Urgent
                        } else {
                            Priority::Routine
                        },
                    },
                )
                .map(drop),
            5 => {
                let open: Vec<String> = ws
                    .store()
                    .records::<Task>(&patient.to_string())
                    .unwrap()
                    .into_iter()
                    .filter(|t| t.record.status != TaskStatus::Done)
                    .map(|t| t.record_id)
                    .collect();
                match open.first() {
                    Some(id) => ws.charts().set_task_status(
                        patient,
                        id.parse::<RecordId>().unwrap(),
                        TaskStatus::Done,
                    ),
                    None => Ok(()),
                }
            }
            6 => ws
                .charts()
                .record_allergy(
                    patient,
                    NewAllergy {
                        substance: format!("Substance {arg}"),
                        reaction: "Rash".into(),
                        severity: Severity::Mild,
                    },
                )
                .map(drop),
            _ => {
                let row = ws
                    .store()
                    .chart_view(&patient.to_string())
                    .unwrap()
                    .unwrap();
                let body = row
                    .notes
                    .iter()
                    .find(|n| n.note_id == note.to_string())
                    .map(|n| n.body.clone())
                    .unwrap_or_default();
                let at = usize::from(arg) % (body.chars().count() + 1);
                let mut text: String = body.chars().take(at).collect();
                text.push_str(&format!("[{w}.{arg}]"));
                text.extend(body.chars().skip(at));
                ws.charts().write_note(patient, note, &text)
            }
        };
        result.expect("every generated operation is valid");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn three_workstations_converge_to_the_same_chart(steps in prop::collection::vec(step(3, 8), 1..40)) {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let server = TestServer::start().await;
            let mut stations = stations(&server, 3).await;
            let patient = stations[0].ws.charts().register_patient(new_patient("Converge", WARD)).unwrap();
            let note = stations[0].ws.charts().begin_note(patient, NoteKind::Nursing, "Obs:").unwrap();
            for ws in &mut stations {
                ws.sync(&server).await;
            }
            stations[0].sync(&server).await;
            let mut ward = Ward { stations, patient, note };
            for step in steps {
                match step {
                    Step::Edit(w, op, arg) => ward.edit(w, op, arg),
                    Step::Sync(w) => {
                        ward.stations[w].sync(&server).await;
                    }
                }
            }
            for _ in 0..2 {
                for ws in &mut ward.stations {
                    let report = ws.sync(&server).await;
                    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
                }
            }
            let first = ward.stations[0].projections(ward.patient);
            for w in 1..3 {
                assert_eq!(ward.stations[w].projections(ward.patient), first, "workstation {w} differs from workstation 0");
            }
            for w in 0..3 {
                assert_eq!(ward.stations[w].ws.status().unwrap().pending_changes, 0);
            }
        });
    }
}
