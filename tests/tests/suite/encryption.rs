//! The workstation's database is encrypted with a key that lives only in the OS keyring.

use std::sync::Arc;

use bedside_client::keys::{DatabaseKey, KeyStore};
use bedside_client::{Error, OsKeyring, Workstation};
use bedside_shared::chart::NoteKind;
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{TestWorkstation, new_patient};

const NAME_MARKER: &str = "Zqxmarkername";
const NOTE_MARKER: &str = "Qzvnotemarker";

fn files_contain(dir: &std::path::Path, marker: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            bytes.windows(marker.len()).any(|w| w == marker.as_bytes())
        })
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

fn key_name(ws: &Workstation) -> String {
    format!("workstation-{}", ws.device())
}

#[tokio::test]
async fn no_plaintext_on_disk_and_data_survives_reopening() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.join(&server).await;
    let mut patient = new_patient("X", "SURG-A");
    patient.family_name = NAME_MARKER.into();
    let id = a.ws.charts().register_patient(patient).unwrap();
    a.ws.charts()
        .begin_note(
            id,
            NoteKind::Progress,
            &format!("Note text {NOTE_MARKER} here."),
        )
        .unwrap();

    // While open (WAL in use) and after closing, no file holds the markers.
    for marker in [NAME_MARKER, NOTE_MARKER] {
        assert_eq!(
            files_contain(&a.dir(), marker),
            Vec::<String>::new(),
            "no workstation file may hold {marker} in plaintext"
        );
    }
    a.reopen();
    for marker in [NAME_MARKER, NOTE_MARKER] {
        assert_eq!(
            files_contain(&a.dir(), marker),
            Vec::<String>::new(),
            "after closing, no file may hold {marker}"
        );
    }
    let found = a.ws.store().search(NAME_MARKER, 10).unwrap();
    assert_eq!(found.len(), 1, "the patient survives close and reopen");
    let chart = a.ws.store().chart_view(&id.to_string()).unwrap().unwrap();
    assert!(
        chart.notes[0].body.contains(NOTE_MARKER),
        "the note survives close and reopen"
    );
}

#[test]
fn a_wrong_key_is_refused_clearly() {
    let a = TestWorkstation::new("Dr Adams");
    let name = key_name(&a.ws);
    let dir = a.dir();
    OsKeyring.store(&name, &DatabaseKey::generate()).unwrap();
    let err = Workstation::open(&dir, Arc::new(OsKeyring))
        .expect_err("another key must not open the database");
    assert!(
        matches!(err, Error::WrongKey),
        "expected WrongKey, got {err:?}"
    );
    assert!(
        err.to_string().contains("does not open"),
        "the message says what is wrong: {err}"
    );
    OsKeyring.delete(&name).unwrap();
}

#[test]
fn a_missing_key_is_refused_clearly() {
    let a = TestWorkstation::new("Dr Adams");
    let name = key_name(&a.ws);
    let dir = a.close();
    OsKeyring.delete(&name).unwrap();
    let err = Workstation::open(dir.path(), Arc::new(OsKeyring)).expect_err("no key, no data");
    assert!(
        matches!(err, Error::KeyMissing),
        "expected KeyMissing, got {err:?}"
    );
    assert!(
        err.to_string().contains("missing from the OS keyring"),
        "the message says what is wrong: {err}"
    );

    // The way on: the unreadable folder is set aside, whole, and the folder enrolls
    // afresh as a new device.
    let old = std::fs::read_to_string(dir.path().join("workstation.toml")).unwrap();
    let aside = Workstation::set_aside_unreadable(dir.path()).expect("the folder is set aside");
    assert!(!dir.path().exists(), "nothing is left where it was");
    assert!(
        aside
            .file_name()
            .unwrap()
            .to_string_lossy()
            .contains(".unreadable-")
    );
    assert!(
        aside.join("chart.db").exists(),
        "the encrypted data is kept, for IT with the original keyring"
    );
    let fresh = Workstation::open(dir.path(), Arc::new(OsKeyring)).expect("a fresh workstation");
    assert!(
        fresh.link().enrollment().unwrap().is_none(),
        "to be enrolled anew"
    );
    let new = std::fs::read_to_string(dir.path().join("workstation.toml")).unwrap();
    assert_ne!(old, new, "a new device id");
    OsKeyring.delete(&key_name(&fresh)).unwrap();
    std::fs::remove_dir_all(aside).unwrap();
}
