//! The API answers only what its OpenAPI document describes. Schemathesis (an independent
//! property-based tester, installed by `make test`) generates requests for the
//! operations of `/openapi.json`, sends them with a real session, and checks every status
//! code, content type and body against the document, and that nothing answers 5xx.

use std::path::Path;
use std::time::Duration;

use bedside_tests::server::TestServer;
use bedside_tests::workstation::{TestWorkstation, WARD, new_patient};

/// Long enough for the bounded run below; the access token lives five minutes.
const RUN_FOR_AT_MOST: Duration = Duration::from_secs(240);

#[tokio::test]
async fn every_answer_is_one_the_openapi_document_describes() {
    let tool =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools/schemathesis/bin/schemathesis");
    assert!(
        tool.exists(),
        "schemathesis is missing at {}: make test installs it",
        tool.display()
    );
    let server = TestServer::start().await;
    let mut ws = TestWorkstation::new("Dr Adams");
    ws.join(&server).await;
    ws.ws
        .charts()
        .register_patient(new_patient("Contract", WARD))
        .unwrap();
    ws.sync(&server).await;
    let token = ws.ws.link().access_token().unwrap();

    let run = tokio::process::Command::new(&tool)
        .args(["--no-color", "run"])
        .arg(format!("{}/openapi.json", server.url))
        .args(["--header", &format!("Authorization: Bearer {token}")])
        // The live feed holds its answer open for minutes; logging out would end the
        // session the rest of the run uses; sync bodies are CBOR, which the tool cannot
        // write (the sync tests cover that route's every answer).
        .args([
            "--exclude-path",
            "/v1/live",
            "--exclude-path",
            "/v1/auth/logout",
        ])
        .args(["--exclude-path", "/v1/sync"])
        // Every answer must be one the document describes (status, content type, body),
        // none a server error; a request without its session is refused, and a method a
        // route does not take gets 405.
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,\
             response_schema_conformance,ignored_auth,unsupported_method",
        ])
        .args(["--max-examples", "25", "--generation-deterministic"])
        .args(["--request-timeout", "10"])
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(RUN_FOR_AT_MOST, run)
        .await
        .expect("the contract run ends in time")
        .expect("schemathesis runs");
    let report =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    // The tool's summary, for whoever reads the test log.
    let summary: Vec<&str> = report.lines().rev().take(12).collect();
    eprintln!(
        "{}",
        summary.into_iter().rev().collect::<Vec<_>>().join("\n")
    );
    assert!(
        out.status.success(),
        "answers the OpenAPI document does not describe:\n{report}"
    );
}
