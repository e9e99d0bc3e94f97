//! A scripted day on the ward, run against the real server and real workstations:
//! console administration, logins (failed, online and offline), chart reads and writes
//! online and offline, a document captured, uploaded and opened on another ward, a
//! video shared, break-glass, a revoked device and an audit query. It must leave
//! exactly the expected audit rows, each naming user, device, patient and action with
//! both times; and with marker values in names, notes, phone numbers, a document and
//! its file name, no log line of the server or the workstations may carry them.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use bedside_client::{NewDocument, PatientEdit};
use bedside_server::services::{admin, devices};
use bedside_shared::access::{DeviceProfile, Role};
use bedside_shared::chart::{DocumentCategory, NoteKind};
use bedside_shared::education::Video;
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{PASSWORD, TestWorkstation, new_patient};
use sqlx_core::query_as::query_as;
use time::OffsetDateTime;
use tracing_subscriber::fmt::MakeWriter;
use uuid::Uuid;

const MARKERS: &[&str] = &[
    "Xqzfamilymarker",
    "Xqzgivenmarker",
    "Xqznotemarker",
    "Xqzphonemarker",
    "Xqzaddendummarker",
    "Xqzdocumentmarker",
    "Xqzfilenamemarker",
];

/// Every log line written in this test process, by the server and the workstations.
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

/// Installs the capturing subscriber once, at the most verbose level of every crate.
fn captured_logs() -> &'static Captured {
    static LOGS: OnceLock<Captured> = OnceLock::new();
    LOGS.get_or_init(|| {
        let captured = Captured::default();
        tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_env_filter("info,bedside_server=trace,bedside_client=trace,bedside_shared=trace")
            .with_writer(captured.clone())
            .init();
        captured
    })
}

/// Who and what took part in the day.
struct Day {
    doctor: Uuid,
    nurse: Uuid,
    auditor: Uuid,
    ward_pc: Uuid,
    icu_pc: Uuid,
    admin_pc: Uuid,
    patient: Uuid,
    /// When the server came back after the outage.
    back_at: OffsetDateTime,
}

/// A laptop enrolled by IT on `ward` with a fresh one-time code.
async fn laptop(server: &TestServer, clinician: &str, ward: &str) -> TestWorkstation {
    let wards = [ward.to_owned()];
    let valid = time::Duration::hours(1);
    let profile = DeviceProfile::WardWorkstation;
    let (code, _) = devices::issue_code(&server.state, &wards, profile, valid)
        .await
        .unwrap();
    let laptop = TestWorkstation::new(clinician);
    laptop.ws.link().enroll(&server.url, &code).await.unwrap();
    laptop
}

async fn user(server: &TestServer, username: &str, roles: &[Role]) -> Uuid {
    admin::add_user(&server.state, username, username, roles, PASSWORD)
        .await
        .unwrap()
}

/// Runs the day; returns the server (still up) and who took part.
async fn ward_day() -> (TestServer, Day) {
    let server = TestServer::start().await;
    let url = server.url.clone();

    // IT at the server console.
    devices::add_ward(&server.state, "SURG-A", "Surgery A")
        .await
        .unwrap();
    devices::add_ward(&server.state, "ICU", "Intensive care")
        .await
        .unwrap();
    let doctor = user(&server, "dr.adams", &[Role::Doctor, Role::Nurse]).await;
    let nurse = user(&server, "rn.bello", &[Role::Nurse]).await;
    let mut ward_pc = laptop(&server, "Dr Adams", "SURG-A").await;

    // A mistyped password, then the morning round online.
    ward_pc
        .ws
        .access()
        .login(&url, "dr.adams", "not the password")
        .await
        .expect_err("a wrong password is refused");
    ward_pc
        .ws
        .access()
        .login(&url, "dr.adams", PASSWORD)
        .await
        .unwrap();
    let mut admitted = new_patient("", "SURG-A");
    admitted.family_name = MARKERS[0].into();
    admitted.given_name = MARKERS[1].into();
    let patient = ward_pc.ws.charts().register_patient(admitted).unwrap();
    let note = ward_pc
        .ws
        .charts()
        .begin_note(
            patient,
            NoteKind::Progress,
            &format!("Plan: {}", MARKERS[2]),
        )
        .unwrap();
    ward_pc.ws.charts().sign_note(patient, note).unwrap();
    let lab_report = NewDocument {
        category: DocumentCategory::Lab,
        file_name: format!("{}.txt", MARKERS[6]),
        mime_type: "text/plain".into(),
        bytes: format!("Potassium 4.1 {}", MARKERS[5]).into_bytes(),
        replace_oldest: false,
    };
    let lab = ward_pc
        .ws
        .documents()
        .capture_document(patient, lab_report)
        .unwrap();
    ward_pc.sync(&server).await;
    let (status, _) = ward_pc
        .get(&server, &format!("/v1/patients/{patient}"))
        .await;
    assert_eq!(status, 200);

    // The network goes; the doctor logs in again offline and keeps working.
    let state = server.stop().await;
    ward_pc.ws.access().logout().unwrap();
    ward_pc
        .ws
        .access()
        .login_offline("dr.adams", "still not the password")
        .expect_err("a wrong password is refused offline too");
    ward_pc
        .ws
        .access()
        .login_offline("dr.adams", PASSWORD)
        .unwrap();
    ward_pc.ws.charts().may_open(&patient.to_string()).unwrap();
    ward_pc
        .ws
        .charts()
        .edit_patient(
            patient,
            PatientEdit {
                phone: Some(MARKERS[3].into()),
                ..Default::default()
            },
        )
        .unwrap();
    ward_pc
        .ws
        .charts()
        .add_addendum(patient, note, &format!("Addendum: {}", MARKERS[4]))
        .unwrap();
    let video = Video {
        video_id: "hip-rehab-1".into(),
        title: "Walking after hip surgery".into(),
        url: "https://videos.example.org/hip-rehab-1".into(),
        channel: "Physio team".into(),
    };
    ward_pc.ws.charts().share_video(patient, &video).unwrap();

    // The network is back: the offline work uploads.
    let server = TestServer::serve(state).await;
    let url = server.url.clone();
    let back_at = OffsetDateTime::now_utc();
    // An offline session holds no server token: syncing needs one online login.
    ward_pc
        .ws
        .access()
        .login(&url, "dr.adams", PASSWORD)
        .await
        .unwrap();
    ward_pc.sync(&server).await;

    // A nurse in intensive care breaks the glass for the patient.
    let mut icu_pc = laptop(&server, "Nurse Bello", "ICU").await;
    icu_pc
        .ws
        .access()
        .login(&url, "rn.bello", PASSWORD)
        .await
        .unwrap();
    icu_pc
        .ws
        .charts()
        .break_glass(patient, "Transfer handover")
        .unwrap();
    icu_pc.ws.charts().may_open(&patient.to_string()).unwrap();
    icu_pc.sync(&server).await;
    icu_pc
        .ws
        .documents()
        .open_document(&url, patient, lab, false)
        .await
        .unwrap();
    icu_pc.sync(&server).await;

    // IT revokes the intensive-care laptop, and the auditor looks at the patient's trail.
    devices::revoke(&server.state, icu_pc.ws.device().as_uuid())
        .await
        .unwrap();
    let auditor = user(&server, "it.audit", &[Role::Admin]).await;
    let admin_pc = laptop(&server, "IT", "SURG-A").await;
    admin_pc
        .ws
        .access()
        .login(&url, "it.audit", PASSWORD)
        .await
        .unwrap();
    let (status, _) = admin_pc
        .get(&server, &format!("/v1/audit?patient_id={patient}"))
        .await;
    assert_eq!(status, 200);

    let day = Day {
        doctor,
        nurse,
        auditor,
        ward_pc: ward_pc.ws.device().as_uuid(),
        icu_pc: icu_pc.ws.device().as_uuid(),
        admin_pc: admin_pc.ws.device().as_uuid(),
        patient: patient.as_uuid(),
        back_at,
    };
    (server, day)
}

type Row = (
    i64,
    String,
    Option<Uuid>,
    Option<Uuid>,
    Option<Uuid>,
    OffsetDateTime,
    Option<OffsetDateTime>,
    serde_json::Value,
);

/// An expected row: action, user, device, and whether it names the patient.
type Expected = (&'static str, Option<Uuid>, Option<Uuid>, bool);

fn expected(day: &Day) -> Vec<Expected> {
    let (dr, rn, it) = (Some(day.doctor), Some(day.nurse), Some(day.auditor));
    let (ward, icu, desk) = (Some(day.ward_pc), Some(day.icu_pc), Some(day.admin_pc));
    vec![
        // IT at the console.
        ("ward_saved", None, None, false),
        ("ward_saved", None, None, false),
        ("user_added", dr, None, false),
        ("user_added", rn, None, false),
        ("enrollment_code_issued", None, None, false),
        ("enrolled", None, ward, false),
        // The morning round, online: a sync stores the chart's changes, then uploads
        // the workstation's own events of them.
        ("login_failure", dr, ward, false),
        ("login_success", dr, ward, false),
        ("chart_write", dr, ward, true),
        ("chart_read", dr, ward, true),
        ("chart_edit", dr, ward, true),
        ("chart_edit", dr, ward, true),
        ("chart_edit", dr, ward, true),
        ("chart_edit", dr, ward, true),
        ("document_captured", dr, ward, true),
        ("document_upload", dr, ward, true),
        ("chart_read", dr, ward, true),
        // Back online: the login, what was done offline, then its events, uploaded.
        ("login_success", dr, ward, false),
        ("chart_write", dr, ward, true),
        ("logout", dr, ward, false),
        ("login_offline_failure", dr, ward, false),
        ("login_offline", dr, ward, false),
        ("chart_open", dr, ward, true),
        ("chart_edit", dr, ward, true),
        ("chart_edit", dr, ward, true),
        ("chart_edit", dr, ward, true),
        ("video_shared", dr, ward, true),
        // Break-glass in intensive care.
        ("enrollment_code_issued", None, None, false),
        ("enrolled", None, icu, false),
        ("login_success", rn, icu, false),
        ("break_glass", rn, icu, true),
        ("chart_read", rn, icu, true),
        ("chart_open", rn, icu, true),
        ("document_download", rn, icu, true),
        // Opening a document of the chart already open is not another opening of it.
        ("document_opened", rn, icu, true),
        // IT revokes a laptop; the auditor looks.
        ("device_revoked", None, icu, false),
        ("user_added", it, None, false),
        ("enrollment_code_issued", None, None, false),
        ("enrolled", None, desk, false),
        ("login_success", it, desk, false),
        ("audit_query", it, desk, true),
    ]
}

#[tokio::test]
async fn a_ward_day_leaves_exactly_the_expected_audit_rows() {
    captured_logs();
    let (server, day) = ward_day().await;
    let rows: Vec<Row> = query_as(
        "SELECT seq, action, user_id, device_id, patient_id, at, device_time, detail
         FROM audit_log ORDER BY seq",
    )
    .fetch_all(&server.state.pool)
    .await
    .unwrap();
    let actual: Vec<_> = rows
        .iter()
        .map(|r| (r.1.as_str(), r.2, r.3, r.4 == Some(day.patient)))
        .collect();
    assert_eq!(actual, expected(&day), "the day's rows, in order");
    for (seq, action, _, device, patient, at, device_time, detail) in &rows {
        assert!(
            patient.is_none_or(|p| p == day.patient),
            "row {seq} names no one else"
        );
        if detail["via"] == "console" {
            assert!(
                detail["operator"].is_string() && device_time.is_none(),
                "row {seq} ({action}): console actions name the operator; one clock"
            );
            continue;
        }
        assert!(device.is_some(), "row {seq} ({action}) names the device");
        let device_time = device_time.unwrap_or_else(|| panic!("row {seq} ({action}): both times"));
        if detail["offline_session"] == "true" {
            assert!(
                device_time < day.back_at && day.back_at <= *at,
                "row {seq} ({action}): made offline, recorded once the server was back"
            );
        } else {
            assert!(
                (*at - device_time).abs() < time::Duration::minutes(1),
                "row {seq} ({action}): made online, both clocks agree"
            );
        }
    }
    let writes = rows.iter().filter(|r| r.1 == "chart_write");
    for (seq, .., detail) in writes {
        let listed = |key: &str| detail[key].as_array().is_some_and(|a| !a.is_empty());
        assert!(
            listed("documents") && listed("changes"),
            "row {seq}: a write names its documents and change hashes"
        );
    }
    let glass = rows.iter().find(|r| r.1 == "break_glass").unwrap();
    assert_eq!(glass.7["reason"], "Transfer handover");
}

#[tokio::test]
async fn no_patient_data_in_any_log_line() {
    let logs = captured_logs();
    let (server, _) = ward_day().await;
    let details: Vec<(String,)> = query_as("SELECT detail::text FROM audit_log")
        .fetch_all(&server.state.pool)
        .await
        .unwrap();
    server.stop().await;

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        text.contains("sync request served") && text.contains("break-glass access opened"),
        "the server's and the workstations' log lines were captured"
    );
    let lines = text.lines().count();
    for marker in MARKERS {
        let hits: Vec<&str> = text.lines().filter(|l| l.contains(marker)).collect();
        assert!(
            hits.is_empty(),
            "{marker} appeared in {} of {lines} log lines: {hits:?}",
            hits.len()
        );
        assert!(
            details.iter().all(|(d,)| !d.contains(marker)),
            "the audit log names patients by id only"
        );
    }
}

#[tokio::test]
async fn the_days_audit_exports_as_valid_fhir_r4() {
    let (server, day) = ward_day().await;
    // More of what IT and a careless hand do, so every kind of row is exported.
    admin::set_roles(&server.state, "it.audit", &[Role::Admin])
        .await
        .unwrap();
    let temp = user(&server, "locum", &[Role::Nurse]).await;
    admin::reset_password(&server.state, "locum", "another long password")
        .await
        .unwrap();
    admin::disable_user(&server.state, "locum").await.unwrap();
    let it_pc = laptop(&server, "IT", "SURG-A").await;
    for _ in 0..6 {
        let _ = it_pc
            .ws
            .access()
            .login(&server.url, "it.audit", "not the password")
            .await;
    }
    let audit_pc = laptop(&server, "IT", "SURG-A").await;
    let token = {
        admin::add_user(
            &server.state,
            "it.export",
            "it.export",
            &[Role::Admin],
            PASSWORD,
        )
        .await
        .unwrap();
        audit_pc
            .ws
            .access()
            .login(&server.url, "it.export", PASSWORD)
            .await
            .unwrap();
        audit_pc.ws.link().access_token().unwrap()
    };
    let export = reqwest::Client::new()
        .get(format!("{}/v1/audit/export", server.url))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(export.status().as_u16(), 200);
    let text = export.text().await.unwrap();
    assert!(text.lines().count() > 50, "the whole day is exported");
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let reset = lines
        .iter()
        .find(|r| r["subtype"][0]["code"] == "password_reset")
        .expect("the password reset is exported");
    assert_eq!(
        reset["agent"][0]["who"]["identifier"]["system"], "urn:bedside:os-account",
        "the console operator requested it, not the user it concerned: {reset}"
    );
    assert_eq!(
        reset["entity"][0]["what"]["identifier"]["value"],
        temp.to_string()
    );
    assert!(
        lines
            .iter()
            .any(|r| r["agent"].to_string().contains(&day.doctor.to_string()))
    );
    bedside_tests::fhir::assert_valid_r4(&text, "audit-export");
}
