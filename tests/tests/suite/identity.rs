//! Users and sessions: login, lockout, rotating refresh tokens bound to a device,
//! logout, disabled users, expired and forged tokens.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use bedside_server::services::admin;
use bedside_server::services::tokens::{Claims, TokenKey};
use bedside_shared::access::Role;
use bedside_tests::device::TestDevice;
use bedside_tests::server::TestServer;
use serde_json::{Value, json};
use sqlx_core::query_scalar::query_scalar;
use uuid::Uuid;

const PASSWORD: &str = "correct horse battery";

struct Api {
    http: reqwest::Client,
    base: String,
}

impl Api {
    fn new(server: &TestServer) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: server.url.clone(),
        }
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (
            status,
            serde_json::from_slice(&response.bytes().await.unwrap()).unwrap_or(Value::Null),
        )
    }

    async fn me(&self, token: &str) -> (u16, Value) {
        let response = self
            .http
            .get(format!("{}/v1/auth/me", self.base))
            .header("authorization", format!("Bearer {token}"))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (
            status,
            serde_json::from_slice(&response.bytes().await.unwrap()).unwrap_or(Value::Null),
        )
    }

    async fn login(&self, user: &str, password: &str, device: &TestDevice) -> (u16, Value) {
        self.post("/v1/auth/login", device.login(user, password))
            .await
    }
}

async fn with_user(roles: &[Role]) -> (TestServer, Api) {
    let server = TestServer::start().await;
    admin::add_user(&server.state, "adams", "Dr Adams", roles, PASSWORD)
        .await
        .unwrap();
    let api = Api::new(&server);
    (server, api)
}

async fn events(server: &TestServer) -> Vec<String> {
    query_scalar("SELECT outcome FROM auth_events ORDER BY event_id")
        .fetch_all(&server.state.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn login_gives_tokens_that_identify_the_user() {
    let (server, api) = with_user(&[Role::Doctor]).await;
    let device = TestDevice::enroll(&server, &["SURG-A"]).await;
    let (status, session) = api.login("adams", PASSWORD, &device).await;
    assert_eq!(status, 200, "{session}");
    assert_eq!(session["user"]["roles"], json!(["DOCTOR"]));
    assert_eq!(session["expires_in"], 300, "access tokens are short-lived");
    let (status, me) = api.me(session["access_token"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    assert_eq!(me["username"], "adams");

    let (status, body) = api.login("adams", "wrong password!", &device).await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "UNAUTHENTICATED");
    let (status, unknown) = api.login("nobody", PASSWORD, &device).await;
    assert_eq!(status, 401);
    assert_eq!(
        unknown["error"]["message"], body["error"]["message"],
        "unknown users and wrong passwords look alike"
    );
    assert_eq!(
        events(&server).await,
        [
            "user_added",
            "ward_saved",
            "enrollment_code_issued",
            "enrolled",
            "login_success",
            "login_failure",
            "login_failure"
        ]
    );
}

#[tokio::test]
async fn repeated_failures_lock_the_account_for_a_while() {
    let (server, api) = with_user(&[Role::Nurse]).await;
    let device = TestDevice::enroll(&server, &["SURG-A"]).await;
    for _ in 0..5 {
        assert_eq!(api.login("adams", "not the password", &device).await.0, 401);
    }
    let (status, body) = api.login("adams", PASSWORD, &device).await;
    assert_eq!(
        status, 429,
        "the right password does not open a locked account: {body}"
    );
    assert_eq!(body["error"]["code"], "RATE_LIMITED");
    assert!(events(&server).await.contains(&"lockout".to_owned()));

    admin::reset_password(&server.state, "adams", "a brand new password")
        .await
        .unwrap();
    assert_eq!(
        api.login("adams", "a brand new password", &device).await.0,
        200,
        "a reset lifts the lockout"
    );
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_reused_one_ends_the_session() {
    let (server, api) = with_user(&[Role::Doctor]).await;
    let device = TestDevice::enroll(&server, &["SURG-A"]).await;
    let (_, first) = api.login("adams", PASSWORD, &device).await;
    let r1 = first["refresh_token"].as_str().unwrap();

    let (status, second) = api.post("/v1/auth/refresh", device.refresh(r1)).await;
    assert_eq!(status, 200, "{second}");
    let r2 = second["refresh_token"].as_str().unwrap();
    assert_ne!(r1, r2, "each refresh issues a new token");
    let access2 = second["access_token"].as_str().unwrap();
    assert_eq!(api.me(access2).await.0, 200);

    // Someone replays the first token: the whole family ends, the thief's and ours.
    let (status, body) = api.post("/v1/auth/refresh", device.refresh(r1)).await;
    assert_eq!(status, 401, "{body}");
    let (status, _) = api.post("/v1/auth/refresh", device.refresh(r2)).await;
    assert_eq!(status, 401, "the newer token of the family is revoked too");
    assert_eq!(
        api.me(access2).await.0,
        401,
        "access tokens of the family stop working"
    );
    assert!(
        events(&server)
            .await
            .contains(&"refresh_refused".to_owned())
    );
}

#[tokio::test]
async fn a_refresh_token_works_only_on_its_own_device() {
    let (server, api) = with_user(&[Role::Doctor]).await;
    let device = TestDevice::enroll(&server, &["SURG-A"]).await;
    let (_, session) = api.login("adams", PASSWORD, &device).await;
    let token = session["refresh_token"].as_str().unwrap();
    let (status, _) = api
        .post(
            "/v1/auth/refresh",
            TestDevice::enroll(&server, &["SURG-A"])
                .await
                .refresh(token),
        )
        .await;
    assert_eq!(
        status, 401,
        "a token copied to another workstation is refused"
    );
    let (status, _) = api.post("/v1/auth/refresh", device.refresh(token)).await;
    assert_eq!(status, 401, "and the session it belonged to is ended");
}

#[tokio::test]
async fn logout_password_reset_and_disabling_end_sessions() {
    let (server, api) = with_user(&[Role::Clerk]).await;
    let device = TestDevice::enroll(&server, &["SURG-A"]).await;
    let (_, one) = api.login("adams", PASSWORD, &device).await;
    let (_, two) = api.login("adams", PASSWORD, &device).await;
    let access_one = one["access_token"].as_str().unwrap();
    let response = reqwest::Client::new()
        .post(format!("{}/v1/auth/logout", server.url))
        .header("authorization", format!("Bearer {access_one}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
    assert_eq!(
        api.me(access_one).await.0,
        401,
        "a logged-out session is over"
    );
    let access_two = two["access_token"].as_str().unwrap();
    assert_eq!(
        api.me(access_two).await.0,
        200,
        "another session of the same user goes on"
    );

    let (_, three) = api.login("adams", PASSWORD, &device).await;
    admin::reset_password(&server.state, "adams", "a brand new password")
        .await
        .unwrap();
    assert_eq!(
        api.me(three["access_token"].as_str().unwrap()).await.0,
        401,
        "a new password ends the sessions made with the old one"
    );
    let (_, four) = api.login("adams", "a brand new password", &device).await;
    let access_two = four["access_token"].as_str().unwrap();
    let two = four.clone();

    admin::disable_user(&server.state, "adams").await.unwrap();
    assert_eq!(
        api.me(access_two).await.0,
        401,
        "disabling a user ends every session at once"
    );
    let (status, _) = api
        .post(
            "/v1/auth/refresh",
            device.refresh(two["refresh_token"].as_str().unwrap()),
        )
        .await;
    assert_eq!(status, 401);
    let (status, body) = api.login("adams", "a brand new password", &device).await;
    assert_eq!(status, 401);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("disabled")
    );
}

#[tokio::test]
async fn expired_forged_and_missing_tokens_are_refused() {
    let (server, api) = with_user(&[Role::Doctor]).await;
    let (_, session) = api
        .login(
            "adams",
            PASSWORD,
            &TestDevice::enroll(&server, &["SURG-A"]).await,
        )
        .await;
    let user: Uuid = session["user"]["user_id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let claims = |exp| Claims {
        sub: user,
        dev: Uuid::now_v7(),
        fam: Uuid::now_v7(),
        roles: vec![Role::Doctor],
        exp,
    };
    let expired = server.state.tokens.issue(&claims(1));
    let (status, body) = api.me(&expired).await;
    assert_eq!(status, 401);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("expired")
    );
    let forged = TokenKey::generate().issue(&claims(i64::MAX));
    assert_eq!(
        api.me(&forged).await.0,
        401,
        "a token signed by another key is refused"
    );
    let response = reqwest::Client::new()
        .get(format!("{}/v1/auth/me", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let (status, body) = api
        .post("/v1/auth/login", json!({"username": "adams"}))
        .await;
    assert_eq!(
        status, 400,
        "a malformed body gets the standard error: {body}"
    );
    assert_eq!(body["error"]["code"], "VALIDATION_ERROR");
}

#[tokio::test]
async fn admin_rules_for_users() {
    let server = TestServer::start().await;
    let short = admin::add_user(&server.state, "b", "B", &[Role::Nurse], "short")
        .await
        .unwrap_err();
    assert!(short.message.contains("at least"), "{}", short.message);
    let none = admin::add_user(&server.state, "b", "B", &[], PASSWORD)
        .await
        .unwrap_err();
    assert!(none.message.contains("role"));
    admin::add_user(&server.state, "b", "B", &[Role::Nurse], PASSWORD)
        .await
        .unwrap();
    let taken = admin::add_user(&server.state, "b", "B2", &[Role::Nurse], PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(taken.code, bedside_shared::error::ErrorCode::Conflict);
    admin::set_roles(&server.state, "b", &[Role::Nurse, Role::Clerk])
        .await
        .unwrap();
    let users = admin::list_users(&server.state).await.unwrap();
    assert_eq!(users[0].0.roles, vec![Role::Nurse, Role::Clerk]);
    let hash: String = query_scalar("SELECT password_hash FROM users")
        .fetch_one(&server.state.pool)
        .await
        .unwrap();
    assert!(
        hash.starts_with("$argon2id$"),
        "passwords are stored as Argon2id hashes"
    );
}

#[tokio::test]
async fn login_needs_a_fresh_proof_from_a_live_enrolled_device() {
    let (server, api) = with_user(&[Role::Nurse]).await;
    let code = |body: &Value| body["error"]["code"].as_str().unwrap_or("").to_owned();

    let stranger = TestDevice::unenrolled();
    let (status, body) = api
        .post("/v1/auth/login", stranger.login("adams", PASSWORD))
        .await;
    assert_eq!((status, code(&body)), (401, "UNAUTHENTICATED".into()));
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not enrolled")
    );

    let device = TestDevice::enroll(&server, &["SURG-A"]).await;
    let mut stale = device.login("adams", PASSWORD);
    stale["proof"] = device.proof_at(
        PASSWORD,
        time::OffsetDateTime::now_utc().unix_timestamp() - 3600,
    );
    let (status, body) = api.post("/v1/auth/login", stale).await;
    assert_eq!(status, 401, "an old proof is not accepted again: {body}");

    let mut borrowed = device.login("adams", PASSWORD);
    borrowed["proof"] = device.proof("another password");
    let (status, _) = api.post("/v1/auth/login", borrowed).await;
    assert_eq!(
        status, 401,
        "a proof is bound to the credential it came with"
    );

    let impostor = TestDevice::unenrolled();
    let mut forged = impostor.login("adams", PASSWORD);
    forged["device_id"] = json!(device.id);
    let (status, _) = api.post("/v1/auth/login", forged).await;
    assert_eq!(status, 401, "only the enrolled key proves the device");

    assert_eq!(api.login("adams", PASSWORD, &device).await.0, 200);
    bedside_server::services::devices::revoke(&server.state, device.id)
        .await
        .unwrap();
    let (status, body) = api.login("adams", PASSWORD, &device).await;
    assert_eq!((status, code(&body)), (403, "DEVICE_REVOKED".into()));
    assert!(
        events(&server)
            .await
            .iter()
            .filter(|e| *e == "login_device_refused")
            .count()
            >= 4,
        "every refused device proof is recorded"
    );
}

#[tokio::test]
async fn odd_device_proofs_are_refused_with_the_standard_body_never_a_crash() {
    let (server, api) = with_user(&[Role::Nurse]).await;
    let device = TestDevice::enroll(&server, &["SURG-A"]).await;
    let (status, session) = api.login("adams", PASSWORD, &device).await;
    assert_eq!(status, 200);
    let refresh_token = session["refresh_token"].as_str().unwrap().to_owned();

    let times = [i64::MIN, i64::MIN + 1, -1, 0, i64::MAX, i64::MAX - 1];
    let signatures = [
        json!(""),
        json!("not base64 !!"),
        json!("A".repeat(8 * 1024)),
        json!(B64.encode([0u8; 64])),
        json!(7),
        Value::Null,
    ];
    let mut bodies = Vec::new();
    for at in times {
        // A proof properly signed at an absurd time, and a garbage one at the same time.
        let mut login = device.login("adams", PASSWORD);
        login["proof"] = device.proof_at(PASSWORD, at);
        bodies.push(("/v1/auth/login", login));
        let mut refresh = device.refresh(&refresh_token);
        refresh["proof"] = device.proof_at(&refresh_token, at);
        bodies.push(("/v1/auth/refresh", refresh));
    }
    for signature in &signatures {
        let mut login = device.login("adams", PASSWORD);
        login["proof"]["signature"] = signature.clone();
        bodies.push(("/v1/auth/login", login));
        let mut refresh = device.refresh(&refresh_token);
        refresh["proof"]["signature"] = signature.clone();
        bodies.push(("/v1/auth/refresh", refresh));
    }
    for odd in [
        json!(1.5e300),
        json!("yesterday"),
        json!(-1e30),
        Value::Null,
    ] {
        let mut login = device.login("adams", PASSWORD);
        login["proof"]["signed_at"] = odd;
        bodies.push(("/v1/auth/login", login));
    }
    for (path, body) in bodies {
        let (status, answer) = api.post(path, body.clone()).await;
        assert!(
            matches!(status, 400 | 401),
            "{path} with proof {} must be refused as bad input, got {status}: {answer}",
            body["proof"]
        );
        assert!(
            answer["error"]["code"].is_string() && answer["error"]["message"].is_string(),
            "{path}: the standard error body, got {answer}"
        );
    }
    assert_eq!(
        api.login("adams", PASSWORD, &device).await.0,
        200,
        "the server still serves a proper login afterwards"
    );
}
