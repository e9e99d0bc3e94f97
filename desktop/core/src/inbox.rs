//! What needs a clinician's decision after a sync: fields two workstations changed at
//! once (the conflict inbox) and edits the server refused (the quarantine).

use bedside_shared::DocId;
use bedside_shared::chart::conflicts::{self, FieldValue};

use crate::error::{Error, Result};
use crate::store::DocRow;
use crate::workstation::Workstation;

impl Workstation {
    /// Settles a conflict by writing `value` (one of the listed values, or a merge of
    /// them) to the field at `path` (as listed, e.g. `demographics/phone`).
    pub fn resolve_conflict(&mut self, doc: DocId, path: &str, value: FieldValue) -> Result<()> {
        self.ensure_unlocked()?;
        let mut row = self.store.load(&doc)?.ok_or(Error::NotFound("document"))?;
        let path: Vec<String> = path.split('/').map(str::to_owned).collect();
        conflicts::resolve(&mut row.doc, &path, &value)
            .map_err(|e| Error::Invalid(e.to_string()))?;
        self.store.save(&mut [(doc, &mut row)])
    }

    /// Re-applies quarantined edits on top of the current document (after the cause was
    /// dealt with, e.g. a permission granted); they sync again with the next run.
    pub fn reapply_quarantined(&mut self, quarantine_id: &str) -> Result<()> {
        self.ensure_unlocked()?;
        let (id, mut refused) = self.store.take_quarantined(quarantine_id)?;
        let mut row = match self.store.load(&id)? {
            Some(row) => row,
            None => DocRow {
                doc: Default::default(),
                meta: Default::default(),
            },
        };
        row.doc.merge(&mut refused)?;
        self.store.save(&mut [(id, &mut row)])
    }

    /// Throws quarantined edits away.
    pub fn discard_quarantined(&mut self, quarantine_id: &str) -> Result<()> {
        self.ensure_unlocked()?;
        self.store.discard_quarantined(quarantine_id)
    }
}
