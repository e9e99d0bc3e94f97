//! The `bedside` command as IT and scripts use it: JSON in, JSON out, clear errors.
//! Uses the real OS keyring (run inside `make test`).

use std::process::Command;

use serde_json::Value;

fn bedside(dir: &std::path::Path, args: &[&str]) -> (bool, Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bedside"))
        .arg("--data-dir")
        .arg(dir)
        .arg("--json")
        .args(args)
        .env("BEDSIDE_LOG", "off")
        .output()
        .expect("bedside runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json = if out.status.success() {
        &stdout
    } else {
        &stderr
    };
    let value = serde_json::from_str(json.trim()).unwrap_or(Value::Null);
    (out.status.success(), value, stderr)
}

#[test]
fn a_workstation_is_driven_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let patient = add_patient(dir.path(), &["--bed", "7"]);

    let (ok, note, err) = bedside(
        dir.path(),
        &[
            "--as",
            "Dr Adams",
            "note",
            "add",
            "--patient",
            &patient,
            "--text",
            "Seen.",
            "--sign",
        ],
    );
    assert!(ok, "note add succeeds: {err}");
    assert_eq!(note["status"], "signed");

    let (_, found, _) = bedside(dir.path(), &["patient", "search", "lovel"]);
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

    let (_, listed, _) = bedside(dir.path(), &["patient", "list", "--ward", "SURG-A"]);
    assert_eq!(listed.as_array().map(Vec::len), Some(1));

    let (_, status, _) = bedside(dir.path(), &["status"]);
    assert_eq!(status["patients"], 1);
    assert!(
        status["pending_changes"].as_i64().unwrap() > 0,
        "nothing is synced yet"
    );
    assert_eq!(status["last_sync"], Value::Null);
}

#[test]
fn errors_are_reported_with_stable_codes() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, error, _) = bedside(
        dir.path(),
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
            "W",
        ],
    );
    assert!(!ok, "an impossible date is refused");
    assert_eq!(error["error"]["code"], "VALIDATION_ERROR");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("birth_date")
    );

    let (ok, error, _) = bedside(dir.path(), &["patient", "show", &uuid_like()]);
    assert!(!ok, "an unknown patient is an error");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no such patient")
    );
}

fn uuid_like() -> String {
    "01a20693-0000-7000-8000-000000000000".into()
}

/// Registers Ada Lovelace on SURG-A (plus `extra` arguments) and returns her id.
fn add_patient(dir: &std::path::Path, extra: &[&str]) -> String {
    let mut args = vec![
        "patient",
        "add",
        "--given",
        "Ada",
        "--family",
        "Lovelace",
        "--birth-date",
        "1985-12-10",
        "--sex",
        "female",
        "--ward",
        "SURG-A",
    ];
    args.extend_from_slice(extra);
    let (ok, added, err) = bedside(dir, &args);
    assert!(ok, "patient add succeeds: {err}");
    added["patient_id"]
        .as_str()
        .expect("the new patient's id is printed")
        .to_owned()
}

#[test]
fn records_are_kept_and_prescribing_warns_of_allergies() {
    let dir = tempfile::tempdir().unwrap();
    let patient = add_patient(dir.path(), &[]);
    let record = |args: &[&str]| {
        let mut all = vec!["--as", "Dr Adams", "record"];
        all.extend_from_slice(args);
        bedside(dir.path(), &all)
    };
    let (ok, _, err) = record(&[
        "allergy",
        "--patient",
        &patient,
        "--substance",
        "Penicillin",
        "--reaction",
        "Hives",
    ]);
    assert!(ok, "{err}");
    let (ok, prescribed, err) = bedside(
        dir.path(),
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
    );
    assert!(ok, "{err}");
    assert_eq!(
        prescribed["allergy_warnings"][0]["substance"], "Penicillin",
        "the prescriber is warned: {prescribed}"
    );
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
    ]);
    assert!(ok, "{err}");
    let (ok, refused, _) = record(&["vitals", "--patient", &patient, "--spo2", "130"]);
    assert!(!ok);
    assert_eq!(refused["error"]["code"], "VALIDATION_ERROR");
    let (ok, _, err) = record(&[
        "task",
        "--patient",
        &patient,
        "--title",
        "Chase blood results",
        "--urgent",
    ]);
    assert!(ok, "{err}");
    let (_, urgent, _) = record(&["tasks"]);
    assert_eq!(urgent.as_array().map(Vec::len), Some(1), "{urgent}");
    let (_, timeline, _) = record(&["timeline", &patient]);
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
