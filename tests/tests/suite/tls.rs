//! HTTPS: the server serves TLS from configured PEM files; a workstation verifies the
//! certificate, and one enrolled with a CA file trusts that CA alone from then on.

use bedside_client::Error;
use bedside_server::services::{admin, devices};
use bedside_shared::access::{DeviceProfile, Role};
use bedside_tests::server::TestServer;
use bedside_tests::tls::TestCa;
use bedside_tests::workstation::{PASSWORD, TestWorkstation, WARD, new_patient};

async fn code(server: &TestServer) -> String {
    devices::add_ward(&server.state, WARD, "Surgical A")
        .await
        .unwrap();
    devices::issue_code(
        &server.state,
        &[WARD.to_owned()],
        DeviceProfile::WardWorkstation,
        time::Duration::hours(1),
    )
    .await
    .unwrap()
    .0
}

#[tokio::test]
async fn a_pinned_workstation_syncs_over_https_and_trusts_no_other_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let ca = TestCa::new(dir.path());
    let plain = TestServer::start().await;
    let state = plain.stop().await;
    let server = TestServer::serve_tls(state, &ca.files).await;

    // Without the CA the server's certificate is not trusted: nothing is sent.
    let doubter = TestWorkstation::new("IT");
    let refused = doubter
        .ws
        .link()
        .enroll(&server.url, &code(&server).await)
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::Offline(_)), "{refused:?}");

    // Pinned to another CA: refused too.
    let other_dir = tempfile::tempdir().unwrap();
    let other = TestCa::new(other_dir.path());
    let misled = TestWorkstation::new("IT");
    let refused = misled
        .ws
        .link()
        .enroll_pinned(&server.url, &code(&server).await, Some(&other.ca_pem))
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::Offline(_)), "{refused:?}");

    // Pinned to the right CA: enroll, log in and sync over HTTPS.
    let mut a = TestWorkstation::new("Dr Adams");
    a.ws.link()
        .enroll_pinned(&server.url, &code(&server).await, Some(&ca.ca_pem))
        .await
        .unwrap();
    admin::add_user(
        &server.state,
        "adams",
        "Dr Adams",
        &[Role::Doctor],
        PASSWORD,
    )
    .await
    .unwrap();
    a.ws.access()
        .login(&server.url, "adams", PASSWORD)
        .await
        .unwrap();
    a.ws.charts()
        .register_patient(new_patient("Https", WARD))
        .unwrap();
    a.reopen();
    let report =
        a.ws.sync(&bedside_client::SyncClient::new(&server.url).unwrap())
            .await
            .unwrap();
    assert_eq!(
        report.offered, 2,
        "registration and clinical went up over HTTPS"
    );
    assert_eq!(a.ws.status().unwrap().pending_changes, 0);

    let refused = bedside_client::tls::client(Some("not a certificate")).unwrap_err();
    assert!(matches!(refused, Error::Invalid(_)));
    server.stop().await;
}
