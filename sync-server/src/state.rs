//! What every request handler shares.

use std::sync::Arc;

use sqlx_postgres::PgPool;

use crate::cache::DocCache;
use crate::config::VideoSettings;
use crate::services::tokens::TokenKey;
use crate::store::users::server_key;

/// Shared server state: the database pool, the hot-document cache and the token key.
#[derive(Debug, Clone)]
pub struct AppState {
    /// PostgreSQL.
    pub pool: PgPool,
    /// Loaded documents.
    pub docs: Arc<DocCache>,
    /// Signs and checks access tokens.
    pub tokens: Arc<TokenKey>,
    /// The education-video provider.
    pub videos: Arc<VideoSource>,
}

/// The video-search provider's settings and an HTTP client for it.
#[derive(Debug)]
pub struct VideoSource {
    /// Settings.
    pub settings: VideoSettings,
    /// Client with the provider's timeout.
    pub http: reqwest::Client,
}

impl VideoSource {
    fn new(settings: VideoSettings) -> Self {
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_millis(settings.timeout_ms))
            .build()
            .unwrap_or_default();
        Self { settings, http }
    }
}

impl AppState {
    /// State over a migrated `pool` with a cache of `cache_docs` documents. The token key
    /// is read from the database (made on first start), so every replica shares it.
    pub async fn open(pool: PgPool, cache_docs: usize) -> Result<Self, sqlx_core::Error> {
        let key = server_key(&pool, "access_token", || TokenKey::generate().bytes()).await?;
        Ok(Self {
            pool,
            docs: Arc::new(DocCache::new(cache_docs)),
            tokens: Arc::new(TokenKey::from_bytes(&key)),
            videos: Arc::new(VideoSource::new(VideoSettings::default())),
        })
    }

    /// The same state with another video provider.
    pub fn with_videos(mut self, settings: VideoSettings) -> Self {
        self.videos = Arc::new(VideoSource::new(settings));
        self
    }
}
