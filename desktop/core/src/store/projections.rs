//! Query tables kept from the documents. Called inside the transaction that writes a
//! document, so projections never disagree with what is stored. A clinical document
//! whose change is known projects only the entries that change touched; everything else
//! (a new or received document, registrations and drafts, which are small) is rebuilt
//! whole.

use automerge::{AutoCommit, Patch};
use bedside_shared::chart::conflicts::{self as chart_conflicts, Conflict};
use bedside_shared::chart::{
    self, CLINICAL_COLLECTIONS, Clinical, DraftStatus, NoteDraft, Prescription, Registration,
    SignedNote, materialized,
};
use bedside_shared::validate::{Touched, all_touched};
use bedside_shared::{DocId, DocKind};
use rusqlite::{Connection, params};

use super::Store;
use super::labels::label;
use super::record_projections;
use crate::error::Result;

/// The shape of the projections this build writes; a store projected by an older build
/// is projected again when it is opened.
const PROJECTIONS_VERSION: &str = "4";

/// What changed in a document being written.
pub(super) enum Changed {
    /// Unknown: project it whole.
    Whole,
    /// The patches from the stored state to the new one.
    Since(Vec<Patch>),
}

/// A document read into what its projections need. Reading is the costly part and needs
/// no database, so documents received whole are read on every core while the store
/// writes (see `received`).
pub(super) struct Projection {
    conflicts: Vec<Conflict>,
    content: Content,
}

enum Content {
    Registration(Box<Registration>),
    Clinical(Box<Clinical>),
    Draft(Box<NoteDraft>),
    /// A document still arriving (or damaged) keeps its old projection.
    Unreadable,
}

impl Projection {
    /// Reads `doc` (document `id`) whole, in one pass over it (see
    /// [`materialized`]).
    pub(super) fn read(id: &DocId, doc: &AutoCommit) -> Self {
        let tree = materialized::materialize(doc);
        let tree = tree.as_ref();
        let content = match id.kind {
            DocKind::Registration => {
                materialized::read_from(doc, tree).map(|r| Content::Registration(Box::new(r)))
            }
            DocKind::Clinical => {
                materialized::read_from(doc, tree).map(|c| Content::Clinical(Box::new(c)))
            }
            DocKind::NoteDraft(_) => chart::read(doc).map(|d| Content::Draft(Box::new(d))),
        };
        Self {
            conflicts: with_authors(
                doc,
                match tree {
                    Some(tree) => chart_conflicts::conflicts_in(doc, tree),
                    None => chart_conflicts::conflicts(doc),
                },
            ),
            content: content.unwrap_or(Content::Unreadable),
        }
    }

    /// Writes every projection of document `id`.
    pub(super) fn write(self, tx: &Connection, id: &DocId) -> Result<()> {
        conflicts(tx, id, self.conflicts, None)?;
        let patient = id.patient.to_string();
        match self.content {
            Content::Registration(reg) => registration(tx, &patient, &reg),
            Content::Clinical(clinical) => self::clinical(tx, &patient, &clinical),
            Content::Draft(draft) => self::draft(tx, &patient, &draft),
            Content::Unreadable => Ok(()),
        }
    }
}

/// Projects a document being written: only the entries a known change touched, or, when
/// that is not known (or the document is a small one), all of it.
pub(super) fn rebuild(
    tx: &Connection,
    id: &DocId,
    doc: &AutoCommit,
    changed: Changed,
) -> Result<()> {
    if let Changed::Since(patches) = &changed
        && id.kind == DocKind::Clinical
        && let Some(mut entries) = entries_touched(patches)
        && let Some(in_conflict) = entries_in_conflict(tx, id)?
    {
        entries.extend(in_conflict);
        entries.sort();
        entries.dedup();
        if entries.iter().all(|(c, k)| entry_reads(doc, c, k)) {
            return clinical_entries(tx, id, doc, &entries);
        }
    }
    Projection::read(id, doc).write(tx, id)
}

/// The collection entries the patches touched, or `None` when they touched anything
/// else (a root field, a whole collection) and the document is projected whole.
fn entries_touched(patches: &[Patch]) -> Option<Vec<(String, String)>> {
    all_touched(patches, &CLINICAL_COLLECTIONS)
        .ok()?
        .into_iter()
        .map(|place| match place {
            Touched::Entry { collection, id, .. } => Some((collection, id)),
            Touched::Field(_) => None,
        })
        .collect()
}

/// The entries with a field already in conflict. A value that joins such a field and
/// loses to the values there makes no patch (Automerge reports only what a reader of the
/// document would see change), yet it changes the conflict: these entries are projected
/// again with every change. `None` when a conflict lies outside every entry.
fn entries_in_conflict(tx: &Connection, id: &DocId) -> Result<Option<Vec<(String, String)>>> {
    let mut select = tx.prepare_cached("SELECT path FROM conflicts WHERE doc_id = ?1")?;
    let paths = select.query_map([id.to_string()], |row| row.get::<_, String>(0))?;
    let mut entries = Vec::new();
    for path in paths {
        let path = path?;
        let mut place = path.split('/');
        match (place.next(), place.next()) {
            (Some(collection), Some(key)) if CLINICAL_COLLECTIONS.contains(&collection) => {
                entries.push((collection.to_owned(), key.to_owned()));
            }
            _ => return Ok(None),
        }
    }
    Ok(Some(entries))
}

/// Projects the touched entries of a clinical document, each as it now reads (an
/// entry no longer there loses its row).
fn clinical_entries(
    tx: &Connection,
    id: &DocId,
    doc: &AutoCommit,
    entries: &[(String, String)],
) -> Result<()> {
    let patient = id.patient.to_string();
    for (collection, key) in entries {
        let place = [collection.as_str(), key.as_str()];
        conflicts(
            tx,
            id,
            with_authors(doc, chart_conflicts::conflicts_under(doc, &place)),
            Some(&place.join("/")),
        )?;
        match collection.as_str() {
            "notes" => match entry::<SignedNote>(doc, &place) {
                Some(note) => signed_note(tx, &patient, key, &note)?,
                None => {
                    // The draft's own row stays with its document.
                    tx.execute(
                        "DELETE FROM notes WHERE note_id = ?1 AND status = 'signed'",
                        [key],
                    )?;
                }
            },
            "prescriptions" => match entry::<Prescription>(doc, &place) {
                Some(order) => prescription(tx, &patient, key, &order)?,
                None => {
                    tx.execute(
                        "DELETE FROM prescriptions WHERE prescription_id = ?1",
                        [key],
                    )?;
                }
            },
            _ => record_projections::entry(tx, &patient, doc, collection, key)?,
        }
    }
    Ok(())
}

/// One entry as it now reads; `None` when it is gone (entries are checked to read as
/// their type before any is projected).
pub(super) fn entry<T: autosurgeon::Hydrate>(doc: &AutoCommit, place: &[&str; 2]) -> Option<T> {
    chart::read_entry(doc, place[0], place[1]).ok().flatten()
}

/// Whether the entry is gone or reads as its collection's type. A document with an entry
/// that does not is projected whole, as a full rebuild would: unreadable as a whole, it
/// keeps its old projection rather than losing a row.
fn entry_reads(doc: &AutoCommit, collection: &str, key: &str) -> bool {
    match collection {
        "notes" => chart::read_entry::<SignedNote>(doc, collection, key).is_ok(),
        "prescriptions" => chart::read_entry::<Prescription>(doc, collection, key).is_ok(),
        _ => record_projections::reads(doc, collection, key),
    }
}

/// Lists the fields holding concurrent values, of the whole document or (`under`) of
/// one place in it.
/// `found` with who wrote each value and when. Conflicts are rare: only then is the
/// document copied, for Automerge to list its changes.
fn with_authors(doc: &AutoCommit, mut found: Vec<Conflict>) -> Vec<Conflict> {
    if !found.is_empty() {
        chart_conflicts::who_wrote(&mut doc.clone(), &mut found);
    }
    found
}

fn conflicts(tx: &Connection, id: &DocId, found: Vec<Conflict>, under: Option<&str>) -> Result<()> {
    let doc_id = id.to_string();
    match under {
        None => {
            tx.execute("DELETE FROM conflicts WHERE doc_id = ?1", [&doc_id])?;
        }
        Some(place) => {
            tx.prepare_cached(
                "DELETE FROM conflicts WHERE doc_id = ?1
                   AND (path = ?2 OR substr(path, 1, length(?2) + 1) = ?2 || '/')",
            )?
            .execute(params![doc_id, place])?;
        }
    }
    let mut insert = tx.prepare_cached(
        "INSERT INTO conflicts (doc_id, patient_id, path, field_values, written)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for conflict in found {
        let values = serde_json::to_string(&conflict.values).map_err(crate::error::Error::from)?;
        let written =
            serde_json::to_string(&conflict.written).map_err(crate::error::Error::from)?;
        insert.execute(params![
            doc_id,
            id.patient.to_string(),
            conflict.path.join("/"),
            values,
            written
        ])?;
    }
    Ok(())
}

/// Projects every document again when the store was projected by an older build (a
/// projection gained a table or a kind of row), in one transaction.
pub(super) fn bring_up_to_date(store: &mut Store) -> Result<()> {
    let current = store.setting("projections.version")?;
    if current.as_deref() == Some(PROJECTIONS_VERSION) {
        return Ok(());
    }
    store.reproject()
}

impl Store {
    /// Rebuilds every projection whole from the documents, in one transaction.
    pub fn reproject(&mut self) -> Result<()> {
        self.all_or_nothing(|store| {
            for id in store.all_docs()? {
                match store.load(&id) {
                    Ok(Some(row)) => {
                        rebuild(&store.conn, &id, &row.doc, Changed::Whole)?;
                        store.put_back(id, row);
                    }
                    Ok(None) => {}
                    // A damaged document keeps its projection (it fails where it is used,
                    // not here, where it would keep the store from opening).
                    Err(e) => tracing::warn!(error = %e, "a document could not be read"),
                }
            }
            store.set_setting("projections.version", PROJECTIONS_VERSION)
        })
    }
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
    for (id, order) in &clinical.prescriptions {
        prescription(tx, patient, id, order)?;
    }
    for (id, note) in &clinical.notes {
        signed_note(tx, patient, id, note)?;
    }
    record_projections::rebuild(tx, patient, clinical)
}

fn prescription(tx: &Connection, patient: &str, id: &str, p: &Prescription) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO prescriptions
           (prescription_id, patient_id, drug, dose, route, frequency, start, \"end\",
            prescriber, status, schedule, doses)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (prescription_id) DO UPDATE SET
           drug = excluded.drug, dose = excluded.dose, route = excluded.route,
           frequency = excluded.frequency, start = excluded.start, \"end\" = excluded.\"end\",
           prescriber = excluded.prescriber, status = excluded.status,
           schedule = excluded.schedule, doses = excluded.doses",
    )?
    .execute(params![
        id,
        patient,
        p.drug,
        p.dose,
        p.route,
        p.frequency,
        p.start,
        p.end,
        p.prescriber,
        label(&p.status),
        p.schedule.as_ref().map(serde_json::to_string).transpose()?,
        p.doses,
    ])?;
    Ok(())
}

/// A signed note supersedes the row of its draft.
fn signed_note(tx: &Connection, patient: &str, id: &str, n: &SignedNote) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO notes (note_id, patient_id, kind, author, status, body, signed_by, signed_at)
         VALUES (?1, ?2, ?3, ?4, 'signed', ?5, ?6, ?7)
         ON CONFLICT (note_id) DO UPDATE SET
           status = 'signed', body = excluded.body, signed_by = excluded.signed_by,
           signed_at = excluded.signed_at",
    )?
    .execute(params![
        id,
        patient,
        label(&n.kind),
        n.author,
        n.body,
        n.signed_by,
        n.signed_at
    ])?;
    Ok(())
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
