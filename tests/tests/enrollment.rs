//! Workstation provisioning: one-time, expiring, ward-bound enrollment codes; the device
//! key registered at enrollment; revocation ending the device's sessions.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use bedside_client::Error;
use bedside_server::services::{admin, devices};
use bedside_server::store::devices as device_store;
use bedside_shared::access::{DeviceProfile, Role};
use bedside_shared::error::ErrorCode;
use bedside_tests::server::TestServer;
use bedside_tests::workstation::TestWorkstation;
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
    let enrolled = a.ws.enroll(&server.url, &code).await.unwrap();
    assert_eq!(
        enrolled.wards, wards,
        "the device serves exactly the code's wards"
    );
    assert_eq!(enrolled.profile, DeviceProfile::WardWorkstation);
    assert_eq!(
        a.ws.enrollment().unwrap(),
        Some((DeviceProfile::WardWorkstation, wards.clone()))
    );
    a.reopen();
    assert!(
        a.ws.enrollment().unwrap().is_some(),
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

    let mut b = TestWorkstation::new("IT");
    let again =
        b.ws.enroll(&server.url, &code)
            .await
            .expect_err("a code works once");
    refused_with(again, ErrorCode::Forbidden);
    assert_eq!(
        b.ws.enrollment().unwrap(),
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
    let mut a = TestWorkstation::new("IT");
    refused_with(
        a.ws.enroll(&server.url, &expired).await.unwrap_err(),
        ErrorCode::Forbidden,
    );
    refused_with(
        a.ws.enroll(&server.url, "NOPE1-NOPE2-NOPE3-NOPE4")
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
    let mut b = TestWorkstation::new("IT");
    b.ws.enroll(&server.url, &code)
        .await
        .expect("the code was not spent by the forged attempt");
}

#[tokio::test]
async fn revoking_a_device_ends_its_sessions() {
    let server = server_with_ward().await;
    let (code, _) = devices::issue_code(
        &server.state,
        &["SURG-A".to_owned()],
        DeviceProfile::WardWorkstation,
        Duration::hours(1),
    )
    .await
    .unwrap();
    let mut a = TestWorkstation::new("IT");
    a.ws.enroll(&server.url, &code).await.unwrap();
    let device = a.ws.device().as_uuid();
    admin::add_user(
        &server.state,
        "nurse",
        "Nurse Bello",
        &[Role::Nurse],
        "a long password",
    )
    .await
    .unwrap();

    let http = reqwest::Client::new();
    let login = http
        .post(format!("{}/v1/auth/login", server.url))
        .header("content-type", "application/json")
        .body(
            json!({"username": "nurse", "password": "a long password", "device_id": device})
                .to_string(),
        )
        .send()
        .await
        .unwrap();
    let session: serde_json::Value = serde_json::from_slice(&login.bytes().await.unwrap()).unwrap();
    let token = session["access_token"].as_str().unwrap().to_owned();
    let me = |token: String| {
        let http = http.clone();
        let url = format!("{}/v1/auth/me", server.url);
        async move {
            http.get(url)
                .header("authorization", format!("Bearer {token}"))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(me(token.clone()).await, 200);

    devices::revoke(&server.state, device).await.unwrap();
    let stored = device_store::device_by_id(&server.state.pool, device)
        .await
        .unwrap()
        .unwrap();
    assert!(stored.revoked_at.is_some());
    assert_eq!(
        me(token).await,
        401,
        "sessions on a revoked device end at once"
    );
    let unknown = devices::revoke(&server.state, uuid::Uuid::now_v7())
        .await
        .unwrap_err();
    assert_eq!(unknown.code, ErrorCode::NotFound);
}
