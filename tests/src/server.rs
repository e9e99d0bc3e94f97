//! The sync server in-process on an ephemeral port, over a fresh database.

use std::net::SocketAddr;

use bedside_server::config::{BlobStoreSettings, DocumentSettings};
use bedside_server::{AppState, Config};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::postgres::fresh_database;

/// A running server.
#[derive(Debug)]
pub struct TestServer {
    /// Its base URL.
    pub url: String,
    /// Its state (database pool and cache), for looking behind the API.
    pub state: AppState,
    /// Its database's URL, when this harness created the database.
    pub database_url: Option<String>,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl TestServer {
    /// Starts a server on a fresh database, keeping documents in a fresh folder store.
    pub async fn start() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("bedside-blobs")
            .tempdir()
            .expect("a folder for blobs")
            .keep();
        let documents = DocumentSettings {
            store: BlobStoreSettings::Folder { dir },
            ..DocumentSettings::default()
        };
        Self::start_with(documents).await
    }

    /// Starts a server on a fresh database, keeping documents as `documents` say.
    pub async fn start_with(documents: DocumentSettings) -> Self {
        let database_url = fresh_database().await;
        let config = Config {
            database_url: database_url.clone(),
            listen: "127.0.0.1:0".into(),
            cache_docs: 1000,
            tls: None,
            videos: Default::default(),
            documents,
        };
        let state = bedside_server::prepare(&config)
            .await
            .expect("the server prepares its database");
        let mut server = Self::serve(state).await;
        server.database_url = Some(database_url);
        server
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
        Self {
            url: format!("http://{addr}"),
            state,
            database_url: None,
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
        Self {
            url: format!("https://localhost:{}", addr.port()),
            state,
            database_url: None,
            addr,
            stop: Some(stop),
            task: Some(task),
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
        self.state.clone()
    }
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
