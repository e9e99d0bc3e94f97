//! The sync client: `POST /v1/sync` over HTTP(S) in batches, with retry and backoff.
//!
//! The run itself is the sans-IO [`Session`] from bedside-shared; this module only moves
//! its requests and responses and keeps its state in the encrypted store. A change counts
//! as synced only once a reply acknowledged it: a run cut off at any point leaves the
//! unacknowledged changes pending, and the next run sends them again (harmlessly, since
//! the server stores changes by hash).

use std::time::Duration;

use bedside_shared::sync::wire::{decode, encode};
use bedside_shared::sync::{
    ChangedDoc, Cursor, DocOffer, DocReply, DocSnapshot, Epoch, Outcome, Replica, Session,
    SyncReport, SyncRequest, SyncResponse, exchange,
};
use bedside_shared::validate::Rejection;
use bedside_shared::{DocId, PatientId};

use crate::api::server_error;
use crate::error::{Error, Result};
use crate::session::needs_refresh;
use crate::store::{DocRow, Store, SyncMeta};
use crate::workstation::Workstation;

/// Documents offered per request.
pub const BATCH_DOCS: usize = 64;
/// A run that needs more round trips than this is cut off and reported.
const MAX_ROUNDS: usize = 1_000;
const CBOR: &str = "application/cbor";
/// How long a server out of reach has to say it is ready again.
const READY_TIMEOUT: Duration = Duration::from_secs(2);

/// Longest one sync run may take in all. A server that answers, but at a trickle,
/// passes every per-request bound a page at a time; the run stops here instead, keeping
/// each page it took in (each is one transaction), and the next run goes on from there.
pub const SYNC_RUN_WITHIN: Duration = Duration::from_secs(180);

/// How often and how patiently to retry a request that failed in transit.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub attempts: u32,
    /// Wait before the second attempt; doubles each time.
    pub first_delay: Duration,
    /// Longest wait between attempts.
    pub max_delay: Duration,
}

impl RetryPolicy {
    /// A single attempt: for a server already known to be out of reach, tried again at
    /// the next sync rather than within this one.
    pub fn once() -> Self {
        Self {
            attempts: 1,
            ..Self::default()
        }
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts: 5,
            first_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
        }
    }
}

/// Body bytes of one exchange.
#[derive(Debug, Clone, Copy, Default)]
pub struct Traffic {
    /// Request body.
    pub sent: u64,
    /// Response body.
    pub received: u64,
}

/// How far a sync run has got, after each round trip (for a progress bar).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncProgress {
    /// Chart documents the server sent or announced so far in this run.
    pub documents_done: u64,
    /// Those plus the ones the server says still wait.
    pub documents_total: u64,
    /// Response body bytes so far.
    pub bytes_received: u64,
    /// Request body bytes so far.
    pub bytes_sent: u64,
}

impl SyncProgress {
    fn took(&mut self, response: &SyncResponse, traffic: Traffic) {
        self.documents_done += (response.snapshots.len() + response.changed.len()) as u64;
        self.documents_total = self.documents_done + response.remaining;
        self.bytes_received += traffic.received;
        self.bytes_sent += traffic.sent;
    }
}

/// A connection to one sync server.
#[derive(Debug, Clone)]
pub struct SyncClient {
    base: String,
    retry: RetryPolicy,
    run_within: Duration,
}

impl SyncClient {
    /// A client for the server at `base` (e.g. `https://sync.hospital.example`).
    pub fn new(base: &str) -> Result<Self> {
        Ok(Self {
            base: base.trim_end_matches('/').to_owned(),
            retry: RetryPolicy::default(),
            run_within: SYNC_RUN_WITHIN,
        })
    }

    /// The server's base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Whether the server says it is ready (`GET /readyz`, its database reachable) within
    /// two seconds: a question cheap enough to ask every second of an outage, where a
    /// sync would carry the workstation's whole offer each time.
    pub async fn is_ready(&self, http: &reqwest::Client) -> bool {
        http.get(format!("{}/readyz", self.base))
            .timeout(READY_TIMEOUT)
            .send()
            .await
            .is_ok_and(|answer| answer.status().is_success())
    }

    /// Replaces the retry policy.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Replaces the bound on one sync run ([`SYNC_RUN_WITHIN`]).
    pub fn with_run_limit(mut self, within: Duration) -> Self {
        self.run_within = within;
        self
    }

    /// `work`, stopped at `deadline`, the run's bound. Stopping where the run waits on the
    /// network loses nothing: the store is let go there, each answer was taken in whole or
    /// not at all, and what was sent but not marked sent (a grant, an audit event, a part
    /// of an upload) is sent again and taken once.
    async fn within<T>(
        &self,
        deadline: tokio::time::Instant,
        work: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        tokio::time::timeout_at(deadline, work)
            .await
            .unwrap_or_else(|_| {
                Err(Error::Offline(format!(
                    "the sync did not finish within {} s; what came down is kept and the \
                     rest follows at the next sync",
                    self.run_within.as_secs()
                )))
            })
    }

    /// Sends one request as the session holding `token` over `http`, retrying transient
    /// failures with exponential backoff.
    pub async fn exchange(
        &self,
        http: &reqwest::Client,
        token: &str,
        request: &SyncRequest,
    ) -> Result<SyncResponse> {
        Ok(self.exchange_counted(http, token, request).await?.0)
    }

    /// [`Self::exchange`], also answering the body sizes sent and received.
    pub async fn exchange_counted(
        &self,
        http: &reqwest::Client,
        token: &str,
        request: &SyncRequest,
    ) -> Result<(SyncResponse, Traffic)> {
        let body = encode(request)?;
        let sent = body.len() as u64;
        let mut delay = self.retry.first_delay;
        let mut attempt = 1;
        loop {
            match self.attempt(http, token, body.clone()).await {
                Err(Failure::Transient(why)) if attempt < self.retry.attempts => {
                    tracing::warn!(attempt, %why, "sync request failed; retrying");
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(self.retry.max_delay);
                    attempt += 1;
                }
                Err(Failure::Transient(why)) => return Err(Error::Offline(why)),
                Err(Failure::Final(e)) => return Err(e),
                Ok((response, received)) => return Ok((response, Traffic { sent, received })),
            }
        }
    }

    async fn attempt(
        &self,
        http: &reqwest::Client,
        token: &str,
        body: Vec<u8>,
    ) -> Result<(SyncResponse, u64), Failure> {
        let response = crate::api::stamped(http.post(format!("{}/v1/sync", self.base)))
            .timeout(crate::tls::time_for(body.len() as u64))
            .bearer_auth(token)
            .header(reqwest::header::CONTENT_TYPE, CBOR)
            .header(reqwest::header::ACCEPT, CBOR)
            .body(body)
            .send()
            .await
            .map_err(Failure::of)?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(Failure::of)?;
        if status.is_success() {
            return decode(&bytes)
                .map(|response| (response, bytes.len() as u64))
                .map_err(|e| Failure::Final(e.into()));
        }
        let transient = status.is_server_error() || status.as_u16() == 429;
        match server_error(status, &bytes) {
            Error::Server { code, message } if transient => {
                Err(Failure::Transient(format!("{code}: {message}")))
            }
            error => Err(Failure::Final(error)),
        }
    }
}

enum Failure {
    Transient(String),
    Final(Error),
}

impl Failure {
    /// A refused or broken connection is worth another try; a server that fell silent
    /// past the client's timeouts is out of reach now (trying again would wait as long
    /// again, with the window saying "Syncing" all the while).
    fn of(error: reqwest::Error) -> Self {
        if error.is_timeout() {
            Failure::Final(Error::Offline(format!(
                "the server did not answer: {error}"
            )))
        } else {
            Failure::Transient(error.to_string())
        }
    }
}

/// The store seen as a sync replica: each step is one transaction (a whole answer is
/// one when taken in through [`Store::all_or_nothing`]).
#[derive(Debug)]
pub struct StoreReplica<'a> {
    store: &'a mut Store,
    /// The setting the cursor lives in, fixed for a run; `None`: the logged-in user's.
    cursor_key: Option<&'a str>,
}

impl Store {
    /// The store as a sync replica, for stepping a [`Session`] by hand (take the store
    /// from [`Workstation::store`] for each step).
    pub fn replica(&mut self) -> StoreReplica<'_> {
        StoreReplica {
            store: self,
            cursor_key: None,
        }
    }

    /// The store as the replica of one sync run, whose cursor is kept under
    /// `cursor_key` however the session changes while the run goes on.
    fn replica_of_run<'a>(&'a mut self, cursor_key: &'a str) -> StoreReplica<'a> {
        StoreReplica {
            store: self,
            cursor_key: Some(cursor_key),
        }
    }
}

/// Where the server's epoch is kept (one for every user: it is the server's).
const EPOCH_KEY: &str = "sync.epoch";

/// The sync cursor is kept per user: what the server sends depends on the user's roles,
/// so a doctor syncing after a clerk on the same workstation starts from the beginning
/// of what a doctor may read, not from where the clerk's registration-only sync ended.
fn cursor_key(store: &Store) -> Result<String> {
    Ok(match store.setting(crate::session::SESSION_USER)? {
        Some(user) if !user.is_empty() => format!("sync.cursor.{user}"),
        _ => "sync.cursor".to_owned(),
    })
}

impl StoreReplica<'_> {
    fn cursor_key(&self) -> Result<String> {
        match self.cursor_key {
            Some(key) => Ok(key.to_owned()),
            None => cursor_key(self.store),
        }
    }

    fn row(&mut self, doc: &DocId) -> Result<DocRow> {
        Ok(self.store.load(doc)?.unwrap_or_else(|| DocRow {
            doc: Default::default(),
            meta: SyncMeta::default(),
        }))
    }
}

impl StoreReplica<'_> {
    /// The server refused this document: its unacknowledged edits go to the quarantine
    /// (where the user sees them and may re-apply or discard them) and the workstation
    /// continues from the server's version, so nothing else is held up.
    fn set_aside(&mut self, reply: &DocReply, rejection: &Rejection, row: DocRow) -> Result<()> {
        let announced = row.meta.announced.clone();
        let mut aside = exchange::set_aside(row.doc, &row.meta.acked, reply)?;
        if aside.refused.get_heads() == aside.kept.get_heads() {
            // Nothing of ours was refused (the reply only withheld the server's copy).
            return Ok(());
        }
        tracing::warn!(code = ?rejection.code, "the server refused edits; they were set aside");
        self.store
            .set_aside(&reply.doc, rejection, &mut aside.refused)?;
        if aside.kept.get_heads().is_empty() {
            return self.store.forget(&reply.doc);
        }
        let kept = DocRow {
            doc: aside.kept,
            meta: SyncMeta {
                acked: aside.acked,
                announced,
            },
        };
        self.store.save_set_back(reply.doc, kept)
    }
}

impl Replica for StoreReplica<'_> {
    type Error = Error;

    fn due(&mut self) -> Result<Vec<DocId>> {
        self.store.due()
    }

    fn offer(&mut self, doc: DocId) -> Result<DocOffer> {
        let mut row = self.row(&doc)?;
        let offer = exchange::offer(doc, &mut row.doc, &row.meta.acked);
        // The reply is applied to this same document, without loading it again.
        self.store.put_back(doc, row);
        Ok(offer)
    }

    fn take_reply(&mut self, reply: &DocReply) -> Result<()> {
        let mut row = self.row(&reply.doc)?;
        if let Outcome::Rejected(rejection) = &reply.outcome {
            return self.set_aside(reply, rejection, row);
        }
        row.meta.acked = exchange::take_reply(&mut row.doc, reply)?;
        self.store.save([(reply.doc, row)])
    }

    fn take_snapshot(&mut self, snapshot: &DocSnapshot) -> Result<()> {
        let held = self.store.load(&snapshot.doc)?;
        self.store.clear_departure(&snapshot.doc.patient)?;
        let Some(held) = held else {
            // New here: the bytes received are the document; they are stored as they are.
            let (doc, acked) = exchange::take_snapshot(None, snapshot)?;
            let row = DocRow {
                doc,
                meta: SyncMeta {
                    acked,
                    announced: Vec::new(),
                },
            };
            return self.store.save_received(snapshot.doc, row, &snapshot.data);
        };
        let announced = held.meta.announced.clone();
        let (doc, acked) = exchange::take_snapshot(Some(held.doc), snapshot)?;
        let row = DocRow {
            doc,
            meta: SyncMeta { acked, announced },
        };
        self.store.save([(snapshot.doc, row)])
    }

    fn take_snapshots(&mut self, snapshots: &[DocSnapshot]) -> Result<()> {
        // Documents new here are taken in together (decoded on every core); those held
        // already (and any sent twice) are merged one by one after them.
        let (mut new, mut held) = (Vec::new(), Vec::new());
        let mut first = std::collections::HashSet::new();
        for snapshot in snapshots {
            if !self.store.holds(&snapshot.doc)? && first.insert(snapshot.doc) {
                new.push(snapshot);
            } else {
                held.push(snapshot);
            }
        }
        self.store.take_received(&new)?;
        held.into_iter().try_for_each(|s| self.take_snapshot(s))
    }

    fn take_announcement(&mut self, changed: &ChangedDoc) -> Result<()> {
        self.store.clear_departure(&changed.doc.patient)?;
        let mut row = self.row(&changed.doc)?;
        row.meta.announced = changed.heads.clone();
        // The changes after the cursor came along: holding the announced heads, the
        // document is not due, and the run needs no second round trip for it.
        if !changed.changes.is_empty() {
            row.meta.acked = exchange::take_announced(&mut row.doc, changed)?;
        }
        self.store.save([(changed.doc, row)])
    }

    fn cursor(&mut self) -> Result<Option<Cursor>> {
        let key = self.cursor_key()?;
        Ok(self
            .store
            .setting(&key)?
            .and_then(|c| c.parse().ok())
            .map(Cursor))
    }

    fn set_cursor(&mut self, cursor: Cursor) -> Result<()> {
        let key = self.cursor_key()?;
        self.store.set_setting(&key, &cursor.0.to_string())
    }

    fn epoch(&mut self) -> Result<Option<Epoch>> {
        Ok(self
            .store
            .setting(EPOCH_KEY)?
            .and_then(|e| e.parse().ok())
            .map(Epoch))
    }

    fn set_epoch(&mut self, epoch: Epoch) -> Result<()> {
        self.store.set_setting(EPOCH_KEY, &epoch.0.to_string())
    }

    fn start_over(&mut self, epoch: Epoch) -> Result<()> {
        tracing::warn!(
            "the server was restored from a backup: this workstation syncs again from the start"
        );
        self.store.start_sync_over()?;
        self.set_epoch(epoch)
    }

    fn take_departures(&mut self, patients: &[PatientId]) -> Result<()> {
        self.store.note_departures(patients)
    }

    fn take_wanted_blobs(&mut self, sha256: &[String]) -> Result<()> {
        self.store.queue_held_uploads(sha256)
    }
}

impl Workstation {
    /// Syncs with the server until neither side has anything left to send, as the
    /// logged-in session (renewed once if its access token expired). Break-glass grants
    /// made here go first, so their charts come down in the same run; audit events and
    /// documents go after the chart's changes; patients who left the wards are purged
    /// after it. A revoked workstation's changes are refused and it wipes itself.
    ///
    /// One run at a time; the store is held for each local step (building a request,
    /// taking in its answer) and let go while the request is on the network, so every
    /// other use of the workstation goes on meanwhile.
    pub async fn sync(&self, client: &SyncClient) -> Result<SyncReport> {
        self.sync_reporting(client, &mut |_| {}).await
    }

    /// [`Self::sync`], telling `progress` how far it has got after each round trip.
    pub async fn sync_reporting(
        &self,
        client: &SyncClient,
        progress: &mut (dyn FnMut(SyncProgress) + Send),
    ) -> Result<SyncReport> {
        let _one_at_a_time = self.syncing.lock().await;
        let deadline = tokio::time::Instant::now() + client.run_within;
        // The refresh of an expired access token is never cut short by the run's bound:
        // the server replaces the refresh token as it answers, and keeping the old one
        // would make its next use look like a stolen token's (which ends the session).
        let answer = match self.sync_once(client, progress, deadline).await {
            Err(e) if needs_refresh(&e) => {
                self.link().refresh_session(client.base()).await?;
                self.sync_once(client, progress, deadline).await
            }
            other => other,
        };
        let mut report = self.link().heed(answer)?;
        report.departed = self.purge_departed()?;
        let store = self.store();
        store.set_setting("sync.last_success", &store.now())?;
        Ok(report)
    }

    async fn sync_once(
        &self,
        client: &SyncClient,
        progress: &mut (dyn FnMut(SyncProgress) + Send),
        deadline: tokio::time::Instant,
    ) -> Result<SyncReport> {
        let token = self.link().access_token()?;
        let exchanged = client
            .within(deadline, async {
                self.upload_grants(client.base(), &token).await?;
                self.exchange_all(client, &token, progress).await
            })
            .await;
        // Audit events go after the chart's changes, so a colleague hears of an edit
        // without waiting on them, and go even after an exchange that failed part-way
        // (not when the server is out of reach); what the server cannot take now waits
        // for the next sync.
        if !matches!(exchanged, Err(Error::Offline(_) | Error::Revoked)) {
            let audited = client
                .within(deadline, self.upload_audit(client.base(), &token))
                .await;
            match audited {
                Err(Error::Revoked) => return Err(Error::Revoked),
                Err(e) => tracing::warn!(error = %e, "audit events wait for the next sync"),
                Ok(()) => {}
            }
        }
        let report = exchanged?;
        // Blobs go once their references are on the server; the chart's sync stands
        // even when the store is out of reach or the run's time is up (they wait for the
        // next sync, resuming from the parts the store holds).
        let uploaded = client
            .within(
                deadline,
                self.documents().upload_documents(client.base(), &token),
            )
            .await;
        if let Err(e) = uploaded {
            tracing::warn!(error = %e, "document uploads wait for the next sync");
        }
        Ok(report)
    }

    /// Exchanges requests and answers until neither side has anything left to send.
    async fn exchange_all(
        &self,
        client: &SyncClient,
        token: &str,
        progress: &mut (dyn FnMut(SyncProgress) + Send),
    ) -> Result<SyncReport> {
        let http = self.link().http()?;
        // The run is the session's that began it: a logout and another login meanwhile
        // do not move the next user's cursor.
        let cursor = cursor_key(&self.store())?;
        let mut session = Session::new(self.device, BATCH_DOCS);
        let mut so_far = SyncProgress::default();
        let mut ahead: Option<ReadAhead> = None;
        loop {
            let request = session.next_request(&mut self.store().replica_of_run(&cursor))?;
            let Some(request) = request else { break };
            if session.report().round_trips >= MAX_ROUNDS {
                return Err(Error::Offline("the sync did not settle; try again".into()));
            }
            let (response, traffic) = match ahead.take() {
                Some(mut read) if read.request == request => (&mut read.answer)
                    .await
                    .map_err(|e| Error::Offline(format!("the page read ahead was lost: {e}")))??,
                // Not what the run asks for now (a local edit made something due): dropped.
                _ => client.exchange_counted(&http, token, &request).await?,
            };
            // The next page of a catch-up is on its way while this one is taken in.
            ahead = session
                .read_ahead(&request, &response)
                .map(|next| ReadAhead::send(client, &http, token, next));
            self.store().all_or_nothing(|store| {
                session.take_response(&mut store.replica_of_run(&cursor), &request, &response)
            })?;
            so_far.took(&response, traffic);
            progress(so_far);
        }
        Ok(session.finish())
    }
}

/// The next page of a catch-up, asked for while the one before it is taken in.
struct ReadAhead {
    request: SyncRequest,
    answer: tokio::task::JoinHandle<Result<(SyncResponse, Traffic)>>,
}

impl ReadAhead {
    fn send(
        client: &SyncClient,
        http: &reqwest::Client,
        token: &str,
        request: SyncRequest,
    ) -> Self {
        let (client, http, token) = (client.clone(), http.clone(), token.to_owned());
        let asked = request.clone();
        let answer =
            tokio::spawn(async move { client.exchange_counted(&http, &token, &asked).await });
        Self { request, answer }
    }
}

impl Drop for ReadAhead {
    /// A run that stops (an error, a request that differs) does not leave the page
    /// on its way.
    fn drop(&mut self) {
        self.answer.abort();
    }
}
