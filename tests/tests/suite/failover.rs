//! Failover without loss: three server replicas behind HAProxy on a PostgreSQL primary
//! with a synchronous standby. A replica dies, then the primary does; the standby is
//! promoted and the replicas pointed at it, while two workstations chart. Nothing a
//! server acknowledged is lost, the workstations resume on their own, the audit log
//! verifies and live pushes go on.

use std::time::Duration;

use bedside_client::SyncClient;
use bedside_server::config::{BlobStoreSettings, DocumentSettings};
use bedside_server::store::audit::{Verdict, verify};
use bedside_shared::PatientId;
use bedside_shared::chart::Vitals;
use bedside_tests::failover::{Balancer, StandbyPair};
use bedside_tests::postgres::TestDatabase;
use bedside_tests::replica::ServerProcess;
use bedside_tests::server::{TestServer, vitals_held};
use bedside_tests::workstation::{TestWorkstation, pulse, two_on_the_ward};
use futures::future::join_all;

const REPLICAS: usize = 3;

/// Syncs through `url` until a run completes, as the workstation's own sync loop tries
/// again after a failure; returns how many runs failed first.
async fn sync_until_done(ws: &TestWorkstation, url: &str) -> usize {
    let client = SyncClient::new(url).expect("a sync client");
    for failed in 0..300 {
        if ws.ws.sync(&client).await.is_ok() {
            return failed;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the workstation's sync did not resume within 30 s");
}

/// Until `record` is on `b`: B listens to its live feed through `url` (opened again when
/// it ends, as the window does) and syncs whenever it hears of a change.
async fn heard(b: &TestWorkstation, url: &str, patient: PatientId, record: &str) {
    let client = SyncClient::new(url).expect("a sync client");
    let mut feed = None;
    for _ in 0..100 {
        let Some(listening) = feed.as_mut() else {
            feed = b.ws.link().live_feed(url).await.ok();
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        };
        match tokio::time::timeout(Duration::from_secs(20), listening.changed()).await {
            Ok(Ok(true)) => {
                if b.ws.sync(&client).await.is_ok() {
                    let held: Vec<bedside_client::store::records::Entry<Vitals>> =
                        b.ws.store().records(&patient.to_string()).unwrap();
                    if held.iter().any(|v| v.record_id == record) {
                        return;
                    }
                }
            }
            _ => feed = None,
        }
    }
    panic!("B never heard of A's edit through its live feed");
}

#[tokio::test]
async fn no_acknowledged_edit_is_lost_when_a_replica_or_the_primary_fails() {
    let pair = StandbyPair::start().await;
    let (primary, standby) = (pair.primary_url(), pair.standby_url());
    let blobs = tempfile::tempdir().unwrap();
    let documents = || DocumentSettings {
        store: BlobStoreSettings::Folder {
            dir: blobs.path().to_owned(),
        },
        ..DocumentSettings::default()
    };
    // The harness's own server enrolls the workstations; they reach the replicas only.
    let setup =
        TestServer::start_on(TestDatabase::kept_elsewhere(primary.clone()), documents()).await;
    let mut replicas: Vec<ServerProcess> =
        join_all((0..REPLICAS).map(|_| ServerProcess::start(&primary))).await;
    let addresses: Vec<String> = replicas.iter().map(|r| r.address().to_owned()).collect();
    let balancer = Balancer::start(&addresses.iter().map(String::as_str).collect::<Vec<_>>()).await;
    let front = setup.replica_at(&balancer.url);
    let url = balancer.url.as_str();
    let (a, b, patient) = two_on_the_ward(&front).await;
    sync_until_done(&a, url).await;
    sync_until_done(&b, url).await;

    // A replica dies while the ward charts: the balancer sends the next requests to the
    // others.
    let mut acknowledged = Vec::new();
    for round in 0..6 {
        if round == 3 {
            replicas.remove(1).kill();
        }
        let record =
            a.ws.charts()
                .record_vitals(patient, pulse(70 + round))
                .unwrap();
        sync_until_done(&a, url).await;
        acknowledged.push(record.to_string());
    }

    // The primary dies. Edits wait on the workstation; its syncs fail.
    pair.lose_primary();
    let waiting = a.ws.charts().record_vitals(patient, pulse(99)).unwrap();
    let client = SyncClient::new(url).unwrap();
    assert!(a.ws.sync(&client).await.is_err(), "no database, no sync");
    // The standby is promoted and every replica pointed at it (the dead one comes back).
    pair.promote_standby().await;
    for replica in replicas.drain(..) {
        replica.kill();
    }
    let replicas: Vec<ServerProcess> = join_all(
        addresses
            .iter()
            .map(|at| ServerProcess::start_at(&standby, at)),
    )
    .await;
    assert_eq!(replicas.len(), REPLICAS);
    sync_until_done(&a, url).await;
    acknowledged.push(waiting.to_string());
    sync_until_done(&b, url).await;

    // Every edit a server acknowledged is on the promoted standby, the audit log
    // verifies, and both workstations hold the same chart.
    let after =
        TestServer::start_on(TestDatabase::kept_elsewhere(standby.clone()), documents()).await;
    acknowledged.sort();
    assert_eq!(vitals_held(&after.state, patient).await, acknowledged);
    assert!(matches!(
        verify(&after.state.pool).await.unwrap(),
        Verdict::Intact { .. }
    ));
    assert_eq!(a.projections(patient), b.projections(patient));

    // Live pushes go on: B hears of A's next edit through the balancer.
    let next =
        a.ws.charts()
            .record_vitals(patient, pulse(64))
            .unwrap()
            .to_string();
    let (_, ()) = tokio::join!(
        async {
            tokio::time::sleep(Duration::from_millis(500)).await;
            sync_until_done(&a, url).await
        },
        heard(&b, url, patient, &next)
    );
}
