//! What the ward prints, read back as a reader would: the handover sheet's text (through
//! poppler's `pdftotext`) in SBAR form for each admitted patient, and the wristband's
//! QR code (the page rendered by poppler's `pdftoppm`, decoded by rqrr) holding what the
//! ward list's scan opens the chart from.

use std::path::Path;
use std::process::Command;

use bedside_client::print::wristband_code;
use bedside_client::{NewAllergy, NewPrescription, NewProblem};
use bedside_shared::chart::{NoteKind, Schedule, Severity};
use bedside_tests::clock::ward_clock;
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{TestWorkstation, WARD, deteriorating, new_patient};
use jiff::SignedDuration;

/// A poppler tool's run on `pdf` (written to a temporary file) with `args` before the
/// file and `after` it: its standard output.
fn poppler(tool: &str, args: &[&str], pdf: &[u8], dir: &Path, after: &[&str]) -> Vec<u8> {
    let file = dir.join("printout.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new(tool)
        .args(args)
        .arg(&file)
        .args(after)
        .output()
        .unwrap_or_else(|e| {
            panic!("{tool} runs (scripts/install-deps.sh installs poppler-utils): {e}")
        });
    assert!(
        out.status.success(),
        "{tool} reads the PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn text_of(pdf: &[u8], dir: &Path) -> String {
    String::from_utf8(poppler("pdftotext", &["-layout"], pdf, dir, &["-"])).expect("UTF-8 text")
}

#[tokio::test]
async fn the_handover_sheet_reads_in_sbar_for_every_admitted_patient_in_bed_order() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Nurse Amara");
    a.join(&server).await;
    let mut ill = new_patient("Handover", WARD);
    ill.given_name = "Ingrid".into();
    ill.family_name = "Nowák".into();
    ill.bed = Some("3".into());
    let ill = a.ws.charts().register_patient(ill).unwrap();
    let mut well = new_patient("Settled", WARD);
    well.family_name = "Abbott".into();
    well.bed = Some("12".into());
    a.ws.charts().register_patient(well).unwrap();

    a.ws.charts()
        .record_allergy(
            ill,
            NewAllergy {
                substance: "Penicillin".into(),
                reaction: "Anaphylaxis".into(),
                severity: Severity::LifeThreatening,
            },
        )
        .unwrap();
    a.ws.charts()
        .add_problem(
            ill,
            NewProblem {
                code: "K35.8".into(),
                text: "Acute appendicitis".into(),
                onset: None,
            },
        )
        .unwrap();
    let note =
        a.ws.charts()
            .begin_note(
                ill,
                NoteKind::Nursing,
                "Appendicectomy yesterday, drowsy tonight.",
            )
            .unwrap();
    a.ws.charts().sign_note(ill, note).unwrap();
    a.ws.charts().record_vitals(ill, deteriorating()).unwrap();
    let late = ward_clock(SignedDuration::from_hours(-2));
    a.ws.charts()
        .prescribe(
            ill,
            NewPrescription {
                drug: "Gentamicin".into(),
                dose: "360 mg".into(),
                route: "IV".into(),
                frequency: String::new(),
                start: late[..10].to_owned(),
                end: None,
                schedule: Some(Schedule::once(&late)),
                doses: None,
            },
        )
        .unwrap();

    let pdf = a.ws.charts().handover_sheet(Some(WARD)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let text = text_of(&pdf, dir.path());
    let squashed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Handover · SURG-A",
        "printed by Nurse Amara",
        "Bed 3 · NOWÁK, Ingrid",
        "ALLERGIES: Penicillin (Anaphylaxis)",
        "NEWS2 14 — emergency response, continuous monitoring",
        "K35.8 Acute appendicitis",
        "Appendicectomy yesterday, drowsy tonight.",
        "T 39.2 °C, HR 131, BP 86/50, RR 27, SpO2 89 % air, alert",
        "URGENT: Escalate NEWS2 14",
        "OVERDUE",
        "Gentamicin 360 mg IV",
        "Bed 12 · ABBOTT",
        "No known allergies",
        "No observations recorded",
    ] {
        assert!(
            squashed.contains(expected),
            "the sheet says {expected:?}:\n{text}"
        );
    }
    for part in [
        "S — Situation",
        "B — Background",
        "A — Assessment",
        "R — Recommendation",
    ] {
        assert!(squashed.contains(part), "{part}:\n{text}");
    }
    let bed_3 = squashed.find("Bed 3 ·").unwrap();
    let bed_12 = squashed.find("Bed 12 ·").unwrap();
    assert!(bed_3 < bed_12, "in bed order (3 before 12)");
}

#[tokio::test]
async fn the_wristband_carries_a_qr_code_the_ward_list_opens_the_chart_from() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Nurse Amara");
    a.join(&server).await;
    let mut patient = new_patient("Band", WARD);
    patient.bed = Some("7".into());
    let patient = a.ws.charts().register_patient(patient).unwrap();
    a.ws.charts()
        .record_allergy(
            patient,
            NewAllergy {
                substance: "Latex".into(),
                reaction: "Rash".into(),
                severity: Severity::Moderate,
            },
        )
        .unwrap();
    let mrn =
        a.ws.store()
            .chart_view(&patient.to_string())
            .unwrap()
            .unwrap()
            .patient
            .mrn;

    let pdf = a.ws.charts().wristband(patient).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let text = text_of(&pdf, dir.path());
    assert!(text.contains(&format!("MRN {mrn}")), "{text}");
    assert!(text.contains("ALLERGY: Latex"), "{text}");
    assert!(text.contains("SURG-A · bed 7"), "{text}");

    // Without an output name, pdftoppm writes the page to its standard output.
    let png = poppler(
        "pdftoppm",
        &["-png", "-r", "300", "-singlefile"],
        &pdf,
        dir.path(),
        &[],
    );
    let image = image::load_from_memory(&png).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(image);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the label");
    let (_, content) = grids[0].decode().expect("the QR code decodes");
    assert_eq!(content, wristband_code(&mrn));
    assert_eq!(content, format!("BEDSIDE:MRN:{mrn}"));
    // Scanned into the ward list's search, it finds the patient.
    let found = a.ws.charts().find_patients(&mrn, 10).unwrap();
    assert_eq!(found[0].patient_id, patient.to_string());
}
