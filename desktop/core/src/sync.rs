//! The sync client: `POST /v1/sync` over HTTP(S) in batches, with retry and backoff.
//!
//! The run itself is the sans-IO [`Session`] from bedside-shared; this module only moves
//! its requests and responses and keeps its state in the encrypted store. A change counts
//! as synced only once a reply acknowledged it: a run cut off at any point leaves the
//! unacknowledged changes pending, and the next run sends them again (harmlessly, since
//! the server stores changes by hash).

use std::time::Duration;

use bedside_shared::DocId;
use bedside_shared::error::{ErrorBody, ErrorCode};
use bedside_shared::sync::wire::{decode, encode};
use bedside_shared::sync::{
    ChangedDoc, Cursor, DocOffer, DocReply, DocSnapshot, Replica, Session, SyncReport, SyncRequest,
    SyncResponse, exchange,
};

use crate::error::{Error, Result};
use crate::store::{DocRow, Store, SyncMeta};
use crate::workstation::Workstation;

/// Documents offered per request.
pub const BATCH_DOCS: usize = 64;
/// A run that needs more round trips than this is cut off and reported.
const MAX_ROUNDS: usize = 1_000;
const CBOR: &str = "application/cbor";

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

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts: 5,
            first_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
        }
    }
}

/// A connection to one sync server.
#[derive(Debug, Clone)]
pub struct SyncClient {
    http: reqwest::Client,
    endpoint: String,
    retry: RetryPolicy,
}

impl SyncClient {
    /// A client for the server at `base` (e.g. `http://127.0.0.1:8080`).
    pub fn new(base: &str) -> Result<Self> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| Error::Offline(e.to_string()))?;
        Ok(Self {
            http,
            endpoint: format!("{}/v1/sync", base.trim_end_matches('/')),
            retry: RetryPolicy::default(),
        })
    }

    /// Replaces the retry policy.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Sends one request, retrying transient failures with exponential backoff.
    pub async fn exchange(&self, request: &SyncRequest) -> Result<SyncResponse> {
        let body = encode(request).map_err(|e| Error::Document(e.to_string()))?;
        let mut delay = self.retry.first_delay;
        let mut attempt = 1;
        loop {
            match self.attempt(body.clone()).await {
                Err(Failure::Transient(why)) if attempt < self.retry.attempts => {
                    tracing::warn!(attempt, %why, "sync request failed; retrying");
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(self.retry.max_delay);
                    attempt += 1;
                }
                Err(Failure::Transient(why)) => return Err(Error::Offline(why)),
                Err(Failure::Final(e)) => return Err(e),
                Ok(response) => return Ok(response),
            }
        }
    }

    async fn attempt(&self, body: Vec<u8>) -> Result<SyncResponse, Failure> {
        let response = self
            .http
            .post(&self.endpoint)
            .header(reqwest::header::CONTENT_TYPE, CBOR)
            .header(reqwest::header::ACCEPT, CBOR)
            .body(body)
            .send()
            .await
            .map_err(|e| Failure::Transient(e.to_string()))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| Failure::Transient(e.to_string()))?;
        if status.is_success() {
            return decode(&bytes).map_err(|e| Failure::Final(Error::Document(e.to_string())));
        }
        let transient = status.is_server_error() || status.as_u16() == 429;
        let (code, message) = match serde_json::from_slice::<ErrorBody>(&bytes) {
            Ok(body) => (body.error.code, body.error.message),
            Err(_) => (ErrorCode::InternalError, format!("HTTP {status}")),
        };
        if transient {
            Err(Failure::Transient(format!("{code}: {message}")))
        } else {
            Err(Failure::Final(Error::Server { code, message }))
        }
    }
}

enum Failure {
    Transient(String),
    Final(Error),
}

/// The store seen as a sync replica: every step is one transaction.
#[derive(Debug)]
pub struct StoreReplica<'a> {
    store: &'a mut Store,
}

impl StoreReplica<'_> {
    fn row(&self, doc: &DocId) -> Result<DocRow> {
        Ok(self.store.load(doc)?.unwrap_or_else(|| DocRow {
            doc: Default::default(),
            meta: SyncMeta::default(),
        }))
    }
}

impl Replica for StoreReplica<'_> {
    type Error = Error;

    fn due(&mut self) -> Result<Vec<DocId>> {
        self.store.due()
    }

    fn offer(&mut self, doc: DocId) -> Result<DocOffer> {
        let mut row = self.row(&doc)?;
        Ok(exchange::offer(doc, &mut row.doc, &row.meta.acked))
    }

    fn take_reply(&mut self, reply: &DocReply) -> Result<()> {
        let mut row = self.row(&reply.doc)?;
        row.meta.acked = exchange::take_reply(&mut row.doc, reply)
            .map_err(|e| Error::Document(e.to_string()))?;
        self.store.save(&mut [(reply.doc, &mut row)])
    }

    fn take_snapshot(&mut self, snapshot: &DocSnapshot) -> Result<()> {
        let held = self.store.load(&snapshot.doc)?;
        let announced = held
            .as_ref()
            .map(|r| r.meta.announced.clone())
            .unwrap_or_default();
        let (doc, acked) = exchange::take_snapshot(held.map(|r| r.doc), snapshot)
            .map_err(|e| Error::Document(e.to_string()))?;
        let mut row = DocRow {
            doc,
            meta: SyncMeta { acked, announced },
        };
        self.store.save(&mut [(snapshot.doc, &mut row)])
    }

    fn take_announcement(&mut self, changed: &ChangedDoc) -> Result<()> {
        let mut row = self.row(&changed.doc)?;
        row.meta.announced = changed.heads.clone();
        self.store.save(&mut [(changed.doc, &mut row)])
    }

    fn cursor(&mut self) -> Result<Option<Cursor>> {
        Ok(self
            .store
            .setting("sync.cursor")?
            .and_then(|c| c.parse().ok())
            .map(Cursor))
    }

    fn set_cursor(&mut self, cursor: Cursor) -> Result<()> {
        self.store.set_setting("sync.cursor", &cursor.0.to_string())
    }
}

impl Workstation {
    /// This workstation's store as a sync replica (for stepping a [`Session`] by hand).
    pub fn replica(&mut self) -> StoreReplica<'_> {
        StoreReplica {
            store: &mut self.store,
        }
    }

    /// Syncs with the server until neither side has anything left to send.
    pub async fn sync(&mut self, client: &SyncClient) -> Result<SyncReport> {
        let mut session = Session::new(self.device, BATCH_DOCS);
        let mut replica = self.replica();
        while let Some(request) = session.next_request(&mut replica)? {
            if session.report().round_trips >= MAX_ROUNDS {
                return Err(Error::Offline("the sync did not settle; try again".into()));
            }
            let response = client.exchange(&request).await?;
            session.take_response(&mut replica, &request, &response)?;
        }
        self.store
            .set_setting("sync.last_success", &crate::clock::now())?;
        Ok(session.finish())
    }
}
