//! The window's commands through Tauri's IPC on the mock runtime: the JSON the window
//! sends and the JSON it reads back, errors included, against a real server, a real
//! SQLCipher store and the OS keyring — without a display.

use std::path::PathBuf;
use std::time::Duration;

use bedside_client::KeyStore;
use bedside_server::services::admin;
use bedside_shared::DocId;
use bedside_shared::access::{DeviceProfile, Role};
use bedside_tests::s3::S3Server;
use bedside_tests::server::{TestServer, stored_documents};
use bedside_tests::slow::{HoldingProxy, SlowServer};
use bedside_tests::workstation::PASSWORD;
use serde_json::{Value, json};
use tauri::http::{HeaderMap, HeaderValue};
use tauri::ipc::{CallbackFn, InvokeBody, InvokeResponseBody};
use tauri::test::{INVOKE_KEY, MockRuntime, mock_builder, mock_context, noop_assets};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow, WebviewWindowBuilder};

const WARD: &str = "SURG-A";
/// Far beyond a sync on a loaded machine (milliseconds), far below the hour-long period.
const SENT_WITHIN: Duration = Duration::from_secs(20);

/// The shell on the mock runtime, its workstation in `home`, with the window's webview.
fn shell(home: PathBuf) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let options = bedside_desktop::Options {
        home: Some(home),
        // Only a command's change wakes the background sync within the test.
        sync_every: Some(Duration::from_secs(3600)),
    };
    let app = bedside_desktop::run_app(mock_builder(), mock_context(noop_assets()), options)
        .expect("the shell builds on the mock runtime");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("the window's webview");
    (app, window)
}

/// A doctor who may log in, and IT's enrollment code for a workstation on [`WARD`].
async fn doctor_and_code(server: &TestServer, username: &str, name: &str) -> String {
    admin::add_user(&server.state, username, name, &[Role::Doctor], PASSWORD)
        .await
        .unwrap();
    server
        .enrollment_code(&[WARD], DeviceProfile::WardWorkstation)
        .await
}

/// A window on a fresh workstation in its own folder (kept while this lives), enrolled
/// on `server` for [`WARD`] and with the doctor `username` (named `name`) logged in.
struct LoggedIn {
    app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    _home: tempfile::TempDir,
}

async fn doctor_at_a_window(server: &TestServer, username: &str, name: &str) -> LoggedIn {
    let code = doctor_and_code(server, username, name).await;
    let home = tempfile::tempdir().unwrap();
    let (app, window) = shell(home.path().to_path_buf());
    let enroll = json!({"server": server.url, "code": code});
    invoke(&window, "enroll", enroll).await.unwrap();
    let login = json!({"username": username, "password": PASSWORD});
    invoke(&window, "login", login).await.unwrap();
    LoggedIn {
        app,
        window,
        _home: home,
    }
}

/// Calls `cmd` with `args` as the window does; the answer, or the error body.
async fn invoke(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    call(window, cmd, InvokeBody::Json(args), HeaderMap::new())
        .await
        .map(|body| body.deserialize::<Value>().expect("a JSON answer"))
}

/// Calls `cmd` with any body and headers; the answer as sent, or the error body.
async fn call(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
    body: InvokeBody,
    headers: HeaderMap,
) -> Result<InvokeResponseBody, Value> {
    let window = window.clone();
    let cmd = cmd.to_owned();
    // The IPC answer is awaited by blocking; the server runs on this test's runtime.
    tokio::task::spawn_blocking(move || {
        tauri::test::get_ipc_response(
            &window,
            InvokeRequest {
                cmd,
                callback: CallbackFn(0),
                error: CallbackFn(1),
                // The window's own origin on Linux (its custom protocol).
                url: "tauri://localhost".parse().unwrap(),
                body,
                headers,
                invoke_key: INVOKE_KEY.into(),
            },
        )
    })
    .await
    .expect("the command returns")
}

/// `register_patient`'s arguments for Ada Okafor, born 1961-04-02, in `bed` on [`WARD`].
fn ada_okafor_in_bed(bed: &str) -> Value {
    json!({"patient": {
        "mrn": null, "given_name": "Ada", "family_name": "Okafor", "birth_date": "1961-04-02",
        "sex": "female", "phone": null, "address": null, "ward": WARD, "bed": bed,
    }})
}

/// The headers the window sends with a file's bytes.
fn capture_headers(patient: &str, file_name: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    let mut set = |name: &'static str, value: &str| {
        headers.insert(name, HeaderValue::from_str(value).expect("an ASCII header"));
    };
    set("bedside-patient", patient);
    set("bedside-category", "lab");
    set("bedside-file-name", file_name);
    set("bedside-mime-type", "text/plain");
    set("bedside-replace-oldest", "false");
    headers
}

/// A document's upload holds nothing the window needs: while the scan's PUT to the blob
/// store is held at a proxy in front of it, the window registers a patient, lists the
/// ward, opens the chart and reads the status; let go, the upload completes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_window_answers_while_a_document_uploads() {
    let s3 = S3Server::start().await;
    let proxy = HoldingProxy::start(s3.endpoint.trim_start_matches("http://")).await;
    let server = TestServer::start_with(s3.settings(&proxy.url)).await;
    let LoggedIn {
        app: _app,
        window,
        _home,
    } = doctor_at_a_window(&server, "dr.okafor", "Dr Okafor").await;
    let registered = invoke(&window, "register_patient", ada_okafor_in_bed("3"))
        .await
        .unwrap();
    let id = registered.as_str().unwrap();

    // A 3 MiB scan: the sync its capture wakes uploads it, and the upload is held.
    proxy.hold_next("PUT ");
    call(
        &window,
        "capture_document",
        InvokeBody::Raw(vec![b'A'; 3 * 1024 * 1024]),
        capture_headers(id, "scan.txt"),
    )
    .await
    .unwrap();
    tokio::time::timeout(SENT_WITHIN, proxy.until_request())
        .await
        .expect("the scan's upload reaches the blob store");

    let patient = json!({"patient": {
        "mrn": null, "given_name": "Iris", "family_name": "Meanwhile", "birth_date": "1950-01-02",
        "sex": "female", "phone": null, "address": null, "ward": WARD, "bed": "7",
    }});
    let second = invoke(&window, "register_patient", patient).await;
    let listed = invoke(&window, "patients", json!({"text": null})).await;
    let chart = invoke(&window, "chart", json!({"patientId": id})).await;
    let status = invoke(&window, "workstation_status", json!({})).await;
    proxy.note("commands answered");
    proxy.release();
    // Waits for the run that was uploading, then syncs once more.
    let synced = invoke(&window, "sync_now", json!({})).await;

    assert!(
        proxy.first_request().starts_with("PUT "),
        "the upload was held: {}",
        proxy.first_request()
    );
    assert_eq!(
        proxy.events(),
        ["request arrived", "commands answered", "request went on"],
        "the window's commands answered while the upload was out"
    );
    second.expect("registering answers during an upload");
    assert_eq!(
        listed
            .expect("the ward list answers")
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    let chart = chart.expect("the chart opens during an upload");
    assert_eq!(chart["documents"][0]["file_name"], "scan.txt", "{chart}");
    let status = status.expect("the status answers during an upload");
    assert_eq!(status["syncing"], true, "a sync is running: {status}");
    let synced = synced.expect("sync_now answers the status");
    assert_eq!(synced["online"], true, "{synced}");
    let sha256 = chart["documents"][0]["sha256"].as_str().unwrap();
    assert!(
        s3.keys().contains(&format!("sha256/{sha256}")),
        "the scan reached the store once let go: {:?}",
        s3.keys()
    );
}

/// A locked window (idle too long, or locked by hand) tells nothing of any patient: every
/// command that reads, lists or prints a chart, or opens a printout made before the lock,
/// is refused as UNAUTHENTICATED until the clinician unlocks it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_window_tells_nothing_of_any_patient() {
    let server = TestServer::start().await;
    let LoggedIn { app, window, _home } = doctor_at_a_window(&server, "dr.bello", "Dr Bello").await;
    let id = invoke(&window, "register_patient", ada_okafor_in_bed("5"))
        .await
        .unwrap();
    // A wristband printed before the lock: its PDF holds her name and MRN.
    let printout = invoke(&window, "print_wristband", json!({"patientId": id}))
        .await
        .unwrap();
    app.state::<bedside_desktop::Engine>()
        .workstation()
        .expect("the workstation is open")
        .access()
        .lock();

    let of_patient = json!({"patientId": id});
    let reads = [
        ("patients", json!({})),
        ("patients", json!({"text": "Okafor"})),
        (
            "possible_duplicates",
            json!({"givenName": "Ada", "familyName": "Okafor", "birthDate": "1961-04-02"}),
        ),
        ("look_up_patient", json!({"text": "Okafor"})),
        ("chart", of_patient.clone()),
        ("timeline", of_patient.clone()),
        ("dose_grid", of_patient.clone()),
        ("education_videos", of_patient.clone()),
        ("print_wristband", of_patient.clone()),
        (
            "open_document",
            json!({"patientId": id, "documentId": "0b9c3c7e-1f4c-4c1e-9d3b-2a4f5e6d7c8b", "thumbnail": false}),
        ),
        ("my_tasks", json!({})),
        ("news2_alerts", json!({})),
        ("conflicts", json!({})),
        ("quarantine", json!({})),
        ("medication_round", json!({})),
        ("ward_board", json!({})),
        ("ward_dashboard", json!({})),
        ("print_handover", json!({})),
        ("open_printout", json!({"path": printout})),
    ];
    let mut told = Vec::new();
    for (command, args) in reads {
        match invoke(&window, command, args).await {
            Err(refused) if refused["code"] == "UNAUTHENTICATED" => {}
            other => told.push(format!("{command}: {other:?}")),
        }
    }
    assert!(told.is_empty(), "answered while locked: {told:#?}");

    let unlock = json!({"password": PASSWORD});
    invoke(&window, "unlock", unlock).await.unwrap();
    let inbox = invoke(&window, "conflicts", json!({})).await;
    assert_eq!(inbox, Ok(json!([])), "unlocked, the inbox reads again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_answer_the_window_in_its_shapes_and_codes() {
    let server = TestServer::start().await;
    let code = doctor_and_code(&server, "dr.adams", "Dr Adams").await;
    let home = tempfile::tempdir().unwrap();
    let (_app, window) = shell(home.path().to_path_buf());

    let status = invoke(&window, "workstation_status", json!({}))
        .await
        .unwrap();
    assert_eq!(status["enrolled"], false, "{status}");
    assert_eq!(status["clinician"], Value::Null);

    let early = json!({"username": "dr.adams", "password": PASSWORD});
    let refused = invoke(&window, "login", early.clone()).await.unwrap_err();
    assert_eq!(refused["code"], "VALIDATION_ERROR", "{refused}");
    assert_eq!(refused["message"], "enroll this workstation first");
    assert!(
        refused.get("rule").is_none(),
        "no chart rule was broken: {refused}"
    );

    let enrolled = invoke(
        &window,
        "enroll",
        json!({"server": server.url, "code": code}),
    )
    .await
    .unwrap();
    assert_eq!(enrolled["wards"], json!([WARD]), "{enrolled}");
    let wrong = json!({"username": "dr.adams", "password": "not the password"});
    let refused = invoke(&window, "login", wrong).await.unwrap_err();
    assert_eq!(refused["code"], "UNAUTHENTICATED", "{refused}");
    let clinician = invoke(&window, "login", early).await.unwrap();
    assert_eq!(clinician["display_name"], "Dr Adams", "{clinician}");
    assert_eq!(clinician["offline"], false);

    let id = invoke(&window, "register_patient", ada_okafor_in_bed("4"))
        .await
        .unwrap();
    let id = id.as_str().expect("the new patient's id").to_owned();
    // The change goes to the server at once, not at the next periodic sync (an hour away).
    let registration = DocId::registration(id.parse().unwrap());
    let sent = tokio::time::timeout(SENT_WITHIN, async {
        while !stored_documents(&server.state)
            .await
            .contains_key(&registration)
        {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    assert!(sent.is_ok(), "the new patient reached the server at once");

    let implausible = json!({"patientId": id, "signs": {"pulse_bpm": 900}});
    let refused = invoke(&window, "record_vitals", implausible)
        .await
        .unwrap_err();
    assert_eq!(refused["code"], "VALIDATION_ERROR", "{refused}");
    assert_eq!(
        refused["rule"], "INVALID_VALUE",
        "the broken rule is kept: {refused}"
    );
    let bad_id = invoke(&window, "chart", json!({"patientId": "Okafor"}))
        .await
        .unwrap_err();
    assert_eq!(bad_id["code"], "VALIDATION_ERROR", "{bad_id}");

    let chart = invoke(&window, "chart", json!({"patientId": id}))
        .await
        .unwrap();
    let summary = &chart["patient"];
    assert_eq!(summary["family_name"], "Okafor", "{chart}");
    assert_eq!(summary["bed"], "4");
    assert_eq!(summary["status"], "admitted");
    assert!(
        summary["provisional_mrn"].is_null() || summary["provisional_mrn"].is_string(),
        "the provisional MRN is a number or nothing, as the window's type says: {summary}"
    );
    assert_eq!(chart["vitals"], json!([]), "the refused set was not kept");

    // A file crosses as raw bytes both ways; its name, percent-encoded UTF-8, in a header.
    let report = b"Hb 12.1 g/dL\x00\xff".to_vec();
    let captured = call(
        &window,
        "capture_document",
        InvokeBody::Raw(report.clone()),
        capture_headers(&id, "Bericht%20Gr%C3%B6%C3%9Fe.txt"),
    )
    .await
    .unwrap()
    .deserialize::<String>()
    .expect("the document's id");
    let as_json = json!({"patientId": id, "bytes": [72, 98]});
    let refused = call(
        &window,
        "capture_document",
        InvokeBody::Json(as_json),
        capture_headers(&id, "x.txt"),
    )
    .await
    .unwrap_err();
    assert_eq!(refused["code"], "VALIDATION_ERROR", "{refused}");
    let chart = invoke(&window, "chart", json!({"patientId": id}))
        .await
        .unwrap();
    let document = &chart["documents"][0];
    assert_eq!(document["file_name"], "Bericht Größe.txt", "{chart}");
    assert_eq!(document["size"], report.len());
    let opened = call(
        &window,
        "open_document",
        InvokeBody::Json(json!({"patientId": id, "documentId": captured, "thumbnail": false})),
        HeaderMap::new(),
    )
    .await
    .unwrap();
    match opened {
        InvokeResponseBody::Raw(bytes) => assert_eq!(bytes, report, "the same bytes come back"),
        InvokeResponseBody::Json(json) => panic!("the bytes came back as JSON: {json}"),
    }
    // Where the webview blocks Tauri's IPC protocol, Tauri sends the bytes as a JSON array.
    call(
        &window,
        "capture_document",
        InvokeBody::Json(json!([72, 98])),
        capture_headers(&id, "fallback.txt"),
    )
    .await
    .expect("the fallback's bytes are taken");
    let chart = invoke(&window, "chart", json!({"patientId": id}))
        .await
        .unwrap();
    let sizes: Vec<&Value> = chart["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| &d["size"])
        .collect();
    assert_eq!(sizes, [&json!(report.len()), &json!(2)], "{chart}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_window_answers_while_a_sync_waits_on_the_server() {
    let server = TestServer::start().await;
    let LoggedIn { app, window, _home } = doctor_at_a_window(&server, "dr.patel", "Dr Patel").await;

    // The server goes slow: the next sync's requests are held until the test lets go
    // (and so is the live feed the background sync may open there).
    let slow = SlowServer::awaiting("POST /v1/").await;
    app.state::<bedside_desktop::Engine>()
        .workstation()
        .unwrap()
        .store()
        .set_setting("enrollment.server", &slow.url)
        .unwrap();
    let syncing = tokio::spawn({
        let window = window.clone();
        async move { invoke(&window, "sync_now", json!({})).await }
    });
    slow.until_request().await;

    let patient = json!({
        "mrn": null, "given_name": "Iris", "family_name": "Meanwhile", "birth_date": "1950-01-02",
        "sex": "female", "phone": null, "address": null, "ward": WARD, "bed": "7",
    });
    let registered = invoke(&window, "register_patient", json!({"patient": patient})).await;
    let listed = invoke(&window, "patients", json!({"text": null})).await;
    let status = invoke(&window, "workstation_status", json!({})).await;
    slow.note("commands answered");
    slow.release();
    let synced = syncing.await.unwrap();

    assert!(
        slow.first_request().starts_with("POST /v1/"),
        "a request of the sync was held: {}",
        slow.first_request()
    );
    assert_eq!(
        slow.events(),
        ["request arrived", "commands answered", "server answered"],
        "the window's commands answered while the sync's request was out"
    );
    registered.expect("registering answers during a sync");
    assert_eq!(
        listed.expect("the ward list answers")[0]["family_name"],
        "Meanwhile"
    );
    let status = status.expect("the status answers during a sync");
    assert_eq!(
        status["syncing"], true,
        "the window says a sync is running: {status}"
    );
    let synced = synced.expect("sync_now answers the status");
    assert_eq!(
        synced["online"], false,
        "the silent server counts as out of reach"
    );
}

/// The window's TypeScript types are the Rust types': `ui/src/bindings.ts` is what
/// `bindings::typescript` generates (run with `BEDSIDE_WRITE_BINDINGS=1` to rewrite it).
#[test]
fn the_windows_types_are_generated_from_the_commands_types() {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings.ts");
    let generated = bedside_desktop::bindings::typescript();
    if std::env::var_os("BEDSIDE_WRITE_BINDINGS").is_some() {
        std::fs::write(&file, &generated).expect("write ui/src/bindings.ts");
    }
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == generated,
        "ui/src/bindings.ts differs from the Rust types; rewrite it with \
         BEDSIDE_WRITE_BINDINGS=1 cargo test -p bedside-desktop --test shell types"
    );
}

/// A folder whose database this keyring cannot open says so, naming the folder, and says
/// it can be set aside; an open workstation has no startup problem and refuses to be set
/// aside.
#[tokio::test(flavor = "multi_thread")]
async fn a_workstation_this_keyring_cannot_open_says_so_and_how_to_go_on() {
    let home = tempfile::tempdir().unwrap();
    {
        let (_app, window) = shell(home.path().to_owned());
        let problem = invoke(&window, "startup_problem", json!({})).await.unwrap();
        assert_eq!(problem, Value::Null, "a fresh workstation opens");
        let refused = invoke(&window, "set_aside_workstation", json!({}))
            .await
            .unwrap_err();
        assert_eq!(refused["code"], "VALIDATION_ERROR", "{refused}");
    }
    // The keyring loses the key (another login, a reset keyring).
    let toml = std::fs::read_to_string(home.path().join("workstation.toml")).unwrap();
    let device = toml
        .split('"')
        .nth(1)
        .expect("the device id in workstation.toml");
    bedside_client::OsKeyring
        .delete(&format!("workstation-{device}"))
        .unwrap();

    let (_app, window) = shell(home.path().to_owned());
    let status = invoke(&window, "workstation_status", json!({}))
        .await
        .unwrap_err();
    assert!(
        status["message"]
            .as_str()
            .unwrap()
            .contains("missing from the OS keyring"),
        "{status}"
    );
    let problem = invoke(&window, "startup_problem", json!({})).await.unwrap();
    assert_eq!(problem["unreadable"], true, "{problem}");
    assert_eq!(problem["folder"], home.path().display().to_string());
}
