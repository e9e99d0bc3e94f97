//! A server restored from a backup: workstations that synced after the backup start
//! their sync over and give back what the restore lost; nothing they saved is lost.

use bedside_client::VitalSigns;
use bedside_server::store::audit::{Verdict, verify};
use bedside_shared::DocId;
use bedside_shared::chart::{self, Clinical};
use bedside_tests::postgres::{dump, restored};
use bedside_tests::replica::server_binary;
use bedside_tests::server::{TestServer, stored_documents};
use bedside_tests::workstation::{TestWorkstation, WARD, new_patient};

fn pulse(bpm: i64) -> VitalSigns {
    VitalSigns {
        pulse_bpm: Some(bpm),
        ..VitalSigns::default()
    }
}

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

/// The vital signs the server holds of `patient`, by record id.
async fn vitals_on(server: &TestServer, patient: bedside_shared::PatientId) -> Vec<String> {
    let mut stored = stored_documents(&server.state).await;
    let doc = stored
        .get_mut(&DocId::clinical(patient))
        .expect("the server holds the chart");
    let clinical: Clinical = chart::read(doc).expect("the chart reads");
    clinical.vitals.keys().map(ToString::to_string).collect()
}

#[tokio::test]
async fn workstations_give_a_restored_server_back_what_the_restore_lost() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Nurse Amara");
    let mut b = TestWorkstation::new("Nurse Bo");
    a.join(&server).await;
    b.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Restored", WARD))
            .unwrap();
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
