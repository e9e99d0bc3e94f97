//! What stays on this workstation: the patients of its wards, plus charts opened with
//! break-glass while their grant lasts. Patients who left (transferred to another ward,
//! or whose grant expired) are purged once their pending edits were acknowledged.

use bedside_shared::PatientId;
use bedside_shared::break_glass::{BreakGlass, Granted, check_reason};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::api::post_json;
use crate::chart::Charts;
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::store::grants::{NewGrant, WaitingGrant};
use crate::workstation::Workstation;

/// A chart opened outside the wards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// Its id.
    pub grant_id: Uuid,
    /// Whose chart.
    pub patient_id: PatientId,
    /// When it ends (RFC 3339).
    pub expires_at: String,
}

fn later_than(at: &str, now: OffsetDateTime) -> bool {
    OffsetDateTime::parse(at, &Rfc3339).is_ok_and(|t| t > now)
}

impl Charts<'_> {
    /// Opens `patient`'s chart outside this workstation's wards, for the logged-in
    /// clinician, giving `reason`. Works offline; the grant is sent to the server's audit
    /// on the next sync, and (online) brings the chart to the workstation.
    pub fn break_glass(&self, patient: PatientId, reason: &str) -> Result<Grant> {
        self.ws.access().ensure_unlocked()?;
        let clinician = self
            .ws
            .access()
            .logged_in()
            .ok_or_else(|| Error::Forbidden("log in to open a chart".into()))?;
        let reason = check_reason(reason).map_err(|e| Error::Invalid(e.to_string()))?;
        let opened = self.ws.store().now_utc();
        let expires = opened + self.ws.presence.break_glass_for();
        let grant = Grant {
            grant_id: Uuid::now_v7(),
            patient_id: patient,
            expires_at: stamp(expires),
        };
        self.ws.store().record_grant(NewGrant {
            grant_id: &grant.grant_id.to_string(),
            patient_id: &patient.to_string(),
            user_id: &clinician.user_id,
            reason,
            opened_at: &stamp(opened),
            expires_at: &grant.expires_at,
        })?;
        self.ws.store().clear_departure(&patient)?;
        tracing::info!("break-glass access opened");
        Ok(grant)
    }

    /// True when the logged-in clinician holds a live grant for `patient` here.
    fn granted(&self, patient: &str) -> Result<bool> {
        let Some(clinician) = self.ws.access().logged_in() else {
            return Ok(false);
        };
        let latest = self
            .ws
            .store()
            .grant_ends(patient, Some(&clinician.user_id))?;
        Ok(latest.is_some_and(|at| later_than(&at, self.ws.store().now_utc())))
    }

    /// Checks that the chart of `patient` may be opened here: the patient is on one of
    /// this workstation's wards, or the clinician broke the glass for them. Opening it is
    /// audited (`chart_open`) once, until it is closed ([`Self::close_chart`]), another
    /// chart is opened, or the session ends or locks: reading the open chart again (a
    /// reload after a sync, its timeline, a thumbnail) is not another opening.
    pub fn may_open(&self, patient: &str) -> Result<()> {
        self.ws.access().ensure_unlocked()?;
        let Some((_, wards)) = self.ws.link().enrollment()? else {
            // Not enrolled: the workstation holds only what it made itself.
            return Ok(());
        };
        let ward = self.ws.store().current_ward(patient)?;
        let on_ward = ward.is_some_and(|w| wards.contains(&w));
        if on_ward || self.granted(patient)? {
            if self.ws.presence.opens(patient) {
                self.ws.audit("chart_open", Some(patient), "chart")?;
            }
            Ok(())
        } else {
            Err(Error::Forbidden(
                "this patient is not on this workstation's wards; open the chart with \
                 break-glass and a reason"
                    .into(),
            ))
        }
    }

    /// The clinician left the chart that was open; the next reading of it opens it again.
    pub fn close_chart(&self) {
        self.ws.presence.close_chart();
    }
}

impl Workstation {
    /// Sends the grants the logged-in clinician made here that the server has not
    /// recorded yet. A colleague's wait for their own online session: the server records
    /// a grant, its reason and the access it gives as the uploading session's user's.
    pub(crate) async fn upload_grants(&self, server: &str, token: &str) -> Result<()> {
        let Some(clinician) = self.access().logged_in() else {
            return Ok(());
        };
        let waiting = self.store().grants_to_upload(&clinician.user_id)?;
        let http = self.link().http()?;
        for WaitingGrant {
            grant_id,
            patient_id,
            reason,
            opened_at,
        } in waiting
        {
            let body = BreakGlass {
                grant_id: grant_id
                    .parse()
                    .map_err(|_| Error::Damaged("break-glass grant id"))?,
                patient_id: patient_id
                    .parse()
                    .map_err(|_| Error::Damaged("patient id"))?,
                reason,
                opened_at,
            };
            let answer: Result<Granted> =
                post_json(&http, server, "/v1/break-glass", &body, Some(token)).await;
            self.link().heed(answer)?;
            self.store().grant_uploaded(&grant_id)?;
        }
        Ok(())
    }

    /// Purges patients who left this workstation's reach, unless something of theirs
    /// still waits to upload or a live grant keeps them. Returns how many were purged.
    pub fn purge_departed(&self) -> Result<usize> {
        let Some((_, wards)) = self.link().enrollment()? else {
            return Ok(0);
        };
        let mut store = self.store();
        let now = store.now_utc();
        let mut purged = 0;
        for patient in store.leaving(&wards)? {
            let any_grant_live = store.grant_ends(&patient, None)?;
            if any_grant_live.is_some_and(|at| later_than(&at, now))
                || store.has_pending(&patient)?
            {
                continue;
            }
            store.purge_patient(&patient)?;
            purged += 1;
        }
        if purged > 0 {
            tracing::info!(purged, "patients outside this workstation's wards purged");
            store.set_setting("scope.last_purge", &store.now())?;
        }
        Ok(purged)
    }
}
