//! What every request handler shares.

use std::sync::Arc;

use sqlx_postgres::PgPool;

use crate::blobstore::BlobStore;
use crate::cache::DocCache;
use crate::config::{DocumentSettings, VideoSettings};
use crate::services::live::Live;
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
    /// Where document blobs are kept, once configured.
    pub blobs: Option<Arc<BlobStore>>,
    /// Document limits.
    pub documents: Arc<DocumentSettings>,
    /// True when this server speaks HTTPS (for the addresses it hands out).
    pub https: bool,
    /// Live pushes to connected workstations.
    pub live: Arc<Live>,
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
            blobs: None,
            documents: Arc::new(DocumentSettings::default()),
            https: false,
            live: Arc::new(Live::default()),
        })
    }

    /// The same state keeping documents as `settings` say (opening the blob store).
    pub async fn with_documents(mut self, settings: DocumentSettings) -> anyhow::Result<Self> {
        let key = server_key(&self.pool, "blob_urls", || {
            let mut key = vec![0u8; 32];
            rand::RngCore::fill_bytes(&mut rand::rng(), &mut key);
            key
        })
        .await?;
        self.blobs = Some(Arc::new(BlobStore::open(&settings.store, key)?));
        self.documents = Arc::new(settings);
        Ok(self)
    }

    /// The same state with another video provider.
    pub fn with_videos(mut self, settings: VideoSettings) -> Self {
        self.videos = Arc::new(VideoSource::new(settings));
        self
    }
}
