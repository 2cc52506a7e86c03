//! Shared by the process-level tests and the load benchmark: `ometa serve` as a child process.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Starts `ometa serve` on a free port with `data_dir`; returns the child and its base URL
/// (`http://127.0.0.1:<port>`). The server's further output is drained.
pub fn serve(data_dir: &std::path::Path) -> (Child, String) {
    serve_with(data_dir, &[])
}

/// [`serve`] with more arguments (`--durability power-loss`).
pub fn serve_with(data_dir: &std::path::Path, args: &[&str]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ometa"))
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir)
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start ometa serve");
    let mut line = String::new();
    let mut out = BufReader::new(child.stdout.take().expect("piped stdout"));
    out.read_line(&mut line).expect("the banner");
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("the listening URL")
        .trim_end_matches("/api/v1")
        .to_string();
    (child, url)
}
