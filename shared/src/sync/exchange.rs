//! The three steps of exchanging one document with the hub: the workstation `offer`s,
//! the hub `answer`s, the workstation `take_reply`s. Pure functions over Automerge
//! documents; storage and transport belong to the callers.

use std::collections::BTreeSet;

use automerge::{AutoCommit, Change, ChangeHash};
use serde_bytes::ByteBuf;

use super::wire::{DocOffer, DocReply, DocSnapshot, Hash, Outcome};
use crate::access::Collection;
use crate::chart::{CLINICAL_COLLECTIONS, DocId, DocKind};
use crate::validate::{
    Before, RejectCode, Rejection, Touched, all_touched, authors_named, check_batch,
    collections_written, places_written,
};

/// The largest single change accepted, in bytes.
pub const MAX_CHANGE_BYTES: usize = 512 * 1024;

/// A reply or snapshot that could not be taken in.
#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    /// A change or snapshot did not decode or apply.
    #[error("the server sent a change that does not apply: {0}")]
    BadChange(#[from] automerge::AutomergeError),
    /// A change did not decode.
    #[error("the server sent a change that does not decode")]
    BadEncoding,
}

/// The hashes in `hashes` that `doc` contains.
fn known(doc: &mut AutoCommit, hashes: impl IntoIterator<Item = Hash>) -> Vec<ChangeHash> {
    let mut out: Vec<ChangeHash> = hashes
        .into_iter()
        .map(ChangeHash::from)
        .filter(|h| holds(doc, h))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    out.sort_unstable();
    out
}

/// Whether `doc` holds the change `hash`, from its change graph alone (rebuilding the
/// change itself, as `get_change_by_hash` does, costs a walk over its operations).
fn holds(doc: &mut AutoCommit, hash: &ChangeHash) -> bool {
    doc.get_change_meta_by_hash(hash).is_some()
}

fn heads(doc: &mut AutoCommit) -> Vec<Hash> {
    doc.get_heads().into_iter().map(Hash::from).collect()
}

fn encode(changes: Vec<Change>) -> Vec<ByteBuf> {
    changes
        .into_iter()
        .map(|c| ByteBuf::from(c.raw_bytes().to_vec()))
        .collect()
}

/// The changes of `doc` the hub has not acknowledged.
pub fn pending_changes(doc: &mut AutoCommit, acked: &[Hash]) -> Vec<Change> {
    let acked = known(doc, acked.iter().copied());
    doc.get_changes(&acked)
}

/// How many changes of `doc` the hub has not acknowledged (without building them).
pub fn pending_count(doc: &mut AutoCommit, acked: &[Hash]) -> usize {
    let acked = known(doc, acked.iter().copied());
    doc.get_changes_meta(&acked).len()
}

/// True when the hub announced heads that `doc` does not have.
pub fn lacks(doc: &mut AutoCommit, announced: &[Hash]) -> bool {
    announced.iter().any(|h| !holds(doc, &ChangeHash::from(*h)))
}

/// What the workstation sends for `id`: its unacknowledged changes and its heads.
pub fn offer(id: DocId, doc: &mut AutoCommit, acked: &[Hash]) -> DocOffer {
    DocOffer {
        doc: id,
        acked: acked.to_vec(),
        heads: heads(doc),
        changes: encode(pending_changes(doc, acked)),
    }
}

/// The hub's side of one offer.
#[derive(Debug)]
pub struct Answered {
    /// What to send back.
    pub reply: DocReply,
    /// Changes this offer added to the hub's document, to be stored.
    pub applied: Vec<Change>,
    /// The entries of a clinical document the changes wrote, as (collection, key), when
    /// they wrote nothing else; `None` for a new document, a root field or another kind.
    pub entries: Option<Vec<(String, String)>>,
}

fn decode(offer: &DocOffer) -> Result<Vec<Change>, Rejection> {
    offer
        .changes
        .iter()
        .map(|bytes| {
            if bytes.len() > MAX_CHANGE_BYTES {
                return Err(Rejection::new(
                    RejectCode::TooLarge,
                    "a change is over the size limit",
                ));
            }
            Change::try_from(&bytes[..])
                .map_err(|_| Rejection::new(RejectCode::Malformed, "a change does not decode"))
        })
        .collect()
}

/// What one writer may do to a chart.
pub struct Writer<'a> {
    /// The collections their roles write.
    pub may_write: &'a dyn Fn(Collection) -> bool,
    /// The names they may record as a record's author: the clinician signed in on the
    /// workstation that uploads, not a name typed by anyone.
    pub may_sign_as: &'a dyn Fn(&str) -> bool,
}

impl std::fmt::Debug for Writer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer").finish_non_exhaustive()
    }
}

/// Applies `offer` to the hub's copy `doc` after checking the changes it makes, and
/// builds the reply. On rejection `doc` is left exactly as it was.
pub fn answer(doc: &mut AutoCommit, offer: &DocOffer) -> Answered {
    let anyone = Writer {
        may_write: &|_| true,
        may_sign_as: &|_| true,
    };
    answer_as(doc, offer, &anyone)
}

/// Like [`answer`], for `writer`: a batch writing any part of the chart their roles do
/// not write, or naming an author they may not sign as, is refused as a whole.
pub fn answer_as(doc: &mut AutoCommit, offer: &DocOffer, writer: &Writer<'_>) -> Answered {
    let (outcome, (applied, entries)) = match apply_checked(doc, offer, writer) {
        Ok(applied) => (Outcome::Accepted, applied),
        Err(rejection) => (Outcome::Rejected(rejection), (Vec::new(), None)),
    };
    let have = known(doc, offer.heads.iter().chain(&offer.acked).copied());
    let reply = DocReply {
        doc: offer.doc,
        outcome,
        heads: heads(doc),
        changes: encode(doc.get_changes(&have)),
    };
    Answered {
        reply,
        applied,
        entries,
    }
}

/// The reply for a writer who may deliver edits to a document but no longer read it
/// (the ward a patient just left): it acknowledges what the workstation holds of what
/// it offered and carries nothing of the hub's own copy, whatever the heads claim.
pub fn acknowledge_only(doc: &mut AutoCommit, offer: &DocOffer, outcome: Outcome) -> DocReply {
    let held = known(doc, offer.heads.iter().chain(&offer.acked).copied());
    DocReply {
        doc: offer.doc,
        outcome,
        heads: held.into_iter().map(Hash::from).collect(),
        changes: Vec::new(),
    }
}

/// The changes an offer added and the clinical entries they wrote (see
/// [`Answered::entries`]).
type Applied = (Vec<Change>, Option<Vec<(String, String)>>);

fn apply_checked(
    doc: &mut AutoCommit,
    offer: &DocOffer,
    writer: &Writer<'_>,
) -> Result<Applied, Rejection> {
    let new: Vec<Change> = decode(offer)?
        .into_iter()
        .filter(|c| !holds(doc, &c.hash()))
        .collect();
    if new.is_empty() {
        return Ok((Vec::new(), None));
    }
    let mut entries = None;
    let before = Before::capture(doc, offer.doc.kind);
    let previous = doc.get_heads();
    doc.update_diff_cursor();
    let result = doc
        .apply_changes(new.iter().cloned())
        .map_err(|_| Rejection::new(RejectCode::Malformed, "changes do not apply"))
        .and_then(|()| {
            // A change whose dependencies are missing would wait inside the document,
            // unstored yet counted in its heads later: refuse the offer instead.
            if new.iter().any(|c| !holds(doc, &c.hash())) {
                return Err(Rejection::new(
                    RejectCode::Malformed,
                    "changes depend on changes the server does not have",
                ));
            }
            let patches = doc.diff_incremental();
            check_batch(&offer.doc, &before, &patches, doc)?;
            let written = collections_written(&offer.doc, &before, &patches, &new, doc)?;
            if let Some(refused) = written.into_iter().find(|c| !(writer.may_write)(*c)) {
                return Err(Rejection::new(
                    RejectCode::Forbidden,
                    format!("not permitted to write {}", refused.name()),
                ));
            }
            if authors_named(&patches)
                .iter()
                .any(|name| !(writer.may_sign_as)(name))
            {
                return Err(Rejection::new(
                    RejectCode::Forbidden,
                    "a record names an author who is not signed in on this workstation",
                ));
            }
            if offer.doc.kind == DocKind::Clinical && !before.was_empty() {
                entries = clinical_entries_written(&patches, &new, doc)?;
            }
            Ok(())
        });
    if let Err(rejection) = result {
        // Restoring from the previous heads drops the refused changes, including any
        // queued for missing dependencies.
        *doc = doc
            .fork_at(&previous)
            .expect("the previous heads are in the document");
        return Err(rejection);
    }
    Ok((new, entries))
}

/// The entries of a clinical document a batch wrote, or `None` when it wrote a root
/// field too.
fn clinical_entries_written(
    patches: &[automerge::Patch],
    changes: &[Change],
    doc: &AutoCommit,
) -> Result<Option<Vec<(String, String)>>, Rejection> {
    let mut places = all_touched(patches, &CLINICAL_COLLECTIONS)?;
    places.extend(places_written(doc, changes, &CLINICAL_COLLECTIONS)?);
    let entries: Option<Vec<(String, String)>> = places
        .into_iter()
        .map(|place| match place {
            Touched::Entry { collection, id, .. } => Some((collection, id)),
            Touched::Field(_) => None,
        })
        .collect();
    Ok(entries.map(|mut entries| {
        entries.dedup();
        entries
    }))
}

/// Takes in the hub's reply for one document and returns the new acknowledged heads:
/// the hub's heads, as far as `doc` now contains them.
pub fn take_reply(doc: &mut AutoCommit, reply: &DocReply) -> Result<Vec<Hash>, ExchangeError> {
    take_changes(doc, &reply.changes, &reply.heads)
}

/// Applies the hub's encoded `changes` to `doc` and returns the hub's `heads` as far as
/// `doc` now contains them.
fn take_changes(
    doc: &mut AutoCommit,
    changes: &[ByteBuf],
    heads: &[Hash],
) -> Result<Vec<Hash>, ExchangeError> {
    let changes = changes
        .iter()
        .map(|bytes| Change::try_from(&bytes[..]).map_err(|_| ExchangeError::BadEncoding))
        .collect::<Result<Vec<_>, _>>()?;
    doc.apply_changes(changes)?;
    Ok(known(doc, heads.iter().copied())
        .into_iter()
        .map(Hash::from)
        .collect())
}

/// Takes in the changes an announcement carried and returns the new acknowledged heads:
/// the hub's heads, as far as `doc` now contains them. Changes whose dependencies
/// `doc` lacks wait inside it; the heads it then lacks make the document due, and it
/// is offered as before.
pub fn take_announced(
    doc: &mut AutoCommit,
    changed: &super::wire::ChangedDoc,
) -> Result<Vec<Hash>, ExchangeError> {
    take_changes(doc, &changed.changes, &changed.heads)
}

/// What a workstation keeps when the hub refused its changes to a document: the refused
/// changes, set aside for the user to see, and the document as the hub has it, with the
/// new acknowledged heads.
#[derive(Debug)]
pub struct SetAside {
    /// The workstation's document before, refused changes included.
    pub refused: AutoCommit,
    /// The document without them, caught up with the hub.
    pub kept: AutoCommit,
    /// Heads the hub acknowledged.
    pub acked: Vec<Hash>,
}

/// Splits `doc` after the hub refused it: everything not acknowledged is set aside, and
/// the hub's version (the acknowledged part plus what the reply carries) is kept.
pub fn set_aside(
    doc: AutoCommit,
    acked: &[Hash],
    reply: &DocReply,
) -> Result<SetAside, ExchangeError> {
    let mut refused = doc;
    let base = known(&mut refused, acked.iter().copied());
    let mut kept = refused.fork_at(&base)?;
    let acked = take_reply(&mut kept, reply)?;
    Ok(SetAside {
        refused,
        kept,
        acked,
    })
}

/// Takes in a snapshot: loads it, or merges it into the copy already held.
pub fn take_snapshot(
    doc: Option<AutoCommit>,
    snapshot: &DocSnapshot,
) -> Result<(AutoCommit, Vec<Hash>), ExchangeError> {
    let mut doc = match doc {
        Some(mut doc) => {
            doc.load_incremental(&snapshot.data)?;
            doc
        }
        None => AutoCommit::load(&snapshot.data)?,
    };
    let acked = known(&mut doc, snapshot.heads.iter().copied())
        .into_iter()
        .map(Hash::from);
    let acked = acked.collect();
    Ok((doc, acked))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{self, Clinical, test_order};
    use crate::ids::PatientId;
    use crate::sync::wire::Outcome;

    fn rejected(reply: &DocReply) -> RejectCode {
        match &reply.outcome {
            Outcome::Rejected(r) => r.code,
            Outcome::Accepted => panic!("the offer should have been refused"),
        }
    }

    #[test]
    fn changes_with_missing_dependencies_are_refused_not_queued() {
        let patient = PatientId::new();
        let id = DocId::clinical(patient);
        let mut local = chart::create(&Clinical::new(patient)).unwrap();
        chart::update(&mut local, |c: &mut Clinical| c.prescribe(test_order("A"))).unwrap();
        let mut hub = AutoCommit::new();
        let mut partial = offer(id, &mut local, &[]);
        partial.changes.remove(0);
        let answered = answer(&mut hub, &partial);
        assert_eq!(rejected(&answered.reply), RejectCode::Malformed);
        assert!(answered.applied.is_empty());
        assert!(
            hub.get_heads().is_empty(),
            "the hub's copy is left as it was"
        );
    }

    #[test]
    fn an_acknowledgement_only_reply_carries_nothing_of_the_hub() {
        let patient = PatientId::new();
        let id = DocId::clinical(patient);
        let mut writer = chart::create(&Clinical::new(patient)).unwrap();
        let mut hub = AutoCommit::new();
        let first = answer(&mut hub, &offer(id, &mut writer, &[]));
        let acked = first.reply.heads.clone();
        // The hub moves on without the writer, then the writer offers a late edit.
        let mut other = hub.fork();
        chart::update(&mut other, |c: &mut Clinical| {
            c.prescribe(test_order("Hub's own"))
        })
        .unwrap();
        hub.merge(&mut other).unwrap();
        chart::update(&mut writer, |c: &mut Clinical| {
            c.prescribe(test_order("Late"))
        })
        .unwrap();
        let late = offer(id, &mut writer, &acked);
        let answered = answer(&mut hub, &late);
        assert_eq!(answered.reply.outcome, Outcome::Accepted);
        assert!(
            !answered.reply.changes.is_empty(),
            "a full reply would send the hub's order"
        );

        let reply = acknowledge_only(&mut hub, &late, answered.reply.outcome);
        assert!(
            reply.changes.is_empty(),
            "nothing of the hub's copy goes back"
        );
        let now_acked = take_reply(&mut writer, &reply).unwrap();
        assert!(
            pending_changes(&mut writer, &now_acked).is_empty(),
            "the late edit counts as delivered, so the workstation may let the chart go"
        );
        let held: Clinical = chart::read(&writer).unwrap();
        assert_eq!(
            held.prescriptions.len(),
            1,
            "the writer never sees the hub's order"
        );
    }

    #[test]
    fn pending_changes_are_counted_and_held_ones_told_from_the_change_graph() {
        let patient = PatientId::new();
        let id = DocId::clinical(patient);
        let mut local = chart::create(&Clinical::new(patient)).unwrap();
        let mut hub = AutoCommit::new();
        assert_eq!(
            pending_count(&mut local, &[]),
            pending_changes(&mut local, &[]).len()
        );
        let acked = answer(&mut hub, &offer(id, &mut local, &[])).reply.heads;
        assert_eq!(pending_count(&mut local, &acked), 0);
        for name in ["A", "B"] {
            chart::update(&mut local, |c: &mut Clinical| c.prescribe(test_order(name))).unwrap();
        }
        assert_eq!(pending_count(&mut local, &acked), 2);
        assert_eq!(pending_changes(&mut local, &acked).len(), 2);
        let mut unknown = acked.clone();
        unknown.push(Hash([7; 32]));
        assert_eq!(
            pending_count(&mut local, &unknown),
            2,
            "a head the document does not hold acknowledges nothing"
        );
        assert!(lacks(&mut local, &unknown));
        assert!(!lacks(&mut local, &acked));
    }

    #[test]
    fn a_record_may_name_only_an_author_the_writer_may_sign_as() {
        let patient = PatientId::new();
        let id = DocId::clinical(patient);
        let mut local = chart::create(&Clinical::new(patient)).unwrap();
        let mut hub = AutoCommit::new();
        let first = answer(&mut hub, &offer(id, &mut local, &[]));
        let acked = first.reply.heads.clone();
        chart::update(&mut local, |c: &mut Clinical| c.prescribe(test_order("A"))).unwrap();
        let nurse_only = Writer {
            may_write: &|_| true,
            may_sign_as: &|name| name == "Nurse B",
        };
        let answered = answer_as(&mut hub, &offer(id, &mut local, &acked), &nurse_only);
        assert_eq!(rejected(&answered.reply), RejectCode::Forbidden);
        let kept: Clinical = chart::read(&hub).unwrap();
        assert!(
            kept.prescriptions.is_empty(),
            "an order signed as Dr A is not kept"
        );
        let doctor = Writer {
            may_write: &|_| true,
            may_sign_as: &|name| name == "Dr A",
        };
        let answered = answer_as(&mut hub, &offer(id, &mut local, &acked), &doctor);
        assert_eq!(answered.reply.outcome, Outcome::Accepted);
    }

    /// A value that joins a field already in conflict and loses to the values there makes
    /// no patch; it is still a write, and who may make it is still asked.
    #[test]
    fn a_value_joining_a_conflict_is_checked_like_any_other_write() {
        use automerge::transaction::Transactable;
        use automerge::{ActorId, ROOT, ReadDoc};

        let patient = PatientId::new();
        let id = DocId::clinical(patient);
        let mut base = chart::create(&Clinical::new(patient)).unwrap();
        chart::update(&mut base, |c: &mut Clinical| c.prescribe(test_order("A"))).unwrap();
        let mut hub = AutoCommit::new();
        let acked = answer(&mut hub, &offer(id, &mut base, &[])).reply.heads;
        let change_dose = |doc: &mut AutoCommit, dose: &str| {
            let (_, orders) = doc.get(ROOT, "prescriptions").unwrap().unwrap();
            let key = doc.keys(&orders).next().unwrap();
            let (_, order) = doc.get(&orders, key).unwrap().unwrap();
            doc.put(&order, "dose", dose).unwrap();
            doc.commit();
        };
        // Two prescribers change the dose at once: the hub keeps both.
        for (actor, dose) in [(0x70, "2 g"), (0x80, "3 g")] {
            let mut prescriber = base.fork().with_actor(ActorId::from([actor; 16]));
            change_dose(&mut prescriber, dose);
            let answered = answer(&mut hub, &offer(id, &mut prescriber, &acked));
            assert_eq!(answered.reply.outcome, Outcome::Accepted);
        }
        // Someone who may not prescribe writes the dose as well, with the lowest actor id,
        // so the value loses to both.
        let mut nurse = base.fork().with_actor(ActorId::from([0u8; 16]));
        change_dose(&mut nurse, "30 g");
        let may_not_prescribe = Writer {
            may_write: &|c| c != Collection::Prescriptions,
            may_sign_as: &|_| true,
        };
        let answered = answer_as(&mut hub, &offer(id, &mut nurse, &acked), &may_not_prescribe);
        assert_eq!(rejected(&answered.reply), RejectCode::Forbidden);
        assert!(answered.applied.is_empty(), "nothing of it is kept");
    }

    #[test]
    fn replacing_a_collection_cannot_delete_its_records() {
        let patient = PatientId::new();
        let id = DocId::clinical(patient);
        let mut local = chart::create(&Clinical::new(patient)).unwrap();
        chart::update(&mut local, |c: &mut Clinical| c.prescribe(test_order("A"))).unwrap();
        let mut hub = AutoCommit::new();
        let first = answer(&mut hub, &offer(id, &mut local, &[]));
        assert_eq!(first.reply.outcome, Outcome::Accepted);
        let acked = first.reply.heads.clone();

        // A tampered workstation puts a fresh, empty map where the orders were.
        automerge::transaction::Transactable::put_object(
            &mut local,
            automerge::ROOT,
            "prescriptions",
            automerge::ObjType::Map,
        )
        .unwrap();
        local.commit();
        let answered = answer(&mut hub, &offer(id, &mut local, &acked));
        assert_eq!(rejected(&answered.reply), RejectCode::Schema);
        let kept: Clinical = chart::read(&hub).unwrap();
        assert_eq!(kept.prescriptions.len(), 1, "the order survives on the hub");
    }
}
