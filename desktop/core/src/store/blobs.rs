//! The blob cache's part in sync: blobs the server's store lacks that this workstation
//! holds go back into the upload outbox.

use super::Store;
use crate::error::Result;

impl Store {
    /// Queues for upload each of `sha256` this workstation holds (captured here, or
    /// opened and kept) and is not sending already: the server's store lost it, or found
    /// its copy damaged.
    pub(crate) fn queue_held_uploads(&self, sha256: &[String]) -> Result<()> {
        for hash in sha256 {
            self.conn.execute(
                "INSERT INTO upload_outbox (sha256, patient_id, size)
                 SELECT sha256, patient_id, length(bytes) FROM blobs WHERE sha256 = ?1
                 ON CONFLICT (sha256) DO NOTHING",
                [hash],
            )?;
        }
        Ok(())
    }
}
