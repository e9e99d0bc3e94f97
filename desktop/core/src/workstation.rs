//! A workstation: its folder, its identity, its key and its open chart store.
//!
//! The folder holds `workstation.toml` (the device id, nothing about patients) and
//! `chart.db` (the SQLCipher database). The database key lives only in the OS keyring,
//! under the device id, so several workstations can share one machine.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};

use bedside_shared::DeviceId;
use serde::{Deserialize, Serialize};

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::keys::{DatabaseKey, KeyStore};
use crate::presence::Presence;
use crate::store::Store;

const IDENTITY_FILE: &str = "workstation.toml";
const DATABASE_FILE: &str = "chart.db";

#[derive(Debug, Serialize, Deserialize)]
struct Identity {
    device_id: DeviceId,
}

/// An open workstation, shared by everything that uses it at once (the window's
/// commands, its background sync, its live feed).
///
/// Its parts keep their own state: the store behind its own lock, taken for the local
/// work of one step and never across a network call; who is at the workstation
/// ([`Presence`]); the HTTP client of its server; and the sync, which runs one at a time.
#[derive(Debug)]
pub struct Workstation {
    pub(crate) dir: PathBuf,
    pub(crate) device: DeviceId,
    store: Mutex<Store>,
    pub(crate) presence: Presence,
    pub(crate) keys: Arc<dyn KeyStore>,
    pub(crate) wiped: AtomicBool,
    /// The HTTP client for the server, made once (forgotten when the pinned CA changes).
    pub(crate) http: Mutex<Option<reqwest::Client>>,
    /// Held for a whole sync run: two runs at once would offer the same changes twice.
    pub(crate) syncing: tokio::sync::Mutex<()>,
}

pub(crate) fn key_name(device: DeviceId) -> String {
    format!("workstation-{device}")
}

impl Workstation {
    /// Opens the workstation in `dir`, creating it (new device id, new key in `keys`) on
    /// first use.
    pub fn open(dir: &Path, keys: Arc<dyn KeyStore>) -> Result<Self> {
        std::fs::create_dir_all(dir)?;
        let identity_path = dir.join(IDENTITY_FILE);
        let db_path = dir.join(DATABASE_FILE);
        let (device, key) = if identity_path.exists() {
            let text = std::fs::read_to_string(&identity_path)?;
            let identity: Identity =
                toml::from_str(&text).map_err(|_| Error::Damaged("workstation.toml"))?;
            let key = keys
                .load(&key_name(identity.device_id))?
                .ok_or(Error::KeyMissing)?;
            (identity.device_id, key)
        } else if db_path.exists() {
            // A database without its identity cannot be matched to a key.
            return Err(Error::KeyMissing);
        } else {
            let device = DeviceId::new();
            let key = DatabaseKey::generate();
            keys.store(&key_name(device), &key)?;
            let text = toml::to_string(&Identity { device_id: device })
                .expect("an identity of one id always writes as TOML");
            std::fs::write(&identity_path, text)?;
            (device, key)
        };
        let store = Store::open(&db_path, &key)?;
        Ok(Self::assemble(dir, device, store, keys))
    }

    /// Moves a workstation folder whose database cannot be opened (its key is missing
    /// from this keyring, or another key is there) aside, beside it, as
    /// `<folder>.unreadable-<time>`, so the folder can be enrolled afresh. Nothing is
    /// deleted: with the original keyring back, IT can still open what was set aside.
    /// Returns where it went.
    pub fn set_aside_unreadable(dir: &Path) -> Result<PathBuf> {
        let name = dir
            .file_name()
            .ok_or(Error::Damaged("the workstation folder has no name"))?
            .to_string_lossy();
        let stamp = time::OffsetDateTime::now_utc()
            .format(time::macros::format_description!(
                "[year][month][day]T[hour][minute][second]"
            ))
            .map_err(|_| Error::Damaged("the time of setting aside"))?;
        let aside = dir.with_file_name(format!("{name}.unreadable-{stamp}"));
        std::fs::rename(dir, &aside)?;
        tracing::warn!("an unreadable workstation folder was set aside");
        Ok(aside)
    }

    fn assemble(dir: &Path, device: DeviceId, store: Store, keys: Arc<dyn KeyStore>) -> Self {
        Self {
            dir: dir.to_owned(),
            device,
            store: Mutex::new(store),
            presence: Presence::default(),
            keys,
            wiped: AtomicBool::new(false),
            http: Mutex::new(None),
            syncing: tokio::sync::Mutex::new(()),
        }
    }

    /// Opens a workstation in `dir` on a plain, unencrypted SQLite file (no key): only
    /// for measuring what the encryption costs (`bedside-bench`), never for patient data.
    #[cfg(feature = "plain-store")]
    pub fn open_plain(dir: &Path, keys: Arc<dyn KeyStore>) -> Result<Self> {
        std::fs::create_dir_all(dir)?;
        let store = Store::open_plain(&dir.join(DATABASE_FILE))?;
        Ok(Self::assemble(dir, DeviceId::new(), store, keys))
    }

    /// The name recorded as author, prescriber, signer or recorder of what is charted
    /// now: the logged-in clinician's, never a name typed anywhere.
    pub(crate) fn author(&self) -> Result<String> {
        self.presence
            .clinician()
            .map(|c| c.display_name)
            .ok_or_else(|| Error::Forbidden("log in to chart".into()))
    }

    /// This workstation's device id.
    pub fn device(&self) -> DeviceId {
        self.device
    }

    /// The workstation's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The path of the encrypted database.
    pub fn database_path(&self) -> PathBuf {
        self.dir.join(DATABASE_FILE)
    }

    /// Reads the time of day from `clock` from now on (a drill, or a test that moves
    /// time instead of waiting for it).
    pub fn set_clock(&self, clock: Arc<dyn Clock>) {
        self.store().set_clock(clock);
    }

    /// The chart store, held until the guard is dropped: for one step of local work,
    /// never across a network call (a std guard also keeps a future from being sent to
    /// another thread, so the compiler refuses that in the window's commands).
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|poisoned| {
            // A step panicked: what it wrote inside a transaction is rolled back, so the
            // store is as the last whole step left it.
            let mut store = poisoned.into_inner();
            store.roll_back_open();
            self.store.clear_poison();
            store
        })
    }
}
