//! The read API's projection: chart documents as JSON, read within a caller's reach.

use serde_json::Value;
use sqlx_core::query::query;
use sqlx_core::query_as::query_as;
use sqlx_core::types::Json;
use sqlx_postgres::{PgConnection, PgPool};
use uuid::Uuid;

use super::scope::Reach;

/// Writes the JSON form of one document.
pub async fn save(
    conn: &mut PgConnection,
    patient: Uuid,
    doc_id: &str,
    kind: &str,
    body: &Value,
) -> Result<(), sqlx_core::Error> {
    query(
        "INSERT INTO chart_json (patient_id, doc_id, kind, body) VALUES ($1, $2, $3, $4)
         ON CONFLICT (patient_id, doc_id) DO UPDATE SET body = excluded.body",
    )
    .bind(patient)
    .bind(doc_id)
    .bind(kind)
    .bind(Json(body))
    .execute(&mut *conn)
    .await?;
    if kind == "clinical" {
        super::blobs::keep_refs(conn, patient, body).await?;
    }
    Ok(())
}

/// Writes entries of a clinical document's JSON in place, each (collection, key, entry)
/// put into its collection, or removed when `None`, and keeps their document references.
/// False, with nothing written, when the document has no JSON yet.
pub async fn save_entries(
    conn: &mut PgConnection,
    patient: Uuid,
    doc_id: &str,
    entries: &[(String, String, Option<Value>)],
) -> Result<bool, sqlx_core::Error> {
    for (collection, key, entry) in entries {
        let written = match entry {
            // The collection is merged rather than reached into: JSON stored before the
            // collection existed has none to reach.
            Some(entry) => query(
                "UPDATE chart_json SET body = jsonb_set(body, ARRAY[$3::text],
                     coalesce(body->$3, '{}'::jsonb) || jsonb_build_object($4::text, $5::jsonb))
                 WHERE patient_id = $1 AND doc_id = $2",
            )
            .bind(patient)
            .bind(doc_id)
            .bind(collection)
            .bind(key)
            .bind(Json(entry)),
            None => query(
                "UPDATE chart_json SET body = body #- ARRAY[$3::text, $4::text]
                 WHERE patient_id = $1 AND doc_id = $2",
            )
            .bind(patient)
            .bind(doc_id)
            .bind(collection)
            .bind(key),
        }
        .execute(&mut *conn)
        .await?;
        if written.rows_affected() == 0 {
            return Ok(false);
        }
        if let (Some(entry), "documents") = (entry, collection.as_str()) {
            let body = serde_json::json!({ "documents": { key: entry } });
            super::blobs::keep_refs(conn, patient, &body).await?;
        }
    }
    Ok(true)
}

/// Patients within reach (their wards, or a break-glass grant live at parameter `$now`,
/// bound last with [`Reach::now`]; `$1` wards, `$2` user, `$3` device).
fn within(now: u8) -> String {
    format!(
        "(SELECT patient_id FROM patients WHERE ward = ANY($1)
          UNION SELECT patient_id FROM break_glass
           WHERE user_id = $2 AND device_id = $3 AND expires_at > ${now})"
    )
}

/// Which patients a listing wants.
#[derive(Debug, Clone, Copy, Default)]
pub struct PatientFilter<'a> {
    /// Only this ward.
    pub ward: Option<&'a str>,
    /// Only this admission status (`admitted`, `outpatient`, `discharged`).
    pub status: Option<&'a str>,
    /// A case-insensitive part of the name or MRN.
    pub text: Option<&'a str>,
}

/// The registration of each listed patient, as (patient, ward, body), filtered, paged.
pub async fn registrations(
    pool: &PgPool,
    reach: &Reach<'_>,
    filter: PatientFilter<'_>,
    limit: i64,
    offset: i64,
) -> Result<Vec<(Uuid, String, Value)>, sqlx_core::Error> {
    let sql = format!(
        "SELECT p.patient_id, p.ward, c.body FROM patients p
         JOIN chart_json c ON c.patient_id = p.patient_id AND c.kind = 'registration'
         WHERE p.patient_id IN {}
           AND ($4::text IS NULL OR p.ward = $4)
           AND ($5::text IS NULL OR concat_ws(' ', c.body->'demographics'->>'given_name',
                    c.body->'demographics'->>'family_name', c.body->'demographics'->>'mrn',
                    c.body->'demographics'->>'provisional_mrn') ILIKE '%' || $5 || '%')
           AND ($8::text IS NULL OR c.body->'admission'->>'status' = $8)
         ORDER BY p.ward, c.body->'demographics'->>'family_name', p.patient_id
         LIMIT $6 OFFSET $7",
        within(9)
    );
    let rows: Vec<(Uuid, String, Json<Value>)> = query_as(sqlx_core::sql_str::AssertSqlSafe(sql))
        .bind(reach.wards)
        .bind(reach.user)
        .bind(reach.device)
        .bind(filter.ward)
        .bind(filter.text)
        .bind(limit)
        .bind(offset)
        .bind(filter.status)
        .bind(reach.now)
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(|(p, w, Json(b))| (p, w, b)).collect())
}

/// Registrations anywhere in the hospital whose MRN (current or provisional) is `text`,
/// or whose name holds each of `words`, as (patient, ward, body), by name: the break-glass
/// lookup, which is not limited to a reach.
pub async fn lookup_anywhere(
    pool: &PgPool,
    text: &str,
    words: &[String],
    limit: i64,
) -> Result<Vec<(Uuid, String, Value)>, sqlx_core::Error> {
    let rows: Vec<(Uuid, String, Json<Value>)> = query_as(
        "SELECT p.patient_id, p.ward, c.body FROM patients p
         JOIN chart_json c ON c.patient_id = p.patient_id AND c.kind = 'registration'
         WHERE lower(c.body->'demographics'->>'mrn') = lower($1)
            OR lower(c.body->'demographics'->>'provisional_mrn') = lower($1)
            OR (SELECT bool_and(position(w IN lower(concat_ws(' ',
                    c.body->'demographics'->>'given_name',
                    c.body->'demographics'->>'family_name'))) > 0)
                FROM unnest($2::text[]) AS w)
         ORDER BY c.body->'demographics'->>'family_name', c.body->'demographics'->>'given_name',
                  p.patient_id
         LIMIT $3",
    )
    .bind(text)
    .bind(words)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|(p, w, Json(b))| (p, w, b)).collect())
}

/// The documents of `kinds` of one patient within reach, as (kind, body); empty when the
/// patient is out of reach or unknown.
pub async fn chart(
    pool: &PgPool,
    reach: &Reach<'_>,
    patient: Uuid,
) -> Result<Vec<(String, Value)>, sqlx_core::Error> {
    let sql = format!(
        "SELECT kind, body FROM chart_json
         WHERE patient_id = $4 AND kind = ANY($5) AND patient_id IN {}
         ORDER BY doc_id",
        within(6)
    );
    let rows: Vec<(String, Json<Value>)> = query_as(sqlx_core::sql_str::AssertSqlSafe(sql))
        .bind(reach.wards)
        .bind(reach.user)
        .bind(reach.device)
        .bind(patient)
        .bind(reach.kinds)
        .bind(reach.now)
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(|(k, Json(b))| (k, b)).collect())
}

/// True when `patient` is within reach.
pub async fn within_reach(
    pool: &PgPool,
    reach: &Reach<'_>,
    patient: Uuid,
) -> Result<bool, sqlx_core::Error> {
    let sql = format!("SELECT $4 IN {}", within(5));
    sqlx_core::query_scalar::query_scalar(sqlx_core::sql_str::AssertSqlSafe(sql))
        .bind(reach.wards)
        .bind(reach.user)
        .bind(reach.device)
        .bind(patient)
        .bind(reach.now)
        .fetch_one(pool)
        .await
}

/// Every document of `kind` of the patients within reach, as (patient, ward, the
/// document's `parts`: its top-level keys asked for, those it has).
pub async fn ward_documents(
    pool: &PgPool,
    reach: &Reach<'_>,
    kind: &str,
    parts: &[&str],
) -> Result<Vec<(Uuid, String, Value)>, sqlx_core::Error> {
    // Only the parts asked for leave the database: a clinical document's JSON holds
    // every note of the stay, a ward's tasks are a few entries of it.
    let sql = format!(
        "SELECT c.patient_id, p.ward,
                COALESCE((SELECT jsonb_object_agg(k, c.body -> k) FROM unnest($7::text[]) AS k
                          WHERE c.body ? k), '{{}}'::jsonb)
         FROM chart_json c
         JOIN patients p ON p.patient_id = c.patient_id
         WHERE c.kind = $4 AND $4 = ANY($5) AND c.patient_id IN {}
         ORDER BY c.patient_id",
        within(6)
    );
    let rows: Vec<(Uuid, String, Json<Value>)> = query_as(sqlx_core::sql_str::AssertSqlSafe(sql))
        .bind(reach.wards)
        .bind(reach.user)
        .bind(reach.device)
        .bind(kind)
        .bind(reach.kinds)
        .bind(reach.now)
        .bind(parts)
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().map(|(p, w, Json(b))| (p, w, b)).collect())
}

/// Documents stored without their JSON form (written before the read API existed).
pub async fn missing(pool: &PgPool) -> Result<Vec<String>, sqlx_core::Error> {
    sqlx_core::query_scalar::query_scalar(
        "SELECT d.doc_id FROM documents d
         LEFT JOIN chart_json c ON c.patient_id = d.patient_id AND c.doc_id = d.doc_id
         WHERE c.doc_id IS NULL",
    )
    .fetch_all(pool)
    .await
}
