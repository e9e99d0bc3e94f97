//! # bedside-tests
//!
//! End-to-end tests across the server and workstations, and the harness they share:
//! a real PostgreSQL (from `DATABASE_URL`, or a throwaway cluster this harness starts),
//! the server in-process on port 0, and workstations with real SQLCipher files in
//! temporary folders whose keys live in the real OS keyring.

pub mod backup;
pub mod clock;
pub mod device;
pub mod failover;
pub mod fhir;
pub mod postgres;
pub mod proxy;
pub mod replica;
pub mod s3;
pub mod server;
pub mod slow;
pub mod tls;
pub mod workstation;
pub mod youtube;
