//! The ward workstation end to end, through the real window: Xvfb, tauri-driver and
//! WebKitWebDriver drive the built app against a real server and PostgreSQL. A nurse
//! and doctor enrolls, logs in, registers a patient, writes and signs a note, records
//! vital signs and attaches a report; the server goes away and work goes on; it comes
//! back and the status reaches "synced"; a second workstation (the headless engine)
//! sees everything. A screenshot of each step goes to the folder printed at the start.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use bedside_server::services::{admin, devices};
use bedside_shared::access::{DeviceProfile, Role};
use bedside_tests::server::TestServer;
use bedside_tests::workstation::{PASSWORD, TestWorkstation};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use tokio::process::{Child, Command};

const WARD: &str = "SURG-A";

/// A child process stopped when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.start_kill();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

fn free_display() -> u32 {
    (90..200)
        .find(|n| !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists())
        .expect("a free X display number")
}

fn tool(name: &str) -> PathBuf {
    let local = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../.tools/bin")
        .join(name);
    assert!(
        local.exists(),
        "{name} is not installed: run scripts/test.sh (it installs it into .tools/bin)"
    );
    local
}

/// The window under test and where its screenshots go.
struct Window {
    client: Client,
    shots: PathBuf,
    step: u32,
}

impl Window {
    async fn find(&self, test_id: &str) -> Element {
        self.wait_for(&format!("[data-testid='{test_id}']")).await
    }

    async fn wait_for(&self, css: &str) -> Element {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(found) = self.client.find(Locator::Css(css)).await {
                return found;
            }
            assert!(Instant::now() < deadline, "{css} never appeared");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    async fn type_into(&self, test_id: &str, text: &str) {
        let field = self.find(test_id).await;
        field.clear().await.ok();
        field.send_keys(text).await.expect("typing works");
    }

    async fn click(&self, test_id: &str) {
        self.press(&format!("[data-testid='{test_id}']")).await;
    }

    /// Clicks what `css` finds, again while a closing dialog still covers it.
    async fn press(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            match self.wait_for(css).await.click().await {
                Ok(()) => return,
                Err(e) => assert!(Instant::now() < deadline, "{css} cannot be clicked: {e}"),
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    async fn choose(&self, test_id: &str, value: &str) {
        let option = self
            .wait_for(&format!(
                "[data-testid='{test_id}'] option[value='{value}']"
            ))
            .await;
        option.click().await.expect("choosing works");
    }

    /// Waits until the element's `attribute` is `value`.
    async fn until_attr(&self, test_id: &str, attribute: &str, value: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let now = match self
                .client
                .find(Locator::Css(&format!("[data-testid='{test_id}']")))
                .await
            {
                Ok(e) => e.attr(attribute).await.ok().flatten(),
                Err(_) => None,
            };
            if now.as_deref() == Some(value) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{test_id} never had {attribute}={value} (last {now:?})"
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Waits until some element matching `css` contains `text` (ignoring case: the
    /// window shows family names in capitals).
    async fn until_text(&self, css: &str, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            for e in self
                .client
                .find_all(Locator::Css(css))
                .await
                .unwrap_or_default()
            {
                let shown = e.text().await.unwrap_or_default().to_lowercase();
                if shown.contains(&text.to_lowercase()) {
                    return;
                }
            }
            assert!(Instant::now() < deadline, "no {css} ever said {text:?}");
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    async fn shot(&mut self, name: &str) {
        self.step += 1;
        let png = self.client.screenshot().await.expect("a screenshot");
        let file = self.shots.join(format!("{:02}-{name}.png", self.step));
        std::fs::write(&file, png).expect("the screenshot is written");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_clinician_works_through_the_window_online_and_offline() {
    let server = TestServer::start().await;
    devices::add_ward(&server.state, WARD, "Surgery A")
        .await
        .unwrap();
    admin::add_user(
        &server.state,
        "dr.adams",
        "Dr Adams",
        &[Role::Doctor, Role::Nurse],
        PASSWORD,
    )
    .await
    .unwrap();
    let wards = [WARD.to_owned()];
    let (code, _) = devices::issue_code(
        &server.state,
        &wards,
        DeviceProfile::WardWorkstation,
        time::Duration::hours(1),
    )
    .await
    .unwrap();

    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "e2e-screenshots-{}",
        time::OffsetDateTime::now_utc().unix_timestamp()
    ));
    std::fs::create_dir_all(&shots).unwrap();
    eprintln!("screenshots and the window's log: {}", shots.display());

    let display = format!(":{}", free_display());
    let _xvfb = Running(
        Command::new("Xvfb")
            .args([&display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb runs (install xvfb; `make test` does)"),
    );
    let home = tempfile::tempdir().unwrap();
    // The window's own log (it names no patient), beside the screenshots.
    let log = std::fs::File::create(shots.join("window.log")).unwrap();
    let (port, native) = (free_port(), free_port());
    let _driver = Running(
        Command::new(tool("tauri-driver"))
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .env("DISPLAY", &display)
            .env("BEDSIDE_HOME", home.path())
            .env("BEDSIDE_SYNC_SECS", "2")
            .env(
                "BEDSIDE_LOG",
                "bedside_desktop=debug,bedside_client=debug,warn",
            )
            .env("NO_AT_BRIDGE", "1")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("tauri-driver starts"),
    );
    let capabilities = serde_json::json!({
        "tauri:options": {"application": env!("CARGO_BIN_EXE_bedside-desktop")},
    });
    let mut connected = None;
    let deadline = Instant::now() + Duration::from_secs(60);
    while connected.is_none() {
        let builder = ClientBuilder::rustls()
            .expect("a WebDriver client")
            .capabilities(capabilities.as_object().unwrap().clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await;
        match builder {
            Ok(client) => connected = Some(client),
            Err(e) => {
                assert!(Instant::now() < deadline, "the window never opened: {e}");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        }
    }
    let mut window = Window {
        client: connected.unwrap(),
        shots,
        step: 0,
    };

    // First run: enroll with IT's code, log in, the ward syncs.
    window.type_into("enroll-server", &server.url).await;
    window.type_into("enroll-code", &code).await;
    window.shot("enroll").await;
    window.click("enroll-submit").await;
    window.type_into("login-username", "dr.adams").await;
    window.type_into("login-password", PASSWORD).await;
    window.shot("login").await;
    window.click("login-submit").await;
    window
        .until_attr("sync-status", "data-state", "synced")
        .await;
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
    // The patient's name opens the chart.
    window.press("[data-testid='patient-row'] button").await;
    window.find("chart-header").await;
    window.shot("chart").await;

    // A note, written and signed.
    window.click("tab-notes").await;
    window.choose("note-kind", "progress").await;
    window
        .type_into("note-text", "Comfortable overnight. Plan: mobilise.")
        .await;
    window.click("note-save").await;
    window.click("note-sign").await;
    window
        .until_text("[data-testid='note-item']", "signed")
        .await;
    window.shot("note-signed").await;

    // Vital signs.
    window.click("tab-vitals").await;
    for (field, value) in [
        ("vitals-temp", "37.4"),
        ("vitals-pulse", "88"),
        ("vitals-sys", "124"),
        ("vitals-dia", "78"),
        ("vitals-rr", "16"),
        ("vitals-spo2", "97"),
    ] {
        window.type_into(field, value).await;
    }
    window.click("vitals-save").await;
    window
        .until_text("[data-testid='vitals-table']", "88")
        .await;
    window.shot("vitals").await;

    // A lab report from a file.
    let report = home.path().join("potassium.txt");
    std::fs::write(&report, b"Potassium 4.1 mmol/L\n").unwrap();
    window.click("tab-documents").await;
    window.choose("doc-category", "lab").await;
    window
        .find("doc-file")
        .await
        .send_keys(report.to_str().unwrap())
        .await
        .expect("a file is chosen");
    window.click("doc-upload").await;
    window.until_attr("doc-tile-lab", "data-count", "1").await;
    window
        .until_attr("sync-status", "data-state", "synced")
        .await;
    window.shot("document").await;

    // The network goes: work goes on, kept on the workstation.
    let addr = server.addr();
    let state = server.stop().await;
    window
        .until_attr("sync-status", "data-state", "offline")
        .await;
    window.click("tab-vitals").await;
    window.type_into("vitals-pulse", "92").await;
    window.click("vitals-save").await;
    window
        .until_text("[data-testid='vitals-table']", "92")
        .await;
    window.shot("offline").await;

    // The network is back: the status reaches "synced" by itself.
    let server = TestServer::serve_at(state, addr).await;
    window
        .until_attr("sync-status", "data-state", "synced")
        .await;
    window.shot("synced-again").await;

    // A second workstation sees it all.
    let mut other = TestWorkstation::new("Nurse Bello");
    other.join(&server).await;
    other.sync(&server).await;
    let found = other.ws.store().search("Window", 10).unwrap();
    assert_eq!(found.len(), 1, "the patient registered in the window");
    let patient_id = found[0].patient_id.clone();
    let view = other.ws.store().chart_view(&patient_id).unwrap().unwrap();
    assert!(
        view.notes
            .iter()
            .any(|n| n.status == "signed" && n.body.contains("mobilise"))
    );
    let vitals: Vec<bedside_client::store::records::Entry<bedside_shared::chart::Vitals>> =
        other.ws.store().records(&patient_id, "vitals").unwrap();
    assert_eq!(vitals.len(), 2, "both sets, the one made offline too");
    let patient = patient_id.parse().unwrap();
    let document = other.ws.documents(patient).unwrap().remove(0);
    let bytes = other
        .ws
        .open_document(
            &server.url,
            patient,
            document.record_id.parse().unwrap(),
            false,
        )
        .await
        .unwrap();
    assert_eq!(bytes, b"Potassium 4.1 mmol/L\n");

    window.client.close().await.ok();
}
