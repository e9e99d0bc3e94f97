//! What the server does, independent of HTTP: merging sync batches and seeding the
//! demo ward.

pub mod demo;
pub mod sync;
