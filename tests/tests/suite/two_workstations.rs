//! Two ward workstations edit the same chart offline and converge through the server;
//! a third, fresh workstation receives the whole ward by snapshot and matches them.

use automerge::{AutoCommit, ReadDoc};
use bedside_client::store::queries::NoteStatus;
use bedside_client::{NewPrescription, PatientEdit};
use bedside_shared::chart::{self, NoteDraft, NoteKind};
use bedside_shared::{DocId, PatientId};
use bedside_tests::server::{TestServer, stored_documents};
use bedside_tests::workstation::{TestWorkstation, new_patient};

fn value(doc: &AutoCommit) -> automerge::hydrate::Value {
    doc.hydrate(automerge::ROOT, None)
        .expect("documents hydrate")
}

async fn assert_identical(server: &TestServer, workstations: &mut [&mut TestWorkstation]) {
    let stored = stored_documents(&server.state).await;
    assert!(
        !stored.is_empty(),
        "the server must hold the ward's documents"
    );
    for (id, server_doc) in &stored {
        let mut server_doc = server_doc.clone();
        for (n, ws) in workstations.iter_mut().enumerate() {
            let mut doc = ws
                .doc(id)
                .unwrap_or_else(|| panic!("workstation {n} lacks {id}"));
            assert_eq!(
                doc.get_heads(),
                server_doc.get_heads(),
                "workstation {n} must match the server on {id}"
            );
            assert_eq!(
                value(&doc),
                value(&server_doc),
                "workstation {n} must hold the server's values of {id}"
            );
        }
    }
    let first = &workstations[0].ws;
    let patients = first.store().patients(None).unwrap();
    for (n, ws) in workstations.iter().enumerate().skip(1) {
        assert_eq!(
            ws.ws.store().patients(None).unwrap(),
            patients,
            "workstation {n} patient list must match"
        );
        for p in &patients {
            assert_eq!(
                ws.ws.store().chart_view(&p.patient_id).unwrap(),
                first.store().chart_view(&p.patient_id).unwrap(),
                "workstation {n} projections of a chart must match"
            );
        }
        assert_eq!(
            ws.ws.status().unwrap().pending_changes,
            0,
            "workstation {n} must have nothing unacknowledged"
        );
    }
}

async fn offline_edits_converge(a_first: bool) {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.join(&server).await;
    let mut b = TestWorkstation::new("Nurse Bello");

    let patient =
        a.ws.charts()
            .register_patient(new_patient("Shared", "SURG-A"))
            .unwrap();
    let note =
        a.ws.charts()
            .begin_note(patient, NoteKind::Progress, "Seen on ward round.")
            .unwrap();
    a.sync(&server).await;
    let first = b.sync(&server).await;
    assert_eq!(
        first.snapshots, 3,
        "B's first sync brings the chart whole: registration, clinical, draft"
    );

    // Both offline now.
    a.ws.charts()
        .edit_patient(
            patient,
            PatientEdit {
                phone: Some("+44 20 7946 0001".into()),
                ..Default::default()
            },
        )
        .unwrap();
    b.ws.charts()
        .edit_patient(
            patient,
            PatientEdit {
                bed: Some("12".into()),
                ..Default::default()
            },
        )
        .unwrap();
    a.ws.charts()
        .write_note(patient, note, "Seen on ward round. Wound clean.")
        .unwrap();
    b.ws.charts()
        .write_note(patient, note, "Afebrile overnight. Seen on ward round.")
        .unwrap();
    let newcomer =
        a.ws.charts()
            .register_patient(new_patient("Newcomer", "SURG-A"))
            .unwrap();
    let prescription =
        b.ws.charts()
            .prescribe(
                patient,
                NewPrescription {
                    drug: "Cefazolin".into(),
                    dose: "2 g".into(),
                    route: "IV".into(),
                    frequency: "every 8 hours".into(),
                    start: "2026-11-23".into(),
                    end: None,
                    schedule: None,
                    doses: None,
                },
            )
            .unwrap();

    let order: [&mut TestWorkstation; 2] = if a_first {
        [&mut a, &mut b]
    } else {
        [&mut b, &mut a]
    };
    let [x, y] = order;
    for _ in 0..2 {
        x.sync(&server).await;
        y.sync(&server).await;
    }
    x.sync(&server).await;
    assert_identical(&server, &mut [&mut a, &mut b]).await;

    let chart_view =
        a.ws.store()
            .chart_view(&patient.to_string())
            .unwrap()
            .unwrap();
    assert_eq!(
        chart_view.patient.phone.as_deref(),
        Some("+44 20 7946 0001"),
        "A's phone edit survives"
    );
    assert_eq!(
        chart_view.patient.bed.as_deref(),
        Some("12"),
        "B's bed edit survives"
    );
    assert_eq!(
        chart_view.prescriptions.len(),
        1,
        "B's prescription reached A"
    );
    assert_eq!(
        chart_view.prescriptions[0].prescription_id,
        prescription.to_string()
    );
    assert!(
        b.ws.store()
            .chart_view(&newcomer.to_string())
            .unwrap()
            .is_some(),
        "A's new patient reached B"
    );
    let draft: NoteDraft = chart::read(&a.doc(&DocId::note_draft(patient, note)).unwrap()).unwrap();
    let text = draft.body.as_str();
    assert!(
        text.contains("Wound clean.") && text.contains("Afebrile overnight."),
        "both typists' words are kept: {text:?}"
    );

    // A fresh workstation receives the whole ward by snapshot.
    let mut c = TestWorkstation::new("Dr Chen");
    let report = c.sync(&server).await;
    assert_eq!(
        report.snapshots, 5,
        "C receives every document whole (2 patients x 2 + 1 draft)"
    );
    assert_eq!(report.offered, 0, "C had nothing to offer");
    assert_identical(&server, &mut [&mut a, &mut b, &mut c]).await;

    // Signing on C reaches A and B; the signed text is the merged text.
    c.ws.charts().sign_note(patient, note).unwrap();
    c.sync(&server).await;
    a.sync(&server).await;
    b.sync(&server).await;
    assert_identical(&server, &mut [&mut a, &mut b, &mut c]).await;
    let signed =
        b.ws.store()
            .chart_view(&patient.to_string())
            .unwrap()
            .unwrap();
    assert_eq!(signed.notes.len(), 1);
    assert_eq!(signed.notes[0].status, NoteStatus::Signed);
    assert_eq!(
        signed.notes[0].body, text,
        "the signed body is the merged draft"
    );
    let _: PatientId = newcomer;
}

#[tokio::test]
async fn offline_edits_converge_when_a_syncs_first() {
    offline_edits_converge(true).await;
}

#[tokio::test]
async fn offline_edits_converge_when_b_syncs_first() {
    offline_edits_converge(false).await;
}

#[tokio::test]
async fn a_document_taken_whole_holds_every_change_after_its_snapshot() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Whole", "SURG-A"))
            .unwrap();
    a.sync(&server).await;
    // Stored on the server as changes after the snapshot made when the chart was new.
    for bpm in [64, 72, 88] {
        a.ws.charts()
            .record_vitals(
                patient,
                bedside_client::VitalSigns {
                    pulse_bpm: Some(bpm),
                    ..Default::default()
                },
            )
            .unwrap();
        a.sync(&server).await;
    }

    let mut b = TestWorkstation::new("Nurse Bello");
    b.join(&server).await;
    let report = b.sync(&server).await;
    assert!(report.snapshots >= 2, "B took the chart whole: {report:?}");
    let id = DocId::clinical(patient);
    let (mut held, mut sent) = (b.doc(&id).unwrap(), a.doc(&id).unwrap());
    assert_eq!(held.get_heads(), sent.get_heads(), "the same heads");
    assert_eq!(value(&held), value(&sent), "the same chart");
    assert_eq!(
        b.ws.status().unwrap().pending_changes,
        0,
        "nothing received is offered back"
    );
}
