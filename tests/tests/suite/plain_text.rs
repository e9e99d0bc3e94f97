//! Text with a NUL character (U+0000) fits an Automerge string but no PostgreSQL text or
//! JSON value. Every way text enters is refused with the standard error body (or a
//! per-document rejection) before anything is stored, on the server and on the
//! workstation, and nothing of the value reaches a log.

use automerge::ROOT;
use automerge::ReadDoc;
use automerge::transaction::Transactable;
use bedside_client::Error;
use bedside_shared::chart::{self, Registration};
use bedside_shared::sync::{Hash, Outcome, offer};
use bedside_shared::validate::RejectCode;
use bedside_shared::{DocId, PatientId};
use bedside_tests::device::TestDevice;
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{PASSWORD, TestWorkstation, WARD, new_patient};
use serde_json::{Value, json};

/// Patient-like values with a NUL inside; `make test` greps PostgreSQL's log for the
/// marker after the whole suite.
const MARKER: &str = "Xqznulmarker";

fn with_nul() -> String {
    format!("{MARKER}\u{0}Okafor")
}

async fn post(server: &TestServer, token: Option<&str>, path: &str, body: Value) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .post(format!("{}{path}", server.url))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

#[tokio::test]
async fn a_nul_in_any_text_is_refused_as_bad_input() {
    let server = TestServer::start().await;
    let mut ws = TestWorkstation::new("Dr Adams");
    ws.join(&server).await;
    let patient = ws
        .ws
        .charts()
        .register_patient(new_patient("Plain", WARD))
        .unwrap();
    ws.sync(&server).await;
    let token = ws.ws.link().access_token().unwrap();
    let device = TestDevice::enroll(&server, &[WARD]).await;

    let mut login = device.login(&with_nul(), PASSWORD);
    login["username"] = json!(with_nul());
    let requests = [
        (None, "/v1/auth/login", login),
        (
            Some(token.as_str()),
            "/v1/patients/search",
            json!({"text": with_nul()}),
        ),
        (
            Some(token.as_str()),
            "/v1/break-glass",
            json!({
                "grant_id": uuid::Uuid::now_v7(),
                "patient_id": patient.as_uuid(),
                "reason": with_nul(),
                "opened_at": "2026-11-23T08:00:00Z",
            }),
        ),
    ];
    for (token, path, body) in requests {
        let (status, answer) = post(&server, token, path, body).await;
        assert_eq!(
            (status, answer["error"]["code"].as_str()),
            (400, Some("VALIDATION_ERROR")),
            "{path}: a NUL is bad input, not a server error: {answer}"
        );
        assert!(
            !answer.to_string().contains(MARKER),
            "{path}: the error body repeats no value"
        );
    }

    // A modified workstation offers a name with a NUL inside a sync batch.
    let id = DocId::registration(patient);
    let mut doc = ws.doc(&id).unwrap();
    let acked: Vec<Hash> = doc.get_heads().into_iter().map(Hash::from).collect();
    let (_, demographics) = doc.get(ROOT, "demographics").unwrap().unwrap();
    doc.put(&demographics, "family_name", with_nul()).unwrap();
    doc.commit();
    let answer = ws
        .post_sync(&server, vec![offer(id, &mut doc, &acked)])
        .await
        .expect("the request itself is answered");
    assert!(
        matches!(&answer.replies[0].outcome, Outcome::Rejected(r) if r.code == RejectCode::InvalidValue),
        "the document is refused by rule, got {:?}",
        answer.replies[0].outcome
    );
}

#[tokio::test]
async fn the_workstation_refuses_a_nul_before_it_stores_anything() {
    let server = TestServer::start().await;
    let mut ws = TestWorkstation::new("Dr Adams");
    ws.join(&server).await;
    let mut patient = new_patient("Plain", WARD);
    patient.family_name = with_nul();
    let refused = ws.ws.charts().register_patient(patient).unwrap_err();
    assert!(
        matches!(refused, Error::Invalid(_)),
        "a NUL in a name is bad input: {refused:?}"
    );
    assert!(!refused.to_string().contains(MARKER));
    let id = ws
        .ws
        .charts()
        .register_patient(new_patient("Plain", WARD))
        .unwrap();
    let reason = ws
        .ws
        .charts()
        .break_glass(PatientId::new(), &with_nul())
        .unwrap_err();
    assert!(matches!(reason, Error::Invalid(_)), "{reason:?}");
    let stored = ws.doc(&DocId::registration(id)).unwrap();
    let reg: Registration = chart::read(&stored).unwrap();
    assert!(!reg.demographics.family_name.contains('\0'));
}

#[tokio::test]
async fn the_servers_database_sessions_never_log_statement_text() {
    let server = TestServer::start().await;
    let mut conn = server.state.pool.acquire().await.unwrap();
    for (setting, quiet) in [
        ("log_min_error_statement", "panic"),
        ("log_error_verbosity", "terse"),
        ("log_parameter_max_length_on_error", "0"),
    ] {
        let value: String = sqlx_core::query_scalar::query_scalar(
            sqlx_core::sql_str::AssertSqlSafe(format!("SHOW {setting}")),
        )
        .fetch_one(&mut *conn)
        .await
        .unwrap();
        assert_eq!(
            value, quiet,
            "{setting}: a failing statement must not carry its values into PostgreSQL's log"
        );
    }
}
