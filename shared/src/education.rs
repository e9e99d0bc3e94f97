//! Patient-education videos as the server recommends them and workstations keep them.

use serde::{Deserialize, Serialize};

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
