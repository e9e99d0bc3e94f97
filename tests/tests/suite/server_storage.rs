//! The server's storage: compaction into snapshots, reloading after a restart, and
//! concurrent workstations.

use automerge::ReadDoc;
use bedside_server::AppState;
use bedside_server::services::sync::SNAPSHOT_EVERY;
use bedside_shared::DocId;
use bedside_shared::access::{DeviceProfile, Role};
use bedside_shared::chart::NoteKind;
use bedside_tests::server::{TestServer, stored_documents};
use bedside_tests::workstation::{TestWorkstation, new_patient};
use sqlx_core::connection::Connection;
use sqlx_core::executor::Executor;
use sqlx_core::query_scalar::query_scalar;
use sqlx_postgres::PgConnection;

#[tokio::test]
async fn compacted_documents_reload_identically_after_a_restart() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Busy", "SURG-A"))
            .unwrap();
    let note =
        a.ws.charts()
            .begin_note(patient, NoteKind::Progress, "Day 1.")
            .unwrap();
    a.sync(&server).await;
    // One change to begin, then SNAPSHOT_EVERY + 8 separately synced edits: past the
    // compaction threshold.
    let mut text = String::from("Day 1.");
    for day in 2..(SNAPSHOT_EVERY + 10) {
        text.push_str(&format!(" Day {day}."));
        a.ws.charts().write_note(patient, note, &text).unwrap();
        a.sync(&server).await;
    }
    let draft = DocId::note_draft(patient, note);
    let snapshot_seq: i64 = query_scalar("SELECT seq FROM snapshots WHERE doc_id = $1")
        .bind(draft.to_string())
        .fetch_one(&server.state.pool)
        .await
        .unwrap();
    let first_seq: i64 = query_scalar("SELECT min(seq) FROM changes WHERE doc_id = $1")
        .bind(draft.to_string())
        .fetch_one(&server.state.pool)
        .await
        .unwrap();
    assert!(
        snapshot_seq > first_seq,
        "a busy document is compacted into a newer snapshot"
    );
    let changes: i64 = query_scalar("SELECT count(*) FROM changes WHERE doc_id = $1")
        .bind(draft.to_string())
        .fetch_one(&server.state.pool)
        .await
        .unwrap();
    assert_eq!(
        changes,
        i64::from(SNAPSHOT_EVERY) + 9,
        "changes stay appended after compaction (audit)"
    );

    // A restart with an empty cache loads snapshot + later changes.
    let pool = server.stop().await.pool;
    let restarted = TestServer::serve(AppState::open(pool, 10).await.unwrap()).await;
    let stored = stored_documents(&restarted.state).await;
    let mut local = a.doc(&draft).unwrap();
    let mut remote = stored[&draft].clone();
    assert_eq!(
        remote.get_heads(),
        local.get_heads(),
        "the reloaded document has every change"
    );
    let mut b = TestWorkstation::new("Dr Bello");
    b.sync(&restarted).await;
    let chart =
        b.ws.store()
            .chart_view(&patient.to_string())
            .unwrap()
            .unwrap();
    assert_eq!(
        chart.notes[0].body, text,
        "a new workstation gets the whole text from the restarted server"
    );
    assert_eq!(
        remote.hydrate(automerge::ROOT, None).unwrap(),
        local.hydrate(automerge::ROOT, None).unwrap()
    );
}

#[tokio::test]
async fn workstations_syncing_at_the_same_time_converge() {
    let server = TestServer::start().await;
    let mut seed = TestWorkstation::new("Clerk");
    seed.join(&server).await;
    let patient = seed
        .ws
        .charts()
        .register_patient(new_patient("Busy", "SURG-A"))
        .unwrap();
    let note = seed
        .ws
        .charts()
        .begin_note(patient, NoteKind::Nursing, "Obs:")
        .unwrap();
    seed.sync(&server).await;

    let mut stations: Vec<TestWorkstation> = (0..4)
        .map(|n| TestWorkstation::new(&format!("Nurse {n}")))
        .collect();
    for ws in &mut stations {
        ws.sync(&server).await;
    }
    for round in 0..3 {
        for (n, ws) in stations.iter_mut().enumerate() {
            let draft = bedside_shared::chart::read::<bedside_shared::chart::NoteDraft>(
                &ws.doc(&DocId::note_draft(patient, note)).unwrap(),
            )
            .unwrap();
            let text = format!("{} [{n}.{round}]", draft.body.as_str());
            ws.ws.charts().write_note(patient, note, &text).unwrap();
            ws.ws
                .charts()
                .register_patient(new_patient(&format!("N{n}R{round}"), "SURG-A"))
                .unwrap();
        }
        let syncs = stations.iter_mut().map(|ws| ws.sync(&server));
        futures::future::join_all(syncs).await;
    }
    for ws in &mut stations {
        ws.sync(&server).await;
    }
    let stored = stored_documents(&server.state).await;
    assert_eq!(
        stored.len(),
        3 + 4 * 3 * 2,
        "every registration reached the server"
    );
    for (id, doc) in &stored {
        let mut doc = doc.clone();
        for (n, ws) in stations.iter().enumerate() {
            let mut local = ws
                .doc(id)
                .unwrap_or_else(|| panic!("station {n} lacks {id}"));
            assert_eq!(
                local.get_heads(),
                doc.get_heads(),
                "station {n} matches the server on {id}"
            );
        }
    }
    let text = stations[0]
        .ws
        .store()
        .chart_view(&patient.to_string())
        .unwrap()
        .unwrap()
        .notes[0]
        .body
        .clone();
    for n in 0..4 {
        for round in 0..3 {
            assert!(
                text.contains(&format!("[{n}.{round}]")),
                "every nurse's entry survives: {text}"
            );
        }
    }
}

#[tokio::test]
async fn a_large_first_sync_is_paged_without_skipping_documents() {
    let server = TestServer::start().await;
    // 120 patients: 360 documents, seeded in batches of 256 that share a sequence
    // number, more than one response page holds.
    bedside_server::services::demo::seed_ward(&server.state, "BIG-1", 120)
        .await
        .unwrap();
    let mut fresh = TestWorkstation::new("Dr Chen");
    fresh
        .join_as(
            &server,
            &["BIG-1"],
            DeviceProfile::WardWorkstation,
            &[Role::Doctor],
        )
        .await;
    let mut seen = Vec::new();
    let client = bedside_client::SyncClient::new(&server.url).unwrap();
    let report = fresh
        .ws
        .sync_reporting(&client, &mut |p| seen.push(p))
        .await
        .unwrap();
    assert_eq!(report.snapshots, 360, "every document arrives whole");
    // The progress bar knows the whole ward from the first page on.
    let first = seen.first().expect("progress after the first round trip");
    assert_eq!(first.documents_total, 360, "{first:?}");
    assert!(first.documents_done < 360, "{first:?}");
    let last = seen.last().unwrap();
    assert_eq!((last.documents_done, last.documents_total), (360, 360));
    assert!(
        seen.windows(2)
            .all(|w| w[1].bytes_received > w[0].bytes_received
                && w[1].documents_done >= w[0].documents_done),
        "progress only moves forward: {seen:?}"
    );
    assert!(
        report.round_trips >= 2,
        "the catch-up took more than one page"
    );
    assert_eq!(fresh.ws.store().patients(Some("BIG-1")).unwrap().len(), 120);
    assert_eq!(fresh.ws.status().unwrap().documents_due, 0);
}

/// Waits until `sql` (a count of waiting sessions) is at least one.
async fn until_some(watch: &mut PgConnection, sql: &str, doc: &str) {
    for _ in 0..1500 {
        let count: i64 = query_scalar(sqlx_core::sql_str::AssertSqlSafe(sql.to_owned()))
            .bind(doc)
            .fetch_one(&mut *watch)
            .await
            .unwrap();
        if count >= 1 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("never true: {sql}");
}

/// A request of this test's database waits for a table (the change clock, held by the
/// test).
const WAITS_FOR_POSITION: &str = "SELECT count(*) FROM pg_stat_activity \
     WHERE datname = current_database() AND wait_event = 'relation' AND $1 <> ''";

/// A workstation's answer for a document it offers is prepared while that document is
/// locked, but the list of what else changed is read after its commit. A colleague's
/// change to the same document committed in between must still reach it. The test makes
/// that interleaving happen every time: it holds the change clock every writer reads
/// for its position until A has answered, and the break-glass table every catch-up reads until B wrote.
#[tokio::test]
async fn a_change_committed_between_an_answer_and_its_catch_up_reaches_the_workstation() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Clerk Adams");
    a.join(&server).await;
    let mut b = TestWorkstation::new("Clerk Bello");
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Interleaved", "SURG-A"))
            .unwrap();
    a.sync(&server).await;
    b.sync(&server).await;
    let registration = DocId::registration(patient);
    let doc = registration.to_string();
    let stored: i64 = query_scalar("SELECT count(*) FROM changes WHERE doc_id = $1")
        .bind(&doc)
        .fetch_one(&server.state.pool)
        .await
        .unwrap();
    // Both workstations' changes to the registration are stored.
    let both_stored = format!(
        "SELECT (count(*) >= {})::int::int8 FROM changes WHERE doc_id = $1",
        stored + 2
    );
    let phone = bedside_client::PatientEdit {
        phone: Some("+44 20 7946 0303".into()),
        ..Default::default()
    };
    let bed = bedside_client::PatientEdit {
        bed: Some("7".into()),
        ..Default::default()
    };
    a.ws.charts().edit_patient(patient, phone).unwrap();
    b.ws.charts().edit_patient(patient, bed).unwrap();

    let url = server.database_url.clone().unwrap();
    let mut gate = PgConnection::connect(&url).await.unwrap();
    let mut table = PgConnection::connect(&url).await.unwrap();
    let mut watch = PgConnection::connect(&url).await.unwrap();
    // Every writer reads the change clock to take its position.
    gate.execute("BEGIN").await.unwrap();
    gate.execute("LOCK TABLE change_clock IN ACCESS EXCLUSIVE MODE")
        .await
        .unwrap();
    let b_may_start = tokio::sync::Notify::new();
    let control = async {
        // A answered for the registration and waits to write it. Catch-ups now wait.
        until_some(&mut watch, WAITS_FOR_POSITION, &doc).await;
        table.execute("BEGIN").await.unwrap();
        table
            .execute("LOCK TABLE break_glass IN ACCESS EXCLUSIVE MODE")
            .await
            .unwrap();
        b_may_start.notify_one();
        gate.execute("COMMIT").await.unwrap();
        // A commits and waits to list what changed; B writes after it (B's own
        // permission check reads no grants: the patient is on its ward).
        until_some(&mut watch, &both_stored, &doc).await;
        table.execute("COMMIT").await.unwrap();
    };
    let b_syncs = async {
        b_may_start.notified().await;
        b.sync(&server).await
    };
    tokio::join!(control, a.sync(&server), b_syncs);

    a.sync(&server).await;
    let on_server = stored_documents(&server.state).await[&registration]
        .clone()
        .get_heads();
    assert_eq!(
        a.doc(&registration).unwrap().get_heads(),
        on_server,
        "the colleague's change reaches the workstation that wrote just before it"
    );
    let kept = bedside_shared::chart::read::<bedside_shared::chart::Registration>(
        &a.doc(&registration).unwrap(),
    )
    .unwrap();
    assert_eq!(kept.admission.bed.as_deref(), Some("7"));
}
