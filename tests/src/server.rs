//! The sync server in-process on an ephemeral port, over a fresh database.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bedside_server::config::{BlobStoreSettings, DocumentSettings};
use bedside_server::services::devices;
use bedside_server::{AppState, Config};
use bedside_shared::access::DeviceProfile;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::clock::TestClock;
use crate::postgres::{TestDatabase, fresh_database};

/// A running server.
#[derive(Debug)]
pub struct TestServer {
    /// Its base URL.
    pub url: String,
    /// Its state (database pool and cache), for looking behind the API.
    pub state: AppState,
    /// Its database's URL, when this harness created the database.
    pub database_url: Option<String>,
    /// The clock it decides by, when this harness started it.
    clock: Option<Arc<TestClock>>,
    addr: SocketAddr,
    /// The database this harness made for it, dropped with the server unless it stops
    /// and its state is served again.
    database: Option<TestDatabase>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl TestServer {
    /// Starts a server on a fresh database, keeping documents in a fresh folder store.
    /// The folder goes with the database (a restart over the same state keeps both).
    pub async fn start() -> Self {
        Self::start_on_database(fresh_database().await).await
    }

    /// Starts a server on `database` (one restored from a backup, say), keeping
    /// documents in a fresh folder store.
    pub async fn start_on_database(database: TestDatabase) -> Self {
        let blobs = tempfile::Builder::new()
            .prefix("bedside-blobs")
            .tempdir()
            .expect("a folder for blobs");
        let documents = DocumentSettings {
            store: BlobStoreSettings::Folder {
                dir: blobs.path().to_owned(),
            },
            ..DocumentSettings::default()
        };
        Self::start_on(database.holding(blobs), documents).await
    }

    /// Starts a server on a fresh database, keeping documents as `documents` say.
    pub async fn start_with(documents: DocumentSettings) -> Self {
        Self::start_on(fresh_database().await, documents).await
    }

    /// Starts a server on `database`, keeping documents as `documents` say.
    pub async fn start_on(database: TestDatabase, documents: DocumentSettings) -> Self {
        let config = Config {
            database_url: database.url.clone().into(),
            listen: "127.0.0.1:0".into(),
            cache_docs: 1000,
            metrics_listen: None,
            tls: None,
            videos: Default::default(),
            documents,
        };
        let clock = Arc::new(TestClock::default());
        let state = bedside_server::prepare(&config)
            .await
            .expect("the server prepares its database")
            .with_clock(clock.clone());
        let mut server = Self::serve(state).await;
        server.database_url = Some(database.url.clone());
        server.database = Some(database);
        server.clock = Some(clock);
        server
    }

    /// The clock the server decides by (tokens, codes, grants, lockouts): a test moves it
    /// instead of waiting, or writing times into the database.
    pub fn clock(&self) -> &TestClock {
        self.clock
            .as_deref()
            .expect("a server the harness started reads the test's clock")
    }

    /// Serves existing state on a new port (a restart keeping the database).
    pub async fn serve(state: AppState) -> Self {
        Self::serve_at(state, "127.0.0.1:0".parse().expect("an address")).await
    }

    /// Serves existing state at `addr` (a restart where workstations expect it).
    pub async fn serve_at(state: AppState, addr: SocketAddr) -> Self {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .expect("the address is free");
        let addr = listener.local_addr().expect("bound");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(bedside_server::serve(listener, state.clone(), async {
            let _ = stopped.await;
        }));
        let Stopped { database, clock } = adopt(&state);
        Self {
            url: format!("http://{addr}"),
            database,
            state,
            database_url: None,
            clock,
            addr,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// Serves existing state over HTTPS with `tls`, at `https://localhost:<port>`.
    pub async fn serve_tls(state: AppState, tls: &bedside_server::TlsFiles) -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        let addr = listener.local_addr().expect("bound");
        let (stop, stopped) = oneshot::channel::<()>();
        let tls = tls.clone();
        let served = state.clone();
        let task = tokio::spawn(async move {
            bedside_server::serve_tls(listener, served, &tls, async {
                let _ = stopped.await;
            })
            .await
        });
        let Stopped { database, clock } = adopt(&state);
        Self {
            url: format!("https://localhost:{}", addr.port()),
            database,
            state,
            database_url: None,
            clock,
            addr,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// A fresh enrollment code for a `profile` workstation on `wards` (each created if
    /// missing, named by its code), as IT issues it.
    pub async fn enrollment_code(&self, wards: &[&str], profile: DeviceProfile) -> String {
        let wards: Vec<String> = wards.iter().map(|w| (*w).to_owned()).collect();
        for ward in &wards {
            devices::add_ward(&self.state, ward, ward)
                .await
                .expect("the ward is saved");
        }
        let (code, _) = devices::issue_code(&self.state, &wards, profile, time::Duration::hours(1))
            .await
            .expect("a code is issued");
        code
    }

    /// The same database as served by another replica at `url` (a
    /// [`ServerProcess`](crate::replica::ServerProcess)): workstations enroll and sync
    /// there, while tests still look behind the API through this server's state.
    pub fn replica_at(&self, url: &str) -> Self {
        let addr = url
            .trim_start_matches("http://")
            .parse()
            .expect("a replica's URL is http://address");
        Self {
            url: url.to_owned(),
            state: self.state.clone(),
            database_url: self.database_url.clone(),
            clock: None,
            addr,
            database: None,
            stop: None,
            task: None,
        }
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops it gracefully and waits.
    pub async fn stop(mut self) -> AppState {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await
                .expect("the server task ends")
                .expect("the server stops cleanly");
        }
        if let Some(database) = self.database.take() {
            STOPPED.lock().expect("the stopped list").push(Stopped {
                database: Some(database),
                clock: self.clock.take(),
            });
        }
        self.state.clone()
    }
}

/// Databases of stopped servers, kept for a restart over the same state (which adopts
/// its database again); what no restart adopts is swept by a later run.
static STOPPED: Mutex<Vec<Stopped>> = Mutex::new(Vec::new());

/// What a stopped server leaves for its restart: its database and its clock.
#[derive(Debug, Default)]
struct Stopped {
    database: Option<TestDatabase>,
    clock: Option<Arc<TestClock>>,
}

/// The database and clock of a stopped server whose state is served again.
fn adopt(state: &AppState) -> Stopped {
    let options = state.pool.connect_options();
    let Some(name) = options.get_database() else {
        return Stopped::default();
    };
    let mut stopped = STOPPED.lock().expect("the stopped list");
    let at = stopped
        .iter()
        .position(|s| s.database.as_ref().is_some_and(|db| db.name() == name));
    at.map(|at| stopped.swap_remove(at)).unwrap_or_default()
}

/// Every document the server stores, loaded from PostgreSQL (not from its cache).
pub async fn stored_documents(
    state: &AppState,
) -> std::collections::BTreeMap<bedside_shared::DocId, automerge::AutoCommit> {
    use sqlx_core::query_scalar::query_scalar;
    let ids: Vec<String> = query_scalar("SELECT doc_id FROM documents ORDER BY doc_id")
        .fetch_all(&state.pool)
        .await
        .expect("documents are listed");
    let mut conn = state.pool.acquire().await.expect("a connection");
    let mut docs = std::collections::BTreeMap::new();
    for id in ids {
        let id: bedside_shared::DocId = id.parse().expect("stored ids parse");
        let doc = bedside_server::store::load_document(&mut conn, &id)
            .await
            .expect("documents load");
        docs.insert(id, doc);
    }
    docs
}

/// The ids of the vital signs the server holds of `patient` (whose chart it must hold),
/// sorted.
pub async fn vitals_held(state: &AppState, patient: bedside_shared::PatientId) -> Vec<String> {
    let mut stored = stored_documents(state).await;
    let doc = stored
        .get_mut(&bedside_shared::DocId::clinical(patient))
        .expect("the server holds the chart");
    let clinical: bedside_shared::chart::Clinical =
        bedside_shared::chart::read(doc).expect("the chart reads");
    let mut held: Vec<String> = clinical.vitals.keys().map(ToString::to_string).collect();
    held.sort();
    held
}
