//! Where the commands connect: flags first, then the environment (`OPENMETADATA_HOST`,
//! `OPENMETADATA_JWT_TOKEN`), then the config file (`$OMETA_CONFIG`, else
//! `$XDG_CONFIG_HOME/ometa/config.yaml` or `~/.config/ometa/config.yaml`) with `host` and
//! `token` (or `token_file`).

use std::path::PathBuf;

use openmetadata::{Auth, Config, OpenMetadata, VersionCheck};

use crate::failure::{CmdResult, Failure};

/// The server used when nothing names one.
const DEFAULT_HOST: &str = "http://localhost:8585/api";

/// Connection flags shared by the entity commands.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ConnectionArgs {
    /// Server URL, ending in /api (default: $OPENMETADATA_HOST, the config file, then
    /// http://localhost:8585/api).
    #[arg(long, global = true)]
    pub host: Option<String>,
    /// JWT token (default: $OPENMETADATA_JWT_TOKEN, then the config file).
    #[arg(long, global = true, hide_env_values = true)]
    pub token: Option<String>,
}

#[derive(serde::Deserialize, Default)]
struct FileConfig {
    host: Option<String>,
    token: Option<String>,
    token_file: Option<PathBuf>,
}

fn config_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("OMETA_CONFIG") {
        return Some(PathBuf::from(p));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("ometa").join("config.yaml"))
}

fn read_file_config() -> CmdResult<FileConfig> {
    let Some(path) = config_path() else {
        return Ok(FileConfig::default());
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => serde_norway::from_str(&text)
            .map_err(|e| Failure::bad_input(format!("config file {}: {e}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(FileConfig::default()),
        Err(e) => Err(Failure::bad_input(format!(
            "cannot read the config file {}: {e}",
            path.display()
        ))),
    }
}

impl ConnectionArgs {
    /// The client these settings describe.
    pub fn client(&self) -> CmdResult<OpenMetadata> {
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let file = read_file_config()?;
        let host = self
            .host
            .clone()
            .or_else(|| env("OPENMETADATA_HOST"))
            .or_else(|| env("OPENMETADATA_SERVER_URL"))
            .or(file.host)
            .unwrap_or_else(|| DEFAULT_HOST.to_string());
        let mut config = Config::new(host.trim_end_matches('/'));
        config.version_check = VersionCheck::Warn;
        let token = self
            .token
            .clone()
            .or_else(|| env("OPENMETADATA_JWT_TOKEN"))
            .or(file.token);
        if let Some(t) = token {
            config = config.auth(Auth::Jwt(t));
        } else if let Some(path) = file.token_file {
            config = config.auth(Auth::JwtFile(path));
        }
        Ok(OpenMetadata::new(config)?)
    }
}
