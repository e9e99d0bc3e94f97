//! What needs a clinician's decision after a sync: fields two workstations changed at
//! once (the conflict inbox) and edits the server refused (the quarantine).

use bedside_shared::DocId;
use bedside_shared::chart::conflicts::{self, FieldValue};

use crate::chart::Charts;
use crate::error::{Error, Result};
use crate::store::DocRow;
use crate::store::inbox::{ConflictLine, Quarantined};

impl Charts<'_> {
    /// The fields changed on two workstations at once, waiting for a clinician's choice:
    /// those of `patient`, or every one.
    pub fn conflicts(&self, patient: Option<&str>) -> Result<Vec<ConflictLine>> {
        self.ws.access().ensure_unlocked()?;
        self.ws.store().conflicts(patient)
    }

    /// The edits the server refused, set aside: those of `patient`, or every one.
    pub fn quarantine(&self, patient: Option<&str>) -> Result<Vec<Quarantined>> {
        self.ws.access().ensure_unlocked()?;
        self.ws.store().quarantine(patient)
    }

    /// Settles a conflict by writing `value` (one of the listed values, or a merge of
    /// them) to the field at `path` (as listed, e.g. `demographics/phone`).
    pub fn resolve_conflict(&self, doc: DocId, path: &str, value: FieldValue) -> Result<()> {
        self.ws.access().ensure_unlocked()?;
        let mut store = self.ws.store();
        let mut row = store.load(&doc)?.ok_or(Error::NotFound("document"))?;
        let path: Vec<String> = path.split('/').map(str::to_owned).collect();
        conflicts::resolve(&mut row.doc, &path, &value)
            .map_err(|e| Error::Invalid(e.to_string()))?;
        store.save([(doc, row)])
    }

    /// Re-applies quarantined edits on top of the current document (after the cause was
    /// dealt with, e.g. a permission granted); they sync again with the next run.
    pub fn reapply_quarantined(&self, quarantine_id: &str) -> Result<()> {
        self.ws.access().ensure_unlocked()?;
        // One transaction: the edits leave the quarantine only if they are written back.
        self.ws.store().all_or_nothing(|store| {
            let (id, mut refused) = store.take_quarantined(quarantine_id)?;
            let mut row = match store.load(&id)? {
                Some(row) => row,
                None => DocRow {
                    doc: Default::default(),
                    meta: Default::default(),
                },
            };
            row.doc.merge(&mut refused)?;
            store.save([(id, row)])
        })
    }

    /// Throws quarantined edits away.
    pub fn discard_quarantined(&self, quarantine_id: &str) -> Result<()> {
        self.ws.access().ensure_unlocked()?;
        self.ws.store().discard_quarantined(quarantine_id)
    }
}
