//! What every request handler shares.

use std::sync::Arc;
use std::time::Duration;

use bedside_shared::clock::{Clock, SystemClock};
use sqlx_postgres::PgPool;
use tokio::sync::Semaphore;

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
    /// How long a client may take over its request.
    pub limits: Limits,
    /// Permits for requests that carry a large body (sync, audit uploads, blobs), so a
    /// crowd of them cannot hold the server's memory.
    pub large_bodies: Arc<Semaphore>,
    /// Where the server reads the time of day for what it decides by it (tokens, codes,
    /// proofs, grants, lockouts): the system's, or a test's.
    pub clock: Arc<dyn Clock>,
}

/// How long a client may take over its request before the server lets go of it.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// From the connection (or the previous request on it) to the end of the headers.
    pub header_read: Duration,
    /// Silence between two pieces of a request body.
    pub body_idle: Duration,
    /// Longest wait for a large-body permit before answering 503.
    pub large_body_wait: Duration,
}

/// Requests with a large body served at once; the rest wait for a permit.
pub const LARGE_BODIES_AT_ONCE: usize = 8;

impl Default for Limits {
    fn default() -> Self {
        Self {
            header_read: Duration::from_secs(10),
            body_idle: Duration::from_secs(30),
            large_body_wait: Duration::from_secs(30),
        }
    }
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
            .timeout(Duration::from_millis(settings.timeout_ms))
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
            limits: Limits::default(),
            large_bodies: Arc::new(Semaphore::new(LARGE_BODIES_AT_ONCE)),
            clock: Arc::new(SystemClock),
        })
    }

    /// The same state reading the time of day from `clock`.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
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
