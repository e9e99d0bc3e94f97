//! Live pushes. When a sync commits, PostgreSQL carries "these wards changed" to every
//! server replica (`NOTIFY`, delivered only if the transaction commits); each replica
//! passes it to its workstations of those wards that hold `GET /v1/live` open, which
//! then sync. A push names no document or patient: it only says "sync now".

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx_postgres::{PgListener, PgPool};
use tokio::sync::broadcast;
use uuid::Uuid;

/// The PostgreSQL channel the replicas listen on.
pub const CHANNEL: &str = "bedside_changes";
/// Pushes a slow listener may fall behind by before it is told to sync anyway.
const BACKLOG: usize = 1024;

/// One committed sync batch, as the replicas hear of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changed {
    /// Its sequence number.
    pub seq: i64,
    /// The workstation that wrote it (it needs no push).
    pub device: Uuid,
    /// The wards of the patients it touched (and wards they just left).
    pub wards: Vec<String>,
}

/// What a replica's listeners hear.
#[derive(Debug, Clone)]
pub enum Push {
    /// A batch was committed.
    Changed(Arc<Changed>),
    /// The server is shutting down: end every open feed.
    Closing,
}

/// The replica's side of live pushes.
#[derive(Debug)]
pub struct Live {
    sender: broadcast::Sender<Push>,
    listening: AtomicBool,
    closing: AtomicBool,
}

impl Default for Live {
    fn default() -> Self {
        Self {
            sender: broadcast::channel(BACKLOG).0,
            listening: AtomicBool::new(false),
            closing: AtomicBool::new(false),
        }
    }
}

impl Live {
    /// A receiver of every push from now on, or `None` once the server is closing (a
    /// feed opened then would hold graceful shutdown up for its whole life).
    pub fn subscribe(&self) -> Option<broadcast::Receiver<Push>> {
        let receiver = self.sender.subscribe();
        // Checked after subscribing: a close that comes later reaches the receiver.
        (!self.closing.load(Ordering::SeqCst)).then_some(receiver)
    }

    /// Ends every open feed and refuses new ones (graceful shutdown waits for open
    /// connections).
    pub fn close(&self) {
        self.closing.store(true, Ordering::SeqCst);
        let _ = self.sender.send(Push::Closing);
    }

    /// Opens for feeds and starts listening to PostgreSQL for this replica (once).
    pub fn start(self: &Arc<Self>, pool: &PgPool) {
        self.closing.store(false, Ordering::SeqCst);
        if self.listening.swap(true, Ordering::SeqCst) {
            return;
        }
        tokio::spawn(listen(self.clone(), pool.clone()));
    }
}

/// Tells every replica, when `tx` commits, that batch `seq` from `device` touched
/// `wards`.
pub async fn announce(
    tx: &mut sqlx_postgres::PgConnection,
    seq: i64,
    device: Uuid,
    wards: Vec<String>,
) -> Result<(), sqlx_core::Error> {
    let payload =
        serde_json::to_string(&Changed { seq, device, wards }).expect("a change notice serializes");
    sqlx_core::query::query("SELECT pg_notify($1, $2)")
        .bind(CHANNEL)
        .bind(payload)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

async fn listen(live: Arc<Live>, pool: PgPool) {
    let mut wait = Duration::from_millis(250);
    while !pool.is_closed() {
        match hear(&live, &pool).await {
            Ok(()) => return,
            Err(e) => {
                tracing::warn!(error = %e, "live pushes paused; listening again");
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(30));
            }
        }
    }
}

/// Passes notifications on until the pool closes (`Ok`) or the listener fails.
async fn hear(live: &Live, pool: &PgPool) -> Result<(), sqlx_core::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    loop {
        let note = match listener.recv().await {
            Ok(note) => note,
            Err(sqlx_core::Error::PoolClosed) => return Ok(()),
            Err(e) => return Err(e),
        };
        match serde_json::from_str::<Changed>(note.payload()) {
            Ok(changed) => {
                let _ = live.sender.send(Push::Changed(Arc::new(changed)));
            }
            Err(_) => tracing::warn!("an unreadable change notice was ignored"),
        }
    }
}
