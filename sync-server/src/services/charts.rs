//! The read API: charts as the server has merged them, within the caller's reach (the
//! device's wards and the user's break-glass grants) and the classes their roles read.
//! Writes go through sync only.

use std::collections::BTreeMap;

use bedside_shared::access::DocClass;
use bedside_shared::chart::times::sortable;
use bedside_shared::chart::{
    Appointment, AppointmentKind, AppointmentStatus, Prescription, PrescriptionStatus, Priority,
    Task, TaskStatus,
};
use bedside_shared::error::ErrorCode;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::identity::Caller;
use super::paging::{Page, Paging, page};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::charts;

bedside_shared::redacted_debug!(PatientSummary);

/// A patient as listed.
#[derive(Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PatientSummary {
    /// Id.
    pub patient_id: Uuid,
    /// Ward.
    pub ward: String,
    /// Medical record number.
    pub mrn: String,
    /// The MRN given offline, once replaced.
    pub provisional_mrn: Option<String>,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Birth date.
    pub birth_date: String,
    /// Bed.
    pub bed: Option<String>,
    /// admitted / outpatient / discharged.
    pub status: String,
    /// Surgical pathway stage.
    pub pathway: Option<String>,
}

/// An entry of a chart collection with its id.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Keyed<T> {
    /// The entry's id.
    pub id: String,
    /// Whose chart.
    pub patient_id: Uuid,
    /// The entry.
    #[serde(flatten)]
    pub entry: T,
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::to_owned)
}

fn summary(patient_id: Uuid, ward: String, body: &Value) -> PatientSummary {
    let d = &body["demographics"];
    let a = &body["admission"];
    PatientSummary {
        patient_id,
        ward,
        mrn: text(&d["mrn"]).unwrap_or_default(),
        provisional_mrn: text(&d["provisional_mrn"]),
        given_name: text(&d["given_name"]).unwrap_or_default(),
        family_name: text(&d["family_name"]).unwrap_or_default(),
        birth_date: text(&d["birth_date"]).unwrap_or_default(),
        bed: text(&a["bed"]),
        status: text(&a["status"]).unwrap_or_default(),
        pathway: text(&a["pathway"]),
    }
}

fn entries<T: for<'de> Deserialize<'de>>(
    patient_id: Uuid,
    body: &Value,
    collection: &str,
) -> Vec<Keyed<T>> {
    body[collection]
        .as_object()
        .map(|map| {
            map.iter()
                .filter_map(|(id, v)| {
                    serde_json::from_value(v.clone()).ok().map(|entry| Keyed {
                        id: id.clone(),
                        patient_id,
                        entry,
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The entries of `collection` of the ward's charts (see [`charts::ward_entries`]) that
/// read as `T`, each with its patient's ward.
async fn listed<T: for<'de> Deserialize<'de>>(
    pool: &sqlx_postgres::PgPool,
    reach: &crate::store::scope::Reach<'_>,
    kind: &str,
    collection: &str,
    patient: Option<Uuid>,
) -> Result<Vec<(String, Keyed<T>)>, ApiError> {
    Ok(charts::ward_entries(pool, reach, kind, collection, patient)
        .await?
        .into_iter()
        .filter_map(|(patient_id, ward, id, body)| {
            let entry = serde_json::from_value(body).ok()?;
            Some((
                ward,
                Keyed {
                    id,
                    patient_id,
                    entry,
                },
            ))
        })
        .collect())
}

fn reads_charts(caller: &Caller) -> Result<Vec<&'static str>, ApiError> {
    let kinds = caller.kinds();
    if kinds.is_empty() {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "this account's roles do not read charts",
        ));
    }
    Ok(kinds)
}

fn reads_clinical(caller: &Caller) -> Result<(), ApiError> {
    if caller.reads(DocClass::Clinical) {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::Forbidden,
            "this account's roles do not read clinical records",
        ))
    }
}

/// Patients within reach, optionally of one ward and matching `text`.
pub async fn patients(
    state: &AppState,
    caller: &Caller,
    filter: charts::PatientFilter<'_>,
    paging: Paging,
) -> Result<Page<PatientSummary>, ApiError> {
    let kinds = reads_charts(caller)?;
    let (limit, offset) = paging.limits()?;
    if filter
        .status
        .is_some_and(|s| !matches!(s, "admitted" | "outpatient" | "discharged"))
    {
        return Err(ApiError::invalid(
            "status is admitted, outpatient or discharged",
        ));
    }
    let filter = charts::PatientFilter {
        text: filter.text.map(str::trim).filter(|t| !t.is_empty()),
        ..filter
    };
    let rows = charts::registrations(
        &state.pool,
        &caller.reach(&kinds, state.clock.now()),
        filter,
        limit,
        offset,
    )
    .await?;
    let items = rows
        .into_iter()
        .map(|(id, ward, body)| summary(id, ward, &body))
        .collect();
    Ok(page(items, limit, offset))
}

/// One patient's documents as JSON by kind, within reach; `NOT_FOUND` otherwise (the
/// answer does not tell an unknown patient from one outside the caller's reach).
pub async fn documents(
    state: &AppState,
    caller: &Caller,
    patient: Uuid,
) -> Result<BTreeMap<String, Vec<Value>>, ApiError> {
    let kinds = reads_charts(caller)?;
    let docs = charts::chart(
        &state.pool,
        &caller.reach(&kinds, state.clock.now()),
        patient,
    )
    .await?;
    if docs.is_empty() {
        return Err(ApiError::new(ErrorCode::NotFound, "no such patient"));
    }
    super::audit::record_api_read(state, caller, patient, "chart").await?;
    let mut by_kind: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (kind, body) in docs {
        by_kind.entry(kind).or_default().push(body);
    }
    Ok(by_kind)
}

fn first<'a>(docs: &'a BTreeMap<String, Vec<Value>>, kind: &str) -> &'a Value {
    docs.get(kind)
        .and_then(|d| d.first())
        .unwrap_or(&Value::Null)
}

/// One patient's chart: the summary and every document the caller may read.
pub async fn patient(state: &AppState, caller: &Caller, patient: Uuid) -> Result<Value, ApiError> {
    let docs = documents(state, caller, patient).await?;
    let registration = first(&docs, "registration");
    let ward = text(&registration["admission"]["ward"]).unwrap_or_default();
    Ok(serde_json::json!({
        "patient": summary(patient, ward, registration),
        "registration": registration,
        "clinical": docs.get("clinical").and_then(|d| d.first()),
        "drafts": docs.get("draft").cloned().unwrap_or_default(),
    }))
}

/// A patient's appointments and procedures, soonest first; only scheduled ones from
/// `from` on when given.
pub async fn appointments(
    state: &AppState,
    caller: &Caller,
    patient: Uuid,
    from: Option<&str>,
) -> Result<Vec<Keyed<Appointment>>, ApiError> {
    let docs = documents(state, caller, patient).await?;
    let mut list: Vec<Keyed<Appointment>> =
        entries(patient, first(&docs, "registration"), "appointments");
    if let Some(from) = from {
        list.retain(|a| {
            a.entry.status == AppointmentStatus::Scheduled
                && sortable(&a.entry.starts_at) >= sortable(from)
        });
    }
    list.sort_by_cached_key(|a| sortable(&a.entry.starts_at));
    Ok(list)
}

/// A patient's prescriptions, optionally of one status (`active`, `stopped`, `completed`).
pub async fn prescriptions(
    state: &AppState,
    caller: &Caller,
    patient: Uuid,
    status: Option<&str>,
) -> Result<Vec<Keyed<Prescription>>, ApiError> {
    reads_clinical(caller)?;
    let docs = documents(state, caller, patient).await?;
    let mut list: Vec<Keyed<Prescription>> =
        entries(patient, first(&docs, "clinical"), "prescriptions");
    if let Some(status) = status {
        list.retain(|p| {
            serde_json::to_value(p.entry.status).is_ok_and(|s| s.as_str() == Some(status))
        });
    }
    Ok(list)
}

/// A patient's notes: signed ones with their addenda, and drafts being written.
pub async fn notes(state: &AppState, caller: &Caller, patient: Uuid) -> Result<Value, ApiError> {
    reads_clinical(caller)?;
    let docs = documents(state, caller, patient).await?;
    let clinical = first(&docs, "clinical");
    let drafts: Vec<&Value> = docs
        .get("draft")
        .map(|d| d.iter().filter(|d| d["status"] == "open").collect())
        .unwrap_or_default();
    Ok(serde_json::json!({
        "signed": clinical["notes"],
        "addenda": clinical["addenda"],
        "drafts": drafts,
    }))
}

/// The active problems of a patient within reach, as (ICD-10 code, text).
pub async fn active_problems(
    state: &AppState,
    caller: &Caller,
    patient: Uuid,
) -> Result<Vec<(String, String)>, ApiError> {
    reads_clinical(caller)?;
    let docs = documents(state, caller, patient).await?;
    Ok(
        entries::<bedside_shared::chart::Problem>(patient, first(&docs, "clinical"), "problems")
            .into_iter()
            .filter(|p| p.entry.status == bedside_shared::chart::ProblemStatus::Active)
            .map(|p| (p.entry.code, p.entry.text))
            .collect(),
    )
}

/// One event of a timeline.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord, utoipa::ToSchema)]
pub struct Event {
    /// When.
    pub at: String,
    /// What, e.g. `note_signed`.
    pub kind: String,
    /// The record's id.
    pub id: String,
}

/// Every dated event of a patient's chart, oldest first.
pub async fn timeline(
    state: &AppState,
    caller: &Caller,
    patient: Uuid,
) -> Result<Vec<Event>, ApiError> {
    reads_clinical(caller)?;
    let docs = documents(state, caller, patient).await?;
    let (reg, clinical) = (first(&docs, "registration"), first(&docs, "clinical"));
    let mut events = Vec::new();
    let mut add = |body: &Value, collection: &str, field: &str, kind: &str| {
        if let Some(map) = body[collection].as_object() {
            for (id, entry) in map {
                if let Some(at) = entry[field].as_str() {
                    events.push(Event {
                        at: at.to_owned(),
                        kind: kind.to_owned(),
                        id: id.clone(),
                    });
                }
            }
        }
    };
    add(reg, "appointments", "starts_at", "appointment");
    add(clinical, "notes", "signed_at", "note_signed");
    add(clinical, "addenda", "signed_at", "addendum");
    add(clinical, "prescriptions", "start", "prescription_started");
    add(clinical, "administrations", "at", "administration");
    add(clinical, "vitals", "taken_at", "vitals");
    add(clinical, "allergies", "recorded_at", "allergy_recorded");
    add(clinical, "problems", "recorded_at", "problem_recorded");
    add(clinical, "tasks", "created_at", "task_created");
    add(clinical, "tasks", "completed_at", "task_completed");
    add(clinical, "education", "shared_at", "video_shared");
    events.sort_by_cached_key(|e| (sortable(&e.at), e.kind.clone(), e.id.clone()));
    Ok(events)
}

/// Which tasks to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaskView {
    /// Open tasks due by the end of `day` (or overdue).
    DueToday,
    /// Tasks completed on `day`.
    CompletedToday,
    /// Open urgent tasks.
    Urgent,
    /// Open tasks assigned to the caller.
    Mine,
    /// Every task.
    All,
}

/// Tasks of the patients within reach, in one view, optionally of one patient or one
/// assignee (login name).
pub async fn tasks(
    state: &AppState,
    caller: &Caller,
    view: TaskView,
    day: &str,
    patient: Option<Uuid>,
    assignee: Option<&str>,
) -> Result<Vec<Keyed<Task>>, ApiError> {
    reads_clinical(caller)?;
    let kinds = caller.kinds();
    let username = crate::store::users::by_id(&state.pool, caller.user_id)
        .await?
        .map(|u| u.username)
        .unwrap_or_default();
    let reach = caller.reach(&kinds, state.clock.now());
    let mut list: Vec<Keyed<Task>> = listed(&state.pool, &reach, "clinical", "tasks", patient)
        .await?
        .into_iter()
        .map(|(_, keyed)| keyed)
        .collect();
    let open = |t: &Task| t.status != TaskStatus::Done;
    list.retain(|k| {
        let t = &k.entry;
        if assignee.is_some_and(|a| t.assignee.as_deref() != Some(a)) {
            return false;
        }
        match view {
            TaskView::DueToday => {
                open(t)
                    && t.due
                        .as_deref()
                        .is_some_and(|d| &d[..10.min(d.len())] <= day)
            }
            TaskView::CompletedToday => t
                .completed_at
                .as_deref()
                .is_some_and(|c| c.starts_with(day)),
            TaskView::Urgent => open(t) && t.priority == Priority::Urgent,
            TaskView::Mine => open(t) && t.assignee.as_deref() == Some(username.as_str()),
            TaskView::All => true,
        }
    });
    list.sort_by_cached_key(|t| {
        (
            t.entry.due.as_deref().map(sortable),
            sortable(&t.entry.created_at),
        )
    });
    Ok(list)
}

/// The ward at a glance.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Dashboard {
    /// Patients by ward.
    pub census: BTreeMap<String, usize>,
    /// Admitted patients by surgical pathway stage.
    pub pathway: BTreeMap<String, usize>,
    /// Procedures booked from now on, soonest first (at most 20).
    pub upcoming_procedures: Vec<Keyed<Appointment>>,
    /// Open tasks, urgent tasks and active prescriptions.
    pub kpis: BTreeMap<&'static str, usize>,
}

/// What the census reads of an admission (as the read API writes it).
#[derive(Deserialize)]
struct Admitted {
    status: String,
    pathway: Option<String>,
}

/// Census, pathway counts, upcoming procedures and key figures of the caller's wards.
pub async fn dashboard(
    state: &AppState,
    caller: &Caller,
    now: &str,
) -> Result<Dashboard, ApiError> {
    let kinds = reads_charts(caller)?;
    let reach = caller.reach(&kinds, state.clock.now());
    let now = sortable(now);
    let mut census = BTreeMap::new();
    let mut pathway = BTreeMap::new();
    let mut here = std::collections::BTreeSet::new();
    for (ward, admission) in
        listed::<Admitted>(&state.pool, &reach, "registration", "admission", None).await?
    {
        if admission.entry.status == "discharged" {
            continue;
        }
        here.insert(admission.patient_id);
        *census.entry(ward).or_insert(0) += 1;
        if let Some(stage) = admission.entry.pathway {
            *pathway.entry(stage).or_insert(0) += 1;
        }
    }
    let mut upcoming: Vec<Keyed<Appointment>> =
        listed(&state.pool, &reach, "registration", "appointments", None)
            .await?
            .into_iter()
            .map(|(_, a)| a)
            .filter(|a: &Keyed<Appointment>| {
                here.contains(&a.patient_id)
                    && a.entry.kind == AppointmentKind::Procedure
                    && a.entry.status == AppointmentStatus::Scheduled
                    && sortable(&a.entry.starts_at) >= now
            })
            .collect();
    upcoming.sort_by_cached_key(|a| sortable(&a.entry.starts_at));
    upcoming.truncate(20);
    let mut kpis = BTreeMap::from([("patients", census.values().sum())]);
    if caller.reads(DocClass::Clinical) {
        let tasks = listed::<Task>(&state.pool, &reach, "clinical", "tasks", None).await?;
        let open = tasks
            .iter()
            .filter(|(_, t)| t.entry.status != TaskStatus::Done);
        let urgent = open
            .clone()
            .filter(|(_, t)| t.entry.priority == Priority::Urgent)
            .count();
        let active = listed::<Prescription>(&state.pool, &reach, "clinical", "prescriptions", None)
            .await?
            .iter()
            .filter(|(_, p)| p.entry.status == PrescriptionStatus::Active)
            .count();
        kpis.extend([
            ("open_tasks", open.count()),
            ("urgent_tasks", urgent),
            ("active_prescriptions", active),
        ]);
    }
    Ok(Dashboard {
        census,
        pathway,
        upcoming_procedures: upcoming,
        kpis,
    })
}

/// Most entries of a batch written into the stored JSON one by one; a batch writing more
/// has its document rendered whole.
const ENTRY_UPDATES: usize = 4;

/// What a batch changes of a document's JSON for the read API.
#[derive(Debug)]
pub enum ChartJson {
    /// The document rendered whole.
    Whole(Value),
    /// Entries of the clinical document, as (collection, key, entry; `None` when gone).
    Entries(Vec<(String, String, Option<Value>)>),
}

impl ChartJson {
    /// Renders what a batch changed: the clinical `entries` it wrote (when it wrote only
    /// those, and only a few), else the document `doc` whole. An edit costs the entry it
    /// touched, not the size of the chart.
    pub fn render(
        id: &bedside_shared::DocId,
        doc: &automerge::AutoCommit,
        entries: Option<Vec<(String, String)>>,
    ) -> Result<Self, ApiError> {
        match entries {
            Some(entries) if !entries.is_empty() && entries.len() <= ENTRY_UPDATES => entries
                .into_iter()
                .map(|(collection, key)| {
                    let entry = bedside_shared::chart::clinical_entry_json(doc, &collection, &key)
                        .map_err(|_| damaged())?;
                    Ok((collection, key, entry))
                })
                .collect::<Result<_, ApiError>>()
                .map(Self::Entries),
            _ => as_json(id, doc).map(Self::Whole),
        }
    }

    /// Stores it, inside the batch's transaction. A document whose JSON is not stored yet
    /// (written before the read API existed) is rendered whole from `doc`.
    pub async fn save(
        self,
        tx: &mut sqlx_postgres::PgConnection,
        id: &bedside_shared::DocId,
        doc: &automerge::AutoCommit,
    ) -> Result<(), ApiError> {
        let (patient, doc_id) = (id.patient.as_uuid(), id.to_string());
        let body = match self {
            Self::Entries(entries) => {
                if charts::save_entries(tx, patient, &doc_id, &entries).await? {
                    return Ok(());
                }
                as_json(id, doc)?
            }
            Self::Whole(body) => body,
        };
        charts::save(tx, patient, &doc_id, id.kind.name(), &body).await?;
        Ok(())
    }
}

fn damaged() -> ApiError {
    ApiError::new(ErrorCode::InternalError, "a stored document is damaged")
}

/// The JSON form of a document for the read API: the typed chart record as the API
/// describes it (enum values as in the wire format, e.g. `pre_op`).
pub fn as_json(id: &bedside_shared::DocId, doc: &automerge::AutoCommit) -> Result<Value, ApiError> {
    use bedside_shared::DocKind;
    use bedside_shared::chart::{
        self, Clinical, DraftStatus, NoteDraft, Registration, materialized,
    };
    let value = match id.kind {
        DocKind::Registration => {
            serde_json::to_value(materialized::read::<Registration>(doc).map_err(|_| damaged())?)
        }
        DocKind::Clinical => {
            serde_json::to_value(materialized::read::<Clinical>(doc).map_err(|_| damaged())?)
        }
        DocKind::NoteDraft(_) => {
            let draft = chart::read::<NoteDraft>(doc).map_err(|_| damaged())?;
            Ok(serde_json::json!({
                "note_id": draft.note_id,
                "kind": draft.kind,
                "author": draft.author,
                "started_at": draft.started_at,
                "body": draft.body.as_str(),
                "status": if draft.status == DraftStatus::Signed { "signed" } else { "open" },
            }))
        }
    };
    value.map_err(|_| damaged())
}

/// Writes the JSON form of documents stored before the read API existed.
pub async fn backfill(state: &AppState) -> Result<usize, ApiError> {
    let missing = charts::missing(&state.pool).await?;
    let mut conn = state.pool.acquire().await?;
    for id in &missing {
        let doc_id: bedside_shared::DocId = id.parse().map_err(|_| {
            ApiError::new(ErrorCode::InternalError, "a stored document id is damaged")
        })?;
        let doc = crate::store::load_document(&mut conn, &doc_id).await?;
        let body = as_json(&doc_id, &doc)?;
        charts::save(
            &mut conn,
            doc_id.patient.as_uuid(),
            id,
            doc_id.kind.name(),
            &body,
        )
        .await?;
    }
    Ok(missing.len())
}
