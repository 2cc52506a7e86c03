//! Embedded storage on SQLite: entities as JSON plus indexed columns, and their version history.
//!
//! One writer thread owns the writer connection and commits writes in groups: every write
//! waiting when a transaction starts joins it (each in its own savepoint, so one failing write
//! does not undo the others), and all are answered after the one commit. Reads use a small pool
//! of reader connections; with a file database in WAL mode they never wait for writes.
//! Every acknowledged write survives the process being killed; with [`Durability::PowerLoss`]
//! it also survives the machine losing power (each commit waits for the disk).

pub mod data_dir;
pub mod db;
pub mod error;
pub mod event_log;
pub mod index_queue;
pub mod lineage;
pub mod prepared;
pub mod reads;
pub mod relations;
pub mod rows;
pub mod schema;
pub mod search_index;
#[cfg(test)]
mod tests;
pub mod timeseries;
pub mod writes;

pub use db::{Durability, Store};
pub use error::StoreError;
pub use prepared::Prepared;
pub use rows::{Cursor, Include, ListScope, Stored, View, row};
pub use writes::{put, remove, rewrite};
