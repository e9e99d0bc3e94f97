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

async fn feed(ws: &Workstation, server: &TestServer) -> LiveFeed {
    ws.link()
        .live_feed(&server.url)
        .await
        .expect("the feed opens")
}

async fn pushed(feed: &mut LiveFeed) -> bool {
    tokio::time::timeout(PUSHED_WITHIN, feed.changed())
        .await
        .expect("a push arrives")
        .expect("the feed stays open")
}

/// The position of the next change `feed` hears of.
async fn next_push(feed: &mut LiveFeed) -> i64 {
    tokio::time::timeout(PUSHED_WITHIN, feed.next_change())
        .await
        .expect("a push arrives")
        .expect("the feed stays open")
        .expect("the feed stays open")
}

#[tokio::test]
async fn a_change_is_pushed_to_the_wards_other_workstations_only() {
    let server = TestServer::start().await;
    let mut writer = nurse(&server, "Nurse Adeyemi", WARD).await;
    let mut colleague = nurse(&server, "Nurse Okafor", WARD).await;
    let elsewhere = nurse(&server, "Nurse Brandt", "MED-B").await;
    let mut writers_feed = feed(&writer.ws, &server).await;
    let mut colleagues_feed = feed(&colleague.ws, &server).await;
    let mut elsewhere_feed = feed(&elsewhere.ws, &server).await;

    let patient = writer
        .ws
        .charts()
        .register_patient(new_patient("Live", WARD))
        .unwrap();
    writer.sync(&server).await;

    let change = next_push(&mut colleagues_feed).await;
    assert!(change > 0, "the colleague is told which change it was");
    colleague.sync(&server).await;
    assert!(
        colleague.doc(&DocId::registration(patient)).is_some(),
        "after the push the colleague's sync brings the patient"
    );
    // Whom the change was not pushed to is shown by order, not by waiting: pushes come in
    // the order changes were stored, so a feed whose next push is a later change never
    // heard of this one. Each hears of a later change meant for it.
    let mut next_door = nurse(&server, "Nurse Vogel", "MED-B").await;
    next_door
        .ws
        .charts()
        .register_patient(new_patient("NextDoor", "MED-B"))
        .unwrap();
    next_door.sync(&server).await;
    colleague
        .ws
        .charts()
        .register_patient(new_patient("Colleague", WARD))
        .unwrap();
    colleague.sync(&server).await;
    let (elsewhere_heard, writer_heard) =
        tokio::join!(next_push(&mut elsewhere_feed), next_push(&mut writers_feed));
    assert!(
        elsewhere_heard > change,
        "another ward's workstation hears only of its own ward's change"
    );
    assert!(
        writer_heard > change,
        "the writer is not told of its own change, only of its colleague's"
    );
}

#[tokio::test]
async fn a_push_crosses_server_replicas() {
    let first = TestServer::start().await;
    let config = Config {
        database_url: first
            .database_url
            .clone()
            .expect("the harness made the database")
            .into(),
        listen: "127.0.0.1:0".into(),
        cache_docs: 100,
        metrics_listen: None,
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
    let colleague = nurse(&first, "Nurse Okafor", WARD).await;
    let mut colleagues_feed = feed(&colleague.ws, &second).await;

    writer
        .ws
        .charts()
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

    let nurse = nurse(&server, "Nurse Okafor", WARD).await;
    let mut open = feed(&nurse.ws, &server).await;
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
    let refused = tokio::time::timeout(PUSHED_WITHIN, nurse.ws.link().live_feed(&server.url))
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

/// Told of a colleague's edit, a workstation fetches it in the same round trip: the
/// announcement carries the changes after its cursor, and the server audits the read.
#[tokio::test]
async fn a_colleagues_edit_arrives_in_one_round_trip_and_its_read_is_audited() {
    use bedside_client::VitalSigns;
    use bedside_client::store::records::Entry;
    use bedside_shared::chart::Vitals;
    use sqlx_core::query_scalar::query_scalar;

    let server = TestServer::start().await;
    let mut writer = nurse(&server, "Nurse Adeyemi", WARD).await;
    let mut colleague = nurse(&server, "Nurse Okafor", WARD).await;
    let patient = writer
        .ws
        .charts()
        .register_patient(new_patient("OneTrip", WARD))
        .unwrap();
    writer.sync(&server).await;
    colleague.sync(&server).await;
    let reads = || async {
        query_scalar::<_, i64>(
            "SELECT count(*) FROM audit_log WHERE action = 'chart_read' AND patient_id = $1",
        )
        .bind(patient.as_uuid())
        .fetch_one(&server.state.pool)
        .await
        .unwrap()
    };
    let before = reads().await;

    let record = writer
        .ws
        .charts()
        .record_vitals(
            patient,
            VitalSigns {
                pulse_bpm: Some(84),
                ..VitalSigns::default()
            },
        )
        .unwrap();
    writer.sync(&server).await;
    let report = colleague.sync(&server).await;
    assert_eq!(report.round_trips, 1, "{report:?}");
    assert!(
        report.brought_anything(),
        "the window hears that something arrived"
    );
    let sets: Vec<Entry<Vitals>> = colleague.ws.store().records(&patient.to_string()).unwrap();
    assert_eq!(sets.len(), 1);
    assert_eq!(sets[0].record_id, record.to_string());
    assert_eq!(colleague.ws.status().unwrap().pending_changes, 0);
    assert_eq!(reads().await, before + 1, "the colleague's read is audited");
}
