//! Scope: a workstation holds the patients of its wards that its profile and user may
//! read; a patient transferred away is purged once the ward's edits are acknowledged;
//! break-glass opens one chart outside the wards, for a while, always audited.

use std::sync::Arc;

use automerge::AutoCommit;
use bedside_client::{Error, PatientEdit, SyncClient, VitalSigns};
use bedside_server::services::admin;
use bedside_shared::access::{DeviceProfile, Role};
use bedside_shared::chart::NoteKind;
use bedside_shared::chart::{self, Clinical, Vitals};
use bedside_shared::sync::{DocOffer, Hash, Outcome, offer, take_reply};
use bedside_shared::validate::RejectCode;
use bedside_shared::{DocId, PatientId};
use bedside_tests::clock::TestClock;
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{TestWorkstation, WARD, new_patient};
use sqlx_core::query_scalar::query_scalar;

const OTHER_WARD: &str = "MED-B";

/// A server with one charted patient on each of two wards; returns their ids.
async fn two_wards() -> (TestServer, PatientId, PatientId) {
    let server = TestServer::start().await;
    let mut surgical = TestWorkstation::new("Dr Surgical");
    surgical.join(&server).await;
    let own = surgical
        .ws
        .charts()
        .register_patient(new_patient("Own", WARD))
        .unwrap();
    surgical
        .ws
        .charts()
        .begin_note(own, NoteKind::Progress, "Post-op day 1.")
        .unwrap();
    surgical.sync(&server).await;
    let mut medical = medical_ward(&server).await;
    let other = medical
        .ws
        .charts()
        .register_patient(new_patient("Other", OTHER_WARD))
        .unwrap();
    medical
        .ws
        .charts()
        .begin_note(other, NoteKind::Progress, "Admitted with pneumonia.")
        .unwrap();
    medical.sync(&server).await;
    (server, own, other)
}

/// Moves `patient` to the medical ward on `ws`.
fn transfer_to_medical(ws: &mut TestWorkstation, patient: PatientId) {
    ws.ws
        .charts()
        .edit_patient(
            patient,
            PatientEdit {
                ward: Some(OTHER_WARD.into()),
                ..PatientEdit::default()
            },
        )
        .unwrap();
}

/// A doctor-and-nurse workstation on the medical ward.
async fn medical_ward(server: &TestServer) -> TestWorkstation {
    TestWorkstation::on(
        server,
        "Dr Medical",
        &[OTHER_WARD],
        DeviceProfile::WardWorkstation,
        &[Role::Doctor, Role::Nurse],
    )
    .await
}

/// A workstation of the own ward where IT's administrator (who reads no charts) logged in.
async fn it_admin(server: &TestServer) -> TestWorkstation {
    TestWorkstation::on(
        server,
        "IT Admin",
        &[WARD],
        DeviceProfile::WardWorkstation,
        &[Role::Admin],
    )
    .await
}

fn kinds_of(ws: &TestWorkstation, patient: PatientId) -> Vec<&'static str> {
    let mut kinds: Vec<&'static str> = ws
        .ws
        .store()
        .patient_docs(&patient)
        .unwrap()
        .iter()
        .map(|d| d.kind.name())
        .collect();
    kinds.sort_unstable();
    kinds
}

async fn break_glass_events(server: &TestServer, patient: PatientId) -> i64 {
    query_scalar(
        "SELECT count(*) FROM auth_events WHERE outcome = 'break_glass' AND patient_id = $1",
    )
    .bind(patient.as_uuid())
    .fetch_one(&server.state.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_workstation_receives_only_what_its_wards_profile_and_roles_allow() {
    let (server, own, other) = two_wards().await;

    let mut nurse = TestWorkstation::on(
        &server,
        "Nurse Bello",
        &[WARD],
        DeviceProfile::WardWorkstation,
        &[Role::Nurse],
    )
    .await;
    let report = nurse.sync(&server).await;
    assert_eq!(
        report.snapshots, 3,
        "the server sends the own ward's patient's three documents and nothing else"
    );
    assert_eq!(kinds_of(&nurse, own), ["clinical", "draft", "registration"]);
    assert!(
        kinds_of(&nurse, other).is_empty(),
        "nothing of another ward's patients"
    );

    let mut clerk = TestWorkstation::on(
        &server,
        "Clerk Reyes",
        &[WARD],
        DeviceProfile::WardWorkstation,
        &[Role::Clerk],
    )
    .await;
    assert_eq!(clerk.sync(&server).await.snapshots, 1);
    assert_eq!(
        kinds_of(&clerk, own),
        ["registration"],
        "clerks never receive clinical documents"
    );

    let mut desk = TestWorkstation::on(
        &server,
        "Dr Desk",
        &[WARD, OTHER_WARD],
        DeviceProfile::FrontDesk,
        &[Role::Doctor],
    )
    .await;
    assert_eq!(desk.sync(&server).await.snapshots, 2);
    assert_eq!(
        (kinds_of(&desk, own), kinds_of(&desk, other)),
        (vec!["registration"], vec!["registration"]),
        "a front desk holds registrations only, whoever logs in"
    );

    let admin = it_admin(&server).await;
    let refused = admin
        .ws
        .sync(&SyncClient::new(&server.url).unwrap())
        .await
        .expect_err("admins do not read charts");
    assert!(
        matches!(&refused, Error::Server { code, .. } if code.as_str() == "FORBIDDEN"),
        "{refused:?}"
    );
}

/// A patient transferred away stays on the workstation while a colleague's break-glass
/// grant for them waits for her online session: the server has not recorded it, and
/// what she charted under it goes up with it.
#[tokio::test]
async fn a_patient_stays_while_a_colleagues_grant_for_them_waits() {
    let (server, patient, _) = two_wards().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.sync(&server).await;
    a.ws.access().logout().unwrap();
    admin::add_user(
        &server.state,
        "bello",
        "Dr Bello",
        &[Role::Doctor],
        "a long ward password",
    )
    .await
    .unwrap();
    a.ws.access()
        .login(&server.url, "bello", "a long ward password")
        .await
        .unwrap();
    a.ws.access().logout().unwrap();
    // Offline, Dr Bello breaks the glass for the patient (a grant already over here).
    a.ws.access()
        .login_offline("bello", "a long ward password")
        .unwrap();
    a.ws.access().set_break_glass_for(time::Duration::ZERO);
    a.ws.charts()
        .break_glass(patient, "Reviewing before the transfer")
        .unwrap();
    a.ws.access().logout().unwrap();

    a.log_in_new(&server, "Dr Adams", &[Role::Doctor, Role::Nurse])
        .await;
    transfer_to_medical(&mut a, patient);
    let report = a.sync(&server).await;
    assert_eq!(report.departed, 0, "her grant still waits for her");
    assert_eq!(kinds_of(&a, patient).len(), 3, "the chart stays here");
}

#[tokio::test]
async fn a_patient_transferred_away_is_purged_after_the_wards_edits_arrive() {
    let (server, patient, _) = two_wards().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.sync(&server).await;
    let mut b = TestWorkstation::new("Nurse Bello");
    b.sync(&server).await;
    assert_eq!(kinds_of(&b, patient).len(), 3);

    // B charts offline, not knowing that A is transferring the patient.
    b.ws.charts()
        .begin_note(patient, NoteKind::Nursing, "Obs stable before transfer.")
        .unwrap();
    transfer_to_medical(&mut a, patient);
    let report = a.sync(&server).await;
    assert!(
        kinds_of(&a, patient).is_empty(),
        "the transferring workstation lets the patient go once the server has the transfer"
    );
    assert_eq!(report.departed, 1, "and says so (the window reloads on it)");
    assert!(report.brought_anything());

    b.sync(&server).await;
    assert!(
        kinds_of(&b, patient).is_empty(),
        "the other ward workstation purges the patient too"
    );
    let mut medical = TestWorkstation::on(
        &server,
        "Dr Medical",
        &[OTHER_WARD],
        DeviceProfile::WardWorkstation,
        &[Role::Nurse],
    )
    .await;
    medical.sync(&server).await;
    assert_eq!(
        kinds_of(&medical, patient),
        ["clinical", "draft", "draft", "registration"],
        "the receiving ward gets the whole chart, the surgical ward's late note included"
    );
}

/// The pulse the receiving ward records after the transfer: the old ward must never see it.
const AFTER_TRANSFER_PULSE: i64 = 131;

fn pulses(doc: &AutoCommit) -> Vec<Option<i64>> {
    let clinical: Clinical = chart::read(doc).expect("a clinical document");
    clinical.vitals.values().map(|v| v.pulse_bpm).collect()
}

fn heads(doc: &mut AutoCommit) -> Vec<Hash> {
    doc.get_heads().into_iter().map(Hash::from).collect()
}

#[tokio::test]
async fn the_ward_a_patient_left_is_sent_nothing_written_after_the_transfer() {
    let (server, patient, _) = two_wards().await;
    let clinical = DocId::clinical(patient);
    let mut a = TestWorkstation::new("Dr Adams");
    a.sync(&server).await;
    let mut held = a
        .doc(&clinical)
        .expect("the ward workstation holds the chart");
    let acked = heads(&mut held);
    let mut newcomer = TestWorkstation::new("Dr Newcomer");
    newcomer.join(&server).await;

    transfer_to_medical(&mut a, patient);
    a.sync(&server).await;
    let mut medical = medical_ward(&server).await;
    medical.sync(&server).await;
    medical
        .ws
        .charts()
        .record_vitals(
            patient,
            VitalSigns {
                pulse_bpm: Some(AFTER_TRANSFER_PULSE),
                ..VitalSigns::default()
            },
        )
        .unwrap();
    medical.sync(&server).await;

    // The old ward asks for the whole document (empty heads), then from what it held.
    for acked in [Vec::new(), acked.clone()] {
        let asking = DocOffer {
            doc: clinical,
            heads: acked.clone(),
            acked,
            changes: Vec::new(),
        };
        let answer = a.post_sync(&server, vec![asking]).await;
        let sent = answer.map(|r| {
            let changes: usize = r.replies.iter().map(|reply| reply.changes.len()).sum();
            changes + r.snapshots.len()
        });
        assert!(
            matches!(sent, Ok(0) | Err(_)),
            "the ward the patient left must receive nothing of the chart, got {sent:?}"
        );
    }

    // A late edit made on what the ward held is taken, and the answer carries nothing back.
    let mut late = held.fork();
    chart::update(&mut late, |c: &mut Clinical| {
        c.record_vitals(Vitals {
            taken_at: "2026-11-23T08:00:00Z".into(),
            recorded_by: "Dr Adams".into(),
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
        })
    })
    .unwrap();
    let late_offer = offer(clinical, &mut late, &acked);
    let answer = a.post_sync(&server, vec![late_offer]).await.unwrap();
    let reply = &answer.replies[0];
    assert_eq!(
        reply.outcome,
        Outcome::Accepted,
        "the ward's late edit is kept"
    );
    assert!(
        reply.changes.is_empty(),
        "and nothing written after the transfer goes back"
    );
    take_reply(&mut late, reply).unwrap();
    assert!(
        !pulses(&late).contains(&Some(AFTER_TRANSFER_PULSE)),
        "the old ward's copy never learns what the new ward recorded"
    );
    medical.sync(&server).await;
    assert!(
        pulses(&medical.doc(&clinical).unwrap()).contains(&Some(88)),
        "the receiving ward gets the late edit"
    );

    // A workstation of the old ward that never held the patient is refused outright.
    let mut blank = AutoCommit::new();
    let answer = newcomer
        .post_sync(&server, vec![offer(clinical, &mut blank, &[])])
        .await
        .unwrap();
    assert!(
        matches!(&answer.replies[0].outcome, Outcome::Rejected(r) if r.code == RejectCode::Forbidden),
        "a device that never held the patient gets no standing from the ward they left"
    );
    assert!(answer.replies[0].changes.is_empty());
}

#[tokio::test]
async fn a_document_of_a_patient_the_server_does_not_know_is_refused() {
    let server = TestServer::start().await;
    let nurse = TestWorkstation::on(
        &server,
        "Nurse Bello",
        &[WARD],
        DeviceProfile::WardWorkstation,
        &[Role::Nurse],
    )
    .await;
    // A clinical document with no registration anywhere.
    let patient = PatientId::new();
    let clinical = DocId::clinical(patient);
    let mut doc = chart::create(&Clinical::new(patient)).unwrap();
    let answer = nurse
        .post_sync(&server, vec![offer(clinical, &mut doc, &[])])
        .await
        .unwrap();
    assert!(
        matches!(&answer.replies[0].outcome, Outcome::Rejected(r) if r.code == RejectCode::Forbidden),
        "a chart of an unknown patient is refused, got {:?}",
        answer.replies[0].outcome
    );
    let stored: i64 = query_scalar("SELECT count(*) FROM documents WHERE patient_id = $1")
        .bind(patient.as_uuid())
        .fetch_one(&server.state.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0, "nothing of the unknown patient is stored");

    // A doctor registers a patient offline; before the workstation syncs, IT takes the
    // doctor's right to register away. The registration is refused, so the clinical
    // document goes with it, and the whole new patient is set aside with the reason.
    let mut doctor = TestWorkstation::new("Dr Adams");
    let username = doctor.join(&server).await;
    let patient = doctor
        .ws
        .charts()
        .register_patient(new_patient("Unregistered", WARD))
        .unwrap();
    admin::set_roles(&server.state, &username, &[Role::Nurse])
        .await
        .unwrap();
    doctor.sync(&server).await;
    let chart: i64 = query_scalar("SELECT count(*) FROM documents WHERE patient_id = $1")
        .bind(patient.as_uuid())
        .fetch_one(&server.state.pool)
        .await
        .unwrap();
    assert_eq!(
        chart, 0,
        "neither document of the new patient reaches the server"
    );
    let set_aside = doctor
        .ws
        .store()
        .quarantine(Some(&patient.to_string()))
        .unwrap();
    let mut kinds: Vec<&str> = set_aside
        .iter()
        .map(|q| q.doc_id.rsplit('/').next().unwrap_or_default())
        .collect();
    kinds.sort_unstable();
    assert_eq!(
        kinds,
        ["clinical", "registration"],
        "both documents of the new patient are set aside where the clinician sees why"
    );

    // IT gives the right back; re-applied, the whole patient reaches the server.
    admin::set_roles(&server.state, &username, &[Role::Doctor, Role::Nurse])
        .await
        .unwrap();
    for held in &set_aside {
        doctor
            .ws
            .charts()
            .reapply_quarantined(&held.quarantine_id)
            .unwrap();
    }
    doctor.sync(&server).await;
    let chart: i64 = query_scalar("SELECT count(*) FROM documents WHERE patient_id = $1")
        .bind(patient.as_uuid())
        .fetch_one(&server.state.pool)
        .await
        .unwrap();
    assert_eq!(chart, 2, "nothing the doctor entered was lost");
}

#[tokio::test]
async fn break_glass_opens_a_chart_outside_the_wards_for_a_while_and_is_audited() {
    let (server, _, other) = two_wards().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.sync(&server).await;
    assert!(kinds_of(&a, other).is_empty());
    let refused = a.ws.charts().may_open(&other.to_string()).unwrap_err();
    assert!(matches!(refused, Error::Forbidden(_)), "{refused:?}");

    let blank = a.ws.charts().break_glass(other, "   ").unwrap_err();
    assert!(matches!(blank, Error::Invalid(_)), "a reason is required");
    // The workstation's clock is the test's: the grant's quarter of an hour passes
    // when the test says so.
    let clock = Arc::new(TestClock::default());
    a.ws.set_clock(clock.clone());
    a.ws.access()
        .set_break_glass_for(time::Duration::minutes(15));
    a.ws.charts()
        .break_glass(
            other,
            "Covering the medical ward overnight; deteriorating patient.",
        )
        .unwrap();
    a.ws.charts().may_open(&other.to_string()).unwrap();
    a.sync(&server).await;
    assert_eq!(
        kinds_of(&a, other),
        ["clinical", "draft", "registration"],
        "the grant brings the chart to the workstation"
    );
    assert_eq!(break_glass_events(&server, other).await, 1, "audited once");
    let reason: String = query_scalar("SELECT reason FROM break_glass WHERE patient_id = $1")
        .bind(other.as_uuid())
        .fetch_one(&server.state.pool)
        .await
        .unwrap();
    assert!(reason.starts_with("Covering the medical ward"));

    // The grant expires on the workstation; the chart is still there until the next sync.
    clock.advance(time::Duration::minutes(16));
    assert!(matches!(
        a.ws.charts().may_open(&other.to_string()),
        Err(Error::Forbidden(_))
    ));

    // Offline, the clinician breaks the glass again for the chart already on the device.
    let url = server.url.clone();
    let state = server.stop().await;
    a.ws.charts()
        .break_glass(other, "Night round: checking the medication chart.")
        .unwrap();
    a.ws.charts().may_open(&other.to_string()).unwrap();
    let offline =
        a.ws.sync(
            &SyncClient::new(&url)
                .unwrap()
                .with_retry(bedside_client::RetryPolicy {
                    attempts: 1,
                    ..Default::default()
                }),
        )
        .await
        .unwrap_err();
    assert_eq!(offline.code().as_str(), "UNAVAILABLE");

    let server = TestServer::serve(state).await;
    a.sync(&server).await;
    assert_eq!(
        break_glass_events(&server, other).await,
        2,
        "the offline grant is uploaded to the audit once"
    );
    a.sync(&server).await;
    assert_eq!(break_glass_events(&server, other).await, 2, "and only once");

    // The server ends its grants too: once they are over on its clock, the chart leaves
    // the device.
    // Both clocks move on together (the server checks that they agree).
    let grant = time::Duration::hours(bedside_shared::break_glass::GRANT_HOURS);
    server.clock().advance(grant);
    clock.advance(grant - time::Duration::minutes(16));
    let report = a.sync(&server).await;
    assert!(
        kinds_of(&a, other).is_empty(),
        "an expired grant's chart is purged"
    );
    assert_eq!(report.departed, 1);
    assert!(
        report.brought_anything(),
        "an otherwise idle sync that purged a chart is not idle: the window must reload"
    );
    assert!(
        !a.sync(&server).await.brought_anything(),
        "a sync with nothing new is idle: the window reloads nothing"
    );
}

#[tokio::test]
async fn the_patient_to_break_the_glass_for_is_found_by_mrn_or_name_never_by_id() {
    let (server, own, other) = two_wards().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.sync(&server).await;
    let mrn: String = query_scalar(
        "SELECT body->'demographics'->>'mrn' FROM chart_json
         WHERE patient_id = $1 AND kind = 'registration'",
    )
    .bind(other.as_uuid())
    .fetch_one(&server.state.pool)
    .await
    .unwrap();
    let url = server.url.clone();

    // By the MRN on the wristband, in any case: the patient of the other ward.
    let found =
        a.ws.charts()
            .look_up_patient(Some(&url), &mrn.to_lowercase())
            .await
            .unwrap();
    assert!(!found.offline);
    assert_eq!(found.candidates.len(), 1);
    let them = &found.candidates[0];
    assert_eq!(them.patient_id, other.as_uuid());
    assert_eq!(
        (them.ward.as_str(), them.mrn.as_str()),
        (OTHER_WARD, mrn.as_str())
    );
    assert_eq!(them.family_name, "FamilyOther");

    // By words of the name, each anywhere in it; the own ward's patient is found too.
    let found =
        a.ws.charts()
            .look_up_patient(Some(&url), "family")
            .await
            .unwrap();
    let ids: Vec<_> = found.candidates.iter().map(|c| c.patient_id).collect();
    assert!(ids.contains(&other.as_uuid()) && ids.contains(&own.as_uuid()));
    let found =
        a.ws.charts()
            .look_up_patient(Some(&url), "other GIVEN")
            .await
            .unwrap();
    assert_eq!(found.candidates.len(), 1);
    let none =
        a.ws.charts()
            .look_up_patient(Some(&url), "nobody here")
            .await
            .unwrap();
    assert!(none.candidates.is_empty());
    // Wildcards are letters like any other.
    let none =
        a.ws.charts()
            .look_up_patient(Some(&url), "%%%")
            .await
            .unwrap();
    assert!(none.candidates.is_empty(), "a wildcard lists nobody");
    let short =
        a.ws.charts()
            .look_up_patient(Some(&url), " ot ")
            .await
            .unwrap_err();
    assert!(matches!(short, Error::Invalid(_)), "{short:?}");

    // Each lookup is audited: who, and how many were found; never what was typed.
    let looked: Vec<serde_json::Value> = query_scalar(
        "SELECT detail FROM audit_log WHERE action = 'break_glass' AND outcome = 'looked_up'
         ORDER BY seq",
    )
    .fetch_all(&server.state.pool)
    .await
    .unwrap();
    assert_eq!(looked.len(), 5);
    assert_eq!(looked[0]["found"], 1);
    assert!(!looked.iter().any(|d| d.to_string().contains("Other")));
    assert!(!looked.iter().any(|d| d.to_string().contains(&mrn)));

    // A role that reads no charts finds nobody.
    let admin = it_admin(&server).await;
    let refused = admin
        .ws
        .charts()
        .look_up_patient(Some(&url), &mrn)
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, Error::Server { code, .. } if code.as_str() == "FORBIDDEN"),
        "{refused:?}"
    );

    // Offline, only the patients held here can be found, and the answer says so.
    let _state = server.stop().await;
    let offline =
        a.ws.charts()
            .look_up_patient(Some(&url), "family")
            .await
            .unwrap();
    assert!(offline.offline);
    let ids: Vec<_> = offline.candidates.iter().map(|c| c.patient_id).collect();
    assert_eq!(ids, [own.as_uuid()]);
}

#[tokio::test]
async fn a_doctor_after_a_clerk_on_one_workstation_receives_the_clinical_records() {
    let (server, own, _) = two_wards().await;
    let mut desk = TestWorkstation::on(
        &server,
        "Clerk Reyes",
        &[WARD],
        DeviceProfile::WardWorkstation,
        &[Role::Clerk],
    )
    .await;
    desk.sync(&server).await;
    assert_eq!(kinds_of(&desk, own), ["registration"]);

    admin::add_user(
        &server.state,
        "adams",
        "Dr Adams",
        &[Role::Doctor],
        bedside_tests::workstation::PASSWORD,
    )
    .await
    .unwrap();
    desk.ws
        .access()
        .login(&server.url, "adams", bedside_tests::workstation::PASSWORD)
        .await
        .unwrap();
    desk.sync(&server).await;
    assert_eq!(
        kinds_of(&desk, own),
        ["clinical", "draft", "registration"],
        "the clerk's sync position does not hide what the doctor may read"
    );
}
