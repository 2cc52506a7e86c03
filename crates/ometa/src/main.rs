//! `ometa`: the OpenMetadata command line.

mod demo;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The OpenMetadata command line.
#[derive(Parser)]
#[command(name = "ometa", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the OpenMetadata 2.0.7 REST API from embedded storage.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8585")]
        addr: SocketAddr,
        /// Data directory: the SQLite database, the signing key and the token files.
        #[arg(long, default_value = "./ometa-data", conflicts_with = "in_memory")]
        data_dir: PathBuf,
        /// Keep everything in memory (nothing is written to disk).
        #[arg(long)]
        in_memory: bool,
        /// The server version to report.
        #[arg(long, default_value = "2.0.7")]
        server_version: String,
    },
    /// Print a JWT for a user of the server whose data directory is given.
    Token {
        /// The server's data directory.
        #[arg(long, default_value = "./ometa-data")]
        data_dir: PathBuf,
        /// The user name.
        #[arg(long, default_value = "admin")]
        user: String,
        /// Sign the token as a bot's.
        #[arg(long)]
        bot: bool,
    },
    /// Walk the core flow through the SDK on an embedded server (or the server given).
    Demo {
        /// Use this server (`http://host:8585/api`) instead of an embedded one.
        #[arg(long, env = "OPENMETADATA_HOST")]
        host: Option<String>,
        /// The token for `--host`.
        #[arg(long, env = "OPENMETADATA_JWT_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// Keep the embedded server running afterwards (until Ctrl-C).
        #[arg(long)]
        keep: bool,
    },
    /// List the entity kinds and their collection routes.
    Kinds,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve {
            addr,
            data_dir,
            in_memory,
            server_version,
        } => {
            let config = ometa_server::ServerConfig {
                addr,
                data_dir: (!in_memory).then_some(data_dir),
                version: server_version,
            };
            let runtime = match tokio::runtime::Runtime::new() {
                Ok(r) => r,
                Err(e) => return fail(&format!("cannot start the runtime: {e}")),
            };
            let result = runtime.block_on(async {
                ometa_server::serve(config.clone(), shutdown_signal(), |url| {
                    let mut banner = format!(
                        "ometa-server {} listening on {url}/api/v1\n",
                        config.version
                    );
                    if let Some(dir) = &config.data_dir {
                        let token = dir.join("tokens/admin.jwt");
                        banner.push_str(&format!("admin token: {}\n", token.display()));
                    }
                    // A closed stdout (the caller stopped reading) must not stop the server.
                    let _ = std::io::Write::write_all(&mut std::io::stdout(), banner.as_bytes());
                })
                .await
            });
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&format!("ometa serve: {e}")),
            }
        }
        Command::Token {
            data_dir,
            user,
            bot,
        } => match ometa_server::token_for(&data_dir, &user, bot) {
            Ok(token) => {
                println!("{token}");
                ExitCode::SUCCESS
            }
            Err(e) => fail(&format!("ometa token: {e}")),
        },
        Command::Demo { host, token, keep } => match tokio::runtime::Runtime::new() {
            Ok(runtime) => match runtime.block_on(run_demo(host, token, keep)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&format!("ometa demo: {e}")),
            },
            Err(e) => fail(&format!("cannot start the runtime: {e}")),
        },
        Command::Kinds => {
            for kind in openmetadata::types::ENTITY_KINDS {
                println!("{:<26} /api/v1/{}", kind.type_name, kind.collection);
            }
            ExitCode::SUCCESS
        }
    }
}

/// Runs the demo on `host`, or on an embedded server in a temporary directory.
async fn run_demo(host: Option<String>, token: Option<String>, keep: bool) -> Result<(), String> {
    if let Some(host) = host {
        let mut config = openmetadata::Config::new(host.trim_end_matches('/'));
        if let Some(t) = token {
            config = config.auth(openmetadata::Auth::Jwt(t));
        }
        let ui = config.host_port.trim_end_matches("/api").to_string();
        let om = openmetadata::OpenMetadata::connect(config)
            .await
            .map_err(|e| e.to_string())?;
        return demo::run(&om, &ui).await.map_err(|e| e.to_string());
    }
    let dir = std::env::temp_dir().join(format!("ometa-demo-{}", std::process::id()));
    let server = ometa_server::spawn(ometa_server::ServerConfig::persistent(&dir))
        .await
        .map_err(|e| e.to_string())?;
    let config = openmetadata::Config::new(format!("{}/api", server.base_url))
        .auth(openmetadata::Auth::Jwt(server.admin_token.clone()));
    let om = openmetadata::OpenMetadata::connect(config)
        .await
        .map_err(|e| e.to_string())?;
    demo::run(&om, &server.base_url)
        .await
        .map_err(|e| e.to_string())?;
    if keep {
        println!(
            "
The server keeps running at {}/api/v1 (data in {}); TOKEN is in {}. Ctrl-C stops it.",
            server.base_url,
            dir.display(),
            dir.join("tokens/admin.jwt").display()
        );
        shutdown_signal().await;
    }
    server.shutdown().await;
    if !keep {
        println!("(The embedded server has stopped; `ometa demo --keep` leaves it running.)");
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(())
}

fn fail(message: &str) -> ExitCode {
    eprintln!("{message}");
    ExitCode::FAILURE
}

/// Completes on SIGINT or SIGTERM. The handlers are installed when this is called (inside the
/// runtime), before the future is polled, so a signal that comes early is not lost.
#[cfg(unix)]
fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    use tokio::signal::unix::{SignalKind, signal};
    let interrupt = signal(SignalKind::interrupt());
    let terminate = signal(SignalKind::terminate());
    async move {
        match (interrupt, terminate) {
            (Ok(mut i), Ok(mut t)) => {
                tokio::select! {
                    _ = i.recv() => {},
                    _ = t.recv() => {},
                }
            }
            _ => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
}

/// Completes on Ctrl-C.
#[cfg(not(unix))]
fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
