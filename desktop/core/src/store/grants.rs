//! Break-glass grants made on this workstation, and what is known of a patient's place.

use rusqlite::{OptionalExtension, params};

use super::Store;
use crate::error::Result;

/// A grant waiting to reach the server's audit.
#[derive(Debug, Clone)]
pub(crate) struct WaitingGrant {
    pub grant_id: String,
    pub patient_id: String,
    pub reason: String,
    pub opened_at: String,
}

/// A grant as recorded here.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NewGrant<'a> {
    pub grant_id: &'a str,
    pub patient_id: &'a str,
    pub user_id: &'a str,
    pub reason: &'a str,
    pub opened_at: &'a str,
    pub expires_at: &'a str,
}

impl Store {
    /// Records a grant made here (to be uploaded).
    pub(crate) fn record_grant(&self, grant: NewGrant<'_>) -> Result<()> {
        self.conn.execute(
            "INSERT INTO break_glass (grant_id, patient_id, user_id, reason, opened_at, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                grant.grant_id,
                grant.patient_id,
                grant.user_id,
                grant.reason,
                grant.opened_at,
                grant.expires_at
            ],
        )?;
        Ok(())
    }

    /// When the last grant for `patient` ends (RFC 3339): anyone's, or `user`'s only.
    pub(crate) fn grant_ends(&self, patient: &str, user: Option<&str>) -> Result<Option<String>> {
        let ends: Option<String> = self.conn.query_row(
            "SELECT max(expires_at) FROM break_glass
             WHERE patient_id = ?1 AND (?2 IS NULL OR user_id = ?2)",
            params![patient, user],
            |r| r.get(0),
        )?;
        Ok(ends)
    }

    /// Grants `user_id` made that the server has not recorded yet (the server records a
    /// grant as the uploading session's user's, so each waits for its own maker's).
    pub(crate) fn grants_to_upload(&self, user_id: &str) -> Result<Vec<WaitingGrant>> {
        let mut stmt = self.conn.prepare(
            "SELECT grant_id, patient_id, reason, opened_at FROM break_glass
             WHERE uploaded = 0 AND user_id = ?1",
        )?;
        let waiting = stmt
            .query_map([user_id], |r| {
                Ok(WaitingGrant {
                    grant_id: r.get(0)?,
                    patient_id: r.get(1)?,
                    reason: r.get(2)?,
                    opened_at: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(waiting)
    }

    /// Notes that the server recorded `grant_id`.
    pub(crate) fn grant_uploaded(&self, grant_id: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE break_glass SET uploaded = 1 WHERE grant_id = ?1",
            [grant_id],
        )?;
        Ok(())
    }

    /// The ward `patient` is on here, unless the server said they left it.
    pub(crate) fn current_ward(&self, patient: &str) -> Result<Option<String>> {
        let ward: Option<String> = self
            .conn
            .query_row(
                "SELECT ward FROM patients WHERE patient_id = ?1",
                [patient],
                |r| r.get(0),
            )
            .optional()?;
        let departed: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM departures WHERE patient_id = ?1)",
            [patient],
            |r| r.get(0),
        )?;
        Ok(ward.filter(|_| !departed))
    }
}
