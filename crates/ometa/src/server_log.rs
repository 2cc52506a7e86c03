//! The log of `ometa serve`, on standard error: what `RUST_LOG` asks for (`info`,
//! `ometa_server=debug,warn`, ...), else every request with `-v`, else warnings and errors
//! (each failed or refused request is one line).

use std::io::IsTerminal;
use std::str::FromStr;

use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Installs the log; `verbose` (`-v`) shows a line for every request.
pub fn init(verbose: bool) {
    let default = if verbose {
        "ometa_server=debug,warn"
    } else {
        "warn"
    };
    let wanted = std::env::var("RUST_LOG").ok();
    let filter = wanted
        .as_deref()
        .and_then(|w| Targets::from_str(w).ok())
        .unwrap_or_else(|| Targets::from_str(default).expect("a valid default filter"));
    let _ = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(std::io::stderr().is_terminal()),
        )
        .with(filter)
        .try_init();
}
