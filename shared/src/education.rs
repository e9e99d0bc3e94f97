//! Patient-education videos as the server recommends them and workstations keep them.

use serde::{Deserialize, Serialize};

/// Who answered a request for a patient's videos.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Recommender {
    /// The curated catalog only.
    Catalog,
    /// The catalog and a fresh provider search.
    Youtube,
    /// The catalog and a cached provider search.
    YoutubeCache,
    /// A source this workstation's version does not know (a newer server's).
    #[serde(other)]
    Other,
}

/// A recommended video.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Video {
    /// The provider's id, or the catalog's.
    pub video_id: String,
    /// Title.
    pub title: String,
    /// Where to watch it.
    pub url: String,
    /// Who published it.
    pub channel: String,
}
