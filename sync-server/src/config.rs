//! Server configuration, in layers (figment): the built-in defaults, then the TOML file
//! (`--config`, `BEDSIDE_CONFIG`), then the environment, then secrets read from files.
//! Every key `k` of the file is `BEDSIDE_K` in the environment; `DATABASE_URL`,
//! `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` are read too (the AWS names below the
//! `BEDSIDE_S3_*` ones). The secrets (`database_url`, `s3_access_key`, `s3_secret_key`,
//! `youtube_api_key`) may instead be kept in a file named by `BEDSIDE_<KEY>_FILE` (or
//! `DATABASE_URL_FILE`), which wins: systemd's `LoadCredential`, a container's secrets.
//! They are held as `SecretString`, which never prints (`Debug` shows `[REDACTED]`), and
//! are exposed only where used.
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

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
pub use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    /// PostgreSQL connection URL (with its password: a secret).
    pub database_url: SecretString,
    /// `host:port` to listen on.
    pub listen: String,
    /// How many documents the in-memory cache keeps loaded.
    pub cache_docs: usize,
    /// `host:port` of the Prometheus listener (`GET /metrics`); `None` serves none.
    pub metrics_listen: Option<String>,
    /// HTTPS: certificate chain and private key (PEM), if the server terminates TLS.
    pub tls: Option<TlsFiles>,
    /// Where education-video searches go.
    pub videos: VideoSettings,
    /// Where document blobs are kept, and what is accepted.
    pub documents: DocumentSettings,
}

/// Where document blobs live.
#[derive(Debug, Clone)]
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
        access_key: SecretString,
        /// Secret key.
        secret_key: SecretString,
        /// Address buckets as `endpoint/bucket` rather than `bucket.endpoint`.
        path_style: bool,
    },
}

/// Document storage and limits.
#[derive(Debug, Clone)]
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
#[derive(Debug, Clone)]
pub struct VideoSettings {
    /// API key (a secret); without one only the catalog answers.
    pub api_key: Option<SecretString>,
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    /// Certificate chain, leaf first.
    pub cert: PathBuf,
    /// Private key of the leaf certificate.
    pub key: PathBuf,
}

const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
const DEFAULT_CACHE_DOCS: usize = 10_000;
/// Loopback only: the metrics say how busy the server is, not for the ward's network.
const DEFAULT_METRICS_LISTEN: &str = "127.0.0.1:9464";

/// Configuration that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file, or a file a secret is read from, could not be read.
    #[error("cannot read {0}: {1}")]
    Read(String, std::io::Error),
    /// The file or an environment value is malformed.
    #[error("invalid configuration: {0}")]
    Invalid(String),
    /// No database URL anywhere.
    #[error("DATABASE_URL is not set (environment or database_url in the config file)")]
    NoDatabase,
}

/// The settings as written: the file's keys, the environment's `BEDSIDE_` names in lower
/// case, the secrets' files.
#[derive(Debug, Default, Deserialize)]
struct Settings {
    database_url: Option<SecretString>,
    listen: Option<String>,
    cache_docs: Option<usize>,
    metrics_listen: Option<String>,
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
    youtube_api_key: Option<SecretString>,
    youtube_url: Option<String>,
    video_cache_secs: Option<i64>,
    blob_store: Option<String>,
    blob_dir: Option<PathBuf>,
    s3_endpoint: Option<String>,
    s3_region: Option<String>,
    s3_bucket: Option<String>,
    s3_access_key: Option<SecretString>,
    s3_secret_key: Option<SecretString>,
    s3_path_style: Option<bool>,
    document_max_bytes: Option<u64>,
    document_types: Option<Listed>,
    blob_grace_days: Option<u32>,
}

/// A list: in the file a TOML array, in the environment comma-separated.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Listed {
    Many(Vec<String>),
    Commas(String),
}

impl Listed {
    fn into_vec(self) -> Vec<String> {
        match self {
            Self::Many(list) => list,
            Self::Commas(text) => text.split(',').map(|t| t.trim().to_owned()).collect(),
        }
    }
}

/// The settings that may be secret, each also read from the file its `_FILE` variable
/// names (systemd's `LoadCredential`, a container's secrets).
const SECRETS: [&str; 4] = [
    "database_url",
    "s3_access_key",
    "s3_secret_key",
    "youtube_api_key",
];

impl Config {
    /// Reads `file` if given, then the environment and the secrets' files.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let mut layers = Figment::new();
        if let Some(path) = file {
            let text = std::fs::read_to_string(path)
                .map_err(|e| ConfigError::Read(path.display().to_string(), e))?;
            layers = layers.merge(Toml::string(&text));
        }
        Self::from_layers(layers.merge(environment()).merge(secret_files()?))
    }

    /// Builds the configuration from its layers.
    fn from_layers(layers: Figment) -> Result<Self, ConfigError> {
        let settings: Settings = layers
            .extract()
            .map_err(|e| ConfigError::Invalid(e.to_string()))?;
        settings.into_config()
    }
}

/// The environment: `BEDSIDE_<KEY>` for every key (empty values ignored), and the
/// names other tools use, `DATABASE_URL` and AWS's (below `BEDSIDE_S3_*`).
fn environment() -> Figment {
    let aws = Env::raw()
        .only(&["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"])
        .map(|key| {
            if key == "AWS_ACCESS_KEY_ID" {
                "s3_access_key".into()
            } else {
                "s3_secret_key".into()
            }
        });
    let set = |name: String| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    Figment::new()
        .merge(aws)
        .merge(
            Env::raw()
                .only(&["DATABASE_URL"])
                .filter(move |_| set("DATABASE_URL".into())),
        )
        .merge(Env::prefixed("BEDSIDE_").filter(move |key| set(format!("BEDSIDE_{key}"))))
}

/// Each secret whose `BEDSIDE_<KEY>_FILE` (or `DATABASE_URL_FILE`) names a file: the
/// file's content, without its trailing line break.
fn secret_files() -> Result<Serialized<BTreeMap<&'static str, String>>, ConfigError> {
    let mut read = BTreeMap::new();
    for key in SECRETS {
        let mut names = vec![format!("BEDSIDE_{}_FILE", key.to_uppercase())];
        if key == "database_url" {
            names.push("DATABASE_URL_FILE".into());
        }
        for name in names {
            let Some(path) = std::env::var_os(&name).filter(|p| !p.is_empty()) else {
                continue;
            };
            let text = std::fs::read_to_string(&path).map_err(|e| ConfigError::Read(name, e))?;
            read.insert(key, text.trim_end().to_owned());
        }
    }
    Ok(Serialized::defaults(read))
}

impl Settings {
    fn into_config(mut self) -> Result<Config, ConfigError> {
        let documents = self.documents()?;
        let defaults = VideoSettings::default();
        Ok(Config {
            database_url: self.database_url.ok_or(ConfigError::NoDatabase)?,
            listen: self.listen.unwrap_or_else(|| DEFAULT_LISTEN.into()),
            cache_docs: self.cache_docs.unwrap_or(DEFAULT_CACHE_DOCS),
            metrics_listen: match self.metrics_listen {
                Some(off) if off == "off" => None,
                Some(listen) => Some(listen),
                None => Some(DEFAULT_METRICS_LISTEN.into()),
            },
            tls: match (self.tls_cert, self.tls_key) {
                (Some(cert), Some(key)) => Some(TlsFiles { cert, key }),
                (None, None) => None,
                _ => {
                    return Err(ConfigError::Invalid(
                        "set both tls_cert and tls_key, or neither".into(),
                    ));
                }
            },
            videos: VideoSettings {
                api_key: self.youtube_api_key,
                api_url: self.youtube_url.unwrap_or(defaults.api_url),
                cache_secs: self.video_cache_secs.unwrap_or(defaults.cache_secs),
                timeout_ms: defaults.timeout_ms,
            },
            documents,
        })
    }

    fn documents(&mut self) -> Result<DocumentSettings, ConfigError> {
        let defaults = DocumentSettings::default();
        let store = match self.blob_store.as_deref().unwrap_or("folder") {
            "folder" => BlobStoreSettings::Folder {
                dir: self
                    .blob_dir
                    .take()
                    .unwrap_or_else(|| "bedside-blobs".into()),
            },
            "s3" => {
                let need =
                    |what: &str| ConfigError::Invalid(format!("the s3 blob store needs {what}"));
                BlobStoreSettings::S3 {
                    endpoint: self.s3_endpoint.take(),
                    region: self.s3_region.take().unwrap_or_else(|| "us-east-1".into()),
                    bucket: self.s3_bucket.take().ok_or_else(|| need("s3_bucket"))?,
                    access_key: self
                        .s3_access_key
                        .take()
                        .ok_or_else(|| need("s3_access_key"))?,
                    secret_key: self
                        .s3_secret_key
                        .take()
                        .ok_or_else(|| need("s3_secret_key"))?,
                    path_style: self.s3_path_style.unwrap_or(false),
                }
            }
            _ => return Err(ConfigError::Invalid("blob_store is folder or s3".into())),
        };
        Ok(DocumentSettings {
            store,
            max_bytes: self.document_max_bytes.unwrap_or(defaults.max_bytes),
            types: self
                .document_types
                .take()
                .map_or(defaults.types, Listed::into_vec),
            grace_days: self.blob_grace_days.unwrap_or(defaults.grace_days),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use figment::Jail;

    const FILE: &str = "database_url = \"postgresql://file/db\"\nlisten = \"0.0.0.0:9000\"\n";

    /// Loads the configuration in `jail` (its environment cleared first by the caller),
    /// with `file` as the configuration file when given.
    fn load(jail: &Jail, file: Option<&str>) -> Result<Config, ConfigError> {
        let path = file.map(|text| {
            jail.create_file("bedside.toml", text)
                .expect("a file in the jail");
            jail.directory().join("bedside.toml")
        });
        Config::load(path.as_deref())
    }

    #[allow(clippy::result_large_err)] // figment's own error type, in a test
    fn jailed(test: impl FnOnce(&mut Jail) -> Result<(), ConfigError>) {
        Jail::expect_with(|jail| {
            jail.clear_env();
            test(jail).map_err(|e| e.to_string().into())
        });
    }

    #[test]
    fn the_file_gives_settings_and_the_environment_overrides_them() {
        jailed(|jail| {
            let config = load(jail, Some(FILE))?;
            assert_eq!(config.database_url.expose_secret(), "postgresql://file/db");
            assert_eq!(config.listen, "0.0.0.0:9000");
            assert_eq!(config.cache_docs, 10_000);

            jail.set_env("DATABASE_URL", "postgresql://env/db");
            jail.set_env("BEDSIDE_LISTEN", "127.0.0.1:7000");
            jail.set_env("BEDSIDE_CACHE_DOCS", "250");
            jail.set_env("BEDSIDE_DOCUMENT_TYPES", "application/pdf, image/png");
            jail.set_env("BEDSIDE_TLS_CERT", "");
            let config = load(jail, Some(FILE))?;
            assert_eq!(
                config.database_url.expose_secret(),
                "postgresql://env/db",
                "the environment wins over the file"
            );
            assert_eq!(config.listen, "127.0.0.1:7000");
            assert_eq!(config.cache_docs, 250);
            assert_eq!(config.documents.types, ["application/pdf", "image/png"]);
            assert_eq!(config.tls, None, "an empty value is no value");
            Ok(())
        });
    }

    #[test]
    fn metrics_listen_on_loopback_unless_told_otherwise() {
        jailed(|jail| {
            jail.set_env("DATABASE_URL", "postgresql://env/db");
            let config = load(jail, None)?;
            assert_eq!(config.metrics_listen.as_deref(), Some("127.0.0.1:9464"));
            jail.set_env("BEDSIDE_METRICS_LISTEN", "off");
            assert_eq!(load(jail, None)?.metrics_listen, None);
            jail.set_env("BEDSIDE_METRICS_LISTEN", "");
            let config = load(jail, Some("metrics_listen = \"10.0.0.5:9464\""))?;
            assert_eq!(config.metrics_listen.as_deref(), Some("10.0.0.5:9464"));
            Ok(())
        });
    }

    #[test]
    fn a_missing_database_or_a_bad_value_is_a_clear_error() {
        jailed(|jail| {
            assert!(matches!(load(jail, None), Err(ConfigError::NoDatabase)));
            jail.set_env("BEDSIDE_CACHE_DOCS", "lots");
            let error = load(jail, Some(FILE)).unwrap_err();
            assert!(
                matches!(&error, ConfigError::Invalid(why) if why.to_lowercase().contains("cache_docs")),
                "{error}"
            );
            jail.set_env("BEDSIDE_CACHE_DOCS", "");
            assert!(matches!(
                load(jail, Some("listen = 5")),
                Err(ConfigError::Invalid(_))
            ));
            jail.set_env("BEDSIDE_TLS_CERT", "cert.pem");
            assert!(
                matches!(load(jail, Some(FILE)), Err(ConfigError::Invalid(_))),
                "a certificate without its key is refused"
            );
            jail.set_env("BEDSIDE_TLS_CERT", "");
            jail.set_env("BEDSIDE_BLOB_STORE", "s3");
            assert!(
                matches!(load(jail, Some(FILE)), Err(ConfigError::Invalid(why)) if why.contains("s3_bucket")),
                "an S3 store needs its bucket"
            );
            Ok(())
        });
    }

    #[test]
    fn tls_files_come_from_the_file_or_the_environment() {
        jailed(|jail| {
            let file = format!(
                "{FILE}tls_cert = \"/etc/bedside/cert.pem\"\ntls_key = \"/etc/bedside/key.pem\"\n"
            );
            assert_eq!(
                load(jail, Some(&file))?.tls,
                Some(TlsFiles {
                    cert: "/etc/bedside/cert.pem".into(),
                    key: "/etc/bedside/key.pem".into()
                })
            );
            assert_eq!(load(jail, Some(FILE))?.tls, None);
            Ok(())
        });
    }

    #[test]
    fn secrets_come_from_files_and_never_print() {
        const PASSWORD: &str = "db-pw-Zq81";
        const ACCESS: &str = "AKIA-ward-77";
        const SECRET: &str = "s3-secret-Hx42";
        const YOUTUBE: &str = "yt-key-Ud19";
        jailed(|jail| {
            jail.create_file(
                "db",
                &format!("postgresql://bedside:{PASSWORD}@db/bedside\n"),
            )
            .map_err(|e| ConfigError::Invalid(e.to_string()))?;
            jail.create_file("s3", &format!("{SECRET}\n"))
                .map_err(|e| ConfigError::Invalid(e.to_string()))?;
            let dir = jail.directory().to_owned();
            jail.set_env("DATABASE_URL", "postgresql://overridden/by-the-file");
            jail.set_env("DATABASE_URL_FILE", dir.join("db").display());
            jail.set_env("BEDSIDE_BLOB_STORE", "s3");
            jail.set_env("BEDSIDE_S3_BUCKET", "bedside-documents");
            jail.set_env("AWS_ACCESS_KEY_ID", ACCESS);
            jail.set_env("BEDSIDE_S3_SECRET_KEY_FILE", dir.join("s3").display());
            jail.set_env("BEDSIDE_YOUTUBE_API_KEY", YOUTUBE);
            let config = load(jail, None)?;
            assert_eq!(
                config.database_url.expose_secret(),
                format!("postgresql://bedside:{PASSWORD}@db/bedside"),
                "read from its file, the line break dropped"
            );
            let BlobStoreSettings::S3 {
                access_key,
                secret_key,
                ..
            } = &config.documents.store
            else {
                panic!("an S3 store");
            };
            assert_eq!(access_key.expose_secret(), ACCESS);
            assert_eq!(secret_key.expose_secret(), SECRET);
            let printed = format!("{config:?} {config:#?}");
            for secret in [PASSWORD, ACCESS, SECRET, YOUTUBE] {
                assert!(!printed.contains(secret), "Debug shows a secret: {printed}");
            }
            assert!(printed.contains("bedside-documents"), "and shows the rest");

            jail.set_env("BEDSIDE_S3_SECRET_KEY_FILE", dir.join("absent").display());
            let error = load(jail, None).unwrap_err().to_string();
            assert!(error.contains("BEDSIDE_S3_SECRET_KEY_FILE"), "{error}");
            Ok(())
        });
    }
}
