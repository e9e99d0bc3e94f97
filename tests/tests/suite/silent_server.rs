//! A server that takes connections and never answers (a hung process, a half-open link),
//! stops in the middle of an answer, or answers at a trickle counts as out of reach
//! within bounded time: the workstation neither waits minutes on it nor loses what it
//! holds.

use std::time::Duration;

use bedside_client::{Error, SyncClient};
use bedside_shared::DocId;
use bedside_tests::server::{TestServer, stored_documents};
use bedside_tests::slow::{SlowServer, TricklingServer};
use bedside_tests::workstation::{TestWorkstation, WARD, new_patient};

/// A guard against a hang, far beyond the 8 s of silence a request is allowed and far
/// below the minutes a silent server used to cost.
const GIVES_UP_WITHIN: Duration = Duration::from_secs(30);

/// Syncs through `client` (pointing at a server that does not answer properly), then
/// against the real one: the first sync gives up as offline, and the patient registered
/// before it still reaches the server. Answers why the first sync gave up.
async fn gives_up_and_keeps_the_edit(client: SyncClient) -> String {
    let server = TestServer::start().await;
    let mut nurse = TestWorkstation::new("Nurse Silent");
    nurse.sync(&server).await;
    let patient = nurse
        .ws
        .charts()
        .register_patient(new_patient("Hung", WARD))
        .unwrap();

    let outcome = tokio::time::timeout(GIVES_UP_WITHIN, nurse.ws.sync(&client))
        .await
        .expect("the sync gives up on a server that does not answer");
    let Err(Error::Offline(why)) = outcome else {
        panic!("a server that does not answer is out of reach: {outcome:?}");
    };

    nurse.sync(&server).await;
    let stored = stored_documents(&server.state).await;
    assert!(
        stored.contains_key(&DocId::registration(patient)),
        "the edit made before the hung sync reaches the server after it"
    );
    why
}

#[tokio::test]
async fn a_server_that_never_answers_is_out_of_reach_within_seconds() {
    let hung = SlowServer::answering(b"").await;
    gives_up_and_keeps_the_edit(SyncClient::new(&hung.url).unwrap()).await;
}

#[tokio::test]
async fn a_server_that_stops_mid_answer_is_out_of_reach_within_seconds() {
    let hung = SlowServer::answering(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/cbor\r\ncontent-length: 4096\r\n\r\n\xa1\x64",
    )
    .await;
    gives_up_and_keeps_the_edit(SyncClient::new(&hung.url).unwrap()).await;
}

/// A trickle is never silent for long, so only the bound on the whole run ends it (the
/// test shortens the bound; the product's is `bedside_client::SYNC_RUN_WITHIN`).
#[tokio::test]
async fn a_server_that_answers_at_a_trickle_ends_the_run_at_its_bound() {
    let trickling = TricklingServer::start().await;
    let client = SyncClient::new(&trickling.url)
        .unwrap()
        .with_run_limit(Duration::from_secs(2));
    let why = gives_up_and_keeps_the_edit(client).await;
    assert!(
        why.contains("did not finish within 2 s"),
        "the run's own bound ended it: {why}"
    );
}
