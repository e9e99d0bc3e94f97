//! The handover sheet: the ward's admitted patients in bed order, each in SBAR form
//! (situation, background, assessment, recommendation), from the local store, offline.

use bedside_shared::chart::news2::Band;
use bedside_shared::chart::schedule::DoseState;
use bedside_shared::chart::times::sortable;
use bedside_shared::chart::{
    Allergy, AllergyStatus, Consciousness, Problem, ProblemStatus, TaskStatus, Vitals,
};
use jiff::Timestamp;

use super::sheet::{Sheet, Style};
use crate::chart::Charts;
use crate::error::Result;
use crate::round::{self, ScheduledDose};
use crate::store::queries::{NoteStatus, PatientSummary};
use crate::store::records::{Entry, TaskList};

/// The response a NEWS2 band calls for, as the chart says it.
fn response(band: Band) -> &'static str {
    match band {
        Band::Low => "ward-based response",
        Band::LowMedium => "urgent ward-based response",
        Band::Medium => "urgent response, observations at least hourly",
        Band::High => "emergency response, continuous monitoring",
    }
}

/// "HH:MM" (today) or "YYYY-MM-DD HH:MM" on the ward's clock.
fn when(at: &str, now: Timestamp) -> String {
    let Some(at) = round::instant(at) else {
        return at.to_owned();
    };
    let zone = round::ward_zone();
    let (then, today) = (at.to_zoned(zone.clone()), now.to_zoned(zone));
    if then.date() == today.date() {
        then.strftime("%H:%M").to_string()
    } else {
        then.strftime("%Y-%m-%d %H:%M").to_string()
    }
}

/// Whole years from `birth_date` to `today`.
pub(crate) fn years(birth_date: &str, today: jiff::civil::Date) -> Option<i16> {
    let born: jiff::civil::Date = birth_date.parse().ok()?;
    let mut years = today.year() - born.year();
    if (today.month(), today.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    Some(years)
}

/// The observations in words: "T 39.2 °C, HR 131, BP 86/50, RR 27, SpO₂ 89 % air, new
/// confusion".
fn observations(v: &Vitals) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &v.temperature {
        parts.push(format!("T {:.1} °C", t.celsius()));
    }
    if let Some(hr) = v.pulse_bpm {
        parts.push(format!("HR {hr}"));
    }
    if let (Some(sys), Some(dia)) = (v.systolic_mmhg, v.diastolic_mmhg) {
        parts.push(format!("BP {sys}/{dia}"));
    }
    if let Some(rr) = v.respiratory_rate {
        parts.push(format!("RR {rr}"));
    }
    if let Some(spo2) = v.spo2_pct {
        let on = if v.on_oxygen == Some(true) {
            "on O2"
        } else {
            "air"
        };
        parts.push(format!("SpO2 {spo2} % {on}"));
    }
    match v.consciousness {
        Some(Consciousness::Alert) => parts.push("alert".into()),
        Some(other) => parts.push(
            serde_json::to_value(other)
                .ok()
                .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
                .unwrap_or_default(),
        ),
        None => {}
    }
    parts.join(", ")
}

/// One patient's part of the sheet.
struct Handover {
    patient: PatientSummary,
    allergies: Vec<String>,
    problems: Vec<String>,
    last_note: Option<String>,
    tasks: Vec<(bool, String)>,
    doses: Vec<ScheduledDose>,
}

impl Charts<'_> {
    fn handover_of(&self, patient: PatientSummary, doses: &[ScheduledDose]) -> Result<Handover> {
        let store = self.ws.store();
        let id = patient.patient_id.clone();
        let allergies: Vec<Entry<Allergy>> = store.records(&id)?;
        let problems: Vec<Entry<Problem>> = store.records(&id)?;
        let view = store.chart_view(&id)?;
        let last_note = view.and_then(|v| {
            v.notes
                .into_iter()
                .filter(|n| n.status == NoteStatus::Signed)
                .max_by_key(|n| n.signed_at.as_deref().map(sortable))
                .map(|n| {
                    let by = n.signed_by.unwrap_or(n.author);
                    let words: String = n.body.chars().take(240).collect();
                    format!("{} ({by}): {words}", n.signed_at.unwrap_or_default())
                })
        });
        let mut tasks: Vec<(bool, String)> = store
            .tasks(TaskList::Patient(&id))?
            .into_iter()
            .filter(|t| t.task.status != TaskStatus::Done)
            .map(|t| {
                let urgent = t.task.priority == bedside_shared::chart::Priority::Urgent;
                (urgent, t.task.title)
            })
            .collect();
        tasks.sort_by_key(|(urgent, _)| !urgent);
        Ok(Handover {
            allergies: allergies
                .into_iter()
                .filter(|a| a.record.status == AllergyStatus::Active)
                .map(|a| format!("{} ({})", a.record.substance, a.record.reaction))
                .collect(),
            problems: problems
                .into_iter()
                .filter(|p| p.record.status == ProblemStatus::Active)
                .map(|p| format!("{} {}", p.record.code, p.record.text))
                .collect(),
            last_note,
            tasks,
            doses: doses
                .iter()
                .filter(|d| d.patient_id == patient.patient_id && d.record_id.is_none())
                .cloned()
                .collect(),
            patient,
        })
    }

    /// The handover sheet of `ward` (every ward held here when `None`) as a PDF: each
    /// admitted patient in bed order, in SBAR form. Printing it is audited.
    pub fn handover_sheet(&self, ward: Option<&str>) -> Result<Vec<u8>> {
        let now = Timestamp::from_second(self.ws.store().now_utc().unix_timestamp())
            .unwrap_or(Timestamp::UNIX_EPOCH);
        let patients: Vec<PatientSummary> = self
            .ward_list(ward)?
            .into_iter()
            .filter(|p| p.status == bedside_shared::chart::AdmissionStatus::Admitted)
            .collect();
        let doses = self.medication_round(ward)?;
        let by = self
            .ws
            .access()
            .logged_in()
            .map(|c| c.display_name)
            .unwrap_or_default();
        let stamp = now
            .to_zoned(round::ward_zone())
            .strftime("%Y-%m-%d %H:%M")
            .to_string();
        let title = format!("Handover · {} · {stamp}", ward.unwrap_or("all wards"));
        let mut sheet = Sheet::a4(&format!("{title} · printed by {by}"));
        sheet.line(0.0, &title, Style::bold(16.0));
        sheet.line(
            0.0,
            &format!(
                "{} patients · SBAR: situation, background, assessment, recommendation",
                patients.len()
            ),
            Style::plain(9.0).quiet(),
        );
        sheet.gap(6.0);
        let today = now.to_zoned(round::ward_zone()).date();
        for patient in patients {
            let part = self.handover_of(patient, &doses)?;
            write_patient(&mut sheet, &part, today, now);
        }
        self.ws
            .audit("handover_printed", None, ward.unwrap_or("all wards"))?;
        Ok(sheet.finish(&title))
    }
}

fn write_patient(sheet: &mut Sheet, h: &Handover, today: jiff::civil::Date, now: Timestamp) {
    let p = &h.patient;
    let label = Style::bold(9.0).quiet();
    let text = Style::plain(9.5);
    sheet.keep(110.0);
    sheet.rule();
    sheet.gap(2.0);
    let age = years(&p.birth_date, today).map_or(String::new(), |y| format!(", {y} y"));
    sheet.line(
        0.0,
        &format!(
            "Bed {} · {}, {}{age} · {}",
            p.bed.as_deref().unwrap_or("-"),
            p.family_name.to_uppercase(),
            p.given_name,
            p.mrn
        ),
        Style::bold(12.0),
    );
    if !p.namesakes.is_empty() {
        let beds: Vec<String> = p
            .namesakes
            .iter()
            .map(|n| format!("bed {}", n.bed.as_deref().unwrap_or("-")))
            .collect();
        sheet.line(
            0.0,
            &format!("NAME ALERT: a similar name in {}", beds.join(", ")),
            Style::bold(9.0).alarm(),
        );
    }

    // Situation: what matters now.
    sheet.line(0.0, "S — Situation", label);
    let allergies = if h.allergies.is_empty() {
        "No known allergies".to_owned()
    } else {
        format!("ALLERGIES: {}", h.allergies.join("; "))
    };
    let allergy_style = if h.allergies.is_empty() {
        text
    } else {
        Style::bold(9.5).alarm()
    };
    sheet.line(12.0, &allergies, allergy_style);
    if let Some(score) = p.latest_vitals.as_ref().and_then(|v| v.news2.as_ref()) {
        let words = format!(
            "NEWS2 {}{} — {}",
            score.total,
            if score.complete { "" } else { " (incomplete)" },
            response(score.band)
        );
        let style = if matches!(score.band, Band::Medium | Band::High) {
            Style::bold(9.5).alarm()
        } else {
            text
        };
        sheet.line(12.0, &words, style);
    }

    // Background: why they are here.
    sheet.line(0.0, "B — Background", label);
    let problems = if h.problems.is_empty() {
        "No active problems recorded".to_owned()
    } else {
        h.problems.join("; ")
    };
    sheet.line(12.0, &problems, text);
    if let Some(note) = &h.last_note {
        sheet.line(12.0, &format!("Last note {note}"), text);
    }

    // Assessment: the latest observations.
    sheet.line(0.0, "A — Assessment", label);
    match &p.latest_vitals {
        Some(v) => sheet.line(
            12.0,
            &format!(
                "{} (taken {} by {})",
                observations(&v.vitals),
                when(&v.vitals.taken_at, now),
                v.vitals.recorded_by
            ),
            text,
        ),
        None => sheet.line(12.0, "No observations recorded", Style::plain(9.5).alarm()),
    }

    // Recommendation: what the next shift must do.
    sheet.line(0.0, "R — Recommendation", label);
    if h.tasks.is_empty() && h.doses.is_empty() {
        sheet.line(12.0, "No open tasks or doses due", text);
    }
    for (urgent, title) in &h.tasks {
        if *urgent {
            sheet.line(12.0, &format!("URGENT: {title}"), Style::bold(9.5).alarm());
        } else {
            sheet.line(12.0, &format!("Task: {title}"), text);
        }
    }
    for d in &h.doses {
        let (word, style) = match d.state {
            DoseState::Overdue => ("OVERDUE", Style::bold(9.5).alarm()),
            DoseState::Due => ("Due", Style::bold(9.5)),
            _ => ("Due", text),
        };
        sheet.line(
            12.0,
            &format!(
                "{word} {}: {} {} {}",
                when(&d.due_at, now),
                d.drug,
                d.dose,
                d.route
            ),
            style,
        );
    }
    sheet.gap(4.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_counts_whole_years_to_the_birthday() {
        let today: jiff::civil::Date = "2026-12-07".parse().unwrap();
        assert_eq!(years("1961-04-12", today), Some(65));
        assert_eq!(years("1961-12-08", today), Some(64));
        assert_eq!(years("1961-12-07", today), Some(65));
        assert_eq!(years("not a date", today), None);
    }
}
