//! Thin HTTP handlers: parse, call a service, answer.

pub mod audit;
pub mod auth;
pub mod break_glass;
pub mod charts;
pub mod devices;
pub mod documents;
pub mod health;
pub mod input;
pub mod live;
pub mod sync;
