//! Bedside's benchmarks: a generated ward ([`ward`]) and the measurements `make bench`
//! runs over it, and the hot paths the criterion benchmarks time.

pub mod cluster;
pub mod incremental;
pub mod initial;
pub mod load;
pub mod local;
pub mod reference;
pub mod report;
pub mod responsive;
pub mod scrape;
pub mod stats;
pub mod ward;
