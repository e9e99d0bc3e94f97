//! What every request handler shares.

use std::sync::Arc;

use sqlx_postgres::PgPool;

use crate::cache::DocCache;

/// Shared server state: the database pool and the hot-document cache.
#[derive(Debug, Clone)]
pub struct AppState {
    /// PostgreSQL.
    pub pool: PgPool,
    /// Loaded documents.
    pub docs: Arc<DocCache>,
}

impl AppState {
    /// State over `pool` with a cache of `cache_docs` documents.
    pub fn new(pool: PgPool, cache_docs: usize) -> Self {
        Self {
            pool,
            docs: Arc::new(DocCache::new(cache_docs)),
        }
    }
}
