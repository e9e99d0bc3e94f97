//! Server configuration: a TOML file (optional) overridden by environment variables.
//!
//! | setting        | env                  | default          |
//! |----------------|----------------------|------------------|
//! | `database_url` | `DATABASE_URL`       | (required)       |
//! | `listen`       | `BEDSIDE_LISTEN`     | `127.0.0.1:8080` |
//! | `cache_docs`   | `BEDSIDE_CACHE_DOCS` | `10000`          |
//! | `metrics_listen` | `BEDSIDE_METRICS_LISTEN` | `127.0.0.1:9464` (`off`: none) |
//! | `tls_cert`     | `BEDSIDE_TLS_CERT`   | (none: plain HTTP) |
//! | `tls_key`      | `BEDSIDE_TLS_KEY`    | (none)           |
//!
//! | `youtube_api_key` | `BEDSIDE_YOUTUBE_API_KEY` | (none: catalog only) |
//! | `youtube_url`  | `BEDSIDE_YOUTUBE_URL` | `https://www.googleapis.com/youtube/v3` |
//! | `video_cache_secs` | `BEDSIDE_VIDEO_CACHE_SECS` | `86400` |
//!
//! | `blob_store`   | `BEDSIDE_BLOB_STORE` | `folder` (or `s3`) |
//! | `blob_dir`     | `BEDSIDE_BLOB_DIR`   | `bedside-blobs`  |
//! | `s3_endpoint`  | `BEDSIDE_S3_ENDPOINT` | (AWS's own)     |
//! | `s3_region`    | `BEDSIDE_S3_REGION`  | `us-east-1`      |
//! | `s3_bucket`    | `BEDSIDE_S3_BUCKET`  | (required for s3) |
//! | `s3_access_key` | `BEDSIDE_S3_ACCESS_KEY` or `AWS_ACCESS_KEY_ID` | (required for s3) |
//! | `s3_secret_key` | `BEDSIDE_S3_SECRET_KEY` or `AWS_SECRET_ACCESS_KEY` | (required for s3) |
//! | `s3_path_style` | `BEDSIDE_S3_PATH_STYLE` | `false` |
//! | `document_max_bytes` | `BEDSIDE_DOCUMENT_MAX_BYTES` | `52428800` (50 MiB) |
//! | `document_types` | `BEDSIDE_DOCUMENT_TYPES` (comma-separated) | PDF, JPEG, PNG, plain text |
//! | `blob_grace_days` | `BEDSIDE_BLOB_GRACE_DAYS` | `35` (longer than backups are kept) |
//!
//! With `tls_cert` and `tls_key` (PEM files: the certificate chain and its private key)
//! the server speaks HTTPS only.

use std::path::{Path, PathBuf};

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
    /// `host:port` of the Prometheus listener (`GET /metrics`); `None` serves none.
    #[serde(default = "default_metrics_listen")]
    pub metrics_listen: Option<String>,
    /// HTTPS: certificate chain and private key (PEM), if the server terminates TLS.
    #[serde(default)]
    pub tls: Option<TlsFiles>,
    /// Where education-video searches go.
    #[serde(default)]
    pub videos: VideoSettings,
    /// Where document blobs are kept, and what is accepted.
    #[serde(default)]
    pub documents: DocumentSettings,
}

/// Where document blobs live.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub enum BlobStoreSettings {
    /// A folder on the server's disk, served by the server itself through short-lived
    /// signed URLs (the embedded default).
    Folder {
        /// The folder.
        dir: PathBuf,
    },
    /// An S3 bucket (AWS or any S3-compatible store) reached through presigned URLs.
    S3 {
        /// The endpoint, e.g. `https://s3.example.org`; AWS's own when absent.
        endpoint: Option<String>,
        /// Region.
        region: String,
        /// Bucket.
        bucket: String,
        /// Access key id.
        access_key: String,
        /// Secret key.
        secret_key: String,
        /// Address buckets as `endpoint/bucket` rather than `bucket.endpoint`.
        path_style: bool,
    },
}

/// Document storage and limits.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DocumentSettings {
    /// The blob store.
    pub store: BlobStoreSettings,
    /// The largest document accepted, in bytes.
    pub max_bytes: u64,
    /// The media types accepted.
    pub types: Vec<String>,
    /// Days a blob no live document refers to is kept before it is deleted: longer
    /// than the database backups are kept, so a chart restored from any of them finds
    /// every file it refers to.
    pub grace_days: u32,
}

impl Default for DocumentSettings {
    fn default() -> Self {
        Self {
            store: BlobStoreSettings::Folder {
                dir: "bedside-blobs".into(),
            },
            max_bytes: 50 * 1024 * 1024,
            types: ["application/pdf", "image/jpeg", "image/png", "text/plain"]
                .map(String::from)
                .to_vec(),
            grace_days: 35,
        }
    }
}

/// The video-search provider (the YouTube Data API v3) and its cache.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct VideoSettings {
    /// API key; without one only the catalog answers.
    pub api_key: Option<String>,
    /// Base URL of the API.
    pub api_url: String,
    /// How long a search answer is reused, in seconds.
    pub cache_secs: i64,
    /// How long to wait for the provider, in milliseconds.
    pub timeout_ms: u64,
}

impl Default for VideoSettings {
    fn default() -> Self {
        Self {
            api_key: None,
            api_url: "https://www.googleapis.com/youtube/v3".into(),
            cache_secs: 86_400,
            timeout_ms: 5_000,
        }
    }
}

/// The PEM files HTTPS is served with.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TlsFiles {
    /// Certificate chain, leaf first.
    pub cert: PathBuf,
    /// Private key of the leaf certificate.
    pub key: PathBuf,
}

fn default_listen() -> String {
    "127.0.0.1:8080".into()
}

fn default_cache_docs() -> usize {
    10_000
}

/// Loopback only: the metrics say how busy the server is, not for the ward's network.
fn default_metrics_listen() -> Option<String> {
    Some("127.0.0.1:9464".into())
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
    metrics_listen: Option<String>,
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
    youtube_api_key: Option<String>,
    youtube_url: Option<String>,
    video_cache_secs: Option<i64>,
    blob_store: Option<String>,
    blob_dir: Option<PathBuf>,
    s3_endpoint: Option<String>,
    s3_region: Option<String>,
    s3_bucket: Option<String>,
    s3_access_key: Option<String>,
    s3_secret_key: Option<String>,
    s3_path_style: Option<bool>,
    document_max_bytes: Option<u64>,
    document_types: Option<Vec<String>>,
    blob_grace_days: Option<u32>,
}

impl Config {
    /// Reads `file` if given, then applies overrides from the process environment.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let text = match file {
            Some(path) => Some(
                std::fs::read_to_string(path)
                    .map_err(|e| ConfigError::Read(path.display().to_string(), e))?,
            ),
            None => None,
        };
        Self::from_sources(text.as_deref(), |name| std::env::var(name).ok())
    }

    /// Builds the configuration from TOML text and an environment lookup.
    pub fn from_sources(
        file: Option<&str>,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let from_file: FileConfig = match file {
            Some(text) => toml::from_str(text).map_err(|e| ConfigError::Invalid(e.to_string()))?,
            None => FileConfig::default(),
        };
        let env = |name: &str| lookup(name).filter(|v| !v.is_empty());
        let cache_docs = match env("BEDSIDE_CACHE_DOCS") {
            Some(v) => Some(
                v.parse()
                    .map_err(|_| ConfigError::Invalid("BEDSIDE_CACHE_DOCS".into()))?,
            ),
            None => from_file.cache_docs,
        };
        let documents = documents(&from_file, &env)?;
        let defaults = VideoSettings::default();
        let videos = VideoSettings {
            api_key: env("BEDSIDE_YOUTUBE_API_KEY").or(from_file.youtube_api_key),
            api_url: env("BEDSIDE_YOUTUBE_URL")
                .or(from_file.youtube_url)
                .unwrap_or(defaults.api_url),
            cache_secs: match env("BEDSIDE_VIDEO_CACHE_SECS") {
                Some(v) => v
                    .parse()
                    .map_err(|_| ConfigError::Invalid("BEDSIDE_VIDEO_CACHE_SECS".into()))?,
                None => from_file.video_cache_secs.unwrap_or(defaults.cache_secs),
            },
            timeout_ms: defaults.timeout_ms,
        };
        Ok(Self {
            videos,
            documents,
            database_url: env("DATABASE_URL")
                .or(from_file.database_url)
                .ok_or(ConfigError::NoDatabase)?,
            listen: env("BEDSIDE_LISTEN")
                .or(from_file.listen)
                .unwrap_or_else(default_listen),
            cache_docs: cache_docs.unwrap_or_else(default_cache_docs),
            metrics_listen: match env("BEDSIDE_METRICS_LISTEN").or(from_file.metrics_listen) {
                Some(off) if off == "off" => None,
                Some(listen) => Some(listen),
                None => default_metrics_listen(),
            },
            tls: match (
                env("BEDSIDE_TLS_CERT")
                    .map(PathBuf::from)
                    .or(from_file.tls_cert),
                env("BEDSIDE_TLS_KEY")
                    .map(PathBuf::from)
                    .or(from_file.tls_key),
            ) {
                (Some(cert), Some(key)) => Some(TlsFiles { cert, key }),
                (None, None) => None,
                _ => {
                    return Err(ConfigError::Invalid(
                        "set both tls_cert and tls_key, or neither".into(),
                    ));
                }
            },
        })
    }
}

fn parsed<T: std::str::FromStr>(
    name: &str,
    value: Option<String>,
) -> Result<Option<T>, ConfigError> {
    value
        .map(|v| v.parse().map_err(|_| ConfigError::Invalid(name.into())))
        .transpose()
}

fn documents(
    file: &FileConfig,
    env: &impl Fn(&str) -> Option<String>,
) -> Result<DocumentSettings, ConfigError> {
    let defaults = DocumentSettings::default();
    let kind = env("BEDSIDE_BLOB_STORE").or(file.blob_store.clone());
    let store = match kind.as_deref().unwrap_or("folder") {
        "folder" => BlobStoreSettings::Folder {
            dir: env("BEDSIDE_BLOB_DIR")
                .map(PathBuf::from)
                .or(file.blob_dir.clone())
                .unwrap_or_else(|| "bedside-blobs".into()),
        },
        "s3" => {
            let need = |value: Option<String>, what: &str| {
                value.ok_or_else(|| ConfigError::Invalid(format!("the s3 blob store needs {what}")))
            };
            BlobStoreSettings::S3 {
                endpoint: env("BEDSIDE_S3_ENDPOINT").or(file.s3_endpoint.clone()),
                region: env("BEDSIDE_S3_REGION")
                    .or(file.s3_region.clone())
                    .unwrap_or_else(|| "us-east-1".into()),
                bucket: need(
                    env("BEDSIDE_S3_BUCKET").or(file.s3_bucket.clone()),
                    "s3_bucket",
                )?,
                access_key: need(
                    env("BEDSIDE_S3_ACCESS_KEY")
                        .or_else(|| env("AWS_ACCESS_KEY_ID"))
                        .or(file.s3_access_key.clone()),
                    "s3_access_key",
                )?,
                secret_key: need(
                    env("BEDSIDE_S3_SECRET_KEY")
                        .or_else(|| env("AWS_SECRET_ACCESS_KEY"))
                        .or(file.s3_secret_key.clone()),
                    "s3_secret_key",
                )?,
                path_style: parsed("BEDSIDE_S3_PATH_STYLE", env("BEDSIDE_S3_PATH_STYLE"))?
                    .or(file.s3_path_style)
                    .unwrap_or(false),
            }
        }
        _ => {
            return Err(ConfigError::Invalid("blob_store is folder or s3".into()));
        }
    };
    let types = match env("BEDSIDE_DOCUMENT_TYPES") {
        Some(list) => list.split(',').map(|t| t.trim().to_owned()).collect(),
        None => file.document_types.clone().unwrap_or(defaults.types),
    };
    Ok(DocumentSettings {
        store,
        max_bytes: parsed(
            "BEDSIDE_DOCUMENT_MAX_BYTES",
            env("BEDSIDE_DOCUMENT_MAX_BYTES"),
        )?
        .or(file.document_max_bytes)
        .unwrap_or(defaults.max_bytes),
        types,
        grace_days: parsed("BEDSIDE_BLOB_GRACE_DAYS", env("BEDSIDE_BLOB_GRACE_DAYS"))?
            .or(file.blob_grace_days)
            .unwrap_or(defaults.grace_days),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "database_url = \"postgresql://file/db\"\nlisten = \"0.0.0.0:9000\"\n";

    #[test]
    fn the_file_gives_settings_and_the_environment_overrides_them() {
        let config = Config::from_sources(Some(FILE), |_| None).unwrap();
        assert_eq!(config.database_url, "postgresql://file/db");
        assert_eq!(config.listen, "0.0.0.0:9000");
        assert_eq!(config.cache_docs, 10_000);

        let env = |name: &str| match name {
            "DATABASE_URL" => Some("postgresql://env/db".to_owned()),
            "BEDSIDE_LISTEN" => Some("127.0.0.1:7000".to_owned()),
            _ => None,
        };
        let config = Config::from_sources(Some(FILE), env).unwrap();
        assert_eq!(
            config.database_url, "postgresql://env/db",
            "the environment wins over the file"
        );
        assert_eq!(config.listen, "127.0.0.1:7000");
    }

    #[test]
    fn metrics_listen_on_loopback_unless_told_otherwise() {
        let db = |name: &str| (name == "DATABASE_URL").then(|| "postgresql://env/db".to_owned());
        let config = Config::from_sources(None, db).unwrap();
        assert_eq!(config.metrics_listen.as_deref(), Some("127.0.0.1:9464"));

        let off = |name: &str| match name {
            "BEDSIDE_METRICS_LISTEN" => Some("off".to_owned()),
            _ => db(name),
        };
        assert_eq!(
            Config::from_sources(None, off).unwrap().metrics_listen,
            None
        );
        let file = "metrics_listen = \"10.0.0.5:9464\"";
        let config = Config::from_sources(Some(file), db).unwrap();
        assert_eq!(config.metrics_listen.as_deref(), Some("10.0.0.5:9464"));
    }

    #[test]
    fn a_missing_database_or_a_bad_value_is_a_clear_error() {
        assert!(matches!(
            Config::from_sources(None, |_| None),
            Err(ConfigError::NoDatabase)
        ));
        let bad = |name: &str| (name == "BEDSIDE_CACHE_DOCS").then(|| "lots".to_owned());
        assert!(matches!(
            Config::from_sources(Some(FILE), bad),
            Err(ConfigError::Invalid(_))
        ));
        assert!(matches!(
            Config::from_sources(Some("listen = 5"), |_| None),
            Err(ConfigError::Invalid(_))
        ));
        let half = |name: &str| (name == "BEDSIDE_TLS_CERT").then(|| "cert.pem".to_owned());
        assert!(
            matches!(
                Config::from_sources(Some(FILE), half),
                Err(ConfigError::Invalid(_))
            ),
            "a certificate without its key is refused"
        );
    }

    #[test]
    fn tls_files_come_from_the_file_or_the_environment() {
        let file = format!(
            "{FILE}tls_cert = \"/etc/bedside/cert.pem\"\ntls_key = \"/etc/bedside/key.pem\"\n"
        );
        let config = Config::from_sources(Some(&file), |_| None).unwrap();
        assert_eq!(
            config.tls,
            Some(TlsFiles {
                cert: "/etc/bedside/cert.pem".into(),
                key: "/etc/bedside/key.pem".into()
            })
        );
        assert_eq!(
            Config::from_sources(Some(FILE), |_| None).unwrap().tls,
            None
        );
    }
}
