//! The clinical records through the workstation engine and the server: allergies (with
//! prescribing warnings), problems, vital signs, administrations, tasks and addenda are
//! written offline, synced, and read back on another workstation; append-only records
//! and signed notes stay as written.

use bedside_client::store::records::{Entry, TaskList};
use bedside_client::store::timeline::{TimelineEvent, TimelineKind};
use bedside_client::{NewAllergy, NewPrescription, NewProblem, NewTask, VitalSigns};
use bedside_shared::chart::news2::Band;
use bedside_shared::chart::{
    self, Administration, AdministrationOutcome, Allergy, AllergyStatus, Clinical, Consciousness,
    NoteKind, Priority, Problem, Severity, Task, TaskStatus, Temperature, TemperatureUnit, Vitals,
};
use bedside_shared::error::ErrorCode;
use bedside_shared::validate::RejectCode;
use bedside_shared::{DocId, PrescriptionId, RecordId};
use bedside_tests::server::{TestServer, stored_documents};
use bedside_tests::workstation::{TestWorkstation, WARD, new_patient};

fn order(drug: &str) -> NewPrescription {
    NewPrescription {
        drug: drug.into(),
        dose: "500 mg".into(),
        route: "oral".into(),
        frequency: "every 8 hours".into(),
        start: "2026-11-23".into(),
        end: None,
        schedule: None,
        doses: None,
    }
}

fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

#[tokio::test]
async fn every_record_written_offline_reaches_the_other_workstation() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    let mut b = TestWorkstation::new("Nurse Bello");
    a.join(&server).await;
    b.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Records", WARD))
            .unwrap();

    let allergy =
        a.ws.charts()
            .record_allergy(
                patient,
                NewAllergy {
                    substance: "Penicillin".into(),
                    reaction: "Urticaria".into(),
                    severity: Severity::Moderate,
                },
            )
            .unwrap();
    let warnings =
        a.ws.charts()
            .allergy_warnings(patient, "Amoxicillin")
            .unwrap();
    assert_eq!(warnings.len(), 1, "amoxicillin is a penicillin");
    assert_eq!(warnings[0].record_id, allergy.to_string());
    assert!(
        a.ws.charts()
            .allergy_warnings(patient, "Paracetamol")
            .unwrap()
            .is_empty()
    );

    let bad_code = a.ws.charts().add_problem(
        patient,
        NewProblem {
            code: "appendicitis".into(),
            text: "Acute appendicitis".into(),
            onset: None,
        },
    );
    let refused = bad_code.expect_err("an ICD-10 code is required");
    assert_eq!(
        refused.rule(),
        Some(RejectCode::InvalidValue),
        "{refused:?}"
    );
    assert_eq!(refused.code(), ErrorCode::ValidationError);
    a.ws.charts()
        .add_problem(
            patient,
            NewProblem {
                code: "k35.8".into(),
                text: "Acute appendicitis".into(),
                onset: Some("2026-11-21".into()),
            },
        )
        .unwrap();
    let implausible = a.ws.charts().record_vitals(
        patient,
        VitalSigns {
            pulse_bpm: Some(900),
            ..VitalSigns::default()
        },
    );
    let refused = implausible.expect_err("a pulse of 900 is implausible");
    assert_eq!(
        refused.rule(),
        Some(RejectCode::InvalidValue),
        "{refused:?}"
    );
    a.ws.charts()
        .record_vitals(
            patient,
            VitalSigns {
                temperature: Some(Temperature {
                    value: 38.4,
                    unit: TemperatureUnit::Celsius,
                }),
                pulse_bpm: Some(104),
                systolic_mmhg: Some(118),
                diastolic_mmhg: Some(72),
                respiratory_rate: Some(20),
                spo2_pct: Some(95),
                weight: None,
                ..Default::default()
            },
        )
        .unwrap();
    let prescription: PrescriptionId =
        a.ws.charts()
            .prescribe(patient, order("Paracetamol"))
            .unwrap();
    let note =
        a.ws.charts()
            .begin_note(patient, NoteKind::Progress, "Post-op day 1, febrile.")
            .unwrap();
    assert!(
        matches!(
            a.ws.charts().add_addendum(patient, note, "Too early."),
            Err(bedside_client::Error::Invalid(_))
        ),
        "a draft takes no addendum"
    );
    a.ws.charts().sign_note(patient, note).unwrap();
    a.ws.charts()
        .add_addendum(patient, note, "Blood cultures sent.")
        .unwrap();
    let task =
        a.ws.charts()
            .add_task(
                patient,
                NewTask {
                    title: "Repeat observations in one hour".into(),
                    assignee: Some("bello".into()),
                    due: Some(format!("{}T23:00:00Z", today())),
                    priority: Priority::Urgent,
                },
            )
            .unwrap();
    a.sync(&server).await;

    // The nurse gives the dose and finishes the task offline, then syncs.
    b.sync(&server).await;
    b.ws.charts()
        .record_administration(
            patient,
            prescription,
            AdministrationOutcome::Given,
            None,
            None,
            None,
        )
        .unwrap();
    assert_eq!(
        b.ws.charts()
            .tasks(TaskList::AssignedTo("bello"))
            .unwrap()
            .len(),
        1,
        "my tasks"
    );
    assert_eq!(
        b.ws.charts().tasks(TaskList::Urgent).unwrap().len(),
        1,
        "urgent alert"
    );
    assert_eq!(
        b.ws.charts()
            .tasks(TaskList::DueBy(&today()))
            .unwrap()
            .len(),
        1,
        "due today"
    );
    let alerts = |ws: &bedside_client::Workstation| {
        let listed = ws.store().patients(None).unwrap();
        let row = listed.iter().find(|p| p.patient_id == patient.to_string());
        row.map(|p| (p.active_allergies, p.urgent_tasks))
    };
    assert_eq!(
        alerts(&b.ws),
        Some((1, 1)),
        "the ward list shows both alerts"
    );
    b.ws.charts()
        .set_task_status(patient, task, TaskStatus::Done)
        .unwrap();
    assert!(b.ws.charts().tasks(TaskList::Urgent).unwrap().is_empty());
    assert_eq!(alerts(&b.ws), Some((1, 0)), "a done task is no alert");
    assert_eq!(
        b.ws.charts()
            .tasks(TaskList::CompletedOn(&today()))
            .unwrap()
            .len(),
        1
    );
    b.sync(&server).await;
    a.sync(&server).await;

    let id = patient.to_string();
    {
        let store = a.ws.store();
        assert_eq!(store.records::<Allergy>(&id).unwrap().len(), 1);
        let problems = store.records::<Problem>(&id).unwrap();
        assert_eq!(
            problems[0].record.code, "K35.8",
            "codes are kept upper-case"
        );
        let vitals = store.records::<Vitals>(&id).unwrap();
        assert_eq!(vitals[0].record.pulse_bpm, Some(104));
        let tasks = store.records::<Task>(&id).unwrap();
        assert_eq!(tasks[0].record.status, TaskStatus::Done);
        assert!(tasks[0].record.completed_at.is_some());
        let timeline: Vec<TimelineEvent> = store.timeline(&id).unwrap();
        let kinds: Vec<TimelineKind> = timeline.iter().map(|e| e.kind).collect();
        // Each event says what it was and who did it.
        let event = |kind| timeline.iter().find(|e| e.kind == kind).unwrap();
        assert!(
            event(TimelineKind::Vitals).what.contains("pulse 104"),
            "{:?}",
            event(TimelineKind::Vitals)
        );
        let given = event(TimelineKind::Administration);
        assert!(given.what.starts_with("given "));
        assert!(
            event(TimelineKind::Addendum)
                .what
                .contains("Blood cultures sent.")
        );
        assert!(event(TimelineKind::NoteSigned).who.is_some());
        assert_eq!(given.who.as_deref(), Some("Nurse Bello"));
        for kind in [
            TimelineKind::AllergyRecorded,
            TimelineKind::ProblemRecorded,
            TimelineKind::Vitals,
            TimelineKind::PrescriptionStarted,
            TimelineKind::NoteSigned,
            TimelineKind::Addendum,
            TimelineKind::TaskCreated,
            TimelineKind::Administration,
            TimelineKind::TaskCompleted,
        ] {
            assert!(kinds.contains(&kind), "timeline lacks {kind:?}: {kinds:?}");
        }
    }

    let stored = stored_documents(&server.state).await;
    let clinical: Clinical = chart::read(&stored[&DocId::clinical(patient)]).unwrap();
    assert_eq!(
        (
            clinical.allergies.len(),
            clinical.problems.len(),
            clinical.vitals.len(),
            clinical.administrations.len(),
            clinical.tasks.len(),
            clinical.addenda.len()
        ),
        (1, 1, 1, 1, 1, 1),
        "the server holds every record"
    );
    a.ws.charts()
        .set_allergy_status(patient, allergy, AllergyStatus::EnteredInError)
        .unwrap();
    assert!(
        a.ws.charts()
            .allergy_warnings(patient, "Amoxicillin")
            .unwrap()
            .is_empty(),
        "an allergy entered in error no longer warns"
    );
}

#[tokio::test]
async fn a_recorded_set_of_vitals_never_changes() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Frozen", WARD))
            .unwrap();
    let vitals =
        a.ws.charts()
            .record_vitals(
                patient,
                VitalSigns {
                    spo2_pct: Some(96),
                    ..VitalSigns::default()
                },
            )
            .unwrap();
    a.sync(&server).await;

    // A workstation that rewrites a recorded set of vitals behind the engine's back.
    let id = DocId::clinical(patient);
    let mut row = a.ws.store().load(&id).unwrap().unwrap();
    chart::update(&mut row.doc, |c: &mut Clinical| {
        c.vitals.get_mut(&vitals.to_string()).unwrap().spo2_pct = Some(99);
    })
    .unwrap();
    a.ws.store().save([(id, row)]).unwrap();
    let report = a.sync(&server).await;
    assert_eq!(report.rejected.len(), 1, "{:?}", report.rejected);
    assert_eq!(report.rejected[0].1.code, RejectCode::AppendOnly);
    let stored = stored_documents(&server.state).await;
    let kept: Clinical = chart::read(&stored[&id]).unwrap();
    assert_eq!(kept.vitals[&vitals.to_string()].spo2_pct, Some(96));
}

/// T 39.2, HR 131, BP 86/50, RR 27, SpO₂ 89 % on air, alert: NEWS2 14.
fn deteriorating() -> VitalSigns {
    VitalSigns {
        temperature: Some(Temperature {
            value: 39.2,
            unit: TemperatureUnit::Celsius,
        }),
        pulse_bpm: Some(131),
        systolic_mmhg: Some(86),
        diastolic_mmhg: Some(50),
        respiratory_rate: Some(27),
        spo2_pct: Some(89),
        consciousness: Some(Consciousness::Alert),
        on_oxygen: Some(false),
        ..VitalSigns::default()
    }
}

#[tokio::test]
async fn a_high_news2_reaches_the_ward_list_and_the_other_workstation_with_one_escalation() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Nurse Amara");
    let mut b = TestWorkstation::new("Dr Bello");
    a.join(&server).await;
    b.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Deteriorating", WARD))
            .unwrap();
    let id = patient.to_string();
    let escalations = |ws: &bedside_client::Workstation| -> Vec<Task> {
        let tasks: Vec<Entry<Task>> = ws.store().records(&id).unwrap();
        tasks
            .into_iter()
            .map(|t| t.record)
            .filter(|t| t.title.starts_with("Escalate NEWS2"))
            .collect()
    };

    // A weight alone is not scored, and the ward list says there is no score yet.
    a.ws.charts()
        .record_vitals(
            patient,
            VitalSigns {
                weight: Some(chart::Weight {
                    value: 70.0,
                    unit: chart::WeightUnit::Kg,
                }),
                ..VitalSigns::default()
            },
        )
        .unwrap();
    let listed = |ws: &bedside_client::Workstation| {
        ws.store()
            .patients(Some(WARD))
            .unwrap()
            .into_iter()
            .find(|p| p.patient_id == id)
            .expect("on the ward list")
    };
    assert!(listed(&a.ws).latest_vitals.is_none());

    a.ws.charts()
        .record_vitals(patient, deteriorating())
        .unwrap();
    let score = listed(&a.ws)
        .latest_vitals
        .and_then(|v| v.news2)
        .expect("the ward list shows the score");
    assert_eq!(
        (score.total, score.band, score.complete),
        (14, Band::High, true)
    );
    let raised = escalations(&a.ws);
    assert_eq!(raised.len(), 1, "one escalation task");
    assert_eq!(raised[0].priority, Priority::Urgent);
    assert!(
        raised[0].title.contains("emergency response"),
        "{}",
        raised[0].title
    );

    // While that task is open, another high set does not raise a second one; once it is
    // done, the next one does.
    a.ws.charts()
        .record_vitals(patient, deteriorating())
        .unwrap();
    assert_eq!(escalations(&a.ws).len(), 1);
    let tasks: Vec<Entry<Task>> = a.ws.store().records(&id).unwrap();
    let open = tasks
        .iter()
        .find(|t| t.record.title.starts_with("Escalate NEWS2"))
        .expect("the escalation");
    a.ws.charts()
        .set_task_status(patient, open.record_id.parse().unwrap(), TaskStatus::Done)
        .unwrap();
    a.ws.charts()
        .record_vitals(patient, deteriorating())
        .unwrap();
    assert_eq!(escalations(&a.ws).len(), 2);

    // The other workstation on the ward sees the score and the task after a sync.
    a.sync(&server).await;
    b.sync(&server).await;
    let seen = listed(&b.ws)
        .latest_vitals
        .and_then(|v| v.news2)
        .expect("scored there");
    assert_eq!(seen.band, Band::High);
    assert_eq!(escalations(&b.ws).len(), 2);

    // It interrupts the other workstation until someone there acknowledges it; the one
    // who recorded it is not alerted to their own set.
    assert!(
        a.ws.charts().news2_alerts().unwrap().is_empty(),
        "no alert to oneself"
    );
    let alerts = b.ws.charts().news2_alerts().unwrap();
    assert_eq!(alerts.len(), 1, "one alert per patient, the latest set");
    let alert = &alerts[0];
    assert_eq!(alert.patient_id, id);
    assert_eq!(
        alert.patient_name,
        "FAMILYDETERIORATING, GivenDeteriorating"
    );
    assert_eq!(alert.vitals.news2.as_ref().map(|s| s.total), Some(14));
    b.ws.charts().acknowledge_alert(&alert.record_id).unwrap();
    assert!(
        b.ws.charts().news2_alerts().unwrap().is_empty(),
        "acknowledged here"
    );

    // A new high set alerts again; a later reassuring set ends the alert.
    a.ws.charts()
        .record_vitals(patient, deteriorating())
        .unwrap();
    a.sync(&server).await;
    b.sync(&server).await;
    assert_eq!(b.ws.charts().news2_alerts().unwrap().len(), 1);
    a.ws.charts()
        .record_vitals(
            patient,
            VitalSigns {
                respiratory_rate: Some(16),
                spo2_pct: Some(97),
                on_oxygen: Some(false),
                systolic_mmhg: Some(124),
                diastolic_mmhg: Some(76),
                pulse_bpm: Some(78),
                consciousness: Some(Consciousness::Alert),
                temperature: Some(Temperature {
                    value: 37.0,
                    unit: TemperatureUnit::Celsius,
                }),
                ..VitalSigns::default()
            },
        )
        .unwrap();
    a.sync(&server).await;
    b.sync(&server).await;
    assert!(
        b.ws.charts().news2_alerts().unwrap().is_empty(),
        "the patient recovered"
    );
}

#[tokio::test]
async fn a_set_of_vitals_and_a_dose_carry_the_time_they_were_taken() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Taken", WARD))
            .unwrap();
    let id = patient.to_string();
    let rfc3339 = |t: time::OffsetDateTime| {
        t.replace_nanosecond(0)
            .unwrap()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    let now = time::OffsetDateTime::now_utc();
    let at_three = rfc3339(now - time::Duration::minutes(40));

    // Taken 40 minutes before the save: the set says so, not when the save ran.
    a.ws.charts()
        .record_vitals(
            patient,
            VitalSigns {
                pulse_bpm: Some(88),
                taken_at: Some(at_three.clone()),
                ..VitalSigns::default()
            },
        )
        .unwrap();
    let sets: Vec<Entry<Vitals>> = a.ws.store().records(&id).unwrap();
    assert_eq!(sets[0].record.taken_at, at_three);

    // Not in the future, not more than a day back; nothing is written.
    for (when, why) in [
        (now + time::Duration::minutes(30), "in the future"),
        (now - time::Duration::hours(25), "more than a day ago"),
    ] {
        let refused =
            a.ws.charts()
                .record_vitals(
                    patient,
                    VitalSigns {
                        pulse_bpm: Some(90),
                        taken_at: Some(rfc3339(when)),
                        ..VitalSigns::default()
                    },
                )
                .unwrap_err();
        assert_eq!(refused.code(), ErrorCode::ValidationError);
        assert!(refused.to_string().contains(why), "{refused}");
    }
    assert_eq!(a.ws.store().records::<Vitals>(&id).unwrap().len(), 1);

    // A dose given at 03:00 and charted later says 03:00.
    let order =
        a.ws.charts()
            .prescribe(patient, order("Paracetamol"))
            .unwrap();
    a.ws.charts()
        .record_administration(
            patient,
            order,
            AdministrationOutcome::Given,
            None,
            Some(&at_three),
            None,
        )
        .unwrap();
    let doses: Vec<Entry<Administration>> = a.ws.store().records(&id).unwrap();
    assert_eq!(doses[0].record.at, at_three);
    assert_eq!(doses[0].record.by, "Dr Adams", "and who gave it");
}

#[tokio::test]
async fn a_dose_recorded_in_error_is_marked_never_deleted_and_reaches_the_ward() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Nurse Amara");
    let mut doctor = TestWorkstation::new("Dr Bello");
    doctor.join(&server).await;
    a.join(&server).await;
    let patient = doctor
        .ws
        .charts()
        .register_patient(new_patient("InError", WARD))
        .unwrap();
    let order = doctor
        .ws
        .charts()
        .prescribe(patient, order("Morphine"))
        .unwrap();
    doctor.sync(&server).await;
    a.sync(&server).await;
    let id = patient.to_string();

    let dose: RecordId =
        a.ws.charts()
            .record_administration(
                patient,
                order,
                AdministrationOutcome::Given,
                None,
                None,
                None,
            )
            .unwrap();
    let blank =
        a.ws.charts()
            .mark_dose_in_error(patient, dose, "  ")
            .unwrap_err();
    assert_eq!(
        blank.code(),
        ErrorCode::ValidationError,
        "a reason is needed"
    );
    a.ws.charts()
        .mark_dose_in_error(patient, dose, "Charted against the wrong patient")
        .unwrap();
    let again =
        a.ws.charts()
            .mark_dose_in_error(patient, dose, "Twice")
            .unwrap_err();
    assert_eq!(again.code(), ErrorCode::ValidationError, "{again}");

    a.sync(&server).await;
    doctor.sync(&server).await;
    let doses: Vec<Entry<Administration>> = doctor.ws.store().records(&id).unwrap();
    assert_eq!(doses.len(), 2, "the dose stays; its correction is added");
    let given = doses
        .iter()
        .find(|d| d.record_id == dose.to_string())
        .unwrap();
    assert_eq!(given.record.outcome, AdministrationOutcome::Given);
    let correction = doses
        .iter()
        .find(|d| d.record.outcome == AdministrationOutcome::EnteredInError)
        .unwrap();
    assert_eq!(
        correction.record.corrects.as_deref(),
        Some(dose.to_string().as_str())
    );
    assert_eq!(correction.record.by, "Nurse Amara");
    assert_eq!(
        correction.record.note.as_deref(),
        Some("Charted against the wrong patient")
    );
    assert!(
        doctor.ws.status().unwrap().pending_changes == 0
            && a.ws.store().quarantine(None).unwrap().is_empty(),
        "the server took the correction"
    );
}

/// Times are written with as many digits as their source had: the window's form gives
/// whole minutes ("10:00:00Z"), a workstation's clock nanoseconds ("10:00:00.5Z"). The
/// latest set, the alert, the lists and the timeline follow the times, not their text.
#[tokio::test]
async fn the_latest_set_is_the_one_taken_last_whatever_digits_its_time_has() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    let mut b = TestWorkstation::new("Nurse Bello");
    a.join(&server).await;
    b.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Digits", WARD))
            .unwrap();
    let id = patient.to_string();
    a.sync(&server).await;
    b.sync(&server).await;
    let minute = (time::OffsetDateTime::now_utc() - time::Duration::minutes(10))
        .replace_second(0)
        .unwrap()
        .replace_nanosecond(0)
        .unwrap();
    let rfc3339 = |t: time::OffsetDateTime| {
        t.format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    // Adams charts a reassuring set at the minute, as the window's form gives it; Bello,
    // half a second later by Bello's clock, a set that scores high.
    a.ws.charts()
        .record_vitals(
            patient,
            VitalSigns {
                pulse_bpm: Some(72),
                taken_at: Some(rfc3339(minute)),
                ..VitalSigns::default()
            },
        )
        .unwrap();
    b.ws.charts()
        .record_vitals(
            patient,
            VitalSigns {
                taken_at: Some(rfc3339(minute + time::Duration::milliseconds(500))),
                ..deteriorating()
            },
        )
        .unwrap();
    b.sync(&server).await;
    a.sync(&server).await;

    let latest =
        a.ws.store()
            .patients(Some(WARD))
            .unwrap()
            .into_iter()
            .find(|p| p.patient_id == id)
            .and_then(|p| p.latest_vitals)
            .expect("the ward list shows a set");
    assert_eq!(
        latest.vitals.recorded_by, "Nurse Bello",
        "the later set is the latest"
    );
    let alerts = a.ws.charts().news2_alerts().unwrap();
    assert_eq!(alerts.len(), 1, "Bello's high score alerts Adams");
    let sets: Vec<Entry<Vitals>> = a.ws.store().records(&id).unwrap();
    let by: Vec<&str> = sets.iter().map(|s| s.record.recorded_by.as_str()).collect();
    assert_eq!(by, ["Dr Adams", "Nurse Bello"], "listed in the order taken");
    let timeline: Vec<TimelineEvent> = a.ws.store().timeline(&id).unwrap();
    let vitals: Vec<Option<&str>> = timeline
        .iter()
        .filter(|e| e.kind == TimelineKind::Vitals)
        .map(|e| e.who.as_deref())
        .collect();
    assert_eq!(vitals, [Some("Dr Adams"), Some("Nurse Bello")]);
}
