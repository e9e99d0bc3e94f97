//! PostgreSQL for tests. With `DATABASE_URL` set, that server is used; otherwise one
//! throwaway cluster is started under `target/` and shared by every test process (the
//! `make test` script starts and stops its own and sets `DATABASE_URL`). Each test gets a
//! fresh database of its own.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use sqlx_core::connection::Connection;
use sqlx_core::executor::Executor;
use sqlx_core::sql_str::AssertSqlSafe;
use sqlx_postgres::PgConnection;

const PORT: u16 = 55432;

fn bin_dir() -> PathBuf {
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if dir.join("initdb").exists() {
            return dir;
        }
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path().join("bin"))
                .collect()
        })
        .unwrap_or_default();
    versions.sort();
    versions
        .pop()
        .expect("PostgreSQL server binaries are needed (install postgresql)")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// Runs a PostgreSQL tool, as the `postgres` user when we are root (initdb refuses root).
fn run_pg(tool: &Path, args: &[&str]) {
    let status = if is_root() {
        let line = std::iter::once(tool.display().to_string())
            .chain(args.iter().map(|a| format!("'{a}'")))
            .collect::<Vec<_>>()
            .join(" ");
        Command::new("su")
            .args(["postgres", "-s", "/bin/sh", "-c", &line])
            .status()
    } else {
        Command::new(tool).args(args).status()
    };
    let status = status.expect("PostgreSQL tools run");
    assert!(status.success(), "{} {:?} failed", tool.display(), args);
}

fn start_cluster() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/test-postgres");
    let data = root.join("data");
    let url = format!("postgresql://postgres@127.0.0.1:{PORT}/postgres");
    let bin = bin_dir();
    if !data.join("PG_VERSION").exists() {
        std::fs::create_dir_all(&root).expect("target/ is writable");
        if is_root() {
            // As root, not as `postgres` (who may not take the folder over).
            let status = Command::new("chown")
                .args(["-R", "postgres:", &root.display().to_string()])
                .status()
                .expect("chown runs");
            assert!(status.success(), "the cluster folder is handed to postgres");
        }
        run_pg(
            &bin.join("initdb"),
            &[
                "-D",
                &data.display().to_string(),
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
                "-E",
                "UTF8",
            ],
        );
    }
    if !data.join("postmaster.pid").exists() {
        let options = format!(
            "-p {PORT} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300",
            root.display()
        );
        run_pg(
            &bin.join("pg_ctl"),
            &[
                "-D",
                &data.display().to_string(),
                "-l",
                &root.join("pg.log").display().to_string(),
                "-o",
                &options,
                "-w",
                "start",
            ],
        );
    }
    url
}

/// The URL of a server where tests may create databases.
pub fn admin_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| match std::env::var("DATABASE_URL") {
        Ok(url) if !url.is_empty() => url,
        _ => start_cluster(),
    })
}

/// Creates an empty database for one test and returns its URL.
pub async fn fresh_database() -> String {
    let admin = admin_url();
    let name = format!("bedside_test_{}", uuid::Uuid::now_v7().simple());
    let mut conn = PgConnection::connect(admin)
        .await
        .expect("the test PostgreSQL accepts connections");
    conn.execute(AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await
        .expect("a test database can be created");
    let (base, _) = admin
        .rsplit_once('/')
        .expect("the admin URL names a database");
    format!("{base}/{name}")
}
