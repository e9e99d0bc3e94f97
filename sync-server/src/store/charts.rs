//! The read API's projection: chart documents as JSON, read within a caller's reach.

use serde_json::Value;
use sqlx_core::query::query;
use sqlx_core::query_as::query_as;
use sqlx_core::types::Json;
use sqlx_postgres::{PgConnection, PgPool};
use uuid::Uuid;

use super::scope::Reach;

/// The collections of each kind of document kept in `chart_entries` for the ward's lists
/// (besides each registration's `admission`, kept as one entry keyed `""`).
pub const LISTED: &[(&str, &str)] = &[
    ("clinical", "tasks"),
    ("clinical", "prescriptions"),
    ("registration", "appointments"),
];

/// True when entries of `collection` of a clinical document are kept in `chart_entries`.
fn listed_clinical(collection: &str) -> bool {
    LISTED.contains(&("clinical", collection))
}

/// Writes the JSON form of one document, and the entries the ward's lists read of it.
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
    list_entries(conn, patient, doc_id, kind).await
}

/// Writes again the listed entries of one document from its stored JSON.
async fn list_entries(
    conn: &mut PgConnection,
    patient: Uuid,
    doc_id: &str,
    kind: &str,
) -> Result<(), sqlx_core::Error> {
    let collections: Vec<&str> = LISTED
        .iter()
        .filter(|(k, _)| *k == kind)
        .map(|(_, c)| *c)
        .collect();
    if collections.is_empty() {
        return Ok(());
    }
    query("DELETE FROM chart_entries WHERE patient_id = $1 AND kind = $2")
        .bind(patient)
        .bind(kind)
        .execute(&mut *conn)
        .await?;
    query(
        "INSERT INTO chart_entries (collection, patient_id, entry_key, kind, body)
         SELECT c, j.patient_id, e.key, j.kind, e.value
           FROM chart_json j CROSS JOIN unnest($3::text[]) AS c
          CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(j.body -> c) = 'object'
                                            THEN j.body -> c ELSE '{}' END) AS e
          WHERE j.patient_id = $1 AND j.doc_id = $2
         UNION ALL
         SELECT 'admission', j.patient_id, '', j.kind, j.body -> 'admission'
           FROM chart_json j
          WHERE j.patient_id = $1 AND j.doc_id = $2 AND j.kind = 'registration'
            AND jsonb_typeof(j.body -> 'admission') = 'object'",
    )
    .bind(patient)
    .bind(doc_id)
    .bind(&collections)
    .execute(&mut *conn)
    .await?;
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
        if listed_clinical(collection) {
            list_entry(conn, patient, collection, key, entry.as_ref()).await?;
        }
        if let (Some(entry), "documents") = (entry, collection.as_str()) {
            let body = serde_json::json!({ "documents": { key: entry } });
            super::blobs::keep_refs(conn, patient, &body).await?;
        }
    }
    Ok(true)
}

/// Writes one listed entry of a clinical document (or removes it, when `None`).
async fn list_entry(
    conn: &mut PgConnection,
    patient: Uuid,
    collection: &str,
    key: &str,
    entry: Option<&Value>,
) -> Result<(), sqlx_core::Error> {
    match entry {
        Some(entry) => query(
            "INSERT INTO chart_entries (collection, patient_id, entry_key, kind, body)
             VALUES ($1, $2, $3, 'clinical', $4)
             ON CONFLICT (collection, patient_id, entry_key) DO UPDATE SET body = excluded.body",
        )
        .bind(collection)
        .bind(patient)
        .bind(key)
        .bind(Json(entry)),
        None => query(
            "DELETE FROM chart_entries
             WHERE collection = $1 AND patient_id = $2 AND entry_key = $3",
        )
        .bind(collection)
        .bind(patient)
        .bind(key),
    }
    .execute(&mut *conn)
    .await?;
    Ok(())
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

/// One entry of a ward's list: whose chart, their ward, the entry's key and the entry.
pub type ListedEntry = (Uuid, String, String, Value);

/// The entries of `collection` (one of [`LISTED`], or `admission`) of the patients within
/// reach whose document holding it the reach reads (`kind`), or of one `patient` of
/// them, read from `chart_entries`: a few small rows per patient, not their charts' JSON.
pub async fn ward_entries(
    pool: &PgPool,
    reach: &Reach<'_>,
    kind: &str,
    collection: &str,
    patient: Option<Uuid>,
) -> Result<Vec<ListedEntry>, sqlx_core::Error> {
    let sql = format!(
        "SELECT e.patient_id, p.ward, e.entry_key, e.body
         FROM chart_entries e
         JOIN patients p ON p.patient_id = e.patient_id
         WHERE e.collection = $7 AND e.kind = $4 AND $4 = ANY($5)
           AND ($8::uuid IS NULL OR e.patient_id = $8)
           AND e.patient_id IN {}
         ORDER BY e.patient_id, e.entry_key",
        within(6)
    );
    let rows: Vec<(Uuid, String, String, Json<Value>)> =
        query_as(sqlx_core::sql_str::AssertSqlSafe(sql))
            .bind(reach.wards)
            .bind(reach.user)
            .bind(reach.device)
            .bind(kind)
            .bind(reach.kinds)
            .bind(reach.now)
            .bind(collection)
            .bind(patient)
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(p, w, k, Json(b))| (p, w, k, b))
        .collect())
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
