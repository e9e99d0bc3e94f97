//! Live pushes: a change synced from one workstation makes the server tell the other
//! workstations of that ward (and only them) to sync, through any server replica.

use std::time::Duration;

use bedside_client::Workstation;
use bedside_client::live::LiveFeed;
use bedside_server::Config;
use bedside_server::config::{BlobStoreSettings, DocumentSettings};
use bedside_shared::DocId;
use bedside_shared::access::{DeviceProfile, Role};
use bedside_shared::error::ErrorCode;
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{TestWorkstation, WARD, new_patient};

/// Long enough for a push on a loaded test machine; a push normally takes milliseconds.
const PUSHED_WITHIN: Duration = Duration::from_secs(10);
/// How long a workstation that should hear nothing is watched.
const QUIET_FOR: Duration = Duration::from_secs(2);

async fn nurse(server: &TestServer, name: &str, ward: &str) -> TestWorkstation {
    TestWorkstation::on(
        server,
        name,
        &[ward],
        DeviceProfile::WardWorkstation,
        &[Role::Nurse, Role::Clerk],
    )
    .await
}

async fn feed(ws: &mut Workstation, server: &TestServer) -> LiveFeed {
    ws.live_feed(&server.url).await.expect("the feed opens")
}

async fn pushed(feed: &mut LiveFeed) -> bool {
    tokio::time::timeout(PUSHED_WITHIN, feed.changed())
        .await
        .expect("a push arrives")
        .expect("the feed stays open")
}

async fn stays_quiet(feed: &mut LiveFeed) -> bool {
    tokio::time::timeout(QUIET_FOR, feed.changed())
        .await
        .is_err()
}

#[tokio::test]
async fn a_change_is_pushed_to_the_wards_other_workstations_only() {
    let server = TestServer::start().await;
    let mut writer = nurse(&server, "Nurse Adeyemi", WARD).await;
    let mut colleague = nurse(&server, "Nurse Okafor", WARD).await;
    let mut elsewhere = nurse(&server, "Nurse Brandt", "MED-B").await;
    let mut writers_feed = feed(&mut writer.ws, &server).await;
    let mut colleagues_feed = feed(&mut colleague.ws, &server).await;
    let mut elsewhere_feed = feed(&mut elsewhere.ws, &server).await;

    let patient = writer
        .ws
        .register_patient(new_patient("Live", WARD))
        .unwrap();
    writer.sync(&server).await;

    assert!(pushed(&mut colleagues_feed).await, "the colleague is told");
    colleague.sync(&server).await;
    assert!(
        colleague.doc(&DocId::registration(patient)).is_some(),
        "after the push the colleague's sync brings the patient"
    );
    // Both are watched over the same stretch of time.
    let (elsewhere_quiet, writer_quiet) = tokio::join!(
        stays_quiet(&mut elsewhere_feed),
        stays_quiet(&mut writers_feed)
    );
    assert!(elsewhere_quiet, "another ward's workstation hears nothing");
    assert!(writer_quiet, "the writer is not told of its own change");
}

#[tokio::test]
async fn a_push_crosses_server_replicas() {
    let first = TestServer::start().await;
    let config = Config {
        database_url: first
            .database_url
            .clone()
            .expect("the harness made the database"),
        listen: "127.0.0.1:0".into(),
        cache_docs: 100,
        tls: None,
        videos: Default::default(),
        documents: DocumentSettings {
            store: BlobStoreSettings::Folder {
                dir: tempfile::tempdir().unwrap().keep(),
            },
            ..DocumentSettings::default()
        },
    };
    let second = TestServer::serve(bedside_server::prepare(&config).await.unwrap()).await;
    let mut writer = nurse(&first, "Nurse Adeyemi", WARD).await;
    let mut colleague = nurse(&first, "Nurse Okafor", WARD).await;
    let mut colleagues_feed = feed(&mut colleague.ws, &second).await;

    writer
        .ws
        .register_patient(new_patient("Replica", WARD))
        .unwrap();
    writer.sync(&first).await;
    assert!(
        pushed(&mut colleagues_feed).await,
        "a change written through one replica is pushed by the other"
    );
}

#[tokio::test]
async fn the_feed_needs_a_session_and_ends_when_the_server_stops() {
    let server = TestServer::start().await;
    let answer = reqwest::get(format!("{}/v1/live", server.url))
        .await
        .unwrap();
    assert_eq!(answer.status(), 401);
    let body: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(body["error"]["code"], "UNAUTHENTICATED");

    let mut nurse = nurse(&server, "Nurse Okafor", WARD).await;
    let mut open = feed(&mut nurse.ws, &server).await;
    // Graceful shutdown would wait forever for a feed that never ends.
    tokio::time::timeout(PUSHED_WITHIN, server.stop())
        .await
        .expect("the server stops with a feed open");
    let ended = tokio::time::timeout(PUSHED_WITHIN, open.changed())
        .await
        .expect("the feed ends");
    assert!(
        !matches!(ended, Ok(true)),
        "no push, only the end: {ended:?}"
    );
}

#[tokio::test]
async fn a_server_that_is_closing_opens_no_feed() {
    let server = TestServer::start().await;
    let nurse = nurse(&server, "Nurse Okafor", WARD).await;
    // The feeds are told to end before the server stops taking connections; a
    // workstation that reconnects in between must not hold the shutdown up.
    server.state.live.close();
    let refused = tokio::time::timeout(PUSHED_WITHIN, nurse.ws.live_feed(&server.url))
        .await
        .expect("the server answers at once");
    match refused {
        Err(bedside_client::Error::Server { code, .. }) => {
            assert_eq!(code, ErrorCode::Unavailable);
        }
        other => panic!("expected 503 UNAVAILABLE, got {other:?}"),
    }
    tokio::time::timeout(PUSHED_WITHIN, server.stop())
        .await
        .expect("the server stops");
}
