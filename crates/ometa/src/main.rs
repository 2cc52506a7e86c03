//! `ometa`: the OpenMetadata command line.

mod connection;
mod demo;
mod demo_extras;
mod entity_cmds;
mod failure;
mod import_export;
mod input;
mod lineage_search_cmds;
mod output;
mod server_log;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use connection::ConnectionArgs;
use entity_cmds::IncludeArg;
use failure::{CmdResult, Failure};
use output::Format;

/// The OpenMetadata command line.
#[derive(Parser)]
#[command(name = "ometa", version, about)]
struct Cli {
    #[command(flatten)]
    connection: ConnectionArgs,
    /// Output format (default: table on a terminal, json otherwise).
    #[arg(long, short = 'o', global = true, value_enum)]
    output: Option<Format>,
    /// Show error details.
    #[arg(long, short = 'v', global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

/// Filters of listings and exports.
#[derive(clap::Args, Debug, Clone, Default)]
struct FilterArgs {
    /// Only entities of this service (FQN).
    #[arg(long)]
    service: Option<String>,
    /// Only entities of this database (FQN).
    #[arg(long)]
    database: Option<String>,
    /// Only entities of this schema (FQN).
    #[arg(long)]
    database_schema: Option<String>,
    /// Any other filter the server knows, as NAME=VALUE (`--filter parent=sales`).
    #[arg(long = "filter", value_name = "NAME=VALUE")]
    filters: Vec<String>,
}

impl FilterArgs {
    fn pairs(self) -> CmdResult<Vec<(String, String)>> {
        let mut out = Vec::new();
        for (k, v) in [
            ("service", self.service),
            ("database", self.database),
            ("databaseSchema", self.database_schema),
        ] {
            if let Some(v) = v {
                out.push((k.to_string(), v));
            }
        }
        for f in self.filters {
            let (k, v) = f.split_once('=').ok_or_else(|| {
                Failure::bad_input(format!("--filter expects NAME=VALUE, got {f:?}"))
            })?;
            out.push((k.to_string(), v.to_string()));
        }
        Ok(out)
    }
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
        /// What an acknowledged write survives: `process-crash` (a killed server loses
        /// nothing) or `power-loss` (every commit also waits for the disk; slower).
        #[arg(long, default_value = "process-crash")]
        durability: ometa_server::Durability,
        /// How requests are authorized: `default` (roles and policies, as the real server:
        /// a plain user gets the real 403s) or `noop` (any valid token may do anything).
        #[arg(long, default_value = "default")]
        authorizer: ometa_server::AuthorizerMode,
    },
    /// Print a JWT for a user of the server whose data directory is given.
    Token {
        /// The server's data directory.
        #[arg(long, default_value = "./ometa-data")]
        data_dir: PathBuf,
        /// The user name.
        #[arg(long, default_value = "admin")]
        user: String,
        /// Print the bot's token instead: the one the server holds (`ingestion-bot`'s is
        /// in `tokens/`; other bots' come from `PUT /users/generateToken/{id}`).
        #[arg(long)]
        bot: bool,
    },
    /// Walk the core flow through the SDK on an embedded server (or the one --host or
    /// $OPENMETADATA_HOST names).
    Demo {
        /// Keep the embedded server running afterwards (until Ctrl-C).
        #[arg(long)]
        keep: bool,
    },
    /// List the entity types and their collection routes.
    Kinds,
    /// Show one entity, by FQN or id.
    Get {
        /// Entity type (`table`, `databaseService`, ...; see `ometa kinds`).
        entity_type: String,
        /// Fully qualified name or id.
        key: String,
        /// Relationship fields to include (`owners,tags`, or `*`).
        #[arg(long, value_delimiter = ',')]
        fields: Vec<String>,
        /// Deleted entities too.
        #[arg(long, value_enum)]
        include: Option<IncludeArg>,
    },
    /// List entities of a type, one page or (--all) every page.
    List {
        /// Entity type.
        entity_type: String,
        /// Page size.
        #[arg(long, default_value_t = 10)]
        limit: u32,
        /// Every page (streams with -o ndjson).
        #[arg(long)]
        all: bool,
        /// Start after this cursor (from the previous page).
        #[arg(long)]
        after: Option<String>,
        /// Relationship fields to include.
        #[arg(long, value_delimiter = ',')]
        fields: Vec<String>,
        /// Deleted entities too.
        #[arg(long, value_enum)]
        include: Option<IncludeArg>,
        #[command(flatten)]
        filters: FilterArgs,
    },
    /// Create or update entities from create requests in JSON or YAML (files, directories,
    /// or - for stdin).
    Put {
        /// Entity type.
        entity_type: String,
        /// Files, directories, or - for stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Change an entity with a JSON Patch document or with --set/--set-json/--unset edits.
    Patch {
        /// Entity type.
        entity_type: String,
        /// Fully qualified name or id.
        key: String,
        /// A JSON Patch document (RFC 6902), or - for stdin.
        #[arg(long, short = 'f')]
        file: Option<PathBuf>,
        /// Set a field to a string: FIELD=VALUE (nested with dots: extension.owner=x).
        #[arg(long, value_name = "FIELD=VALUE")]
        set: Vec<String>,
        /// Set a field to a JSON value: FIELD=JSON.
        #[arg(long, value_name = "FIELD=JSON")]
        set_json: Vec<String>,
        /// Remove a field.
        #[arg(long, value_name = "FIELD")]
        unset: Vec<String>,
    },
    /// Delete an entity (soft unless --hard).
    Delete {
        /// Entity type.
        entity_type: String,
        /// Fully qualified name or id.
        key: String,
        /// Remove it for good.
        #[arg(long)]
        hard: bool,
        /// Delete what it contains too.
        #[arg(long)]
        recursive: bool,
    },
    /// Restore a soft-deleted entity.
    Restore {
        /// Entity type.
        entity_type: String,
        /// Fully qualified name or id.
        key: String,
    },
    /// Show the version history of an entity, or what changed between two versions.
    Versions {
        /// Entity type.
        entity_type: String,
        /// Fully qualified name or id.
        key: String,
        /// Show the changes from one version to another (`--diff 0.1 0.2`).
        #[arg(long, num_args = 2, value_names = ["FROM", "TO"])]
        diff: Option<Vec<String>>,
    },
    /// Load many create requests (JSON, NDJSON or YAML files, or a directory); safe to re-run.
    Import {
        /// Entity type.
        entity_type: String,
        /// Files, directories, or - for stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Requests in flight at once.
        #[arg(long, default_value_t = 16)]
        concurrency: usize,
    },
    /// Write every entity of a type as NDJSON.
    Export {
        /// Entity type.
        entity_type: String,
        /// Write to this file instead of stdout.
        #[arg(long)]
        to: Option<PathBuf>,
        /// Relationship fields to include.
        #[arg(long, value_delimiter = ',')]
        fields: Vec<String>,
        #[command(flatten)]
        filters: FilterArgs,
    },
    /// Show, add or delete lineage, or read it from SQL.
    #[command(subcommand)]
    Lineage(LineageCommand),
    /// Search entities (query-string syntax: words, "phrases", field:value, wildcards,
    /// AND/OR/NOT).
    Search {
        /// The query (`*` for everything).
        query: String,
        /// Index: an entity type (`table`), an index name (`table_search_index`) or `all`.
        #[arg(long, default_value = "all")]
        index: String,
        /// An Elasticsearch query-DSL filter, as JSON.
        #[arg(long = "filter-json", value_name = "JSON")]
        filter: Option<String>,
        /// Hits per page.
        #[arg(long, default_value_t = 10)]
        size: u32,
        /// Every hit, page after page.
        #[arg(long)]
        all: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// `ometa lineage ...`.
#[derive(Subcommand)]
enum LineageCommand {
    /// The graph around an entity, as a tree.
    Show {
        /// Entity type.
        entity_type: String,
        /// Fully qualified name or id.
        key: String,
        /// Levels upstream (at most 3).
        #[arg(long, default_value_t = 1)]
        upstream: u32,
        /// Levels downstream (at most 3).
        #[arg(long, default_value_t = 1)]
        downstream: u32,
    },
    /// Add an edge (merged into an existing one).
    Add {
        /// Upstream end, TYPE:FQN.
        #[arg(long)]
        from: String,
        /// Downstream end, TYPE:FQN.
        #[arg(long)]
        to: String,
        /// What the edge means.
        #[arg(long)]
        description: Option<String>,
        /// The SQL that moves the data.
        #[arg(long)]
        sql: Option<String>,
    },
    /// Delete an edge.
    Delete {
        /// Upstream end, TYPE:FQN.
        #[arg(long)]
        from: String,
        /// Downstream end, TYPE:FQN.
        #[arg(long)]
        to: String,
    },
    /// Read lineage from SQL statements (a file or - for stdin) and add it.
    Sql {
        /// The SQL file, or -.
        path: PathBuf,
        /// The database service the SQL runs on.
        #[arg(long)]
        service: String,
        /// SQL dialect (mysql, postgresql, snowflake, bigquery, generic, ...).
        #[arg(long, default_value = "generic")]
        dialect: String,
        /// Database of unqualified table names.
        #[arg(long)]
        database: Option<String>,
        /// Schema of unqualified table names.
        #[arg(long)]
        schema: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let verbose = cli.verbose;
    let format = Format::resolve(cli.output);
    let connection = cli.connection;
    match cli.command {
        Command::Serve {
            addr,
            data_dir,
            in_memory,
            server_version,
            durability,
            authorizer,
        } => {
            server_log::init(verbose);
            let config = ometa_server::ServerConfig {
                addr,
                data_dir: (!in_memory).then_some(data_dir),
                version: server_version,
                durability,
                authorizer,
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
        Command::Demo { keep } => {
            let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
            let host = connection.host.or_else(|| env("OPENMETADATA_HOST"));
            let token = connection.token.or_else(|| env("OPENMETADATA_JWT_TOKEN"));
            match tokio::runtime::Runtime::new() {
                Ok(runtime) => match runtime.block_on(run_demo(host, token, keep)) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => fail(&format!("ometa demo: {e}")),
                },
                Err(e) => fail(&format!("cannot start the runtime: {e}")),
            }
        }
        Command::Kinds => {
            for kind in openmetadata::types::ENTITY_KINDS {
                println!("{:<26} /api/v1/{}", kind.type_name, kind.collection);
            }
            ExitCode::SUCCESS
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "ometa", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        command => {
            let name = command_name(&command);
            let runtime = match tokio::runtime::Runtime::new() {
                Ok(r) => r,
                Err(e) => return fail(&format!("cannot start the runtime: {e}")),
            };
            match runtime.block_on(run_entity_command(command, &connection, format)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(f) => f.report(name, verbose),
            }
        }
    }
}

fn command_name(command: &Command) -> &'static str {
    match command {
        Command::Get { .. } => "get",
        Command::List { .. } => "list",
        Command::Put { .. } => "put",
        Command::Patch { .. } => "patch",
        Command::Delete { .. } => "delete",
        Command::Restore { .. } => "restore",
        Command::Versions { .. } => "versions",
        Command::Import { .. } => "import",
        Command::Export { .. } => "export",
        Command::Lineage(_) => "lineage",
        Command::Search { .. } => "search",
        _ => "ometa",
    }
}

/// Runs a command that talks to a server.
async fn run_entity_command(
    command: Command,
    connection: &ConnectionArgs,
    format: Format,
) -> CmdResult {
    let om = connection.client()?;
    match command {
        Command::Get {
            entity_type,
            key,
            fields,
            include,
        } => entity_cmds::get(&om, &entity_type, &key, &fields, include, format).await,
        Command::List {
            entity_type,
            limit,
            all,
            after,
            fields,
            include,
            filters,
        } => {
            let args = entity_cmds::ListArgs {
                limit,
                all,
                fields,
                include,
                filters: filters.pairs()?,
                after,
            };
            entity_cmds::list(&om, &entity_type, args, format).await
        }
        Command::Put { entity_type, paths } => {
            entity_cmds::put(&om, &entity_type, &paths, format).await
        }
        Command::Patch {
            entity_type,
            key,
            file,
            set,
            set_json,
            unset,
        } => {
            let edits = entity_cmds::edits_to_patch(&set, &set_json, &unset)?;
            entity_cmds::patch(&om, &entity_type, &key, file, edits, format).await
        }
        Command::Delete {
            entity_type,
            key,
            hard,
            recursive,
        } => entity_cmds::delete(&om, &entity_type, &key, hard, recursive).await,
        Command::Restore { entity_type, key } => {
            entity_cmds::restore(&om, &entity_type, &key, format).await
        }
        Command::Versions {
            entity_type,
            key,
            diff,
        } => entity_cmds::versions(&om, &entity_type, &key, diff, format).await,
        Command::Import {
            entity_type,
            paths,
            concurrency,
        } => import_export::import(&om, &entity_type, &paths, concurrency).await,
        Command::Export {
            entity_type,
            to,
            fields,
            filters,
        } => import_export::export(&om, &entity_type, &fields, filters.pairs()?, to).await,
        Command::Lineage(LineageCommand::Show {
            entity_type,
            key,
            upstream,
            downstream,
        }) => {
            lineage_search_cmds::show(&om, &entity_type, &key, upstream, downstream, format).await
        }
        Command::Lineage(LineageCommand::Add {
            from,
            to,
            description,
            sql,
        }) => lineage_search_cmds::add(&om, &from, &to, description, sql).await,
        Command::Lineage(LineageCommand::Delete { from, to }) => {
            lineage_search_cmds::delete(&om, &from, &to).await
        }
        Command::Lineage(LineageCommand::Sql {
            path,
            service,
            dialect,
            database,
            schema,
        }) => {
            let context = openmetadata::QueryContext {
                service: &service,
                dialect: &dialect,
                database: database.as_deref(),
                schema: schema.as_deref(),
            };
            lineage_search_cmds::from_sql(&om, path, context, format).await
        }
        Command::Search {
            query,
            index,
            filter,
            size,
            all,
        } => lineage_search_cmds::search(&om, &query, &index, filter, size, all, format).await,
        _ => Err(Failure::bad_input("not an entity command")),
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
