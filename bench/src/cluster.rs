//! The server under measurement: a fresh database, set up and seeded in-process (the
//! test harness's server), and a separate `bedside-server` process on the same database
//! that every measured request goes to, so its CPU and memory are its own.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use bedside_server::services::{admin, demo, devices};
use bedside_shared::access::{DeviceProfile, Role};
use bedside_shared::sync::offer;
use bedside_tests::server::TestServer;

use crate::ward::{PatientCharts, WardGenerator, WardSize};

/// The password of the accounts the benchmark makes.
pub const PASSWORD: &str = "a long benchmark password";

/// A database with the measured server process beside the harness's.
#[derive(Debug)]
pub struct Cluster {
    /// The in-process server (setup only).
    pub setup: TestServer,
    /// The measured server's base URL.
    pub url: String,
    /// Its metrics listener's base URL.
    pub metrics_url: String,
    process: Child,
    launch: Launch,
}

/// How the measured process is started, again on the same data when restarted.
#[derive(Debug)]
struct Launch {
    database: String,
    port: u16,
    metrics_port: u16,
    blobs: PathBuf,
}

impl Launch {
    fn spawn(&self) -> Result<Child> {
        Command::new(sibling("bedside-server")?)
            .arg("serve")
            .env("DATABASE_URL", &self.database)
            .env("BEDSIDE_LISTEN", format!("127.0.0.1:{}", self.port))
            .env("BEDSIDE_BLOB_DIR", &self.blobs)
            .env(
                "BEDSIDE_METRICS_LISTEN",
                format!("127.0.0.1:{}", self.metrics_port),
            )
            // What a hospital would log: warnings, not a line per request.
            .env("BEDSIDE_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .context("starting bedside-server")
    }
}

impl Cluster {
    /// A fresh database and a `bedside-server serve` process on it.
    pub async fn start() -> Result<Self> {
        let setup = TestServer::start().await;
        let launch = Launch {
            database: setup.database_url.clone().context("a fresh database")?,
            port: free_port()?,
            metrics_port: free_port()?,
            blobs: tempfile::tempdir()?.keep(),
        };
        let cluster = Self {
            setup,
            url: format!("http://127.0.0.1:{}", launch.port),
            metrics_url: format!("http://127.0.0.1:{}", launch.metrics_port),
            process: launch.spawn()?,
            launch,
        };
        cluster.wait_ready().await?;
        Ok(cluster)
    }

    /// Stops the measured process and starts it again on the same data: a cold server,
    /// nothing of the ward in its memory.
    pub async fn restart(&mut self) -> Result<()> {
        let _ = self.process.kill();
        let _ = self.process.wait();
        self.process = self.launch.spawn()?;
        self.wait_ready().await
    }

    async fn wait_ready(&self) -> Result<()> {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            if let Ok(r) = reqwest::get(format!("{}/readyz", self.url)).await
                && r.status().is_success()
            {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("bedside-server did not become ready")
    }

    /// The measured server's process id.
    pub fn pid(&self) -> u32 {
        self.process.id()
    }

    /// Adds `ward` and a user holding `roles`; returns an enrollment code for the ward.
    pub async fn ward_code(&self, ward: &str) -> Result<String> {
        let state = &self.setup.state;
        devices::add_ward(state, ward, ward).await.map_err(api)?;
        let (code, _) = devices::issue_code(
            state,
            &[ward.to_owned()],
            DeviceProfile::WardWorkstation,
            time::Duration::hours(2),
        )
        .await
        .map_err(api)?;
        Ok(code)
    }

    /// Adds a user holding `roles`.
    pub async fn user(&self, username: &str, roles: &[Role]) -> Result<()> {
        admin::add_user(&self.setup.state, username, username, roles, PASSWORD)
            .await
            .map_err(api)?;
        Ok(())
    }

    /// Generates `size` on `ward` and stores it through the sync path, as the ward's
    /// workstations would have. Returns the charts (for the reference and local runs).
    pub async fn seed(&self, ward: &str, size: WardSize) -> Result<Vec<PatientCharts>> {
        let state = &self.setup.state;
        devices::add_ward(state, ward, ward).await.map_err(api)?;
        let mut generator = WardGenerator::new(ward, size);
        let mut charts = Vec::with_capacity(size.patients);
        while let Some(mut chart) = generator.next_patient() {
            let offers = chart
                .docs()
                .into_iter()
                .map(|(id, doc)| offer(id, doc, &[]))
                .collect();
            demo::seed_offers(state, ward, offers).await.map_err(api)?;
            charts.push(chart);
        }
        Ok(charts)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn api(e: bedside_server::error::ApiError) -> anyhow::Error {
    anyhow::anyhow!("{}", e.message)
}

/// A binary built beside this one.
pub fn sibling(name: &str) -> Result<PathBuf> {
    let me = std::env::current_exe()?;
    let path = me.with_file_name(name);
    anyhow::ensure!(
        path.exists(),
        "{} is missing; build it first",
        path.display()
    );
    Ok(path)
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// A process's CPU time so far (user + system) and resident memory now and at peak, KiB.
pub fn usage(pid: u32) -> Result<(Duration, u64, u64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    let after = stat.rsplit_once(')').context("stat")?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    // Fields 14 and 15 of stat (utime, stime), counted from after the command name.
    let ticks: u64 = fields[11].parse::<u64>()? + fields[12].parse::<u64>()?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let kib = |key: &str| -> u64 {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    // Linux reports CPU time in clock ticks of 1/100 s.
    Ok((
        Duration::from_millis(ticks * 10),
        kib("VmRSS:"),
        kib("VmHWM:"),
    ))
}
