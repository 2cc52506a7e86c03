//! The error of storage: SQLite's, or one of the few conditions a write can meet.

/// Why a storage operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed.
    #[error("storage error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Another entity of the same kind has this FQN.
    #[error("Entity already exists")]
    Exists,
    /// The row changed since the document being written was read.
    #[error("the entity was changed by another write since it was read")]
    Stale,
    /// A value given to storage is not one it knows (an `include` value).
    #[error("{0}")]
    Invalid(String),
    /// Storage itself failed: a file, a thread, a commit.
    #[error("{0}")]
    Failed(String),
}
