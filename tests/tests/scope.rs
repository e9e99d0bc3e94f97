//! Scope: a workstation holds the patients of its wards that its profile and user may
//! read; a patient transferred away is purged once the ward's edits are acknowledged;
//! break-glass opens one chart outside the wards, for a while, always audited.

use bedside_client::{Error, PatientEdit, SyncClient};
use bedside_shared::PatientId;
use bedside_shared::access::{DeviceProfile, Role};
use bedside_shared::chart::NoteKind;
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{TestWorkstation, WARD, new_patient};
use sqlx_core::query::query;
use sqlx_core::query_scalar::query_scalar;

const OTHER_WARD: &str = "MED-B";

/// A server with one charted patient on each of two wards; returns their ids.
async fn two_wards() -> (TestServer, PatientId, PatientId) {
    let server = TestServer::start().await;
    let mut surgical = TestWorkstation::new("Dr Surgical");
    surgical.join(&server).await;
    let own = surgical
        .ws
        .register_patient(new_patient("Own", WARD))
        .unwrap();
    surgical
        .ws
        .begin_note(own, NoteKind::Progress, "Post-op day 1.")
        .unwrap();
    surgical.sync(&server).await;
    let mut medical = TestWorkstation::on(
        &server,
        "Dr Medical",
        &[OTHER_WARD],
        DeviceProfile::WardWorkstation,
        &[Role::Doctor, Role::Nurse],
    )
    .await;
    let other = medical
        .ws
        .register_patient(new_patient("Other", OTHER_WARD))
        .unwrap();
    medical
        .ws
        .begin_note(other, NoteKind::Progress, "Admitted with pneumonia.")
        .unwrap();
    medical.sync(&server).await;
    (server, own, other)
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

    let mut admin = TestWorkstation::on(
        &server,
        "IT Admin",
        &[WARD],
        DeviceProfile::WardWorkstation,
        &[Role::Admin],
    )
    .await;
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

#[tokio::test]
async fn a_patient_transferred_away_is_purged_after_the_wards_edits_arrive() {
    let (server, patient, _) = two_wards().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.sync(&server).await;
    let mut b = TestWorkstation::new("Nurse Bello");
    b.sync(&server).await;
    assert_eq!(kinds_of(&b, patient).len(), 3);

    // B charts offline, not knowing that A is transferring the patient.
    b.ws.begin_note(patient, NoteKind::Nursing, "Obs stable before transfer.")
        .unwrap();
    a.ws.edit_patient(
        patient,
        PatientEdit {
            ward: Some(OTHER_WARD.into()),
            ..PatientEdit::default()
        },
    )
    .unwrap();
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

#[tokio::test]
async fn break_glass_opens_a_chart_outside_the_wards_for_a_while_and_is_audited() {
    let (server, _, other) = two_wards().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.sync(&server).await;
    assert!(kinds_of(&a, other).is_empty());
    let refused = a.ws.may_open(&other.to_string()).unwrap_err();
    assert!(matches!(refused, Error::Forbidden(_)), "{refused:?}");

    let blank = a.ws.break_glass(other, "   ").unwrap_err();
    assert!(matches!(blank, Error::Invalid(_)), "a reason is required");
    a.ws.set_break_glass_for(time::Duration::seconds(2));
    a.ws.break_glass(
        other,
        "Covering the medical ward overnight; deteriorating patient.",
    )
    .unwrap();
    a.ws.may_open(&other.to_string()).unwrap();
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
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert!(matches!(
        a.ws.may_open(&other.to_string()),
        Err(Error::Forbidden(_))
    ));

    // Offline, the clinician breaks the glass again for the chart already on the device.
    let url = server.url.clone();
    let state = server.stop().await;
    a.ws.break_glass(other, "Night round: checking the medication chart.")
        .unwrap();
    a.ws.may_open(&other.to_string()).unwrap();
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

    // The server ends its grants too: once they are over the chart leaves the device.
    query("UPDATE break_glass SET expires_at = now() - interval '1 second'")
        .execute(&server.state.pool)
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
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

    bedside_server::services::admin::add_user(
        &server.state,
        "adams",
        "Dr Adams",
        &[Role::Doctor],
        bedside_tests::workstation::PASSWORD,
    )
    .await
    .unwrap();
    desk.ws
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
