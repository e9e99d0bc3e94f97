//! `/v1/auth/*`: login, refresh, logout, and who am I. Also the bearer-token extractor
//! other handlers use to know their caller.

use axum::Json;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use bedside_shared::audit::DEVICE_TIME_HEADER;
use bedside_shared::error::ErrorBody;
use uuid::Uuid;

use super::input::JsonBody;
use crate::error::ApiError;
use crate::services::identity::{self, Caller, Login, Refresh, Session, UserInfo};
use crate::state::AppState;

/// An authenticated request: the caller and its session family.
#[derive(Debug, Clone)]
pub struct Authenticated(pub Caller, pub Uuid);

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(|| {
                ApiError::new(
                    bedside_shared::error::ErrorCode::Unauthenticated,
                    "log in first: send Authorization: Bearer <access token>",
                )
            })?;
        let (mut caller, family) = identity::authenticate(state, token).await?;
        caller.device_time = device_time(&parts.headers);
        Ok(Self(caller, family))
    }
}

/// The time a workstation stated on its request, by its own clock (ignored if garbled:
/// it is a record of the device's view, never trusted for decisions).
pub fn device_time(headers: &axum::http::HeaderMap) -> Option<time::OffsetDateTime> {
    let value = headers.get(DEVICE_TIME_HEADER)?.to_str().ok()?;
    time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc3339).ok()
}

/// `POST /v1/auth/login`.
#[utoipa::path(post, path = "/v1/auth/login", tag = "auth", request_body = Login, responses((status = 200, body = Session), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, description = "The workstation is revoked", body = ErrorBody), (status = 429, description = "Locked out for a while", body = ErrorBody)))]
pub async fn login(
    State(state): State<AppState>,
    JsonBody(json): JsonBody<Login>,
) -> Result<Json<Session>, ApiError> {
    Ok(Json(identity::login(&state, json).await?))
}

/// `POST /v1/auth/refresh`.
#[utoipa::path(post, path = "/v1/auth/refresh", tag = "auth", request_body = Refresh, responses((status = 200, body = Session), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn refresh(
    State(state): State<AppState>,
    JsonBody(json): JsonBody<Refresh>,
) -> Result<Json<Session>, ApiError> {
    Ok(Json(identity::refresh(&state, json).await?))
}

/// `POST /v1/auth/logout`.
#[utoipa::path(post, path = "/v1/auth/logout", tag = "auth", security(("bearer" = [])), responses((status = 204, description = "The session ended"), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "No valid session", body = ErrorBody), (status = 403, description = "Not allowed, or the workstation is revoked", body = ErrorBody)))]
pub async fn logout(
    State(state): State<AppState>,
    Authenticated(caller, family): Authenticated,
) -> Result<StatusCode, ApiError> {
    identity::logout(&state, &caller, family).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /v1/auth/me`.
#[utoipa::path(get, path = "/v1/auth/me", tag = "auth", security(("bearer" = [])), responses((status = 200, body = UserInfo), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "No valid session", body = ErrorBody), (status = 403, description = "Not allowed, or the workstation is revoked", body = ErrorBody)))]
pub async fn me(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
) -> Result<Json<UserInfo>, ApiError> {
    Ok(Json(identity::me(&state, &caller).await?))
}
