//! How large a body each kind of route reads.

/// Largest body of a request that names a few fields (login, refresh, enrollment,
/// search, break-glass, document plans): anyone can send one, so it stays small.
pub const SMALL_BODY_BYTES: usize = 16 * 1024;
/// Largest sync request body.
pub const SYNC_BODY_BYTES: usize = 64 * 1024 * 1024;
/// Largest upload of workstation audit events (at most 1000 of them).
pub const AUDIT_BODY_BYTES: usize = 4 * 1024 * 1024;
/// Largest blob or part put into the folder store.
pub const STORE_BODY_BYTES: usize = bedside_shared::documents::PART_SIZE as usize;
