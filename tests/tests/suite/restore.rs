//! A server restored from a backup: workstations that synced after the backup start
//! their sync over and give back what the restore lost; nothing they saved is lost.
//! The drill restores with pgBackRest to a named point, as OPERATIONS.md says.

use bedside_client::NewDocument;
use bedside_server::config::{BlobStoreSettings, DocumentSettings};
use bedside_server::services::documents::collect_garbage;
use bedside_server::store::audit::{Verdict, verify};
use bedside_shared::PatientId;
use bedside_shared::chart;
use bedside_shared::chart::{DocumentCategory, blob_key};
use bedside_tests::backup::ArchivedCluster;
use bedside_tests::postgres::{dump, restored};
use bedside_tests::replica::server_binary;
use bedside_tests::server::{TestServer, vitals_held};
use bedside_tests::workstation::{pulse, two_on_the_ward};

/// `bedside-server epoch renew` on `database_url`, as the restore procedure runs it.
fn renew_epoch(database_url: &str) -> String {
    let out = std::process::Command::new(server_binary())
        .args(["epoch", "renew"])
        .env("DATABASE_URL", database_url)
        .env("BEDSIDE_LOG", "warn")
        .output()
        .expect("bedside-server runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn vitals_on(server: &TestServer, patient: PatientId) -> Vec<String> {
    vitals_held(&server.state, patient).await
}

#[tokio::test]
async fn workstations_give_a_restored_server_back_what_the_restore_lost() {
    let server = TestServer::start().await;
    let (mut a, mut b, patient) = two_on_the_ward(&server).await;
    let before = a.ws.charts().record_vitals(patient, pulse(72)).unwrap();
    a.sync(&server).await;
    b.sync(&server).await;

    // The night's backup.
    let folder = tempfile::tempdir().unwrap();
    let backup = folder.path().join("bedside.dump");
    dump(server.database_url.as_deref().unwrap(), &backup);

    // After it: A records vital signs and syncs, B receives them; then A charts again
    // while the server is down. The server's database is lost.
    let synced = a.ws.charts().record_vitals(patient, pulse(91)).unwrap();
    a.sync(&server).await;
    b.sync(&server).await;
    let held: Vec<bedside_client::store::records::Entry<chart::Vitals>> =
        b.ws.store().records(&patient.to_string()).unwrap();
    assert_eq!(held.len(), 2, "B received the synced record");
    server.stop().await;
    let offline = a.ws.charts().record_vitals(patient, pulse(104)).unwrap();

    // Restored from the backup, with a new epoch, before it serves anyone.
    let database = restored(&backup).await;
    assert!(renew_epoch(&database.url).contains("new epoch"));
    let server = TestServer::start_on_database(database).await;
    assert_eq!(vitals_on(&server, patient).await, [before.to_string()]);

    // B first: it holds A's synced record, which the restore lost. The server takes a
    // record only from its author's workstation, so B's copy is set aside on B (shown
    // to the ward, not dropped) until A gives it back.
    let report = b.sync(&server).await;
    assert!(report.started_over, "B starts over");
    assert_eq!(report.rejected.len(), 1, "{:?}", report.rejected);
    assert_eq!(
        b.ws.store().quarantine(None).unwrap().len(),
        1,
        "B keeps what was refused"
    );
    let report = a.sync(&server).await;
    assert!(report.started_over, "A starts over");
    assert!(
        report.rejected.is_empty(),
        "nothing of A's is refused: {:?}",
        report.rejected
    );
    for ws in [&mut a, &mut b] {
        let report = ws.sync(&server).await;
        assert!(!report.started_over, "once is enough");
        assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    }

    let mut held = vitals_on(&server, patient).await;
    held.sort();
    let mut expected = [before, synced, offline].map(|r| r.to_string());
    expected.sort();
    assert_eq!(
        held, expected,
        "every record saved on a workstation is back"
    );
    assert_eq!(
        a.projections(patient),
        b.projections(patient),
        "both workstations converge"
    );
    assert!(matches!(
        verify(&server.state.pool).await.unwrap(),
        Verdict::Intact { .. }
    ));
}

/// The server's folder store in `dir`, as kept (and backed up) across a restore.
fn folder(dir: &std::path::Path) -> DocumentSettings {
    DocumentSettings {
        store: BlobStoreSettings::Folder {
            dir: dir.to_owned(),
        },
        ..DocumentSettings::default()
    }
}

async fn audit_rows(server: &TestServer) -> i64 {
    sqlx_core::query_scalar::query_scalar("SELECT count(*) FROM audit_log")
        .fetch_one(&server.state.pool)
        .await
        .unwrap()
}

/// `deploy/blobs/bedside-blobs-backup` on the folder store `dir`: the snapshot's folder.
fn back_up_blobs(dir: &std::path::Path) -> std::path::PathBuf {
    let backups = dir.with_extension("backups");
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../deploy/blobs/bedside-blobs-backup");
    let out = std::process::Command::new(script)
        .arg(dir)
        .arg(&backups)
        .output()
        .expect("the blob backup runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().into()
}

/// The blobs the server's charts refer to (live or deleted documents, and thumbnails).
async fn referenced_blobs(server: &TestServer) -> Vec<String> {
    sqlx_core::query_scalar::query_scalar(
        "SELECT sha256 FROM document_refs
         UNION SELECT thumbnail_sha256 FROM document_refs WHERE thumbnail_sha256 IS NOT NULL",
    )
    .fetch_all(&server.state.pool)
    .await
    .unwrap()
}

/// Every blob the server's charts refer to is in the folder store's backup `snapshot`.
async fn every_referenced_blob_is_in(server: &TestServer, snapshot: &std::path::Path) -> usize {
    let referred = referenced_blobs(server).await;
    for sha256 in &referred {
        assert!(
            snapshot.join("objects").join(blob_key(sha256)).is_file(),
            "the backup lacks a blob a chart refers to"
        );
    }
    referred.len()
}

/// Every blob the server's charts refer to is in its store.
async fn every_referenced_blob_is_held(server: &TestServer) -> usize {
    let referred = referenced_blobs(server).await;
    let store = server.state.blobs.clone().expect("a blob store");
    for sha256 in &referred {
        assert!(
            store.size(&blob_key(sha256)).await.unwrap().is_some(),
            "the store lacks a blob a chart refers to"
        );
    }
    referred.len()
}

#[tokio::test]
async fn a_restore_drill_to_a_named_point_loses_nothing_a_workstation_saved() {
    // A cluster archiving its WAL with pgBackRest; the ward's day on it.
    let mut cluster = ArchivedCluster::start().await;
    let blobs = tempfile::tempdir().unwrap();
    let server = TestServer::start_on(cluster.database(), folder(blobs.path())).await;
    let (mut a, mut b, patient) = two_on_the_ward(&server).await;
    let day = a.ws.charts().record_vitals(patient, pulse(76)).unwrap();
    let scan = NewDocument {
        category: DocumentCategory::Preop,
        file_name: "consent.txt".into(),
        mime_type: "text/plain".into(),
        bytes: b"Consent for laparoscopic cholecystectomy, signed.\n".repeat(40),
        replace_oldest: false,
    };
    let consent = a.ws.documents().capture_document(patient, scan).unwrap();
    a.sync(&server).await;
    b.sync(&server).await;

    // The night's backups (the database, and the blob folder with the script operators
    // install), then more charting, the named point, and more after it.
    cluster.back_up();
    let snapshot = back_up_blobs(blobs.path());
    let kept = a.ws.charts().record_vitals(patient, pulse(88)).unwrap();
    a.sync(&server).await;
    b.sync(&server).await;
    let rows_at_point = audit_rows(&server).await;
    cluster.restore_point("before-the-fault").await;
    let lost = a.ws.charts().record_vitals(patient, pulse(131)).unwrap();
    a.ws.documents().delete_document(patient, consent).unwrap();
    a.sync(&server).await;
    b.sync(&server).await;
    assert_eq!(
        collect_garbage(&server.state).await.unwrap(),
        0,
        "a blob no chart refers to any more is kept through the grace period"
    );
    cluster.archive_now();
    server.stop().await;

    // Restored to the point into a new data directory, a new epoch, the server on it.
    cluster.restore_to("before-the-fault").await;
    let database = cluster.database();
    assert!(renew_epoch(&database.url).contains("new epoch"));
    let server = TestServer::start_on(database, folder(blobs.path())).await;
    assert_eq!(
        verify(&server.state.pool).await.unwrap(),
        Verdict::Intact {
            rows: rows_at_point
        },
        "the audit log verifies, as it was at the point"
    );
    let mut held = vitals_on(&server, patient).await;
    held.sort();
    let mut expected = [day, kept].map(|r| r.to_string());
    expected.sort();
    assert_eq!(
        held, expected,
        "what was written before the point, not after"
    );
    assert!(every_referenced_blob_is_held(&server).await > 0);
    assert!(
        every_referenced_blob_is_in(&server, &snapshot).await > 0,
        "the blob folder's backup holds them too"
    );

    // The workstations give back what the restore lost, and everyone converges.
    for ws in [&mut a, &mut b] {
        assert!(ws.sync(&server).await.started_over);
    }
    for ws in [&mut a, &mut b] {
        ws.sync(&server).await;
    }
    let mut held = vitals_on(&server, patient).await;
    held.sort();
    let mut expected = [day, kept, lost].map(|r| r.to_string());
    expected.sort();
    assert_eq!(
        held, expected,
        "every record saved on a workstation is back"
    );
    assert_eq!(a.projections(patient), b.projections(patient));
    let deleted: bool =
        sqlx_core::query_scalar::query_scalar("SELECT NOT bool_or(live) FROM document_refs")
            .fetch_one(&server.state.pool)
            .await
            .unwrap();
    assert!(deleted, "the deletion made after the point came back too");
    every_referenced_blob_is_held(&server).await;
    cluster.verify();
}
