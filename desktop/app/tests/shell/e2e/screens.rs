//! The ward at a glance, as a nurse reads it: a 20-bed ward in the real window at 1280×800
//! and at 1920×1080, with a deteriorating patient, one to watch, allergies and name
//! alerts. Each size is checked to read without a table overflowing its place or a row
//! wrapping onto a second line, and photographed (the ward list, a chart and the
//! medication round).
//! `BEDSIDE_WRITE_SCREENSHOTS=1` also copies the photographs into `docs/screenshots/`.

use std::path::PathBuf;

use bedside_client::{NewAllergy, NewPrescription, VitalSigns};
use bedside_server::services::{admin, demo};
use bedside_shared::PatientId;
use bedside_shared::access::{DeviceProfile, Role};
use bedside_shared::chart::{Consciousness, Schedule, Severity, Temperature, TemperatureUnit};
use bedside_tests::clock::ward_clock;
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{PASSWORD, TestWorkstation};
use jiff::SignedDuration;

use super::window::{self, Window};
use super::{ONE_WINDOW, WARD};

/// A set of observations; `None` leaves a field unmeasured.
fn obs(rr: i64, spo2: i64, sys: i64, pulse: i64, temp: f64) -> VitalSigns {
    VitalSigns {
        respiratory_rate: Some(rr),
        spo2_pct: Some(spo2),
        on_oxygen: Some(false),
        systolic_mmhg: Some(sys),
        diastolic_mmhg: Some(sys * 6 / 10),
        pulse_bpm: Some(pulse),
        consciousness: Some(Consciousness::Alert),
        temperature: Some(Temperature {
            value: temp,
            unit: TemperatureUnit::Celsius,
        }),
        ..VitalSigns::default()
    }
}

/// A night's round on the demo ward: most patients settled, bed 3 (Ingrid Nowak)
/// deteriorating, bed 5 to watch, two allergies.
async fn night_round(server: &TestServer) {
    let mut nurse = TestWorkstation::new("Nurse Bello");
    nurse.join(server).await;
    nurse.sync(server).await;
    let ward = nurse.ws.charts().ward_list(Some(WARD)).unwrap();
    let in_bed = |bed: &str| -> PatientId {
        ward.iter()
            .find(|p| p.bed.as_deref() == Some(bed))
            .expect("the demo ward fills its beds")
            .patient_id
            .parse()
            .unwrap()
    };
    for bed in ["1", "2", "4", "6", "7", "8", "9", "10", "11", "12"] {
        nurse
            .ws
            .charts()
            .record_vitals(in_bed(bed), obs(16, 97, 128, 76, 36.8))
            .unwrap();
    }
    nurse
        .ws
        .charts()
        .record_vitals(in_bed("3"), obs(27, 89, 86, 131, 39.2))
        .unwrap();
    nurse
        .ws
        .charts()
        .record_vitals(in_bed("5"), obs(22, 94, 104, 98, 38.3))
        .unwrap();
    // Bed 3's antibiotic is two hours late; bed 12's anticoagulant is due now.
    for (bed, drug, dose, late) in [
        ("3", "Gentamicin", "360 mg", 120),
        ("12", "Dalteparin", "5000 units", 15),
    ] {
        let at = ward_clock(SignedDuration::from_mins(-late));
        nurse
            .ws
            .charts()
            .prescribe(
                in_bed(bed),
                NewPrescription {
                    drug: drug.into(),
                    dose: dose.into(),
                    route: "IV".into(),
                    frequency: String::new(),
                    start: at[..10].to_owned(),
                    end: None,
                    schedule: Some(Schedule::once(&at)),
                    doses: None,
                },
            )
            .unwrap();
    }
    for (bed, substance) in [("3", "Penicillin"), ("8", "Latex")] {
        nurse
            .ws
            .charts()
            .record_allergy(
                in_bed(bed),
                NewAllergy {
                    substance: substance.into(),
                    reaction: "Urticaria".into(),
                    severity: Severity::Severe,
                },
            )
            .unwrap();
    }
    nurse.sync(server).await;
}

/// How the ward list sits in its place: its width beyond the room it has (0 when it fits)
/// and the tallest and shortest rows (a wrapped row is taller).
async fn ward_list_fit(window: &Window) -> (i64, i64, i64) {
    let measured = window
        .client
        .execute(
            "const t = document.querySelector(\"[data-testid='patient-table']\");
             const rows = [...t.querySelectorAll('tbody tr')].map(r => r.getBoundingClientRect().height);
             return [t.scrollWidth - t.parentElement.clientWidth,
                     Math.round(Math.max(...rows)), Math.round(Math.min(...rows))];",
            vec![],
        )
        .await
        .expect("the ward list is measured");
    let n = |i: usize| measured[i].as_i64().expect("a number");
    (n(0), n(1), n(2))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_ward_list_and_a_chart_read_at_1280_by_800_and_1920_by_1080() {
    let _one = ONE_WINDOW.lock().await;
    let server = TestServer::start().await;
    admin::add_user(
        &server.state,
        "nurse.amara",
        "Nurse Amara",
        &[Role::Nurse],
        PASSWORD,
    )
    .await
    .unwrap();
    assert_eq!(demo::seed_ward(&server.state, WARD, 20).await.unwrap(), 20);
    night_round(&server).await;
    let code = server
        .enrollment_code(&[WARD], DeviceProfile::WardWorkstation)
        .await;

    let home = tempfile::tempdir().unwrap();
    let mut opened =
        window::logged_in("screens", home.path(), &server.url, &code, "nurse.amara").await;
    let window = &mut opened.window;

    let mut kept: Vec<(PathBuf, String)> = Vec::new();
    for (width, height) in [(1280, 800), (1920, 1080)] {
        let size = format!("{width}x{height}");
        window
            .client
            .set_window_size(width, height)
            .await
            .expect("the window takes the size");
        window.click("nav-census").await;
        window.until_count("[data-testid='patient-row']", 20).await;
        window
            .until_text("[data-testid='patient-table']", "NEWS2 14")
            .await;
        kept.push((
            window.shot(&format!("ward-{size}")).await,
            format!("ward-{size}.png"),
        ));
        let (overflow, tallest, shortest) = ward_list_fit(window).await;
        assert!(
            overflow <= 0,
            "at {size} the ward list is {overflow} px wider than its place"
        );
        assert!(
            tallest <= shortest + 8,
            "at {size} a row wraps: rows {shortest}–{tallest} px high"
        );

        window
            .press_labelled("[data-testid='patient-row'] button", "NOWAK, Ingrid")
            .await;
        window.find("chart-header").await;
        window.click("tab-vitals").await;
        window.find("vitals-table").await;
        kept.push((
            window.shot(&format!("chart-{size}")).await,
            format!("chart-{size}.png"),
        ));

        window.click("nav-round").await;
        window
            .until_text(
                "[data-testid='round-line'][data-state='overdue']",
                "Gentamicin",
            )
            .await;
        kept.push((
            window.shot(&format!("round-{size}")).await,
            format!("round-{size}.png"),
        ));
    }

    if std::env::var_os("BEDSIDE_WRITE_SCREENSHOTS").is_some() {
        let docs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots");
        for (shot, name) in kept {
            std::fs::copy(shot, docs.join(name)).expect("the screenshot is copied");
        }
    }
    opened.window.client.close().await.ok();
}
