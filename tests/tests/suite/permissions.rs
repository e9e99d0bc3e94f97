//! The permission matrix over the wire: every endpoint and sync path, for every role, on
//! a patient of the device's own ward and of another ward. Nothing outside the matrix
//! succeeds; refusals carry the standard error body or a per-document FORBIDDEN.

use std::collections::BTreeSet;

use automerge::AutoCommit;
use bedside_server::services::{admin, demo};
use bedside_shared::access::{Collection, DocClass, Role, can_read, can_write};
use bedside_shared::chart::{
    self, Administration, AdministrationOutcome, Allergy, AllergyStatus, Appointment,
    AppointmentKind, AppointmentStatus, Clinical, DocumentCategory, DocumentRef, NoteDraft,
    NoteKind, Prescription, PrescriptionStatus, Priority, Problem, ProblemStatus, Registration,
    Severity, Task, TaskStatus, VideoShared, Vitals,
};
use bedside_shared::sync::wire::{decode, encode};
use bedside_shared::sync::{
    DocOffer, Hash, Outcome, PROTOCOL_VERSION, SyncRequest, SyncResponse, offer,
};
use bedside_shared::validate::RejectCode;
use bedside_shared::{DeviceId, DocId, NoteId, PatientId};
use bedside_tests::device::TestDevice;
use bedside_tests::server::TestServer;
use serde_json::{Value, json};
use sqlx_core::query_scalar::query_scalar;

const OWN: &str = "SURG-A";
const OTHER: &str = "MED-B";
const PASSWORD: &str = "a long ward password";
static PHONE: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(1000);

/// A logged-in user on an enrolled device of the own ward, speaking HTTP.
struct Caller {
    http: reqwest::Client,
    base: String,
    device: TestDevice,
    token: String,
}

impl Caller {
    async fn log_in(server: &TestServer, role: Role) -> Self {
        let device = TestDevice::enroll(server, &[OWN]).await;
        let username = format!("{}-{}", role.as_str(), uuid::Uuid::now_v7());
        admin::add_user(&server.state, &username, "Tester", &[role], PASSWORD)
            .await
            .unwrap();
        let http = reqwest::Client::new();
        let session = device.log_in(server, &username, PASSWORD).await;
        Self {
            http,
            base: server.url.clone(),
            device,
            token: session["access_token"].as_str().unwrap().to_owned(),
        }
    }

    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let url = format!("{}{path}", self.base);
        let request = match method {
            "GET" => self.http.get(url),
            _ => self.http.post(url).json(&body.unwrap_or(Value::Null)),
        };
        let response = request.bearer_auth(&self.token).send().await.unwrap();
        let status = response.status().as_u16();
        let body = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap_or(Value::Null);
        (status, body)
    }

    /// One sync request; the decoded response when it succeeded, else the error code.
    async fn sync(&self, offers: Vec<DocOffer>) -> Result<SyncResponse, String> {
        let request = SyncRequest {
            version: PROTOCOL_VERSION,
            device: DeviceId::from_uuid(self.device.id),
            cursor: None,
            epoch: None,
            offers,
        };
        let response = self
            .http
            .post(format!("{}/v1/sync", self.base))
            .bearer_auth(&self.token)
            .header("content-type", "application/cbor")
            .body(encode(&request).unwrap())
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let bytes = response.bytes().await.unwrap();
        if status == 200 {
            return Ok(decode(&bytes).unwrap());
        }
        let body: Value = serde_json::from_slice(&bytes).expect("a standard error body");
        Err(body["error"]["code"].as_str().unwrap().to_owned())
    }
}

async fn patient_on(server: &TestServer, ward: &str) -> PatientId {
    demo::seed_ward(&server.state, ward, 1).await.unwrap();
    let id: uuid::Uuid = query_scalar("SELECT patient_id FROM patients WHERE ward = $1")
        .bind(ward)
        .fetch_one(&server.state.pool)
        .await
        .unwrap();
    PatientId::from_uuid(id)
}

async fn stored(server: &TestServer, doc: DocId) -> AutoCommit {
    let mut conn = server.state.pool.acquire().await.unwrap();
    bedside_server::store::load_document(&mut conn, &doc)
        .await
        .unwrap()
}

/// An offer that writes `collection` of `patient`'s chart, built on the server's copy.
async fn writing(server: &TestServer, patient: PatientId, collection: Collection) -> DocOffer {
    let edit = |doc_id: DocId, mut doc: AutoCommit, change: &dyn Fn(&mut AutoCommit)| {
        let acked: Vec<Hash> = doc.get_heads().into_iter().map(Hash::from).collect();
        change(&mut doc);
        offer(doc_id, &mut doc, &acked)
    };
    match collection {
        Collection::Registration | Collection::Appointments => {
            let id = DocId::registration(patient);
            edit(id, stored(server, id).await, &|doc| {
                chart::update(doc, |reg: &mut Registration| {
                    if collection == Collection::Registration {
                        // A new number each time, so the write is never a no-op.
                        let n = PHONE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        reg.demographics.phone = Some(format!("+44 20 7946 {n:04}"));
                    } else {
                        reg.schedule(Appointment {
                            title: "Dressing change".into(),
                            starts_at: "2026-11-25T10:00:00Z".into(),
                            duration_minutes: 15,
                            location: None,
                            status: AppointmentStatus::Scheduled,
                            kind: AppointmentKind::Appointment,
                        });
                    }
                })
                .unwrap();
            })
        }
        Collection::Prescriptions => {
            let id = DocId::clinical(patient);
            edit(id, stored(server, id).await, &|doc| {
                chart::update(doc, |clinical: &mut Clinical| {
                    clinical.prescribe(Prescription {
                        drug: "Ondansetron".into(),
                        dose: "4 mg".into(),
                        route: "iv".into(),
                        frequency: "every 8 hours".into(),
                        start: "2026-11-23".into(),
                        end: None,
                        prescriber: "Tester".into(),
                        status: PrescriptionStatus::Active,
                        stopped_at: None,
                        stop_reason: None,
                        schedule: None,
                        doses: None,
                    })
                })
                .unwrap();
            })
        }
        Collection::Allergies
        | Collection::Education
        | Collection::Documents
        | Collection::Problems
        | Collection::Vitals
        | Collection::Administrations
        | Collection::Tasks => {
            let id = DocId::clinical(patient);
            edit(id, stored(server, id).await, &|doc| {
                chart::update(doc, |c: &mut Clinical| add_record(c, collection)).unwrap();
            })
        }
        Collection::Notes(kind) => {
            let note = NoteId::new();
            let draft = NoteDraft::begin(
                patient,
                note,
                kind,
                "Tester",
                "2026-11-23T08:00:00Z",
                "Seen.",
            );
            let mut doc = chart::create(&draft).unwrap();
            offer(DocId::note_draft(patient, note), &mut doc, &[])
        }
    }
}

fn add_record(c: &mut Clinical, collection: Collection) {
    let at = "2026-11-23T08:00:00Z".to_owned();
    let by = "Tester".to_owned();
    match collection {
        Collection::Allergies => {
            c.record_allergy(Allergy {
                substance: "Latex".into(),
                reaction: "Contact dermatitis".into(),
                severity: Severity::Mild,
                status: AllergyStatus::Active,
                recorded_by: by,
                recorded_at: at,
            });
        }
        Collection::Problems => {
            c.add_problem(Problem {
                code: "J18.9".into(),
                text: "Pneumonia".into(),
                status: ProblemStatus::Active,
                onset: None,
                recorded_by: by,
                recorded_at: at,
            });
        }
        Collection::Vitals => {
            c.record_vitals(Vitals {
                taken_at: at,
                recorded_by: by,
                temperature: None,
                pulse_bpm: Some(80),
                systolic_mmhg: None,
                diastolic_mmhg: None,
                respiratory_rate: None,
                spo2_pct: None,
                weight: None,
                consciousness: None,
                on_oxygen: None,
                spo2_scale: None,
            });
        }
        Collection::Education => {
            c.share_video(VideoShared {
                video_id: "starter-wound-care".into(),
                title: "Looking after your surgical wound".into(),
                url: "https://education.hospital.example/videos/wound-care".into(),
                shared_by: by,
                shared_at: at,
            });
        }
        Collection::Documents => {
            c.attach_document(DocumentRef {
                category: DocumentCategory::Lab,
                file_name: "report.pdf".into(),
                mime_type: "application/pdf".into(),
                size: 1200,
                sha256: "ab".repeat(32),
                thumbnail_sha256: None,
                uploaded_by: by,
                captured_at: at,
                stamps: Vec::new(),
                deleted: None,
            });
        }
        Collection::Administrations => {
            let order = c
                .prescriptions
                .keys()
                .next()
                .expect("the seed prescribes")
                .clone();
            c.record_administration(Administration {
                prescription_id: order,
                outcome: AdministrationOutcome::Given,
                by,
                at,
                note: None,
                corrects: None,
                override_reason: None,
            });
        }
        _ => {
            c.add_task(Task {
                title: "Check drain".into(),
                assignee: None,
                due: None,
                priority: Priority::Routine,
                status: TaskStatus::Todo,
                created_by: by,
                created_at: at,
                completed_at: None,
            });
        }
    }
}

const COLLECTIONS: [Collection; 14] = [
    Collection::Education,
    Collection::Documents,
    Collection::Allergies,
    Collection::Problems,
    Collection::Vitals,
    Collection::Administrations,
    Collection::Tasks,
    Collection::Registration,
    Collection::Appointments,
    Collection::Prescriptions,
    Collection::Notes(NoteKind::Progress),
    Collection::Notes(NoteKind::Nursing),
    Collection::Notes(NoteKind::Operative),
    Collection::Notes(NoteKind::Discharge),
];

#[tokio::test]
async fn every_endpoint_and_sync_path_follows_the_matrix_for_every_role() {
    let server = TestServer::start().await;
    let own = patient_on(&server, OWN).await;
    let other = patient_on(&server, OTHER).await;

    for role in Role::ALL {
        let caller = Caller::log_in(&server, role).await;
        let reads_charts = role != Role::Admin;

        // Account endpoints: every role has them.
        assert_eq!(
            caller.call("GET", "/v1/auth/me", None).await.0,
            200,
            "{role:?}"
        );

        // Reading through sync: own ward only, by document class.
        let listing = caller.sync(vec![]).await;
        if !reads_charts {
            assert_eq!(
                listing.unwrap_err(),
                "FORBIDDEN",
                "{role:?} may not sync charts"
            );
        } else {
            let received: BTreeSet<(PatientId, DocClass)> = listing
                .unwrap()
                .snapshots
                .iter()
                .map(|s| (s.doc.patient, DocClass::from(s.doc.kind)))
                .collect();
            let expected: BTreeSet<(PatientId, DocClass)> =
                [DocClass::Registration, DocClass::Clinical]
                    .into_iter()
                    .filter(|class| can_read(role, *class))
                    .map(|class| (own, class))
                    .collect();
            assert_eq!(
                received, expected,
                "{role:?} receives its classes of its own ward"
            );
        }

        // Writing through sync: each collection, own ward and other ward.
        for patient in [own, other] {
            for collection in COLLECTIONS {
                let offer = writing(&server, patient, collection).await;
                let doc = offer.doc;
                let answer = caller.sync(vec![offer]).await;
                let allowed = can_write(role, collection) && patient == own;
                match answer {
                    Err(code) => {
                        assert!(!reads_charts, "{role:?} {collection:?}: {code}");
                        assert_eq!(code, "FORBIDDEN");
                    }
                    Ok(response) => {
                        let reply = response.replies.iter().find(|r| r.doc == doc).unwrap();
                        match (&reply.outcome, allowed) {
                            (Outcome::Accepted, true) => {}
                            (Outcome::Rejected(r), false) => assert_eq!(
                                r.code,
                                RejectCode::Forbidden,
                                "{role:?} {collection:?} on {}",
                                if patient == own {
                                    "own ward"
                                } else {
                                    "other ward"
                                }
                            ),
                            (outcome, _) => panic!(
                                "{role:?} writing {collection:?} on {} ward: expected {}, got {outcome:?}",
                                if patient == own { "own" } else { "another" },
                                if allowed { "acceptance" } else { "refusal" }
                            ),
                        }
                        if patient == other {
                            assert!(
                                reply.changes.is_empty() && reply.heads.is_empty(),
                                "a refused document of another ward reveals nothing"
                            );
                        }
                    }
                }
            }
        }

        // Break-glass: any role that reads charts may find the patient and ask, with a
        // reason; never admins.
        let (status, body) = caller
            .call(
                "POST",
                "/v1/break-glass/search",
                Some(json!({ "text": "Family" })),
            )
            .await;
        let expected = if reads_charts { 200 } else { 403 };
        assert_eq!(status, expected, "{role:?} break-glass lookup: {body}");
        let (status, body) = caller
            .call(
                "POST",
                "/v1/break-glass",
                Some(json!({
                    "grant_id": uuid::Uuid::now_v7(),
                    "patient_id": other,
                    "reason": "Covering the ward",
                    "opened_at": "2026-11-23T08:00:00Z",
                })),
            )
            .await;
        let expected = if reads_charts { 200 } else { 403 };
        assert_eq!(status, expected, "{role:?} break-glass: {body}");
        if status == 403 {
            assert_eq!(body["error"]["code"], "FORBIDDEN");
        }

        assert_eq!(caller.call("POST", "/v1/auth/logout", None).await.0, 204);
        let (status, body) = caller.call("GET", "/v1/auth/me", None).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (401, Some("UNAUTHENTICATED"))
        );
    }
}

#[tokio::test]
async fn a_session_cannot_act_for_another_device_or_without_a_token() {
    let server = TestServer::start().await;
    let own = patient_on(&server, OWN).await;
    let nurse = Caller::log_in(&server, Role::Nurse).await;
    let other_device = TestDevice::enroll(&server, &[OWN]).await;

    // A sync request naming another device than the session's.
    let request = SyncRequest {
        version: PROTOCOL_VERSION,
        device: DeviceId::from_uuid(other_device.id),
        cursor: None,
        epoch: None,
        offers: vec![],
    };
    let response = nurse
        .http
        .post(format!("{}/v1/sync", server.url))
        .bearer_auth(&nurse.token)
        .header("content-type", "application/cbor")
        .body(encode(&request).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);

    // No token: every authenticated route answers 401 with the standard body.
    for (method, path) in [
        ("GET", "/v1/auth/me"),
        ("POST", "/v1/auth/logout"),
        ("POST", "/v1/sync"),
        ("POST", "/v1/break-glass"),
        ("POST", "/v1/break-glass/search"),
        ("GET", "/v1/patients"),
        ("POST", "/v1/patients/search"),
        ("GET", "/v1/tasks"),
        ("GET", "/v1/dashboard"),
        ("GET", "/v1/staff"),
    ] {
        let url = format!("{}{path}", server.url);
        let request = match method {
            "GET" => reqwest::Client::new().get(url),
            _ => reqwest::Client::new().post(url).body("{}"),
        };
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), 401, "{method} {path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "UNAUTHENTICATED", "{method} {path}");
    }

    // A clinical document offered for a patient of the own ward by a clerk is refused
    // even when it only reads: clerks never touch clinical documents.
    let clerk = Caller::log_in(&server, Role::Clerk).await;
    let mut clinical = stored(&server, DocId::clinical(own)).await;
    let peek = offer(DocId::clinical(own), &mut clinical, &[]);
    let response = clerk.sync(vec![peek]).await.unwrap();
    let reply = &response.replies[0];
    assert!(matches!(&reply.outcome, Outcome::Rejected(r) if r.code == RejectCode::Forbidden));
    assert!(
        reply.changes.is_empty() && reply.heads.is_empty(),
        "nothing of the clinical document is sent back"
    );
}

#[tokio::test]
async fn the_workstation_mirrors_the_matrix_for_the_logged_in_clinician() {
    use bedside_client::{Error, NewPrescription};
    use bedside_tests::workstation::{TestWorkstation, new_patient};

    let server = TestServer::start().await;
    let mut nurse = TestWorkstation::new("Nurse Bello");
    nurse
        .join_as(
            &server,
            &[OWN],
            bedside_shared::access::DeviceProfile::WardWorkstation,
            &[Role::Nurse],
        )
        .await;
    let forbidden = nurse
        .ws
        .charts()
        .register_patient(new_patient("Mirror", OWN))
        .unwrap_err();
    assert!(matches!(forbidden, Error::Forbidden(_)), "{forbidden:?}");

    let mut doctor = TestWorkstation::new("Dr Adams");
    doctor.join(&server).await;
    let patient = doctor
        .ws
        .charts()
        .register_patient(new_patient("Mirror", OWN))
        .unwrap();
    doctor.sync(&server).await;
    nurse.sync(&server).await;

    let order = NewPrescription {
        drug: "Paracetamol".into(),
        dose: "1 g".into(),
        route: "oral".into(),
        frequency: "every 6 hours".into(),
        start: "2026-11-23".into(),
        end: None,
        schedule: None,
        doses: None,
    };
    let refused = nurse
        .ws
        .charts()
        .prescribe(patient, order.clone())
        .unwrap_err();
    assert_eq!(refused.to_string(), "your role may not write prescriptions");
    assert!(matches!(
        nurse
            .ws
            .charts()
            .begin_note(patient, NoteKind::Progress, "Reviewed."),
        Err(Error::Forbidden(_))
    ));
    nurse
        .ws
        .charts()
        .begin_note(patient, NoteKind::Nursing, "Obs stable.")
        .expect("nurses write nursing notes");
    doctor
        .ws
        .charts()
        .prescribe(patient, order)
        .expect("doctors prescribe");
    assert_eq!(
        nurse.ws.status().unwrap().pending_changes,
        1,
        "nothing refused was written"
    );
}
