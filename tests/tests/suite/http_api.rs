//! The server's HTTP surface: health, readiness, error bodies, and refusal of changes
//! that break the chart's rules.

use bedside_client::{Error, NewPrescription};
use bedside_shared::DocId;
use bedside_shared::chart::{self, Clinical, NoteKind};
use bedside_shared::error::{ErrorBody, ErrorCode};
use bedside_shared::sync::wire::encode;
use bedside_shared::sync::{PROTOCOL_VERSION, SyncRequest};
use bedside_shared::validate::RejectCode;
use bedside_tests::server::{TestServer, stored_documents};
use bedside_tests::workstation::{TestWorkstation, new_patient};

async fn error_of(response: reqwest::Response, status: u16) -> ErrorBody {
    assert_eq!(response.status().as_u16(), status);
    let body = response.bytes().await.unwrap();
    serde_json::from_slice(&body).unwrap_or_else(|_| panic!("a standard error body, got {body:?}"))
}

#[tokio::test]
async fn health_and_readiness_answer() {
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    for path in ["/healthz", "/readyz"] {
        let response = http
            .get(format!("{}{path}", server.url))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "{path} is up");
        assert!(
            response.headers().contains_key("x-request-id"),
            "{path} answers with a request id"
        );
    }
    let missing = http
        .get(format!("{}/nowhere", server.url))
        .send()
        .await
        .unwrap();
    assert_eq!(error_of(missing, 404).await.error.code, ErrorCode::NotFound);
}

#[tokio::test]
async fn the_api_describes_itself() {
    let server = TestServer::start().await;
    let spec: serde_json::Value = reqwest::get(format!("{}/openapi.json", server.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    assert!(spec["paths"]["/v1/patients/{id}/education-videos"]["get"].is_object());
    let page = reqwest::get(format!("{}/docs", server.url)).await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.text().await.unwrap().contains("/openapi.json"));
}

#[tokio::test]
async fn malformed_sync_requests_get_standard_errors() {
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    let url = format!("{}/v1/sync", server.url);

    let anonymous = http
        .post(&url)
        .header("content-type", "application/cbor")
        .body(vec![0xa0])
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_of(anonymous, 401).await.error.code,
        ErrorCode::Unauthenticated,
        "sync needs a session"
    );

    let mut a = TestWorkstation::new("Dr Adams");
    a.join(&server).await;
    let token = a.ws.link().access_token().unwrap();
    let http = reqwest::Client::builder()
        .default_headers(
            [(
                reqwest::header::AUTHORIZATION,
                format!("Bearer {token}").parse().unwrap(),
            )]
            .into_iter()
            .collect(),
        )
        .build()
        .unwrap();
    let json = http
        .post(&url)
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_of(json, 415).await.error.code,
        ErrorCode::UnsupportedMediaType
    );

    let garbage = http
        .post(&url)
        .header("content-type", "application/cbor")
        .body(vec![0xff, 0x00, 0x13])
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_of(garbage, 400).await.error.code,
        ErrorCode::ValidationError
    );

    let future = SyncRequest {
        version: PROTOCOL_VERSION + 1,
        device: a.ws.device(),
        cursor: None,
        epoch: None,
        offers: vec![],
    };
    let future = http
        .post(&url)
        .header("content-type", "application/cbor")
        .body(encode(&future).unwrap())
        .send()
        .await
        .unwrap();
    let body = error_of(future, 415).await;
    assert!(
        body.error.message.contains("v1"),
        "the error names the supported version: {}",
        body.error.message
    );

    let oversized = http
        .post(&url)
        .header("content-type", "application/cbor")
        .body(vec![0u8; bedside_server::body_limits::SYNC_BODY_BYTES + 1])
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_of(oversized, 413).await.error.code,
        ErrorCode::PayloadTooLarge
    );
}

#[tokio::test]
async fn editing_a_signed_note_is_refused_by_the_server_and_nothing_is_lost() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Signed", "SURG-A"))
            .unwrap();
    let note =
        a.ws.charts()
            .begin_note(patient, NoteKind::Operative, "Appendix removed intact.")
            .unwrap();
    a.ws.charts().sign_note(patient, note).unwrap();
    a.sync(&server).await;

    // The workstation refuses to edit a signed note...
    let refused =
        a.ws.charts()
            .write_note(patient, note, "Rewritten.")
            .expect_err("signed notes are frozen");
    assert!(matches!(refused, Error::Invalid(_)), "{refused:?}");

    // ...and if a tampered change arrives anyway, the server refuses it.
    let clinical_id = DocId::clinical(patient);
    let mut row = a.ws.store().load(&clinical_id).unwrap().unwrap();
    chart::update(&mut row.doc, |c: &mut Clinical| {
        c.notes.get_mut(&note.to_string()).unwrap().body = "Rewritten.".into();
    })
    .unwrap();
    // A legitimate edit in another document in the same batch is still accepted.
    a.ws.store().save([(clinical_id, row)]).unwrap();
    a.ws.charts()
        .edit_patient(
            patient,
            bedside_client::PatientEdit {
                bed: Some("9".into()),
                ..Default::default()
            },
        )
        .unwrap();

    let report = a.sync(&server).await;
    assert_eq!(
        report.rejected.len(),
        1,
        "exactly the tampered document is refused"
    );
    assert_eq!(report.rejected[0].0, clinical_id);
    assert_eq!(report.rejected[0].1.code, RejectCode::SignedNoteImmutable);

    let stored = stored_documents(&server.state).await;
    let server_clinical: Clinical = chart::read(&stored[&clinical_id]).unwrap();
    assert_eq!(
        server_clinical.notes[&note.to_string()].body,
        "Appendix removed intact.",
        "the server keeps the signed text"
    );
    let mut b = TestWorkstation::new("Dr Bello");
    b.sync(&server).await;
    let chart =
        b.ws.store()
            .chart_view(&patient.to_string())
            .unwrap()
            .unwrap();
    assert_eq!(
        chart.patient.bed.as_deref(),
        Some("9"),
        "the valid edit in the same batch got through"
    );
    assert_eq!(chart.notes[0].body, "Appendix removed intact.");
    // On A the refused edit is set aside where the clinician sees it, not dropped, and
    // A carries on from the server's version.
    let quarantined = a.ws.store().quarantine(Some(&patient.to_string())).unwrap();
    assert_eq!(quarantined.len(), 1);
    assert_eq!(quarantined[0].code, RejectCode::SignedNoteImmutable);
    assert_eq!(
        quarantined[0].content["notes"][note.to_string()]["body"],
        "Rewritten.",
        "the refused text is kept for the clinician to see"
    );
    assert_eq!(
        a.ws.status().unwrap().pending_changes,
        0,
        "nothing is stuck"
    );
    let own =
        a.ws.store()
            .chart_view(&patient.to_string())
            .unwrap()
            .unwrap();
    assert_eq!(own.notes[0].body, "Appendix removed intact.");
    a.ws.charts()
        .discard_quarantined(&quarantined[0].quarantine_id)
        .unwrap();
    assert!(a.ws.store().quarantine(None).unwrap().is_empty());
}

#[tokio::test]
async fn invalid_values_are_refused_on_the_workstation_with_a_clear_message() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Values", "SURG-A"))
            .unwrap();
    let err =
        a.ws.charts()
            .prescribe(
                patient,
                NewPrescription {
                    drug: "Paracetamol".into(),
                    dose: "1 g".into(),
                    route: "oral".into(),
                    frequency: "every 6 hours".into(),
                    start: "2026-11-23".into(),
                    end: Some("2026-11-01".into()),
                    schedule: None,
                    doses: None,
                },
            )
            .expect_err("an order may not end before it starts");
    assert_eq!(err.code(), ErrorCode::ValidationError);
    assert!(
        err.to_string().contains("end must not be before start"),
        "{err}"
    );
    let mut bad = new_patient("Bad", "SURG-A");
    bad.birth_date = "31/12/1990".into();
    let err =
        a.ws.charts()
            .register_patient(bad)
            .expect_err("dates are YYYY-MM-DD");
    assert!(err.to_string().contains("birth_date"), "{err}");
    assert_eq!(
        a.ws.store().patients(None).unwrap().len(),
        1,
        "a refused registration leaves nothing behind"
    );
}

#[tokio::test]
async fn a_wrong_method_gets_the_standard_error_body() {
    let server = TestServer::start().await;
    let http = reqwest::Client::new();
    for (method, path) in [
        (reqwest::Method::GET, "/v1/sync"),
        (reqwest::Method::DELETE, "/v1/auth/login"),
        (reqwest::Method::PUT, "/v1/patients/search"),
        (reqwest::Method::PUT, "/v1/store/objects/sha256/00"),
    ] {
        let response = http
            .request(method.clone(), format!("{}{path}", server.url))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 405, "{method} {path}");
        let body: serde_json::Value = response.json().await.unwrap_or_default();
        assert_eq!(
            body["error"]["code"], "METHOD_NOT_ALLOWED",
            "{method} {path}: the standard error body, got {body}"
        );
    }
}
