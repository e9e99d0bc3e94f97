//! The workstation's write path: a local edit appends its change to the stored document
//! and projects only the entries it touched. These tests hold that path to the full one:
//! the stored document loads back whole after many appended changes and a crash, a write
//! rolled back is never read again from memory, and random chart operations (with merges
//! and conflicts from a second workstation) project exactly what a full rebuild does.

use automerge::{AutoCommit, AutoSerde};
use bedside_client::store::COMPACT_AFTER;
use bedside_client::store::queries::NoteStatus;
use bedside_client::store::records::Kept;
use bedside_client::{NewAllergy, NewDocument, NewPrescription, NewTask, PatientEdit, VitalSigns};
use bedside_shared::chart::{
    self, AdministrationOutcome, Allergy, AllergyStatus, Clinical, DocumentCategory, DocumentRef,
    NoteKind, PrescriptionStatus, Priority, Severity, Task, TaskStatus, Vitals,
};
use bedside_shared::{DocId, NoteId, PatientId, PrescriptionId, RecordId};
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{TestWorkstation, WARD, new_patient};
use proptest::prelude::*;

use crate::schedule::{Step, stations, step};

fn pulse(bpm: i64) -> VitalSigns {
    VitalSigns {
        pulse_bpm: Some(bpm),
        ..VitalSigns::default()
    }
}

/// A document's heads and its content as JSON.
fn state(mut doc: AutoCommit) -> (Vec<automerge::ChangeHash>, serde_json::Value) {
    (
        doc.get_heads(),
        serde_json::to_value(AutoSerde::from(&doc)).unwrap(),
    )
}

/// Two programs on one workstation's folder at once (the window and the `bedside`
/// command), each with its own connection to the store, record sets of vitals on one
/// chart, each past a compaction: every write waits its turn and none is lost.
#[tokio::test]
async fn two_programs_writing_one_chart_at_once_keep_every_edit() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("TwoPrograms", WARD))
            .unwrap();
    let command = a.open_again();
    let each = COMPACT_AFTER + 8;
    std::thread::scope(|threads| {
        for (ws, lowest) in [(&a.ws, 50), (&command, 100)] {
            threads.spawn(move || {
                for n in 0..each {
                    ws.charts()
                        .record_vitals(patient, pulse(lowest + n % 40))
                        .unwrap_or_else(|e| panic!("set {n} from one of the two: {e}"));
                }
            });
        }
    });
    drop(command);

    a.reopen();
    let clinical: Clinical = chart::read(&a.doc(&DocId::clinical(patient)).unwrap()).unwrap();
    assert_eq!(
        clinical.vitals.len() as i64,
        2 * each,
        "every set of both is in the chart"
    );
    assert_eq!(
        a.ws.store()
            .records::<Vitals>(&patient.to_string())
            .unwrap()
            .len() as i64,
        2 * each,
        "and projected"
    );
}

#[tokio::test]
async fn many_appended_changes_load_back_whole_after_compaction_and_a_crash() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Chunks", WARD))
            .unwrap();
    let id = DocId::clinical(patient);
    let writes = 3 * COMPACT_AFTER + 5;
    let mut most_chunks = 0;
    for n in 0..writes {
        a.ws.charts()
            .record_vitals(patient, pulse(60 + n % 40))
            .unwrap();
        most_chunks = most_chunks.max(a.ws.store().chunks(&id).unwrap());
    }
    assert_eq!(
        most_chunks, COMPACT_AFTER,
        "edits append chunks until the document is due to be saved whole"
    );
    let chunks = a.ws.store().chunks(&id).unwrap();
    assert!(
        chunks > 0 && chunks < COMPACT_AFTER,
        "the last edits since a compaction are chunks ({chunks})"
    );
    let before = state(a.doc(&id).unwrap());

    // The process dies: nothing is left in memory; the file is all there is.
    a.reopen();
    let after = state(a.doc(&id).unwrap());
    assert_eq!(after.0, before.0, "the same heads");
    assert_eq!(after.1, before.1, "the same content");
    let clinical: Clinical = chart::read(&a.doc(&id).unwrap()).unwrap();
    assert_eq!(clinical.vitals.len() as i64, writes);
    assert_eq!(
        a.ws.store()
            .records::<Vitals>(&patient.to_string())
            .unwrap()
            .len() as i64,
        writes,
        "every set of vitals is projected"
    );

    // It goes on from there: the next edit appends to what was read back, and the server
    // receives every change.
    a.ws.charts().record_vitals(patient, pulse(72)).unwrap();
    let report = a.sync(&server).await;
    assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    let mut b = TestWorkstation::new("Nurse Bello");
    b.join(&server).await;
    b.sync(&server).await;
    assert_eq!(
        b.ws.store()
            .records::<Vitals>(&patient.to_string())
            .unwrap()
            .len() as i64,
        writes + 1
    );
}

#[tokio::test]
async fn a_crash_with_chunks_not_yet_compacted_loses_nothing() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Uncompacted", WARD))
            .unwrap();
    let id = DocId::clinical(patient);
    for n in 0..COMPACT_AFTER {
        a.ws.charts().record_vitals(patient, pulse(60 + n)).unwrap();
    }
    assert_eq!(
        a.ws.store().chunks(&id).unwrap(),
        COMPACT_AFTER,
        "every change is appended; the next write would compact"
    );
    let before = state(a.doc(&id).unwrap());
    a.reopen();
    assert_eq!(state(a.doc(&id).unwrap()), before);

    // The compaction after the crash keeps everything too.
    a.ws.charts().record_vitals(patient, pulse(99)).unwrap();
    assert_eq!(a.ws.store().chunks(&id).unwrap(), 0, "saved whole again");
    a.reopen();
    let clinical: Clinical = chart::read(&a.doc(&id).unwrap()).unwrap();
    assert_eq!(clinical.vitals.len() as i64, COMPACT_AFTER + 1);
}

#[tokio::test]
async fn a_write_rolled_back_is_not_read_again_from_memory() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Rollback", WARD))
            .unwrap();
    a.ws.charts().record_vitals(patient, pulse(70)).unwrap();
    let id = DocId::clinical(patient);
    let before = state(a.doc(&id).unwrap());

    // A step that saves the document and then fails: its transaction is rolled back,
    // and the saved copy memory kept must not outlive it.
    let failed =
        a.ws.store()
            .all_or_nothing(|store| -> bedside_client::Result<()> {
                let mut row = store.load(&id)?.expect("held");
                chart::update(&mut row.doc, |c: &mut Clinical| {
                    c.record_vitals(Vitals {
                        taken_at: "2026-12-06T03:00:00Z".into(),
                        recorded_by: "Dr Adams".into(),
                        temperature: None,
                        pulse_bpm: Some(140),
                        systolic_mmhg: None,
                        diastolic_mmhg: None,
                        respiratory_rate: None,
                        spo2_pct: None,
                        weight: None,
                        consciousness: None,
                        on_oxygen: None,
                        spo2_scale: None,
                    })
                })?;
                store.save([(id, row)])?;
                Err(bedside_client::Error::Invalid(
                    "the rest of the step failed".into(),
                ))
            });
    assert!(failed.is_err());
    assert_eq!(
        state(a.doc(&id).unwrap()),
        before,
        "the stored document stands"
    );
    assert_eq!(
        a.ws.store()
            .records::<Vitals>(&patient.to_string())
            .unwrap()
            .len(),
        1,
        "and so do its projections"
    );
    // The next edit starts from what is stored.
    a.ws.charts().record_vitals(patient, pulse(80)).unwrap();
    let clinical: Clinical = chart::read(&a.doc(&id).unwrap()).unwrap();
    let mut pulses: Vec<i64> = clinical
        .vitals
        .values()
        .filter_map(|v| v.pulse_bpm)
        .collect();
    pulses.sort();
    assert_eq!(pulses, [70, 80]);
}

struct Ward {
    stations: Vec<TestWorkstation>,
    patient: PatientId,
    drafts: Vec<NoteId>,
}

fn first<T: Kept>(
    ws: &bedside_client::Workstation,
    patient: PatientId,
    keep: impl Fn(&T) -> bool,
) -> Option<RecordId> {
    ws.store()
        .records::<T>(&patient.to_string())
        .unwrap()
        .into_iter()
        .find(|e| keep(&e.record))
        .map(|e| e.record_id.parse().unwrap())
}

impl Ward {
    /// One chart operation, as the window makes it.
    fn edit(&mut self, w: usize, op: u8, arg: u8) {
        let patient = self.patient;
        let ws = &self.stations[w].ws;
        let active: Option<PrescriptionId> = ws
            .store()
            .chart_view(&patient.to_string())
            .unwrap()
            .unwrap()
            .prescriptions
            .iter()
            .find(|p| p.status == PrescriptionStatus::Active)
            .map(|p| p.prescription_id.parse().unwrap());
        match op {
            0 => ws
                .charts()
                .edit_patient(
                    patient,
                    PatientEdit {
                        phone: Some(format!("+44 20 7946 {w}{arg:03}")),
                        ..PatientEdit::default()
                    },
                )
                .unwrap(),
            1 => drop(
                ws.charts()
                    .prescribe(
                        patient,
                        NewPrescription {
                            drug: format!("Drug {arg}"),
                            dose: "1 g".into(),
                            route: "oral".into(),
                            frequency: "daily".into(),
                            start: "2026-12-01".into(),
                            end: None,
                            schedule: None,
                            doses: None,
                        },
                    )
                    .unwrap(),
            ),
            2 => {
                if let Some(order) = active {
                    ws.charts()
                        .stop_prescription(patient, order, "course changed")
                        .unwrap();
                }
            }
            3 => {
                if let Some(order) = active {
                    ws.charts()
                        .record_administration(
                            patient,
                            order,
                            AdministrationOutcome::Given,
                            None,
                            None,
                            None,
                        )
                        .unwrap();
                }
            }
            4 => drop(
                ws.charts()
                    .record_vitals(patient, pulse(40 + i64::from(arg % 120)))
                    .unwrap(),
            ),
            5 => drop(
                ws.charts()
                    .add_task(
                        patient,
                        NewTask {
                            title: format!("Task {arg}"),
                            assignee: None,
                            due: None,
                            priority: Priority::Routine,
                        },
                    )
                    .unwrap(),
            ),
            6 => {
                if let Some(task) = first(ws, patient, |t: &Task| t.status != TaskStatus::Done) {
                    ws.charts()
                        .set_task_status(patient, task, TaskStatus::Done)
                        .unwrap();
                }
            }
            7 => drop(
                ws.charts()
                    .record_allergy(
                        patient,
                        NewAllergy {
                            substance: format!("Substance {arg}"),
                            reaction: "Rash".into(),
                            severity: Severity::Mild,
                        },
                    )
                    .unwrap(),
            ),
            8 => {
                // Both workstations may mark the same allergy at once: a conflict.
                if let Some(allergy) = first(ws, patient, |_: &Allergy| true) {
                    let status = if arg.is_multiple_of(2) {
                        AllergyStatus::Inactive
                    } else {
                        AllergyStatus::EnteredInError
                    };
                    ws.charts()
                        .set_allergy_status(patient, allergy, status)
                        .unwrap();
                }
            }
            9 => {
                let note = ws
                    .charts()
                    .begin_note(
                        patient,
                        NoteKind::Progress,
                        &format!("Seen on round {arg}."),
                    )
                    .unwrap();
                self.drafts.push(note);
            }
            10 => {
                // Signing a draft this workstation began (the other may not hold it yet).
                if let Some(at) = self
                    .drafts
                    .iter()
                    .position(|n| ws.store().holds(&DocId::note_draft(patient, *n)).unwrap())
                {
                    let note = self.drafts.remove(at);
                    ws.charts().sign_note(patient, note).unwrap();
                }
            }
            11 => {
                let signed = ws
                    .store()
                    .chart_view(&patient.to_string())
                    .unwrap()
                    .unwrap()
                    .notes
                    .into_iter()
                    .find(|n| n.status == NoteStatus::Signed);
                if let Some(note) = signed {
                    ws.charts()
                        .add_addendum(patient, note.note_id.parse().unwrap(), "Correction.")
                        .unwrap();
                }
            }
            12 => drop(
                ws.documents()
                    .capture_document(
                        patient,
                        NewDocument {
                            category: DocumentCategory::Lab,
                            file_name: format!("result-{arg}.txt"),
                            mime_type: "text/plain".into(),
                            bytes: format!("Potassium {arg}").into_bytes(),
                            replace_oldest: false,
                        },
                    )
                    .unwrap(),
            ),
            _ => {
                if let Some(document) = first(ws, patient, |d: &DocumentRef| d.is_live()) {
                    ws.documents()
                        .stamp_document(patient, document, "Reviewed")
                        .unwrap();
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn incremental_projections_match_a_full_rebuild(steps in prop::collection::vec(step(2, 14), 1..40)) {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let server = TestServer::start().await;
            let mut stations = stations(&server, 2).await;
            let patient = stations[0].ws.charts().register_patient(new_patient("Project", WARD)).unwrap();
            for ws in &mut stations {
                ws.sync(&server).await;
            }
            let mut ward = Ward { stations, patient, drafts: Vec::new() };
            for step in steps {
                match step {
                    Step::Edit(w, op, arg) => ward.edit(w, op, arg),
                    Step::Sync(w) => {
                        ward.stations[w].sync(&server).await;
                    }
                }
                // After every step, on both workstations: what the incremental path
                // projected is what a rebuild from the documents projects.
                for w in 0..2 {
                    let incremental = ward.stations[w].projections(ward.patient);
                    ward.stations[w].ws.store().reproject().unwrap();
                    assert_eq!(ward.stations[w].projections(ward.patient), incremental, "workstation {w}");
                }
            }
        });
    }
}
