//! Patient data never reaches the logs: a whole sync scenario runs with marker values in
//! names and note text while every log line of server and workstations is captured.

use std::io::Write;
use std::sync::{Arc, Mutex};

use bedside_client::PatientEdit;
use bedside_shared::chart::NoteKind;
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{TestWorkstation, new_patient};
use tracing_subscriber::fmt::MakeWriter;

const MARKERS: &[&str] = &[
    "Xqzfamilymarker",
    "Xqzgivenmarker",
    "Xqznotemarker",
    "Xqzphonemarker",
];

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn no_patient_data_in_any_log_line() {
    let captured = Captured::default();
    tracing_subscriber::fmt()
        .json()
        .with_current_span(true)
        .with_env_filter("info,bedside_server=trace,bedside_client=trace,bedside_shared=trace")
        .with_writer(captured.clone())
        .init();

    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    let mut b = TestWorkstation::new("Dr Bello");
    let mut patient = new_patient("", "SURG-A");
    patient.family_name = MARKERS[0].into();
    patient.given_name = MARKERS[1].into();
    let id = a.ws.register_patient(patient).unwrap();
    let note =
        a.ws.begin_note(id, NoteKind::Progress, &format!("Plan: {}", MARKERS[2]))
            .unwrap();
    a.sync(&server).await;
    b.sync(&server).await;
    b.ws.edit_patient(
        id,
        PatientEdit {
            phone: Some(MARKERS[3].into()),
            ..Default::default()
        },
    )
    .unwrap();
    a.ws.sign_note(id, note).unwrap();
    b.sync(&server).await;
    a.sync(&server).await;
    // A refused change travels through the error paths too.
    let mut bad = new_patient("", "SURG-A");
    bad.family_name = MARKERS[0].into();
    bad.birth_date = "not a date".into();
    assert!(a.ws.register_patient(bad).is_err());
    server.stop().await;

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("sync request served"),
        "the scenario's log lines were captured"
    );
    let lines = logs.lines().count();
    for marker in MARKERS {
        let hits: Vec<&str> = logs.lines().filter(|l| l.contains(marker)).collect();
        assert!(
            hits.is_empty(),
            "{marker} appeared in {} of {lines} log lines: {hits:?}",
            hits.len()
        );
    }
}
