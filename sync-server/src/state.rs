//! What every request handler shares.

use std::sync::Arc;

use sqlx_postgres::PgPool;

use crate::cache::DocCache;
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
        })
    }
}
