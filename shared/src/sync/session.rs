//! One sync run of a workstation, as a state machine: ask it for the next request, feed
//! it the response, until it has nothing left to send. The workstation's storage sits
//! behind [`Replica`]; the transport is the caller's.

use std::collections::{BTreeMap, BTreeSet};

use super::wire::{
    ChangedDoc, Cursor, DocOffer, DocReply, DocSnapshot, Epoch, Outcome, PROTOCOL_VERSION,
    SyncRequest, SyncResponse,
};
use crate::chart::DocId;
use crate::ids::{DeviceId, PatientId};
use crate::validate::Rejection;

/// A workstation's documents, as the sync run sees them.
pub trait Replica {
    /// Storage failure.
    type Error;

    /// Documents with changes the hub has not acknowledged, or lacking heads the hub
    /// announced.
    fn due(&mut self) -> Result<Vec<DocId>, Self::Error>;
    /// The offer for one due document.
    fn offer(&mut self, doc: DocId) -> Result<DocOffer, Self::Error>;
    /// Takes in the hub's reply to an offer.
    fn take_reply(&mut self, reply: &DocReply) -> Result<(), Self::Error>;
    /// Takes in a whole document.
    fn take_snapshot(&mut self, snapshot: &DocSnapshot) -> Result<(), Self::Error>;
    /// Takes in the whole documents of one response; a replica that can take many at
    /// once faster than one by one (decoding them in parallel) does so here.
    fn take_snapshots(&mut self, snapshots: &[DocSnapshot]) -> Result<(), Self::Error> {
        snapshots.iter().try_for_each(|s| self.take_snapshot(s))
    }
    /// Records that the hub's copy of a document moved on.
    fn take_announcement(&mut self, changed: &ChangedDoc) -> Result<(), Self::Error>;
    /// Where this workstation's view of the hub stands.
    fn cursor(&mut self) -> Result<Option<Cursor>, Self::Error>;
    /// Moves the cursor, after everything up to it was taken in.
    fn set_cursor(&mut self, cursor: Cursor) -> Result<(), Self::Error>;
    /// The hub's epoch the cursor and the acknowledged heads belong to, once heard. A
    /// replica that keeps none is told to start over only when its cursor is ahead.
    fn epoch(&mut self) -> Result<Option<Epoch>, Self::Error> {
        Ok(None)
    }
    /// Notes the hub's epoch, heard for the first time.
    fn set_epoch(&mut self, _epoch: Epoch) -> Result<(), Self::Error> {
        Ok(())
    }
    /// The hub was restored from a backup and begins `epoch`: forgets the cursor and
    /// what the hub acknowledged or announced, so every document held is due and offered
    /// whole (the hub takes back what it lost); keeps every document and edit.
    fn start_over(&mut self, epoch: Epoch) -> Result<(), Self::Error>;
    /// Notes patients that left this replica's scope, to purge once nothing of theirs is
    /// pending. Replicas that hold every patient ignore it.
    fn take_departures(&mut self, _patients: &[PatientId]) -> Result<(), Self::Error> {
        Ok(())
    }

    /// Notes blobs the hub's store lacks, to upload again those this replica holds.
    /// Replicas that keep no blobs ignore it.
    fn take_wanted_blobs(&mut self, _sha256: &[String]) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// Times one run offers the same document. Two suffice (push, then fetch what was
/// announced meanwhile); a document still due after that cannot progress in this run,
/// and offering it again would only loop.
const OFFERS_PER_RUN: u8 = 3;

/// What one sync run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Requests sent and answered.
    pub round_trips: usize,
    /// Documents offered.
    pub offered: usize,
    /// Documents received whole.
    pub snapshots: usize,
    /// Changes received from the hub.
    pub changes_received: usize,
    /// Documents whose changes the hub refused, with why.
    pub rejected: Vec<(DocId, Rejection)>,
    /// Patients the replica let go of afterwards (moved off its wards, or access ended);
    /// the session itself leaves this at 0.
    pub departed: usize,
    /// The hub had been restored from a backup: the replica started over.
    pub started_over: bool,
}

impl SyncReport {
    /// True when the run changed what the replica holds: documents arrived, changes were
    /// set aside, or patients left it.
    pub fn brought_anything(&self) -> bool {
        self.snapshots > 0
            || self.changes_received > 0
            || !self.rejected.is_empty()
            || self.departed > 0
    }
}

/// The state of one sync run.
#[derive(Debug)]
pub struct Session {
    device: DeviceId,
    batch: usize,
    started: bool,
    more: bool,
    refused: BTreeSet<DocId>,
    offers: BTreeMap<DocId, u8>,
    report: SyncReport,
    /// The hub asked to start over a second time in one run: nothing more is sent.
    stalled: bool,
}

impl Session {
    /// A run for `device` that offers at most `batch` documents per request.
    pub fn new(device: DeviceId, batch: usize) -> Self {
        Self {
            device,
            batch: batch.max(1),
            started: false,
            more: false,
            refused: BTreeSet::new(),
            offers: BTreeMap::new(),
            report: SyncReport::default(),
            stalled: false,
        }
    }

    /// The next request, or `None` when the run is complete.
    pub fn next_request<R: Replica>(
        &mut self,
        replica: &mut R,
    ) -> Result<Option<SyncRequest>, R::Error> {
        let due: Vec<DocId> = replica
            .due()?
            .into_iter()
            .filter(|d| !self.refused.contains(d))
            .filter(|d| self.offers.get(d).is_none_or(|n| *n < OFFERS_PER_RUN))
            .collect();
        if self.stalled || (self.started && due.is_empty() && !self.more) {
            return Ok(None);
        }
        let offers = due
            .into_iter()
            .take(self.batch)
            .map(|doc| {
                *self.offers.entry(doc).or_default() += 1;
                replica.offer(doc)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(SyncRequest {
            version: PROTOCOL_VERSION,
            device: self.device,
            cursor: replica.cursor()?,
            epoch: replica.epoch()?,
            offers,
        }))
    }

    /// Takes in the response to the request last returned by [`Self::next_request`].
    pub fn take_response<R: Replica>(
        &mut self,
        replica: &mut R,
        request: &SyncRequest,
        response: &SyncResponse,
    ) -> Result<(), R::Error> {
        if response.start_over {
            return self.start_over(replica, response);
        }
        if let Some(epoch) = response.epoch {
            match replica.epoch()? {
                // An answer from the hub's life before a restore, arriving after the
                // replica started over: its cursor and acknowledgements mean nothing now.
                Some(held) if held != epoch => {
                    self.report.round_trips += 1;
                    return Ok(());
                }
                Some(_) => {}
                None => replica.set_epoch(epoch)?,
            }
        }
        self.started = true;
        self.more = response.more;
        self.report.round_trips += 1;
        self.report.offered += request.offers.len();
        for reply in &response.replies {
            self.report.changes_received += reply.changes.len();
            if let Outcome::Rejected(rejection) = &reply.outcome {
                self.refused.insert(reply.doc);
                self.report.rejected.push((reply.doc, rejection.clone()));
            }
            replica.take_reply(reply)?;
        }
        self.report.snapshots += response.snapshots.len();
        replica.take_snapshots(&response.snapshots)?;
        for changed in &response.changed {
            self.report.changes_received += changed.changes.len();
            replica.take_announcement(changed)?;
        }
        if !response.left_scope.is_empty() {
            replica.take_departures(&response.left_scope)?;
        }
        if !response.wanted_blobs.is_empty() {
            replica.take_wanted_blobs(&response.wanted_blobs)?;
        }
        replica.set_cursor(response.cursor)
    }

    /// The hub applied nothing of the request: it was restored from a backup. The
    /// replica starts over once per run, and the run begins again from no cursor; asked
    /// a second time (the hub's replicas disagree while a restore is under way), the run
    /// ends and the next one tries again.
    fn start_over<R: Replica>(
        &mut self,
        replica: &mut R,
        response: &SyncResponse,
    ) -> Result<(), R::Error> {
        self.report.round_trips += 1;
        match response.epoch {
            Some(epoch) if !self.report.started_over => {
                replica.start_over(epoch)?;
                self.report.started_over = true;
                self.started = false;
                self.more = false;
                self.offers.clear();
                self.refused.clear();
            }
            _ => self.stalled = true,
        }
        Ok(())
    }

    /// The request that will follow `response` when taking it in makes nothing due: the
    /// next page of a catch-up, which only moves the cursor. It can be sent while
    /// `response` is taken in; the run uses its answer only if [`Self::next_request`]
    /// then asks for exactly this. `None` when the run may end or offer something next.
    pub fn read_ahead(
        &self,
        request: &SyncRequest,
        response: &SyncResponse,
    ) -> Option<SyncRequest> {
        (response.more
            && !response.start_over
            && request.offers.is_empty()
            && response.changed.is_empty())
        .then(|| SyncRequest {
            version: PROTOCOL_VERSION,
            device: self.device,
            cursor: Some(response.cursor),
            epoch: response.epoch.or(request.epoch),
            offers: Vec::new(),
        })
    }

    /// What the run did so far.
    pub fn report(&self) -> &SyncReport {
        &self.report
    }

    /// Ends the run.
    pub fn finish(self) -> SyncReport {
        self.report
    }
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use super::*;
    use crate::ids::PatientId;
    use crate::sync::wire::Hash;

    /// A replica whose one document never stops being due, as if the server's changes
    /// could never be applied.
    struct Stuck {
        doc: DocId,
        offered: usize,
    }

    impl Replica for Stuck {
        type Error = Infallible;
        fn due(&mut self) -> Result<Vec<DocId>, Infallible> {
            Ok(vec![self.doc])
        }
        fn offer(&mut self, doc: DocId) -> Result<DocOffer, Infallible> {
            self.offered += 1;
            Ok(DocOffer {
                doc,
                acked: vec![],
                heads: vec![Hash([1; 32])],
                changes: vec![],
            })
        }
        fn take_reply(&mut self, _: &DocReply) -> Result<(), Infallible> {
            Ok(())
        }
        fn take_snapshot(&mut self, _: &DocSnapshot) -> Result<(), Infallible> {
            Ok(())
        }
        fn take_announcement(&mut self, _: &ChangedDoc) -> Result<(), Infallible> {
            Ok(())
        }
        fn start_over(&mut self, _: Epoch) -> Result<(), Infallible> {
            Ok(())
        }
        fn cursor(&mut self) -> Result<Option<Cursor>, Infallible> {
            Ok(None)
        }
        fn set_cursor(&mut self, _: Cursor) -> Result<(), Infallible> {
            Ok(())
        }
    }

    #[test]
    fn a_document_that_cannot_progress_does_not_loop_the_run() {
        let mut replica = Stuck {
            doc: DocId::clinical(PatientId::new()),
            offered: 0,
        };
        let mut session = Session::new(DeviceId::new(), 8);
        let mut rounds = 0;
        while let Some(request) = session.next_request(&mut replica).unwrap() {
            let response = SyncResponse {
                version: PROTOCOL_VERSION,
                replies: vec![],
                snapshots: vec![],
                changed: vec![],
                cursor: Cursor(0),
                more: false,
                left_scope: vec![],
                remaining: 0,
                wanted_blobs: vec![],
                epoch: None,
                start_over: false,
            };
            session
                .take_response(&mut replica, &request, &response)
                .unwrap();
            rounds += 1;
            assert!(rounds < 10, "the run must end");
        }
        assert_eq!(
            replica.offered,
            usize::from(OFFERS_PER_RUN),
            "offered at most {OFFERS_PER_RUN} times"
        );
    }

    /// A fresh replica: nothing of its own to offer, a cursor it keeps.
    #[derive(Default)]
    struct Fresh {
        cursor: Option<Cursor>,
        due: Vec<DocId>,
    }

    impl Replica for Fresh {
        type Error = Infallible;
        fn due(&mut self) -> Result<Vec<DocId>, Infallible> {
            Ok(self.due.clone())
        }
        fn offer(&mut self, doc: DocId) -> Result<DocOffer, Infallible> {
            Ok(DocOffer {
                doc,
                acked: vec![],
                heads: vec![],
                changes: vec![],
            })
        }
        fn take_reply(&mut self, _: &DocReply) -> Result<(), Infallible> {
            Ok(())
        }
        fn take_snapshot(&mut self, _: &DocSnapshot) -> Result<(), Infallible> {
            Ok(())
        }
        fn take_announcement(&mut self, changed: &ChangedDoc) -> Result<(), Infallible> {
            self.due.push(changed.doc);
            Ok(())
        }
        fn start_over(&mut self, _: Epoch) -> Result<(), Infallible> {
            Ok(())
        }
        fn cursor(&mut self) -> Result<Option<Cursor>, Infallible> {
            Ok(self.cursor)
        }
        fn set_cursor(&mut self, cursor: Cursor) -> Result<(), Infallible> {
            self.cursor = Some(cursor);
            Ok(())
        }
    }

    fn page(cursor: i64, more: bool, changed: Vec<ChangedDoc>) -> SyncResponse {
        SyncResponse {
            version: PROTOCOL_VERSION,
            replies: vec![],
            snapshots: vec![],
            changed,
            cursor: Cursor(cursor),
            more,
            left_scope: vec![],
            remaining: 0,
            wanted_blobs: vec![],
            epoch: None,
            start_over: false,
        }
    }

    #[test]
    fn the_request_read_ahead_is_the_one_the_run_asks_for_next() {
        let mut replica = Fresh::default();
        let mut session = Session::new(DeviceId::new(), 8);
        let first = session
            .next_request(&mut replica)
            .unwrap()
            .expect("a first request");
        let response = page(200, true, vec![]);
        let ahead = session.read_ahead(&first, &response).expect("a next page");
        session
            .take_response(&mut replica, &first, &response)
            .unwrap();
        let next = session.next_request(&mut replica).unwrap();
        assert_eq!(next, Some(ahead));

        // The last page: the run may end, nothing to read ahead.
        let last = page(400, false, vec![]);
        assert_eq!(session.read_ahead(next.as_ref().unwrap(), &last), None);
    }

    #[test]
    fn nothing_is_read_ahead_when_the_run_offers_next() {
        let mut replica = Fresh::default();
        let mut session = Session::new(DeviceId::new(), 8);
        let first = session
            .next_request(&mut replica)
            .unwrap()
            .expect("a first request");
        // An announcement makes its document due: the next request offers it.
        let announced = ChangedDoc {
            doc: DocId::clinical(PatientId::new()),
            heads: vec![Hash([2; 32])],
            changes: Vec::new(),
        };
        let response = page(200, true, vec![announced]);
        assert_eq!(session.read_ahead(&first, &response), None);
        session
            .take_response(&mut replica, &first, &response)
            .unwrap();
        let next = session
            .next_request(&mut replica)
            .unwrap()
            .expect("a request");
        assert_eq!(next.offers.len(), 1);
        // A request that offered something: its answer may make more due.
        assert_eq!(session.read_ahead(&next, &page(300, true, vec![])), None);
    }
}
