//! The database key. 32 random bytes made on the workstation's first start and kept only
//! in the OS keyring (Secret Service on Linux): no keyring entry, no data.

use rand::RngCore;

use crate::error::{Error, Result};

const SERVICE: &str = "bedside";

/// A raw SQLCipher key.
pub struct DatabaseKey([u8; 32]);

impl std::fmt::Debug for DatabaseKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DatabaseKey(..)")
    }
}

impl DatabaseKey {
    /// A fresh random key.
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// The `PRAGMA key` value: a raw key, so no key derivation runs on open.
    pub(crate) fn pragma(&self) -> String {
        format!("x'{}'", hex::encode(self.0))
    }
}

/// Where a workstation's database key lives.
pub trait KeyStore: std::fmt::Debug + Send + Sync {
    /// The key of workstation `name`, or `None` if there is none.
    fn load(&self, name: &str) -> Result<Option<DatabaseKey>>;
    /// Stores the key of workstation `name`.
    fn store(&self, name: &str, key: &DatabaseKey) -> Result<()>;
    /// Forgets the key of workstation `name` (crypto-wipe).
    fn delete(&self, name: &str) -> Result<()>;
}

/// The operating system's keyring.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsKeyring;

fn entry(name: &str) -> Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, name).map_err(|e| Error::Keyring(e.to_string()))
}

impl KeyStore for OsKeyring {
    fn load(&self, name: &str) -> Result<Option<DatabaseKey>> {
        match entry(name)?.get_secret() {
            Ok(secret) => {
                let bytes: [u8; 32] = secret.try_into().map_err(|_| Error::WrongKey)?;
                Ok(Some(DatabaseKey(bytes)))
            }
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(Error::Keyring(e.to_string())),
        }
    }

    fn store(&self, name: &str, key: &DatabaseKey) -> Result<()> {
        entry(name)?
            .set_secret(&key.0)
            .map_err(|e| Error::Keyring(e.to_string()))
    }

    fn delete(&self, name: &str) -> Result<()> {
        match entry(name)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(Error::Keyring(e.to_string())),
        }
    }
}
