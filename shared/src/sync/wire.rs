//! CBOR bodies of `POST /v1/sync` (content type `application/cbor`).

use serde::{Deserialize, Serialize};

use crate::chart::DocId;
use crate::ids::{DeviceId, PatientId};
use crate::validate::Rejection;

/// The protocol version this build speaks.
pub const PROTOCOL_VERSION: u16 = 1;

/// An Automerge change hash on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Hash(#[serde(with = "serde_bytes")] pub [u8; 32]);

impl From<automerge::ChangeHash> for Hash {
    fn from(hash: automerge::ChangeHash) -> Self {
        Self(hash.0)
    }
}

impl From<Hash> for automerge::ChangeHash {
    fn from(hash: Hash) -> Self {
        Self(hash.0)
    }
}

/// Position in the server's change sequence: everything at or below it was delivered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Cursor(pub i64);

/// Which life of the server's database a cursor belongs to. A restore from backup
/// begins a new one (`bedside-server epoch renew`): positions handed out after the
/// restore point are gone, and a workstation's cursor from before the restore means
/// nothing to the restored server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Epoch(pub uuid::Uuid);

/// What a workstation sends for one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocOffer {
    /// Which document.
    pub doc: DocId,
    /// The server heads this workstation last had acknowledged.
    pub acked: Vec<Hash>,
    /// The workstation's current heads.
    pub heads: Vec<Hash>,
    /// Encoded Automerge changes made since `acked`.
    pub changes: Vec<serde_bytes::ByteBuf>,
}

/// Whether the server kept an offer's changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Applied (or already known).
    Accepted,
    /// Refused; the server's document is unchanged.
    Rejected(Rejection),
}

/// The server's answer for one offered document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocReply {
    /// Which document.
    pub doc: DocId,
    /// Whether the offered changes were kept.
    pub outcome: Outcome,
    /// The server's heads after the offer.
    pub heads: Vec<Hash>,
    /// Encoded changes the workstation lacks.
    pub changes: Vec<serde_bytes::ByteBuf>,
}

/// A whole compacted document for a workstation that has never had it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocSnapshot {
    /// Which document.
    pub doc: DocId,
    /// Its heads.
    pub heads: Vec<Hash>,
    /// `Automerge::save` bytes.
    #[serde(with = "serde_bytes")]
    pub data: Vec<u8>,
}

/// A document in the workstation's scope that changed after its cursor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangedDoc {
    /// Which document.
    pub doc: DocId,
    /// The server's heads; a workstation that has them all has nothing to fetch.
    pub heads: Vec<Hash>,
    /// The encoded changes stored after the workstation's cursor, when there are few:
    /// a workstation that held the document up to its cursor then holds the heads with
    /// no second round trip (one that does not, offers it as before). Empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<serde_bytes::ByteBuf>,
}

/// Body of `POST /v1/sync`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncRequest {
    /// Must be [`PROTOCOL_VERSION`].
    pub version: u16,
    /// The workstation.
    pub device: DeviceId,
    /// Where the workstation's view of the server's changes stands; `None` on first sync.
    pub cursor: Option<Cursor>,
    /// The server's epoch the cursor and the offers' acknowledged heads belong to;
    /// `None` before the first answer that named one.
    #[serde(default)]
    pub epoch: Option<Epoch>,
    /// Documents with something to send or fetch.
    pub offers: Vec<DocOffer>,
}

/// Reply to `POST /v1/sync`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncResponse {
    /// The protocol version of the server.
    pub version: u16,
    /// One reply per offer, in order.
    pub replies: Vec<DocReply>,
    /// Documents new to the workstation, whole.
    pub snapshots: Vec<DocSnapshot>,
    /// Documents it has that changed since its cursor.
    pub changed: Vec<ChangedDoc>,
    /// The cursor to send next time.
    pub cursor: Cursor,
    /// True when more changed documents wait beyond this page.
    pub more: bool,
    /// Patients that left the workstation's scope (transferred to another ward) in this
    /// page: the workstation purges them once their pending edits are acknowledged.
    #[serde(default)]
    pub left_scope: Vec<PatientId>,
    /// When `more`: how many documents wait beyond this page (for a progress bar).
    #[serde(default)]
    pub remaining: u64,
    /// Content hashes of blobs that live documents within the workstation's reach refer
    /// to and the store lacks (lost, or found damaged): a workstation holding one uploads
    /// it again. Listed on a run's last page only.
    #[serde(default)]
    pub wanted_blobs: Vec<String>,
    /// The server's epoch.
    #[serde(default)]
    pub epoch: Option<Epoch>,
    /// True when the request's epoch is not the server's, or its cursor lies beyond
    /// anything the server has handed out: the server was restored from a backup. Nothing
    /// of the request was applied; the workstation starts over (from no cursor, offering
    /// every document it holds whole, so what the server lost comes back from it).
    #[serde(default)]
    pub start_over: bool,
}

/// A body that is not valid CBOR for its type.
#[derive(Debug, thiserror::Error)]
pub enum WireError {
    /// Decoding failed.
    #[error("malformed sync body: {0}")]
    Decode(String),
    /// Encoding failed.
    #[error("could not encode sync body: {0}")]
    Encode(String),
}

/// Encodes a body as CBOR.
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, WireError> {
    let mut out = Vec::new();
    ciborium::into_writer(value, &mut out).map_err(|e| WireError::Encode(e.to_string()))?;
    Ok(out)
}

/// Decodes a CBOR body.
pub fn decode<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, WireError> {
    ciborium::from_reader(bytes).map_err(|e| WireError::Decode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::RejectCode;

    #[test]
    fn a_sync_response_round_trips_through_cbor() {
        let doc = DocId::clinical(PatientId::new());
        let response = SyncResponse {
            version: PROTOCOL_VERSION,
            replies: vec![DocReply {
                doc,
                outcome: Outcome::Rejected(Rejection::new(RejectCode::Schema, "bad")),
                heads: vec![Hash([7; 32])],
                changes: vec![serde_bytes::ByteBuf::from(vec![1, 2, 3])],
            }],
            snapshots: vec![],
            changed: vec![ChangedDoc {
                doc,
                heads: vec![],
                changes: vec![],
            }],
            cursor: Cursor(42),
            more: true,
            left_scope: vec![],
            remaining: 310,
            wanted_blobs: vec![],
            epoch: None,
            start_over: false,
        };
        let bytes = encode(&response).expect("encodes");
        assert_eq!(decode::<SyncResponse>(&bytes).expect("decodes"), response);
    }
}
