//! Deterministic convergence of the sans-IO sync protocol: three workstations make
//! random edits offline and sync over a network that drops, duplicates and reorders
//! messages. Once the network behaves, every replica and the hub hold the same documents.

use automerge::{AutoCommit, ReadDoc};
use bedside_shared::chart::{
    self, Admission, AdmissionStatus, Appointment, AppointmentKind, AppointmentStatus, Clinical,
    Demographics, NoteDraft, NoteKind, Prescription, PrescriptionStatus, Priority, Registration,
    Schedule, Sex, Task, TaskStatus, Vitals,
};
use bedside_shared::sync::hub::Hub;
use bedside_shared::sync::memory::MemoryReplica;
use bedside_shared::sync::{Session, SyncReport, SyncRequest, SyncResponse};
use bedside_shared::{DeviceId, DocId, NoteId, PatientId};
use proptest::prelude::*;

const REPLICAS: usize = 3;

#[derive(Debug, Clone)]
enum Fate {
    Deliver,
    DropRequest,
    DropResponse,
    Duplicate,
    Delay,
}

#[derive(Debug, Clone)]
enum Step {
    Edit {
        replica: usize,
        what: u8,
        at: u8,
    },
    Sync {
        replica: usize,
        fates: Vec<Fate>,
    },
    DeliverLate,
    /// The hub is backed up as it is now.
    Backup,
    /// The hub is lost and restored from its last backup (everything after it gone).
    Restore,
}

fn fate() -> impl Strategy<Value = Fate> {
    prop_oneof![
        4 => Just(Fate::Deliver),
        1 => Just(Fate::DropRequest),
        1 => Just(Fate::DropResponse),
        1 => Just(Fate::Duplicate),
        1 => Just(Fate::Delay),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..REPLICAS, 0u8..7, any::<u8>())
            .prop_map(|(replica, what, at)| Step::Edit { replica, what, at }),
        3 => (0..REPLICAS, prop::collection::vec(fate(), 1..4))
            .prop_map(|(replica, fates)| Step::Sync { replica, fates }),
        1 => Just(Step::DeliverLate),
        1 => Just(Step::Backup),
        1 => Just(Step::Restore),
    ]
}

struct World {
    hub: Hub,
    backup: Option<Hub>,
    replicas: Vec<MemoryReplica>,
    devices: Vec<DeviceId>,
    late: Vec<(usize, SyncRequest, SyncResponse)>,
    patient: PatientId,
    note: NoteId,
}

impl World {
    fn new() -> Self {
        let patient = PatientId::new();
        let note = NoteId::new();
        let registration = Registration::new(
            patient,
            Demographics {
                mrn: "MRN-7".into(),
                given_name: "Grace".into(),
                family_name: "Hopper".into(),
                birth_date: "1956-12-09".into(),
                sex: Sex::Female,
                phone: None,
                address: None,
                provisional_mrn: None,
            },
            Admission {
                ward: "SURG-A".into(),
                bed: Some("4".into()),
                status: AdmissionStatus::Admitted,
                pathway: None,
            },
        );
        let draft = NoteDraft::begin(
            patient,
            note,
            NoteKind::Progress,
            "Dr A",
            "2026-11-23T08:00:00Z",
            "Patient stable.",
        );
        let mut first = MemoryReplica::new();
        first.insert(
            DocId::registration(patient),
            chart::create(&registration).unwrap(),
        );
        first.insert(
            DocId::clinical(patient),
            chart::create(&Clinical::new(patient)).unwrap(),
        );
        first.insert(
            DocId::note_draft(patient, note),
            chart::create(&draft).unwrap(),
        );
        let mut replicas = vec![first];
        replicas.extend((1..REPLICAS).map(|_| MemoryReplica::new()));
        let mut world = Self {
            hub: Hub::new(),
            backup: None,
            replicas,
            devices: (0..REPLICAS).map(|_| DeviceId::new()).collect(),
            late: Vec::new(),
            patient,
            note,
        };
        for r in 0..REPLICAS {
            world.sync_reliably(r);
        }
        world.backup = Some(world.hub.backup());
        world
    }

    /// The hub as restored from its last backup, in an epoch of its own.
    fn restore(&mut self) {
        self.hub = self.backup.as_ref().expect("a backup was taken").backup();
    }

    fn sync_reliably(&mut self, r: usize) -> SyncReport {
        let mut session = Session::new(self.devices[r], 2);
        let mut rounds = 0;
        while let Some(request) = session.next_request(&mut self.replicas[r]).unwrap() {
            let response = self.hub.sync(&request);
            session
                .take_response(&mut self.replicas[r], &request, &response)
                .unwrap();
            rounds += 1;
            assert!(
                rounds < 100,
                "a reliable sync must finish in a bounded number of rounds"
            );
        }
        session.finish()
    }

    fn sync_unreliably(&mut self, r: usize, fates: &[Fate]) {
        let mut session = Session::new(self.devices[r], 2);
        for fate in fates {
            let Some(request) = session.next_request(&mut self.replicas[r]).unwrap() else {
                return;
            };
            match fate {
                Fate::DropRequest => return,
                Fate::DropResponse => {
                    self.hub.sync(&request);
                    return;
                }
                Fate::Delay => {
                    let response = self.hub.sync(&request);
                    self.late.push((r, request, response));
                    return;
                }
                Fate::Deliver | Fate::Duplicate => {
                    let response = self.hub.sync(&request);
                    if matches!(fate, Fate::Duplicate) {
                        let again = self.hub.sync(&request);
                        session
                            .take_response(&mut self.replicas[r], &request, &again)
                            .unwrap();
                    }
                    session
                        .take_response(&mut self.replicas[r], &request, &response)
                        .unwrap();
                }
            }
        }
    }

    fn deliver_late(&mut self) {
        for (r, request, response) in std::mem::take(&mut self.late) {
            let mut session = Session::new(self.devices[r], 2);
            session
                .take_response(&mut self.replicas[r], &request, &response)
                .unwrap();
        }
    }

    fn edit(&mut self, r: usize, what: u8, at: u8) {
        let replica = &mut self.replicas[r];
        let (reg, clin, draft) = (
            DocId::registration(self.patient),
            DocId::clinical(self.patient),
            DocId::note_draft(self.patient, self.note),
        );
        // A workstation that has not received the chart yet can only wait for it.
        let Some(doc) = replica.doc(match what {
            0 | 1 => &reg,
            2..=4 => &clin,
            _ => &draft,
        }) else {
            return;
        };
        match what {
            0 => chart::update(doc, |reg: &mut Registration| {
                reg.demographics.phone = Some(format!("555-{r}{at}"))
            }),
            1 => chart::update(doc, |r: &mut Registration| {
                r.schedule(Appointment {
                    title: format!("Review {at}"),
                    starts_at: "2026-11-24T09:00:00Z".into(),
                    duration_minutes: 15,
                    location: None,
                    status: AppointmentStatus::Scheduled,
                    kind: AppointmentKind::Appointment,
                });
            }),
            2 => chart::update(doc, |c: &mut Clinical| {
                c.prescribe(Prescription {
                    drug: format!("Drug {at}"),
                    dose: "1 g".into(),
                    route: "IV".into(),
                    frequency: "daily".into(),
                    start: "2026-11-23".into(),
                    end: None,
                    prescriber: format!("Dr {r}"),
                    status: PrescriptionStatus::Active,
                    stopped_at: None,
                    stop_reason: None,
                    schedule: Some(Schedule::times_of_day(&["08:00", "20:00"])),
                    doses: None,
                });
            }),
            3 => chart::update(doc, |c: &mut Clinical| {
                if let Some(p) = c.prescriptions.values_mut().next() {
                    p.stop("2026-11-23T10:00:00Z", "course changed");
                }
                c.record_vitals(Vitals {
                    taken_at: "2026-11-23T10:00:00Z".into(),
                    recorded_by: format!("Nurse {r}"),
                    temperature: None,
                    pulse_bpm: Some(60 + i64::from(at % 60)),
                    systolic_mmhg: None,
                    diastolic_mmhg: None,
                    respiratory_rate: None,
                    spo2_pct: None,
                    weight: None,
                    consciousness: None,
                    on_oxygen: None,
                    spo2_scale: None,
                });
            }),
            4 => chart::update(doc, |c: &mut Clinical| {
                // Tasks are added and moved along concurrently.
                match c.tasks.values_mut().find(|t| t.status != TaskStatus::Done) {
                    Some(task) if at.is_multiple_of(2) => {
                        task.status = TaskStatus::Done;
                        task.completed_at = Some("2026-11-23T11:00:00Z".into());
                    }
                    _ => {
                        c.add_task(Task {
                            title: format!("Task {at}"),
                            assignee: Some(format!("nurse{r}")),
                            due: None,
                            priority: Priority::Routine,
                            status: TaskStatus::Todo,
                            created_by: format!("Dr {r}"),
                            created_at: "2026-11-23T09:00:00Z".into(),
                            completed_at: None,
                        });
                    }
                }
            }),
            _ => chart::update(doc, |d: &mut NoteDraft| {
                let mut text = d.body.as_str().to_owned();
                let pos = (at as usize) % (text.len() + 1);
                text.insert_str(pos, &format!("[{r}:{at}]"));
                d.write(&text).unwrap();
            }),
        }
        .unwrap();
    }

    fn assert_converged(&mut self) {
        let ids = self.hub.doc_ids();
        assert_eq!(ids.len(), 3, "the hub holds the patient's three documents");
        for id in ids {
            let hub_doc: &mut AutoCommit = self.hub.doc(&id).unwrap();
            let expected_heads = hub_doc.get_heads();
            let expected = AutoCommit::load(&hub_doc.save()).unwrap();
            for (r, replica) in self.replicas.iter_mut().enumerate() {
                let doc = replica
                    .doc(&id)
                    .unwrap_or_else(|| panic!("replica {r} lacks {id}"));
                assert_eq!(
                    doc.get_heads(),
                    expected_heads,
                    "replica {r} must match the hub on {id}"
                );
                assert_eq!(
                    AutoCommit::load(&doc.save())
                        .unwrap()
                        .hydrate(automerge::ROOT, None)
                        .unwrap(),
                    expected.hydrate(automerge::ROOT, None).unwrap(),
                    "replica {r} must hold the same values as the hub on {id}"
                );
            }
        }
        for (r, replica) in self.replicas.iter_mut().enumerate() {
            assert_eq!(
                replica.pending(),
                0,
                "replica {r} must have every change acknowledged"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn replicas_converge_despite_drops_duplicates_and_reorders(
        steps in prop::collection::vec(step(), 1..40)
    ) {
        let mut world = World::new();
        for step in &steps {
            match step {
                Step::Edit { replica, what, at } => world.edit(*replica, *what, *at),
                Step::Sync { replica, fates } => world.sync_unreliably(*replica, fates),
                Step::DeliverLate => world.deliver_late(),
                Step::Backup => world.backup = Some(world.hub.backup()),
                Step::Restore => world.restore(),
            }
        }
        world.deliver_late();
        // Once the network behaves: two reliable rounds let every edit reach everyone.
        for _ in 0..2 {
            for r in 0..REPLICAS {
                world.sync_reliably(r);
            }
        }
        world.assert_converged();
    }
}

#[test]
fn a_hub_restored_from_a_backup_gets_back_what_it_lost_from_the_workstations() {
    let mut world = World::new();
    let clinical = DocId::clinical(world.patient);
    let prescriptions = |hub: &mut Hub| {
        chart::read::<Clinical>(hub.doc(&clinical).unwrap())
            .unwrap()
            .prescriptions
            .len()
    };
    // Workstation 0 prescribes after the backup; workstation 1 receives it.
    world.edit(0, 2, 1);
    world.sync_reliably(0);
    world.sync_reliably(1);
    assert_eq!(prescriptions(&mut world.hub), 1);
    world.restore();
    assert_eq!(prescriptions(&mut world.hub), 0, "the restore lost it");
    // Workstation 2, which never saw it, adds a task meanwhile.
    world.edit(2, 4, 1);
    for r in 0..REPLICAS {
        let report = world.sync_reliably(r);
        assert!(report.started_over, "workstation {r} starts over");
        assert!(
            report.rejected.is_empty(),
            "nothing of workstation {r} is refused"
        );
    }
    for r in 0..REPLICAS {
        assert!(!world.sync_reliably(r).started_over, "once is enough");
    }
    world.assert_converged();
    assert_eq!(
        prescriptions(&mut world.hub),
        1,
        "the workstations gave it back"
    );
}

#[test]
fn concurrent_typing_in_one_draft_keeps_both_edits() {
    let mut world = World::new();
    let draft = DocId::note_draft(world.patient, world.note);
    for (r, words) in [(0, "Wound clean."), (1, "Afebrile overnight.")] {
        chart::update(
            world.replicas[r].doc(&draft).unwrap(),
            |d: &mut NoteDraft| {
                let text = format!("{} {words}", d.body.as_str());
                d.write(&text).unwrap();
            },
        )
        .unwrap();
    }
    for r in [0, 1, 0, 2] {
        world.sync_reliably(r);
    }
    world.assert_converged();
    let text = chart::read::<NoteDraft>(world.replicas[2].doc(&draft).unwrap()).unwrap();
    assert!(
        text.body.as_str().contains("Wound clean."),
        "A's typing must survive the merge"
    );
    assert!(
        text.body.as_str().contains("Afebrile overnight."),
        "B's typing must survive the merge"
    );
}
