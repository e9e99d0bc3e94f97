//! Who a record says did it is who was signed in: the workstation takes the author from
//! the logged-in session, and the server refuses a record or an audit event naming
//! anyone but the uploading session's clinician or someone who logged in on that same
//! workstation lately (a shift charted offline and uploaded in the next one's session).

use bedside_client::VitalSigns;
use bedside_shared::DocId;
use bedside_shared::access::{DeviceProfile, Role};
use bedside_shared::chart::{self, Clinical, Vitals};
use bedside_shared::sync::{Hash, Outcome, offer};
use bedside_shared::validate::RejectCode;
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{TestWorkstation, WARD, new_patient};

fn vitals_by(name: &str) -> Vitals {
    Vitals {
        taken_at: "2026-11-23T08:00:00Z".into(),
        recorded_by: name.into(),
        temperature: None,
        pulse_bpm: Some(88),
        systolic_mmhg: None,
        diastolic_mmhg: None,
        respiratory_rate: None,
        spo2_pct: None,
        weight: None,
        consciousness: None,
        on_oxygen: None,
        spo2_scale: None,
    }
}

fn recorders(ws: &TestWorkstation, id: &DocId) -> Vec<String> {
    let clinical: Clinical = chart::read(&ws.doc(id).unwrap()).unwrap();
    let mut names: Vec<String> = clinical
        .vitals
        .values()
        .map(|v| v.recorded_by.clone())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn a_record_naming_someone_not_signed_in_is_refused() {
    let server = TestServer::start().await;
    let mut doctor = TestWorkstation::new("Dr Adams");
    doctor.join(&server).await;
    let patient = doctor
        .ws
        .charts()
        .register_patient(new_patient("Author", WARD))
        .unwrap();
    doctor.sync(&server).await;
    let nurse = {
        let mut nurse = TestWorkstation::on(
            &server,
            "Nurse Bello",
            &[WARD],
            DeviceProfile::WardWorkstation,
            &[Role::Nurse],
        )
        .await;
        nurse.sync(&server).await;
        nurse
    };
    let id = DocId::clinical(patient);
    for (name, kept) in [("Dr Adams", false), ("Nurse Bello", true)] {
        let mut doc = nurse.doc(&id).unwrap();
        let acked: Vec<Hash> = doc.get_heads().into_iter().map(Hash::from).collect();
        chart::update(&mut doc, |c: &mut Clinical| {
            c.record_vitals(vitals_by(name))
        })
        .unwrap();
        let answer = nurse
            .post_sync(&server, vec![offer(id, &mut doc, &acked)])
            .await
            .unwrap();
        let outcome = &answer.replies[0].outcome;
        if kept {
            assert_eq!(*outcome, Outcome::Accepted, "the nurse records as herself");
        } else {
            assert!(
                matches!(outcome, Outcome::Rejected(r) if r.code == RejectCode::Forbidden),
                "a nurse's workstation cannot record vitals as the doctor, got {outcome:?}"
            );
        }
    }
}

#[tokio::test]
async fn a_shift_charted_offline_reaches_the_server_in_the_next_clinicians_session() {
    let server = TestServer::start().await;
    let mut ward = TestWorkstation::new("Dr Adams");
    ward.join(&server).await;
    let patient = ward
        .ws
        .charts()
        .register_patient(new_patient("Shift", WARD))
        .unwrap();
    ward.sync(&server).await;
    // The doctor charts (offline as far as the server knows) and leaves.
    ward.ws
        .charts()
        .record_vitals(
            patient,
            VitalSigns {
                pulse_bpm: Some(101),
                ..VitalSigns::default()
            },
        )
        .unwrap();
    ward.ws.access().logout().unwrap();
    assert!(
        ward.ws
            .charts()
            .record_vitals(patient, VitalSigns::default())
            .is_err(),
        "with nobody logged in nothing is charted"
    );
    // The next clinician logs in on the same workstation and syncs.
    ward.log_in_new(&server, "Nurse Bello", &[Role::Nurse])
        .await;
    ward.ws
        .charts()
        .record_vitals(
            patient,
            VitalSigns {
                pulse_bpm: Some(92),
                ..VitalSigns::default()
            },
        )
        .unwrap();
    ward.sync(&server).await;
    assert!(
        ward.ws.store().quarantine(None).unwrap().is_empty(),
        "nothing was refused"
    );
    let mut reader = TestWorkstation::new("Dr Chen");
    reader.join(&server).await;
    reader.sync(&server).await;
    assert_eq!(
        recorders(&reader, &DocId::clinical(patient)),
        ["Dr Adams", "Nurse Bello"],
        "each set of observations names who took it"
    );
}
