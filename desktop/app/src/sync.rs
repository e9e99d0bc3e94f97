//! Background sync: at once after a command changed the chart here, at once on the
//! server's live pushes, at once when a server out of reach answers again (it is asked
//! every second), and every `BEDSIDE_SYNC_SECS` (default 15) as a fallback, while a
//! clinician is logged in and the session is not locked; it also locks an idle session.
//! The window hears `bedside://status` whenever the state changes,
//! `bedside://progress` after each round trip of a sync, and `bedside://changed` after a
//! sync that changed what the store holds.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use bedside_client::live::LiveFeed;
use bedside_client::{RetryPolicy, SyncClient, SyncProgress, Workstation};
use bedside_shared::access::Permissions;
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::Engine;
use crate::commands::session::AppStatus;
use crate::commands::{Answer, CommandError};

/// How often a server out of reach is asked whether it is back, at first.
const ASK_IF_BACK: Duration = Duration::from_secs(1);
/// The longest wait between two questions, reached when the server keeps saying it is
/// ready while its syncs still fail (each such failure doubles the wait).
const ASK_IF_BACK_AT_MOST: Duration = Duration::from_secs(30);

/// What the last sync did.
#[derive(Debug, Default)]
pub struct SyncState(Mutex<SyncInfo>);

#[derive(Debug, Default, Clone)]
struct SyncInfo {
    online: Option<bool>,
    /// Syncs under way ("Sync now" may wait behind the background one).
    syncing: u32,
    last_error: Option<String>,
}

impl SyncState {
    fn get(&self) -> SyncInfo {
        self.0.lock().map(|s| s.clone()).unwrap_or_default()
    }

    fn set(&self, change: impl FnOnce(&mut SyncInfo)) {
        if let Ok(mut info) = self.0.lock() {
            change(&mut info);
        }
    }
}

/// The status the window shows.
pub fn status_of(ws: &Workstation, sync: &SyncState) -> Answer<AppStatus> {
    let info = sync.get();
    let enrollment = ws.link().enrollment()?;
    let clinician = ws.access().logged_in();
    let may = Permissions::of(clinician.as_ref().map_or(&[], |c| &c.roles));
    Ok(AppStatus {
        store: ws.status()?,
        uploads_waiting: ws.documents().uploads_waiting()?.len(),
        enrolled: enrollment.is_some(),
        server: ws.link().server()?,
        wards: enrollment.map(|(_, wards)| wards).unwrap_or_default(),
        clinician,
        may,
        locked: ws.access().is_locked(),
        online: info.online,
        syncing: info.syncing > 0,
        last_error: info.last_error,
    })
}

fn announce<R: Runtime>(app: &AppHandle<R>, ws: &Workstation, sync: &SyncState) {
    if let Ok(status) = status_of(ws, sync) {
        let _ = app.emit("bedside://status", status);
    }
}

/// One sync, if a clinician is logged in and the session is unlocked.
pub async fn sync_once<R: Runtime>(app: &AppHandle<R>, engine: &Engine, sync: &SyncState) {
    let Ok(ws) = engine.workstation() else {
        return;
    };
    if ws.access().lock_if_idle(Instant::now()) {
        announce(app, ws, sync);
        return;
    }
    let Some(server) = ws.link().server().ok().flatten() else {
        return;
    };
    if ws.access().logged_in().is_none() || ws.access().logged_in().is_some_and(|c| c.offline) {
        return;
    }
    sync.set(|s| s.syncing += 1);
    announce(app, ws, sync);
    tracing::debug!("sync started");
    // Round trips whose answers were taken in: they changed the store even if a later
    // one failed.
    let mut landed = 0;
    let mut progress = |p: SyncProgress| {
        landed += 1;
        let _ = app.emit("bedside://progress", p);
    };
    let offline = sync.get().online == Some(false);
    let result = match SyncClient::new(&server) {
        // A server already out of reach is tried once a period: retries within the sync
        // would keep the status bar on "Syncing" through their whole backoff.
        Ok(client) if offline => {
            let client = client.with_retry(RetryPolicy::once());
            ws.sync_reporting(&client, &mut progress).await
        }
        Ok(client) => ws.sync_reporting(&client, &mut progress).await,
        Err(e) => Err(e),
    };
    // Only a sync that changed what the store holds makes the window reload what it
    // shows; an idle one would reload it every period for nothing.
    let changed = match &result {
        Ok(report) => report.brought_anything(),
        Err(_) => landed > 0,
    };
    match &result {
        Ok(report) => tracing::debug!(
            round_trips = report.round_trips,
            snapshots = report.snapshots,
            changes = report.changes_received,
            "sync finished"
        ),
        Err(e) => tracing::info!(error = %e, "sync did not go through"),
    }
    sync.set(|s| {
        s.syncing = s.syncing.saturating_sub(1);
        match &result {
            Ok(_) => {
                s.online = Some(true);
                s.last_error = None;
            }
            Err(bedside_client::Error::Offline(_)) => {
                s.online = Some(false);
                s.last_error = None;
            }
            Err(e) => {
                s.online = Some(true);
                s.last_error = Some(CommandError::from(e).message);
            }
        }
    });
    announce(app, ws, sync);
    if changed {
        let _ = app.emit("bedside://changed", ());
    }
}

/// Syncs every `every` for as long as the window is open, at once whenever a command
/// changed the chart here, and at once whenever the server's live feed says a patient on
/// the wards changed elsewhere.
pub async fn background<R: Runtime>(app: AppHandle<R>, every: Duration) {
    // The first sync runs at once.
    let mut next = tokio::time::Instant::now();
    let mut feed: Option<LiveFeed> = None;
    let mut ask_every = ASK_IF_BACK;
    loop {
        let engine = app.state::<Engine>();
        // Without a feed, nothing is ever pushed.
        let pushed = async {
            match feed.as_mut() {
                Some(open) => open.changed().await,
                None => std::future::pending().await,
            }
        };
        // Out of reach, there is no feed either: the server is asked every second
        // whether it is back, and synced with as soon as it is.
        // Only while a sync would run: not at the login screen, locked or logged in
        // offline.
        let out_of_reach =
            app.state::<SyncState>().get().online == Some(false) && would_sync(&engine);
        let back = async {
            if out_of_reach {
                until_back(&engine, ask_every).await;
            } else {
                std::future::pending::<()>().await;
            }
        };
        let woken = tokio::select! {
            _ = tokio::time::sleep_until(next) => Wake::Period,
            _ = engine.until_sync_asked() => Wake::Asked,
            heard = pushed => Wake::Pushed(heard),
            () = back => Wake::Back,
        };
        // An ended or broken feed is opened again after the sync below.
        match &woken {
            Wake::Pushed(Ok(true)) => tracing::debug!("pushed: a change on the wards"),
            Wake::Pushed(Ok(false)) => {
                tracing::debug!("the live feed ended");
                feed = None;
            }
            Wake::Pushed(Err(e)) => {
                tracing::info!(error = %e, "the live feed broke");
                feed = None;
            }
            Wake::Asked => tracing::debug!("a sync was asked for (an edit here, a new session)"),
            Wake::Back => tracing::debug!("the server answers again"),
            Wake::Period => {}
        }
        let sync = app.state::<SyncState>();
        sync_once(&app, &engine, &sync).await;
        // The next periodic sync is a full period after this one ended, however long it
        // took.
        let online = sync.get().online;
        ask_every = match (&woken, online) {
            (_, Some(true)) => ASK_IF_BACK,
            // Ready, yet the sync still failed: ask less often.
            (Wake::Back, _) => (ask_every * 2).min(ASK_IF_BACK_AT_MOST),
            _ => ask_every,
        };
        next = tokio::time::Instant::now() + every.max(Duration::from_secs(1));
        if online != Some(true) {
            feed = None;
        } else if feed.is_none() {
            feed = open_feed(&engine).await;
        }
    }
}

/// What woke the background sync.
enum Wake {
    Period,
    Asked,
    Pushed(bedside_client::Result<bool>),
    Back,
}

/// The server to sync with, while a sync would run: a clinician logged in online, the
/// session unlocked, a server enrolled.
fn server_to_sync(ws: &Workstation) -> Option<String> {
    let online = ws.access().logged_in().is_some_and(|c| !c.offline) && !ws.access().is_locked();
    ws.link().server().ok().flatten().filter(|_| online)
}

fn would_sync(engine: &Engine) -> bool {
    engine
        .workstation()
        .is_ok_and(|ws| server_to_sync(ws).is_some())
}

/// Returns once the workstation's server, out of reach, says it is ready again. Only
/// the address and the HTTP client are taken from the workstation; nothing of it is
/// held while the question is on the network.
async fn until_back(engine: &Engine, every: Duration) {
    loop {
        tokio::time::sleep(every).await;
        let asked = engine.workstation().ok().and_then(|ws| {
            let server = ws.link().server().ok().flatten()?;
            Some((SyncClient::new(&server).ok()?, ws.link().http().ok()?))
        });
        if let Some((client, http)) = asked
            && client.is_ready(&http).await
        {
            return;
        }
    }
}

/// The server's live feed, for a clinician logged in online with the session unlocked.
async fn open_feed(engine: &Engine) -> Option<LiveFeed> {
    let ws = engine.workstation().ok()?;
    let server = server_to_sync(ws)?;
    match ws.link().live_feed(&server).await {
        Ok(feed) => {
            tracing::debug!("live feed open");
            Some(feed)
        }
        Err(e) => {
            tracing::info!(error = %e, "no live feed");
            None
        }
    }
}
