//! Nothing a user saved is lost to replays, crashes or network failures.

use bedside_client::{RetryPolicy, SyncClient};
use bedside_server::store::counts;
use bedside_shared::chart::NoteKind;
use bedside_shared::sync::Session;
use bedside_tests::server::{TestServer, stored_documents};
use bedside_tests::workstation::{TestWorkstation, new_patient};

#[tokio::test]
async fn replaying_a_batch_stores_nothing_twice() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Replay", "SURG-A"))
            .unwrap();
    a.ws.charts()
        .begin_note(patient, NoteKind::Progress, "First entry.")
        .unwrap();

    let client = SyncClient::new(&server.url).unwrap();
    let (http, token) = (
        a.ws.link().http().unwrap(),
        a.ws.link().access_token().unwrap(),
    );
    let mut session = Session::new(a.ws.device(), 64);
    let request = session
        .next_request(&mut a.ws.store().replica())
        .unwrap()
        .expect("A has changes to offer");
    let first = client.exchange(&http, &token, &request).await.unwrap();
    let after_first = counts(&server.state.pool).await.unwrap();
    let second = client.exchange(&http, &token, &request).await.unwrap();
    let after_second = counts(&server.state.pool).await.unwrap();

    assert_eq!(
        after_first,
        (3, 4),
        "three documents, one change each plus the server's permanent MRN, stored once"
    );
    assert_eq!(
        after_second, after_first,
        "a replayed batch must store nothing twice"
    );
    assert_eq!(first.replies.len(), second.replies.len());
    for (one, two) in first.replies.iter().zip(&second.replies) {
        assert_eq!(
            one.heads, two.heads,
            "a replay leaves the server's heads where they were"
        );
        assert_eq!(one.outcome, two.outcome);
    }
}

#[tokio::test]
async fn a_client_killed_before_the_reply_loses_nothing() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Crash", "SURG-A"))
            .unwrap();
    a.ws.charts()
        .begin_note(patient, NoteKind::Nursing, "Obs every 4 hours.")
        .unwrap();

    // The batch reaches the server, which stores it; the reply never arrives because
    // the workstation process dies.
    let client = SyncClient::new(&server.url).unwrap();
    let (http, token) = (
        a.ws.link().http().unwrap(),
        a.ws.link().access_token().unwrap(),
    );
    let mut session = Session::new(a.ws.device(), 64);
    let request = session
        .next_request(&mut a.ws.store().replica())
        .unwrap()
        .unwrap();
    let _lost_reply = client.exchange(&http, &token, &request).await.unwrap();
    let stored = counts(&server.state.pool).await.unwrap();
    a.reopen();
    assert!(
        a.ws.status().unwrap().pending_changes > 0,
        "unacknowledged changes are still pending after a crash"
    );

    let report = a.sync(&server).await;
    assert!(report.rejected.is_empty());
    assert_eq!(
        a.ws.status().unwrap().pending_changes,
        0,
        "the next sync completes the interrupted one"
    );
    assert_eq!(
        counts(&server.state.pool).await.unwrap(),
        stored,
        "completing it stores nothing twice"
    );

    let mut b = TestWorkstation::new("Nurse Bello");
    b.sync(&server).await;
    let chart =
        b.ws.store()
            .chart_view(&patient.to_string())
            .unwrap()
            .expect("B receives the chart");
    assert_eq!(
        chart.notes.len(),
        1,
        "the note made before the crash reaches B"
    );
    assert_eq!(chart.notes[0].body, "Obs every 4 hours.");
}

#[tokio::test]
async fn edits_made_while_the_server_is_down_arrive_when_it_returns() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Outage", "SURG-A"))
            .unwrap();
    a.sync(&server).await;

    let url = server.url.clone();
    let state = server.stop().await;
    a.ws.charts()
        .begin_note(patient, NoteKind::Progress, "Written during the outage.")
        .unwrap();
    let impatient = SyncClient::new(&url).unwrap().with_retry(RetryPolicy {
        attempts: 2,
        first_delay: std::time::Duration::from_millis(10),
        max_delay: std::time::Duration::from_millis(10),
    });
    let failed = a.ws.sync(&impatient).await.expect_err("no server, no sync");
    assert_eq!(
        failed.code(),
        bedside_shared::error::ErrorCode::Unavailable,
        "an outage is reported as such: {failed}"
    );
    assert_eq!(
        a.ws.status().unwrap().pending_changes,
        1,
        "the note waits, counted as not yet synced"
    );
    a.reopen();

    let server = TestServer::serve(state).await;
    a.sync(&server).await;
    assert_eq!(a.ws.status().unwrap().pending_changes, 0);
    let stored = stored_documents(&server.state).await;
    assert_eq!(
        stored.len(),
        3,
        "registration, clinical and the outage note's draft are on the server"
    );
}

#[tokio::test]
async fn a_sync_answer_is_taken_in_whole_or_not_at_all() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.join(&server).await;
    for tag in ["Whole", "Part"] {
        a.ws.charts()
            .register_patient(new_patient(tag, "SURG-A"))
            .unwrap();
    }
    a.sync(&server).await;

    // A fresh workstation's first answer, its last document damaged on the way.
    let mut b = TestWorkstation::new("Dr Brandt");
    b.join(&server).await;
    let client = SyncClient::new(&server.url).unwrap();
    let (http, token) = (
        b.ws.link().http().unwrap(),
        b.ws.link().access_token().unwrap(),
    );
    let mut session = Session::new(b.ws.device(), 64);
    let request = session
        .next_request(&mut b.ws.store().replica())
        .unwrap()
        .expect("a fresh workstation asks");
    let mut response = client.exchange(&http, &token, &request).await.unwrap();
    assert_eq!(
        response.snapshots.len(),
        4,
        "two patients, two documents each"
    );
    response.snapshots[3].data = b"not an Automerge document".to_vec();
    let taken = b
        .ws
        .store()
        .all_or_nothing(|store| session.take_response(&mut store.replica(), &request, &response));
    assert!(taken.is_err(), "a damaged document fails the answer");
    assert!(
        b.ws.store().all_docs().unwrap().is_empty(),
        "nothing of a failed answer is kept, its three good documents included"
    );

    // Nor did the cursor move: the next sync brings every document.
    b.sync(&server).await;
    assert_eq!(b.ws.store().all_docs().unwrap().len(), 4);
}

#[test]
fn a_step_that_fails_half_way_leaves_the_store_whole() {
    let mut a = TestWorkstation::new("Dr Adams");
    let ws = &a.ws;
    let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        ws.store()
            .all_or_nothing(|store| -> bedside_client::Result<()> {
                store.set_setting("drill.half", "written")?;
                panic!("a step fails half-way");
            })
    }));
    assert!(panicked.is_err());
    assert_eq!(
        ws.store().setting("drill.half").unwrap(),
        None,
        "what the failed step wrote is rolled back"
    );
    ws.store().set_setting("drill.after", "kept").unwrap();
    a.reopen();
    assert_eq!(
        a.ws.store().setting("drill.after").unwrap().as_deref(),
        Some("kept"),
        "what is written after it is committed, not caught in its transaction"
    );
}
