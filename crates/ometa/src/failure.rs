//! How a command fails: one readable line and an exit code that tells the kinds apart.

use std::process::ExitCode;

/// Exit code of a bad request: usage, unknown type, unreadable or malformed input.
pub const BAD_INPUT: u8 = 2;
/// Exit code when the entity does not exist.
pub const NOT_FOUND: u8 = 3;
/// Exit code when the server cannot be reached or refuses the credentials.
pub const UNREACHABLE: u8 = 4;
/// Exit code of any other failure (the server refused or failed the request).
pub const SERVER: u8 = 1;

/// A failed command.
#[derive(Debug)]
pub struct Failure {
    /// The exit code.
    pub code: u8,
    /// What went wrong, in one line.
    pub message: String,
    /// More detail, shown with `-v`.
    pub detail: Option<String>,
}

impl Failure {
    /// A failure caused by the caller's input.
    pub fn bad_input(message: impl Into<String>) -> Self {
        Failure {
            code: BAD_INPUT,
            message: message.into(),
            detail: None,
        }
    }

    /// Prints the failure to stderr and gives the exit code.
    pub fn report(&self, command: &str, verbose: bool) -> ExitCode {
        eprintln!("ometa {command}: {}", self.message);
        if verbose && let Some(d) = &self.detail {
            eprintln!("{d}");
        }
        ExitCode::from(self.code)
    }
}

impl From<openmetadata::Error> for Failure {
    fn from(e: openmetadata::Error) -> Self {
        use openmetadata::Error as E;
        let code = match &e {
            E::NotFound { .. } => NOT_FOUND,
            E::UnknownEntityType(_) | E::InvalidRequest(_) | E::Config(_) => BAD_INPUT,
            E::Api { status, .. } if *status == 400 => BAD_INPUT,
            E::Transport(_) | E::Timeout(_) | E::Unauthorized { .. } | E::Html { .. } => {
                UNREACHABLE
            }
            _ => SERVER,
        };
        Failure {
            code,
            message: e.to_string(),
            detail: Some(format!("{e:?}")),
        }
    }
}

/// The result of a command.
pub type CmdResult<T = ()> = Result<T, Failure>;
