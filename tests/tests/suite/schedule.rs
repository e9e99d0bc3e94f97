//! Random schedules for the property tests: chart operations on several workstations,
//! interleaved with their syncs.

use bedside_tests::server::TestServer;
use bedside_tests::workstation::TestWorkstation;
use proptest::prelude::*;

/// One step of a schedule.
#[derive(Debug, Clone)]
pub(crate) enum Step {
    /// Workstation `.0` makes operation `.1` with argument `.2`.
    Edit(usize, u8, u8),
    /// Workstation `.0` syncs.
    Sync(usize),
}

/// A step on one of `stations` workstations, one of `ops` operations; three edits to a
/// sync.
pub(crate) fn step(stations: usize, ops: u8) -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..stations, 0..ops, any::<u8>()).prop_map(|(w, op, arg)| Step::Edit(w, op, arg)),
        1 => (0..stations).prop_map(Step::Sync),
    ]
}

/// `count` workstations, each joined to `server` with a clinician of its own.
pub(crate) async fn stations(server: &TestServer, count: usize) -> Vec<TestWorkstation> {
    let mut stations: Vec<TestWorkstation> = (0..count)
        .map(|n| TestWorkstation::new(&format!("Clinician {n}")))
        .collect();
    for ws in &mut stations {
        ws.join(server).await;
    }
    stations
}
