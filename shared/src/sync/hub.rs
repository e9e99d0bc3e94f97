//! An in-memory hub: the server's sync semantics without storage or sockets. The
//! deterministic convergence tests step workstations against it; the real server
//! implements the same rules over PostgreSQL.

use std::collections::{BTreeMap, BTreeSet};

use automerge::AutoCommit;

use super::exchange::answer;
use super::wire::{
    ChangedDoc, Cursor, DocSnapshot, Hash, PROTOCOL_VERSION, SyncRequest, SyncResponse,
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

#[derive(Debug)]
struct Held {
    doc: AutoCommit,
    created: Cursor,
    changed: Cursor,
}

/// The hub's documents and its change sequence.
#[derive(Debug, Default)]
pub struct Hub {
    docs: BTreeMap<DocId, Held>,
    seq: i64,
}

impl Hub {
    /// An empty hub.
    pub fn new() -> Self {
        Self::default()
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
        }
    }
}
