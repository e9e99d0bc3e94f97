//! Education videos for a patient's problems: the hospital's curated catalog, matched by
//! ICD-10 code and keyword, and, when an API key is configured, a YouTube Data API v3
//! search (safe search strict, embeddable videos only), cached for a while. If the
//! provider fails (quota, error, timeout) the catalog answers alone and says why.
//!
//! The search sends the problems' words only: never a name, an MRN or an id.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::identity::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::videos::{self, Video};
use bedside_shared::education::Recommender;

/// `GET /v1/patients/{id}/education-videos` answer.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Recommendations {
    /// Who answered.
    pub source: Recommender,
    /// Catalog videos first, then the provider's.
    pub videos: Vec<Video>,
    /// Why the provider did not answer, when it was asked and failed.
    pub fallback_reason: Option<String>,
}

#[derive(Deserialize)]
struct SearchList {
    #[serde(default)]
    items: Vec<SearchItem>,
}

#[derive(Deserialize)]
struct SearchItem {
    id: ItemId,
    snippet: Snippet,
}

#[derive(Deserialize)]
struct ItemId {
    #[serde(rename = "videoId")]
    video_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Snippet {
    title: String,
    channel_title: String,
}

/// Asks the provider; `Err` carries a reason fit to show.
async fn search(state: &AppState, key: &str, words: &str) -> Result<Vec<Video>, String> {
    let settings = &state.videos.settings;
    let response = state
        .videos
        .http
        .get(format!("{}/search", settings.api_url.trim_end_matches('/')))
        .query(&[
            ("part", "snippet"),
            ("type", "video"),
            ("safeSearch", "strict"),
            ("videoEmbeddable", "true"),
            ("maxResults", "5"),
            ("q", words),
            ("key", key),
        ])
        .send()
        .await
        .map_err(|e| {
            // The error's text holds the URL and with it the key: log its kind only.
            tracing::warn!(timeout = e.is_timeout(), "video search failed in transit");
            if e.is_timeout() {
                "the video service did not answer in time".to_owned()
            } else {
                "the video service could not be reached".to_owned()
            }
        })?;
    let status = response.status();
    if status.as_u16() == 403 {
        tracing::warn!("video search refused: quota or key");
        return Err("the video service refused the search (quota used up or key refused)".into());
    }
    if !status.is_success() {
        tracing::warn!(status = status.as_u16(), "video search failed");
        return Err(format!(
            "the video service failed (HTTP {})",
            status.as_u16()
        ));
    }
    let list: SearchList = response
        .json()
        .await
        .map_err(|_| "the video service sent an answer that could not be read".to_owned())?;
    Ok(list
        .items
        .into_iter()
        .filter_map(|item| {
            let id = item.id.video_id?;
            Some(Video {
                url: format!("https://www.youtube.com/watch?v={id}"),
                video_id: id,
                title: item.snippet.title,
                channel: item.snippet.channel_title,
            })
        })
        .collect())
}

/// Videos for the active problems of `patient`.
pub async fn recommend(
    state: &AppState,
    caller: &Caller,
    patient: Uuid,
) -> Result<Recommendations, ApiError> {
    let problems = super::charts::active_problems(state, caller, patient).await?;
    let codes: Vec<String> = problems.iter().map(|(code, _)| code.clone()).collect();
    let texts: Vec<String> = problems
        .iter()
        .map(|(_, text)| text.to_lowercase())
        .collect();
    let mut found = videos::matching(&state.pool, &codes, &texts).await?;
    let key = state
        .videos
        .settings
        .api_key
        .as_ref()
        .map(secrecy::ExposeSecret::expose_secret);
    let (Some(key), false) = (key, texts.is_empty()) else {
        return Ok(Recommendations {
            source: Recommender::Catalog,
            videos: found,
            fallback_reason: None,
        });
    };
    let words = format!("{} patient education", texts.join(" "));
    let max_age = state.videos.settings.cache_secs;
    if let Some(cached) = videos::cached(&state.pool, &words, max_age).await? {
        found.extend(cached);
        return Ok(Recommendations {
            source: Recommender::YoutubeCache,
            videos: found,
            fallback_reason: None,
        });
    }
    match search(state, key, &words).await {
        Ok(fresh) => {
            videos::cache(&state.pool, &words, &fresh).await?;
            found.extend(fresh);
            Ok(Recommendations {
                source: Recommender::Youtube,
                videos: found,
                fallback_reason: None,
            })
        }
        Err(reason) => Ok(Recommendations {
            source: Recommender::Catalog,
            videos: found,
            fallback_reason: Some(reason),
        }),
    }
}
