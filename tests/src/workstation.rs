//! Workstations for tests: real SQLCipher files in temporary folders, keys in the real
//! OS keyring (run the tests inside a Secret Service session, as `make test` does).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use automerge::AutoCommit;
use bedside_client::{OsKeyring, SyncClient, Workstation};
use bedside_server::services::admin;
use bedside_shared::access::{DeviceProfile, Role};
use bedside_shared::chart::{
    Addendum, Administration, Allergy, DocumentRef, Problem, Sex, Task, Vitals,
};
use bedside_shared::sync::wire::{decode, encode};
use bedside_shared::sync::{
    Cursor, DocOffer, PROTOCOL_VERSION, SyncReport, SyncRequest, SyncResponse,
};
use bedside_shared::{DocId, PatientId};
use tempfile::TempDir;

use crate::server::TestServer;

/// The ward test workstations serve unless a test says otherwise.
pub const WARD: &str = "SURG-A";
/// The password of every user tests create.
pub const PASSWORD: &str = "a long ward password";

/// A workstation in its own temporary folder.
#[derive(Debug)]
pub struct TestWorkstation {
    /// The open workstation.
    pub ws: Workstation,
    /// The name of the clinician who joins with it (shown on what they chart).
    pub clinician: String,
    dir: TempDir,
}

impl TestWorkstation {
    /// Creates a new workstation (new key in the OS keyring) for `clinician`, who is
    /// given an account when it joins a server.
    pub fn new(clinician: &str) -> Self {
        let dir = tempfile::tempdir().expect("a temp dir");
        let ws = open(dir.path());
        Self {
            ws,
            clinician: clinician.to_owned(),
            dir,
        }
    }

    /// The workstation's folder.
    pub fn dir(&self) -> PathBuf {
        self.dir.path().to_owned()
    }

    /// Closes and reopens the workstation from its folder and keyring entry; the
    /// clinician's session is taken up again, as the command line does.
    pub fn reopen(&mut self) {
        self.ws = open(self.dir.path());
        self.ws
            .access()
            .resume_session()
            .expect("the session is read");
    }

    /// A second program on this workstation's folder (the `bedside` command beside the
    /// window): its own connection to the same store, the clinician's session taken up.
    pub fn open_again(&self) -> Workstation {
        let ws = open(self.dir.path());
        ws.access().resume_session().expect("the session is read");
        ws
    }

    /// Closes the workstation, keeping its folder.
    pub fn close(self) -> TempDir {
        drop(self.ws);
        self.dir
    }

    /// Enrolls on `wards` as a `profile` workstation with a fresh code, and logs in as a
    /// new user holding `roles` named after the workstation's clinician. Returns the
    /// username.
    pub async fn join_as(
        &mut self,
        server: &TestServer,
        wards: &[&str],
        profile: DeviceProfile,
        roles: &[Role],
    ) -> String {
        self.enroll(server, wards, profile).await;
        let name = self.clinician.clone();
        self.log_in_new(server, &name, roles).await
    }

    /// Gives `name` an account holding `roles` and logs them in on this (enrolled)
    /// workstation, which from now on charts as them. Returns the username.
    pub async fn log_in_new(&mut self, server: &TestServer, name: &str, roles: &[Role]) -> String {
        let username = format!("user-{}", uuid::Uuid::now_v7());
        admin::add_user(&server.state, &username, name, roles, PASSWORD)
            .await
            .expect("the user is created");
        self.ws
            .access()
            .login(&server.url, &username, PASSWORD)
            .await
            .expect("the user logs in");
        name.clone_into(&mut self.clinician);
        username
    }

    /// A new workstation enrolled on `wards` with a user holding `roles` logged in.
    pub async fn on(
        server: &TestServer,
        name: &str,
        wards: &[&str],
        profile: DeviceProfile,
        roles: &[Role],
    ) -> Self {
        let mut ws = Self::new(name);
        ws.join_as(server, wards, profile, roles).await;
        ws
    }

    /// GETs `path` from `server` as this workstation's session: the status and the JSON
    /// body (`Null` if there is none).
    pub async fn get(&self, server: &TestServer, path: &str) -> (u16, serde_json::Value) {
        let response = self
            .ws
            .link()
            .http()
            .expect("an HTTP client")
            .get(format!("{}{path}", server.url))
            .bearer_auth(self.ws.link().access_token().expect("logged in"))
            .header(
                bedside_shared::audit::DEVICE_TIME_HEADER,
                time::OffsetDateTime::now_utc()
                    .format(&time::format_description::well_known::Rfc3339)
                    .expect("UTC formats"),
            )
            .send()
            .await
            .expect("the server answers");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or_default())
    }

    /// Posts one sync request of `offers` as this workstation's session, the way a
    /// modified workstation could: the decoded answer, or the status and error code.
    pub async fn post_sync(
        &self,
        server: &TestServer,
        offers: Vec<DocOffer>,
    ) -> Result<SyncResponse, (u16, String)> {
        self.post_sync_from(server, None, offers).await
    }

    /// Posts one sync request of `offers` from `cursor`, as [`Self::post_sync`] does.
    pub async fn post_sync_from(
        &self,
        server: &TestServer,
        cursor: Option<Cursor>,
        offers: Vec<DocOffer>,
    ) -> Result<SyncResponse, (u16, String)> {
        let request = SyncRequest {
            version: PROTOCOL_VERSION,
            device: self.ws.device(),
            cursor,
            epoch: None,
            offers,
        };
        let response = self
            .ws
            .link()
            .http()
            .expect("an HTTP client")
            .post(format!("{}/v1/sync", server.url))
            .bearer_auth(self.ws.link().access_token().expect("logged in"))
            .header("content-type", "application/cbor")
            .body(encode(&request).expect("the request encodes"))
            .send()
            .await
            .expect("the server answers");
        let status = response.status().as_u16();
        let bytes = response.bytes().await.expect("a body");
        if status == 200 {
            return Ok(decode(&bytes).expect("a sync response"));
        }
        let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
        Err((
            status,
            body["error"]["code"].as_str().unwrap_or("").to_owned(),
        ))
    }

    /// Enrolls on `wards` (created if missing) as a `profile` workstation with a fresh code.
    pub async fn enroll(&mut self, server: &TestServer, wards: &[&str], profile: DeviceProfile) {
        let code = server.enrollment_code(wards, profile).await;
        self.ws
            .link()
            .enroll(&server.url, &code)
            .await
            .expect("the workstation enrolls");
    }

    /// Enrolls on [`WARD`] and logs in as a doctor who is also a nurse (who may write
    /// every part of the chart).
    pub async fn join(&mut self, server: &TestServer) -> String {
        self.join_as(
            server,
            &[WARD],
            DeviceProfile::WardWorkstation,
            &[Role::Doctor, Role::Nurse],
        )
        .await
    }

    /// Syncs with a server until both sides agree, joining [`WARD`] first if this
    /// workstation is not enrolled yet.
    pub async fn sync(&mut self, server: &TestServer) -> SyncReport {
        if self
            .ws
            .link()
            .enrollment()
            .expect("settings read")
            .is_none()
        {
            self.join(server).await;
        }
        let client = SyncClient::new(&server.url).expect("a sync client");
        self.ws.sync(&client).await.expect("sync completes")
    }

    /// Everything the store projects about `patient`, as the window and the ward's lists
    /// read it (conflicting values in a fixed order).
    pub fn projections(&self, patient: PatientId) -> serde_json::Value {
        let store = self.ws.store();
        let id = patient.to_string();
        let mut conflicts = store.conflicts(Some(&id)).unwrap();
        for c in &mut conflicts {
            c.values.sort_by_key(|v| format!("{v:?}"));
        }
        serde_json::json!({
            "chart": store.chart_view(&id).unwrap(),
            "vitals": store.records::<Vitals>(&id).unwrap(),
            "tasks": store.records::<Task>(&id).unwrap(),
            "allergies": store.records::<Allergy>(&id).unwrap(),
            "problems": store.records::<Problem>(&id).unwrap(),
            "administrations": store.records::<Administration>(&id).unwrap(),
            "addenda": store.records::<Addendum>(&id).unwrap(),
            "documents": store.records::<DocumentRef>(&id).unwrap(),
            "timeline": store.timeline(&id).unwrap(),
            "census": store.patients(None).unwrap(),
            "conflicts": conflicts,
        })
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

/// Beds handed out to test patients (a bed holds one patient), above those tests name.
static NEXT_BED: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(100);

/// A routine task for the ward team, for no one in particular, not due.
pub fn routine_task(title: &str) -> bedside_client::NewTask {
    bedside_client::NewTask {
        title: title.into(),
        assignee: None,
        due: None,
        priority: bedside_shared::chart::Priority::Routine,
    }
}

/// A patient (`new_patient` of `tag`) registered on `ward` by a doctor's workstation of
/// that ward and synced to `server`: a chart outside the reach of other wards.
pub async fn patient_of_ward(server: &TestServer, tag: &str, ward: &str) -> PatientId {
    let mut there = TestWorkstation::new("Dr Elsewhere");
    there
        .join_as(
            server,
            &[ward],
            DeviceProfile::WardWorkstation,
            &[Role::Doctor],
        )
        .await;
    let patient = there
        .ws
        .charts()
        .register_patient(new_patient(tag, ward))
        .expect("the ward's doctor registers the patient");
    there.sync(server).await;
    patient
}

/// A patient to register, with names made from `tag`, in a bed of their own.
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
        bed: Some(
            NEXT_BED
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                .to_string(),
        ),
    }
}

/// A deteriorating patient's observations (T 39.2, HR 131, BP 86/50, RR 27, SpO₂ 89 % on
/// air, alert): NEWS2 14, which raises an urgent escalation task.
/// A pulse and nothing else.
pub fn pulse(bpm: i64) -> bedside_client::VitalSigns {
    bedside_client::VitalSigns {
        pulse_bpm: Some(bpm),
        ..bedside_client::VitalSigns::default()
    }
}

/// Nurses Amara and Bo on [`WARD`] through `server`, and a patient Amara registered
/// (not synced yet).
pub async fn two_on_the_ward(server: &TestServer) -> (TestWorkstation, TestWorkstation, PatientId) {
    let mut a = TestWorkstation::new("Nurse Amara");
    let mut b = TestWorkstation::new("Nurse Bo");
    a.join(server).await;
    b.join(server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Chart", WARD))
            .unwrap();
    (a, b, patient)
}

pub fn deteriorating() -> bedside_client::VitalSigns {
    use bedside_shared::chart::{Consciousness, Temperature, TemperatureUnit};
    bedside_client::VitalSigns {
        respiratory_rate: Some(27),
        spo2_pct: Some(89),
        on_oxygen: Some(false),
        systolic_mmhg: Some(86),
        diastolic_mmhg: Some(50),
        pulse_bpm: Some(131),
        consciousness: Some(Consciousness::Alert),
        temperature: Some(Temperature {
            value: 39.2,
            unit: TemperatureUnit::Celsius,
        }),
        ..bedside_client::VitalSigns::default()
    }
}
