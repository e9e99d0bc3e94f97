//! Drives the built window: Xvfb, tauri-driver and WebKitWebDriver around the app, and
//! the steps a clinician takes in it, each waiting for what the window shows.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

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
pub struct Window {
    pub client: Client,
    shots: PathBuf,
    step: u32,
}

impl Window {
    pub async fn find(&self, test_id: &str) -> Element {
        self.wait_for(&format!("[data-testid='{test_id}']")).await
    }

    pub async fn wait_for(&self, css: &str) -> Element {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(found) = self.client.find(Locator::Css(css)).await {
                return found;
            }
            if Instant::now() > deadline {
                self.fail(format!("{css} never appeared")).await;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Replaces what a field holds with `text`, the way a person does: select all,
    /// delete, type (clearing the DOM value alone leaves React's state behind).
    pub async fn type_into(&self, test_id: &str, text: &str) {
        const SELECT_ALL_DELETE: &str = "\u{E009}a\u{E000}\u{E003}";
        let field = self.find(test_id).await;
        let held = field.prop("value").await.ok().flatten().unwrap_or_default();
        if !held.is_empty() {
            field
                .send_keys(SELECT_ALL_DELETE)
                .await
                .expect("deleting works");
        }
        // A panel still sliding in takes no keys yet: find the field again, click into it
        // and type once it takes the focus.
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut field = field;
        while let Err(e) = field.send_keys(text).await {
            if Instant::now() > deadline {
                let script = format!(
                    "return [...document.querySelectorAll(\"[data-testid='{test_id}']\")].map(e => \
                     [e.offsetParent === null, e.disabled, e.getAttribute('tabindex'), \
                      [...e.closest('[role=dialog],[role=tabpanel],#root').classList].join(' '), \
                      e.closest('[role=dialog]') && e.closest('[role=dialog]').getAttribute('style')]);"
                );
                let probe = self.client.execute(&script, vec![]).await;
                self.fail(format!("{test_id} takes no typing: {e} {probe:?}"))
                    .await;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
            field = self.find(test_id).await;
            let _ = field.click().await;
        }
        let typed = field.prop("value").await.ok().flatten().unwrap_or_default();
        if typed != text {
            self.fail(format!("{test_id} holds {typed:?} after typing {text:?}"))
                .await;
        }
    }

    pub async fn click(&self, test_id: &str) {
        self.press(&format!("[data-testid='{test_id}']")).await;
    }

    /// Clicks what `css` finds, again while a closing dialog still covers it or an opening
    /// panel still moves.
    pub async fn press(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            match self.wait_for(css).await.click().await {
                Ok(()) => return,
                Err(e) if Instant::now() > deadline => {
                    self.fail(format!("{css} cannot be clicked: {e}")).await;
                }
                Err(_) => {}
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Chooses `value` in a select, again while a panel still slides in over it.
    pub async fn choose(&self, test_id: &str, value: &str) {
        self.press(&format!(
            "[data-testid='{test_id}'] option[value='{value}']"
        ))
        .await;
    }

    /// Waits until the element's `attribute` is `value`.
    pub async fn until_attr(&self, test_id: &str, attribute: &str, value: &str) {
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
            if Instant::now() > deadline {
                let why = format!("{test_id} never had {attribute}={value} (last {now:?})");
                self.fail(why).await;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Waits until some element matching `css` contains `text` (ignoring case: the
    /// window shows family names in capitals).
    pub async fn until_text(&self, css: &str, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            // The text in the page, as `textContent` (WebKitWebDriver's rendered text
            // leaves out some of Mantine's markup).
            let seen: Vec<String> = self
                .client
                .execute(
                    "return Array.from(document.querySelectorAll(arguments[0]))\
                       .map((e) => e.textContent.toLowerCase());",
                    vec![serde_json::json!(css)],
                )
                .await
                .ok()
                .and_then(|v| serde_json::from_value(v).ok())
                .unwrap_or_default();
            if seen
                .iter()
                .any(|shown| shown.contains(&text.to_lowercase()))
            {
                return;
            }
            if Instant::now() > deadline {
                self.fail(format!("no {css} ever said {text:?}; they say {seen:?}"))
                    .await;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Clicks the first element matching `css` whose text contains `text`.
    pub async fn press_labelled(&self, css: &str, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            for e in self
                .client
                .find_all(Locator::Css(css))
                .await
                .unwrap_or_default()
            {
                let shown = e.prop("textContent").await.ok().flatten();
                if shown.is_some_and(|s| s.contains(text)) && e.click().await.is_ok() {
                    return;
                }
            }
            if Instant::now() > deadline {
                self.fail(format!("no {css} saying {text:?} could be clicked"))
                    .await;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Attaches `file` to the open chart's `category` documents, as a clinician picks it.
    pub async fn attach(&self, category: &str, file: &Path) {
        self.click("doc-attach-open").await;
        self.choose("doc-category", category).await;
        self.find("doc-file")
            .await
            .send_keys(file.to_str().expect("a UTF-8 path"))
            .await
            .expect("a file is chosen");
        self.click("doc-upload").await;
    }

    /// Waits until the image `css` finds has loaded and has pixels.
    pub async fn until_image_shown(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let script = format!(
            "const i = document.querySelector({css:?}); return !!i && i.complete && i.naturalWidth > 0;"
        );
        while self.client.execute(&script, vec![]).await.ok() != Some(serde_json::Value::Bool(true))
        {
            if Instant::now() > deadline {
                self.fail(format!("{css} never showed an image")).await;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Waits until nothing matches `css`.
    pub async fn until_gone(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !self
            .client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_default()
            .is_empty()
        {
            if Instant::now() > deadline {
                self.fail(format!("{css} never went away")).await;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Fails the test, leaving a screenshot of what the window showed then.
    async fn fail(&self, why: String) -> ! {
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(self.shots.join("failed.png"), png);
        }
        panic!("{why} (see failed.png beside the screenshots)");
    }

    /// Photographs the window as step `name`; returns the file.
    pub async fn shot(&mut self, name: &str) -> PathBuf {
        self.step += 1;
        let png = self.client.screenshot().await.expect("a screenshot");
        let file = self.shots.join(format!("{:02}-{name}.png", self.step));
        std::fs::write(&file, png).expect("the screenshot is written");
        file
    }

    /// Waits until `css` finds `count` elements.
    pub async fn until_count(&self, css: &str, count: usize) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let found = self
                .client
                .find_all(Locator::Css(css))
                .await
                .map_or(0, |all| all.len());
            if found == count {
                return;
            }
            if Instant::now() > deadline {
                self.fail(format!("{css} found {found}, never {count}"))
                    .await;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

/// The window, open on a fresh workstation in `home`, with what runs it.
pub struct Opened {
    pub window: Window,
    _driver: Running,
    _xvfb: Running,
}

/// Starts tauri-driver on ports free a moment ago; returns the one WebDriver clients use.
fn start_driver(display: &str, home: &Path, log: &File) -> (u16, Running) {
    let (port, native) = (free_port(), free_port());
    let driver = Command::new(tool("tauri-driver"))
        .args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ])
        .env("DISPLAY", display)
        .env("BEDSIDE_HOME", home)
        // No periodic sync in the test's time: what the window sends and receives goes
        // by sync-soon after an edit, the live feed, and the retry while offline.
        .env("BEDSIDE_SYNC_SECS", "3600")
        .env(
            "BEDSIDE_LOG",
            "bedside_desktop=debug,bedside_client=debug,warn",
        )
        .env("NO_AT_BRIDGE", "1")
        .stdout(Stdio::null())
        .stderr(log.try_clone().expect("the window's log"))
        .spawn()
        .expect("tauri-driver starts");
    (port, Running(driver))
}

/// Opens the window on a fresh workstation in `home`, enrolls it on `server` with IT's
/// `code` and logs `username` in (the test password), photographing both screens, and
/// waits for the first sync. The screenshots go to a new folder named after `shots`.
pub async fn logged_in(
    shots: &str,
    home: &Path,
    server: &str,
    code: &str,
    username: &str,
) -> Opened {
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "{shots}-{}",
        time::OffsetDateTime::now_utc().unix_timestamp()
    ));
    std::fs::create_dir_all(&shots).expect("the screenshots' folder");
    eprintln!("screenshots and the window's log: {}", shots.display());
    let mut opened = open(home, shots).await;
    let window = &mut opened.window;
    window.type_into("enroll-server", server).await;
    window.type_into("enroll-code", code).await;
    window.shot("enroll").await;
    window.click("enroll-submit").await;
    window.type_into("login-username", username).await;
    window
        .type_into("login-password", bedside_tests::workstation::PASSWORD)
        .await;
    window.shot("login").await;
    window.click("login-submit").await;
    window
        .until_attr("sync-status", "data-state", "synced")
        .await;
    opened
}

/// Starts a virtual display and tauri-driver, and opens the app's window in it. The
/// window's own log (it names no patient) goes beside the screenshots in `shots`.
pub async fn open(home: &Path, shots: PathBuf) -> Opened {
    // Xvfb picks a free display number itself and writes it to the pipe (-displayfd).
    let mut xvfb = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1920x1080x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb runs (install xvfb; `make test` does)");
    let mut number = String::new();
    let stdout = xvfb.stdout.take().expect("Xvfb's display pipe");
    tokio::time::timeout(
        Duration::from_secs(20),
        BufReader::new(stdout).read_line(&mut number),
    )
    .await
    .expect("Xvfb chose a display within 20 s")
    .expect("Xvfb's display number is read");
    let display = format!(":{}", number.trim());
    let xvfb = Running(xvfb);
    let log = File::create(shots.join("window.log")).expect("the window's log is created");
    let capabilities = serde_json::json!({
        "tauri:options": {"application": env!("CARGO_BIN_EXE_bedside-desktop")},
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    // tauri-driver takes its two ports as numbers and reports neither, so they are picked
    // free and let go; when another process took one in between, tauri-driver exits and
    // starts again on others.
    let (client, driver) = 'started: loop {
        let (port, mut driver) = start_driver(&display, home, &log);
        loop {
            let connected = ClientBuilder::rustls()
                .expect("a WebDriver client")
                .capabilities(capabilities.as_object().unwrap().clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await;
            match connected {
                Ok(client) => break 'started (client, driver),
                Err(e) => {
                    assert!(Instant::now() < deadline, "the window never opened: {e}");
                    if driver.0.try_wait().ok().flatten().is_some() {
                        continue 'started;
                    }
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
        }
    };
    Opened {
        window: Window {
            client,
            shots,
            step: 0,
        },
        _driver: driver,
        _xvfb: xvfb,
    }
}
