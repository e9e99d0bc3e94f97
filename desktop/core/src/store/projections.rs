//! Query tables rebuilt from one document. Called inside the transaction that writes
//! the document, so projections never disagree with what is stored.

use automerge::AutoCommit;
use bedside_shared::chart::{self, Clinical, DraftStatus, NoteDraft, Registration};
use bedside_shared::{DocId, DocKind};
use rusqlite::{Connection, params};

use super::labels::label;
use crate::error::Result;

pub(super) fn rebuild(tx: &Connection, id: &DocId, doc: &AutoCommit) -> Result<()> {
    conflicts(tx, id, doc)?;
    let patient = id.patient.to_string();
    match id.kind {
        DocKind::Registration => {
            // A document still arriving (or damaged) keeps its old projection.
            let Ok(reg) = chart::read::<Registration>(doc) else {
                return Ok(());
            };
            registration(tx, &patient, &reg)
        }
        DocKind::Clinical => {
            let Ok(clinical) = chart::read::<Clinical>(doc) else {
                return Ok(());
            };
            self::clinical(tx, &patient, &clinical)
        }
        DocKind::NoteDraft(_) => {
            let Ok(draft) = chart::read::<NoteDraft>(doc) else {
                return Ok(());
            };
            self::draft(tx, &patient, &draft)
        }
    }
}

/// Lists the document's fields holding concurrent values.
fn conflicts(tx: &Connection, id: &DocId, doc: &AutoCommit) -> Result<()> {
    let doc_id = id.to_string();
    tx.execute("DELETE FROM conflicts WHERE doc_id = ?1", [&doc_id])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO conflicts (doc_id, patient_id, path, field_values) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for conflict in chart::conflicts::conflicts(doc) {
        let values = serde_json::to_string(&conflict.values).map_err(crate::error::Error::from)?;
        insert.execute(params![
            doc_id,
            id.patient.to_string(),
            conflict.path.join("/"),
            values
        ])?;
    }
    Ok(())
}

fn registration(tx: &Connection, patient: &str, reg: &Registration) -> Result<()> {
    let d = &reg.demographics;
    let a = &reg.admission;
    tx.execute(
        "INSERT INTO patients
           (patient_id, mrn, given_name, family_name, birth_date, sex, phone, ward, bed, status,
            pathway, provisional_mrn)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (patient_id) DO UPDATE SET
           mrn = excluded.mrn, given_name = excluded.given_name,
           family_name = excluded.family_name, birth_date = excluded.birth_date,
           sex = excluded.sex, phone = excluded.phone, ward = excluded.ward,
           bed = excluded.bed, status = excluded.status, pathway = excluded.pathway,
           provisional_mrn = excluded.provisional_mrn",
        params![
            patient,
            d.mrn,
            d.given_name,
            d.family_name,
            d.birth_date,
            label(&d.sex),
            d.phone,
            a.ward,
            a.bed,
            label(&a.status),
            a.pathway.as_ref().map(label),
            d.provisional_mrn
        ],
    )?;
    tx.execute(
        "DELETE FROM patient_search WHERE patient_id = ?1",
        [patient],
    )?;
    tx.execute(
        "INSERT INTO patient_search (patient_id, mrn, given_name, family_name)
         VALUES (?1, ?2, ?3, ?4)",
        params![
            patient,
            // Both MRNs find the patient: labels printed offline carry the provisional one.
            [Some(&d.mrn), d.provisional_mrn.as_ref()]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(" "),
            d.given_name,
            d.family_name
        ],
    )?;
    tx.execute("DELETE FROM appointments WHERE patient_id = ?1", [patient])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO appointments
           (appointment_id, patient_id, title, starts_at, duration_minutes, location, status,
            kind)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (id, appt) in &reg.appointments {
        insert.execute(params![
            id,
            patient,
            appt.title,
            appt.starts_at,
            appt.duration_minutes,
            appt.location,
            label(&appt.status),
            label(&appt.kind)
        ])?;
    }
    Ok(())
}

fn clinical(tx: &Connection, patient: &str, clinical: &Clinical) -> Result<()> {
    tx.execute("DELETE FROM prescriptions WHERE patient_id = ?1", [patient])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO prescriptions
           (prescription_id, patient_id, drug, dose, route, frequency, start, \"end\",
            prescriber, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (id, p) in &clinical.prescriptions {
        insert.execute(params![
            id,
            patient,
            p.drug,
            p.dose,
            p.route,
            p.frequency,
            p.start,
            p.end,
            p.prescriber,
            label(&p.status)
        ])?;
    }
    let mut note = tx.prepare_cached(
        "INSERT INTO notes (note_id, patient_id, kind, author, status, body, signed_by, signed_at)
         VALUES (?1, ?2, ?3, ?4, 'signed', ?5, ?6, ?7)
         ON CONFLICT (note_id) DO UPDATE SET
           status = 'signed', body = excluded.body, signed_by = excluded.signed_by,
           signed_at = excluded.signed_at",
    )?;
    for (id, n) in &clinical.notes {
        note.execute(params![
            id,
            patient,
            label(&n.kind),
            n.author,
            n.body,
            n.signed_by,
            n.signed_at
        ])?;
    }
    super::record_projections::rebuild(tx, patient, clinical)
}

fn draft(tx: &Connection, patient: &str, draft: &NoteDraft) -> Result<()> {
    if draft.status == DraftStatus::Signed {
        return Ok(());
    }
    // A signed note supersedes its draft: only a row still in draft is refreshed.
    tx.execute(
        "INSERT INTO notes (note_id, patient_id, kind, author, status, body, started_at)
         VALUES (?1, ?2, ?3, ?4, 'draft', ?5, ?6)
         ON CONFLICT (note_id) DO UPDATE SET body = excluded.body
           WHERE notes.status = 'draft'",
        params![
            draft.note_id,
            patient,
            label(&draft.kind),
            draft.author,
            draft.body.as_str(),
            draft.started_at
        ],
    )?;
    Ok(())
}
