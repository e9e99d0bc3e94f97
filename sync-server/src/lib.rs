//! # bedside-server
//!
//! The sync server: merges every workstation's chart documents, stores them in
//! PostgreSQL as append-only Automerge changes with compacted snapshots, and tells each
//! workstation what changed since it last synced.
//!
//! Layering: [`routes`] (the URL map) -> [`handlers`] (parse, call) -> [`services`]
//! (sync, demo seeding) -> [`store`] (SQL). A handler never writes SQL; a store function
//! never knows about HTTP. [`app`] builds the router for in-process tests; [`serve`]
//! runs it on a socket until shutdown. `main.rs` only reads configuration.
//!
//! Never: log patient data (only counts, ids of requests, error kinds), or answer a 5xx
//! with anything internal.
#![forbid(unsafe_code)]

pub mod blobstore;
pub mod body_limits;
pub mod cache;
pub mod config;
pub mod error;
pub mod handlers;
pub mod openapi;
pub mod prometheus;

use secrecy::ExposeSecret as _;
pub mod routes;
pub mod services;
pub mod state;
pub mod store;
pub mod videos_cli;

use std::future::Future;

pub use config::{Config, TlsFiles, VideoSettings};
pub use routes::app;
pub use state::AppState;
use tokio::net::TcpListener;

/// Connects to the database, applies migrations, opens the document store and fills the
/// read projection: the state a serving server needs.
pub async fn prepare(config: &Config) -> anyhow::Result<AppState> {
    let state = prepare_database(config)
        .await?
        .with_documents(config.documents.clone())
        .await?;
    let filled = services::charts::backfill(&state)
        .await
        .map_err(|e| anyhow::anyhow!("filling the read projection: {}", e.message))?;
    if filled > 0 {
        tracing::info!(documents = filled, "read projection filled");
    }
    Ok(state)
}

/// The state for work on the database alone (migrations, users, wards, devices, the
/// audit's verification): the document store is not opened, so such a command creates
/// no document folder where it runs.
pub async fn prepare_database(config: &Config) -> anyhow::Result<AppState> {
    let pool = store::connect(config.database_url.expose_secret()).await?;
    store::migrate(&pool).await?;
    store::keep_ahead(&pool).await?;
    Ok(AppState::open(pool, config.cache_docs)
        .await?
        .with_videos(config.videos.clone()))
}

/// Serves `state` on `listener` until `shutdown` completes, then finishes the requests
/// in flight (for up to 30 seconds). A client has `state.limits.header_read` to send its
/// headers and may not pause its body longer than `state.limits.body_idle`.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let handle = stop_on(&state, shutdown);
    let mut server = axum_server::from_tcp(listener.into_std()?)?.handle(handle);
    limit_headers(server.http_builder(), &state.limits);
    server.serve(app(state).into_make_service()).await
}

/// Serves `state` over HTTPS on `listener` with the certificate and key in `tls` until
/// `shutdown` completes, then finishes the requests in flight (for up to 30 seconds).
pub async fn serve_tls(
    listener: std::net::TcpListener,
    state: AppState,
    tls: &TlsFiles,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(&tls.cert, &tls.key).await?;
    let handle = stop_on(&state, shutdown);
    let state = AppState {
        https: true,
        ..state
    };
    listener.set_nonblocking(true)?;
    let mut server = axum_server::from_tcp_rustls(listener, config)?.handle(handle);
    limit_headers(server.http_builder(), &state.limits);
    server.serve(app(state).into_make_service()).await
}

/// A handle that starts graceful shutdown (30 seconds at most) once `shutdown` completes.
fn stop_on(
    state: &AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> axum_server::Handle<std::net::SocketAddr> {
    let handle = axum_server::Handle::new();
    let stopper = handle.clone();
    let shutdown = background(state, shutdown);
    tokio::spawn(async move {
        shutdown.await;
        stopper.graceful_shutdown(Some(std::time::Duration::from_secs(30)));
    });
    handle
}

/// A connection that does not finish its headers in time is closed (slow clients would
/// otherwise hold connections open for as long as they like).
fn limit_headers(
    builder: &mut hyper_util::server::conn::auto::Builder<hyper_util::rt::TokioExecutor>,
    limits: &state::Limits,
) {
    builder
        .http1()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(limits.header_read);
}

/// Starts this replica's live pushes and its audit sealer; the returned shutdown also
/// ends their open feeds, which graceful shutdown would otherwise wait for, and the
/// sealer (a pass cut short seals nothing and loses nothing).
fn background(
    state: &AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> impl Future<Output = ()> + Send + 'static {
    state.live.start(&state.pool);
    let sealer = tokio::spawn(services::audit::keep_sealing(state.pool.clone()));
    let sampler = tokio::spawn(prometheus::keep_sampling(state.clone()));
    let live = state.live.clone();
    async move {
        shutdown.await;
        live.close();
        sealer.abort();
        sampler.abort();
    }
}
