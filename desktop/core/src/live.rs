//! The server's live pushes (`GET /v1/live`, Server-Sent Events): while online, a
//! workstation holds the feed open and syncs whenever it says a patient on its wards
//! changed elsewhere, so edits arrive within a second instead of at the next poll.

use std::time::Duration;

use crate::api::{server_error, stamped};
use crate::error::{Error, Result};
use crate::session::Link;
use crate::session::needs_refresh;

/// Longest the workstation keeps one feed before opening a new one (the server ends
/// its feeds after five minutes).
const FEED_LIMIT: Duration = Duration::from_secs(330);

/// Longest silence on an open feed before it counts as broken: the server sends a
/// comment every 15 s, so this means the network went away without a word.
const FEED_SILENCE: Duration = Duration::from_secs(45);

/// An open feed of pushes.
#[derive(Debug)]
pub struct LiveFeed {
    response: reqwest::Response,
    buffer: Vec<u8>,
}

impl Link<'_> {
    /// Opens the server's feed of pushes as the logged-in session (renewed once if its
    /// access token expired). Holding it needs no access to the workstation.
    pub async fn live_feed(&self, server: &str) -> Result<LiveFeed> {
        let answer = match self.open_feed(server).await {
            Err(e) if needs_refresh(&e) => {
                self.refresh_session(server).await?;
                self.open_feed(server).await
            }
            other => other,
        };
        self.heed(answer)
    }

    async fn open_feed(&self, server: &str) -> Result<LiveFeed> {
        let token = self.access_token()?;
        let url = format!("{}/v1/live", server.trim_end_matches('/'));
        let response = stamped(self.feed_http()?.get(url))
            .bearer_auth(token)
            .header(reqwest::header::ACCEPT, "text/event-stream")
            .timeout(FEED_LIMIT)
            .send()
            .await
            .map_err(|e| Error::Offline(e.to_string()))?;
        let status = response.status();
        if !status.is_success() {
            let body = response.bytes().await.unwrap_or_default();
            return Err(server_error(status, &body));
        }
        Ok(LiveFeed {
            response,
            buffer: Vec::new(),
        })
    }
}

impl LiveFeed {
    /// Waits until the server says something changed: `Ok(true)`, or `Ok(false)` when
    /// the server ended the feed (open another); `Offline` when it broke or fell silent.
    pub async fn changed(&mut self) -> Result<bool> {
        Ok(self.next_change().await?.is_some())
    }

    /// [`Self::changed`], answering the position of the change in the server's change
    /// sequence (`Some(0)` when the server lost count and says only that something
    /// changed), or `None` when the feed ended. Pushes come in the order the changes
    /// were stored.
    pub async fn next_change(&mut self) -> Result<Option<i64>> {
        loop {
            while let Some(event) = self.next_event() {
                if event.lines().any(|l| l.trim_end() == "event: changed") {
                    return Ok(Some(sequence_of(&event)));
                }
            }
            let heard = tokio::time::timeout(FEED_SILENCE, self.response.chunk())
                .await
                .map_err(|_| Error::Offline("the live feed fell silent".into()))?;
            match heard {
                Ok(Some(bytes)) => self.buffer.extend_from_slice(&bytes),
                Ok(None) => return Ok(None),
                Err(e) => return Err(Error::Offline(e.to_string())),
            }
        }
    }

    /// The next whole event (its lines) taken off the buffer.
    fn next_event(&mut self) -> Option<String> {
        let end = self.buffer.windows(2).position(|w| w == b"\n\n")?;
        let event: Vec<u8> = self.buffer.drain(..end + 2).collect();
        Some(String::from_utf8_lossy(&event).into_owned())
    }
}

/// The sequence number a `changed` event carries (`data: {"seq":N}`), or 0.
fn sequence_of(event: &str) -> i64 {
    #[derive(serde::Deserialize)]
    struct Changed {
        seq: i64,
    }
    event
        .lines()
        .filter_map(|l| l.strip_prefix("data:"))
        .find_map(|data| serde_json::from_str::<Changed>(data.trim()).ok())
        .map_or(0, |c| c.seq)
}
