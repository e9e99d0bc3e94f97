//! Taking in documents received whole (a first sync brings the ward this way): decoding
//! them and reading them into their projections is most of the cost and needs no
//! database, so it runs on every core while this thread writes what is ready. Received
//! documents are not kept in memory: a ward taken in is not being edited.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use bedside_shared::sync::{DocSnapshot, take_snapshot};

use super::Store;
use super::documents::{Kept, SyncMeta, write_received};
use super::projections::Projection;
use crate::error::{Error, Result};

/// A received document, decoded and read: all the writer needs of it. The document
/// itself is dropped on the decoding thread (freeing a chart is not free).
struct Decoded {
    kept: Kept,
    meta: SyncMeta,
    read: Projection,
}

fn decode(snapshot: &DocSnapshot) -> Result<Decoded> {
    let (mut doc, acked) = take_snapshot(None, snapshot)?;
    let read = Projection::read(&snapshot.doc, &doc);
    let meta = SyncMeta {
        acked,
        announced: Vec::new(),
    };
    let kept = Kept::of(&mut doc, &meta);
    Ok(Decoded { kept, meta, read })
}

impl Store {
    /// Takes in documents this store does not hold yet, each stored as the bytes
    /// received, all in one transaction.
    pub(crate) fn take_received(&mut self, snapshots: &[&DocSnapshot]) -> Result<()> {
        if snapshots.is_empty() {
            return Ok(());
        }
        for snapshot in snapshots {
            self.clear_departure(&snapshot.doc.patient)?;
        }
        let workers = std::thread::available_parallelism()
            .map_or(1, NonZeroUsize::get)
            .min(snapshots.len());
        let next = AtomicUsize::new(0);
        let (ready, decoded) = mpsc::sync_channel::<(usize, Result<Decoded>)>(2 * workers);
        std::thread::scope(|scope| {
            for _ in 0..workers {
                let ready = ready.clone();
                let next = &next;
                scope.spawn(move || {
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(snapshot) = snapshots.get(index) else {
                            break;
                        };
                        // The writer stopped (it failed): nothing more to do.
                        if ready.send((index, decode(snapshot))).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(ready);
            self.write_decoded(snapshots, decoded)
        })
    }

    fn write_decoded(
        &mut self,
        snapshots: &[&DocSnapshot],
        decoded: mpsc::Receiver<(usize, Result<Decoded>)>,
    ) -> Result<()> {
        let at = self.now();
        let tx = self.conn.savepoint()?;
        let mut taken = 0;
        for (index, one) in decoded {
            taken += 1;
            let Decoded { kept, meta, read } = one?;
            let snapshot = snapshots.get(index).ok_or(Error::Damaged("received"))?;
            write_received(&tx, &snapshot.doc, &kept, &meta, &snapshot.data, read, &at)?;
        }
        // A decoder that died (it panicked) sent nothing for its document.
        if taken != snapshots.len() {
            return Err(Error::Damaged("a received document"));
        }
        tx.commit()?;
        Ok(())
    }
}
