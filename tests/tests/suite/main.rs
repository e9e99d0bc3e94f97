//! Bedside end to end: real servers on real PostgreSQL, S3 and workstations with SQLCipher
//! stores and the OS keyring. One test binary, one module per area, so the whole stack is
//! linked once. (`audit_trail` is its own binary: it captures every log line the process
//! writes.)

mod audit;
mod authorship;
mod busy_network;
mod chart_convergence;
mod chart_records;
mod cli;
mod conflicts;
mod contract;
mod documents;
mod durability;
mod encryption;
mod enrollment;
mod failover;
mod http_api;
mod identity;
mod limits;
mod live;
mod local_writes;
mod login;
mod medication_round;
mod metrics;
mod permissions;
mod plain_text;
mod printing;
mod read_api;
mod registration;
mod replicas;
mod restore;
mod schedule;
mod scope;
mod server_storage;
mod silent_server;
mod tls;
mod two_workstations;
mod videos;
mod ward_board;
