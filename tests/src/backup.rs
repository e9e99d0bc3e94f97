//! A PostgreSQL cluster of its own that archives its write-ahead log with pgBackRest,
//! set up with the files a hospital installs (`deploy/pgbackrest/`, only their paths and
//! port changed): backed up, restored to a named point into a new data directory, and
//! verified, for the restore drill.

use std::path::{Path, PathBuf};

use sqlx_core::executor::Executor;
use sqlx_core::query_scalar::query_scalar;
use sqlx_core::sql_str::AssertSqlSafe;

use crate::postgres::{
    Node, TestDatabase, cluster_folder, free_port, hand_to_postgres, init_cluster, run_pg,
    until_writable,
};

/// The stanza: the one cluster pgBackRest backs up.
const STANZA: &str = "bedside";
/// The database the server uses in it.
const DATABASE: &str = "bedside";

/// A running cluster with WAL archiving, stopped (immediately) and removed when dropped.
#[derive(Debug)]
pub struct ArchivedCluster {
    dir: tempfile::TempDir,
    node: Node,
}

impl ArchivedCluster {
    /// Creates the cluster and its stanza, starts it with archiving on, checks that the
    /// WAL reaches the repository, and creates the server's database.
    pub async fn start() -> Self {
        let dir = cluster_folder("bedside-backup");
        let cluster = Self {
            node: Node {
                data: dir.path().join("data"),
                port: free_port(),
            },
            dir,
        };
        cluster.write_config();
        init_cluster(&cluster.node.data);
        let conf = cluster.dir.path().join("pgbackrest.conf");
        let archiving = deployed(
            "postgresql.conf",
            " = ",
            &[(
                "archive_command",
                format!(
                    "'pgbackrest --config={} --stanza={STANZA} archive-push %p'",
                    conf.display()
                ),
            )],
        );
        let local = format!(
            "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\n{archiving}",
            cluster.dir.path().display()
        );
        append(&cluster.node.data.join("postgresql.conf"), &local);
        cluster.node.start(&cluster.log());
        cluster.pgbackrest(&["stanza-create"]);
        cluster.pgbackrest(&["check"]);
        let mut admin = cluster.node.connect().await;
        admin
            .execute(AssertSqlSafe(format!("CREATE DATABASE {DATABASE}")))
            .await
            .expect("the server's database");
        cluster
    }

    /// The stanza's configuration: `deploy/pgbackrest/pgbackrest.conf` with the
    /// repository in this folder and the cluster as it now runs (its data directory and
    /// port).
    fn write_config(&self) {
        let d = self.dir.path().display();
        let conf = deployed(
            "pgbackrest.conf",
            "=",
            &[
                ("repo1-path", format!("{d}/repo")),
                ("log-path", format!("{d}/log")),
                ("lock-path", format!("{d}/lock")),
                ("spool-path", format!("{d}/spool")),
                ("pg1-path", self.node.data.display().to_string()),
                ("pg1-port", self.node.port.to_string()),
                ("pg1-socket-path", d.to_string()),
            ],
        );
        let path = self.dir.path().join("pgbackrest.conf");
        std::fs::write(&path, conf).expect("the stanza's configuration");
        hand_to_postgres(&path);
    }

    fn log(&self) -> PathBuf {
        self.dir.path().join("pg.log")
    }

    /// Runs a pgBackRest command on the stanza (as `postgres`, who owns the cluster).
    pub fn pgbackrest(&self, args: &[&str]) {
        let conf = format!(
            "--config={}",
            self.dir.path().join("pgbackrest.conf").display()
        );
        let stanza = format!("--stanza={STANZA}");
        let all: Vec<&str> = [conf.as_str(), stanza.as_str()]
            .into_iter()
            .chain(args.iter().copied())
            .collect();
        run_pg(Path::new("pgbackrest"), &all);
    }

    /// The server's database, for a test server (the cluster removes it, not the guard).
    pub fn database(&self) -> TestDatabase {
        TestDatabase::kept_elsewhere(self.node.url(DATABASE))
    }

    /// A full backup.
    pub fn back_up(&self) {
        self.pgbackrest(&["--type=full", "backup"]);
    }

    /// Names the present moment `name`, to restore to.
    pub async fn restore_point(&self, name: &str) {
        // The point is the cluster's, named from any of its databases.
        let mut conn = self.node.connect().await;
        query_scalar::<_, String>("SELECT pg_create_restore_point($1)::text")
            .bind(name)
            .fetch_one(&mut conn)
            .await
            .expect("a restore point");
    }

    /// Archives the WAL written so far and checks it reached the repository.
    pub fn archive_now(&self) {
        self.pgbackrest(&["check"]);
    }

    /// The cluster is lost: it stops, and is restored to the point `name` into a new
    /// data directory, which the stanza then backs up, and started there (on a new
    /// port) once it has left recovery.
    pub async fn restore_to(&mut self, name: &str) {
        self.node.stop_now();
        let restored = self.dir.path().join("restored");
        self.pgbackrest(&[
            &format!("--pg1-path={}", restored.display()),
            "--type=name",
            &format!("--target={name}"),
            "--target-action=promote",
            "restore",
        ]);
        self.node = Node {
            data: restored,
            port: free_port(),
        };
        self.write_config();
        self.node.start(&self.log());
        until_writable(&self.node.url("postgres")).await;
    }

    /// `pgbackrest verify`: every backup and archived WAL file in the repository reads
    /// back whole.
    pub fn verify(&self) {
        self.pgbackrest(&["verify"]);
    }
}

impl Drop for ArchivedCluster {
    fn drop(&mut self) {
        self.node.stop_now();
    }
}

/// The file `name` of `deploy/pgbackrest/`, each setting in `changed` given its value
/// (lines `key{separator}value`).
fn deployed(name: &str, separator: &str, changed: &[(&str, String)]) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../deploy/pgbackrest")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("the deployed configuration reads");
    let mut out = String::new();
    for line in text.lines() {
        let key = line.split(separator).next().unwrap_or_default().trim();
        match changed.iter().find(|(k, _)| *k == key) {
            Some((k, value)) => out.push_str(&format!("{k}{separator}{value}")),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    for (key, _) in changed {
        assert!(
            out.contains(&format!("{key}{separator}")),
            "{name} sets {key}"
        );
    }
    out
}

pub(crate) fn append(path: &Path, text: &str) {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(path)
        .expect("postgresql.conf opens");
    file.write_all(text.as_bytes())
        .expect("postgresql.conf is written");
}
