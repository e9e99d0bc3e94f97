//! Workstation provisioning: one-time, expiring, ward-bound enrollment codes; the device
//! key registered at enrollment; revocation ending the device's sessions.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use bedside_client::{Error, KeyStore, OsKeyring, SyncClient};
use bedside_server::services::devices;
use bedside_server::store::counts;
use bedside_server::store::devices as device_store;
use bedside_shared::access::DeviceProfile;
use bedside_shared::chart::NoteKind;
use bedside_shared::error::ErrorCode;
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{TestWorkstation, new_patient};
use ed25519_dalek::{Signer, SigningKey};
use serde_json::json;
use time::Duration;

async fn server_with_ward() -> TestServer {
    let server = TestServer::start().await;
    devices::add_ward(&server.state, "SURG-A", "Surgical ward A")
        .await
        .unwrap();
    devices::add_ward(&server.state, "MED-B", "Medical ward B")
        .await
        .unwrap();
    server
}

fn refused_with(err: Error, code: ErrorCode) {
    match err {
        Error::Server { code: got, .. } => assert_eq!(got, code),
        other => panic!("expected a server refusal with {code}, got {other:?}"),
    }
}

#[tokio::test]
async fn a_code_enrolls_one_workstation_once_for_its_wards() {
    let server = server_with_ward().await;
    let wards = vec!["SURG-A".to_owned()];
    let (code, _) = devices::issue_code(
        &server.state,
        &wards,
        DeviceProfile::WardWorkstation,
        Duration::hours(24),
    )
    .await
    .unwrap();

    let mut a = TestWorkstation::new("IT");
    let enrolled = a.ws.link().enroll(&server.url, &code).await.unwrap();
    assert_eq!(
        enrolled.wards, wards,
        "the device serves exactly the code's wards"
    );
    assert_eq!(enrolled.profile, DeviceProfile::WardWorkstation);
    assert_eq!(
        a.ws.link().enrollment().unwrap(),
        Some((DeviceProfile::WardWorkstation, wards.clone()))
    );
    a.reopen();
    assert!(
        a.ws.link().enrollment().unwrap().is_some(),
        "enrollment survives a restart"
    );

    let stored = device_store::device_by_id(&server.state.pool, a.ws.device().as_uuid())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.public_key.len(),
        32,
        "the device's Ed25519 public key is registered"
    );
    assert_eq!(stored.wards, wards);

    let b = TestWorkstation::new("IT");
    let again =
        b.ws.link()
            .enroll(&server.url, &code)
            .await
            .expect_err("a code works once");
    refused_with(again, ErrorCode::Forbidden);
    assert_eq!(
        b.ws.link().enrollment().unwrap(),
        None,
        "a refused enrollment stores nothing"
    );
}

#[tokio::test]
async fn expired_unknown_and_misdirected_codes_are_refused() {
    let server = server_with_ward().await;
    let wards = vec!["MED-B".to_owned()];
    let (expired, _) = devices::issue_code(
        &server.state,
        &wards,
        DeviceProfile::FrontDesk,
        Duration::seconds(-1),
    )
    .await
    .unwrap();
    let a = TestWorkstation::new("IT");
    refused_with(
        a.ws.link().enroll(&server.url, &expired).await.unwrap_err(),
        ErrorCode::Forbidden,
    );
    refused_with(
        a.ws.link()
            .enroll(&server.url, "NOPE1-NOPE2-NOPE3-NOPE4")
            .await
            .unwrap_err(),
        ErrorCode::Forbidden,
    );

    let unknown_ward = devices::issue_code(
        &server.state,
        &["ICU".to_owned()],
        DeviceProfile::WardWorkstation,
        Duration::hours(1),
    )
    .await
    .unwrap_err();
    assert_eq!(
        unknown_ward.code,
        ErrorCode::NotFound,
        "codes are bound to wards that exist"
    );

    // A signature by a key other than the one registered proves nothing.
    let (code, _) = devices::issue_code(
        &server.state,
        &wards,
        DeviceProfile::FrontDesk,
        Duration::hours(1),
    )
    .await
    .unwrap();
    let device = uuid::Uuid::now_v7();
    let signer = SigningKey::from_bytes(&[7; 32]);
    let registered = SigningKey::from_bytes(&[9; 32]);
    let message = bedside_shared::devices::enrollment_message(&code, device);
    let body = json!({
        "code": code,
        "device_id": device,
        "public_key": B64.encode(registered.verifying_key().as_bytes()),
        "signature": B64.encode(signer.sign(&message).to_bytes()),
    });
    let response = reqwest::Client::new()
        .post(format!("{}/v1/devices/enroll", server.url))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert!(
        matches!(response.status().as_u16(), 400 | 401),
        "a forged proof is refused"
    );
    let b = TestWorkstation::new("IT");
    b.ws.link()
        .enroll(&server.url, &code)
        .await
        .expect("the code was not spent by the forged attempt");
}

#[tokio::test]
async fn a_revoked_workstation_is_refused_and_wipes_itself() {
    let server = server_with_ward().await;
    let mut a = TestWorkstation::new("Nurse Bello");
    a.join(&server).await;
    let device = a.ws.device().as_uuid();
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Revoked", "SURG-A"))
            .unwrap();
    a.sync(&server).await;
    assert_eq!(
        a.ws.status().unwrap().pending_changes,
        0,
        "what was written before the revocation is on the server"
    );
    a.ws.charts()
        .begin_note(
            patient,
            NoteKind::Nursing,
            "Written after the laptop was lost.",
        )
        .unwrap();
    let token = a.ws.link().access_token().unwrap();
    let before = counts(&server.state.pool).await.unwrap();

    devices::revoke(&server.state, device).await.unwrap();
    let stored = device_store::device_by_id(&server.state.pool, device)
        .await
        .unwrap()
        .unwrap();
    assert!(stored.revoked_at.is_some());
    let me = reqwest::Client::new()
        .get(format!("{}/v1/auth/me", server.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        me.status().as_u16(),
        403,
        "sessions on a revoked device end at once"
    );
    let body: serde_json::Value = serde_json::from_slice(&me.bytes().await.unwrap()).unwrap();
    assert_eq!(body["error"]["code"], "DEVICE_REVOKED");

    let client = SyncClient::new(&server.url).unwrap();
    let refused =
        a.ws.sync(&client)
            .await
            .expect_err("a revoked device may not sync");
    assert!(matches!(refused, Error::Revoked), "{refused:?}");
    assert_eq!(refused.code(), ErrorCode::DeviceRevoked);
    assert_eq!(
        counts(&server.state.pool).await.unwrap(),
        before,
        "nothing more is uploaded from a revoked device"
    );
    let dir = a.dir();
    assert!(!dir.join("chart.db").exists(), "the database is deleted");
    assert!(!dir.join("chart.db-wal").exists());
    assert!(
        OsKeyring
            .load(&format!("workstation-{device}"))
            .unwrap()
            .is_none(),
        "the database key is gone from the OS keyring"
    );
    assert!(
        matches!(
            a.ws.charts()
                .register_patient(new_patient("After", "SURG-A")),
            Err(Error::Revoked)
        ),
        "the wiped workstation does nothing more"
    );
    let unknown = devices::revoke(&server.state, uuid::Uuid::now_v7())
        .await
        .unwrap_err();
    assert_eq!(unknown.code, ErrorCode::NotFound);
}
