//! The ward workstation end to end, through the real window: Xvfb, tauri-driver and
//! WebKitWebDriver drive the built app against a real server and PostgreSQL. A nurse
//! and doctor enrolls, logs in, registers a patient, is shown the possible duplicate when
//! registering her again with a typo, writes and signs a note, records vital signs, an
//! allergy and a report (each form in its side panel); a colleague's high NEWS2 interrupts
//! the window with an alert until acknowledged; the server goes away and work goes on; it comes back, and a bed changed on two workstations at once waits in the inbox
//! (counted, naming the patient, the status bar not "synced") until settled; a second
//! workstation (the headless engine) sees everything; a scanned wristband opens the chart;
//! her wristband label prints with her MRN; a dose the colleague prescribes falls due on the
//! medication round and is given there; the handover sheet prints as a PDF in SBAR form.
//! The window syncs only as it does between its periodic syncs: at once after an edit,
//! on the server's live pushes, and while offline, when the server says it is back.
//! A screenshot of each step, and the window's log, go to the folder printed at the
//! start.

mod screens;
mod window;

use std::time::{Duration, Instant};

use bedside_client::store::queries::NoteStatus;
use bedside_client::store::records::Entry;
use bedside_client::{NewPrescription, PatientEdit, VitalSigns};
use bedside_server::services::admin;
use bedside_shared::access::{DeviceProfile, Role};
use bedside_shared::chart::{Allergy, Schedule, Vitals};
use bedside_tests::clock::ward_clock;
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{PASSWORD, TestWorkstation};
use jiff::SignedDuration;

const WARD: &str = "SURG-A";

/// One window at a time: the tests share the machine's two cores and a display each.
static ONE_WINDOW: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[tokio::test(flavor = "multi_thread")]
async fn a_clinician_works_through_the_window_online_and_offline() {
    let _one = ONE_WINDOW.lock().await;
    let server = TestServer::start().await;
    admin::add_user(
        &server.state,
        "dr.adams",
        "Dr Adams",
        &[Role::Doctor, Role::Nurse],
        PASSWORD,
    )
    .await
    .unwrap();
    let code = server
        .enrollment_code(&[WARD], DeviceProfile::WardWorkstation)
        .await;

    // First run: enroll with IT's code, log in, the ward syncs.
    let home = tempfile::tempdir().unwrap();
    let mut opened = window::logged_in(
        "e2e-screenshots",
        home.path(),
        &server.url,
        &code,
        "dr.adams",
    )
    .await;
    let window = &mut opened.window;
    window.shot("census-synced").await;

    // Register a patient and open the chart.
    window.click("register-open").await;
    window.type_into("reg-given", "Ada").await;
    window.type_into("reg-family", "Window").await;
    window.type_into("reg-birth", "1961-04-12").await;
    window.choose("reg-sex", "female").await;
    window.type_into("reg-bed", "7").await;
    window.shot("register").await;
    window.click("reg-submit").await;
    window
        .until_text("[data-testid='patient-row']", "Window")
        .await;

    // The same woman registered again with a typo: the window shows who is already
    // here before making a second chart, and opens hers.
    window.click("register-open").await;
    window.type_into("reg-given", "Ada").await;
    window.type_into("reg-family", "Windw").await;
    window.type_into("reg-birth", "1961-04-12").await;
    window.click("reg-submit").await;
    window
        .until_text("[data-testid='reg-duplicates']", "WINDOW, Ada")
        .await;
    window.shot("register-duplicate").await;
    window.click("reg-duplicate-open").await;
    window
        .until_text("[data-testid='chart-name']", "WINDOW")
        .await;
    window.until_text("[data-testid='chart-age']", "65 y").await;
    window.shot("chart").await;

    // A note, written and signed.
    window.click("tab-notes").await;
    window.click("note-open").await;
    window.choose("note-kind", "progress").await;
    window
        .type_into("note-text", "Comfortable overnight. Plan: mobilise.")
        .await;
    window.click("note-save").await;
    window.click("note-sign").await;
    window
        .until_text("[data-testid='note-item']", "signed")
        .await;
    window.until_gone(".mantine-Drawer-content").await;
    window.shot("note-signed").await;

    // Vital signs of a deteriorating patient: the window scores them NEWS2 14, high.
    window.click("tab-vitals").await;
    window.click("vitals-open").await;
    for (field, value) in [
        ("vitals-temp", "39.2"),
        ("vitals-pulse", "131"),
        ("vitals-sys", "86"),
        ("vitals-dia", "50"),
        ("vitals-rr", "27"),
        ("vitals-spo2", "89"),
    ] {
        window.type_into(field, value).await;
    }
    window.choose("vitals-oxygen", "air").await;
    window.choose("vitals-consciousness", "alert").await;
    window.click("vitals-save").await;
    window
        .until_text("[data-testid='vitals-table']", "NEWS2 14")
        .await;
    window.until_attr("news2-badge", "data-band", "high").await;
    window.until_gone(".mantine-Drawer-content").await;
    window.shot("vitals").await;

    // An allergy, recorded on the summary: the header shows it from then on.
    window.click("tab-summary").await;
    window.click("allergy-open").await;
    window.type_into("allergy-substance", "Penicillin").await;
    window.type_into("allergy-reaction", "Urticaria").await;
    window.choose("allergy-severity", "severe").await;
    window.click("allergy-save").await;
    window
        .until_text("[data-testid='allergy-banner']", "Penicillin")
        .await;
    window.until_gone(".mantine-Drawer-content").await;
    window.shot("allergy").await;

    // A lab report from a file.
    let report = home.path().join("potassium.txt");
    std::fs::write(&report, b"Potassium 4.1 mmol/L\n").unwrap();
    window.click("tab-documents").await;
    window.attach("lab", &report).await;
    window.until_attr("doc-tile-lab", "data-count", "1").await;
    // Its bytes come back as they went (raw over IPC, both ways).
    window.click("doc-open").await;
    window
        .until_text("[data-testid='doc-viewer']", "Potassium 4.1 mmol/L")
        .await;
    window.shot("document-open").await;
    window.press(".mantine-Modal-close").await;
    window.until_gone("[data-testid='doc-viewer']").await;
    // A wound photograph: the window shows its thumbnail (an object URL of its bytes).
    let photo = home.path().join("wound.png");
    image::RgbImage::from_pixel(64, 48, image::Rgb([200, 40, 40]))
        .save(&photo)
        .unwrap();
    window.attach("preop", &photo).await;
    window.until_attr("doc-tile-preop", "data-count", "1").await;
    window.until_image_shown("[data-testid='doc-thumb']").await;
    window
        .until_attr("sync-status", "data-state", "synced")
        .await;
    window.until_gone(".mantine-Drawer-content").await;
    window.shot("document").await;

    // A colleague's workstation has the chart too.
    let mut other = TestWorkstation::new("Nurse Bello");
    other.join(&server).await;
    other.sync(&server).await;
    let found = other.ws.store().search("Window", 10).unwrap();
    assert_eq!(found.len(), 1, "the patient registered in the window");
    let patient_id = found[0].patient_id.clone();
    let patient = patient_id.parse().unwrap();

    // What one records is in front of the other within moments, with no periodic sync
    // on either side (the window's period is an hour): the window sends its edit at
    // once, the server pushes it to the colleague's live feed, and back.
    let mut feed = other.ws.link().live_feed(&server.url).await.unwrap();
    window.click("tab-vitals").await;
    window.click("vitals-open").await;
    window.type_into("vitals-pulse", "101").await;
    window.click("vitals-save").await;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let pushed = tokio::time::timeout(left, feed.changed())
            .await
            .expect("the colleague heard the window's edit pushed")
            .unwrap();
        assert!(pushed, "the live feed stays open");
        other.sync(&server).await;
        let vitals: Vec<Entry<Vitals>> = other.ws.store().records(&patient_id).unwrap();
        if vitals.iter().any(|v| v.record.pulse_bpm == Some(101)) {
            break;
        }
    }
    // The colleague's set scores high: it reaches the window by the live push and
    // interrupts it with an alert naming the patient, until acknowledged here.
    other
        .ws
        .charts()
        .record_vitals(
            patient,
            VitalSigns {
                pulse_bpm: Some(77),
                respiratory_rate: Some(26),
                spo2_pct: Some(90),
                on_oxygen: Some(false),
                systolic_mmhg: Some(88),
                diastolic_mmhg: Some(52),
                ..VitalSigns::default()
            },
        )
        .unwrap();
    other.sync(&server).await;
    window
        .until_text("[data-testid='vitals-table']", "77")
        .await;
    window
        .until_text("[data-testid='news2-alert']", "WINDOW, Ada")
        .await;
    window.until_attr("news2-alert", "data-band", "high").await;
    window.shot("news2-alert").await;
    window.click("news2-alert-ack").await;
    window.until_gone("[data-testid='news2-alert']").await;
    window.until_gone(".mantine-Drawer-content").await;
    window.shot("pushed-both-ways").await;

    // The colleague moves the patient to bed 9 without syncing yet.
    let to_bed_9 = PatientEdit {
        bed: Some("9".into()),
        ..PatientEdit::default()
    };
    other.ws.charts().edit_patient(patient, to_bed_9).unwrap();

    // The network goes: work goes on, kept on the workstation, and the window moves
    // the patient to bed 8.
    let addr = server.addr();
    let state = server.stop().await;
    window
        .until_attr("sync-status", "data-state", "offline")
        .await;
    // The set charted offline is the patient's latest: it still scores high (RR 26 and
    // SpO₂ 90 % score 3 each, a pulse of 92 one).
    window.click("tab-vitals").await;
    window.click("vitals-open").await;
    window.type_into("vitals-pulse", "92").await;
    window.type_into("vitals-rr", "26").await;
    window.type_into("vitals-spo2", "90").await;
    window.click("vitals-save").await;
    window
        .until_text("[data-testid='vitals-table'] td", "92")
        .await;
    // The vitals panel has slid away before the details dialog opens over the chart.
    window.until_gone(".mantine-Drawer-content").await;
    window.click("patient-edit-open").await;
    window.type_into("edit-bed", "8").await;
    window.click("edit-save").await;
    window
        .until_text("[data-testid='chart-header']", "Bed 8")
        .await;
    window.until_gone(".mantine-Drawer-content").await;
    window.shot("offline").await;

    // The network is back: the window syncs by itself, and the two beds meet as a
    // conflict. The status bar does not say "Synced" while it waits, and the Inbox
    // counts it.
    let server = TestServer::serve_at(state, addr).await;
    other.sync(&server).await;
    window
        .until_attr("sync-status", "data-state", "attention")
        .await;
    window.until_text("[data-testid='inbox-count']", "1").await;
    window.shot("synced-again").await;
    window.click("nav-inbox").await;
    window
        .until_text("[data-testid='conflict-patient']", "WINDOW, Ada")
        .await;
    // Each value says who wrote it and when.
    window
        .until_text("[data-testid='conflict-written']", "by Dr Adams, ")
        .await;
    window
        .until_text("[data-testid='conflict-written']", "by Nurse Bello, ")
        .await;
    window.shot("conflict").await;
    window
        .press_labelled("[data-testid='conflict-keep']", "Keep 8")
        .await;
    window.until_gone("[data-testid='conflict-item']").await;
    window
        .until_attr("sync-status", "data-state", "synced")
        .await;
    window.shot("conflict-settled").await;

    // The second workstation sees it all, once the window's next sync has sent the
    // settled bed.
    let deadline = Instant::now() + Duration::from_secs(30);
    let view = loop {
        other.sync(&server).await;
        let view = other.ws.store().chart_view(&patient_id).unwrap().unwrap();
        // Bed 8 may show before the settling arrives, as the value a conflict shows.
        let settled = other.ws.store().conflicts(None).unwrap().is_empty();
        if settled && view.patient.bed.as_deref() == Some("8") {
            break view;
        }
        assert!(Instant::now() < deadline, "the bed kept never arrived");
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    let allergies: Vec<Entry<Allergy>> = other.ws.store().records(&patient_id).unwrap();
    assert!(
        allergies
            .iter()
            .any(|a| a.record.substance == "Penicillin" && a.record.reaction == "Urticaria"),
        "the allergy recorded in the window"
    );
    assert!(
        view.notes
            .iter()
            .any(|n| n.status == NoteStatus::Signed && n.body.contains("mobilise"))
    );
    let vitals: Vec<Entry<Vitals>> = other.ws.store().records(&patient_id).unwrap();
    assert_eq!(
        vitals.len(),
        4,
        "every set, the colleague's and the one made offline too"
    );
    let document = other.ws.documents().of(patient).unwrap().remove(0);
    let bytes = other
        .ws
        .documents()
        .open_document(
            &server.url,
            patient,
            document.record_id.parse().unwrap(),
            false,
        )
        .await
        .unwrap();
    assert_eq!(bytes, b"Potassium 4.1 mmol/L\n");

    // A wristband scanned at the ward list (the scanner types its code, then Enter)
    // opens that patient's chart.
    window.click("nav-census").await;
    window
        .find("patient-search")
        .await
        .send_keys(&format!("BEDSIDE:MRN:{}\u{E007}", view.patient.mrn))
        .await
        .expect("the scanner types");
    window
        .until_text("[data-testid='chart-name']", "WINDOW, Ada")
        .await;
    window.shot("scanned-wristband").await;
    // Her wristband label, printed from the chart, names her and carries her MRN.
    window.click("print-wristband").await;
    let label = window
        .find("print-wristband-ready")
        .await
        .attr("data-path")
        .await
        .unwrap()
        .expect("the label's path");
    window
        .until_text("[data-testid='chart-header']", "Allergies: Penicillin")
        .await;
    window.shot("wristband-ready").await;
    let label = std::process::Command::new("pdftotext")
        .args([label.as_str(), "-"])
        .output()
        .expect("pdftotext runs (poppler-utils)");
    let label = String::from_utf8_lossy(&label.stdout);
    assert!(
        label.contains("WINDOW, Ada") && label.contains(&format!("MRN {}", view.patient.mrn)),
        "the wristband: {label}"
    );

    // The colleague prescribes a dose due now: the window's medication round shows it
    // due, it is given from there (confirmed with its time), and the colleague sees who
    // gave it.
    let due_now = Schedule::once(&ward_clock(SignedDuration::from_mins(-10)));
    other
        .ws
        .charts()
        .prescribe(
            patient,
            NewPrescription {
                drug: "Gentamicin".into(),
                dose: "360 mg".into(),
                route: "IV".into(),
                frequency: String::new(),
                start: ward_clock(SignedDuration::ZERO)[..10].to_owned(),
                end: None,
                schedule: Some(due_now),
                doses: None,
            },
        )
        .unwrap();
    other.sync(&server).await;
    window.click("nav-round").await;
    window
        .until_text("[data-testid='round-line'][data-state='due']", "Gentamicin")
        .await;
    window.shot("round-due").await;
    window.click("round-given").await;
    window.find("dose-time").await;
    window.click("dose-confirm").await;
    window
        .until_text(
            "[data-testid='round-line'][data-state='given']",
            "by Dr Adams",
        )
        .await;
    window.shot("round-given").await;

    // The ward board: the dashboard counts the high score, the board holds its
    // escalation task, which its arrow moves to "in progress".
    window.click("nav-board").await;
    window
        .until_text("[data-testid='figure-news2_high']", "1")
        .await;
    window.shot("ward-dashboard").await;
    window.click("tab-board").await;
    window
        .until_text("[data-testid='board-todo']", "Escalate NEWS2")
        .await;
    window
        .press("[data-testid='board-todo'] button[aria-label='Move right']")
        .await;
    window
        .until_text("[data-testid='board-in_progress']", "Escalate NEWS2")
        .await;
    window.shot("ward-board").await;

    // The handover sheet, made in the window offline from the local store: a PDF whose
    // text (read by poppler's pdftotext) hands the patient over in SBAR form.
    window.click("nav-census").await;
    window.click("print-handover").await;
    window.find("print-handover-ready").await;
    window.shot("handover-ready").await;
    let path = window
        .find("print-handover-ready")
        .await
        .attr("data-path")
        .await
        .unwrap()
        .expect("the printout's path");
    let text = std::process::Command::new("pdftotext")
        .args([path.as_str(), "-"])
        .output()
        .expect("pdftotext runs (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    for expected in [
        "Handover",
        "WINDOW, Ada",
        "ALLERGIES: Penicillin",
        "S — Situation",
        "R — Recommendation",
    ] {
        assert!(
            text.contains(expected),
            "the handover sheet says {expected:?}:\n{text}"
        );
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        other.sync(&server).await;
        let grid = other.ws.charts().dose_grid(&patient_id).unwrap();
        if grid
            .iter()
            .any(|d| d.drug == "Gentamicin" && d.recorded_by.as_deref() == Some("Dr Adams"))
        {
            break;
        }
        assert!(Instant::now() < deadline, "the dose given never arrived");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    opened.window.client.close().await.ok();
}
