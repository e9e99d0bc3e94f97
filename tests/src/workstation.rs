//! Workstations for tests: real SQLCipher files in temporary folders, keys in the real
//! OS keyring (run the tests inside a Secret Service session, as `make test` does).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use automerge::AutoCommit;
use bedside_client::{OsKeyring, SyncClient, Workstation};
use bedside_shared::DocId;
use bedside_shared::chart::Sex;
use bedside_shared::sync::SyncReport;
use tempfile::TempDir;

/// A workstation in its own temporary folder.
#[derive(Debug)]
pub struct TestWorkstation {
    /// The open workstation.
    pub ws: Workstation,
    dir: TempDir,
}

impl TestWorkstation {
    /// Creates a new workstation (new key in the OS keyring).
    pub fn new(clinician: &str) -> Self {
        let dir = tempfile::tempdir().expect("a temp dir");
        let mut ws = open(dir.path());
        ws.set_clinician(clinician);
        Self { ws, dir }
    }

    /// The workstation's folder.
    pub fn dir(&self) -> PathBuf {
        self.dir.path().to_owned()
    }

    /// Closes and reopens the workstation from its folder and keyring entry.
    pub fn reopen(&mut self) {
        let name = self.ws.clinician().to_owned();
        self.ws = open(self.dir.path());
        self.ws.set_clinician(&name);
    }

    /// Closes the workstation, keeping its folder.
    pub fn close(self) -> TempDir {
        drop(self.ws);
        self.dir
    }

    /// Syncs with a server until both sides agree.
    pub async fn sync(&mut self, server: &str) -> SyncReport {
        let client = SyncClient::new(server).expect("a sync client");
        self.ws.sync(&client).await.expect("sync completes")
    }

    /// One stored document, loaded.
    pub fn doc(&self, id: &DocId) -> Option<AutoCommit> {
        self.ws
            .store()
            .load(id)
            .expect("the store reads")
            .map(|row| row.doc)
    }
}

fn open(dir: &Path) -> Workstation {
    Workstation::open(dir, Arc::new(OsKeyring)).unwrap_or_else(|e| {
        panic!("the workstation opens (is a Secret Service keyring running? use `make test`): {e}")
    })
}

/// A patient to register, with names made from `tag`.
pub fn new_patient(tag: &str, ward: &str) -> bedside_client::NewPatient {
    bedside_client::NewPatient {
        mrn: None,
        given_name: format!("Given{tag}"),
        family_name: format!("Family{tag}"),
        birth_date: "1971-03-14".into(),
        sex: Sex::Female,
        phone: None,
        address: None,
        ward: ward.into(),
        bed: Some("3".into()),
    }
}
