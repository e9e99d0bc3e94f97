//! Finding the patient to break the glass for, by MRN or name: the server looks across
//! the hospital; offline, only the patients held here can be found.

use bedside_shared::PatientId;
use bedside_shared::break_glass::{Candidate, MAX_CANDIDATES, PatientLookup, check_lookup};
use serde::Serialize;

use crate::api::post_json;
use crate::chart::Charts;
use crate::error::{Error, Result};
use crate::session::needs_refresh;
use crate::store::queries::PatientSummary;

/// Patients a break-glass lookup found.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Lookup {
    /// The patients, those the server found first.
    pub candidates: Vec<Candidate>,
    /// The server was out of reach: only patients held on this workstation are listed.
    pub offline: bool,
}

fn candidate(p: PatientSummary) -> Option<Candidate> {
    Some(Candidate {
        patient_id: p.patient_id.parse::<PatientId>().ok()?.as_uuid(),
        mrn: p.mrn,
        given_name: p.given_name,
        family_name: p.family_name,
        birth_date: p.birth_date,
        ward: p.ward,
        bed: p.bed,
    })
}

impl Charts<'_> {
    /// Looks for patients by MRN or name across the hospital (through `server`, when
    /// given and reachable) and on this workstation, so the clinician chooses whom to
    /// break the glass for by what is on their wristband, never by an internal id.
    pub async fn look_up_patient(&self, server: Option<&str>, text: &str) -> Result<Lookup> {
        self.ws.access().ensure_unlocked()?;
        let text = check_lookup(text).map_err(|e| Error::Invalid(e.to_string()))?;
        let mut offline = true;
        let mut candidates = Vec::new();
        if let Some(server) = server {
            match self.ask_server(server, text).await {
                Ok(found) => {
                    offline = false;
                    candidates = found;
                }
                Err(Error::Offline(_)) => {}
                Err(e) => return Err(e),
            }
        }
        let held = self.ws.store().search(text, MAX_CANDIDATES)?;
        for p in held.into_iter().filter_map(candidate) {
            if !candidates.iter().any(|c| c.patient_id == p.patient_id) {
                candidates.push(p);
            }
        }
        candidates.truncate(MAX_CANDIDATES);
        Ok(Lookup {
            candidates,
            offline,
        })
    }

    async fn ask_server(&self, server: &str, text: &str) -> Result<Vec<Candidate>> {
        let body = PatientLookup { text: text.into() };
        let mut answer = self.post_lookup(server, &body).await;
        if answer.as_ref().is_err_and(needs_refresh) {
            self.ws.link().refresh_session(server).await?;
            answer = self.post_lookup(server, &body).await;
        }
        self.ws.link().heed(answer)
    }

    async fn post_lookup(&self, server: &str, body: &PatientLookup) -> Result<Vec<Candidate>> {
        let token = self.ws.link().access_token()?;
        let path = "/v1/break-glass/search";
        post_json(&self.ws.link().http()?, server, path, body, Some(&token)).await
    }
}
