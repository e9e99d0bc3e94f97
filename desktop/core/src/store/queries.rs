//! Read-side queries over the projections. Every query is served by an index.

use bedside_shared::chart::news2::ScoredVitals;
use bedside_shared::chart::{
    AdmissionStatus, AppointmentKind, AppointmentStatus, NoteKind, PathwayStage,
    PrescriptionStatus, Schedule, Sex, Vitals,
};
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use super::Store;
use super::labels::{from_json, parsed};
use crate::error::Result;

/// Whose appointments to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upcoming<'a> {
    /// One patient's.
    Patient(&'a str),
    /// Every patient's on a ward.
    Ward(&'a str),
}

/// One line of a patient list.
#[derive(Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PatientSummary {
    /// Patient id.
    pub patient_id: String,
    /// Medical record number.
    pub mrn: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Birth date.
    pub birth_date: String,
    /// Administrative sex.
    pub sex: Sex,
    /// Contact telephone.
    pub phone: Option<String>,
    /// Ward code.
    pub ward: String,
    /// Bed label.
    pub bed: Option<String>,
    /// Admitted, outpatient or discharged.
    pub status: AdmissionStatus,
    /// The surgical pathway's stage, for surgical patients.
    pub pathway: Option<PathwayStage>,
    /// The MRN given offline, once replaced by a permanent one.
    pub provisional_mrn: Option<String>,
    /// Active allergies (an alert on the ward list).
    pub active_allergies: i64,
    /// Open urgent tasks (an alert on the ward list).
    pub urgent_tasks: i64,
    /// The latest set of vital signs holding any of NEWS2's observations, with its score.
    pub latest_vitals: Option<ScoredVitals>,
    /// Another admitted patient of the ward is in the same bed (two workstations placed
    /// them there at once): someone must move one of them.
    pub bed_shared: bool,
    /// The ward's patients whose name is the same or nearly so: a name alert.
    pub namesakes: Vec<Namesake>,
    /// Scheduled doses due now (within an hour of their time) and not recorded.
    pub doses_due: u32,
    /// Scheduled doses more than an hour past their time and not recorded.
    pub doses_overdue: u32,
}

/// A patient of the same ward whose name could be mistaken for another's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Namesake {
    /// Their bed, if they have one.
    pub bed: Option<String>,
    /// Their MRN.
    pub mrn: String,
}

/// An admitted patient's name and place, for the name alert.
#[derive(Debug, Clone)]
pub struct WardName {
    /// Patient id.
    pub patient_id: String,
    /// Their ward.
    pub ward: String,
    /// Given name.
    pub given_name: String,
    /// Family name.
    pub family_name: String,
    /// Their bed and MRN.
    pub place: Namesake,
}

impl From<&PatientSummary> for WardName {
    fn from(p: &PatientSummary) -> Self {
        Self {
            patient_id: p.patient_id.clone(),
            ward: p.ward.clone(),
            given_name: p.given_name.clone(),
            family_name: p.family_name.clone(),
            place: Namesake {
                bed: p.bed.clone(),
                mrn: p.mrn.clone(),
            },
        }
    }
}

/// An appointment as listed.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppointmentLine {
    /// Appointment id.
    pub appointment_id: String,
    /// Patient id.
    pub patient_id: String,
    /// What it is for.
    pub title: String,
    /// Start.
    pub starts_at: String,
    /// Minutes.
    pub duration_minutes: i64,
    /// Where.
    pub location: Option<String>,
    /// Scheduled or cancelled.
    pub status: AppointmentStatus,
    /// Appointment or procedure.
    pub kind: AppointmentKind,
}

/// A prescription as listed.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PrescriptionLine {
    /// Prescription id.
    pub prescription_id: String,
    /// Drug.
    pub drug: String,
    /// Dose.
    pub dose: String,
    /// Route.
    pub route: String,
    /// Frequency.
    pub frequency: String,
    /// First day.
    pub start: String,
    /// Last day.
    pub end: Option<String>,
    /// Prescriber.
    pub prescriber: String,
    /// Active, stopped or completed.
    pub status: PrescriptionStatus,
    /// When its doses fall, if scheduled.
    pub schedule: Option<Schedule>,
    /// How many doses the course is, if counted.
    pub doses: Option<u32>,
}

/// A note as listed.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NoteLine {
    /// Note id.
    pub note_id: String,
    /// Progress, nursing, operative or discharge.
    pub kind: NoteKind,
    /// Who began it.
    pub author: String,
    /// Draft or signed.
    pub status: NoteStatus,
    /// The text.
    pub body: String,
    /// Who signed it.
    pub signed_by: Option<String>,
    /// When it was signed.
    pub signed_at: Option<String>,
}

/// Whether a listed note is still being written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum NoteStatus {
    /// Being written; only its author sees the text change.
    Draft,
    /// Signed; changed only by addenda.
    Signed,
}

/// Everything the projections hold for one patient.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartView {
    /// Who and where.
    pub patient: PatientSummary,
    /// Appointments by start time.
    pub appointments: Vec<AppointmentLine>,
    /// Prescriptions.
    pub prescriptions: Vec<PrescriptionLine>,
    /// Notes, drafts included.
    pub notes: Vec<NoteLine>,
}

const PATIENT_COLUMNS: &str = "p.patient_id, p.mrn, p.given_name, p.family_name, p.birth_date, p.sex, p.phone, p.ward, p.bed, p.status, p.pathway, p.provisional_mrn,
    (SELECT count(*) FROM records r WHERE r.patient_id = p.patient_id
       AND r.collection = 'allergies' AND r.status = 'active'),
    (SELECT count(*) FROM records r WHERE r.patient_id = p.patient_id
       AND r.collection = 'tasks' AND r.status <> 'done' AND r.priority = 'urgent'),
    (SELECT data FROM records r WHERE r.patient_id = p.patient_id
       AND r.collection = 'vitals' AND r.status IS NOT NULL ORDER BY r.at DESC LIMIT 1),
    p.status = 'admitted' AND p.bed IS NOT NULL AND EXISTS (SELECT 1 FROM patients q
       WHERE q.ward = p.ward AND lower(q.bed) = lower(p.bed) AND q.status = 'admitted'
         AND q.patient_id <> p.patient_id)";

fn patient(r: &Row<'_>) -> rusqlite::Result<PatientSummary> {
    Ok(PatientSummary {
        patient_id: r.get(0)?,
        mrn: r.get(1)?,
        given_name: r.get(2)?,
        family_name: r.get(3)?,
        birth_date: r.get(4)?,
        sex: parsed(r, 5)?,
        phone: r.get(6)?,
        ward: r.get(7)?,
        bed: r.get(8)?,
        status: parsed(r, 9)?,
        pathway: parsed(r, 10)?,
        provisional_mrn: r.get(11)?,
        active_allergies: r.get(12)?,
        urgent_tasks: r.get(13)?,
        latest_vitals: r
            .get::<_, Option<String>>(14)?
            .and_then(|data| serde_json::from_str::<Vitals>(&data).ok())
            .map(ScoredVitals::from),
        bed_shared: r.get(15)?,
        namesakes: Vec::new(),
        doses_due: 0,
        doses_overdue: 0,
    })
}

fn appointment_line(r: &Row<'_>) -> rusqlite::Result<AppointmentLine> {
    Ok(AppointmentLine {
        appointment_id: r.get(0)?,
        patient_id: r.get(1)?,
        title: r.get(2)?,
        starts_at: r.get(3)?,
        duration_minutes: r.get(4)?,
        location: r.get(5)?,
        status: parsed(r, 6)?,
        kind: parsed(r, 7)?,
    })
}

/// Turns what a clinician typed into an FTS5 query: every word must match a prefix.
fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

impl Store {
    /// Patients, optionally of one ward, in bed order (beds numbered naturally: 2 before
    /// 10), then those without a bed by family name.
    pub fn patients(&self, ward: Option<&str>) -> Result<Vec<PatientSummary>> {
        let sql = format!(
            "SELECT {PATIENT_COLUMNS} FROM patients p
             WHERE ?1 IS NULL OR p.ward = ?1
             ORDER BY p.ward, p.bed IS NULL, length(p.bed), p.bed, p.family_name, p.given_name"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([ward], patient)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The admitted patients of `ward`, by name (for the name alert).
    pub fn ward_names(&self, ward: &str) -> Result<Vec<WardName>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT patient_id, ward, given_name, family_name, bed, mrn FROM patients
             WHERE ward = ?1 AND status = 'admitted'",
        )?;
        let rows = stmt.query_map([ward], |r| {
            Ok(WardName {
                patient_id: r.get(0)?,
                ward: r.get(1)?,
                given_name: r.get(2)?,
                family_name: r.get(3)?,
                place: Namesake {
                    bed: r.get(4)?,
                    mrn: r.get(5)?,
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Patients born on `date` (for the duplicate check).
    pub fn born_on(&self, date: &str) -> Result<Vec<PatientSummary>> {
        let sql = format!("SELECT {PATIENT_COLUMNS} FROM patients p WHERE p.birth_date = ?1");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([date], patient)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Scheduled appointments from `from` on, soonest first.
    pub fn upcoming(&self, scope: Upcoming<'_>, from: &str) -> Result<Vec<AppointmentLine>> {
        let (filter, value) = match scope {
            Upcoming::Patient(p) => ("a.patient_id = ?1", p),
            Upcoming::Ward(w) => ("p.ward = ?1", w),
        };
        // Times are compared as times (`julianday`), not as text: their digits vary.
        let sql = format!(
            "SELECT a.appointment_id, a.patient_id, a.title, a.starts_at, a.duration_minutes,
                    a.location, a.status, a.kind
             FROM appointments a JOIN patients p ON p.patient_id = a.patient_id
             WHERE {filter} AND a.status = 'scheduled' AND julianday(a.starts_at) >= julianday(?2)
             ORDER BY julianday(a.starts_at), a.starts_at"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![value, from], appointment_line)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Patients in the bed typed (first), then those whose name or MRN starts with the
    /// words typed.
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<PatientSummary>> {
        let sql = format!(
            "SELECT {PATIENT_COLUMNS} FROM patients p
             WHERE p.status = 'admitted' AND lower(p.bed) = lower(?1)
             ORDER BY p.ward LIMIT ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut found: Vec<PatientSummary> = stmt
            .query_map(params![text.trim(), limit as i64], patient)?
            .collect::<rusqlite::Result<_>>()?;
        let Some(query) = fts_query(text) else {
            return Ok(found);
        };
        let sql = format!(
            "SELECT {PATIENT_COLUMNS} FROM patient_search s
             JOIN patients p ON p.patient_id = s.patient_id
             WHERE patient_search MATCH ?1 ORDER BY rank LIMIT ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        for named in stmt.query_map(params![query, limit as i64], patient)? {
            let named = named?;
            if found.len() < limit && !found.iter().any(|p| p.patient_id == named.patient_id) {
                found.push(named);
            }
        }
        Ok(found)
    }

    /// True when an admitted patient other than `patient` is in `bed` of `ward` (`None`:
    /// the ward `patient` is on).
    pub fn bed_taken(&self, patient: &str, ward: Option<&str>, bed: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM patients q
               WHERE q.ward = coalesce(?2, (SELECT ward FROM patients WHERE patient_id = ?1))
                 AND lower(q.bed) = lower(?3) AND q.status = 'admitted' AND q.patient_id <> ?1)",
            )?
            .query_row(params![patient, ward, bed], |r| r.get(0))?)
    }

    /// One patient's chart from the projections, or `None` if unknown here.
    pub fn chart_view(&self, patient_id: &str) -> Result<Option<ChartView>> {
        let sql = format!("SELECT {PATIENT_COLUMNS} FROM patients p WHERE p.patient_id = ?1");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let Some(summary) = stmt.query_map([patient_id], patient)?.next().transpose()? else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT appointment_id, patient_id, title, starts_at, duration_minutes, location, status,
                    kind
             FROM appointments WHERE patient_id = ?1 ORDER BY julianday(starts_at), starts_at",
        )?;
        let appointments = stmt
            .query_map([patient_id], appointment_line)?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT prescription_id, drug, dose, route, frequency, start, \"end\", prescriber, status,
                    schedule, doses
             FROM prescriptions WHERE patient_id = ?1 ORDER BY start, prescription_id",
        )?;
        let prescriptions = stmt
            .query_map([patient_id], |r| {
                Ok(PrescriptionLine {
                    prescription_id: r.get(0)?,
                    drug: r.get(1)?,
                    dose: r.get(2)?,
                    route: r.get(3)?,
                    frequency: r.get(4)?,
                    start: r.get(5)?,
                    end: r.get(6)?,
                    prescriber: r.get(7)?,
                    status: parsed(r, 8)?,
                    schedule: from_json(r, 9)?,
                    doses: r.get(10)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT note_id, kind, author, status, body, signed_by, signed_at
             FROM notes WHERE patient_id = ?1 ORDER BY note_id",
        )?;
        let notes = stmt
            .query_map([patient_id], |r| {
                Ok(NoteLine {
                    note_id: r.get(0)?,
                    kind: parsed(r, 1)?,
                    author: r.get(2)?,
                    status: parsed(r, 3)?,
                    body: r.get(4)?,
                    signed_by: r.get(5)?,
                    signed_at: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some(ChartView {
            patient: summary,
            appointments,
            prescriptions,
            notes,
        }))
    }

    /// The kind of `patient`'s signed note `note`, if the patient has such a signed note
    /// (read from the projection, without loading the chart).
    pub fn signed_note_kind(&self, patient: &str, note: &str) -> Result<Option<NoteKind>> {
        Ok(self
            .conn
            .query_row(
                "SELECT kind FROM notes
                 WHERE note_id = ?1 AND patient_id = ?2 AND status = 'signed'",
                [note, patient],
                |r| parsed(r, 0),
            )
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn typed_words_become_prefix_queries_without_fts_syntax() {
        assert_eq!(fts_query("lov ada"), Some("\"lov\"* \"ada\"*".into()));
        assert_eq!(
            fts_query("O'Brien-Smith"),
            Some("\"O\"* \"Brien\"* \"Smith\"*".into())
        );
        assert_eq!(
            fts_query(" \"* "),
            None,
            "FTS operators alone must not reach MATCH"
        );
    }
}
