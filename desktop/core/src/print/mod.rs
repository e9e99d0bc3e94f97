//! What the ward prints, made on the workstation from its own store (offline): the
//! handover sheet and a patient's wristband label, as PDFs.

mod handover;
mod sheet;
mod wristband;

pub use wristband::{WRISTBAND_PREFIX, wristband_code};
