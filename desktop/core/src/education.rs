//! Education videos on the workstation: the server's recommendations for a patient,
//! kept for use offline, and the record that a video was shared with the patient.

use bedside_shared::access::Collection;
use bedside_shared::chart::VideoShared;
use bedside_shared::education::Recommender;
use bedside_shared::validate::Rules;
use bedside_shared::{PatientId, RecordId};
use serde::{Deserialize, Serialize};

use crate::api::get_json;
use crate::chart::Charts;
use crate::error::{Error, Result};
use crate::session::needs_refresh;
use crate::store::records::Kept;

pub use bedside_shared::education::Video;

/// Recommendations for one patient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Recommendations {
    /// Who answered.
    pub source: Recommender,
    /// The videos.
    pub videos: Vec<Video>,
    /// Why the video provider did not answer, if it failed.
    pub fallback_reason: Option<String>,
    /// When the server answered (device clock).
    #[serde(default)]
    pub fetched_at: String,
    /// True when this is the list kept from an earlier answer (the server is out of reach).
    #[serde(default)]
    pub offline: bool,
}

impl Charts<'_> {
    /// Asks the server for a patient's education videos and keeps the answer; while the
    /// server is out of reach, the last answer kept is returned, marked offline.
    pub async fn education_videos(
        &self,
        server: &str,
        patient: PatientId,
    ) -> Result<Recommendations> {
        self.may_open(&patient.to_string())?;
        let path = format!("/v1/patients/{patient}/education-videos");
        let mut answer = self.ask(server, &path).await;
        if answer.as_ref().is_err_and(needs_refresh) {
            self.ws.link().refresh_session(server).await?;
            answer = self.ask(server, &path).await;
        }
        match answer {
            Ok(mut fresh) => {
                fresh.fetched_at = self.ws.store().now();
                let body = serde_json::to_string(&fresh)?;
                self.ws
                    .store()
                    .keep_recommendations(patient, &fresh.fetched_at, &body)?;
                Ok(fresh)
            }
            Err(Error::Offline(why)) => {
                let mut list = self.kept(patient)?.ok_or(Error::Offline(why))?;
                list.offline = true;
                Ok(list)
            }
            Err(e) => self.ws.link().heed(Err(e)),
        }
    }

    /// A video from the recommendations last kept for the patient, for opening in the
    /// system browser: only web addresses from that list are ever opened.
    pub fn kept_video(&self, patient: PatientId, video_id: &str) -> Result<Video> {
        self.may_open(&patient.to_string())?;
        let list = self.kept(patient)?.ok_or(Error::NotFound("video"))?;
        let video = list
            .videos
            .into_iter()
            .find(|v| v.video_id == video_id)
            .ok_or(Error::NotFound("video"))?;
        if !(video.url.starts_with("https://") || video.url.starts_with("http://")) {
            return Err(Error::Invalid("that video has no web address".into()));
        }
        Ok(video)
    }

    /// The recommendations last kept for the patient.
    fn kept(&self, patient: PatientId) -> Result<Option<Recommendations>> {
        let body = self.ws.store().kept_recommendations(patient)?;
        body.map(|b| serde_json::from_str(&b).map_err(Error::from))
            .transpose()
    }

    async fn ask(&self, server: &str, path: &str) -> Result<Recommendations> {
        let token = self.ws.link().access_token()?;
        get_json(&self.ws.link().http()?, server, path, &token).await
    }

    /// Records in the chart that `video` was shared with the patient.
    pub fn share_video(&self, patient: PatientId, video: &Video) -> Result<RecordId> {
        let shared = VideoShared {
            video_id: video.video_id.clone(),
            title: video.title.clone(),
            url: video.url.clone(),
            shared_by: self.ws.author()?,
            shared_at: self.ws.store().now(),
        };
        shared.check()?;
        self.ensure_may_write(Collection::Education)?;
        let id =
            self.edit_clinical_entries(patient, |c| Ok(c.add(VideoShared::COLLECTION, &shared)?))?;
        self.ws
            .audit("video_shared", Some(&patient.to_string()), &video.video_id)?;
        Ok(id)
    }
}
