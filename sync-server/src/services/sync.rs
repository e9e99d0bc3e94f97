//! One `/v1/sync` request: apply each offered document's changes (checked on the
//! incremental diff, see bedside-shared), store what was accepted in one transaction,
//! and list what else changed since the workstation's cursor.

use std::collections::BTreeSet;

use automerge::AutoCommit;
use bedside_shared::chart::{self, Registration};
use bedside_shared::error::ErrorCode;
use bedside_shared::sync::hub::{Delivery, delivery};
use bedside_shared::sync::{
    Answered, ChangedDoc, Cursor, DocSnapshot, Hash, PROTOCOL_VERSION, SyncRequest, SyncResponse,
    answer,
};
use bedside_shared::{DocId, DocKind};

use crate::cache::{Loaded, Slot};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{self, Written};

/// Most documents one request may offer.
pub const MAX_OFFERS: usize = 256;
/// Most documents listed (whole or announced) per response.
pub const PAGE: i64 = 200;
/// Changes stored after a snapshot before the document is compacted again.
pub const SNAPSHOT_EVERY: i32 = 64;

fn heads(doc: &mut AutoCommit) -> Vec<Hash> {
    doc.get_heads().into_iter().map(Hash::from).collect()
}

/// Handles one sync request.
pub async fn sync(state: &AppState, request: SyncRequest) -> Result<SyncResponse, ApiError> {
    if request.version != PROTOCOL_VERSION {
        return Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            format!(
                "sync protocol v{} is not supported; this server speaks v{PROTOCOL_VERSION}",
                request.version
            ),
        ));
    }
    if request.offers.len() > MAX_OFFERS {
        return Err(ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("at most {MAX_OFFERS} documents per request"),
        ));
    }
    let offered: BTreeSet<DocId> = request.offers.iter().map(|o| o.doc).collect();
    if offered.len() != request.offers.len() {
        return Err(ApiError::invalid(
            "a document was offered twice in one request",
        ));
    }
    let (replies, written_seq) = apply_offers(state, &request).await?;
    let (snapshots, changed, cursor, more) =
        catch_up(state, request.cursor, &offered, written_seq).await?;
    tracing::info!(
        offers = request.offers.len(),
        snapshots = snapshots.len(),
        announced = changed.len(),
        "sync request served"
    );
    Ok(SyncResponse {
        version: PROTOCOL_VERSION,
        replies,
        snapshots,
        changed,
        cursor,
        more,
    })
}

struct Work {
    doc: DocId,
    slot: Slot,
    answered: Answered,
    existed: bool,
    unsnapshotted: i32,
}

/// Applies every offer inside one transaction. Documents are locked in id order (cache
/// entry, then row), so concurrent requests never deadlock.
async fn apply_offers(
    state: &AppState,
    request: &SyncRequest,
) -> Result<(Vec<bedside_shared::sync::DocReply>, Option<i64>), ApiError> {
    let mut offers: Vec<_> = request.offers.iter().collect();
    offers.sort_by_key(|o| o.doc);
    let mut tx = state.pool.begin().await?;
    let mut work = Vec::with_capacity(offers.len());
    for offer in offers {
        let mut slot = state.docs.lock(offer.doc).await;
        let row = store::lock_document(&mut tx, &offer.doc).await?;
        let fresh = matches!((&*slot, row), (Some(l), Some(r)) if l.seq == r.changed_seq);
        if !fresh {
            *slot = Some(match row {
                Some(r) => Loaded {
                    doc: store::load_document(&mut tx, &offer.doc).await?,
                    seq: r.changed_seq,
                },
                None => Loaded {
                    doc: AutoCommit::new(),
                    seq: 0,
                },
            });
        }
        let loaded = slot.as_mut().expect("the slot was just filled");
        let answered = answer(&mut loaded.doc, offer);
        work.push(Work {
            doc: offer.doc,
            slot,
            answered,
            existed: row.is_some(),
            unsnapshotted: row.map_or(0, |r| r.unsnapshotted),
        });
    }
    let result = store_accepted(&mut tx, &mut work, request.device.as_uuid()).await;
    let result = match result {
        Ok(seq) => tx.commit().await.map(|()| seq).map_err(ApiError::from),
        Err(e) => Err(e),
    };
    match result {
        Ok(seq) => Ok((work.into_iter().map(|w| w.answered.reply).collect(), seq)),
        Err(e) => {
            // The cached documents hold changes that were not stored: forget them.
            for w in &mut work {
                *w.slot = None;
            }
            Err(e)
        }
    }
}

async fn store_accepted(
    tx: &mut sqlx_postgres::PgConnection,
    work: &mut [Work],
    device: uuid::Uuid,
) -> Result<Option<i64>, ApiError> {
    if work.iter().all(|w| w.answered.applied.is_empty()) {
        return Ok(None);
    }
    let seq = store::next_seq(tx).await?;
    for w in work.iter_mut().filter(|w| !w.answered.applied.is_empty()) {
        let loaded = w.slot.as_mut().expect("worked documents are loaded");
        let written = Written {
            doc: w.doc,
            changes: &w.answered.applied,
            heads: heads(&mut loaded.doc),
            created: !w.existed,
        };
        store::append(tx, &written, seq, device).await?;
        if w.doc.kind == DocKind::Registration
            && let Ok(reg) = chart::read::<Registration>(&loaded.doc)
        {
            store::place_patient(tx, &w.doc, &reg.admission.ward, seq).await?;
        }
        let stored_after_snapshot = w.unsnapshotted + w.answered.applied.len() as i32;
        if !w.existed || stored_after_snapshot >= SNAPSHOT_EVERY {
            store::store_snapshot(tx, &w.doc, &loaded.doc.save(), seq).await?;
        }
        loaded.seq = seq;
    }
    Ok(Some(seq))
}

type CatchUp = (Vec<DocSnapshot>, Vec<ChangedDoc>, Cursor, bool);

/// Lists documents changed after the workstation's cursor: new ones whole, known ones
/// by their heads.
async fn catch_up(
    state: &AppState,
    cursor: Option<Cursor>,
    offered: &BTreeSet<DocId>,
    written_seq: Option<i64>,
) -> Result<CatchUp, ApiError> {
    let since = cursor.unwrap_or_default();
    let mut listed = store::changed_since(&state.pool, since, PAGE + 1).await?;
    let more = listed.len() as i64 > PAGE;
    listed.truncate(PAGE as usize);
    let mut snapshots = Vec::new();
    let mut changed = Vec::new();
    for item in &listed {
        if offered.contains(&item.doc) {
            continue;
        }
        match delivery(cursor, item.created) {
            Delivery::Snapshot => snapshots.push(snapshot(state, item.doc).await?),
            Delivery::Announce => changed.push(ChangedDoc {
                doc: item.doc,
                heads: item.heads.clone(),
            }),
        }
    }
    let last_listed = listed.last().map(|l| l.changed);
    let next = if more {
        last_listed.unwrap_or(since)
    } else {
        // Everything up to the newest number seen has been listed or was this request's own.
        [Some(since), last_listed, written_seq.map(Cursor)]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or_default()
    };
    Ok((snapshots, changed, next, more))
}

async fn snapshot(state: &AppState, doc: DocId) -> Result<DocSnapshot, ApiError> {
    let mut slot = state.docs.lock(doc).await;
    let current = store::document_seq(&state.pool, &doc).await?.unwrap_or(0);
    if !matches!(&*slot, Some(l) if l.seq >= current) {
        let mut conn = state.pool.acquire().await?;
        *slot = Some(Loaded {
            doc: store::load_document(&mut conn, &doc).await?,
            seq: current,
        });
    }
    let loaded = slot.as_mut().expect("the slot was just filled");
    Ok(DocSnapshot {
        doc,
        heads: heads(&mut loaded.doc),
        data: loaded.doc.save(),
    })
}
