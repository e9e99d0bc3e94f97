//! `bedside-bench`: Bedside's performance figures in one run (`make bench`), printed as
//! a table and written to docs/PERFORMANCE.md with the machine and the command.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use bedside_shared::access::Role;
use clap::{Parser, Subcommand};

use bedside_bench::cluster::{self, Cluster};
use bedside_bench::report::Figures;
use bedside_bench::ward::{self, WardSize};
use bedside_bench::{incremental, initial, load, local, reference, responsive, stats};

#[derive(Parser)]
#[command(about = "Bedside's performance figures")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Runs every measurement and writes the report.
    Run(RunArgs),
    /// One fresh workstation's first sync (run by `run` in a process of its own).
    FreshSync {
        #[arg(long)]
        server: String,
        #[arg(long)]
        code: String,
        #[arg(long)]
        user: String,
        #[arg(long)]
        dir: PathBuf,
    },
    /// The server load alone, against a fresh server: for profiling it, and for finding
    /// where it saturates.
    Load {
        /// Simulated workstations, one run for each.
        #[arg(long, value_delimiter = ',', default_values_t = [500, 1000, 2000])]
        workstations: Vec<usize>,
        /// Edits per simulated workstation.
        #[arg(long, default_value_t = 5)]
        edits: usize,
    },
    /// The local store alone, over a generated ward (no server): for profiling it.
    Local {
        /// Patients on the ward.
        #[arg(long, default_value_t = WardSize::FULL.patients)]
        patients: usize,
        /// Samples per operation.
        #[arg(long, default_value_t = 20)]
        rounds: usize,
        /// Plain SQLite instead of SQLCipher.
        #[arg(long)]
        plain: bool,
        /// Keep the store in this folder (default: a temporary one).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// The generated ward, kept in this file between runs.
        #[arg(long)]
        ward: Option<PathBuf>,
    },
}

#[derive(clap::Args)]
struct RunArgs {
    /// Patients on the ward.
    #[arg(long, default_value_t = WardSize::FULL.patients)]
    patients: usize,
    /// Signed notes per patient.
    #[arg(long, default_value_t = WardSize::FULL.notes)]
    notes: usize,
    /// Samples per local-store operation.
    #[arg(long, default_value_t = 200)]
    rounds: usize,
    /// Edits from workstation A to B.
    #[arg(long, default_value_t = 100)]
    edits: usize,
    /// Simulated workstations for the load runs.
    #[arg(long, value_delimiter = ',', default_values_t = [100, 500, 1000, 2000])]
    load: Vec<usize>,
    /// Edits per simulated workstation.
    #[arg(long, default_value_t = 5)]
    load_edits: usize,
    /// Longest the reference may take for the whole ward, seconds.
    #[arg(long, default_value_t = 600)]
    reference_timeout: u64,
    /// The reference harness's folder (with node_modules installed).
    #[arg(long, default_value = "bench/reference")]
    reference_dir: PathBuf,
    /// Where the report goes.
    #[arg(long, default_value = "docs/PERFORMANCE.md")]
    out: PathBuf,
}

#[tokio::main]
async fn main() -> Result<()> {
    match Cli::parse().command {
        Cmd::FreshSync {
            server,
            code,
            user,
            dir,
        } => {
            let figures = initial::fresh_sync(&server, &code, &user, &dir).await?;
            report(&serde_json::to_string(&figures)?);
            Ok(())
        }
        Cmd::Local {
            patients,
            rounds,
            plain,
            dir,
            ward,
        } => local_only(patients, rounds, plain, dir, ward),
        Cmd::Run(args) => Box::pin(run(args)).await,
        Cmd::Load {
            workstations,
            edits,
        } => Box::pin(load_only(&workstations, edits)).await,
    }
}

async fn load_only(workstations: &[usize], edits: usize) -> Result<()> {
    let cluster = Cluster::start().await?;
    let mut runs = Vec::new();
    for n in workstations {
        step(&format!("server load: {n} workstations"));
        runs.push(Box::pin(load::measure(&cluster, *n, edits)).await?);
        report(&bedside_bench::report::load_table(&runs));
    }
    Ok(())
}

/// What the run prints on stdout (its table; the child's figures).
#[allow(clippy::print_stdout)]
fn report(text: &str) {
    println!("{text}");
}

/// The local store alone, over a generated ward (kept in `kept` between runs).
fn local_only(
    patients: usize,
    rounds: usize,
    plain: bool,
    dir: Option<PathBuf>,
    kept: Option<PathBuf>,
) -> Result<()> {
    let size = WardSize {
        patients,
        ..WardSize::FULL
    };
    let mut charts = match &kept {
        Some(file) if file.exists() => ward::read_ward(file)?,
        _ => {
            let mut generator = ward::WardGenerator::new("BENCH", size);
            let mut charts: Vec<_> = std::iter::from_fn(|| generator.next_patient()).collect();
            if let Some(file) = &kept {
                ward::write_ward(&mut charts, file)?;
            }
            charts
        }
    };
    let temporary = tempfile::tempdir()?;
    let dir = dir.unwrap_or_else(|| temporary.path().to_owned());
    step("local store");
    let figures = local::measure(&mut charts, &dir, !plain, rounds)?;
    let (encrypted, unencrypted) = local::take_ins(&mut charts, temporary.path())?;
    report(&format!(
        "take in {:.2} s (median: encrypted {encrypted:.2} s, plain {unencrypted:.2} s), open a chart p50 {}, write and sign p50 {}",
        figures.import_secs,
        stats::ms(figures.chart_open.p50()),
        stats::ms(figures.write_note.p50())
    ));
    Ok(())
}

fn step(what: &str) {
    eprintln!("bench: {what}");
}

async fn run(args: RunArgs) -> Result<()> {
    let begun = Instant::now();
    let size = WardSize {
        patients: args.patients,
        notes: args.notes,
        ..WardSize::FULL
    };
    let small = size.with_patients(size.patients.min(20));
    step("starting the server and seeding the ward");
    let mut cluster = Cluster::start().await?;
    cluster.user("bench.doctor", &[Role::Doctor]).await?;
    let seeded = Instant::now();
    let mut charts = Box::pin(cluster.seed("BENCH", size)).await?;
    let seed_secs = seeded.elapsed().as_secs_f64();
    Box::pin(cluster.seed("BENCH-20", small)).await?;

    step("local store");
    let mut encrypted =
        local::measure(&mut charts, tempfile::tempdir()?.path(), true, args.rounds)?;
    let mut plain = local::measure(&mut charts, tempfile::tempdir()?.path(), false, args.rounds)?;
    (encrypted.import_secs, plain.import_secs) =
        local::take_ins(&mut charts, tempfile::tempdir()?.path())?;

    step("initial sync");
    let initial = initial::cold_and_warm(&mut cluster, "BENCH", "bench.doctor").await?;
    let initial_small = initial::cold_and_warm(&mut cluster, "BENCH-20", "bench.doctor").await?;

    step("incremental sync with live push");
    let patients: Vec<_> = charts.iter().map(|c| c.patient).collect();
    cluster.restart().await?;
    let incremental = incremental::measure(&cluster, "BENCH", &patients, args.edits).await?;
    let (_, hot_rss_kib, _) = cluster::usage(cluster.pid())?;

    step("commands while the network is slow");
    let responsive = responsive::measure(&cluster, "BENCH", &patients).await?;

    let mut load = Vec::new();
    for n in &args.load {
        step(&format!("server load: {n} workstations"));
        load.push(Box::pin(load::measure(&cluster, *n, args.load_edits)).await?);
    }

    step("the reference");
    // A reference that fails fails the bench: no comparison is printed without it.
    let reference = compare(&args, &mut charts, small.patients)
        .context("the reference run failed (is bench/reference installed?)")?;
    let figures = Figures {
        size,
        seed_secs,
        encrypted,
        plain,
        initial,
        initial_small,
        incremental,
        hot_rss_kib,
        responsive,
        load,
        reference,
    };
    let tables = figures.markdown();
    report(&tables);
    let document = document(&tables, begun.elapsed().as_secs_f64())?;
    std::fs::write(&args.out, document)?;
    eprintln!(
        "bench: wrote {} in {:.0} s",
        args.out.display(),
        begun.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Runs the reference over the whole ward and over the small one.
fn compare(
    args: &RunArgs,
    charts: &mut [ward::PatientCharts],
    small: usize,
) -> Result<Vec<reference::ReferenceRun>> {
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("ward.json");
    reference::write_ward(charts, &file)?;
    let mut runs = vec![reference::run(
        &args.reference_dir,
        &file,
        charts.len(),
        args.reference_timeout,
    )?];
    if small < charts.len() {
        runs.push(reference::run(
            &args.reference_dir,
            &file,
            small,
            args.reference_timeout,
        )?);
    }
    Ok(runs)
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .next()
                .map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_owned())
        })
        .and_then(|kib| kib.parse::<f64>().ok())
        .map_or("unknown".into(), |kib| {
            format!("{:.1} GiB", kib / 1048576.0)
        });
    format!("{cpu}, {cores} cores, {memory} memory")
}

fn document(tables: &str, seconds: f64) -> Result<String> {
    let when =
        time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339)?;
    Ok(format!(
        "# Performance\n\nFigures from `make bench` (`scripts/bench.sh`, which runs `bedside-bench run` in release mode against its own PostgreSQL), measured {when} on: {}. The whole run took {seconds:.0} s. The workstation, the server process and the load generator share the machine's cores.\n\n{tables}\n{}",
        machine(),
        include_str!("../NOTES.md")
    ))
}
