//! `/v1/patients/*`, `/v1/tasks`, `/v1/dashboard`, `/v1/staff`: the read API. Patient
//! search takes its text in a POST body, never in the URL.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use bedside_shared::chart::{Appointment, Prescription, Task};
use bedside_shared::error::ErrorBody;
use bedside_shared::error::ErrorCode;
use serde::Deserialize;
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use super::auth::Authenticated;
use super::input::{JsonBody, Params};
use crate::error::ApiError;
use crate::services::admin::StaffMember;
use crate::services::charts::{self, Dashboard, Event, Keyed, PatientSummary, TaskView};
use crate::services::paging::{Page, Paging};
use crate::state::AppState;
use crate::store::charts::PatientFilter;

fn path(p: Result<Path<Uuid>, PathRejection>) -> Result<Uuid, ApiError> {
    p.map(|Path(id)| id)
        .map_err(|_| ApiError::invalid("the id in the path is not a valid id"))
}

/// Now on the server's clock, as charts record times (RFC 3339).
fn now(state: &AppState) -> String {
    state.clock.now().format(&Rfc3339).unwrap_or_default()
}

/// `?ward=&limit=&offset=` of the patient list.
#[derive(Debug, Deserialize)]
pub struct PatientsQuery {
    ward: Option<String>,
    status: Option<String>,
    // Not a flattened `Paging`: flattened query fields arrive as text and numbers in
    // them fail to parse.
    limit: Option<i64>,
    offset: Option<i64>,
}

/// `GET /v1/patients`.
#[utoipa::path(get, path = "/v1/patients", tag = "patients", security(("bearer" = [])), params(("ward" = Option<String>, Query, description = "Only this ward"), ("status" = Option<String>, Query, description = "admitted, outpatient or discharged"), Paging), responses((status = 200, body = Page<PatientSummary>), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "No valid session", body = ErrorBody), (status = 403, description = "Not allowed, or the workstation is revoked", body = ErrorBody)))]
pub async fn patients(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    Params(q): Params<PatientsQuery>,
) -> Result<Json<Page<PatientSummary>>, ApiError> {
    Ok(Json(
        charts::patients(
            &state,
            &caller,
            PatientFilter {
                ward: q.ward.as_deref(),
                status: q.status.as_deref(),
                text: None,
            },
            Paging {
                limit: q.limit,
                offset: q.offset,
            },
        )
        .await?,
    ))
}

/// `POST /v1/patients/search` body: part of a name or MRN, optionally a ward, paging.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct Search {
    text: String,
    ward: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// `POST /v1/patients/search`: part of a name or MRN.
#[utoipa::path(post, path = "/v1/patients/search", tag = "patients", security(("bearer" = [])), request_body = Search, responses((status = 200, body = Page<PatientSummary>), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "No valid session", body = ErrorBody), (status = 403, description = "Not allowed, or the workstation is revoked", body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    JsonBody(body): JsonBody<Search>,
) -> Result<Json<Page<PatientSummary>>, ApiError> {
    let s = body;
    let paging = Paging {
        limit: s.limit,
        offset: s.offset,
    };
    Ok(Json(
        charts::patients(
            &state,
            &caller,
            PatientFilter {
                ward: s.ward.as_deref(),
                status: None,
                text: Some(&s.text),
            },
            paging,
        )
        .await?,
    ))
}

/// `GET /v1/patients/{id}`.
#[utoipa::path(get, path = "/v1/patients/{id}", tag = "patients", security(("bearer" = [])), params(("id" = Uuid, Path)), responses((status = 200, description = "Summary and the documents the caller may read"), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "No valid session", body = ErrorBody), (status = 403, description = "Not allowed, or the workstation is revoked", body = ErrorBody), (status = 404, description = "Not found or outside the caller's reach", body = ErrorBody)))]
pub async fn patient(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    id: Result<Path<Uuid>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(charts::patient(&state, &caller, path(id)?).await?))
}

/// `?from=` (RFC 3339): only scheduled appointments from then on.
#[derive(Debug, Deserialize)]
pub struct AppointmentsQuery {
    from: Option<String>,
    upcoming: Option<bool>,
}

/// `GET /v1/patients/{id}/appointments`.
#[utoipa::path(get, path = "/v1/patients/{id}/appointments", tag = "patients", security(("bearer" = [])), params(("id" = Uuid, Path), ("from" = Option<String>, Query, description = "RFC 3339: scheduled ones from then on"), ("upcoming" = Option<bool>, Query, description = "Scheduled ones from now on")), responses((status = 200, body = [Keyed<Appointment>]), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "No valid session", body = ErrorBody), (status = 403, description = "Not allowed, or the workstation is revoked", body = ErrorBody), (status = 404, description = "Not found or outside the caller's reach", body = ErrorBody)))]
pub async fn appointments(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    id: Result<Path<Uuid>, PathRejection>,
    Params(q): Params<AppointmentsQuery>,
) -> Result<Json<Vec<Keyed<Appointment>>>, ApiError> {
    let from = q
        .from
        .or_else(|| q.upcoming.unwrap_or(false).then(|| now(&state)));
    Ok(Json(
        charts::appointments(&state, &caller, path(id)?, from.as_deref()).await?,
    ))
}

/// `?status=active|stopped|completed`.
#[derive(Debug, Deserialize)]
pub struct PrescriptionsQuery {
    status: Option<String>,
}

/// `GET /v1/patients/{id}/prescriptions`.
#[utoipa::path(get, path = "/v1/patients/{id}/prescriptions", tag = "patients", security(("bearer" = [])), params(("id" = Uuid, Path), ("status" = Option<String>, Query, description = "active, stopped or completed")), responses((status = 200, body = [Keyed<Prescription>]), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "No valid session", body = ErrorBody), (status = 403, description = "Not allowed, or the workstation is revoked", body = ErrorBody), (status = 404, description = "Not found or outside the caller's reach", body = ErrorBody)))]
pub async fn prescriptions(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    id: Result<Path<Uuid>, PathRejection>,
    Params(q): Params<PrescriptionsQuery>,
) -> Result<Json<Vec<Keyed<Prescription>>>, ApiError> {
    if let Some(s) = q.status.as_deref()
        && !matches!(s, "active" | "stopped" | "completed")
    {
        return Err(ApiError::invalid("status is active, stopped or completed"));
    }
    Ok(Json(
        charts::prescriptions(&state, &caller, path(id)?, q.status.as_deref()).await?,
    ))
}

/// `GET /v1/patients/{id}/notes`.
#[utoipa::path(get, path = "/v1/patients/{id}/notes", tag = "patients", security(("bearer" = [])), params(("id" = Uuid, Path)), responses((status = 200, description = "Signed notes, addenda and open drafts"), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "No valid session", body = ErrorBody), (status = 403, description = "Not allowed, or the workstation is revoked", body = ErrorBody), (status = 404, description = "Not found or outside the caller's reach", body = ErrorBody)))]
pub async fn notes(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    id: Result<Path<Uuid>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(charts::notes(&state, &caller, path(id)?).await?))
}

/// `GET /v1/patients/{id}/timeline`.
#[utoipa::path(get, path = "/v1/patients/{id}/timeline", tag = "patients", security(("bearer" = [])), params(("id" = Uuid, Path)), responses((status = 200, body = [Event]), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "No valid session", body = ErrorBody), (status = 403, description = "Not allowed, or the workstation is revoked", body = ErrorBody), (status = 404, description = "Not found or outside the caller's reach", body = ErrorBody)))]
pub async fn timeline(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    id: Result<Path<Uuid>, PathRejection>,
) -> Result<Json<Vec<Event>>, ApiError> {
    Ok(Json(charts::timeline(&state, &caller, path(id)?).await?))
}

/// `?view=due_today|completed_today|urgent|mine|all&day=YYYY-MM-DD&patient_id=`.
#[derive(Debug, Deserialize)]
pub struct TasksQuery {
    view: Option<TaskView>,
    day: Option<String>,
    patient_id: Option<Uuid>,
    assignee: Option<String>,
}

/// `GET /v1/tasks`.
#[utoipa::path(get, path = "/v1/tasks", tag = "tasks", security(("bearer" = [])), params(("view" = Option<TaskView>, Query), ("day" = Option<String>, Query, description = "YYYY-MM-DD, default today (UTC)"), ("patient_id" = Option<Uuid>, Query), ("assignee" = Option<String>, Query, description = "Login name")), responses((status = 200, body = [Keyed<Task>]), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "No valid session", body = ErrorBody), (status = 403, description = "Not allowed, or the workstation is revoked", body = ErrorBody)))]
pub async fn tasks(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    Params(q): Params<TasksQuery>,
) -> Result<Json<Vec<Keyed<Task>>>, ApiError> {
    let day = q.day.unwrap_or_else(|| now(&state)[..10].to_owned());
    if !bedside_shared::validate::is_date(&day) {
        return Err(ApiError::invalid("day is a date, YYYY-MM-DD"));
    }
    let view = q.view.unwrap_or(TaskView::All);
    Ok(Json(
        charts::tasks(
            &state,
            &caller,
            view,
            &day,
            q.patient_id,
            q.assignee.as_deref(),
        )
        .await?,
    ))
}

/// `GET /v1/dashboard`.
#[utoipa::path(get, path = "/v1/dashboard", tag = "ward", security(("bearer" = [])), responses((status = 200, body = Dashboard), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "No valid session", body = ErrorBody), (status = 403, description = "Not allowed, or the workstation is revoked", body = ErrorBody)))]
pub async fn dashboard(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
) -> Result<Json<Dashboard>, ApiError> {
    Ok(Json(
        charts::dashboard(&state, &caller, &now(&state)).await?,
    ))
}

/// `GET /v1/staff`.
#[utoipa::path(get, path = "/v1/staff", tag = "ward", security(("bearer" = [])), responses((status = 200, body = [StaffMember]), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "No valid session", body = ErrorBody), (status = 403, description = "Not allowed, or the workstation is revoked", body = ErrorBody)))]
pub async fn staff(
    State(state): State<AppState>,
    _session: Authenticated,
) -> Result<Json<Vec<StaffMember>>, ApiError> {
    Ok(Json(crate::services::admin::staff(&state).await?))
}

/// `GET /v1/staff/{id}`.
#[utoipa::path(get, path = "/v1/staff/{id}", tag = "ward", security(("bearer" = [])), params(("id" = Uuid, Path)), responses((status = 200, body = StaffMember), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "No valid session", body = ErrorBody), (status = 403, description = "Not allowed, or the workstation is revoked", body = ErrorBody), (status = 404, description = "Not found or outside the caller's reach", body = ErrorBody)))]
pub async fn staff_member(
    State(state): State<AppState>,
    _session: Authenticated,
    id: Result<Path<Uuid>, PathRejection>,
) -> Result<Json<StaffMember>, ApiError> {
    let id = path(id)?;
    crate::services::admin::staff(&state)
        .await?
        .into_iter()
        .find(|m| m.user_id == id)
        .map(Json)
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no such staff member"))
}

/// `GET /v1/patients/{id}/education-videos`.
#[utoipa::path(get, path = "/v1/patients/{id}/education-videos", tag = "patients", security(("bearer" = [])), params(("id" = Uuid, Path)), responses((status = 200, body = crate::services::videos::Recommendations), (status = 400, description = "Bad input", body = ErrorBody), (status = 401, description = "No valid session", body = ErrorBody), (status = 403, description = "Not allowed, or the workstation is revoked", body = ErrorBody), (status = 404, description = "Not found or outside the caller's reach", body = ErrorBody)))]
pub async fn education_videos(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    id: Result<Path<Uuid>, PathRejection>,
) -> Result<Json<crate::services::videos::Recommendations>, ApiError> {
    Ok(Json(
        crate::services::videos::recommend(&state, &caller, path(id)?).await?,
    ))
}
