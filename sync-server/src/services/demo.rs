//! The demo ward `make run` seeds: realistic but invented patients, each with a few
//! scheduled prescriptions (the last day's doses given, the last hour and a half's not
//! yet), an appointment and a signed admission note. Seeded through the same
//! sync path as any workstation's edits, so it is validated and stored like them.

use bedside_shared::access::{DeviceProfile, Role};
use bedside_shared::chart::schedule::Course;
use bedside_shared::chart::{
    self, Administration, AdministrationOutcome, Admission, AdmissionStatus, Appointment,
    AppointmentKind, AppointmentStatus, Clinical, Demographics, NoteDraft, NoteKind, PathwayStage,
    Prescription, PrescriptionStatus, Registration, Schedule, Sex,
};
use bedside_shared::sync::{DocOffer, PROTOCOL_VERSION, SyncRequest, offer};
use bedside_shared::{DeviceId, DocId, NoteId, PatientId, PrescriptionId};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use sqlx_core::query_scalar::query_scalar;

use super::identity::Caller;
use super::sync::{MAX_OFFERS, sync};
use crate::error::ApiError;
use crate::state::AppState;

/// Given names of the invented patients.
pub const GIVEN: &[&str] = &[
    "Amara", "Tomasz", "Ingrid", "Kwame", "Lucía", "Hiroshi", "Fatima", "Oliver", "Priya", "Mateo",
    "Sofia", "Dmitri", "Aisha", "Liam", "Mei", "Jonas",
];
/// Family names of the invented patients.
pub const FAMILY: &[&str] = &[
    "Okafor",
    "Nowak",
    "Lindqvist",
    "Mensah",
    "García",
    "Tanaka",
    "Haddad",
    "Brennan",
    "Raman",
    "Silva",
    "Rossi",
    "Volkov",
    "Bello",
    "Murphy",
    "Chen",
    "Keller",
];
/// Common ward orders: (drug, dose, route, frequency).
pub const DRUGS: &[(&str, &str, &str, &str)] = &[
    ("Paracetamol", "1 g", "oral", "every 6 hours"),
    ("Cefazolin", "2 g", "IV", "every 8 hours"),
    ("Enoxaparin", "40 mg", "subcutaneous", "daily"),
    ("Morphine", "2.5 mg", "IV", "every 4 hours as needed"),
    ("Ondansetron", "4 mg", "IV", "every 8 hours as needed"),
];

/// When the doses of [`DRUGS`]' order `index` fall.
pub fn demo_schedule(index: usize) -> Schedule {
    match index % DRUGS.len() {
        0 => Schedule::times_of_day(&["06:00", "12:00", "18:00", "00:00"]),
        1 => Schedule::every_hours(8, "06:00"),
        2 => Schedule::times_of_day(&["18:00"]),
        3 => Schedule::as_needed(4, None),
        _ => Schedule::as_needed(8, Some(3)),
    }
}

/// How long before the seeding the demo's nurses stopped charting: doses due since are
/// due or overdue on the demo ward.
const CHARTED_UNTIL: SignedDuration = SignedDuration::from_mins(90);

/// The scheduled doses of the last day up to [`CHARTED_UNTIL`] ago, each given ten
/// minutes after its time by the demo's nurse (times of day on UTC's clock).
fn given_doses(clinical: &mut Clinical, order: PrescriptionId, p: &Prescription) {
    let (Some(schedule), Ok(start)) = (&p.schedule, p.start.parse()) else {
        return;
    };
    let now = Timestamp::now();
    let course = Course {
        start,
        end: None,
        doses: None,
    };
    let from = now - SignedDuration::from_hours(24);
    for at in schedule.times(&TimeZone::UTC, &course, from, now - CHARTED_UNTIL) {
        let given = at + SignedDuration::from_mins(10);
        clinical.record_administration(Administration {
            prescription_id: order.to_string(),
            outcome: AdministrationOutcome::Given,
            by: "Nurse Demo".into(),
            at: given.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
            note: None,
            corrects: None,
            override_reason: None,
        });
    }
}
const NOTES: &[&str] = &[
    "Admitted for elective laparoscopic cholecystectomy. Observations stable, pain controlled.",
    "Post-operative day 1. Tolerating fluids, wound dry, mobilising with assistance.",
    "Admitted with right iliac fossa pain. Bloods sent, surgical review requested.",
    "Day 2 after total knee replacement. Physiotherapy started, pain score 3/10.",
];

fn patient_docs(i: usize, ward: &str) -> Result<Vec<DocOffer>, chart::EditError> {
    let patient = PatientId::new();
    let registration = Registration::new(
        patient,
        Demographics {
            mrn: format!("DEMO-{:05}", i + 1),
            given_name: GIVEN[i % GIVEN.len()].into(),
            family_name: FAMILY[(i * 7 + 3) % FAMILY.len()].into(),
            birth_date: format!(
                "{}-{:02}-{:02}",
                1940 + (i * 13) % 60,
                1 + i % 12,
                1 + (i * 5) % 28
            ),
            sex: if i.is_multiple_of(2) {
                Sex::Female
            } else {
                Sex::Male
            },
            phone: Some(format!("+44 20 7946 {:04}", 100 + i)),
            address: None,
            provisional_mrn: None,
        },
        Admission {
            ward: ward.into(),
            bed: Some(format!("{}", i + 1)),
            status: AdmissionStatus::Admitted,
            pathway: Some(PathwayStage::PostOp),
        },
    );
    let mut registration = registration;
    registration.schedule(Appointment {
        title: "Surgical review".into(),
        starts_at: format!("2026-11-{:02}T{:02}:00:00Z", 24 + i % 5, 8 + i % 9),
        duration_minutes: 20,
        location: Some("Ward round".into()),
        status: AppointmentStatus::Scheduled,
        kind: AppointmentKind::Procedure,
    });
    let mut clinical = Clinical::new(patient);
    for k in 0..2 {
        let (drug, dose, route, frequency) = DRUGS[(i + k * 2) % DRUGS.len()];
        let order = Prescription {
            drug: drug.into(),
            dose: dose.into(),
            route: route.into(),
            frequency: frequency.into(),
            start: "2026-11-22".into(),
            end: None,
            prescriber: "Dr Demo".into(),
            status: PrescriptionStatus::Active,
            stopped_at: None,
            stop_reason: None,
            schedule: Some(demo_schedule(i + k * 2)),
            doses: None,
        };
        let id = clinical.prescribe(order.clone());
        given_doses(&mut clinical, id, &order);
    }
    let note = NoteId::new();
    let at = "2026-11-22T09:00:00Z";
    let mut draft = NoteDraft::begin(
        patient,
        note,
        NoteKind::Progress,
        "Dr Demo",
        at,
        NOTES[i % NOTES.len()],
    );
    draft
        .sign(&mut clinical, "Dr Demo", at)
        .expect("a fresh draft signs");
    let mut reg_doc = chart::create(&registration)?;
    let mut clin_doc = chart::create(&clinical)?;
    let mut draft_doc = chart::create(&draft)?;
    Ok(vec![
        offer(DocId::registration(patient), &mut reg_doc, &[]),
        offer(DocId::clinical(patient), &mut clin_doc, &[]),
        offer(DocId::note_draft(patient, note), &mut draft_doc, &[]),
    ])
}

/// Demo accounts `make run` creates: (username, display name, role).
pub const DEMO_USERS: &[(&str, &str, Role)] = &[
    ("demo.doctor", "Dr Demo Doctor", Role::Doctor),
    ("demo.nurse", "Demo Nurse", Role::Nurse),
    ("demo.clerk", "Demo Clerk", Role::Clerk),
];
/// Their password: for a demo on one machine, never for patients.
pub const DEMO_PASSWORD: &str = "bedside-demo";

/// Creates the demo ward and the demo accounts if they are missing.
pub async fn seed_accounts(state: &AppState, ward: &str) -> Result<(), ApiError> {
    super::devices::add_ward(state, ward, "Demo ward").await?;
    for (username, display_name, role) in DEMO_USERS {
        if crate::store::users::by_username(&state.pool, username)
            .await?
            .is_none()
        {
            super::admin::add_user(state, username, display_name, &[*role], DEMO_PASSWORD).await?;
        }
    }
    Ok(())
}

/// Seeds `count` patients on `ward` unless the ward already has patients. Returns how
/// many were added.
pub async fn seed_ward(state: &AppState, ward: &str, count: usize) -> Result<usize, ApiError> {
    let present: i64 = query_scalar("SELECT count(*) FROM patients WHERE ward = $1")
        .bind(ward)
        .fetch_one(&state.pool)
        .await?;
    if present > 0 {
        return Ok(0);
    }
    let mut offers = Vec::new();
    for i in 0..count {
        offers.extend(patient_docs(i, ward).map_err(|e| ApiError::invalid(e.to_string()))?);
    }
    seed_offers(state, ward, offers).await?;
    Ok(count)
}

/// Stores `offers` through the same sync path as any workstation's edits, written by a
/// clinical team on a workstation of `ward`.
pub async fn seed_offers(
    state: &AppState,
    ward: &str,
    offers: Vec<DocOffer>,
) -> Result<(), ApiError> {
    let device = DeviceId::new();
    // No user uploads the demo ward: the nil user marks the server's own import, whose
    // records keep the names they were written with (see `signers`).
    let seeder = Caller {
        user_id: uuid::Uuid::nil(),
        device_id: device.as_uuid(),
        roles: vec![Role::Doctor, Role::Nurse, Role::Clerk],
        profile: DeviceProfile::WardWorkstation,
        wards: vec![ward.to_owned()],
        device_time: None,
    };
    for batch in offers.chunks(MAX_OFFERS) {
        let request = SyncRequest {
            version: PROTOCOL_VERSION,
            device,
            cursor: None,
            epoch: None,
            offers: batch.to_vec(),
        };
        sync(state, &seeder, request).await?;
    }
    Ok(())
}
