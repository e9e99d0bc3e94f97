//! `bedside-server`: reads configuration and runs the server or a maintenance command.

use std::path::PathBuf;

use anyhow::Context;
use bedside_server::{Config, prepare, serve, services};
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "bedside-server", about = "Bedside sync server", version)]
struct Cli {
    /// TOML configuration file (environment variables override it).
    #[arg(long, env = "BEDSIDE_CONFIG", global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Apply migrations and serve until SIGINT/SIGTERM.
    Serve {
        /// Seed a demo ward of invented patients first (skipped if it has patients).
        #[arg(long)]
        seed_demo: bool,
        /// The demo ward's code.
        #[arg(long, default_value = "DEMO-1")]
        demo_ward: String,
        /// Patients in the demo ward.
        #[arg(long, default_value_t = 24)]
        demo_patients: usize,
    },
    /// Apply migrations and exit.
    Migrate,
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { () = ctrl_c => {}, () = term => {} }
    tracing::info!("shutting down");
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .json()
        .with_current_span(true)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("BEDSIDE_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .init();
    let cli = Cli::parse();
    let config = Config::load(cli.config.as_deref())?;
    let state = prepare(&config)
        .await
        .context("connecting to and migrating the database")?;
    match cli.command {
        Command::Migrate => {
            tracing::info!("migrations applied");
        }
        Command::Serve {
            seed_demo,
            demo_ward,
            demo_patients,
        } => {
            if seed_demo {
                let added = services::demo::seed_ward(&state, &demo_ward, demo_patients).await?;
                tracing::info!(added, ward = %demo_ward, "demo ward seeded");
            }
            let listener = tokio::net::TcpListener::bind(&config.listen)
                .await
                .with_context(|| format!("binding {}", config.listen))?;
            tracing::info!(address = %listener.local_addr()?, "listening");
            serve(listener, state, shutdown_signal()).await?;
        }
    }
    Ok(())
}
