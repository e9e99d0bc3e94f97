//! A patient's timeline: every dated event of the chart with what it was and who did it,
//! so a clinician reads the story without opening each entry.

use bedside_shared::chart::news2::News2;
use bedside_shared::chart::{TemperatureUnit, Vitals};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Store;
use crate::error::Result;
use bedside_shared::chart::times::{shortest, sortable};

/// What kind of event. Declared in the order of their names, so events of one moment
/// keep the order they are listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum TimelineKind {
    /// An addendum to a signed note.
    Addendum,
    /// A dose given, held or refused.
    Administration,
    /// An allergy recorded.
    AllergyRecorded,
    /// An appointment's start.
    Appointment,
    /// A note signed.
    NoteSigned,
    /// An order's first day.
    PrescriptionStarted,
    /// A problem recorded.
    ProblemRecorded,
    /// A task done.
    TaskCompleted,
    /// A task added.
    TaskCreated,
    /// An education video shared with the patient.
    VideoShared,
    /// A set of vital signs.
    Vitals,
}

/// One event of a patient's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TimelineEvent {
    /// When (RFC 3339; dates of orders are the day's start).
    pub at: String,
    /// What kind of event.
    pub kind: TimelineKind,
    /// The record it comes from.
    pub id: String,
    /// What it was, in a line: the drug and dose, the values and score, the note's first
    /// words, the allergy, the task.
    pub what: String,
    /// Who did it, when recorded.
    pub who: Option<String>,
}

fn text(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_default().to_owned()
}

/// The first words of a text, on one line.
fn first_words(body: &str) -> String {
    let line = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= 80 {
        return line;
    }
    let cut: String = line.chars().take(79).collect();
    format!("{cut}…")
}

/// A set of vital signs in a line: its score, then what was measured.
fn vitals_line(data: &str) -> String {
    let Ok(v) = serde_json::from_str::<Vitals>(data) else {
        return String::new();
    };
    let mut parts = Vec::new();
    if let Some(score) = News2::of(&v) {
        let incomplete = if score.complete { "" } else { " (incomplete)" };
        parts.push(format!("NEWS2 {}{incomplete}", score.total));
    }
    let mut push = |label: &str, value: Option<String>| {
        if let Some(value) = value {
            parts.push(format!("{label} {value}"));
        }
    };
    push("RR", v.respiratory_rate.map(|n| n.to_string()));
    push("SpO₂", v.spo2_pct.map(|n| format!("{n} %")));
    push(
        "BP",
        v.systolic_mmhg
            .zip(v.diastolic_mmhg)
            .map(|(s, d)| format!("{s}/{d}")),
    );
    push("pulse", v.pulse_bpm.map(|n| n.to_string()));
    push(
        "T",
        v.temperature.as_ref().map(|t| match t.unit {
            TemperatureUnit::Celsius => format!("{} °C", t.value),
            TemperatureUnit::Fahrenheit => format!("{} °F", t.value),
        }),
    );
    push(
        "weight",
        v.weight
            .as_ref()
            .map(|w| format!("{} {:?}", w.value, w.unit)),
    );
    parts.join(" · ")
}

/// What a record of `collection` was, and who recorded it, from its JSON and, for a
/// dose, the order's line.
fn describe(collection: &str, data: &str, order: Option<&str>) -> (String, Option<String>) {
    if collection == "vitals" {
        let who = serde_json::from_str::<Value>(data)
            .ok()
            .map(|v| text(&v, "recorded_by"));
        return (vitals_line(data), who);
    }
    let v: Value = serde_json::from_str(data).unwrap_or_default();
    match collection {
        "administrations" => (
            format!(
                "{} {}",
                text(&v, "outcome"),
                order.unwrap_or("(order not held here)")
            ),
            Some(text(&v, "by")),
        ),
        "allergies" => (
            format!(
                "{} ({}, {})",
                text(&v, "substance"),
                text(&v, "reaction"),
                text(&v, "severity").replace('_', "-")
            ),
            Some(text(&v, "recorded_by")),
        ),
        "problems" => (
            format!("{} {}", text(&v, "code"), text(&v, "text")),
            Some(text(&v, "recorded_by")),
        ),
        "tasks" => (text(&v, "title"), Some(text(&v, "created_by"))),
        "education" => (text(&v, "title"), Some(text(&v, "shared_by"))),
        _ => (text(&v, "body"), Some(text(&v, "author"))),
    }
}

impl Store {
    /// Every dated event of one patient's chart, oldest first, each with what it was and
    /// who did it: appointments, notes signed, orders started, administrations, vitals,
    /// allergies, problems, tasks created and completed, videos shared, addenda.
    pub fn timeline(&self, patient_id: &str) -> Result<Vec<TimelineEvent>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, kind, id, what, who, collection, data, order_line FROM (
               SELECT starts_at AS at, 'appointment' AS kind, appointment_id AS id,
                      title || coalesce(' · ' || location, '') AS what, NULL AS who,
                      NULL AS collection, NULL AS data, NULL AS order_line
                 FROM appointments WHERE patient_id = ?1
               UNION ALL
               SELECT signed_at, 'note_signed', note_id, kind || ' note: ' || body, signed_by,
                      NULL, NULL, NULL
                 FROM notes WHERE patient_id = ?1 AND status = 'signed'
               UNION ALL
               SELECT start || 'T00:00:00.000000000Z', 'prescription_started', prescription_id,
                      drug || ' ' || dose || ' ' || route || ' ' || frequency, prescriber,
                      NULL, NULL, NULL
                 FROM prescriptions WHERE patient_id = ?1
               UNION ALL
               SELECT r.at, CASE r.collection
                            WHEN 'vitals' THEN 'vitals'
                            WHEN 'administrations' THEN 'administration'
                            WHEN 'allergies' THEN 'allergy_recorded'
                            WHEN 'problems' THEN 'problem_recorded'
                            WHEN 'tasks' THEN 'task_created'
                            WHEN 'education' THEN 'video_shared'
                            ELSE 'addendum' END, r.record_id, NULL, NULL, r.collection, r.data,
                      (SELECT p.drug || ' ' || p.dose || ' ' || p.route FROM prescriptions p
                        WHERE p.prescription_id = json_extract(r.data, '$.prescription_id'))
                 FROM records r WHERE r.patient_id = ?1 AND r.collection <> 'documents'
               UNION ALL
               SELECT json_extract(data, '$.completed_at'), 'task_completed', record_id,
                      json_extract(data, '$.title'), NULL, NULL, NULL, NULL
                 FROM records WHERE patient_id = ?1 AND collection = 'tasks' AND status = 'done'
             ) ORDER BY at, kind, id",
        )?;
        let rows = stmt.query_map([patient_id], |r| {
            let collection: Option<String> = r.get(5)?;
            let (what, who) = match collection {
                Some(collection) => describe(
                    &collection,
                    &r.get::<_, String>(6)?,
                    r.get::<_, Option<String>>(7)?.as_deref(),
                ),
                None => (r.get(3)?, r.get(4)?),
            };
            Ok(TimelineEvent {
                at: r.get(0)?,
                kind: serde_json::from_value(Value::String(r.get(1)?)).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        1,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })?,
                id: r.get(2)?,
                what: first_words(&what),
                who: who.filter(|w| !w.is_empty()),
            })
        })?;
        let mut events: Vec<TimelineEvent> = rows.collect::<rusqlite::Result<_>>()?;
        // Records' times are kept sortable, the others as written; a task's completion is
        // read from its record. Each is ordered as a time and shown as one.
        events.sort_by_cached_key(|e| (sortable(&e.at), e.kind, e.id.clone()));
        for event in &mut events {
            event.at = shortest(&event.at);
        }
        Ok(events)
    }
}
