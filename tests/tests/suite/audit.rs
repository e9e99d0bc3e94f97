//! The tamper-evident audit log: rows for authentication outcomes and break-glass, an
//! append-only table sealed into its hash chain off the request path, and
//! `bedside-server audit verify` naming the first row that was changed, deleted or moved.

use std::process::Command;

use bedside_server::store::audit::{self, Verdict};
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{TestWorkstation, WARD, new_patient};
use sqlx_core::query::query;
use sqlx_core::query_scalar::query_scalar;

/// A server whose audit log holds a few events: enrollment, logins, a break-glass grant.
async fn audited() -> TestServer {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Audit", WARD))
            .unwrap();
    a.sync(&server).await;
    a.ws.charts()
        .break_glass(patient, "Checking the night round")
        .unwrap();
    a.sync(&server).await;
    let mut b = TestWorkstation::new("Nurse Bello");
    b.join(&server).await;
    b.sync(&server).await;
    server
}

/// `bedside-server audit verify` against the server's database: exit success and output.
fn verify_cli(server: &TestServer) -> (bool, String) {
    let bin = bedside_tests::replica::server_binary();
    let cwd = tempfile::tempdir().unwrap();
    let out = Command::new(&bin)
        .args(["audit", "verify"])
        .current_dir(cwd.path())
        .env("DATABASE_URL", server.database_url.as_deref().unwrap())
        .env("BEDSIDE_LOG", "off")
        .output()
        .unwrap_or_else(|e| panic!("{} runs: {e}", bin.display()));
    assert!(
        std::fs::read_dir(cwd.path()).unwrap().next().is_none(),
        "a command that keeps no documents leaves no document folder where it ran"
    );
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

/// Runs `statements` on one connection as a superuser who switched the append-only
/// triggers off, once every row is sealed (a row is protected from its sealing on).
async fn tamper(server: &TestServer, statements: &[&str]) {
    audit::seal(&server.state.pool, true).await.unwrap();
    let mut conn = server.state.pool.acquire().await.unwrap();
    query("ALTER TABLE audit_log DISABLE TRIGGER USER")
        .execute(&mut *conn)
        .await
        .unwrap();
    for sql in statements {
        query(sqlx_core::sql_str::AssertSqlSafe((*sql).to_owned()))
            .execute(&mut *conn)
            .await
            .unwrap();
    }
    query("ALTER TABLE audit_log ENABLE TRIGGER USER")
        .execute(&mut *conn)
        .await
        .unwrap();
}

#[tokio::test]
async fn events_are_chained_and_the_table_refuses_changes() {
    let server = audited().await;
    let pool = &server.state.pool;
    let actions: Vec<String> = query_scalar("SELECT action FROM audit_log ORDER BY seq")
        .fetch_all(pool)
        .await
        .unwrap();
    for action in [
        "user_added",
        "enrolled",
        "login_success",
        "break_glass",
        "chart_write",
        "chart_read",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }
    let (reason, device_time): (String, Option<time::OffsetDateTime>) =
        sqlx_core::query_as::query_as(
            "SELECT detail->>'reason', device_time FROM audit_log WHERE action = 'break_glass'",
        )
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(reason, "Checking the night round");
    let (documents, changes): (i32, i32) = sqlx_core::query_as::query_as(
        "SELECT jsonb_array_length(detail->'documents'), jsonb_array_length(detail->'changes')
         FROM audit_log WHERE action = 'chart_write' ORDER BY seq LIMIT 1",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(
        (documents, changes),
        (2, 3),
        "the registering batch: two documents, one change each and the server's permanent \
         MRN, by hash"
    );
    let readers: i64 = query_scalar(
        "SELECT count(DISTINCT user_id) FROM audit_log
         WHERE action = 'chart_read' AND patient_id IS NOT NULL AND detail->>'via' = 'sync'",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(
        readers, 2,
        "both clinicians' workstations received the chart"
    );
    assert!(
        device_time.is_some(),
        "break-glass carries the workstation's time too"
    );

    for sql in [
        "UPDATE audit_log SET outcome = 'success' WHERE seq = 1",
        "DELETE FROM audit_log WHERE seq = 1",
        "TRUNCATE audit_log",
    ] {
        let refused = query(sqlx_core::sql_str::AssertSqlSafe(sql.to_owned()))
            .execute(pool)
            .await
            .expect_err("the audit log is append-only");
        assert!(
            refused.to_string().contains("append-only"),
            "{sql}: {refused}"
        );
    }
    let rows = actions.len() as i64;
    assert_eq!(audit::verify(pool).await.unwrap(), Verdict::Intact { rows });
    let (ok, text) = verify_cli(&server);
    assert!(ok, "{text}");
    assert!(text.contains(&format!("intact: {rows} rows")), "{text}");
}

#[tokio::test]
async fn a_changed_row_is_named() {
    let server = audited().await;
    tamper(
        &server,
        &["UPDATE audit_log SET outcome = 'tampered' WHERE seq = 3"],
    )
    .await;
    assert!(matches!(
        audit::verify(&server.state.pool).await.unwrap(),
        Verdict::Broken { seq: 3, .. }
    ));
    let (ok, text) = verify_cli(&server);
    assert!(!ok, "verify fails with a non-zero status");
    assert!(
        text.contains("broken at row 3") && text.contains("changed"),
        "{text}"
    );
}

#[tokio::test]
async fn a_deleted_row_is_named() {
    let server = audited().await;
    tamper(&server, &["DELETE FROM audit_log WHERE seq = 2"]).await;
    let verdict = audit::verify(&server.state.pool).await.unwrap();
    assert!(
        matches!(verdict, Verdict::Broken { seq: 3, why } if why.contains("deleted")),
        "the row after the gap no longer follows: {verdict:?}"
    );
}

#[tokio::test]
async fn swapped_rows_are_named() {
    let server = audited().await;
    // Swap rows 2 and 3 whole, ids included.
    tamper(
        &server,
        &[
            "CREATE TEMP TABLE moved AS SELECT * FROM audit_log WHERE seq IN (2, 3)",
            "UPDATE audit_log SET event_id = gen_random_uuid() WHERE seq IN (2, 3)",
            "UPDATE audit_log a SET event_id = m.event_id, at = m.at, device_time = m.device_time,
               user_id = m.user_id, device_id = m.device_id, action = m.action,
               patient_id = m.patient_id, outcome = m.outcome, detail = m.detail
             FROM moved m WHERE a.seq IN (2, 3) AND m.seq <> a.seq",
        ],
    )
    .await;
    let verdict = audit::verify(&server.state.pool).await.unwrap();
    assert!(
        matches!(verdict, Verdict::Broken { seq: 2, .. }),
        "the first moved row is named: {verdict:?}"
    );
}

/// Rows recorded and not yet sealed, and the chain's positions (1 to n, no gap).
async fn unsealed_and_chain(pool: &sqlx_postgres::PgPool) -> (i64, i64, i64) {
    let unsealed = audit::unsealed(pool).await.unwrap();
    let (sealed, last): (i64, Option<i64>) =
        sqlx_core::query_as::query_as("SELECT count(*), max(pos) FROM audit_chain")
            .fetch_one(pool)
            .await
            .unwrap();
    (unsealed, sealed, last.unwrap_or(0))
}

/// Waits (at most ten seconds) until the running server's sealer has sealed every row.
async fn sealed_by_the_server(pool: &sqlx_postgres::PgPool) {
    for _ in 0..100 {
        if audit::unsealed(pool).await.unwrap() == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the server sealed no row for ten seconds");
}

#[tokio::test]
async fn the_server_seals_what_requests_record_within_seconds() {
    let server = audited().await;
    let pool = &server.state.pool;
    sealed_by_the_server(pool).await;
    let (unsealed, sealed, last) = unsealed_and_chain(pool).await;
    let rows: i64 = query_scalar("SELECT count(*) FROM audit_log")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(
        (unsealed, sealed, last),
        (0, rows, rows),
        "one chain, no gap"
    );
    assert_eq!(audit::verify(pool).await.unwrap(), Verdict::Intact { rows });
}

#[tokio::test]
async fn a_crash_between_recording_and_sealing_loses_no_row() {
    let server = audited().await;
    let state = server.stop().await;
    let pool = state.pool.clone();
    // Recorded by requests just before the crash, never sealed by that replica.
    for n in 0..5 {
        let mut event = audit::Event::now("login_success", "success");
        event.detail = serde_json::json!({ "n": n });
        assert!(audit::record(&pool, &event).await.unwrap());
    }
    // A sealer that dies mid-pass: its transaction never commits.
    {
        let mut tx = pool.begin().await.unwrap();
        query("SELECT pg_advisory_xact_lock($1)")
            .bind(audit::SEALER)
            .execute(&mut *tx)
            .await
            .unwrap();
        assert!(audit::seal_pass(&mut tx).await.unwrap() >= 5);
        drop(tx);
    }
    let rows: i64 = query_scalar("SELECT count(*) FROM audit_log")
        .fetch_one(&pool)
        .await
        .unwrap();
    let (unsealed, sealed, _) = unsealed_and_chain(&pool).await;
    assert!(unsealed >= 5, "the dead pass sealed nothing");
    assert_eq!(unsealed + sealed, rows);

    let restarted = TestServer::serve(state).await;
    sealed_by_the_server(&restarted.state.pool).await;
    assert_eq!(
        audit::verify(&restarted.state.pool).await.unwrap(),
        Verdict::Intact { rows },
        "every row recorded before the crash is in the chain"
    );
}

#[tokio::test]
async fn recorders_and_sealers_at_once_make_one_unbroken_chain() {
    let server = TestServer::start().await;
    let pool = server.state.pool.clone();
    let before: i64 = query_scalar("SELECT count(*) FROM audit_log")
        .fetch_one(&pool)
        .await
        .unwrap();
    let mut tasks = tokio::task::JoinSet::new();
    for writer in 0..8 {
        let pool = pool.clone();
        tasks.spawn(async move {
            for n in 0..40 {
                let mut event = audit::Event::now("chart_read", "success");
                event.detail = serde_json::json!({ "writer": writer, "n": n });
                audit::record(&pool, &event).await.unwrap();
            }
        });
    }
    for _ in 0..2 {
        let pool = pool.clone();
        tasks.spawn(async move {
            for _ in 0..40 {
                audit::seal(&pool, false).await.unwrap();
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }
    let rows = before + 8 * 40;
    assert_eq!(
        audit::verify(&pool).await.unwrap(),
        Verdict::Intact { rows }
    );
    assert_eq!(unsealed_and_chain(&pool).await, (0, rows, rows));
}

#[tokio::test]
async fn administrators_query_and_export_the_log_and_the_query_is_audited() {
    use bedside_shared::access::Role;
    use bedside_tests::device::TestDevice;
    use serde_json::Value;

    let server = audited().await;
    let patient: uuid::Uuid =
        query_scalar("SELECT patient_id FROM audit_log WHERE action = 'break_glass' LIMIT 1")
            .fetch_one(&server.state.pool)
            .await
            .unwrap();
    let http = reqwest::Client::new();
    let session = |username: &'static str, role: Role| {
        let server = &server;
        async move {
            bedside_server::services::admin::add_user(
                &server.state,
                username,
                username,
                &[role],
                bedside_tests::workstation::PASSWORD,
            )
            .await
            .unwrap();
            let device = TestDevice::enroll(server, &[WARD]).await;
            let body = device
                .log_in(server, username, bedside_tests::workstation::PASSWORD)
                .await;
            body["access_token"].as_str().unwrap().to_owned()
        }
    };
    let admin = session("it.admin", Role::Admin).await;
    let doctor = session("dr.nosy", Role::Doctor).await;

    let url = format!(
        "{}/v1/audit?patient_id={patient}&action=chart_read&limit=50",
        server.url
    );
    let refused = http.get(&url).bearer_auth(&doctor).send().await.unwrap();
    assert_eq!(
        refused.status().as_u16(),
        403,
        "only administrators read the log"
    );

    let page: Value = http
        .get(&url)
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = page["items"].as_array().unwrap();
    assert!(!items.is_empty(), "{page}");
    assert!(
        items
            .iter()
            .all(|e| e["action"] == "chart_read" && e["patient_id"] == patient.to_string())
    );

    let export = http
        .get(format!(
            "{}/v1/audit/export?patient_id={patient}",
            server.url
        ))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(
        export.headers()["content-type"].to_str().unwrap(),
        "application/fhir+ndjson"
    );
    let text = export.text().await.unwrap();
    let resources: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(resources.iter().all(|r| r["resourceType"] == "AuditEvent"
        && r["entity"][0]["what"]["reference"] == format!("Patient/{patient}")));
    let glass = resources
        .iter()
        .find(|r| r["subtype"][0]["code"] == "break_glass")
        .expect("the break-glass grant is exported");
    assert_eq!(
        glass["purposeOfEvent"][0]["text"],
        "Checking the night round"
    );
    assert!(
        glass["period"]["start"].is_string(),
        "with the workstation's time"
    );

    let queries: i64 = query_scalar("SELECT count(*) FROM audit_log WHERE action = 'audit_query'")
        .fetch_one(&server.state.pool)
        .await
        .unwrap();
    assert_eq!(
        queries, 2,
        "the query and the export are themselves audited"
    );
    assert!(matches!(
        audit::verify(&server.state.pool).await.unwrap(),
        Verdict::Intact { .. }
    ));
}

#[tokio::test]
async fn chart_work_done_offline_reaches_the_log_once_with_both_times() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    let username = a.join(&server).await;
    let patient =
        a.ws.charts()
            .register_patient(new_patient("Offline", WARD))
            .unwrap();
    a.sync(&server).await;

    // The server goes away; the clinician logs in offline, opens and edits the chart.
    let url = server.url.clone();
    let state = server.stop().await;
    a.ws.access()
        .login_offline(&username, bedside_tests::workstation::PASSWORD)
        .unwrap();
    a.ws.charts().may_open(&patient.to_string()).unwrap();
    a.ws.charts()
        .edit_patient(
            patient,
            bedside_client::PatientEdit {
                bed: Some("4".into()),
                ..Default::default()
            },
        )
        .unwrap();
    let waiting = a.ws.audit_waiting().unwrap();
    assert!(
        waiting >= 2,
        "the open and the edit wait in the queue ({waiting})"
    );
    let impatient =
        bedside_client::SyncClient::new(&url)
            .unwrap()
            .with_retry(bedside_client::RetryPolicy {
                attempts: 1,
                ..Default::default()
            });
    a.ws.sync(&impatient).await.expect_err("the server is down");
    assert_eq!(
        a.ws.audit_waiting().unwrap(),
        waiting,
        "a failed upload loses nothing"
    );

    let server = TestServer::serve(state).await;
    a.sync(&server).await;
    assert_eq!(a.ws.audit_waiting().unwrap(), 0);
    a.sync(&server).await;
    let pool = &server.state.pool;
    let (opens, offline, with_device_time, all): (i64, i64, i64, i64) =
        sqlx_core::query_as::query_as(
            "SELECT count(*) FILTER (WHERE action = 'chart_open'),
                    count(*) FILTER (WHERE detail->>'offline_session' = 'true'),
                    count(*) FILTER (WHERE device_time IS NOT NULL),
                    count(*)
             FROM audit_log WHERE detail->>'source' = 'workstation'",
        )
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(opens, 1, "the offline chart open arrived exactly once");
    assert_eq!(
        offline as usize, waiting,
        "the offline session's events are marked"
    );
    assert_eq!(
        with_device_time, all,
        "every workstation event carries its device time"
    );
    assert_eq!(
        all as usize,
        waiting + 1,
        "the registration uploaded earlier, and the offline login, open and edit, once each"
    );
    assert!(matches!(
        audit::verify(pool).await.unwrap(),
        Verdict::Intact { .. }
    ));
}

#[tokio::test]
async fn a_forged_event_is_refused_and_recorded_and_a_replay_is_stored_once() {
    use bedside_shared::audit::{EventReceipt, EventUpload, WorkstationEvent, event_message};
    use bedside_tests::device::TestDevice;

    let server = TestServer::start().await;
    bedside_server::services::admin::add_user(
        &server.state,
        "bello",
        "Nurse Bello",
        &[bedside_shared::access::Role::Nurse],
        bedside_tests::workstation::PASSWORD,
    )
    .await
    .unwrap();
    let device = TestDevice::enroll(&server, &[WARD]).await;
    let http = reqwest::Client::new();
    let session = device
        .log_in(&server, "bello", bedside_tests::workstation::PASSWORD)
        .await;
    let token = session["access_token"].as_str().unwrap();
    let user: uuid::Uuid = session["user"]["user_id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let event = |signer: &TestDevice| {
        let mut e = WorkstationEvent {
            event_id: uuid::Uuid::now_v7(),
            user_id: user,
            action: "chart_open".into(),
            patient_id: Some(uuid::Uuid::now_v7()),
            device_time: "2026-11-23T03:00:00Z".into(),
            detail: Default::default(),
            signature: String::new(),
        };
        e.signature = signer.sign(&event_message(device.id, &e));
        e
    };
    let upload = |events: Vec<WorkstationEvent>| {
        let http = http.clone();
        let url = format!("{}/v1/audit/events", server.url);
        async move {
            http.post(url)
                .bearer_auth(token)
                .json(&EventUpload { events })
                .send()
                .await
                .unwrap()
                .json::<EventReceipt>()
                .await
                .unwrap()
        }
    };

    let genuine = event(&device);
    let first = upload(vec![genuine.clone()]).await;
    let again = upload(vec![genuine.clone()]).await;
    assert_eq!(
        (first.stored, again.stored, again.duplicates),
        (1, 0, 1),
        "stored once"
    );

    let impostor = TestDevice::unenrolled();
    let forged = event(&impostor);
    let mut altered = event(&device);
    altered.action = "chart_edit".into();
    let mut invented = event(&device);
    invented.action = "chart_purged".into();
    invented.signature = device.sign(&event_message(device.id, &invented));
    // Validly signed by the device, but naming a doctor who never logged in on it.
    let doctor = bedside_server::services::admin::add_user(
        &server.state,
        "adams",
        "Dr Adams",
        &[bedside_shared::access::Role::Doctor],
        bedside_tests::workstation::PASSWORD,
    )
    .await
    .unwrap();
    let mut borrowed = event(&device);
    borrowed.user_id = doctor;
    borrowed.signature = device.sign(&event_message(device.id, &borrowed));
    let receipt = upload(vec![
        forged.clone(),
        altered.clone(),
        invented.clone(),
        borrowed.clone(),
    ])
    .await;
    assert_eq!(receipt.stored, 0);
    assert_eq!(
        receipt.refused,
        vec![
            forged.event_id,
            altered.event_id,
            invented.event_id,
            borrowed.event_id
        ],
        "forged, altered, an action workstations do not record, and a user who is not \
         signed in on the workstation"
    );
    let refusals: i64 =
        query_scalar("SELECT count(*) FROM audit_log WHERE action = 'audit_event_refused'")
            .fetch_one(&server.state.pool)
            .await
            .unwrap();
    assert_eq!(refusals, 4, "every refused event is itself recorded");
    let stored: i64 = query_scalar("SELECT count(*) FROM audit_log WHERE event_id = $1")
        .bind(genuine.event_id)
        .fetch_one(&server.state.pool)
        .await
        .unwrap();
    assert_eq!(stored, 1);
}

#[tokio::test]
async fn a_console_operator_is_the_process_account_not_what_user_says() {
    let server = TestServer::start().await;
    let bin = bedside_tests::replica::server_binary();
    for (ward, user) in [("CONSOLE-1", Some("someone.else")), ("CONSOLE-2", None)] {
        let mut command = Command::new(&bin);
        command
            .args(["admin", "ward", "add", ward, "--name", "Console ward"])
            .env("DATABASE_URL", server.database_url.as_deref().unwrap())
            .env("BEDSIDE_LOG", "off")
            .env_remove("LOGNAME");
        match user {
            Some(user) => command.env("USER", user),
            None => command.env_remove("USER"),
        };
        let out = command.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let uid = nix::unistd::getuid();
    let account = nix::unistd::User::from_uid(uid).unwrap().unwrap().name;
    let rows: Vec<serde_json::Value> = query_scalar(
        "SELECT detail FROM audit_log WHERE action = 'ward_saved' AND detail->>'via' = 'console'
         ORDER BY seq",
    )
    .fetch_all(&server.state.pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 2);
    for row in &rows {
        assert_eq!(
            row["operator"], account,
            "the operator is the account of the process's real uid: {row}"
        );
        assert_eq!(row["operator_uid"], uid.as_raw());
    }
    assert_eq!(
        rows[0]["claimed_operator"], "someone.else",
        "a $USER naming someone else is kept as a claim beside the real account"
    );
    assert!(rows[1].get("claimed_operator").is_none());
}

/// A chart on screen is audited once as opened: reading it again (a reload after a sync,
/// its timeline, a thumbnail) adds nothing, while closing it, opening another, or
/// locking makes the next reading a new opening.
#[tokio::test]
async fn a_chart_is_audited_once_per_opening_not_per_reload() {
    let server = TestServer::start().await;
    let mut a = TestWorkstation::new("Dr Adams");
    a.join(&server).await;
    let first =
        a.ws.charts()
            .register_patient(new_patient("Opened", WARD))
            .unwrap();
    let second =
        a.ws.charts()
            .register_patient(new_patient("Other", WARD))
            .unwrap();
    a.sync(&server).await;
    let mut queued = a.ws.audit_waiting().unwrap();
    let mut opened = |ws: &bedside_client::Workstation| {
        let now = ws.audit_waiting().unwrap();
        let new = now - queued;
        queued = now;
        new
    };

    a.ws.charts().open_chart(first).unwrap();
    assert_eq!(opened(&a.ws), 1, "opening the chart is audited");
    a.ws.charts().open_chart(first).unwrap();
    a.ws.charts().may_open(&first.to_string()).unwrap();
    assert_eq!(opened(&a.ws), 0, "reading the open chart again is not");
    a.ws.charts().close_chart();
    a.ws.charts().open_chart(first).unwrap();
    assert_eq!(opened(&a.ws), 1, "after closing it, opening it again is");
    a.ws.charts().open_chart(second).unwrap();
    a.ws.charts().open_chart(first).unwrap();
    assert_eq!(opened(&a.ws), 2, "switching charts opens each");
    a.ws.access().lock();
    a.ws.access()
        .unlock(bedside_tests::workstation::PASSWORD)
        .unwrap();
    opened(&a.ws);
    a.ws.charts().open_chart(first).unwrap();
    assert_eq!(opened(&a.ws), 1, "after a lock, the chart is opened anew");
}
