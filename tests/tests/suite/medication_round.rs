//! The medication round through the workstation engine: scheduled orders fall due and
//! overdue on the chart and the ward's round, a dose recorded answers its time (on every
//! workstation once synced), as-needed doses keep their interval and daily maximum unless
//! a reason overrides them, and a counted course ends.

use bedside_client::round::ScheduledDose;
use bedside_client::store::records::Entry;
use bedside_client::{NewAllergy, NewPrescription};
use bedside_shared::chart::schedule::DoseState;
use bedside_shared::chart::{Administration, AdministrationOutcome, Schedule, Severity};
use bedside_shared::error::ErrorCode;
use bedside_shared::{PatientId, PrescriptionId};
use bedside_tests::clock::ward_clock;
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{TestWorkstation, WARD, new_patient};
use jiff::{SignedDuration, Timestamp};

/// `from_now` as RFC 3339.
fn stamp(from_now: SignedDuration) -> String {
    (Timestamp::now() + from_now).to_string()
}

fn order(drug: &str, schedule: Schedule, doses: Option<u32>) -> NewPrescription {
    NewPrescription {
        drug: drug.into(),
        dose: "1 g".into(),
        route: "oral".into(),
        frequency: String::new(),
        // The course began yesterday, so a time early today is still in it.
        start: ward_clock(SignedDuration::from_hours(-24))[..10].to_owned(),
        end: None,
        schedule: Some(schedule),
        doses,
    }
}

fn give(
    a: &TestWorkstation,
    patient: PatientId,
    rx: PrescriptionId,
    at: &str,
    reason: Option<&str>,
) -> bedside_client::Result<bedside_shared::RecordId> {
    a.ws.charts().record_administration(
        patient,
        rx,
        AdministrationOutcome::Given,
        None,
        Some(at),
        reason,
    )
}

fn line<'a>(round: &'a [ScheduledDose], drug: &str) -> &'a ScheduledDose {
    round
        .iter()
        .find(|d| d.drug == drug)
        .unwrap_or_else(|| panic!("{drug} is on the round: {round:?}"))
}

#[tokio::test]
async fn a_scheduled_dose_falls_due_and_the_dose_given_answers_it_everywhere() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Nurse Amara");
    let mut b = TestWorkstation::new("Nurse Bello");
    a.join(&server).await;
    b.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Round", WARD))
            .unwrap();
    let once = Schedule::once(&ward_clock(SignedDuration::from_hours(-2)));
    let late =
        a.ws.charts()
            .prescribe(patient, order("Ceftriaxone", once, None))
            .unwrap();
    let soon = Schedule::once(&ward_clock(SignedDuration::from_mins(20)));
    a.ws.charts()
        .prescribe(patient, order("Paracetamol", soon, None))
        .unwrap();
    let prn = Schedule::as_needed(4, None);
    a.ws.charts()
        .prescribe(patient, order("Morphine", prn, None))
        .unwrap();
    for (substance, severity) in [("Latex", Severity::Mild), ("Penicillin", Severity::Severe)] {
        a.ws.charts()
            .record_allergy(
                patient,
                NewAllergy {
                    substance: substance.into(),
                    reaction: "Rash".into(),
                    severity,
                },
            )
            .unwrap();
    }

    let round = a.ws.charts().medication_round(Some(WARD)).unwrap();
    assert_eq!(line(&round, "Ceftriaxone").state, DoseState::Overdue);
    assert_eq!(
        line(&round, "Ceftriaxone").allergies,
        ["Penicillin (severe)", "Latex (mild)"],
        "whoever gives a dose on the round sees the patient's allergies, worst first"
    );
    assert_eq!(line(&round, "Paracetamol").state, DoseState::Due);
    assert!(
        round.iter().all(|d| d.drug != "Morphine"),
        "an as-needed order never falls due"
    );
    let first = a.ws.charts().ward_list(Some(WARD)).unwrap();
    let listed = first
        .iter()
        .find(|p| p.patient_id == patient.to_string())
        .unwrap();
    assert_eq!((listed.doses_overdue, listed.doses_due), (1, 1));
    let order =
        a.ws.store()
            .chart_view(&patient.to_string())
            .unwrap()
            .unwrap()
            .prescriptions;
    let ceftriaxone = order.iter().find(|o| o.drug == "Ceftriaxone").unwrap();
    assert!(
        ceftriaxone.frequency.starts_with("once at "),
        "the frequency in words defaults to the schedule's: {}",
        ceftriaxone.frequency
    );

    let dose = give(&a, patient, late, &stamp(SignedDuration::ZERO), None).unwrap();
    let given = line(
        &a.ws.charts().medication_round(Some(WARD)).unwrap(),
        "Ceftriaxone",
    )
    .clone();
    assert_eq!(given.state, DoseState::Given);
    assert_eq!(given.record_id, Some(dose.to_string()));
    assert_eq!(given.recorded_by.as_deref(), Some("Nurse Amara"));

    a.sync(&server).await;
    b.sync(&server).await;
    let there = b.ws.charts().dose_grid(&patient.to_string()).unwrap();
    assert_eq!(line(&there, "Ceftriaxone").state, DoseState::Given);
    assert_eq!(
        line(&there, "Ceftriaxone").recorded_by.as_deref(),
        Some("Nurse Amara")
    );

    // Marked entered in error, the dose no longer answers its time.
    a.ws.charts()
        .mark_dose_in_error(patient, dose, "Charted against the wrong order")
        .unwrap();
    let round = a.ws.charts().medication_round(Some(WARD)).unwrap();
    assert_eq!(line(&round, "Ceftriaxone").state, DoseState::Overdue);
}

#[tokio::test]
async fn as_needed_doses_keep_their_interval_and_daily_maximum_unless_a_reason_overrides() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Nurse Amara");
    a.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Prn", WARD))
            .unwrap();
    let rx =
        a.ws.charts()
            .prescribe(
                patient,
                order("Oxycodone", Schedule::as_needed(4, Some(2)), None),
            )
            .unwrap();

    give(
        &a,
        patient,
        rx,
        &stamp(SignedDuration::from_hours(-23)),
        None,
    )
    .unwrap();
    give(
        &a,
        patient,
        rx,
        &stamp(SignedDuration::from_hours(-10)),
        None,
    )
    .unwrap();
    // Two in the last 24 hours: a third is refused, though ten hours have passed.
    let maximum = give(&a, patient, rx, &stamp(SignedDuration::ZERO), None).unwrap_err();
    assert_eq!(maximum.code(), ErrorCode::Conflict);
    let message = maximum.to_string();
    assert!(
        message.contains("2 doses were given in the last 24 hours")
            && message.contains("give a reason"),
        "{message}"
    );

    let overridden = give(
        &a,
        patient,
        rx,
        &stamp(SignedDuration::ZERO),
        Some("Pain 9/10, reviewed by Dr Amadi"),
    )
    .unwrap();
    let doses: Vec<Entry<Administration>> = a.ws.store().records(&patient.to_string()).unwrap();
    let kept = doses
        .iter()
        .find(|d| d.record_id == overridden.to_string())
        .unwrap();
    assert_eq!(
        kept.record.override_reason.as_deref(),
        Some("Pain 9/10, reviewed by Dr Amadi")
    );

    // A minute later the interval refuses it too, saying from when the next is allowed.
    let too_soon = give(&a, patient, rx, &stamp(SignedDuration::from_mins(1)), None).unwrap_err();
    assert_eq!(too_soon.code(), ErrorCode::Conflict);
    assert!(
        too_soon.to_string().contains("the next is allowed from"),
        "{too_soon}"
    );
    // Held doses are not limited.
    a.ws.charts()
        .record_administration(
            patient,
            rx,
            AdministrationOutcome::Held,
            Some("asleep"),
            None,
            None,
        )
        .unwrap();
}

#[tokio::test]
async fn a_counted_course_ends_after_its_doses() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Nurse Amara");
    a.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Course", WARD))
            .unwrap();
    // Hourly from three hours ago, two doses: both fall before now, and no more.
    let first = ward_clock(SignedDuration::from_hours(-3));
    let mut course = order(
        "Gentamicin",
        Schedule::every_hours(1, &first[11..16]),
        Some(2),
    );
    first[..10].clone_into(&mut course.start);
    let rx = a.ws.charts().prescribe(patient, course).unwrap();
    let grid = a.ws.charts().dose_grid(&patient.to_string()).unwrap();
    assert_eq!(grid.len(), 2, "{grid:?}");
    assert!(grid.iter().all(|d| d.state == DoseState::Overdue));
    give(&a, patient, rx, &stamp(SignedDuration::from_mins(-5)), None).unwrap();
    give(&a, patient, rx, &stamp(SignedDuration::ZERO), None).unwrap();
    let done = give(&a, patient, rx, &stamp(SignedDuration::ZERO), None).unwrap_err();
    assert_eq!(done.code(), ErrorCode::Conflict);
    assert!(done.to_string().contains("course"), "{done}");

    let bad = a.ws.charts().prescribe(
        patient,
        order("Gentamicin", Schedule::times_of_day(&["25:00"]), None),
    );
    assert_eq!(bad.unwrap_err().code(), ErrorCode::ValidationError);
}
