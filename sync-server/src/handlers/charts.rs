//! `/v1/patients/*`, `/v1/tasks`, `/v1/dashboard`, `/v1/staff`: the read API. Patient
//! search takes its text in a POST body, never in the URL.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use bedside_shared::chart::{Appointment, Prescription, Task};
use bedside_shared::error::ErrorCode;
use serde::Deserialize;
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use super::auth::Authenticated;
use crate::error::ApiError;
use crate::services::admin::StaffMember;
use crate::services::charts::{
    self, Dashboard, Event, Keyed, Page, Paging, PatientSummary, TaskView,
};
use crate::state::AppState;

fn path(p: Result<Path<Uuid>, PathRejection>) -> Result<Uuid, ApiError> {
    p.map(|Path(id)| id)
        .map_err(|_| ApiError::invalid("the id in the path is not a valid id"))
}

fn query<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    q.map(|Query(v)| v)
        .map_err(|_| ApiError::invalid("the query parameters are not valid"))
}

fn now() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// `?ward=&limit=&offset=` of the patient list.
#[derive(Debug, Deserialize)]
pub struct PatientsQuery {
    ward: Option<String>,
    #[serde(flatten)]
    paging: Paging,
}

/// `GET /v1/patients`.
pub async fn patients(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    q: Result<Query<PatientsQuery>, QueryRejection>,
) -> Result<Json<Page<PatientSummary>>, ApiError> {
    let q = query(q)?;
    Ok(Json(
        charts::patients(&state, &caller, q.ward.as_deref(), None, q.paging).await?,
    ))
}

/// `POST /v1/patients/search` body.
#[derive(Debug, Deserialize)]
pub struct Search {
    text: String,
    ward: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// `POST /v1/patients/search`: part of a name or MRN.
pub async fn search(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    body: Result<Json<Search>, JsonRejection>,
) -> Result<Json<Page<PatientSummary>>, ApiError> {
    let Json(s) = body.map_err(|_| ApiError::invalid("the body is not the expected JSON"))?;
    let paging = Paging {
        limit: s.limit,
        offset: s.offset,
    };
    Ok(Json(
        charts::patients(&state, &caller, s.ward.as_deref(), Some(&s.text), paging).await?,
    ))
}

/// `GET /v1/patients/{id}`.
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
pub async fn appointments(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    id: Result<Path<Uuid>, PathRejection>,
    q: Result<Query<AppointmentsQuery>, QueryRejection>,
) -> Result<Json<Vec<Keyed<Appointment>>>, ApiError> {
    let q = query(q)?;
    let from = q.from.or_else(|| q.upcoming.unwrap_or(false).then(now));
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
pub async fn prescriptions(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    id: Result<Path<Uuid>, PathRejection>,
    q: Result<Query<PrescriptionsQuery>, QueryRejection>,
) -> Result<Json<Vec<Keyed<Prescription>>>, ApiError> {
    let q = query(q)?;
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
pub async fn notes(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    id: Result<Path<Uuid>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(charts::notes(&state, &caller, path(id)?).await?))
}

/// `GET /v1/patients/{id}/timeline`.
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
}

/// `GET /v1/tasks`.
pub async fn tasks(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    q: Result<Query<TasksQuery>, QueryRejection>,
) -> Result<Json<Vec<Keyed<Task>>>, ApiError> {
    let q = query(q)?;
    let day = q.day.unwrap_or_else(|| now()[..10].to_owned());
    if !bedside_shared::validate::is_date(&day) {
        return Err(ApiError::invalid("day is a date, YYYY-MM-DD"));
    }
    let view = q.view.unwrap_or(TaskView::All);
    Ok(Json(
        charts::tasks(&state, &caller, view, &day, q.patient_id).await?,
    ))
}

/// `GET /v1/dashboard`.
pub async fn dashboard(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
) -> Result<Json<Dashboard>, ApiError> {
    Ok(Json(charts::dashboard(&state, &caller, &now()).await?))
}

/// `GET /v1/staff`.
pub async fn staff(
    State(state): State<AppState>,
    Authenticated(_, _): Authenticated,
) -> Result<Json<Vec<StaffMember>>, ApiError> {
    Ok(Json(crate::services::admin::staff(&state).await?))
}

/// `GET /v1/staff/{id}`.
pub async fn staff_member(
    State(state): State<AppState>,
    Authenticated(_, _): Authenticated,
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
pub async fn education_videos(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
    id: Result<Path<Uuid>, PathRejection>,
) -> Result<Json<crate::services::videos::Recommendations>, ApiError> {
    Ok(Json(
        crate::services::videos::recommend(&state, &caller, path(id)?).await?,
    ))
}
