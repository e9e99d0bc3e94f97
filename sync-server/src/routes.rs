//! The whole URL map.

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post, put};
use bedside_shared::error::ErrorCode;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::body_limits::{AUDIT_BODY_BYTES, SMALL_BODY_BYTES, STORE_BODY_BYTES, SYNC_BODY_BYTES};
use crate::error::ApiError;
use crate::handlers::{audit, auth, break_glass, charts, devices, documents, health, live, sync};
use crate::state::AppState;

/// The application: every route, with request ids and tracing. Bodies are limited per
/// route; the few routes that take large ones check the caller first (a session, or the
/// URL's signature) and read the body only then, one of a few at a time.
pub fn app(state: AppState) -> Router {
    let large = |route: MethodRouter<AppState>, limit: usize| {
        route
            .layer(DefaultBodyLimit::max(limit))
            .layer(middleware::from_fn_with_state(state.clone(), one_of_few))
    };
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/openapi.json", get(crate::openapi::spec))
        .route("/docs", get(crate::openapi::page))
        .route("/v1/auth/login", post(auth::login))
        .route("/v1/auth/refresh", post(auth::refresh))
        .route("/v1/auth/logout", post(auth::logout))
        .route("/v1/auth/me", get(auth::me))
        .route("/v1/devices/enroll", post(devices::enroll))
        .route("/v1/sync", large(post(sync::sync), SYNC_BODY_BYTES))
        .route("/v1/live", get(live::live))
        .route("/v1/break-glass", post(break_glass::open))
        .route("/v1/break-glass/search", post(break_glass::search))
        .route("/v1/patients", get(charts::patients))
        .route("/v1/patients/search", post(charts::search))
        .route("/v1/patients/{id}", get(charts::patient))
        .route("/v1/patients/{id}/appointments", get(charts::appointments))
        .route("/v1/patients/{id}/prescriptions", get(charts::prescriptions))
        .route("/v1/patients/{id}/notes", get(charts::notes))
        .route("/v1/patients/{id}/timeline", get(charts::timeline))
        .route(
            "/v1/patients/{id}/education-videos",
            get(charts::education_videos),
        )
        .route("/v1/tasks", get(charts::tasks))
        .route("/v1/dashboard", get(charts::dashboard))
        .route("/v1/staff", get(charts::staff))
        .route("/v1/staff/{id}", get(charts::staff_member))
        .route("/v1/audit", get(audit::events))
        .route("/v1/audit/export", get(audit::export))
        .route(
            "/v1/audit/events",
            large(post(audit::upload), AUDIT_BODY_BYTES),
        )
        .route("/v1/patients/{id}/documents", get(documents::tiles))
        .route("/v1/documents/upload", post(documents::upload))
        .route("/v1/documents/complete", post(documents::complete))
        .route("/v1/documents/download", post(documents::download))
        .route("/v1/documents/damaged", post(documents::damaged))
        .route("/v1/store/objects/sha256/{hex}", get(documents::get_object))
        .route(
            "/v1/store/incoming/sha256/{hex}",
            large(put(documents::put_object), STORE_BODY_BYTES),
        )
        .route(
            "/v1/store/parts/{upload}/{number}",
            large(put(documents::put_part), STORE_BODY_BYTES),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn(crate::prometheus::track))
        .layer(DefaultBodyLimit::max(SMALL_BODY_BYTES))
        // A client that stops sending its body is let go of (the header read timeout is
        // the connection's, see `serve`).
        .layer(RequestBodyTimeoutLayer::new(state.limits.body_idle))
        // Spans carry method, route template (`/v1/patients/{id}`, never the id) and
        // request id; never bodies or query strings.
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request| {
            let id = request
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-");
            let route = request
                .extensions()
                .get::<MatchedPath>()
                .map_or("unmatched", MatchedPath::as_str);
            tracing::info_span!("request", method = %request.method(), route = %route, request_id = %id)
        }))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// Lets a large-body request through once one of a few permits is free; a client that
/// waits too long is told to come back (503), its body unread.
async fn one_of_few(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let permit = tokio::time::timeout(
        state.limits.large_body_wait,
        state.large_bodies.clone().acquire_owned(),
    )
    .await;
    match permit {
        Ok(Ok(_permit)) => next.run(request).await,
        _ => ApiError::new(
            ErrorCode::Unavailable,
            "the server is busy with other uploads; try again shortly",
        )
        .into_response(),
    }
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        "this endpoint does not take that method",
    )
}

async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "no such endpoint")
}
