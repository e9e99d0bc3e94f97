//! What the server does, independent of HTTP: merging sync batches, identity and
//! sessions, administration, and seeding the demo ward.

pub mod admin;
pub mod audit;
pub mod break_glass;
pub mod charts;
pub mod demo;
pub mod devices;
pub mod documents;
pub mod identity;
pub mod live;
pub mod paging;
pub mod scope;
pub mod signers;
pub mod sync;
pub mod tokens;
pub mod videos;
