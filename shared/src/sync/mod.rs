//! The v1 sync protocol.
//!
//! The server is the hub every workstation syncs with, so a document's sync state on a
//! workstation is one list: the heads the server has acknowledged (`acked`). A request
//! offers, per document, the changes made since `acked` plus the workstation's heads;
//! the reply carries what the server has that the workstation lacks and the server's
//! heads, which become the new `acked`. One round trip moves both directions, every
//! message is idempotent (a replayed change is a no-op), and a change counts as synced
//! only once it is below heads the server acknowledged.
//!
//! - [`wire`]: the CBOR request and response bodies of `POST /v1/sync`.
//! - [`exchange`]: the sans-IO steps — `offer`, `answer`, `take_reply` — shared by the
//!   workstation, the server and the tests.
//! - [`hub`]: an in-memory hub built from the same steps, for deterministic tests.

pub mod exchange;
pub mod hub;
pub mod memory;
pub mod session;
pub mod wire;

pub use exchange::{
    Answered, ExchangeError, SetAside, Writer, acknowledge_only, answer, answer_as, lacks, offer,
    pending_changes, pending_count, set_aside, take_announced, take_reply, take_snapshot,
};
pub use session::{Replica, Session, SyncReport};
pub use wire::{
    ChangedDoc, Cursor, DocOffer, DocReply, DocSnapshot, Epoch, Hash, Outcome, PROTOCOL_VERSION,
    SyncRequest, SyncResponse, WireError,
};
