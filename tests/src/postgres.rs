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

pub(crate) fn bin_dir() -> PathBuf {
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

pub(crate) fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// A PostgreSQL tool's command, run as the `postgres` user when we are root (initdb
/// refuses root, and the cluster's files are that user's).
pub(crate) fn pg_command(tool: &Path, args: &[&str]) -> Command {
    if is_root() {
        let line = std::iter::once(tool.display().to_string())
            .chain(args.iter().map(|a| format!("'{a}'")))
            .collect::<Vec<_>>()
            .join(" ");
        let mut command = Command::new("su");
        command.args(["postgres", "-s", "/bin/sh", "-c", &line]);
        command
    } else {
        let mut command = Command::new(tool);
        command.args(args);
        command
    }
}

/// Runs a PostgreSQL tool (see [`pg_command`]); it must succeed.
pub(crate) fn run_pg(tool: &Path, args: &[&str]) {
    let status = pg_command(tool, args)
        .status()
        .expect("PostgreSQL tools run");
    assert!(status.success(), "{} {:?} failed", tool.display(), args);
}

/// Gives `path` (and what is in it) to the `postgres` user when we are root: as root,
/// not as `postgres`, who may not take it over.
pub(crate) fn hand_to_postgres(path: &Path) {
    if is_root() {
        let status = Command::new("chown")
            .args(["-R", "postgres:", &path.display().to_string()])
            .status()
            .expect("chown runs");
        assert!(status.success(), "{} is handed to postgres", path.display());
    }
}

/// A port nobody listens on now (for a cluster's `-p`, which takes a number).
pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Waits until the server at `url` has left recovery and takes writes (a restore or a
/// promotion finished).
pub(crate) async fn until_writable(url: &str) {
    let mut conn = PgConnection::connect(url)
        .await
        .expect("the server accepts connections");
    for _ in 0..300 {
        let recovering: bool = sqlx_core::query_scalar::query_scalar("SELECT pg_is_in_recovery()")
            .fetch_one(&mut conn)
            .await
            .expect("the server answers");
        if !recovering {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the server did not leave recovery within 30 s");
}

/// A folder for a test's own clusters, given to `postgres` (see [`hand_to_postgres`]).
pub(crate) fn cluster_folder(prefix: &str) -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .expect("a folder for a cluster");
    hand_to_postgres(dir.path());
    dir
}

/// A PostgreSQL server of a test's own: its data directory and the port it listens on.
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) data: PathBuf,
    pub(crate) port: u16,
}

impl Node {
    /// Its URL for `database`.
    pub(crate) fn url(&self, database: &str) -> String {
        format!("postgresql://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// Starts it on its port, logging to `log`, and waits until it accepts connections.
    pub(crate) fn start(&self, log: &Path) {
        let data = self.data.display().to_string();
        let log = log.display().to_string();
        let port = format!("-p {}", self.port);
        let args = [
            "-D",
            data.as_str(),
            "-l",
            log.as_str(),
            "-o",
            port.as_str(),
            "-w",
            "start",
        ];
        run_pg(&bin_dir().join("pg_ctl"), &args);
    }

    /// Stops it at once (no shutdown checkpoint, as a crash would), if it runs.
    pub(crate) fn stop_now(&self) {
        if self.data.join("postmaster.pid").exists() {
            let data = self.data.display().to_string();
            let stop = ["-D", data.as_str(), "-m", "immediate", "-w", "stop"];
            // Best effort: it may be gone already, and a failed stop must not hide the
            // test's own failure.
            let _ = pg_command(&bin_dir().join("pg_ctl"), &stop).status();
        }
    }

    /// A connection to its `postgres` database.
    pub(crate) async fn connect(&self) -> PgConnection {
        PgConnection::connect(&self.url("postgres"))
            .await
            .expect("the cluster accepts connections")
    }
}

/// A new cluster in `data` (whose parent `postgres` owns), trusting local connections.
pub(crate) fn init_cluster(data: &Path) {
    let data = data.display().to_string();
    let args = [
        "-D",
        data.as_str(),
        "-U",
        "postgres",
        "-A",
        "trust",
        "--no-sync",
        "-E",
        "UTF8",
    ];
    run_pg(&bin_dir().join("initdb"), &args);
}

fn start_cluster() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/test-postgres");
    let data = root.join("data");
    let url = format!("postgresql://postgres@127.0.0.1:{PORT}/postgres");
    let bin = bin_dir();
    if !data.join("PG_VERSION").exists() {
        std::fs::create_dir_all(&root).expect("target/ is writable");
        hand_to_postgres(&root);
        init_cluster(&data);
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

/// A test's own database, a copy of the migrated template, dropped with this guard.
#[derive(Debug)]
pub struct TestDatabase {
    /// Its URL.
    pub url: String,
    /// Its name on the shared test server; empty for one on a cluster of its own.
    name: String,
    /// The folder the server kept its documents in, removed with the database.
    blobs: Option<tempfile::TempDir>,
}

impl TestDatabase {
    /// A database on a cluster of the test's own, which removes it: this guard drops
    /// nothing.
    pub fn kept_elsewhere(url: String) -> Self {
        Self {
            url,
            name: String::new(),
            blobs: None,
        }
    }

    /// Its name on the server.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Keeps `blobs` (the server's document folder) until the database is dropped.
    pub fn holding(mut self, blobs: tempfile::TempDir) -> Self {
        self.blobs = Some(blobs);
        self
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if self.name.is_empty() {
            return;
        }
        let statement = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        // A thread and a runtime of its own: a guard may be dropped inside a runtime or
        // outside one, and either way the test waits until its database is gone.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async {
                let mut conn = PgConnection::connect(admin_url()).await?;
                conn.execute(AssertSqlSafe(statement)).await.map(drop)
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("a test database could not be dropped: {}", self.name);
        }
    }
}

/// Creates a database for one test: a copy of the migrated template, so the server
/// finds its migrations already applied. It is dropped with the returned guard.
pub async fn fresh_database() -> TestDatabase {
    let template = template().await;
    let name = format!("bedside_test_{}", uuid::Uuid::now_v7().simple());
    let mut conn = connect_admin().await;
    conn.execute(AssertSqlSafe(format!(
        "CREATE DATABASE {name} TEMPLATE {template}"
    )))
    .await
    .expect("a test database can be copied from the template");
    TestDatabase {
        url: url_of(&name),
        name,
        blobs: None,
    }
}

/// A logical backup of the database at `database_url` into `file` (`pg_dump`, custom
/// format), as of one consistent snapshot.
pub fn dump(database_url: &str, file: &Path) {
    let status = Command::new(bin_dir().join("pg_dump"))
        .args(["--format=custom", "--no-owner", "--file"])
        .arg(file)
        .arg(database_url)
        .status()
        .expect("pg_dump runs");
    assert!(status.success(), "pg_dump failed");
}

/// A new database restored from the backup `file` (see [`dump`]), dropped with the
/// returned guard.
pub async fn restored(file: &Path) -> TestDatabase {
    let name = format!("bedside_test_{}", uuid::Uuid::now_v7().simple());
    connect_admin()
        .await
        .execute(AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await
        .expect("a database to restore into");
    let database = TestDatabase {
        url: url_of(&name),
        name,
        blobs: None,
    };
    let status = Command::new(bin_dir().join("pg_restore"))
        .args(["--no-owner", "--exit-on-error", "--dbname"])
        .arg(&database.url)
        .arg(file)
        .status()
        .expect("pg_restore runs");
    assert!(status.success(), "pg_restore failed");
    database
}

async fn connect_admin() -> PgConnection {
    PgConnection::connect(admin_url())
        .await
        .expect("the test PostgreSQL accepts connections")
}

/// The admin URL naming `database` instead, its query (a socket folder, say) kept.
fn url_of(database: &str) -> String {
    let admin = admin_url();
    let (path, query) = admin.split_once('?').unwrap_or((admin, ""));
    let (base, _) = path
        .rsplit_once('/')
        .expect("the admin URL names a database");
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    format!("{base}/{database}{query}")
}

/// The migrated template of this version of the server's migrations, made by the first
/// test process that needs it and kept for the next. Leftovers of earlier runs (test
/// databases over an hour old, templates of other migrations) are dropped on the way.
async fn template() -> &'static str {
    static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let name = format!("bedside_template_{}", migrations_digest());
            let mut conn = connect_admin().await;
            sweep_leftovers(&mut conn, &name).await;
            let created = conn
                .execute(AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .await
                .is_ok();
            if created {
                let pool = bedside_server::store::connect(&url_of(&name))
                    .await
                    .expect("the template accepts connections");
                bedside_server::store::migrate(&pool)
                    .await
                    .expect("the server's migrations apply to the template");
                pool.close().await;
                conn.execute(AssertSqlSafe(format!(
                    "ALTER DATABASE {name} WITH IS_TEMPLATE true"
                )))
                .await
                .expect("the template is marked ready");
            } else {
                // Another test process is making it: ready once marked a template.
                wait_until_template(&mut conn, &name).await;
            }
            name
        })
        .await
}

async fn wait_until_template(conn: &mut PgConnection, name: &str) {
    use sqlx_core::query_scalar::query_scalar;
    for _ in 0..600 {
        let ready: Option<bool> =
            query_scalar("SELECT datistemplate FROM pg_database WHERE datname = $1")
                .bind(name)
                .fetch_optional(&mut *conn)
                .await
                .expect("pg_database can be read");
        if ready == Some(true) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the template database {name} was never made ready");
}

/// Drops test databases left by runs over an hour ago (their names carry a UUIDv7, which
/// holds its creation time) and templates of other migrations.
async fn sweep_leftovers(conn: &mut PgConnection, template: &str) {
    use sqlx_core::query_scalar::query_scalar;
    let names: Vec<String> =
        query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'bedside%'")
            .fetch_all(&mut *conn)
            .await
            .expect("pg_database can be read");
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for name in names {
        let stale = match name.strip_prefix("bedside_test_") {
            Some(id) => uuid::Uuid::parse_str(id)
                .ok()
                .and_then(|id| id.get_timestamp())
                .is_some_and(|ts| {
                    let (secs, nanos) = ts.to_unix();
                    std::time::UNIX_EPOCH + std::time::Duration::new(secs, nanos) < hour_ago
                }),
            None => name.starts_with("bedside_template_") && name != template,
        };
        if stale {
            let _ = conn
                .execute(AssertSqlSafe(format!(
                    "ALTER DATABASE {name} WITH IS_TEMPLATE false"
                )))
                .await;
            let _ = conn
                .execute(AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                )))
                .await;
        }
    }
}

/// A digest of the server's migration files: a new migration makes a new template.
fn migrations_digest() -> String {
    use sha2::{Digest, Sha256};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations/server");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the server's migrations are beside the tests")
        .map(|entry| entry.expect("a migration file").path())
        .collect();
    files.sort();
    let mut digest = Sha256::new();
    for file in files {
        digest.update(file.file_name().expect("a name").as_encoded_bytes());
        digest.update(std::fs::read(&file).expect("a migration is readable"));
    }
    hex::encode(&digest.finalize()[..8])
}
