//! The whole URL map.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::Request;
use axum::routing::{get, post, put};
use bedside_shared::error::ErrorCode;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::error::ApiError;
use crate::handlers::{audit, auth, break_glass, charts, devices, documents, health, live, sync};
use crate::state::AppState;

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// The application: every route, with request ids and tracing.
pub fn app(state: AppState) -> Router {
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
        .route("/v1/sync", post(sync::sync))
        .route("/v1/live", get(live::live))
        .route("/v1/break-glass", post(break_glass::open))
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
        .route("/v1/audit/events", post(audit::upload))
        .route("/v1/patients/{id}/documents", get(documents::tiles))
        .route("/v1/documents/upload", post(documents::upload))
        .route("/v1/documents/complete", post(documents::complete))
        .route("/v1/documents/download", post(documents::download))
        .route(
            "/v1/store/objects/sha256/{hex}",
            put(documents::put_object).get(documents::get_object),
        )
        .route("/v1/store/parts/{upload}/{number}", put(documents::put_part))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        // Spans carry method, path template-free URI path and request id; never bodies
        // or query strings.
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            let id = request
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-");
            tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "no such endpoint")
}
