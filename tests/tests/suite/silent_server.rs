//! A server that takes connections and never answers (a hung process, a half-open link),
//! or stops in the middle of an answer, counts as out of reach within seconds: the
//! workstation neither waits minutes on it nor loses what it holds.

use std::time::Duration;

use bedside_client::{Error, SyncClient};
use bedside_shared::DocId;
use bedside_tests::server::{TestServer, stored_documents};
use bedside_tests::slow::SlowServer;
use bedside_tests::workstation::{TestWorkstation, WARD, new_patient};

/// Far beyond "within seconds", far below the minutes a silent server used to cost.
const GIVES_UP_WITHIN: Duration = Duration::from_secs(60);

/// Syncs against the hung server, then against the real one: the sync gives up as
/// offline, and the patient registered before it still reaches the server.
async fn gives_up_and_keeps_the_edit(answer: &'static [u8]) {
    let server = TestServer::start().await;
    let mut nurse = TestWorkstation::new("Nurse Silent");
    nurse.sync(&server).await;
    let patient = nurse
        .ws
        .register_patient(new_patient("Hung", WARD))
        .unwrap();

    let hung = SlowServer::answering(answer).await;
    let client = SyncClient::new(&hung.url).unwrap();
    let outcome = tokio::time::timeout(GIVES_UP_WITHIN, nurse.ws.sync(&client))
        .await
        .expect("the sync gives up on a server that does not answer");
    assert!(
        matches!(outcome, Err(Error::Offline(_))),
        "a server that does not answer is out of reach: {outcome:?}"
    );
    drop(hung);

    nurse.sync(&server).await;
    let stored = stored_documents(&server.state).await;
    assert!(
        stored.contains_key(&DocId::registration(patient)),
        "the edit made before the hung sync reaches the server after it"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_is_out_of_reach_within_seconds() {
    gives_up_and_keeps_the_edit(b"").await;
}

#[tokio::test]
async fn a_server_that_stops_mid_answer_is_out_of_reach_within_seconds() {
    gives_up_and_keeps_the_edit(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/cbor\r\ncontent-length: 4096\r\n\r\n\xa1\x64",
    )
    .await;
}
