//! One simulated ward workstation: enrolled and logged in like a real one, it keeps its
//! session, records vital signs on its patient, uploads the signed audit event of
//! opening the chart, and syncs through the real sync session over a memory replica.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use automerge::ChangeHash;
use bedside_client::SyncClient;
use bedside_shared::access::DeviceProfile;
use bedside_shared::audit::{EventReceipt, EventUpload, WorkstationEvent, event_message};
use bedside_shared::chart::{self, Clinical};
use bedside_shared::sync::memory::MemoryReplica;
use bedside_shared::sync::{Session, SyncReport};
use bedside_shared::{DeviceId, DocId};
use bedside_tests::device::TestDevice;
use uuid::Uuid;

use crate::cluster::{Cluster, PASSWORD};
use crate::ward::{WardGenerator, WardSize, routine_vitals};

/// One simulated workstation, enrolled and logged in.
pub(super) struct Simulated {
    pub(super) ward: String,
    device: TestDevice,
    token: String,
    refresh_token: String,
    /// When the access token was issued (it lasts five minutes).
    issued: Instant,
    user_id: Uuid,
    /// The logged-in nurse's name, recorded on what they chart (the server checks it).
    name: String,
    replica: MemoryReplica,
    pub(super) clinical: DocId,
}

pub(super) async fn simulated(cluster: &Cluster, ward: &str, user: &str) -> Result<Simulated> {
    let device =
        TestDevice::enroll_as(&cluster.setup, &[ward], DeviceProfile::WardWorkstation).await;
    let session = device.log_in(&cluster.setup, user, PASSWORD).await;
    let token = session["access_token"]
        .as_str()
        .context("a login answer with an access token")?
        .to_owned();
    let refresh_token = session["refresh_token"]
        .as_str()
        .context("a login answer with a refresh token")?
        .to_owned();
    let user_id = session["user"]["user_id"]
        .as_str()
        .and_then(|id| id.parse().ok())
        .context("a login answer naming the user")?;
    let tiny = WardSize {
        patients: 1,
        notes: 2,
        words: 50,
        prescriptions: 2,
        doses: 2,
        vitals: 5,
        appointments: 1,
        tasks: 1,
        edits: 1,
    };
    let mut chart = WardGenerator::new(ward, tiny)
        .authored_by(user, user)
        .next_patient()
        .context("a patient")?;
    let mut replica = MemoryReplica::new();
    let clinical = DocId::clinical(chart.patient);
    for (id, doc) in chart.docs() {
        replica.insert(id, std::mem::take(doc));
    }
    Ok(Simulated {
        ward: ward.to_owned(),
        device,
        token,
        refresh_token,
        issued: Instant::now(),
        user_id,
        name: user.to_owned(),
        replica,
        clinical,
    })
}

/// Sends the request `build` makes; one that could not go out (a connection the server
/// closed as it was sent) is sent again, twice at most, as a workstation's next sync
/// would send it again.
async fn send(build: impl Fn() -> reqwest::RequestBuilder) -> Result<reqwest::Response> {
    let mut tries = 0;
    loop {
        tries += 1;
        match build().send().await {
            Err(e) if e.is_request() && tries < 3 => continue,
            sent => return Ok(sent?),
        }
    }
}

/// How old an access token may grow before the workstation renews it (they last five
/// minutes; setting up thousands of workstations takes longer than that).
const RENEW_AFTER: Duration = Duration::from_secs(4 * 60);

impl Simulated {
    /// Renews the session's tokens when the access token is about to lapse, as a
    /// workstation does.
    pub(super) async fn keep_session(
        &mut self,
        server: &str,
        http: &reqwest::Client,
    ) -> Result<()> {
        if self.issued.elapsed() < RENEW_AFTER {
            return Ok(());
        }
        let body = self.device.refresh(&self.refresh_token);
        let session: serde_json::Value =
            send(|| http.post(format!("{server}/v1/auth/refresh")).json(&body))
                .await?
                .error_for_status()?
                .json()
                .await?;
        let token = |name: &str| -> Result<String> {
            Ok(session[name]
                .as_str()
                .with_context(|| format!("a refresh answer with {name}"))?
                .to_owned())
        };
        self.token = token("access_token")?;
        self.refresh_token = token("refresh_token")?;
        self.issued = Instant::now();
        Ok(())
    }

    /// Syncs until settled. Any refusal fails the run: every edit made is one the
    /// nurse may make.
    pub(super) async fn sync(
        &mut self,
        client: &SyncClient,
        http: &reqwest::Client,
    ) -> Result<SyncReport> {
        let mut session = Session::new(DeviceId::from_uuid(self.device.id), 64);
        while let Some(request) = session.next_request(&mut self.replica)? {
            let response = client.exchange(http, &self.token, &request).await?;
            session.take_response(&mut self.replica, &request, &response)?;
        }
        let report = session.finish();
        if let Some((doc, why)) = report.rejected.first() {
            bail!("the server refused an edit of {}: {why:?}", doc.kind.name());
        }
        Ok(report)
    }

    /// Uploads the signed audit event of opening the chart, as a workstation does
    /// before it syncs.
    pub(super) async fn upload_audit(&self, server: &str, http: &reqwest::Client) -> Result<()> {
        let mut event = WorkstationEvent {
            event_id: Uuid::now_v7(),
            user_id: self.user_id,
            action: "chart_open".into(),
            patient_id: Some(self.clinical.patient.as_uuid()),
            device_time: time::OffsetDateTime::now_utc()
                .format(&time::format_description::well_known::Rfc3339)?,
            detail: BTreeMap::from([("what".to_owned(), "chart".to_owned())]),
            signature: String::new(),
        };
        event.signature = self.device.sign(&event_message(self.device.id, &event));
        let upload = EventUpload {
            events: vec![event],
        };
        let answer = send(|| {
            http.post(format!("{server}/v1/audit/events"))
                .bearer_auth(&self.token)
                .json(&upload)
        })
        .await?;
        let receipt: EventReceipt = answer.error_for_status()?.json().await?;
        ensure!(
            receipt.refused.is_empty(),
            "the server refused an audit event"
        );
        Ok(())
    }

    pub(super) fn heads(&mut self, doc: &DocId) -> Vec<ChangeHash> {
        let mut heads = self
            .replica
            .doc(doc)
            .map(|d| d.get_heads())
            .unwrap_or_default();
        heads.sort();
        heads
    }

    pub(super) fn record_vitals(&mut self, n: usize) -> Result<()> {
        let vitals = routine_vitals(n, &self.name);
        let doc = self.replica.doc(&self.clinical).context("the chart")?;
        chart::update(doc, |c: &mut Clinical| c.record_vitals(vitals))?;
        Ok(())
    }
}
