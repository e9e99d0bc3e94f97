//! The workstation keeps answering while its sync waits on the network: the store is
//! held for each local step of a sync and let go while a request is out, so a clinician
//! registers, charts and reads while the server takes its time.

use bedside_client::{Error, RetryPolicy, SyncClient, VitalSigns};
use bedside_shared::DocId;
use bedside_tests::server::{TestServer, stored_documents};
use bedside_tests::slow::SlowServer;
use bedside_tests::workstation::{TestWorkstation, WARD, new_patient};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_answer_while_a_sync_waits_on_the_server() {
    let server = TestServer::start().await;
    let mut nurse = TestWorkstation::new("Nurse Patel");
    nurse.sync(&server).await;
    let earlier = nurse
        .ws
        .charts()
        .register_patient(new_patient("Earlier", WARD))
        .unwrap();
    // Nothing waits to upload, so the request the slow server holds is the sync's own.
    nurse.sync(&server).await;

    let slow = SlowServer::start().await;
    let client = SyncClient::new(&slow.url)
        .unwrap()
        .with_retry(RetryPolicy::once());
    let (ws, slow) = (&nurse.ws, &slow);
    let (synced, answers) = std::thread::scope(|scope| {
        // The clinician, on a thread of their own: once the sync's request is out, they
        // register a patient, chart on another, open a chart and look at the status.
        let clinician = scope.spawn(move || {
            slow.until_request_blocking();
            let registered = ws.charts().register_patient(new_patient("Meanwhile", WARD));
            let charted = ws.charts().record_vitals(
                earlier,
                VitalSigns {
                    pulse_bpm: Some(88),
                    ..VitalSigns::default()
                },
            );
            let opened = ws.charts().open_chart(earlier);
            let status = ws.status();
            slow.note("commands answered");
            slow.release();
            (registered, charted, opened, status)
        });
        let synced = tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current().block_on(ws.sync(&client))
        });
        (synced, clinician.join().unwrap())
    });

    assert!(
        slow.first_request().starts_with("POST /v1/sync "),
        "the sync's exchange was held: {}",
        slow.first_request()
    );
    assert_eq!(
        slow.events(),
        ["request arrived", "commands answered", "server answered"],
        "every command answered while the sync's request was still out"
    );
    let (registered, charted, opened, status) = answers;
    let registered = registered.expect("registering answers during a sync");
    charted.expect("charting answers during a sync");
    let opened = opened.expect("a chart opens during a sync");
    assert_eq!(opened.patient.family_name, "FamilyEarlier");
    assert_eq!(status.unwrap().patients, 2);
    assert!(
        matches!(synced, Err(Error::Offline(_))),
        "the slow server never answered: {synced:?}"
    );

    // What was written meanwhile reaches the server with the next sync.
    nurse.sync(&server).await;
    let stored = stored_documents(&server.state).await;
    assert!(stored.contains_key(&DocId::registration(registered)));
}
