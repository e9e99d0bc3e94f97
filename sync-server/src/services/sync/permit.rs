//! Which offers of a sync request the caller may make, and on what terms: a document
//! of a kind the caller does not handle, or of a patient outside the device's wards
//! (unless the user holds a break-glass grant), is refused. Two standings need more
//! than the wards: a patient the server has never seen becomes known only through a
//! registration accepted in the same request, and a patient who just moved off the
//! device's wards may still receive the edits the ward made before it heard of the
//! transfer, from a device that held the chart, without anything being sent back.

use std::collections::{BTreeMap, BTreeSet};

use bedside_shared::DocId;
use bedside_shared::sync::{DocOffer, DocReply, Outcome, SyncRequest};
use bedside_shared::validate::{RejectCode, Rejection};
use time::Duration;
use uuid::Uuid;

use crate::error::ApiError;
use crate::services::identity::Caller;
use crate::state::AppState;
use crate::store::scope::{self, Placement};

/// How long after a transfer the ward the patient left may still deliver edits made
/// before it heard of it: as long as a clinician may work offline on a workstation.
pub const LATE_EDITS_FOR: Duration = Duration::days(7);

/// How an offered document's patient stands to the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Standing {
    /// On the device's wards, or opened by the user's live break-glass grant: the
    /// document is exchanged both ways.
    InReach,
    /// Moved off the device's wards within [`LATE_EDITS_FOR`], and the device held the
    /// chart before: its late edits are taken (and checked), nothing is sent back.
    LeftWard,
    /// Unknown to the server: registered by this request, or not at all.
    New,
}

/// The offers a caller may make with their patient's standing, refusals for the rest,
/// and where the offered patients are placed as stored.
pub(super) struct Permitted<'r> {
    pub allowed: Vec<(&'r DocOffer, Standing)>,
    pub refusals: Vec<DocReply>,
    pub placed: Vec<Placement>,
}

/// A refusal of a whole document offer, with nothing of the server's copy.
pub(super) fn refused(doc: DocId, rejection: Rejection) -> DocReply {
    DocReply {
        doc,
        outcome: Outcome::Rejected(rejection),
        heads: Vec::new(),
        changes: Vec::new(),
    }
}

/// Splits the offers into those the caller may make and refusals for the rest.
pub(super) async fn permitted<'r>(
    state: &AppState,
    caller: &Caller,
    request: &'r SyncRequest,
) -> Result<Permitted<'r>, ApiError> {
    let patients: Vec<Uuid> = request
        .offers
        .iter()
        .map(|o| o.doc.patient.as_uuid())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let placed = scope::wards_of(&state.pool, &patients).await?;
    let standing = standings(state, caller, &placed).await?;
    let (mut allowed, mut refusals) = (Vec::new(), Vec::new());
    for offer in &request.offers {
        let patient = offer.doc.patient.as_uuid();
        let known = placed.iter().any(|p| p.patient == patient);
        let standing = if known {
            standing.get(&patient).copied()
        } else {
            Some(Standing::New)
        };
        match standing {
            _ if !caller.handles(offer.doc.kind) => refusals.push(refused(
                offer.doc,
                Rejection::new(RejectCode::Forbidden, "not permitted to read this document"),
            )),
            None => refusals.push(refused(
                offer.doc,
                Rejection::new(
                    RejectCode::Forbidden,
                    "the patient is outside this workstation's wards",
                ),
            )),
            Some(standing) => allowed.push((offer, standing)),
        }
    }
    Ok(Permitted {
        allowed,
        refusals,
        placed,
    })
}

/// The standing of each known patient the caller may offer documents of.
async fn standings(
    state: &AppState,
    caller: &Caller,
    placed: &[Placement],
) -> Result<BTreeMap<Uuid, Standing>, ApiError> {
    let serves = |ward: &String| caller.wards.contains(ward);
    let mut standing = BTreeMap::new();
    let outside: Vec<&Placement> = placed.iter().filter(|p| !serves(&p.ward)).collect();
    for p in placed.iter().filter(|p| serves(&p.ward)) {
        standing.insert(p.patient, Standing::InReach);
    }
    if outside.is_empty() {
        return Ok(standing);
    }
    let ids: Vec<Uuid> = outside.iter().map(|p| p.patient).collect();
    let now = state.clock.now();
    let granted = scope::granted(&state.pool, caller.user_id, caller.device_id, &ids, now).await?;
    for p in outside {
        if granted.contains(&p.patient) {
            standing.insert(p.patient, Standing::InReach);
            continue;
        }
        let Some(moved_at) = p.moved_at else {
            continue;
        };
        let lately = p.left_ward.as_ref().is_some_and(serves)
            && moved_at
                .checked_add(LATE_EDITS_FOR)
                .is_some_and(|until| now < until);
        if lately && scope::held_by(&state.pool, caller.device_id, p.patient, moved_at).await? {
            standing.insert(p.patient, Standing::LeftWard);
        }
    }
    Ok(standing)
}
