//! An in-memory hub: the server's sync semantics without storage or sockets. The
//! deterministic convergence tests step workstations against it; the real server
//! implements the same rules over PostgreSQL.

use std::collections::{BTreeMap, BTreeSet};

use automerge::AutoCommit;

use super::exchange::answer;
use super::wire::{
    ChangedDoc, Cursor, DocSnapshot, Epoch, Hash, PROTOCOL_VERSION, SyncRequest, SyncResponse,
};
use crate::chart::DocId;

/// How the hub brings a workstation up to date with one document it did not offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// The workstation cannot have it yet: send it whole.
    Snapshot,
    /// The workstation may have it: announce the new heads.
    Announce,
}

/// Decides how a document that changed after `cursor` reaches the workstation.
/// A document created after the cursor was never delivered, so it goes whole.
pub fn delivery(cursor: Option<Cursor>, created: Cursor) -> Delivery {
    match cursor {
        Some(cursor) if created <= cursor => Delivery::Announce,
        _ => Delivery::Snapshot,
    }
}

#[derive(Debug, Clone)]
struct Held {
    doc: AutoCommit,
    created: Cursor,
    changed: Cursor,
}

/// The hub's documents, its change sequence and its epoch.
#[derive(Debug)]
pub struct Hub {
    docs: BTreeMap<DocId, Held>,
    seq: i64,
    epoch: Epoch,
}

impl Default for Hub {
    fn default() -> Self {
        Self {
            docs: BTreeMap::new(),
            seq: 0,
            epoch: Epoch(uuid::Uuid::now_v7()),
        }
    }
}

impl Hub {
    /// An empty hub.
    pub fn new() -> Self {
        Self::default()
    }

    /// A backup of the hub as it is now, as it will be once restored: the same
    /// documents and sequence, in an epoch of its own.
    pub fn backup(&self) -> Self {
        Self {
            docs: self.docs.clone(),
            seq: self.seq,
            epoch: Epoch(uuid::Uuid::now_v7()),
        }
    }

    /// True when `request` belongs to another life of the hub: another epoch, or a
    /// cursor beyond anything it handed out.
    pub fn must_start_over(&self, request: &SyncRequest) -> bool {
        request.epoch.is_some_and(|e| e != self.epoch)
            || request.cursor.is_some_and(|c| c.0 > self.seq)
    }

    /// The hub's copy of a document.
    pub fn doc(&mut self, id: &DocId) -> Option<&mut AutoCommit> {
        self.docs.get_mut(id).map(|held| &mut held.doc)
    }

    /// Every document id the hub holds.
    pub fn doc_ids(&self) -> Vec<DocId> {
        self.docs.keys().copied().collect()
    }

    /// Answers one request.
    pub fn sync(&mut self, request: &SyncRequest) -> SyncResponse {
        if self.must_start_over(request) {
            return SyncResponse {
                start_over: true,
                ..self.answer(Vec::new(), Vec::new(), Vec::new())
            };
        }
        let mut replies = Vec::new();
        for offer in &request.offers {
            let held = self.docs.entry(offer.doc).or_insert_with(|| Held {
                doc: AutoCommit::new(),
                created: Cursor(i64::MAX),
                changed: Cursor(0),
            });
            let answered = answer(&mut held.doc, offer);
            if !answered.applied.is_empty() {
                self.seq += 1;
                held.changed = Cursor(self.seq);
                if held.created.0 == i64::MAX {
                    held.created = Cursor(self.seq);
                }
            }
            replies.push(answered.reply);
        }
        // A document that never accepted a change does not exist for anyone else.
        self.docs.retain(|_, held| held.created.0 != i64::MAX);

        let offered: BTreeSet<DocId> = request.offers.iter().map(|o| o.doc).collect();
        let since = request.cursor.unwrap_or_default();
        let mut snapshots = Vec::new();
        let mut changed = Vec::new();
        for (id, held) in &mut self.docs {
            if held.changed <= since || offered.contains(id) {
                continue;
            }
            let heads = held.doc.get_heads().into_iter().map(Hash::from).collect();
            match delivery(request.cursor, held.created) {
                Delivery::Snapshot => snapshots.push(DocSnapshot {
                    doc: *id,
                    heads,
                    data: held.doc.save(),
                }),
                Delivery::Announce => changed.push(ChangedDoc {
                    doc: *id,
                    heads,
                    changes: Vec::new(),
                }),
            }
        }
        self.answer(replies, snapshots, changed)
    }

    fn answer(
        &self,
        replies: Vec<super::wire::DocReply>,
        snapshots: Vec<DocSnapshot>,
        changed: Vec<ChangedDoc>,
    ) -> SyncResponse {
        SyncResponse {
            version: PROTOCOL_VERSION,
            replies,
            snapshots,
            changed,
            cursor: Cursor(self.seq),
            more: false,
            left_scope: Vec::new(),
            remaining: 0,
            wanted_blobs: Vec::new(),
            epoch: Some(self.epoch),
            start_over: false,
        }
    }
}
