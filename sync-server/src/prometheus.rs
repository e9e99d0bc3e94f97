//! Prometheus metrics, served on a listener of their own (`metrics_listen`, loopback by
//! default) so the clinical API never exposes them. Labels name routes (as templates),
//! methods, statuses and outcomes: never a patient, a user or a device.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
use metrics::{counter, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tokio::net::TcpListener;

use crate::state::AppState;

/// Requests served, by method, route template and status.
pub const REQUESTS: &str = "bedside_http_requests_total";
/// Time to answer a request, by method and route template.
pub const REQUEST_SECONDS: &str = "bedside_http_request_duration_seconds";
/// Documents offered in one sync request.
pub const SYNC_OFFERED: &str = "bedside_sync_offered_documents";
/// Offered documents by outcome: `applied` (changes stored), `refused`, `unchanged`.
pub const SYNC_DOCUMENTS: &str = "bedside_sync_documents_total";
/// Sync requests told to start over (the workstation synced from before a restore).
pub const SYNC_STARTED_OVER: &str = "bedside_sync_started_over_total";
/// Time to commit a sync's transaction.
pub const SYNC_COMMIT_SECONDS: &str = "bedside_sync_commit_seconds";
/// Time a sync waited for the locks of the documents it offered.
pub const SYNC_LOCK_WAIT_SECONDS: &str = "bedside_sync_lock_wait_seconds";
/// Time a catch-up waited for earlier writers to finish (the watermark).
pub const SYNC_SETTLE_WAIT_SECONDS: &str = "bedside_sync_settle_wait_seconds";
/// Document cache lookups by `result`: `hit` or `miss` (loaded from PostgreSQL).
pub const CACHE_LOOKUPS: &str = "bedside_cache_lookups_total";
/// Documents the cache holds.
pub const CACHE_DOCUMENTS: &str = "bedside_cache_documents";
/// Live feeds (`GET /v1/live`) open on this replica.
pub const LIVE_FEEDS: &str = "bedside_live_feeds_open";
/// Audit rows recorded but not sealed into the chain yet.
pub const AUDIT_UNSEALED: &str = "bedside_audit_unsealed_rows";
/// Pooled PostgreSQL connections by `state`: `idle` or `in_use`.
pub const DB_CONNECTIONS: &str = "bedside_db_connections";

/// Bucket bounds for times, in seconds: 1 ms to 10 s.
const SECONDS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];
/// Bucket bounds for documents per request.
const DOCUMENTS: &[f64] = &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// The process's recorder, installed on first use (every replica state in one process
/// shares it).
pub fn handle() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), SECONDS)
            .and_then(|b| b.set_buckets_for_metric(Matcher::Full(SYNC_OFFERED.into()), DOCUMENTS))
            .expect("bucket bounds are not empty");
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("another metrics recorder is installed; /metrics stays empty");
        }
        describe();
        handle
    })
}

/// The `# HELP` line of each metric.
fn describe() {
    use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
    describe_counter!(
        REQUESTS,
        "Requests served, by method, route template and status."
    );
    describe_histogram!(REQUEST_SECONDS, Unit::Seconds, "Time to answer a request.");
    describe_histogram!(SYNC_OFFERED, "Documents offered in one sync request.");
    describe_counter!(
        SYNC_DOCUMENTS,
        "Offered documents: applied, refused or unchanged."
    );
    describe_counter!(
        SYNC_STARTED_OVER,
        "Sync requests from before a restore, told to start over."
    );
    describe_histogram!(SYNC_COMMIT_SECONDS, Unit::Seconds, "Time to commit a sync.");
    describe_histogram!(
        SYNC_LOCK_WAIT_SECONDS,
        Unit::Seconds,
        "Time a sync waited for its documents' locks."
    );
    describe_histogram!(
        SYNC_SETTLE_WAIT_SECONDS,
        Unit::Seconds,
        "Time a catch-up waited for earlier writers to commit."
    );
    describe_counter!(CACHE_LOOKUPS, "Document cache lookups: hit or miss.");
    describe_gauge!(CACHE_DOCUMENTS, "Documents the cache holds.");
    describe_gauge!(LIVE_FEEDS, "Live feeds open on this replica.");
    describe_gauge!(AUDIT_UNSEALED, "Audit rows recorded and not sealed yet.");
    describe_gauge!(
        DB_CONNECTIONS,
        "Pooled PostgreSQL connections: idle or in use."
    );
}

/// Counts and times every request by its route template (`/v1/patients/{id}`, never
/// the id). Requests that match no route count as `unmatched`.
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    counter!(REQUESTS, "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    histogram!(REQUEST_SECONDS, "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// How often the gauges read from the replica's state are refreshed.
const SAMPLE_EVERY: Duration = Duration::from_secs(1);

/// Refreshes the gauges read from `state` (cache size, pool use) and keeps the
/// recorder's histograms drained, every second until aborted.
pub async fn keep_sampling(state: AppState) {
    let mut every = tokio::time::interval(SAMPLE_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // The process's own series (`process_cpu_seconds_total`, resident memory, open files,
    // threads, start time), as every Prometheus target exports them.
    let process = metrics_process::Collector::default();
    process.describe();
    loop {
        every.tick().await;
        process.collect();
        gauge!(CACHE_DOCUMENTS).set(state.docs.len() as f64);
        let idle = state.pool.num_idle();
        let size = state.pool.size() as usize;
        gauge!(DB_CONNECTIONS, "state" => "idle").set(idle as f64);
        gauge!(DB_CONNECTIONS, "state" => "in_use").set(size.saturating_sub(idle) as f64);
        handle().run_upkeep();
    }
}

/// Serves `GET /metrics` (Prometheus text format) on `listener` until `shutdown`.
pub async fn serve(
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = Router::new().route("/metrics", get(|| async { handle().render() }));
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}
