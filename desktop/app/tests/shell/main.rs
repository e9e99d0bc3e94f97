//! The window's shell tested from outside, in one binary so the shell and the whole
//! stack under it link once: its commands on Tauri's mock runtime (`commands`) and the
//! built window through WebDriver (`e2e`); and the window's TypeScript view of its
//! commands, generated from their Rust functions (`signatures`).

mod commands;
mod e2e;
mod signatures;
