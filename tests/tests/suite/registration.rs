//! Registration and scheduling: a patient registered offline gets a permanent MRN from the
//! server and keeps the provisional one; the duplicate check; admission, pathway and
//! discharge; appointments and procedures booked, moved, cancelled and listed.

use bedside_client::{NewAppointment, PatientEdit, Upcoming};
use bedside_shared::chart::{AdmissionStatus, AppointmentKind, PathwayStage};
use bedside_shared::error::ErrorCode;
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{TestWorkstation, WARD, new_patient};

#[tokio::test]
async fn an_offline_registration_gets_a_permanent_mrn_and_keeps_the_provisional_one() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Clerk Reyes");
    a.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Mrn", WARD))
            .unwrap();
    let id = patient.to_string();
    let provisional = a.ws.store().chart_view(&id).unwrap().unwrap().patient.mrn;
    assert!(provisional.starts_with("TMP-"));

    let dupes =
        a.ws.charts()
            .possible_duplicates("GivenMrn", "FamilyMnr", "1971-03-14")
            .unwrap();
    assert_eq!(
        dupes.len(),
        1,
        "a transposed letter is still the same person"
    );
    assert!(
        a.ws.charts()
            .possible_duplicates("GivenMrn", "FamilyMrn", "1971-03-15")
            .unwrap()
            .is_empty(),
        "another birth date is another person"
    );
    assert!(
        a.ws.charts()
            .possible_duplicates("Someone", "Else", "1971-03-14")
            .unwrap()
            .is_empty()
    );

    a.sync(&server).await;
    let seen = a.ws.store().chart_view(&id).unwrap().unwrap().patient;
    assert!(seen.mrn.starts_with("MRN"), "permanent MRN: {}", seen.mrn);
    assert_eq!(seen.provisional_mrn.as_deref(), Some(provisional.as_str()));
    assert_eq!(
        a.ws.store().search(&provisional, 5).unwrap().len(),
        1,
        "labels printed offline still find the patient"
    );
    assert_eq!(a.ws.status().unwrap().pending_changes, 0);

    let mut b = TestWorkstation::new("Nurse Bello");
    b.sync(&server).await;
    let there = b.ws.store().chart_view(&id).unwrap().unwrap().patient;
    assert_eq!(
        there.mrn, seen.mrn,
        "every workstation sees the same number"
    );
    a.sync(&server).await;
    assert_eq!(
        a.ws.store().chart_view(&id).unwrap().unwrap().patient.mrn,
        seen.mrn,
        "the number is assigned once"
    );
}

#[tokio::test]
async fn a_bed_holds_one_patient_and_a_clash_made_offline_is_flagged() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Clerk Reyes");
    a.join(&server).await;
    let first =
        a.ws.charts()
            .register_patient(new_patient("BedOne", WARD))
            .unwrap();
    let second =
        a.ws.charts()
            .register_patient(new_patient("BedTwo", WARD))
            .unwrap();
    a.ws.charts().admit(first, WARD, "12").unwrap();
    let refused = a.ws.charts().admit(second, WARD, "12").unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Conflict, "{refused}");
    let mut into_12 = new_patient("BedThree", WARD);
    into_12.bed = Some("12".into());
    assert_eq!(
        a.ws.charts().register_patient(into_12).unwrap_err().code(),
        ErrorCode::Conflict,
        "nor is a new patient registered into it"
    );
    let moved = PatientEdit {
        bed: Some(" 12 ".into()),
        ..Default::default()
    };
    assert_eq!(
        a.ws.charts()
            .edit_patient(second, moved)
            .unwrap_err()
            .code(),
        ErrorCode::Conflict,
        "nor moved into it"
    );
    a.ws.charts().admit(first, WARD, "12").unwrap();
    assert!(
        a.ws.charts()
            .ward_list(Some(WARD))
            .unwrap()
            .iter()
            .all(|p| !p.bed_shared),
        "re-admitting a patient to their own bed is no clash"
    );

    // Two workstations, each offline, put a patient in bed 14 at once: both edits are
    // kept and both workstations flag the bed.
    a.ws.charts().admit(first, WARD, "13").unwrap();
    a.sync(&server).await;
    let mut b = TestWorkstation::new("Nurse Bello");
    b.sync(&server).await;
    a.ws.charts().admit(first, WARD, "14").unwrap();
    b.ws.charts().admit(second, WARD, "14").unwrap();
    a.sync(&server).await;
    b.sync(&server).await;
    a.sync(&server).await;
    for ws in [&a, &b] {
        let shared: Vec<_> = ws
            .ws
            .charts()
            .ward_list(Some(WARD))
            .unwrap()
            .into_iter()
            .filter(|p| p.bed_shared)
            .map(|p| p.patient_id)
            .collect();
        assert_eq!(shared.len(), 2, "both patients in bed 14 are flagged");
        assert!(shared.contains(&first.to_string()) && shared.contains(&second.to_string()));
    }
    b.ws.charts().admit(second, WARD, "15").unwrap();
    assert!(
        b.ws.charts()
            .ward_list(Some(WARD))
            .unwrap()
            .iter()
            .all(|p| !p.bed_shared)
    );
}

#[tokio::test]
async fn patients_of_a_ward_with_the_same_or_a_near_name_carry_a_name_alert() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.join(&server).await;
    let named = |given: &str, family: &str, bed: &str| {
        let mut p = new_patient(given, WARD);
        p.given_name = given.into();
        p.family_name = family.into();
        p.bed = Some(bed.into());
        p
    };
    let okafor =
        a.ws.charts()
            .register_patient(named("Dmitri", "Okafor", "2"))
            .unwrap();
    let okafr =
        a.ws.charts()
            .register_patient(named("Dmitri", "Okafr", "10"))
            .unwrap();
    a.ws.charts()
        .register_patient(named("Grace", "Okafor", "11"))
        .unwrap();
    a.ws.charts()
        .register_patient(named("Amara", "Nowak", "1"))
        .unwrap();

    let list = a.ws.charts().ward_list(Some(WARD)).unwrap();
    let beds: Vec<_> = list.iter().map(|p| p.bed.clone().unwrap()).collect();
    assert_eq!(beds, ["1", "2", "10", "11"], "bed order, 2 before 10");
    let alerts = |bed: &str| {
        let mut beds: Vec<String> = list
            .iter()
            .find(|p| p.bed.as_deref() == Some(bed))
            .unwrap()
            .namesakes
            .iter()
            .map(|n| n.bed.clone().unwrap())
            .collect();
        beds.sort();
        beds
    };
    assert_eq!(alerts("2"), ["10", "11"], "a typo and the same family name");
    assert_eq!(alerts("10"), ["2"]);
    assert_eq!(alerts("11"), ["2"]);
    assert!(alerts("1").is_empty());
    let chart = a.ws.charts().open_chart(okafr).unwrap();
    assert_eq!(chart.patient.namesakes.len(), 1, "the chart's banner too");
    let found = a.ws.charts().find_patients("10", 5).unwrap();
    assert_eq!(
        found[0].patient_id,
        okafr.to_string(),
        "a bed finds its patient"
    );
    assert_eq!(found[0].namesakes.len(), 1);

    a.ws.charts().discharge(okafor).unwrap();
    assert!(
        a.ws.charts()
            .ward_list(Some(WARD))
            .unwrap()
            .iter()
            .all(|p| p.namesakes.is_empty()),
        "a discharged patient is no longer on the ward"
    );
}

#[tokio::test]
async fn admission_pathway_and_appointments() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Path", WARD))
            .unwrap();
    let id = patient.to_string();
    a.ws.charts().admit(patient, WARD, "12").unwrap();
    a.ws.charts()
        .set_pathway(patient, PathwayStage::PreOp)
        .unwrap();
    let operation =
        a.ws.charts()
            .schedule(
                patient,
                NewAppointment {
                    title: "Laparoscopic appendicectomy".into(),
                    starts_at: "2030-01-10T09:00:00Z".into(),
                    duration_minutes: 90,
                    location: Some("Theatre 2".into()),
                    kind: AppointmentKind::Procedure,
                },
            )
            .unwrap();
    let review =
        a.ws.charts()
            .schedule_appointment(
                patient,
                "Anaesthetic review",
                "2030-01-09T15:00:00Z",
                20,
                None,
            )
            .unwrap();
    a.ws.charts()
        .reschedule(patient, operation, "2030-01-11T09:00:00Z")
        .unwrap();
    a.ws.charts().cancel_appointment(patient, review).unwrap();
    assert!(
        a.ws.charts()
            .reschedule(patient, review, "2030-01-12T09:00:00Z")
            .is_err(),
        "a cancelled appointment stays cancelled"
    );

    let upcoming =
        a.ws.charts()
            .upcoming(Upcoming::Ward(WARD), "2030-01-01T00:00:00Z")
            .unwrap();
    assert_eq!(upcoming.len(), 1, "cancelled appointments are not upcoming");
    assert_eq!(upcoming[0].kind, AppointmentKind::Procedure);
    assert_eq!(upcoming[0].starts_at, "2030-01-11T09:00:00Z");
    assert_eq!(
        a.ws.charts()
            .upcoming(Upcoming::Patient(&id), "2030-02-01T00:00:00Z")
            .unwrap()
            .len(),
        0
    );

    a.sync(&server).await;
    let mut b = TestWorkstation::new("Nurse Bello");
    b.sync(&server).await;
    let chart = b.ws.store().chart_view(&id).unwrap().unwrap();
    assert_eq!(chart.patient.pathway, Some(PathwayStage::PreOp));
    assert_eq!(chart.patient.bed.as_deref(), Some("12"));
    b.ws.charts()
        .set_pathway(patient, PathwayStage::PostOp)
        .unwrap();
    b.ws.charts().discharge(patient).unwrap();
    b.sync(&server).await;
    a.sync(&server).await;
    let chart = a.ws.store().chart_view(&id).unwrap().unwrap();
    assert_eq!(
        (
            chart.patient.status,
            chart.patient.pathway,
            chart.patient.bed
        ),
        (
            AdmissionStatus::Discharged,
            Some(PathwayStage::Discharge),
            None
        )
    );
}
