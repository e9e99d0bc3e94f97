//! What the failover test runs: a PostgreSQL primary with a synchronous streaming
//! standby, and HAProxy (Debian's package) in front of several server replicas.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use sqlx_core::executor::Executor;
use sqlx_core::query_scalar::query_scalar;
use sqlx_core::sql_str::AssertSqlSafe;

use crate::postgres::{
    Node, bin_dir, cluster_folder, free_port, init_cluster, run_pg, until_writable,
};

/// The database the servers use.
const DATABASE: &str = "bedside";

/// A primary that acknowledges a commit only once its standby has it
/// (`synchronous_commit = on`, `synchronous_standby_names = '*'`), and that standby.
#[derive(Debug)]
pub struct StandbyPair {
    dir: tempfile::TempDir,
    primary: Node,
    standby: Node,
}

impl StandbyPair {
    /// Starts the primary, clones the standby from it (`pg_basebackup`), and waits
    /// until the standby is the synchronous one; creates the servers' database.
    pub async fn start() -> Self {
        let dir = cluster_folder("bedside-standby");
        let pair = Self {
            primary: Node {
                data: dir.path().join("primary"),
                port: free_port(),
            },
            standby: Node {
                data: dir.path().join("standby"),
                port: free_port(),
            },
            dir,
        };
        init_cluster(&pair.primary.data);
        let sockets = pair.dir.path().display();
        crate::backup::append(
            &pair.primary.data.join("postgresql.conf"),
            &format!(
                "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{sockets}'\nwal_level = replica\nmax_wal_senders = 5\nsynchronous_commit = on\nsynchronous_standby_names = '*'\nfsync = off\n"
            ),
        );
        pair.primary.start(&pair.dir.path().join("primary.log"));
        run_pg(
            &bin_dir().join("pg_basebackup"),
            &[
                "-D",
                &pair.standby.data.display().to_string(),
                "-R",
                "-X",
                "stream",
                "--checkpoint=fast",
                "-h",
                "127.0.0.1",
                "-p",
                &pair.primary.port.to_string(),
                "-U",
                "postgres",
            ],
        );
        // Promoted, it will have no standby of its own to wait for.
        crate::backup::append(
            &pair.standby.data.join("postgresql.conf"),
            "\nsynchronous_standby_names = ''\n",
        );
        pair.standby.start(&pair.dir.path().join("standby.log"));
        let mut primary = pair.primary.connect().await;
        for _ in 0..300 {
            let sync: Option<String> = query_scalar(
                "SELECT sync_state FROM pg_stat_replication WHERE sync_state = 'sync'",
            )
            .fetch_optional(&mut primary)
            .await
            .expect("the primary answers");
            if sync.is_some() {
                primary
                    .execute(AssertSqlSafe(format!("CREATE DATABASE {DATABASE}")))
                    .await
                    .expect("the servers' database");
                return pair;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the standby did not become synchronous within 30 s");
    }

    /// The servers' database on the primary.
    pub fn primary_url(&self) -> String {
        self.primary.url(DATABASE)
    }

    /// The servers' database on the standby.
    pub fn standby_url(&self) -> String {
        self.standby.url(DATABASE)
    }

    /// The primary is lost at once (no shutdown checkpoint, no goodbye to clients).
    pub fn lose_primary(&self) {
        self.primary.stop_now();
    }

    /// Promotes the standby and waits until it takes writes.
    pub async fn promote_standby(&self) {
        run_pg(
            &bin_dir().join("pg_ctl"),
            &[
                "-D",
                &self.standby.data.display().to_string(),
                "-w",
                "promote",
            ],
        );
        until_writable(&self.standby.url("postgres")).await;
    }
}

impl Drop for StandbyPair {
    fn drop(&mut self) {
        self.primary.stop_now();
        self.standby.stop_now();
    }
}

/// HAProxy in front of server replicas: round robin over those whose `GET /readyz`
/// answers, a failed connection tried again on another.
#[derive(Debug)]
pub struct Balancer {
    /// Where workstations reach it.
    pub url: String,
    child: Child,
    _dir: tempfile::TempDir,
}

impl Balancer {
    /// Starts HAProxy for the replicas at `backends` (`host:port` each).
    pub async fn start(backends: &[&str]) -> Self {
        let dir = tempfile::tempdir().expect("a folder for HAProxy");
        let port = free_port();
        let servers: String = backends
            .iter()
            .enumerate()
            .map(|(n, at)| format!("    server replica{n} {at} check\n"))
            .collect();
        let config = format!(
            "global\n    maxconn 2000\n\ndefaults\n    mode http\n    timeout connect 2s\n    timeout client 60s\n    timeout server 60s\n    retries 3\n    option redispatch 1\n    retry-on conn-failure empty-response\n\nfrontend bedside\n    bind 127.0.0.1:{port}\n    default_backend replicas\n\nbackend replicas\n    balance roundrobin\n    option httpchk GET /readyz\n    http-check expect status 200\n    default-server inter 300ms fall 2 rise 1\n{servers}"
        );
        let path = dir.path().join("haproxy.cfg");
        std::fs::write(&path, config).expect("HAProxy's configuration");
        let child = Command::new("haproxy")
            .arg("-f")
            .arg(&path)
            .arg("-db")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("haproxy starts (Debian's haproxy package)");
        // Made first, so that a panic below stops it.
        let balancer = Self {
            url: format!("http://127.0.0.1:{port}"),
            child,
            _dir: dir,
        };
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return balancer;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("HAProxy did not listen within 5 s");
    }
}

impl Drop for Balancer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
