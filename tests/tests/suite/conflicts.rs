//! Concurrent offline edits: the same field on two workstations keeps both values and is
//! listed until a clinician picks one; different fields both survive; a refused edit is
//! quarantined and can be re-applied once its cause is gone.

use bedside_client::{PatientEdit, VitalSigns};
use bedside_shared::DocId;
use bedside_shared::chart::TaskStatus;
use bedside_shared::chart::conflicts::FieldValue;
use bedside_shared::validate::RejectCode;
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{TestWorkstation, WARD, new_patient, routine_task};

fn phone(number: &str) -> PatientEdit {
    PatientEdit {
        phone: Some(number.into()),
        ..PatientEdit::default()
    }
}

#[tokio::test]
async fn the_same_field_changed_twice_waits_in_the_inbox_until_a_clinician_picks() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Clerk Adams");
    a.join(&server).await;
    let mut b = TestWorkstation::new("Clerk Bello");
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Conflict", WARD))
            .unwrap();
    a.sync(&server).await;
    b.sync(&server).await;

    // Offline, both change the phone; B also moves the patient to another bed.
    a.ws.charts()
        .edit_patient(patient, phone("+44 20 7946 0101"))
        .unwrap();
    b.ws.charts()
        .edit_patient(patient, phone("+44 20 7946 0202"))
        .unwrap();
    b.ws.charts()
        .edit_patient(
            patient,
            PatientEdit {
                bed: Some("14".into()),
                ..PatientEdit::default()
            },
        )
        .unwrap();
    a.sync(&server).await;
    b.sync(&server).await;
    a.sync(&server).await;

    for ws in [&a, &b] {
        let inbox = ws.ws.store().conflicts(Some(&patient.to_string())).unwrap();
        assert_eq!(inbox.len(), 1, "only the phone conflicts: {inbox:?}");
        assert_eq!(inbox[0].path, "demographics/phone");
        assert_eq!(
            (inbox[0].patient_name.as_deref(), inbox[0].bed.as_deref()),
            (Some("FAMILYCONFLICT, GivenConflict"), Some("14")),
            "the inbox names the patient and their bed"
        );
        let status = ws.ws.status().unwrap();
        assert_eq!(
            (status.conflicts, status.set_aside),
            (1, 0),
            "the status counts it"
        );
        let mut values = inbox[0].values.clone();
        values.sort_by_key(|v| format!("{v:?}"));
        assert_eq!(
            values,
            [
                FieldValue::Text("+44 20 7946 0101".into()),
                FieldValue::Text("+44 20 7946 0202".into())
            ],
            "both numbers are kept"
        );
        // Each value says who wrote it (the clinician logged in there) and when.
        let mut written: Vec<(String, String)> = inbox[0]
            .values
            .iter()
            .zip(&inbox[0].written)
            .map(|(v, w)| {
                assert!(
                    w.at.as_deref()
                        .is_some_and(bedside_shared::validate::is_timestamp),
                    "a time: {w:?}"
                );
                (format!("{v:?}"), w.by.clone().unwrap_or_default())
            })
            .collect();
        written.sort();
        assert_eq!(
            written,
            [
                (
                    r#"Text("+44 20 7946 0101")"#.to_owned(),
                    "Clerk Adams".to_owned()
                ),
                (
                    r#"Text("+44 20 7946 0202")"#.to_owned(),
                    "Clerk Bello".to_owned()
                ),
            ]
        );
        let chart = ws
            .ws
            .store()
            .chart_view(&patient.to_string())
            .unwrap()
            .unwrap();
        assert_eq!(
            chart.patient.bed.as_deref(),
            Some("14"),
            "the other field merged"
        );
    }

    a.ws.charts()
        .resolve_conflict(
            DocId::registration(patient),
            "demographics/phone",
            FieldValue::Text("+44 20 7946 0202".into()),
        )
        .unwrap();
    assert!(a.ws.store().conflicts(None).unwrap().is_empty());
    assert_eq!(a.ws.status().unwrap().conflicts, 0);
    a.sync(&server).await;
    b.sync(&server).await;
    assert!(
        b.ws.store().conflicts(None).unwrap().is_empty(),
        "the choice reaches every workstation"
    );
    let chart =
        b.ws.store()
            .chart_view(&patient.to_string())
            .unwrap()
            .unwrap();
    assert_eq!(chart.patient.phone.as_deref(), Some("+44 20 7946 0202"));
}

#[tokio::test]
async fn a_refused_edit_is_quarantined_and_can_be_reapplied() {
    let server = TestServer::start().await;
    let mut doctor = TestWorkstation::new("Dr Adams");
    doctor.join(&server).await;
    let patient = doctor
        .ws
        .charts()
        .register_patient(new_patient("Quarantine", WARD))
        .unwrap();
    doctor.sync(&server).await;

    // A workstation whose user may read the chart but not write registration: the
    // engine refuses up front, so the edit is forced in as if from an older build.
    let mut nurse = TestWorkstation::new("Nurse Bello");
    nurse
        .join_as(
            &server,
            &[WARD],
            bedside_shared::access::DeviceProfile::WardWorkstation,
            &[bedside_shared::access::Role::Nurse],
        )
        .await;
    nurse.sync(&server).await;
    let id = DocId::registration(patient);
    let mut row = nurse.ws.store().load(&id).unwrap().unwrap();
    bedside_shared::chart::update(
        &mut row.doc,
        |r: &mut bedside_shared::chart::Registration| {
            r.demographics.phone = Some("+44 20 7946 0999".into());
        },
    )
    .unwrap();
    nurse.ws.store().save([(id, row)]).unwrap();

    let report = nurse.sync(&server).await;
    assert_eq!(report.rejected.len(), 1);
    let quarantined = nurse.ws.store().quarantine(None).unwrap();
    assert_eq!(quarantined.len(), 1);
    assert_eq!(quarantined[0].code, RejectCode::Forbidden);
    assert_eq!(
        quarantined[0].content["demographics"]["phone"], "+44 20 7946 0999",
        "what the nurse typed is kept"
    );
    assert_eq!(nurse.ws.status().unwrap().pending_changes, 0);
    assert_eq!(
        nurse.ws.status().unwrap().set_aside,
        1,
        "the status counts the edit set aside"
    );

    nurse
        .ws
        .charts()
        .reapply_quarantined(&quarantined[0].quarantine_id)
        .unwrap();
    assert!(nurse.ws.store().quarantine(None).unwrap().is_empty());
    assert!(
        nurse.ws.status().unwrap().pending_changes > 0,
        "pending again"
    );
    let report = nurse.sync(&server).await;
    assert_eq!(
        report.rejected.len(),
        1,
        "still refused: the role has not changed"
    );
    assert_eq!(nurse.ws.store().quarantine(None).unwrap().len(), 1);
}

/// A value that joins a field already in conflict, and loses to the values there, changes
/// nothing Automerge reports as a patch; the inbox must still list it.
#[tokio::test]
async fn a_third_value_joining_a_conflict_is_listed_on_every_workstation() {
    let server = TestServer::start().await;
    let mut wards = Vec::new();
    for name in ["Nurse Adams", "Nurse Bello", "Nurse Chen"] {
        let mut ws = TestWorkstation::new(name);
        ws.join(&server).await;
        wards.push(ws);
    }
    let [a, b, c] = &mut wards[..] else {
        unreachable!()
    };
    let patient =
        a.ws.charts()
            .register_patient(new_patient("ThirdValue", WARD))
            .unwrap();
    let task =
        a.ws.charts()
            .add_task(patient, routine_task("Check the drain"))
            .unwrap();
    a.sync(&server).await;
    b.sync(&server).await;
    c.sync(&server).await;

    // Offline, all three mark the task done. Chen does it first, with the shortest
    // history, so Chen's value sorts below the other two.
    c.ws.charts()
        .set_task_status(patient, task, TaskStatus::Done)
        .unwrap();
    for ws in [&mut *a, &mut *b] {
        for pulse in 60..66 {
            ws.ws
                .charts()
                .record_vitals(
                    patient,
                    VitalSigns {
                        pulse_bpm: Some(pulse),
                        ..VitalSigns::default()
                    },
                )
                .unwrap();
        }
        ws.ws
            .charts()
            .set_task_status(patient, task, TaskStatus::Done)
            .unwrap();
    }
    // Adams sees the conflict with Bello first; Chen's value reaches Adams last.
    a.sync(&server).await;
    b.sync(&server).await;
    a.sync(&server).await;
    c.sync(&server).await;
    a.sync(&server).await;
    b.sync(&server).await;

    let path = format!("tasks/{task}/status");
    for ws in [&*a, &*b, &*c] {
        let inbox = ws.ws.store().conflicts(Some(&patient.to_string())).unwrap();
        let line = inbox
            .iter()
            .find(|line| line.path == path)
            .unwrap_or_else(|| panic!("the task's status is listed: {inbox:?}"));
        let mut by: Vec<String> = line
            .written
            .iter()
            .map(|w| w.by.clone().unwrap_or_default())
            .collect();
        by.sort();
        assert_eq!(
            by,
            ["Nurse Adams", "Nurse Bello", "Nurse Chen"],
            "all three values are listed"
        );
    }
}
