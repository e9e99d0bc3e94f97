//! The queue of signed audit events waiting to reach the server.

use rusqlite::params;

use super::Store;
use crate::error::Result;

/// What the server made of an uploaded event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Answered {
    /// Kept in its log.
    Stored,
    /// Refused (kept here, never sent again).
    Refused,
}

impl Store {
    /// Queues a signed event (its JSON body) for upload.
    pub(crate) fn queue_event(&self, event_id: &str, body: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO audit_queue (event_id, body) VALUES (?1, ?2)",
            params![event_id, body],
        )?;
        Ok(())
    }

    /// Events waiting for upload.
    pub(crate) fn events_waiting(&self) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM audit_queue WHERE state = 0",
            [],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or_default())
    }

    /// The bodies of the oldest `limit` waiting events.
    pub(crate) fn events_to_upload(&self, limit: usize) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT body FROM audit_queue WHERE state = 0 ORDER BY event_id LIMIT ?1")?;
        let bodies = stmt
            .query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(bodies)
    }

    /// Notes the server's answer for `event_id`.
    pub(crate) fn event_answered(&self, event_id: &str, answer: Answered) -> Result<()> {
        let state = match answer {
            Answered::Stored => 1,
            Answered::Refused => 2,
        };
        self.conn.execute(
            "UPDATE audit_queue SET state = ?1 WHERE event_id = ?2",
            params![state, event_id],
        )?;
        Ok(())
    }
}
