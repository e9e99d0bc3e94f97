//! `GET /v1/live`: a Server-Sent Events feed telling a workstation to sync when a
//! patient on its wards changed elsewhere. Each event is `changed` with the batch's
//! sequence number; it carries no patient data. The feed ends after
//! [`FEED_SECONDS`] (the workstation reconnects with a current token) and when the
//! server shuts down.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use bedside_shared::error::{ErrorBody, ErrorCode};
use futures::Stream;
use metrics::gauge;
use tokio::sync::broadcast::error::RecvError;
use tokio::time::{Instant, timeout_at};

use super::auth::Authenticated;
use crate::error::ApiError;
use crate::prometheus;
use crate::services::identity::Caller;
use crate::services::live::{Changed, Push};
use crate::state::AppState;

/// Longest life of one feed.
pub const FEED_SECONDS: u64 = 300;

/// Opens the caller's feed of pushes.
#[utoipa::path(get, path = "/v1/live", tag = "sync", security(("bearer" = [])), responses((status = 200, content_type = "text/event-stream", description = "`changed` events, each with data {\"seq\": n}; a comment every 15 s keeps it open"), (status = 401, description = "No valid session", body = ErrorBody), (status = 403, description = "The workstation is revoked", body = ErrorBody), (status = 503, description = "The server is shutting down", body = ErrorBody)))]
pub async fn live(
    State(state): State<AppState>,
    Authenticated(caller, _): Authenticated,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    // A server that is closing opens no feed: graceful shutdown would wait for it.
    let receiver = state
        .live
        .subscribe()
        .ok_or_else(|| ApiError::new(ErrorCode::Unavailable, "the server is shutting down"))?;
    let until = Instant::now() + Duration::from_secs(FEED_SECONDS);
    let open = FeedOpen::new();
    let feed = futures::stream::unfold((receiver, open), move |(mut receiver, open)| {
        let caller = caller.clone();
        async move {
            loop {
                let push = match timeout_at(until, receiver.recv()).await {
                    Err(_) | Ok(Err(RecvError::Closed)) | Ok(Ok(Push::Closing)) => return None,
                    // Fell behind: whatever was missed, a sync catches up.
                    Ok(Err(RecvError::Lagged(_))) => None,
                    Ok(Ok(Push::Changed(changed))) => Some(changed),
                };
                match push {
                    Some(changed) if !concerns(&caller, &changed) => continue,
                    Some(changed) => {
                        return Some((Ok(changed_event(changed.seq)), (receiver, open)));
                    }
                    None => return Some((Ok(changed_event(0)), (receiver, open))),
                }
            }
        }
    });
    Ok(Sse::new(feed).keep_alive(KeepAlive::default()))
}

/// One open feed, counted in [`prometheus::LIVE_FEEDS`] for as long as it lives.
struct FeedOpen;

impl FeedOpen {
    fn new() -> Self {
        gauge!(prometheus::LIVE_FEEDS).increment(1.0);
        Self
    }
}

impl Drop for FeedOpen {
    fn drop(&mut self) {
        gauge!(prometheus::LIVE_FEEDS).decrement(1.0);
    }
}

/// True when `changed` touched the caller's wards and came from another workstation.
fn concerns(caller: &Caller, changed: &Changed) -> bool {
    changed.device != caller.device_id && changed.wards.iter().any(|w| caller.wards.contains(w))
}

fn changed_event(seq: i64) -> Event {
    Event::default()
        .event("changed")
        .data(format!("{{\"seq\":{seq}}}"))
}
