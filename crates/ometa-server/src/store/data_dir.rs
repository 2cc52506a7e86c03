//! The data directory: created if missing, and held by one server at a time through an OS
//! file lock on `ometa.lock` (released by the OS when the process ends, so a killed server
//! never leaves a stale lock). The lock file says which process holds it and where it listens.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::StartError;

/// The name of the lock file inside a data directory.
const LOCK_FILE: &str = "ometa.lock";

/// A data directory this process holds; dropping it releases the directory.
#[derive(Debug)]
pub struct DataDirLock {
    file: File,
}

impl DataDirLock {
    /// Creates `dir` if needed and takes its lock, or says who holds it.
    pub fn acquire(dir: &Path) -> Result<Self, StartError> {
        let at = |path: PathBuf| move |source| StartError::Path { path, source };
        std::fs::create_dir_all(dir).map_err(at(dir.to_path_buf()))?;
        let path = dir.join(LOCK_FILE);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(at(path.clone()))?;
        match file.try_lock() {
            Ok(()) => Ok(DataDirLock { file }),
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                Err(StartError::InUse {
                    dir: dir.to_path_buf(),
                    holder: holder.trim().to_string(),
                })
            }
            Err(std::fs::TryLockError::Error(source)) => Err(StartError::Path { path, source }),
        }
    }

    /// Records this process and the address it serves in the lock file.
    pub fn record(&mut self, base_url: &str) -> std::io::Result<()> {
        self.file.set_len(0)?;
        self.file.rewind()?;
        writeln!(self.file, "pid {} serving {base_url}", std::process::id())?;
        self.file.flush()
    }
}
