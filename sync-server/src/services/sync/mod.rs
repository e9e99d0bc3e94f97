//! One `/v1/sync` request: apply each offered document's changes (checked on the
//! incremental diff, see bedside-shared), store what was accepted in one transaction,
//! and list what else changed since the workstation's cursor.

mod permit;

pub use permit::LATE_EDITS_FOR;
use permit::{Permitted, Standing, permitted, refused};

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use automerge::AutoCommit;
use automerge::Change;
use bedside_shared::chart::{self, Registration};
use bedside_shared::error::ErrorCode;
use bedside_shared::sync::hub::{Delivery, delivery};
use bedside_shared::sync::{
    ChangedDoc, Cursor, DocReply, DocSnapshot, Epoch, Hash, Outcome, PROTOCOL_VERSION, SyncRequest,
    SyncResponse, Writer, acknowledge_only, answer_as,
};
use bedside_shared::validate::{RejectCode, Rejection};
use bedside_shared::{DocId, DocKind, PatientId};
use metrics::{counter, histogram};
use tokio::time::Instant;

use super::charts::ChartJson;
use super::identity::Caller;
use super::signers::Signers;
use crate::cache::{Loaded, Slot};
use crate::error::ApiError;
use crate::prometheus;
use crate::state::AppState;
use crate::store::scope::{self, Placement, Since};
use crate::store::{self, Listed, Written};

/// Most documents one request may offer.
pub const MAX_OFFERS: usize = 256;
/// Most documents listed (whole or announced) per response.
pub const PAGE: i64 = 200;
/// Changes stored after a snapshot before the document is compacted again.
pub const SNAPSHOT_EVERY: i32 = 64;
/// Most documents announced with their changes in one answer (more, and they are only
/// announced: the workstation offers them).
const ANNOUNCED_WITH_CHANGES: usize = 16;
/// Most changes sent with the announced documents of one answer.
const CHANGES_WITH_ANNOUNCED: i64 = 256;

fn heads(doc: &mut AutoCommit) -> Vec<Hash> {
    doc.get_heads().into_iter().map(Hash::from).collect()
}

/// Handles one sync request from `caller`.
pub async fn sync(
    state: &AppState,
    caller: &Caller,
    request: SyncRequest,
) -> Result<SyncResponse, ApiError> {
    if request.device.as_uuid() != caller.device_id {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "the sync request names another workstation than the session",
        ));
    }
    if caller.kinds().is_empty() {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            "this account's roles do not read charts on this workstation",
        ));
    }
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
    let (epoch, next) = store::epoch_and_next(&state.pool).await?;
    let epoch = Epoch(epoch);
    if request.epoch.is_some_and(|e| e != epoch) || request.cursor.is_some_and(|c| c.0 >= next) {
        // Restored from a backup since this workstation last synced: its acknowledged
        // heads and cursor belong to a life of the database that is gone.
        tracing::warn!("a workstation synced from before a restore: it starts over");
        counter!(prometheus::SYNC_STARTED_OVER).increment(1);
        return Ok(start_over(epoch));
    }
    let Applied { replies, answered } = apply_offers(state, caller, &request).await?;
    let CatchUp {
        snapshots,
        changed,
        cursor,
        more,
        remaining,
    } = catch_up(state, caller, request.cursor, &answered).await?;
    let left_scope = scope::left(
        &state.pool,
        &caller.wards,
        request.cursor.unwrap_or_default(),
        cursor,
    )
    .await?
    .into_iter()
    .map(PatientId::from_uuid)
    .collect();
    let wanted_blobs = wanted_blobs(state, caller, more).await?;
    tracing::info!(
        offers = request.offers.len(),
        snapshots = snapshots.len(),
        announced = changed.len(),
        "sync request served"
    );
    let response = SyncResponse {
        version: PROTOCOL_VERSION,
        replies,
        snapshots,
        changed,
        cursor,
        more,
        left_scope,
        remaining,
        wanted_blobs,
        epoch: Some(epoch),
        start_over: false,
    };
    super::audit::record_reads(state, caller, &response).await?;
    Ok(response)
}

/// The answer to a request from before a restore: nothing applied, nothing listed.
fn start_over(epoch: Epoch) -> SyncResponse {
    SyncResponse {
        version: PROTOCOL_VERSION,
        replies: Vec::new(),
        snapshots: Vec::new(),
        changed: Vec::new(),
        cursor: Cursor::default(),
        more: false,
        left_scope: Vec::new(),
        remaining: 0,
        wanted_blobs: Vec::new(),
        epoch: Some(epoch),
        start_over: true,
    }
}

/// Most blobs listed as wanted in one answer.
pub const WANTED_BLOBS: i64 = 50;

/// On a run's last page, for a caller who reads clinical records: blobs the store lacks
/// that documents within reach refer to, for the workstations holding them to resend.
async fn wanted_blobs(
    state: &AppState,
    caller: &Caller,
    more: bool,
) -> Result<Vec<String>, ApiError> {
    let kinds = caller.kinds();
    if more || !kinds.contains(&"clinical") || state.blobs.is_none() {
        return Ok(Vec::new());
    }
    Ok(store::blobs::wanted(
        &state.pool,
        &caller.reach(&kinds, state.clock.now()),
        WANTED_BLOBS,
    )
    .await?)
}

/// One offered document while its request is applied. Unless the request commits, the
/// cached copy is dropped on the way out (an error, or a client that went away and took
/// the handler with it), so the cache never holds changes PostgreSQL does not.
struct Work {
    doc: DocId,
    slot: Slot,
    reply: Option<DocReply>,
    applied: Vec<Change>,
    /// The clinical entries the changes wrote, when they wrote nothing else.
    entries: Option<Vec<(String, String)>>,
    existed: bool,
    unsnapshotted: i32,
    committed: bool,
}

impl Drop for Work {
    fn drop(&mut self) {
        if !self.committed {
            *self.slot = None;
        }
    }
}

impl Work {
    fn loaded(&mut self) -> &mut Loaded {
        self.slot.as_mut().expect("worked documents are loaded")
    }

    fn needs_snapshot(&self) -> bool {
        !self.existed || self.unsnapshotted + self.applied.len() as i32 >= SNAPSHOT_EVERY
    }
}

/// What applying a request's offers came to.
struct Applied {
    replies: Vec<DocReply>,
    /// For each offered document answered in full, the sequence number of the state its
    /// reply brought the workstation up to.
    answered: BTreeMap<DocId, i64>,
}

/// Applies every offer inside one transaction. Documents are locked in id order (cache
/// entries first, then rows), so concurrent requests never deadlock; the cache entries
/// are taken before a pooled connection, so nobody holds a connection while waiting for
/// an entry held by someone waiting for a connection.
async fn apply_offers(
    state: &AppState,
    caller: &Caller,
    request: &SyncRequest,
) -> Result<Applied, ApiError> {
    let Permitted {
        allowed: mut offers,
        refusals,
        placed,
    } = permitted(state, caller, request).await?;
    let signers = Signers::of(state, caller).await?;
    // Id order also puts each patient's registration before their other documents.
    offers.sort_by_key(|(o, _)| o.doc);
    let mut slots = Vec::with_capacity(offers.len());
    for (offer, _) in &offers {
        slots.push(state.docs.lock(offer.doc).await);
    }
    let mut tx = state.pool.begin().await?;
    let docs: Vec<DocId> = offers.iter().map(|(o, _)| o.doc).collect();
    let locking = Instant::now();
    store::lock_documents(&mut tx, &docs).await?;
    histogram!(prometheus::SYNC_LOCK_WAIT_SECONDS).record(locking.elapsed().as_secs_f64());
    let mut work = Vec::with_capacity(offers.len());
    let mut registered = BTreeSet::new();
    let mut unregistered = Vec::new();
    for ((offer, standing), mut slot) in offers.into_iter().zip(slots) {
        if standing == Standing::New
            && offer.doc.kind != DocKind::Registration
            && !registered.contains(&offer.doc.patient)
        {
            unregistered.push(refused(
                offer.doc,
                Rejection::new(
                    RejectCode::Forbidden,
                    "the server does not know this patient: their registration was not accepted",
                ),
            ));
            continue;
        }
        let row = store::document_state(&mut tx, &offer.doc).await?;
        let fresh = matches!((&*slot, row), (Some(l), Some(r)) if l.seq == r.changed_seq);
        let lookup = if fresh { "hit" } else { "miss" };
        counter!(prometheus::CACHE_LOOKUPS, "result" => lookup).increment(1);
        if !fresh {
            *slot = None;
            let doc = match row {
                Some(_) => store::load_document(&mut tx, &offer.doc).await?,
                None => AutoCommit::new(),
            };
            *slot = Some(Loaded {
                doc,
                seq: row.map_or(0, |r| r.changed_seq),
            });
        }
        let mut w = Work {
            doc: offer.doc,
            slot,
            reply: None,
            applied: Vec::new(),
            entries: None,
            existed: row.is_some(),
            unsnapshotted: row.map_or(0, |r| r.unsnapshotted),
            committed: false,
        };
        let answered = {
            let writer = Writer {
                may_write: &|c| caller.may_write(c),
                may_sign_as: &|name| signers.may_sign_as(name),
            };
            answer_as(&mut w.loaded().doc, offer, &writer)
        };
        w.reply = Some(answered.reply);
        w.applied = answered.applied;
        w.entries = answered.entries;
        if !w.existed && !w.applied.is_empty() && !placed_within(caller, &mut w) {
            // The new patient's ward is not this device's: forget the applied changes.
            *w.slot = None;
            w.applied.clear();
            w.reply = Some(refused(
                offer.doc,
                Rejection::new(
                    RejectCode::Forbidden,
                    "a patient can only be registered into this workstation's wards",
                ),
            ));
        }
        if w.doc.kind == DocKind::Registration && !w.applied.is_empty() {
            assign_mrn(&mut tx, &mut w).await?;
            registered.insert(w.doc.patient);
        }
        if standing == Standing::LeftWard {
            let outcome = w.reply.take().expect("answered").outcome;
            w.reply = Some(acknowledge_only(&mut w.loaded().doc, offer, outcome));
        }
        work.push(w);
    }
    let written: Vec<(DocId, Vec<String>)> = work
        .iter()
        .filter(|w| !w.applied.is_empty())
        .map(|w| {
            let hashes = w.applied.iter().map(|c| c.hash().to_string()).collect();
            (w.doc, hashes)
        })
        .collect();
    if !written.is_empty() {
        // Rendered before the position is taken: from then until commit, every catch-up
        // that could see past it waits (see store::positions).
        let prepared = prepare(&mut work)?;
        let wards = touched_wards(&placed, &work, &prepared);
        // Taken with every document locked.
        let seq = store::take_position(&mut tx).await?;
        super::audit::record_writes(&mut tx, caller, &written).await?;
        store_accepted(
            &mut tx,
            &mut work,
            prepared,
            seq,
            request.device.as_uuid(),
            state.clock.now(),
        )
        .await?;
        super::live::announce(&mut tx, seq, caller.device_id, wards).await?;
    }
    let applied = written.len();
    let committing = Instant::now();
    tx.commit().await?;
    histogram!(prometheus::SYNC_COMMIT_SECONDS).record(committing.elapsed().as_secs_f64());
    let answered = work
        .iter()
        .filter_map(|w| Some((w.doc, w.slot.as_ref()?.seq)))
        .collect();
    let replies: Vec<DocReply> = work
        .iter_mut()
        .map(|w| {
            w.committed = true;
            w.reply.take().expect("every worked document has a reply")
        })
        .chain(unregistered)
        .chain(refusals)
        .collect();
    count_outcomes(&replies, applied);
    Ok(Applied { replies, answered })
}

/// Counts a request's offered documents by what became of them.
fn count_outcomes(replies: &[DocReply], applied: usize) {
    let refused = replies
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Rejected(_)))
        .count();
    let unchanged = replies.len().saturating_sub(applied + refused);
    histogram!(prometheus::SYNC_OFFERED).record(replies.len() as f64);
    for (outcome, n) in [
        ("applied", applied),
        ("refused", refused),
        ("unchanged", unchanged),
    ] {
        counter!(prometheus::SYNC_DOCUMENTS, "outcome" => outcome).increment(n as u64);
    }
}

/// The wards the accepted changes touch: each patient's
/// ward as stored when the request began (for a transfer, the ward being left), and the
/// ward a registration written now places them on (a new patient, or a transfer), as
/// [`prepare`] read it. The ward a patient left earlier hears nothing of what is written
/// after.
fn touched_wards(placed: &[Placement], work: &[Work], prepared: &[Prepared]) -> Vec<String> {
    let accepted = work.iter().filter(|w| !w.applied.is_empty());
    let mut wards = BTreeSet::new();
    for (w, prepared) in accepted.zip(prepared) {
        let patient = w.doc.patient.as_uuid();
        for p in placed.iter().filter(|p| p.patient == patient) {
            wards.insert(p.ward.clone());
        }
        wards.extend(prepared.ward.clone());
    }
    wards.into_iter().collect()
}

/// Gives a patient registered offline under a provisional MRN a permanent one: the
/// server writes the change itself, stores it with the batch and sends it back in the
/// reply, so the workstation shows the permanent number at once (and keeps the
/// provisional one in the chart).
async fn assign_mrn(tx: &mut sqlx_postgres::PgConnection, w: &mut Work) -> Result<(), ApiError> {
    let provisional = chart::read::<Registration>(&w.loaded().doc)
        .is_ok_and(|reg| reg.demographics.mrn_is_provisional());
    if !provisional {
        return Ok(());
    }
    let mrn = store::next_mrn(tx).await?;
    let doc = &mut w.loaded().doc;
    chart::update(doc, |reg: &mut Registration| {
        reg.demographics.assign_mrn(mrn)
    })
    .map_err(|_| ApiError::new(ErrorCode::InternalError, "the server could not answer"))?;
    let Some(change) = doc.get_last_local_change() else {
        return Ok(());
    };
    let heads = heads(doc);
    let reply = w.reply.as_mut().expect("worked documents have a reply");
    reply.changes.push(change.raw_bytes().to_vec().into());
    reply.heads = heads;
    w.applied.push(change);
    Ok(())
}

/// For a registration document new to the server: true when it places the patient on
/// one of the caller's wards. Other documents are placed by their registration.
fn placed_within(caller: &Caller, w: &mut Work) -> bool {
    if w.doc.kind != DocKind::Registration {
        return true;
    }
    chart::read::<Registration>(&w.loaded().doc)
        .is_ok_and(|reg| caller.wards.contains(&reg.admission.ward))
}

/// What an accepted document writes besides its changes: its snapshot when one is due,
/// the read API's JSON (of the entries written, when that is all that changed), its heads
/// and, for a registration, the ward it places the patient on.
struct Prepared {
    snapshot: Option<Vec<u8>>,
    body: ChartJson,
    heads: Vec<Hash>,
    ward: Option<String>,
}

/// Prepares what each document with accepted changes writes: the batch's processor time,
/// spent before its transaction takes a position.
fn prepare(work: &mut [Work]) -> Result<Vec<Prepared>, ApiError> {
    work.iter_mut()
        .filter(|w| !w.applied.is_empty())
        .map(|w| {
            let snapshot = w.needs_snapshot().then(|| w.loaded().doc.save());
            let entries = w.existed.then(|| w.entries.take()).flatten();
            let (id, doc) = (w.doc, &mut w.loaded().doc);
            let body = ChartJson::render(&id, doc, entries)?;
            let ward = (id.kind == DocKind::Registration)
                .then(|| chart::read::<Registration>(doc).ok())
                .flatten()
                .map(|reg| reg.admission.ward);
            Ok(Prepared {
                snapshot,
                body,
                heads: heads(doc),
                ward,
            })
        })
        .collect()
}

/// Stores the accepted changes at position `seq`, with what [`prepare`] made of them.
async fn store_accepted(
    tx: &mut sqlx_postgres::PgConnection,
    work: &mut [Work],
    prepared: Vec<Prepared>,
    seq: i64,
    device: uuid::Uuid,
    now: time::OffsetDateTime,
) -> Result<(), ApiError> {
    let accepted = work.iter_mut().filter(|w| !w.applied.is_empty());
    for (w, prepared) in accepted.zip(prepared) {
        let written = Written {
            doc: w.doc,
            changes: &w.applied,
            heads: prepared.heads,
            created: !w.existed,
        };
        store::append(tx, &written, seq, device).await?;
        let id = w.doc;
        prepared.body.save(tx, &id, &w.loaded().doc).await?;
        if let Some(ward) = prepared.ward {
            scope::place_patient(tx, w.doc.patient.as_uuid(), &ward, seq, now).await?;
        }
        if let Some(bytes) = prepared.snapshot {
            store::store_snapshot(tx, &w.doc, &bytes, seq).await?;
        }
        w.loaded().seq = seq;
    }
    Ok(())
}

/// One page of what changed after a workstation's cursor.
struct CatchUp {
    snapshots: Vec<DocSnapshot>,
    changed: Vec<ChangedDoc>,
    cursor: Cursor,
    more: bool,
    /// When `more`: documents beyond this page.
    remaining: u64,
}

/// Lists documents changed after the workstation's cursor: new ones whole, known ones
/// by their heads. A document the request offered is left out only when its reply
/// already brought the workstation up to the listed change: a colleague's change
/// committed after the reply was prepared is announced like any other.
async fn catch_up(
    state: &AppState,
    caller: &Caller,
    cursor: Option<Cursor>,
    answered: &BTreeMap<DocId, i64>,
) -> Result<CatchUp, ApiError> {
    let since = cursor.unwrap_or_default();
    let kinds = caller.kinds();
    let reach = caller.reach(&kinds, state.clock.now());
    let (mut listed, settled) = settled_listing(state, &reach, since, answered).await?;
    let more = listed.len() as i64 > PAGE;
    if more {
        // A page ends between sequence numbers, never inside one (one batch shares a
        // number), or the next page, asking for numbers above the cursor, would skip
        // the rest of that batch.
        let boundary = listed[PAGE as usize].changed;
        listed.retain(|l| l.changed < boundary);
        if listed.is_empty() {
            listed = scope::listed(&state.pool, &reach, boundary, Since::At, i64::MAX).await?;
        }
    }
    let mut whole = Vec::new();
    let mut changed = Vec::new();
    for item in &listed {
        if answered_up_to(answered, item) {
            continue;
        }
        match delivery(cursor, item.created) {
            Delivery::Snapshot => whole.push(item.doc),
            Delivery::Announce => changed.push(ChangedDoc {
                doc: item.doc,
                heads: item.heads.clone(),
                changes: Vec::new(),
            }),
        }
    }
    // A few documents announced (a colleague's edit, heard of through the live push):
    // their changes after the cursor come along, so the workstation needs no second
    // round trip to fetch them.
    if !changed.is_empty() && changed.len() <= ANNOUNCED_WITH_CHANGES {
        let docs: Vec<DocId> = changed.iter().map(|c| c.doc).collect();
        if let Some(rows) =
            store::changes_after(&state.pool, &docs, since, settled, CHANGES_WITH_ANNOUNCED).await?
        {
            for (doc, data) in rows {
                if let Some(announced) = changed.iter_mut().find(|c| c.doc == doc) {
                    announced.changes.push(serde_bytes::ByteBuf::from(data));
                }
            }
        }
    }
    // Sent as stored: the snapshot and the changes after it, not loaded and saved again.
    let snapshots = store::stored_whole(&state.pool, &whole)
        .await?
        .into_iter()
        .map(|(doc, heads, data)| DocSnapshot { doc, heads, data })
        .collect();
    let last_listed = listed.last().map(|l| l.changed);
    let next = if more {
        last_listed.unwrap_or(since)
    } else {
        // Everything below the watermark has been listed.
        since.max(Cursor(settled - 1))
    };
    let remaining = if more {
        scope::count_after(&state.pool, &reach, next).await?
    } else {
        0
    };
    Ok(CatchUp {
        snapshots,
        changed,
        cursor: next,
        more,
        remaining: u64::try_from(remaining).unwrap_or_default(),
    })
}

/// How long a catch-up waits for writers that began before it to finish, when their
/// commits hold back a change it can already see (see [`settled_listing`]).
const SETTLE_WITHIN: Duration = Duration::from_millis(250);
/// How often it looks again meanwhile.
const SETTLE_POLL: Duration = Duration::from_millis(2);

/// The documents within reach listed after `since` (at most a page and one more), each
/// below the watermark returned beside them. A change listed at or above the watermark
/// has committed, but a writer that began before it has not: moving the cursor past it
/// could skip that writer, so the catch-up waits (briefly: writers hold their
/// transaction for milliseconds) for the watermark to pass it, then lists once more,
/// and otherwise leaves it for the next sync. This is what lets a workstation told of a
/// colleague's edit fetch it at once, with other writers committing all the while. The
/// request's own writes are not waited for: its replies carried them.
async fn settled_listing(
    state: &AppState,
    reach: &scope::Reach<'_>,
    since: Cursor,
    answered: &BTreeMap<DocId, i64>,
) -> Result<(Vec<Listed>, i64), ApiError> {
    let began = Instant::now();
    // The watermark first: whatever the listing then sees below it is settled.
    let mut settled = store::watermark(&state.pool).await?;
    let mut listed = scope::listed(&state.pool, reach, since, Since::After, PAGE + 1).await?;
    let held = listed
        .iter()
        .filter(|l| l.changed.0 >= settled && !answered_up_to(answered, l))
        .map(|l| l.changed.0)
        .max();
    if let Some(held) = held {
        // Only the watermark is read while waiting; the listing is read once more when
        // it has passed what was held (and what committed since waits for the next sync).
        while began.elapsed() < SETTLE_WITHIN {
            tokio::time::sleep(SETTLE_POLL).await;
            settled = store::watermark(&state.pool).await?;
            if settled > held {
                listed = scope::listed(&state.pool, reach, since, Since::After, PAGE + 1).await?;
                break;
            }
        }
        histogram!(prometheus::SYNC_SETTLE_WAIT_SECONDS).record(began.elapsed().as_secs_f64());
    } else {
        histogram!(prometheus::SYNC_SETTLE_WAIT_SECONDS).record(0.0);
    }
    listed.retain(|l| l.changed.0 < settled);
    Ok((listed, settled))
}

/// True when the reply to the request's offer of `item.doc` already covered its change.
fn answered_up_to(answered: &BTreeMap<DocId, i64>, item: &Listed) -> bool {
    answered
        .get(&item.doc)
        .is_some_and(|&seq| item.changed.0 <= seq)
}
