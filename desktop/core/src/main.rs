//! `bedside`: the workstation engine from the command line, for IT and scripts.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
