//! The ward board and dashboard from a workstation's own store: the ward's tasks by where
//! they stand (done ones for a day), and the census, pathway, procedures to come and the
//! shift's figures, matching what was charted.

use bedside_client::{NewAppointment, NewTask};
use bedside_shared::chart::{AppointmentKind, Priority, TaskStatus};
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{TestWorkstation, WARD, deteriorating, new_patient};

fn task(title: &str, priority: Priority) -> NewTask {
    NewTask {
        title: title.into(),
        assignee: None,
        due: None,
        priority,
    }
}

#[tokio::test]
async fn the_board_and_dashboard_show_the_ward_as_charted() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Nurse Amara");
    a.join(&server).await;
    let ill =
        a.ws.charts()
            .register_patient(new_patient("Board", WARD))
            .unwrap();
    let settled =
        a.ws.charts()
            .register_patient(new_patient("Settled", WARD))
            .unwrap();

    let dressing =
        a.ws.charts()
            .add_task(settled, task("Change dressing", Priority::Routine))
            .unwrap();
    let cannula =
        a.ws.charts()
            .add_task(settled, task("Remove cannula", Priority::Routine))
            .unwrap();
    a.ws.charts()
        .set_task_status(settled, cannula, TaskStatus::Done)
        .unwrap();
    a.ws.charts()
        .set_task_status(settled, dressing, TaskStatus::InProgress)
        .unwrap();
    // A high score raises its own urgent escalation task.
    a.ws.charts().record_vitals(ill, deteriorating()).unwrap();
    a.ws.charts()
        .schedule(
            ill,
            NewAppointment {
                title: "Laparoscopy".into(),
                starts_at: "2099-01-01T09:00:00Z".into(),
                duration_minutes: 60,
                location: Some("Theatre 2".into()),
                kind: AppointmentKind::Procedure,
            },
        )
        .unwrap();

    let board = a.ws.charts().ward_board(Some(WARD)).unwrap();
    let seen: Vec<(&str, TaskStatus, Priority)> = board
        .iter()
        .map(|t| (t.task.title.as_str(), t.task.status, t.task.priority))
        .collect();
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(
        seen[0].0.starts_with("Escalate NEWS2") && seen[0].2 == Priority::Urgent,
        "urgent first: {seen:?}"
    );
    assert!(seen.contains(&("Change dressing", TaskStatus::InProgress, Priority::Routine)));
    assert!(seen.contains(&("Remove cannula", TaskStatus::Done, Priority::Routine)));
    let escalation = &board[0];
    assert_eq!(escalation.patient_id, ill.to_string());
    assert!(escalation.patient_name.starts_with("FAMILYBOARD"));

    let dashboard = a.ws.charts().ward_dashboard(Some(WARD)).unwrap();
    let f = &dashboard.figures;
    assert_eq!(f.admitted, 2);
    assert_eq!((f.open_tasks, f.urgent_tasks, f.done_tasks), (2, 1, 1));
    assert_eq!((f.news2_high, f.news2_medium, f.without_obs), (1, 0, 1));
    assert_eq!(dashboard.census[WARD]["admitted"], 2);
    assert_eq!(dashboard.upcoming_procedures.len(), 1);
    assert_eq!(
        dashboard.upcoming_procedures[0].procedure.title,
        "Laparoscopy"
    );
    assert!(
        dashboard.upcoming_procedures[0]
            .patient_name
            .starts_with("FAMILYBOARD")
    );
}
