//! The desktop shell builds and opens its window on a real (virtual) X display.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_display() -> u32 {
    (90..200)
        .find(|n| !std::path::Path::new(&format!("/tmp/.X11-unix/X{n}")).exists())
        .expect("a free X display number")
}

fn window_titles(display: &str) -> String {
    Command::new("xwininfo")
        .args(["-root", "-tree"])
        .env("DISPLAY", display)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

#[test]
#[allow(
    clippy::disallowed_methods,
    reason = "a plain test thread polls; no async runtime here"
)]
fn the_window_opens_with_its_title() {
    let display = format!(":{}", free_display());
    let _xvfb = Killed(
        Command::new("Xvfb")
            .args([&display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb runs (install xvfb; `make test` does)"),
    );
    let data = tempfile::tempdir().unwrap();
    let app = Killed(
        Command::new(env!("CARGO_BIN_EXE_bedside-desktop"))
            .env("DISPLAY", &display)
            .env("BEDSIDE_HOME", data.path())
            .env("NO_AT_BRIDGE", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the desktop binary starts"),
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut titles = String::new();
    while Instant::now() < deadline {
        titles = window_titles(&display);
        if titles.contains("\"Bedside\"") {
            break;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    assert!(
        titles.contains("\"Bedside\""),
        "a window titled Bedside must appear; windows seen:\n{titles}"
    );
    let mut app = app;
    assert!(
        app.0.try_wait().unwrap().is_none(),
        "the app keeps running once its window is open"
    );
}
