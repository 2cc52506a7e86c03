//! Storage transactions in the engine's terms: work that fails with [`ApiError`], storage
//! errors converted on the way.

use rusqlite::Connection;

use crate::engine::Engine;
use crate::engine::error::ApiError;

impl Engine {
    /// Runs `f` inside a write transaction and returns once it is committed; a failed `f`
    /// writes nothing.
    pub fn write<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        self.store.write(f)
    }

    /// Runs `f` on a reader connection.
    pub fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T, ApiError> {
        Ok(self.store.read(f)?)
    }
}
