//! The `bedside` command as IT, clinicians and scripts use it: enrolled and logged in
//! against a real server, JSON in and out, clear errors; what it charts is recorded under
//! the clinician who logged in, and there is no way to name anyone else.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bedside_client::{OsKeyring, Workstation};
use bedside_server::services::{admin, devices};
use bedside_shared::access::{DeviceProfile, Role};
use bedside_tests::clock::ward_clock;
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{PASSWORD, patient_of_ward};
use serde_json::Value;
use sqlx_core::query_scalar::query_scalar;
use tempfile::TempDir;

/// The built `bedside` command beside the test binaries.
fn bedside_command() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent()
        .and_then(|deps| deps.parent())
        .unwrap()
        .join("bedside")
}

/// Runs `bedside --json ARGS` on the workstation in `dir`: success, the JSON printed (on
/// stdout, or the error on stderr) and stderr.
async fn bedside(dir: &Path, args: &[&str]) -> (bool, Value, String) {
    let (ok, stdout, stderr) = bedside_output(dir, args).await;
    let json = if ok { &stdout } else { &stderr };
    let value = serde_json::from_str(json.trim()).unwrap_or(Value::Null);
    (ok, value, stderr)
}

/// Runs `bedside --json ARGS`: success, stdout and stderr.
async fn bedside_output(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let out = tokio::process::Command::new(bedside_command())
        .arg("--data-dir")
        .arg(dir)
        .arg("--json")
        .args(args)
        .env("BEDSIDE_LOG", "off")
        .env("BEDSIDE_PASSWORD", PASSWORD)
        .output()
        .await
        .expect("bedside runs (make test builds it)");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A workstation folder enrolled on SURG-A with `username` (shown as `name`, holding
/// `roles`) logged in through the command.
async fn logged_in(server: &TestServer, username: &str, name: &str, roles: &[Role]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let wards = ["SURG-A".to_owned()];
    devices::add_ward(&server.state, "SURG-A", "Surgery A")
        .await
        .unwrap();
    let (code, _) = devices::issue_code(
        &server.state,
        &wards,
        DeviceProfile::WardWorkstation,
        time::Duration::hours(1),
    )
    .await
    .unwrap();
    admin::add_user(&server.state, username, name, roles, PASSWORD)
        .await
        .unwrap();
    let url = server.url.as_str();
    let (ok, _, err) = bedside(dir.path(), &["enroll", "--server", url, "--code", &code]).await;
    assert!(ok, "enroll succeeds: {err}");
    let (ok, _, err) = bedside(dir.path(), &["login", "--server", url, "--user", username]).await;
    assert!(ok, "login succeeds: {err}");
    dir
}

/// The server's read-API JSON of `patient`'s clinical document.
async fn clinical_json(server: &TestServer, patient: &str) -> Value {
    query_scalar("SELECT body FROM chart_json WHERE patient_id = $1::uuid AND kind = 'clinical'")
        .bind(patient)
        .fetch_one(&server.state.pool)
        .await
        .unwrap()
}

/// `patient add` of Ada `family`, born 1985-12-10, on SURG-A.
fn ada(family: &'static str) -> Vec<&'static str> {
    vec![
        "patient",
        "add",
        "--given",
        "Ada",
        "--family",
        family,
        "--birth-date",
        "1985-12-10",
        "--sex",
        "female",
        "--ward",
        "SURG-A",
    ]
}

/// Registers Ada Lovelace on SURG-A (plus `extra` arguments) and returns her id.
async fn add_patient(dir: &Path, extra: &[&str]) -> String {
    let mut args = ada("Lovelace");
    args.extend_from_slice(extra);
    let (ok, added, err) = bedside(dir, &args).await;
    assert!(ok, "patient add succeeds: {err}");
    added["patient_id"]
        .as_str()
        .expect("the new patient's id is printed")
        .to_owned()
}

#[tokio::test]
async fn a_workstation_is_driven_from_the_command_line() {
    let server = TestServer::start().await;
    let ws = logged_in(&server, "adams", "Dr Adams", &[Role::Doctor]).await;
    let dir = ws.path();
    let patient = add_patient(dir, &["--bed", "7"]).await;

    let (ok, note, err) = bedside(
        dir,
        &[
            "note",
            "add",
            "--patient",
            &patient,
            "--text",
            "Seen.",
            "--sign",
        ],
    )
    .await;
    assert!(ok, "note add succeeds: {err}");
    assert_eq!(note["status"], "signed");

    let (_, found, _) = bedside(dir, &["patient", "search", "lovel"]).await;
    assert_eq!(
        found.as_array().map(Vec::len),
        Some(1),
        "search by a name prefix finds the patient"
    );
    assert_eq!(
        found[0]["mrn"].as_str().map(|m| m.starts_with("TMP-")),
        Some(true),
        "an offline registration gets a provisional MRN"
    );
    let (_, listed, _) = bedside(dir, &["patient", "list", "--ward", "SURG-A"]).await;
    assert_eq!(listed.as_array().map(Vec::len), Some(1));

    let (_, status, _) = bedside(dir, &["status"]).await;
    assert_eq!(status["patients"], 1);
    assert!(
        status["pending_changes"].as_i64().unwrap() > 0,
        "nothing is synced yet"
    );
    assert_eq!(status["last_sync"], Value::Null);
}

#[tokio::test]
async fn registering_shows_possible_duplicates_and_a_bed_holds_one_patient() {
    let server = TestServer::start().await;
    let ws = logged_in(&server, "reyes", "Clerk Reyes", &[Role::Clerk]).await;
    let dir = ws.path();
    add_patient(dir, &["--bed", "7"]).await;

    // "Ada Lovelase", born the same day: the command shows who is already here and
    // registers nobody until told this is someone else.
    let near = ada("Lovelase");
    let (ok, stdout, stderr) = bedside_output(dir, &near).await;
    assert!(!ok, "a possible duplicate is not registered silently");
    let shown: Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(shown["possible_duplicates"][0]["family_name"], "Lovelace");
    let error: Value = serde_json::from_str(stderr.trim()).unwrap();
    assert_eq!(error["error"]["code"], "CONFLICT", "{error}");
    assert!(
        !error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Lovelace"),
        "the error names no patient"
    );
    let (_, listed, _) = bedside(dir, &["patient", "list"]).await;
    assert_eq!(listed.as_array().map(Vec::len), Some(1));

    // Told, it registers; but not into Ada's bed.
    let mut into_her_bed = near.clone();
    into_her_bed.extend(["--not-a-duplicate", "--bed", "7"]);
    let (ok, error, _) = bedside(dir, &into_her_bed).await;
    assert!(!ok, "bed 7 holds Ada Lovelace");
    assert_eq!(error["error"]["code"], "CONFLICT", "{error}");
    let mut next_bed = near.clone();
    next_bed.extend(["--not-a-duplicate", "--bed", "8"]);
    let (ok, _, err) = bedside(dir, &next_bed).await;
    assert!(ok, "{err}");

    // The ward list reads in bed order and carries the name alert both ways.
    let (_, listed, _) = bedside(dir, &["patient", "list"]).await;
    let beds: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["bed"].as_str().unwrap())
        .collect();
    assert_eq!(beds, ["7", "8"]);
    assert_eq!(listed[0]["namesakes"][0]["bed"], "8");
    assert_eq!(listed[1]["namesakes"][0]["bed"], "7");
    let (_, found, _) = bedside(dir, &["patient", "search", "8"]).await;
    assert_eq!(found[0]["family_name"], "Lovelase", "search by bed");
}

#[tokio::test]
async fn the_command_lists_records_with_values_the_inbox_and_syncs_with_the_enrolled_server() {
    let server = TestServer::start().await;
    let ws = logged_in(&server, "amara", "Nurse Amara", &[Role::Nurse]).await;
    let dir = ws.path();
    let patient = {
        let doctor = logged_in(&server, "adams", "Dr Adams", &[Role::Doctor]).await;
        let patient = add_patient(doctor.path(), &["--bed", "3"]).await;
        let (ok, _, err) = bedside(doctor.path(), &["sync"]).await;
        assert!(ok, "sync goes to the server enrolled with: {err}");
        patient
    };
    let (ok, _, err) = bedside(dir, &["sync"]).await;
    assert!(ok, "{err}");

    let (ok, _, err) = bedside(
        dir,
        &[
            "record",
            "vitals",
            "--patient",
            &patient,
            "--resp",
            "27",
            "--spo2",
            "89",
            "--oxygen",
            "false",
            "--bp",
            "86/50",
            "--pulse",
            "131",
            "--temp-c",
            "39.2",
            "--consciousness",
            "alert",
        ],
    )
    .await;
    assert!(ok, "{err}");
    let (ok, listed, err) = bedside(dir, &["record", "list", "--patient", &patient]).await;
    assert!(ok, "{err}");
    let set = &listed["vitals"][0];
    assert_eq!(set["pulse_bpm"], 131, "the values: {listed}");
    assert_eq!(set["news2"]["total"], 14);
    assert_eq!(set["news2"]["band"], "high");
    assert!(
        listed["tasks"][0]["title"]
            .as_str()
            .unwrap()
            .starts_with("Escalate NEWS2 14"),
        "{listed}"
    );

    let (ok, inbox, err) = bedside(dir, &["inbox"]).await;
    assert!(ok, "{err}");
    assert_eq!(inbox["conflicts"], serde_json::json!([]));
    assert_eq!(inbox["set_aside"], serde_json::json!([]));
}

#[tokio::test]
async fn what_the_command_charts_names_the_clinician_who_logged_in() {
    let server = TestServer::start().await;
    let ws = logged_in(
        &server,
        "bello",
        "Nurse Bello",
        &[Role::Nurse, Role::Doctor],
    )
    .await;
    let dir = ws.path();
    let patient = add_patient(dir, &[]).await;

    // There is no way to name someone else.
    let (ok, _, err) = bedside(
        dir,
        &[
            "--as",
            "Dr House",
            "note",
            "add",
            "--patient",
            &patient,
            "--text",
            "Seen.",
        ],
    )
    .await;
    assert!(!ok, "--as is no option any more");
    assert!(err.contains("--as"), "{err}");

    let (ok, _, err) = bedside(
        dir,
        &[
            "note",
            "add",
            "--patient",
            &patient,
            "--text",
            "Obs stable.",
            "--sign",
        ],
    )
    .await;
    assert!(ok, "{err}");
    let (ok, ordered, err) = bedside(
        dir,
        &[
            "prescription",
            "add",
            "--patient",
            &patient,
            "--drug",
            "Paracetamol",
            "--dose",
            "1 g",
            "--route",
            "oral",
            "--frequency",
            "every 6 hours",
            "--start",
            "2026-11-23",
        ],
    )
    .await;
    assert!(ok, "{err}: {ordered}");
    let (ok, _, err) = bedside(dir, &["sync", "--server", &server.url]).await;
    assert!(
        ok,
        "the server takes what the logged-in clinician charted: {err}"
    );
    let body = clinical_json(&server, &patient).await;
    let named: Vec<&str> = ["notes", "prescriptions"]
        .iter()
        .flat_map(|collection| body[collection].as_object().unwrap().values())
        .flat_map(|record| ["author", "signed_by", "prescriber"].map(|f| record[f].as_str()))
        .flatten()
        .collect();
    assert_eq!(
        named,
        ["Nurse Bello", "Nurse Bello", "Nurse Bello"],
        "the note's author and signer and the order's prescriber are who logged in: {body}"
    );
    let kinds: Vec<&str> = body["notes"]
        .as_object()
        .unwrap()
        .values()
        .filter_map(|n| n["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        ["nursing"],
        "without --kind, a nurse's note is a nursing note"
    );

    // Logged out, the workstation charts nothing.
    let (ok, _, err) = bedside(dir, &["logout"]).await;
    assert!(ok, "{err}");
    let (ok, refused, _) = bedside(
        dir,
        &["note", "add", "--patient", &patient, "--text", "Anonymous."],
    )
    .await;
    assert!(!ok);
    assert_eq!(refused["error"]["code"], "FORBIDDEN", "{refused}");
}

#[tokio::test]
async fn errors_are_reported_with_stable_codes() {
    let server = TestServer::start().await;
    let ws = logged_in(&server, "adams", "Dr Adams", &[Role::Doctor]).await;
    let dir = ws.path();
    let (ok, error, _) = bedside(
        dir,
        &[
            "patient",
            "add",
            "--given",
            "A",
            "--family",
            "B",
            "--birth-date",
            "1990-13-40",
            "--sex",
            "male",
            "--ward",
            "SURG-A",
        ],
    )
    .await;
    assert!(!ok, "an impossible date is refused");
    assert_eq!(error["error"]["code"], "VALIDATION_ERROR");
    assert_eq!(
        error["error"]["rule"], "INVALID_VALUE",
        "the chart rule the value broke is kept: {error}"
    );
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("birth_date")
    );
    let unknown = "01a20693-0000-7000-8000-000000000000";
    let (ok, error, _) = bedside(dir, &["patient", "show", unknown]).await;
    assert!(!ok, "a patient this workstation does not hold is an error");
    assert_eq!(
        error["error"]["code"], "FORBIDDEN",
        "outside the wards, a chart opens only by breaking the glass: {error}"
    );
}

#[tokio::test]
async fn records_are_kept_and_prescribing_warns_of_allergies() {
    let server = TestServer::start().await;
    let ws = logged_in(&server, "adams", "Dr Adams", &[Role::Doctor, Role::Nurse]).await;
    let dir = ws.path();
    let patient = add_patient(dir, &[]).await;
    let record = |args: &[&str]| {
        let all: Vec<String> = std::iter::once("record")
            .chain(args.iter().copied())
            .map(str::to_owned)
            .collect();
        async move {
            let all: Vec<&str> = all.iter().map(String::as_str).collect();
            bedside(dir, &all).await
        }
    };
    let (ok, _, err) = record(&[
        "allergy",
        "--patient",
        &patient,
        "--substance",
        "Penicillin",
        "--reaction",
        "Hives",
    ])
    .await;
    assert!(ok, "{err}");
    let (ok, prescribed, err) = bedside(
        dir,
        &[
            "prescription",
            "add",
            "--patient",
            &patient,
            "--drug",
            "Amoxicillin",
            "--dose",
            "500 mg",
            "--route",
            "oral",
            "--frequency",
            "every 8 hours",
            "--start",
            "2026-11-23",
        ],
    )
    .await;
    assert!(ok, "{err}");
    assert_eq!(
        prescribed["allergy_warnings"][0]["substance"], "Penicillin",
        "the prescriber is warned: {prescribed}"
    );
    // A dose charted in error is marked, with why; it stays on the record.
    let order = prescribed["prescription_id"].as_str().unwrap().to_owned();
    let (ok, dose, err) = record(&[
        "dose",
        "--patient",
        &patient,
        "--prescription",
        &order,
        "--outcome",
        "given",
    ])
    .await;
    assert!(ok, "{err}");
    let dose = dose["record_id"].as_str().unwrap().to_owned();
    let (ok, _, err) = record(&[
        "dose-in-error",
        "--patient",
        &patient,
        "--dose",
        &dose,
        "--reason",
        "Charted against the wrong patient",
    ])
    .await;
    assert!(ok, "{err}");
    let (_, listed, _) = record(&["list", "--patient", &patient]).await;
    let mut outcomes: Vec<&str> = listed["administrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["outcome"].as_str().unwrap())
        .collect();
    outcomes.sort_unstable();
    assert_eq!(outcomes, ["entered_in_error", "given"], "{listed}");
    let (ok, _, err) = record(&[
        "vitals",
        "--patient",
        &patient,
        "--temp-c",
        "37.9",
        "--pulse",
        "96",
        "--bp",
        "128/84",
    ])
    .await;
    assert!(ok, "{err}");
    let (ok, refused, _) = record(&["vitals", "--patient", &patient, "--spo2", "130"]).await;
    assert!(!ok);
    assert_eq!(refused["error"]["code"], "VALIDATION_ERROR");
    let (ok, _, err) = record(&[
        "task",
        "--patient",
        &patient,
        "--title",
        "Chase blood results",
        "--urgent",
    ])
    .await;
    assert!(ok, "{err}");
    let (_, urgent, _) = record(&["tasks"]).await;
    assert_eq!(urgent.as_array().map(Vec::len), Some(1), "{urgent}");
    let (_, timeline, _) = record(&["timeline", &patient]).await;
    let kinds: Vec<&str> = timeline
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"allergy_recorded") && kinds.contains(&"vitals"),
        "{kinds:?}"
    );
}

/// `prescription add` of 1 g IV of `drug` from `start`, with `extra` arguments.
async fn prescribe(
    dir: &Path,
    patient: &str,
    drug: &str,
    start: &str,
    extra: &[&str],
) -> (bool, Value, String) {
    let mut args = vec![
        "prescription",
        "add",
        "--patient",
        patient,
        "--drug",
        drug,
        "--dose",
        "1 g",
        "--route",
        "IV",
        "--start",
        start,
    ];
    args.extend_from_slice(extra);
    bedside(dir, &args).await
}

#[tokio::test]
async fn the_command_prescribes_on_a_schedule_and_lists_the_round() {
    let server = TestServer::start().await;
    let ws = logged_in(
        &server,
        "bello",
        "Nurse Bello",
        &[Role::Doctor, Role::Nurse],
    )
    .await;
    let dir = ws.path();
    let patient = add_patient(dir, &["--bed", "4"]).await;
    let half_an_hour_ago = ward_clock(jiff::SignedDuration::from_mins(-30));
    let start = &half_an_hour_ago[..10];
    let once = ["--once", half_an_hour_ago.as_str()];
    let (ok, _, err) = prescribe(dir, &patient, "Cefuroxime", start, &once).await;
    assert!(ok, "{err}");
    let prn = ["--as-needed", "4", "--max-per-day", "4"];
    let (ok, prn, err) = prescribe(dir, &patient, "Morphine", start, &prn).await;
    assert!(ok, "{err}");
    let (ok, _, err) = prescribe(dir, &patient, "Heparin", start, &["--times", "25:00"]).await;
    assert!(!ok, "an impossible time of day is refused");
    assert!(err.contains("VALIDATION_ERROR"), "{err}");
    let both = ["--times", "08:00", "--as-needed", "4"];
    let (ok, _, err) = prescribe(dir, &patient, "Heparin", start, &both).await;
    assert!(!ok, "one schedule at a time: {err}");

    let (ok, round, err) = bedside(dir, &["round", "--ward", "SURG-A"]).await;
    assert!(ok, "{err}");
    let lines = round.as_array().expect("the round is a list");
    assert_eq!(
        lines.len(),
        1,
        "only the scheduled order falls due: {round}"
    );
    assert_eq!(lines[0]["drug"], "Cefuroxime");
    assert_eq!(lines[0]["state"], "due");
    assert_eq!(lines[0]["bed"], "4");

    let morphine = prn["prescription_id"].as_str().unwrap();
    let dose = [
        "record",
        "dose",
        "--patient",
        &patient,
        "--prescription",
        morphine,
        "--outcome",
        "given",
    ];
    let (ok, _, err) = bedside(dir, &dose).await;
    assert!(ok, "{err}");
    let (ok, refused, _) = bedside(dir, &dose).await;
    assert!(!ok, "a second dose at once is inside the interval");
    assert_eq!(refused["error"]["code"], "CONFLICT", "{refused}");
    let overridden = [&dose[..], &["--override-reason", "Pain 9/10"]].concat();
    let (ok, _, err) = bedside(dir, &overridden).await;
    assert!(ok, "{err}");
}

/// With the server out of reach, `bedside login` logs in offline from the clinician's
/// last online login here (whose tokens are still held: the online session was never
/// ended); the commands after it chart under her name until the session has been idle
/// for the lock's time; once the server is back and she logs in online, what she charted
/// offline reaches it under her name.
#[tokio::test]
async fn the_command_logs_in_offline_until_the_session_is_idle_too_long() {
    let server = TestServer::start().await;
    let ws = logged_in(&server, "okafor", "Dr Okafor", &[Role::Doctor]).await;
    let dir = ws.path();
    let addr = server.addr();
    let state = server.stop().await;

    let (ok, clinician, err) = bedside(dir, &["login", "--user", "okafor"]).await;
    assert!(ok, "an offline login: {err}");
    assert_eq!(clinician["offline"], true, "{clinician}");
    let patient = add_patient(dir, &[]).await;
    let note = [
        "note",
        "add",
        "--patient",
        &patient,
        "--text",
        "Seen offline.",
        "--sign",
    ];
    let (ok, _, err) = bedside(dir, &note).await;
    assert!(ok, "the next command charts in the offline session: {err}");

    // Its last command long ago (past the idle lock's time), the session is over.
    {
        let held = Workstation::open(dir, Arc::new(OsKeyring)).unwrap();
        let stale = "2000-01-01T00:00:00Z";
        held.store()
            .set_setting("session.offline_at", stale)
            .unwrap();
    }
    let (ok, refused, _) = bedside(dir, &note).await;
    assert!(!ok, "nobody is logged in any more");
    assert_eq!(refused["error"]["code"], "FORBIDDEN", "{refused}");

    // The server is back: logged in online, what she charted goes up under her name.
    let server = TestServer::serve_at(state, addr).await;
    let (ok, clinician, err) = bedside(dir, &["login", "--user", "okafor"]).await;
    assert!(ok, "{err}");
    assert_eq!(clinician["offline"], false, "{clinician}");
    let (ok, _, err) = bedside(dir, &["sync"]).await;
    assert!(ok, "{err}");
    let body = clinical_json(&server, &patient).await;
    let authors: Vec<&str> = body["notes"]
        .as_object()
        .unwrap()
        .values()
        .filter_map(|n| n["author"].as_str())
        .collect();
    assert_eq!(authors, ["Dr Okafor"], "{body}");
}

/// `bedside break-glass` opens a chart from another ward for the clinician logged in,
/// with a reason (refused without one); the next sync brings the chart here and the
/// server's audit holds the reason.
#[tokio::test]
async fn the_command_breaks_the_glass_for_a_chart_of_another_ward() {
    let server = TestServer::start().await;
    let patient = patient_of_ward(&server, "Elsewhere", "MED-B").await;

    let ws = logged_in(&server, "okafor", "Dr Okafor", &[Role::Doctor]).await;
    let dir = ws.path();
    let id = patient.to_string();
    let (ok, _, err) = bedside(dir, &["sync"]).await;
    assert!(ok, "{err}");
    let (ok, refused, err) = bedside(dir, &["patient", "show", &id]).await;
    assert!(!ok, "another ward's chart is not held here");
    assert_eq!(refused["error"]["code"], "FORBIDDEN", "{refused} {err}");

    let blank = ["break-glass", "--patient", &id, "--reason", "  "];
    let (ok, refused, _) = bedside(dir, &blank).await;
    assert!(!ok, "a reason is needed");
    assert_eq!(refused["error"]["code"], "VALIDATION_ERROR", "{refused}");
    let reason = "Called to a cardiac arrest on MED-B";
    let (ok, opened, err) =
        bedside(dir, &["break-glass", "--patient", &id, "--reason", reason]).await;
    assert!(ok, "{err}");
    assert_eq!(opened["patient_id"], id.as_str(), "{opened}");
    let (ok, _, err) = bedside(dir, &["sync"]).await;
    assert!(ok, "{err}");
    let (ok, chart, err) = bedside(dir, &["patient", "show", &id]).await;
    assert!(ok, "the chart came with the sync: {err}");
    assert_eq!(
        chart["patient"]["family_name"], "FamilyElsewhere",
        "{chart}"
    );

    let reasons: Vec<String> =
        query_scalar("SELECT reason FROM break_glass WHERE patient_id = $1::uuid")
            .bind(&id)
            .fetch_all(&server.state.pool)
            .await
            .unwrap();
    assert_eq!(reasons, [reason]);
}
