//! The read API: what workstations wrote offline, after sync, through the server's
//! endpoints, within the caller's reach and roles, with the standard error body.

use bedside_client::{
    NewAllergy, NewAppointment, NewPrescription, NewProblem, NewTask, VitalSigns,
};
use bedside_shared::access::{DeviceProfile, Role};
use bedside_shared::chart::{
    AdministrationOutcome, AppointmentKind, NoteKind, PathwayStage, Priority, Severity,
};
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{TestWorkstation, WARD, new_patient, routine_task};
use serde_json::{Value, json};

fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

#[tokio::test]
async fn what_was_charted_offline_is_read_back_through_the_api_within_reach() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    let username = a.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Read", WARD))
            .unwrap();
    a.ws.charts()
        .set_pathway(patient, PathwayStage::PreOp)
        .unwrap();
    a.ws.charts()
        .schedule(
            patient,
            NewAppointment {
                title: "Cholecystectomy".into(),
                starts_at: "2031-03-01T08:30:00Z".into(),
                duration_minutes: 120,
                location: Some("Theatre 1".into()),
                kind: AppointmentKind::Procedure,
            },
        )
        .unwrap();
    let course =
        a.ws.charts()
            .prescribe(
                patient,
                NewPrescription {
                    drug: "Co-amoxiclav".into(),
                    dose: "625 mg".into(),
                    route: "oral".into(),
                    frequency: "every 8 hours".into(),
                    start: "2026-11-16".into(),
                    end: Some("2026-11-22".into()),
                    schedule: None,
                    doses: None,
                },
            )
            .unwrap();
    a.ws.charts()
        .complete_prescription(patient, course)
        .unwrap();
    a.ws.charts()
        .prescribe(patient, prescription("Cefuroxime", "1.5 g"))
        .unwrap();
    let note =
        a.ws.charts()
            .begin_note(patient, NoteKind::Progress, "Consented.")
            .unwrap();
    a.ws.charts().sign_note(patient, note).unwrap();
    a.ws.charts()
        .add_addendum(patient, note, "Site marked with the patient.")
        .unwrap();
    a.ws.charts()
        .record_allergy(
            patient,
            NewAllergy {
                substance: "Latex".into(),
                reaction: "Contact dermatitis".into(),
                severity: Severity::Mild,
            },
        )
        .unwrap();
    a.ws.charts()
        .add_problem(
            patient,
            NewProblem {
                code: "K80.2".into(),
                text: "Gallstones".into(),
                onset: None,
            },
        )
        .unwrap();
    let review =
        a.ws.charts()
            .schedule_appointment(
                patient,
                "Anaesthetic review",
                "2031-02-27T10:00:00Z",
                20,
                None,
            )
            .unwrap();
    a.ws.charts()
        .reschedule(patient, review, "2031-02-28T10:00:00Z")
        .unwrap();
    a.ws.charts()
        .record_vitals(
            patient,
            VitalSigns {
                pulse_bpm: Some(72),
                ..VitalSigns::default()
            },
        )
        .unwrap();
    a.ws.charts()
        .add_task(
            patient,
            NewTask {
                title: "Mark the operation site".into(),
                assignee: Some(username.clone()),
                due: Some(format!("{}T18:00:00Z", today())),
                priority: Priority::Urgent,
            },
        )
        .unwrap();
    let order =
        a.ws.store()
            .chart_view(&patient.to_string())
            .unwrap()
            .unwrap()
            .prescriptions
            .iter()
            .find(|p| p.drug == "Cefuroxime")
            .map(|p| p.prescription_id.parse().unwrap())
            .unwrap();
    a.ws.charts()
        .record_administration(
            patient,
            order,
            AdministrationOutcome::Given,
            None,
            None,
            None,
        )
        .unwrap();
    a.sync(&server).await;

    let mut medical = TestWorkstation::on(
        &server,
        "Dr Medical",
        &["MED-B"],
        DeviceProfile::WardWorkstation,
        &[Role::Doctor],
    )
    .await;
    let elsewhere = medical
        .ws
        .charts()
        .register_patient(new_patient("Elsewhere", "MED-B"))
        .unwrap();
    medical.sync(&server).await;

    let (status, list) = a.get(&server, "/v1/patients").await;
    assert_eq!(status, 200, "{list}");
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "only the own ward's patients: {list}");
    assert_eq!(items[0]["patient_id"], patient.to_string());
    assert_eq!(items[0]["pathway"], "pre_op");

    let found: Value =
        a.ws.link()
            .http()
            .unwrap()
            .post(format!("{}/v1/patients/search", server.url))
            .bearer_auth(a.ws.link().access_token().unwrap())
            .json(&json!({"text": "familyread"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    assert_eq!(found["items"].as_array().unwrap().len(), 1, "{found}");

    let id = patient.to_string();
    let (_, detail) = a.get(&server, &format!("/v1/patients/{id}")).await;
    let clinical = &detail["clinical"];
    for (collection, count) in [
        ("vitals", 1),
        ("allergies", 1),
        ("problems", 1),
        ("administrations", 1),
        ("addenda", 1),
        ("tasks", 1),
        ("prescriptions", 2),
    ] {
        assert_eq!(
            clinical[collection].as_object().map(|m| m.len()),
            Some(count),
            "{collection} in {clinical}"
        );
    }
    assert_eq!(
        detail["registration"]["appointments"][review.to_string()]["starts_at"],
        "2031-02-28T10:00:00Z",
        "the rescheduled time"
    );
    let (_, admitted) = a.get(&server, "/v1/patients?status=admitted").await;
    assert_eq!(admitted["items"].as_array().unwrap().len(), 1);
    let (_, discharged) = a.get(&server, "/v1/patients?status=discharged").await;
    assert!(discharged["items"].as_array().unwrap().is_empty());
    assert_eq!(a.get(&server, "/v1/patients?status=asleep").await.0, 400);
    let (_, theirs) = a
        .get(&server, &format!("/v1/tasks?assignee={username}"))
        .await;
    assert_eq!(theirs.as_array().unwrap().len(), 1);
    let (_, upcoming) = a
        .get(
            &server,
            &format!("/v1/patients/{id}/appointments?upcoming=true"),
        )
        .await;
    assert_eq!(
        (upcoming[0]["kind"].as_str(), upcoming[1]["kind"].as_str()),
        (Some("appointment"), Some("procedure")),
        "soonest first: {upcoming}"
    );
    let (_, active) = a
        .get(
            &server,
            &format!("/v1/patients/{id}/prescriptions?status=active"),
        )
        .await;
    assert_eq!(active.as_array().unwrap().len(), 1);
    assert_eq!(active[0]["drug"], "Cefuroxime");
    let (_, completed) = a
        .get(
            &server,
            &format!("/v1/patients/{id}/prescriptions?status=completed"),
        )
        .await;
    assert_eq!(completed[0]["drug"], "Co-amoxiclav");
    let (_, notes) = a.get(&server, &format!("/v1/patients/{id}/notes")).await;
    assert_eq!(notes["signed"][note.to_string()]["body"], "Consented.");
    let (_, timeline) = a.get(&server, &format!("/v1/patients/{id}/timeline")).await;
    let kinds: Vec<&str> = timeline
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    for kind in [
        "appointment",
        "note_signed",
        "prescription_started",
        "vitals",
        "task_created",
    ] {
        assert!(kinds.contains(&kind), "{kinds:?}");
    }
    for view in ["urgent", "mine", "due_today"] {
        let (status, tasks) = a.get(&server, &format!("/v1/tasks?view={view}")).await;
        assert_eq!(
            (status, tasks.as_array().map(Vec::len)),
            (200, Some(1)),
            "{view}: {tasks}"
        );
    }
    let (_, dashboard) = a.get(&server, "/v1/dashboard").await;
    assert_eq!(dashboard["census"][WARD], 1);
    assert_eq!(dashboard["pathway"]["pre_op"], 1);
    assert_eq!(
        dashboard["upcoming_procedures"].as_array().unwrap().len(),
        1
    );
    assert_eq!(dashboard["kpis"]["urgent_tasks"], 1);
    assert_eq!(dashboard["kpis"]["active_prescriptions"], 1);
    let (_, staff) = a.get(&server, "/v1/staff").await;
    assert!(
        staff
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["username"] == username)
    );
    assert!(staff[0].get("password_hash").is_none());

    // Another ward's patient is not found, on every patient route.
    let other = elsewhere.to_string();
    for route in ["", "/appointments", "/prescriptions", "/notes", "/timeline"] {
        let (status, body) = a
            .get(&server, &format!("/v1/patients/{other}{route}"))
            .await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (404, Some("NOT_FOUND")),
            "{route}"
        );
    }
    let (status, body) = a.get(&server, "/v1/patients/not-an-id").await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("VALIDATION_ERROR"))
    );
    let (status, _) = a.get(&server, "/v1/patients?limit=0").await;
    assert_eq!(status, 400);
    let (status, paged) = a.get(&server, "/v1/patients?limit=1&offset=0").await;
    assert_eq!(status, 200, "{paged}");
    assert_eq!(
        paged["next_offset"], 1,
        "a full page says where the next begins"
    );

    // A clerk sees the registration, never clinical records.
    let clerk = TestWorkstation::on(
        &server,
        "Clerk Reyes",
        &[WARD],
        DeviceProfile::WardWorkstation,
        &[Role::Clerk],
    )
    .await;
    let (status, detail) = clerk.get(&server, &format!("/v1/patients/{id}")).await;
    assert_eq!(status, 200);
    assert!(detail["clinical"].is_null(), "{detail}");
    let (status, body) = clerk
        .get(&server, &format!("/v1/patients/{id}/prescriptions"))
        .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("FORBIDDEN"))
    );
    let (_, dashboard) = clerk.get(&server, "/v1/dashboard").await;
    assert!(dashboard["kpis"].get("active_prescriptions").is_none());
}

/// An edit writes only the entries it touched into the stored JSON; after a run of them
/// the JSON is what rendering the whole document gives.
#[tokio::test]
async fn the_stored_json_and_listed_entries_follow_each_edit_as_a_whole_render_would() {
    use bedside_shared::chart::TaskStatus;
    use sqlx_core::query_scalar::query_scalar;

    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Nurse Amara");
    a.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Json", WARD))
            .unwrap();
    a.sync(&server).await;
    let task =
        a.ws.charts()
            .add_task(patient, routine_task("Check the drain"))
            .unwrap();
    a.sync(&server).await;
    a.ws.charts()
        .record_vitals(
            patient,
            VitalSigns {
                pulse_bpm: Some(88),
                ..VitalSigns::default()
            },
        )
        .unwrap();
    a.sync(&server).await;
    a.ws.charts()
        .set_task_status(patient, task, TaskStatus::Done)
        .unwrap();
    a.ws.charts()
        .record_allergy(
            patient,
            NewAllergy {
                substance: "Latex".into(),
                reaction: "Hives".into(),
                severity: Severity::Moderate,
            },
        )
        .unwrap();
    a.sync(&server).await;
    // A batch of many entries (the document rendered whole), then entries written in place.
    let course =
        a.ws.charts()
            .prescribe(patient, prescription("Cefuroxime", "1.5 g"))
            .unwrap();
    let rounds: Vec<_> = (0..5)
        .map(|i| {
            a.ws.charts()
                .add_task(patient, routine_task(&format!("Round {i}")))
                .unwrap()
        })
        .collect();
    a.ws.charts()
        .schedule_appointment(patient, "Wound review", "2031-02-27T10:00:00Z", 20, None)
        .unwrap();
    a.sync(&server).await;
    a.ws.charts()
        .complete_prescription(patient, course)
        .unwrap();
    a.ws.charts()
        .set_task_status(patient, rounds[0], TaskStatus::Done)
        .unwrap();
    a.sync(&server).await;
    a.ws.charts()
        .prescribe(patient, prescription("Paracetamol", "1 g"))
        .unwrap();
    a.sync(&server).await;

    let id = bedside_shared::DocId::clinical(patient);
    let stored = bedside_tests::server::stored_documents(&server.state).await;
    let whole = bedside_server::services::charts::as_json(&id, &stored[&id]).unwrap();
    let kept: Value = query_scalar::<_, sqlx_core::types::Json<Value>>(
        "SELECT body FROM chart_json WHERE doc_id = $1",
    )
    .bind(id.to_string())
    .fetch_one(&server.state.pool)
    .await
    .unwrap()
    .0;
    assert_eq!(kept, whole);
    assert_eq!(kept["vitals"].as_object().map(|v| v.len()), Some(1));
    assert_eq!(kept["tasks"][task.to_string()]["status"], "done");
    assert_eq!(kept["tasks"][rounds[0].to_string()]["status"], "done");
    assert_eq!(
        kept["prescriptions"][course.to_string()]["status"],
        "completed"
    );

    // The entries the ward's lists read are the rendered document's, entry for entry.
    let registration = bedside_shared::DocId::registration(patient);
    let registered =
        bedside_server::services::charts::as_json(&registration, &stored[&registration]).unwrap();
    for (collection, rendered) in [
        ("tasks", &whole["tasks"]),
        ("prescriptions", &whole["prescriptions"]),
        ("appointments", &registered["appointments"]),
    ] {
        let listed = listed_entries(&server, collection).await;
        assert_eq!(&listed, rendered, "{collection}");
    }
    assert_eq!(whole["tasks"].as_object().map(|t| t.len()), Some(6));
    assert_eq!(whole["prescriptions"].as_object().map(|t| t.len()), Some(2));
    let admission = listed_entries(&server, "admission").await;
    assert_eq!(admission[""], registered["admission"]);
}

/// The rows of `chart_entries` of one collection, as the JSON map they were read from.
async fn listed_entries(server: &TestServer, collection: &str) -> Value {
    use sqlx_core::query_as::query_as;
    let rows: Vec<(String, sqlx_core::types::Json<Value>)> =
        query_as("SELECT entry_key, body FROM chart_entries WHERE collection = $1")
            .bind(collection)
            .fetch_all(&server.state.pool)
            .await
            .unwrap();
    Value::Object(rows.into_iter().map(|(k, b)| (k, b.0)).collect())
}

/// An intravenous course of `drug` from 2026-11-23, open-ended.
fn prescription(drug: &str, dose: &str) -> NewPrescription {
    NewPrescription {
        drug: drug.into(),
        dose: dose.into(),
        route: "iv".into(),
        frequency: "every 8 hours".into(),
        start: "2026-11-23".into(),
        end: None,
        schedule: None,
        doses: None,
    }
}
