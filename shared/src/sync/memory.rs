//! A workstation held in memory: the reference [`Replica`] the deterministic tests use.
//! The real workstation keeps the same state in its encrypted database.

use std::collections::BTreeMap;
use std::convert::Infallible;

use automerge::AutoCommit;

use super::exchange::{self, lacks, pending_count};
use super::session::Replica;
use super::wire::{ChangedDoc, Cursor, DocOffer, DocReply, DocSnapshot, Epoch, Hash};
use crate::chart::DocId;

/// One document on a workstation and what the hub acknowledged of it.
#[derive(Debug, Default)]
pub struct LocalDoc {
    /// The document.
    pub doc: AutoCommit,
    /// Heads the hub acknowledged.
    pub acked: Vec<Hash>,
    /// Heads the hub announced.
    pub announced: Vec<Hash>,
}

/// A workstation's documents in memory.
#[derive(Debug, Default)]
pub struct MemoryReplica {
    /// Documents by id.
    pub docs: BTreeMap<DocId, LocalDoc>,
    cursor: Option<Cursor>,
    epoch: Option<Epoch>,
}

impl MemoryReplica {
    /// An empty workstation.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces a locally created document.
    pub fn insert(&mut self, id: DocId, doc: AutoCommit) {
        self.docs.insert(
            id,
            LocalDoc {
                doc,
                ..LocalDoc::default()
            },
        );
    }

    /// A document, for editing.
    pub fn doc(&mut self, id: &DocId) -> Option<&mut AutoCommit> {
        self.docs.get_mut(id).map(|local| &mut local.doc)
    }

    /// Number of changes not yet acknowledged by the hub.
    pub fn pending(&mut self) -> usize {
        self.docs
            .values_mut()
            .map(|l| pending_count(&mut l.doc, &l.acked))
            .sum()
    }
}

impl Replica for MemoryReplica {
    type Error = Infallible;

    fn due(&mut self) -> Result<Vec<DocId>, Infallible> {
        Ok(self
            .docs
            .iter_mut()
            .filter_map(|(id, l)| {
                let due =
                    pending_count(&mut l.doc, &l.acked) > 0 || lacks(&mut l.doc, &l.announced);
                due.then_some(*id)
            })
            .collect())
    }

    fn offer(&mut self, doc: DocId) -> Result<DocOffer, Infallible> {
        let local = self.docs.entry(doc).or_default();
        Ok(exchange::offer(doc, &mut local.doc, &local.acked))
    }

    fn take_reply(&mut self, reply: &DocReply) -> Result<(), Infallible> {
        let local = self.docs.entry(reply.doc).or_default();
        // A reply that does not apply is dropped whole; the document stays due and the
        // next run asks again.
        if let Ok(acked) = exchange::take_reply(&mut local.doc, reply) {
            local.acked = acked;
        }
        Ok(())
    }

    fn take_snapshot(&mut self, snapshot: &DocSnapshot) -> Result<(), Infallible> {
        let held = self.docs.remove(&snapshot.doc);
        let previous = held.as_ref().map(|l| l.doc.clone());
        match exchange::take_snapshot(held.map(|l| l.doc), snapshot) {
            Ok((doc, acked)) => {
                self.docs.insert(
                    snapshot.doc,
                    LocalDoc {
                        doc,
                        acked,
                        announced: Vec::new(),
                    },
                );
            }
            Err(_) => {
                if let Some(doc) = previous {
                    self.insert(snapshot.doc, doc);
                }
            }
        }
        Ok(())
    }

    fn take_announcement(&mut self, changed: &ChangedDoc) -> Result<(), Infallible> {
        let local = self.docs.entry(changed.doc).or_default();
        local.announced = changed.heads.clone();
        // As a workstation does: the changes after the cursor came along, so the document
        // holds the announced heads and needs no second round trip (changes that do not
        // apply leave it due).
        if !changed.changes.is_empty()
            && let Ok(acked) = exchange::take_announced(&mut local.doc, changed)
        {
            local.acked = acked;
        }
        Ok(())
    }

    fn cursor(&mut self) -> Result<Option<Cursor>, Infallible> {
        Ok(self.cursor)
    }

    fn set_cursor(&mut self, cursor: Cursor) -> Result<(), Infallible> {
        self.cursor = Some(cursor);
        Ok(())
    }

    fn epoch(&mut self) -> Result<Option<Epoch>, Infallible> {
        Ok(self.epoch)
    }

    fn set_epoch(&mut self, epoch: Epoch) -> Result<(), Infallible> {
        self.epoch = Some(epoch);
        Ok(())
    }

    fn start_over(&mut self, epoch: Epoch) -> Result<(), Infallible> {
        self.epoch = Some(epoch);
        self.cursor = None;
        for local in self.docs.values_mut() {
            local.acked.clear();
            local.announced.clear();
        }
        Ok(())
    }
}
