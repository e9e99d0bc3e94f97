//! `bedside-server`: reads configuration and runs the server or a maintenance command.

use std::path::PathBuf;

use anyhow::Context;
use bedside_server::{Config, prepare, serve, services};
use bedside_shared::access::{DeviceProfile, Role};
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
    /// Administration: users.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// The audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// The database's epoch, which workstations' cursors belong to.
    #[command(subcommand)]
    Epoch(EpochCommand),
}

#[derive(Debug, Subcommand)]
enum EpochCommand {
    /// Begin a new epoch: run once after restoring the database from a backup, before
    /// any server serves it. Every workstation then starts its sync over and gives back
    /// the edits the restore lost.
    Renew,
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Seal the rows recorded since the sealer's last pass, then walk the hash chain:
    /// "intact" with the row count, or the first row that was changed, deleted or moved
    /// (exit status 1).
    Verify,
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage wards.
    #[command(subcommand)]
    Ward(WardCommand),
    /// Issue a one-time enrollment code for a workstation.
    EnrollmentCode {
        /// Ward the workstation serves (repeat for several).
        #[arg(long = "ward", required = true)]
        wards: Vec<String>,
        /// ward_workstation or front_desk.
        #[arg(long, default_value = "ward_workstation")]
        profile: DeviceProfile,
        /// Hours the code stays valid.
        #[arg(long, default_value_t = 24)]
        valid_hours: i64,
    },
    /// Manage enrolled workstations.
    #[command(subcommand)]
    Device(DeviceCommand),
    /// Manage the education-video catalog.
    #[command(subcommand)]
    Video(bedside_server::videos_cli::VideoCommand),
    /// Document blobs.
    #[command(subcommand)]
    Blobs(BlobCommand),
}

#[derive(Debug, Subcommand)]
enum BlobCommand {
    /// Delete blobs (and thumbnails) no live document reference points at.
    Gc,
}

#[derive(Debug, Subcommand)]
enum WardCommand {
    /// Add (or rename) a ward.
    Add {
        code: String,
        #[arg(long)]
        name: String,
    },
    /// List wards.
    List,
}

#[derive(Debug, Subcommand)]
enum DeviceCommand {
    /// List enrolled workstations.
    List,
    /// Revoke a lost or retired workstation.
    Revoke { device_id: uuid::Uuid },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Add a user; the password is read from standard input.
    Add {
        username: String,
        /// Name shown to colleagues.
        #[arg(long)]
        name: String,
        /// ADMIN, DOCTOR, NURSE, CLERK or TECHNICIAN (repeat for several).
        #[arg(long = "role", required = true)]
        roles: Vec<Role>,
    },
    /// Disable a user and end all their sessions.
    Disable { username: String },
    /// Set a new password, read from standard input (also lifts a lockout).
    ResetPassword { username: String },
    /// Replace a user's roles.
    SetRoles {
        username: String,
        #[arg(long = "role", required = true)]
        roles: Vec<Role>,
    },
    /// List users.
    List,
}

fn read_password() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

#[allow(clippy::print_stdout)]
async fn admin(state: &bedside_server::AppState, command: AdminCommand) -> anyhow::Result<()> {
    use bedside_server::services::{admin, devices};
    let command = match command {
        AdminCommand::User(command) => command,
        AdminCommand::Ward(WardCommand::Add { code, name }) => {
            devices::add_ward(state, &code, &name).await?;
            println!("ward {code} saved");
            return Ok(());
        }
        AdminCommand::Ward(WardCommand::List) => {
            for (code, name) in bedside_server::store::devices::wards(&state.pool).await? {
                println!("{code}\t{name}");
            }
            return Ok(());
        }
        AdminCommand::EnrollmentCode {
            wards,
            profile,
            valid_hours,
        } => {
            let valid = time::Duration::hours(valid_hours);
            let (code, until) = devices::issue_code(state, &wards, profile, valid).await?;
            println!(
                "{code}\t(valid until {until}, wards {}, {})",
                wards.join(","),
                profile.as_str()
            );
            return Ok(());
        }
        AdminCommand::Blobs(BlobCommand::Gc) => {
            let deleted = services::documents::collect_garbage(state).await?;
            println!("{deleted} unreferenced blobs deleted");
            return Ok(());
        }
        AdminCommand::Video(command) => {
            bedside_server::videos_cli::run(state, command).await?;
            return Ok(());
        }
        AdminCommand::Device(DeviceCommand::List) => {
            for d in bedside_server::store::devices::devices(&state.pool).await? {
                let status = d
                    .revoked_at
                    .map_or("active".to_owned(), |at| format!("revoked {at}"));
                println!(
                    "{}\t{}\t{}\t{status}",
                    d.device_id,
                    d.profile,
                    d.wards.join(",")
                );
            }
            return Ok(());
        }
        AdminCommand::Device(DeviceCommand::Revoke { device_id }) => {
            devices::revoke(state, device_id).await?;
            println!("device {device_id} revoked; its sessions are ended");
            return Ok(());
        }
    };
    match command {
        UserCommand::Add {
            username,
            name,
            roles,
        } => {
            let id = admin::add_user(state, &username, &name, &roles, &read_password()?).await?;
            println!("added {username} ({id})");
        }
        UserCommand::Disable { username } => {
            admin::disable_user(state, &username).await?;
            println!("disabled {username}; their sessions are ended");
        }
        UserCommand::ResetPassword { username } => {
            admin::reset_password(state, &username, &read_password()?).await?;
            println!("password of {username} reset");
        }
        UserCommand::SetRoles { username, roles } => {
            admin::set_roles(state, &username, &roles).await?;
            println!("roles of {username} set");
        }
        UserCommand::List => {
            for (user, disabled) in admin::list_users(state).await? {
                let roles: Vec<&str> = user.roles.iter().map(|r| r.as_str()).collect();
                let state = if disabled { "disabled" } else { "active" };
                println!(
                    "{}\t{}\t{}\t{state}",
                    user.username,
                    user.display_name,
                    roles.join(",")
                );
            }
        }
    }
    Ok(())
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

/// Deletes unreferenced document blobs once an hour while the server runs.
async fn collect_garbage_hourly(state: bedside_server::AppState) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every.tick().await;
        if let Err(e) = services::documents::collect_garbage(&state).await {
            tracing::warn!(error = %e.message, "collecting unreferenced blobs failed");
        }
    }
}

fn main() -> std::process::ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("bedside-server: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bedside-server: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .json()
        .with_current_span(true)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("BEDSIDE_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        // Logs go to stderr, so what admin commands print on stdout can be scripted.
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let config = Config::load(cli.config.as_deref())?;
    // Only serving and the blob collection touch the document store.
    let keeps_documents = matches!(
        cli.command,
        Command::Serve { .. } | Command::Admin(AdminCommand::Blobs(_))
    );
    let state = if keeps_documents {
        prepare(&config).await
    } else {
        bedside_server::prepare_database(&config).await
    }
    .context("connecting to and migrating the database")?;
    match cli.command {
        Command::Migrate => {
            tracing::info!("migrations applied");
        }
        Command::Admin(command) => admin(&state, command).await?,
        Command::Epoch(EpochCommand::Renew) => {
            let epoch = bedside_server::store::renew_epoch(&state.pool).await?;
            #[allow(clippy::print_stdout)]
            {
                println!("new epoch {epoch}: workstations will start their sync over");
            }
        }
        Command::Audit(AuditCommand::Verify) => {
            match bedside_server::store::audit::verify(&state.pool).await? {
                bedside_server::store::audit::Verdict::Intact { rows } => {
                    #[allow(clippy::print_stdout)]
                    {
                        println!("intact: {rows} rows");
                    }
                }
                bedside_server::store::audit::Verdict::Broken { seq, why } => {
                    eprintln!("audit log broken at row {seq}: {why}");
                    std::process::exit(1);
                }
            }
        }
        Command::Serve {
            seed_demo,
            demo_ward,
            demo_patients,
        } => {
            if seed_demo {
                services::demo::seed_accounts(&state, &demo_ward).await?;
                let added = services::demo::seed_ward(&state, &demo_ward, demo_patients).await?;
                tracing::info!(added, ward = %demo_ward, "demo ward seeded");
            }
            tokio::spawn(collect_garbage_hourly(state.clone()));
            if let Some(address) = &config.metrics_listen {
                let listener = tokio::net::TcpListener::bind(address)
                    .await
                    .with_context(|| format!("binding the metrics listener {address}"))?;
                tracing::info!(address = %listener.local_addr()?, "metrics listening");
                bedside_server::prometheus::handle();
                tokio::spawn(bedside_server::prometheus::serve(
                    listener,
                    std::future::pending(),
                ));
            }
            match &config.tls {
                Some(tls) => {
                    let listener = std::net::TcpListener::bind(&config.listen)
                        .with_context(|| format!("binding {}", config.listen))?;
                    tracing::info!(address = %listener.local_addr()?, "listening (https)");
                    bedside_server::serve_tls(listener, state, tls, shutdown_signal())
                        .await
                        .context("serving https (are tls_cert and tls_key readable PEM files?)")?;
                }
                None => {
                    let listener = tokio::net::TcpListener::bind(&config.listen)
                        .await
                        .with_context(|| format!("binding {}", config.listen))?;
                    tracing::info!(address = %listener.local_addr()?, "listening");
                    serve(listener, state, shutdown_signal()).await?;
                }
            }
        }
    }
    Ok(())
}
