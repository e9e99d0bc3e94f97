//! Registration and scheduling: a patient registered offline gets a permanent MRN from the
//! server and keeps the provisional one; the duplicate check; admission, pathway and
//! discharge; appointments and procedures booked, moved, cancelled and listed.

use bedside_client::{NewAppointment, Upcoming};
use bedside_shared::chart::{AdmissionStatus, AppointmentKind, PathwayStage};
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{TestWorkstation, WARD, new_patient};

#[tokio::test]
async fn an_offline_registration_gets_a_permanent_mrn_and_keeps_the_provisional_one() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Clerk Reyes");
    a.join(&server).await;
    let patient = a.ws.register_patient(new_patient("Mrn", WARD)).unwrap();
    let id = patient.to_string();
    let provisional = a.ws.store().chart_view(&id).unwrap().unwrap().patient.mrn;
    assert!(provisional.starts_with("TMP-"));

    let dupes =
        a.ws.possible_duplicates("GivenMrn", "FamilyMnr", "1971-03-14")
            .unwrap();
    assert_eq!(
        dupes.len(),
        1,
        "a transposed letter is still the same person"
    );
    assert!(
        a.ws.possible_duplicates("GivenMrn", "FamilyMrn", "1971-03-15")
            .unwrap()
            .is_empty(),
        "another birth date is another person"
    );
    assert!(
        a.ws.possible_duplicates("Someone", "Else", "1971-03-14")
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
async fn admission_pathway_and_appointments() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.join(&server).await;
    let patient = a.ws.register_patient(new_patient("Path", WARD)).unwrap();
    let id = patient.to_string();
    a.ws.admit(patient, WARD, "12").unwrap();
    a.ws.set_pathway(patient, PathwayStage::PreOp).unwrap();
    let operation =
        a.ws.schedule(
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
        a.ws.schedule_appointment(
            patient,
            "Anaesthetic review",
            "2030-01-09T15:00:00Z",
            20,
            None,
        )
        .unwrap();
    a.ws.reschedule(patient, operation, "2030-01-11T09:00:00Z")
        .unwrap();
    a.ws.cancel_appointment(patient, review).unwrap();
    assert!(
        a.ws.reschedule(patient, review, "2030-01-12T09:00:00Z")
            .is_err(),
        "a cancelled appointment stays cancelled"
    );

    let upcoming =
        a.ws.upcoming(Upcoming::Ward(WARD), "2030-01-01T00:00:00Z")
            .unwrap();
    assert_eq!(upcoming.len(), 1, "cancelled appointments are not upcoming");
    assert_eq!(upcoming[0].kind, AppointmentKind::Procedure);
    assert_eq!(upcoming[0].starts_at, "2030-01-11T09:00:00Z");
    assert_eq!(
        a.ws.upcoming(Upcoming::Patient(&id), "2030-02-01T00:00:00Z")
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
    b.ws.set_pathway(patient, PathwayStage::PostOp).unwrap();
    b.ws.discharge(patient).unwrap();
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
