//! Several server processes on one database: writers commit side by side (no lock
//! orders them), and every workstation's cursor still sees every change exactly once.

use std::collections::{BTreeMap, BTreeSet};

use automerge::AutoCommit;
use bedside_shared::DocId;
use bedside_shared::sync::Cursor;
use bedside_tests::replica::ServerProcess;
use bedside_tests::server::{TestServer, stored_documents};
use bedside_tests::workstation::{TestWorkstation, deteriorating, new_patient};
use futures::future::join_all;
use sqlx_core::query_scalar::query_scalar;

const WRITERS: usize = 4;
const REGISTRATIONS_EACH: usize = 10;
const READERS: usize = 2;
/// Enough observations on one chart, from every writer, that it is compacted into
/// snapshots several times (the server compacts every 64 changes).
const OBSERVATIONS_EACH: usize = 24;

/// Two `bedside-server serve` processes over `server`'s database (kept running while
/// the first value lives), and views of the server as each serves it.
async fn two_replicas(server: &TestServer) -> ([ServerProcess; 2], Vec<TestServer>) {
    let database = server.database_url.clone().expect("the harness's database");
    let processes = [
        ServerProcess::start(&database).await,
        ServerProcess::start(&database).await,
    ];
    let replicas = processes
        .iter()
        .map(|p| server.replica_at(&p.url))
        .collect();
    (processes, replicas)
}

/// `count` workstations of clinicians named `name` and a number, joined to the replicas
/// in turn.
async fn joined(replicas: &[TestServer], name: &str, count: usize) -> Vec<TestWorkstation> {
    let mut joined = Vec::new();
    for n in 0..count {
        let mut ws = TestWorkstation::new(&format!("{name}{n}"));
        ws.join(&replicas[n % replicas.len()]).await;
        joined.push(ws);
    }
    joined
}

/// Every writer at once, `rounds` times: `write` (given the writer, its number and the
/// round) on its workstation, then a sync through its replica.
async fn write_and_sync(
    writers: &mut [TestWorkstation],
    replicas: &[TestServer],
    rounds: usize,
    write: impl Fn(&TestWorkstation, usize, usize),
) {
    let write = &write;
    join_all(writers.iter_mut().enumerate().map(|(n, writer)| {
        let replica = &replicas[n % replicas.len()];
        async move {
            for k in 0..rounds {
                write(writer, n, k);
                writer.sync(replica).await;
            }
        }
    }))
    .await;
}

/// What one reader received, response by response.
#[derive(Debug, Default)]
struct Seen {
    /// How many times each document was delivered (whole or announced).
    deliveries: BTreeMap<DocId, usize>,
    /// The cursors it was given, in order.
    cursors: Vec<Cursor>,
    /// Responses that delivered something while the writers were still writing.
    during_writes: usize,
}

/// A workstation that only reads: it syncs from its cursor, alternating between the
/// replicas, until the writers are done and it has drained what is left.
async fn read_until_done(
    reader: &TestWorkstation,
    replicas: &[TestServer],
    done: &tokio::sync::watch::Receiver<bool>,
) -> Seen {
    let mut seen = Seen::default();
    let mut cursor = None;
    let mut drained = false;
    for turn in 0.. {
        let writers_done = *done.borrow();
        let server = &replicas[turn % replicas.len()];
        let response = reader
            .post_sync_from(server, cursor, Vec::new())
            .await
            .expect("the reader's sync is answered");
        let delivered: Vec<DocId> = response
            .snapshots
            .iter()
            .map(|s| s.doc)
            .chain(response.changed.iter().map(|c| c.doc))
            .collect();
        if !writers_done && !delivered.is_empty() {
            seen.during_writes += 1;
        }
        for doc in delivered {
            *seen.deliveries.entry(doc).or_default() += 1;
        }
        seen.cursors.push(response.cursor);
        cursor = Some(response.cursor);
        if writers_done && !response.more {
            // One more round after the writers finished, from either replica.
            if drained {
                break;
            }
            drained = true;
        }
    }
    seen
}

/// Four workstations register patients through two server processes at once while two
/// readers follow with their cursors, each request to either replica. Every document is
/// written once, so each reader must receive each exactly once: a cursor that skipped a
/// change would miss one, one that saw it twice would receive it again.
#[tokio::test]
async fn cursors_see_every_change_once_while_two_server_processes_write() {
    let server = TestServer::start().await;
    let (_processes, replicas) = two_replicas(&server).await;
    let mut writers = joined(&replicas, "Dr Writer", WRITERS).await;
    let readers = joined(&replicas, "Nurse Reader", READERS).await;

    let (finished, done) = tokio::sync::watch::channel(false);
    let writing = async {
        write_and_sync(
            &mut writers,
            &replicas,
            REGISTRATIONS_EACH,
            |writer, n, k| {
                writer
                    .ws
                    .charts()
                    .register_patient(new_patient(&format!("W{n}P{k}"), "SURG-A"))
                    .expect("the patient is registered");
            },
        )
        .await;
        finished.send(true).expect("the readers listen");
    };
    let reading = join_all(
        readers
            .iter()
            .map(|reader| read_until_done(reader, &replicas, &done)),
    );
    let ((), seen) = tokio::join!(writing, reading);

    let stored: Vec<String> = query_scalar("SELECT doc_id FROM documents ORDER BY doc_id")
        .fetch_all(&server.state.pool)
        .await
        .unwrap();
    let stored: BTreeSet<DocId> = stored.iter().map(|d| d.parse().unwrap()).collect();
    assert!(
        stored.len() >= WRITERS * REGISTRATIONS_EACH,
        "{}",
        stored.len()
    );
    for (n, seen) in seen.iter().enumerate() {
        let twice: Vec<_> = seen.deliveries.iter().filter(|(_, n)| **n > 1).collect();
        assert!(
            twice.is_empty(),
            "reader {n} received documents twice: {twice:?}"
        );
        let received: BTreeSet<DocId> = seen.deliveries.keys().copied().collect();
        let missed: Vec<_> = stored.difference(&received).collect();
        assert!(
            missed.is_empty(),
            "reader {n}'s cursor skipped documents: {missed:?}"
        );
        assert!(
            seen.cursors.windows(2).all(|w| w[0] <= w[1]),
            "reader {n}'s cursor never goes back: {:?}",
            seen.cursors
        );
        assert!(
            seen.during_writes > 1,
            "reader {n} followed the writers as they wrote, not only afterwards"
        );
    }
}

/// Every writer records observations on one chart through two server processes at once,
/// so the chart is compacted by one replica while the other appends to it. The stored
/// chart (snapshot plus the changes after it, read from PostgreSQL) holds every change.
#[tokio::test]
async fn one_chart_written_through_two_server_processes_keeps_every_change() {
    let server = TestServer::start().await;
    let (_processes, replicas) = two_replicas(&server).await;
    let mut writers = joined(&replicas, "Dr Charting", WRITERS).await;
    let patient = writers[0]
        .ws
        .charts()
        .register_patient(new_patient("Shared", "SURG-A"))
        .unwrap();
    for (n, writer) in writers.iter_mut().enumerate() {
        writer.sync(&replicas[n % 2]).await;
    }
    let chart = DocId::clinical(patient);

    write_and_sync(
        &mut writers,
        &replicas,
        OBSERVATIONS_EACH,
        |writer, _, _| {
            writer
                .ws
                .charts()
                .record_vitals(patient, deteriorating())
                .expect("the observations are recorded");
        },
    )
    .await;
    for (n, writer) in writers.iter_mut().enumerate() {
        writer.sync(&replicas[n % 2]).await;
    }

    let stored = stored_documents(&server.state).await;
    let mut on_server: AutoCommit = stored[&chart].clone();
    let compacted: bool = query_scalar(
        "SELECT s.seq > d.created_seq FROM snapshots s
           JOIN documents d ON d.patient_id = s.patient_id AND d.doc_id = s.doc_id
          WHERE s.doc_id = $1",
    )
    .bind(chart.to_string())
    .fetch_one(&server.state.pool)
    .await
    .unwrap();
    assert!(compacted, "the chart was compacted after it was created");
    let changes = on_server.get_changes(&[]).len();
    assert!(
        changes >= WRITERS * OBSERVATIONS_EACH,
        "every observation is stored: {changes}"
    );
    for (n, writer) in writers.iter().enumerate() {
        let mut local = writer.doc(&chart).expect("the writer holds the chart");
        let missing: Vec<_> = local
            .get_changes(&[])
            .iter()
            .map(|c| c.hash())
            .filter(|h| on_server.get_change_by_hash(h).is_none())
            .collect();
        assert!(
            missing.is_empty(),
            "writer {n}'s changes are all stored: {missing:?}"
        );
        assert_eq!(
            local.get_heads(),
            on_server.get_heads(),
            "writer {n} and the server agree"
        );
    }
}

/// A writer's position follows the commits of the documents it waited for only if it
/// takes their locks before its transaction has an id: the store refuses locks taken
/// after a write.
#[tokio::test]
async fn documents_are_locked_before_the_transaction_writes_or_not_at_all() {
    let server = TestServer::start().await;
    let doc = DocId::clinical(bedside_shared::PatientId::new());
    let mut tx = server.state.pool.begin().await.unwrap();
    bedside_server::store::lock_documents(&mut tx, &[doc])
        .await
        .expect("locks taken first are granted");
    bedside_server::store::take_position(&mut tx).await.unwrap();
    tx.rollback().await.unwrap();

    let mut tx = server.state.pool.begin().await.unwrap();
    bedside_server::store::take_position(&mut tx).await.unwrap();
    let refused = bedside_server::store::lock_documents(&mut tx, &[doc]).await;
    assert!(
        refused.is_err(),
        "locks taken after the position are refused"
    );
}
