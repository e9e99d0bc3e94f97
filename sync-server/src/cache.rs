//! Hot documents kept loaded in memory. Each entry has its own async mutex, so requests
//! touching different documents run in parallel and requests touching the same document
//! take turns. The cache is only a shortcut: every use checks the entry against the
//! document's `changed_seq` in PostgreSQL (read under the document's lock), so an entry
//! made stale by another server replica is reloaded, never trusted.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use automerge::AutoCommit;
use bedside_shared::DocId;
use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

/// A loaded document and the change sequence it reflects.
#[derive(Debug)]
pub struct Loaded {
    /// The document.
    pub doc: AutoCommit,
    /// `documents.changed_seq` it was loaded or last written at.
    pub seq: i64,
}

/// A locked cache entry: `None` until loaded.
pub type Slot = OwnedMutexGuard<Option<Loaded>>;

/// An entry's lock and when it was last used.
type Entry = (Arc<AsyncMutex<Option<Loaded>>>, u64);

#[derive(Debug, Default)]
struct Entries {
    map: HashMap<DocId, Entry>,
    clock: u64,
}

/// The document cache.
#[derive(Debug)]
pub struct DocCache {
    entries: Mutex<Entries>,
    capacity: usize,
}

impl DocCache {
    /// A cache holding at most `capacity` idle documents.
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: Mutex::new(Entries::default()),
            capacity: capacity.max(1),
        }
    }

    /// Documents held (loaded or being loaded).
    pub fn len(&self) -> usize {
        self.entries
            .lock()
            .expect("cache lock is never poisoned")
            .map
            .len()
    }

    /// True when it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Locks the entry of `doc`, creating it empty if absent.
    pub async fn lock(&self, doc: DocId) -> Slot {
        let entry = {
            let mut entries = self.entries.lock().expect("cache lock is never poisoned");
            entries.clock += 1;
            let now = entries.clock;
            let entry = entries
                .map
                .entry(doc)
                .or_insert_with(|| (Arc::new(AsyncMutex::new(None)), now));
            entry.1 = now;
            let entry = entry.0.clone();
            if entries.map.len() > self.capacity {
                evict_idle(&mut entries.map);
            }
            entry
        };
        entry.lock_owned().await
    }
}

/// Drops the least recently used entry nobody is holding.
fn evict_idle(map: &mut HashMap<DocId, Entry>) {
    let victim = map
        .iter()
        .filter(|(_, (slot, _))| Arc::strong_count(slot) == 1)
        .min_by_key(|(_, (_, used))| *used)
        .map(|(id, _)| *id);
    if let Some(id) = victim {
        map.remove(&id);
    }
}
