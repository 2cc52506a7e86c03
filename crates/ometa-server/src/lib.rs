//! An OpenMetadata 2.0.7-compatible REST server on embedded storage.
//!
//! One binary (started as `ometa serve`), SQLite in one file (or in memory), wire-compatible
//! with OpenMetadata 2.0.7 so the official Python SDK works against it unchanged. Tests embed
//! it with [`spawn`]:
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let server = ometa_server::spawn(ometa_server::ServerConfig::in_memory()).await.unwrap();
//! let url = format!("{}/api/v1/system/version", server.base_url);
//! assert!(url.starts_with("http://127.0.0.1:"));
//! server.shutdown().await;
//! # }
//! ```

mod api;
mod engine;
mod http;
mod router;
mod search;
mod store;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

pub use engine::authorization::AuthorizerMode;
pub use engine::error::ApiError;
pub use engine::stale::rerun_while_stale;
pub use http::extract::MAX_BODY_BYTES;
pub use store::Durability;

/// How to run the server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Where to listen; port 0 picks a free port.
    pub addr: SocketAddr,
    /// Data directory (database, signing key, tokens); `None` keeps everything in memory.
    pub data_dir: Option<PathBuf>,
    /// The version `/system/version` reports (the official SDK requires a matching major.minor).
    pub version: String,
    /// What an acknowledged write survives (file databases only).
    pub durability: Durability,
    /// How requests are authorized: as the real server (the default) or not at all.
    pub authorizer: AuthorizerMode,
}

impl ServerConfig {
    /// In memory on `127.0.0.1:0`, reporting version 2.0.7.
    pub fn in_memory() -> Self {
        ServerConfig {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir: None,
            version: "2.0.7".into(),
            durability: Durability::default(),
            authorizer: AuthorizerMode::default(),
        }
    }

    /// Persistent in `dir` on `127.0.0.1:0`.
    pub fn persistent(dir: impl Into<PathBuf>) -> Self {
        ServerConfig {
            data_dir: Some(dir.into()),
            ..Self::in_memory()
        }
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Binding the address failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A file or folder of the data directory could not be created, read or written.
    #[error("{}: {source}", path.display())]
    Path {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// Another server runs on the data directory.
    #[error(
        "the data directory {} is in use by another ometa server ({holder}); stop it, or give this one another --data-dir",
        dir.display()
    )]
    InUse {
        /// The data directory.
        dir: PathBuf,
        /// What the running server wrote in the lock file: its pid and address.
        holder: String,
    },
    /// Opening or seeding the database failed.
    #[error("{0}")]
    Storage(#[from] ApiError),
    /// The database could not be opened.
    #[error("{0}")]
    Database(#[from] store::StoreError),
}

/// A running server.
pub struct ServerHandle {
    /// `http://127.0.0.1:<port>`; the API is under `/api/v1`.
    pub base_url: String,
    /// A token for the `admin` user.
    pub admin_token: String,
    /// A token for the `ingestion-bot` bot user.
    pub bot_token: String,
    key: http::jwt::TokenKey,
    shutdown: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl ServerHandle {
    /// A token for the user `name` (who must exist when it is used), as `ometa token` signs
    /// one.
    pub fn token_for(&self, name: &str) -> String {
        self.key
            .sign(name, false, &format!("{name}@open-metadata.org"), None)
    }

    /// Stops the server and waits for it to finish.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(());
        let _ = self.task.await;
    }
}

/// Starts a server in the background of the current tokio runtime.
pub async fn spawn(config: ServerConfig) -> Result<ServerHandle, StartError> {
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let (listener, state, tokens) = prepare(&config).await?;
    let key = state.tokens.clone();
    let app = router::router(state);
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = rx.await;
            })
            .await
    });
    Ok(ServerHandle {
        base_url: tokens.base_url,
        admin_token: tokens.admin,
        bot_token: tokens.bot,
        key,
        shutdown: tx,
        task,
    })
}

/// Runs a server until `shutdown` completes (the CLI passes SIGINT/SIGTERM).
pub async fn serve(
    config: ServerConfig,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    on_ready: impl FnOnce(&str),
) -> Result<(), StartError> {
    let (listener, state, tokens) = prepare(&config).await?;
    on_ready(&tokens.base_url);
    axum::serve(listener, router::router(state))
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}

struct Tokens {
    base_url: String,
    admin: String,
    bot: String,
}

async fn prepare(
    config: &ServerConfig,
) -> Result<(tokio::net::TcpListener, Arc<http::state::AppState>, Tokens), StartError> {
    let lock = config
        .data_dir
        .as_deref()
        .map(store::data_dir::DataDirLock::acquire)
        .transpose()?;
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let base_url = format!("http://{}", listener.local_addr()?);
    let in_dir = |dir: &std::path::Path, file: &str| {
        let path = dir.join(file);
        move |source| StartError::Path { path, source }
    };
    let mut lock = lock;
    let (store, key) = match (&config.data_dir, lock.as_mut()) {
        (Some(dir), Some(lock)) => {
            lock.record(&base_url).map_err(in_dir(dir, "ometa.lock"))?;
            let store = store::Store::open_file(dir, config.durability)
                .map_err(|e| ApiError::internal(format!("{}: {}", dir.display(), e)))?;
            let key = engine::seed::signing_key(dir).map_err(in_dir(dir, "jwt.key"))?;
            (store, key)
        }
        _ => (store::Store::open_in_memory()?, engine::seed::random_key()),
    };
    let tokens = http::jwt::TokenKey::new(key);
    let engine = engine::Engine {
        store,
        base_url: base_url.clone(),
    };
    engine::seed::seed(&engine)?;
    let admin = tokens.sign("admin", false, "admin@open-metadata.org", None);
    let bot = held_bot_token(&engine, &tokens, "ingestion-bot")?;
    if let Some(dir) = &config.data_dir {
        engine::seed::write_tokens(dir, &admin, &bot).map_err(in_dir(dir, "tokens"))?;
    }
    let state = Arc::new(http::state::AppState {
        engine,
        authorizer: engine::authorization::Authorizer::new(config.authorizer),
        tokens,
        version: config.version.clone(),
        _data_dir: lock,
    });
    Ok((
        listener,
        state,
        Tokens {
            base_url,
            admin,
            bot,
        },
    ))
}

/// The token the server holds for the bot user `name`; on first start one is signed (without
/// expiry) and held.
fn held_bot_token(
    engine: &engine::Engine,
    tokens: &http::jwt::TokenKey,
    name: &str,
) -> Result<String, StartError> {
    let user = engine
        .store
        .get_by_fqn("user", name)?
        .ok_or_else(|| ApiError::internal(format!("the seed has no bot user {name}")))?;
    if let Some(token) = engine.bot_token(&user)? {
        return Ok(token);
    }
    let email = format!("{name}@open-metadata.org");
    let token = tokens.sign(name, true, &email, None);
    engine.set_bot_token(
        &user,
        &serde_json::json!({"JWTToken": token, "JWTTokenExpiry": "Unlimited"}),
    )?;
    Ok(token)
}

/// A token for `user` of the server whose data directory is `dir` (`ometa token`). A user's
/// is signed with the server's key; a bot's is the one the server holds (a bot token is valid
/// only while held), read from `tokens/<bot>.jwt`: the server writes `ingestion-bot`'s there,
/// other bots' come from `PUT /users/generateToken/{id}`.
pub fn token_for(dir: &std::path::Path, user: &str, is_bot: bool) -> Result<String, StartError> {
    if is_bot {
        let path = dir.join("tokens").join(format!("{user}.jwt"));
        return std::fs::read_to_string(&path)
            .map(|t| t.trim().to_string())
            .map_err(|source| StartError::Path { path, source });
    }
    let key = engine::seed::signing_key(dir)?;
    let email = format!("{user}@open-metadata.org");
    Ok(http::jwt::TokenKey::new(key).sign(user, false, &email, None))
}
