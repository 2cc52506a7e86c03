//! `ometa`: the OpenMetadata command line.

use std::process::ExitCode;

fn main() -> ExitCode {
    let kinds = openmetadata::types::ENTITY_KINDS.len();
    match std::env::args().nth(1).as_deref() {
        Some("kinds") => {
            for kind in openmetadata::types::ENTITY_KINDS {
                println!("{:<26} /api/v1/{}", kind.type_name, kind.collection);
            }
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!(
                "ometa: `{other}` is not available yet; this build only has `ometa kinds` ({kinds} entity kinds)."
            );
            ExitCode::from(2)
        }
        None => {
            eprintln!("usage: ometa kinds");
            ExitCode::from(2)
        }
    }
}
