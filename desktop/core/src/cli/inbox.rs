//! `bedside inbox` and `bedside record list`: what waits for a decision after a sync, and a
//! patient's records with their values, for scripts and for IT at a terminal.

use bedside_client::Workstation;
use bedside_client::patient_chart::PatientChart;
use bedside_shared::PatientId;
use bedside_shared::chart::Temperature;
use serde::Serialize;

use super::{emit, plural, wire_name};

/// The conflict inbox and the edits set aside, as `bedside inbox` prints them.
#[derive(Serialize)]
struct Inbox {
    conflicts: Vec<bedside_client::store::inbox::ConflictLine>,
    set_aside: Vec<bedside_client::store::inbox::Quarantined>,
}

/// Prints the fields two workstations changed at once and the edits the server refused.
pub(super) fn inbox(ws: &Workstation, json: bool) -> anyhow::Result<()> {
    let inbox = Inbox {
        conflicts: ws.charts().conflicts(None)?,
        set_aside: ws.charts().quarantine(None)?,
    };
    emit(json, &inbox, || {
        let mut lines = vec![format!(
            "{} and {} waiting",
            plural(inbox.conflicts.len(), "conflict", "conflicts"),
            plural(inbox.set_aside.len(), "set-aside edit", "set-aside edits")
        )];
        for c in &inbox.conflicts {
            let values: Vec<String> = c
                .values
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let value = serde_json::to_string(v).unwrap_or_default();
                    match c.written.get(i) {
                        Some(w) => format!(
                            "{value} (by {}, {})",
                            w.by.as_deref().unwrap_or("someone unknown"),
                            w.at.as_deref().unwrap_or("time unknown")
                        ),
                        None => value,
                    }
                })
                .collect();
            lines.push(format!(
                "conflict  {}{}  {}  values: {}  ({} {})",
                c.patient_name
                    .as_deref()
                    .unwrap_or("(patient not held here)"),
                c.bed
                    .as_deref()
                    .map(|b| format!(", bed {b}"))
                    .unwrap_or_default(),
                c.path,
                values.join(" | "),
                c.doc_id,
                c.patient_id
            ));
        }
        for q in &inbox.set_aside {
            lines.push(format!(
                "set aside {}  {}  {}: {}  ({})",
                q.at,
                q.patient_id,
                wire_name(&q.code),
                q.message,
                q.quarantine_id
            ));
        }
        lines.join("\n")
    });
    Ok(())
}

fn temperature(t: &Temperature) -> String {
    format!("{} {:?}", t.value, t.unit)
}

/// Prints a patient's records with their values (opening the chart, audited).
pub(super) fn records(ws: &Workstation, json: bool, patient: PatientId) -> anyhow::Result<()> {
    let chart = ws.charts().open_chart(patient)?;
    ws.charts().close_chart();
    emit(json, &chart, || record_lines(&chart));
    Ok(())
}

fn record_lines(chart: &PatientChart) -> String {
    let mut lines = Vec::new();
    for a in &chart.allergies {
        let r = &a.record;
        lines.push(format!(
            "allergy   {}  {} ({:?}, {:?})  by {} {}",
            r.substance, r.reaction, r.severity, r.status, r.recorded_by, r.recorded_at
        ));
    }
    for p in &chart.problems {
        let r = &p.record;
        lines.push(format!(
            "problem   {} {}  {:?}  by {} {}",
            r.code, r.text, r.status, r.recorded_by, r.recorded_at
        ));
    }
    for v in &chart.vitals {
        let r = &v.record.vitals;
        let mut values = Vec::new();
        if let Some(score) = &v.record.news2 {
            let incomplete = if score.complete { "" } else { " incomplete" };
            values.push(format!(
                "NEWS2 {}{incomplete} ({:?})",
                score.total, score.band
            ));
        }
        let numbers = [
            ("RR", r.respiratory_rate),
            ("SpO2", r.spo2_pct),
            ("pulse", r.pulse_bpm),
            ("sys", r.systolic_mmhg),
            ("dia", r.diastolic_mmhg),
        ];
        values.extend(
            numbers
                .iter()
                .filter_map(|(name, n)| n.map(|n| format!("{name} {n}"))),
        );
        values.extend(
            r.temperature
                .as_ref()
                .map(|t| format!("T {}", temperature(t))),
        );
        values.extend(
            r.on_oxygen
                .map(|o| if o { "on O2" } else { "air" }.to_owned()),
        );
        values.extend(r.consciousness.map(|c| format!("{c:?}")));
        lines.push(format!(
            "vitals    {}  {}  by {}",
            r.taken_at,
            values.join(", "),
            r.recorded_by
        ));
    }
    for d in &chart.administrations {
        let r = &d.record;
        lines.push(format!(
            "dose      {}  {:?} of {}  by {}{}",
            r.at,
            r.outcome,
            r.prescription_id,
            r.by,
            r.note
                .as_deref()
                .map(|n| format!(": {n}"))
                .unwrap_or_default()
        ));
    }
    for t in &chart.tasks {
        let r = &t.record;
        lines.push(format!(
            "task      {}  {:?} {:?}  by {} {}",
            r.title, r.priority, r.status, r.created_by, r.created_at
        ));
    }
    if lines.is_empty() {
        return "no records".into();
    }
    lines.join("\n")
}
