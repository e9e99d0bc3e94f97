//! Server configuration: a TOML file (optional) overridden by environment variables.
//!
//! | setting        | env                  | default          |
//! |----------------|----------------------|------------------|
//! | `database_url` | `DATABASE_URL`       | (required)       |
//! | `listen`       | `BEDSIDE_LISTEN`     | `127.0.0.1:8080` |
//! | `cache_docs`   | `BEDSIDE_CACHE_DOCS` | `10000`          |

use std::path::Path;

use serde::Deserialize;

/// Everything the server needs to start.
#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    /// PostgreSQL connection URL.
    pub database_url: String,
    /// `host:port` to listen on.
    #[serde(default = "default_listen")]
    pub listen: String,
    /// How many documents the in-memory cache keeps loaded.
    #[serde(default = "default_cache_docs")]
    pub cache_docs: usize,
}

fn default_listen() -> String {
    "127.0.0.1:8080".into()
}

fn default_cache_docs() -> usize {
    10_000
}

/// Configuration that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config file {0}: {1}")]
    Read(String, std::io::Error),
    /// The file or an environment value is malformed.
    #[error("invalid configuration: {0}")]
    Invalid(String),
    /// No database URL anywhere.
    #[error("DATABASE_URL is not set (environment or database_url in the config file)")]
    NoDatabase,
}

#[derive(Debug, Default, Deserialize)]
struct FileConfig {
    database_url: Option<String>,
    listen: Option<String>,
    cache_docs: Option<usize>,
}

impl Config {
    /// Reads `file` if given, then applies environment overrides.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let from_file: FileConfig = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| ConfigError::Read(path.display().to_string(), e))?;
                toml::from_str(&text).map_err(|e| ConfigError::Invalid(e.to_string()))?
            }
            None => FileConfig::default(),
        };
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let cache_docs = match env("BEDSIDE_CACHE_DOCS") {
            Some(v) => Some(
                v.parse()
                    .map_err(|_| ConfigError::Invalid("BEDSIDE_CACHE_DOCS".into()))?,
            ),
            None => from_file.cache_docs,
        };
        Ok(Self {
            database_url: env("DATABASE_URL")
                .or(from_file.database_url)
                .ok_or(ConfigError::NoDatabase)?,
            listen: env("BEDSIDE_LISTEN")
                .or(from_file.listen)
                .unwrap_or_else(default_listen),
            cache_docs: cache_docs.unwrap_or_else(default_cache_docs),
        })
    }
}
