//! An OpenMetadata 2.0.7-compatible REST server on embedded storage.
//!
//! Not built yet: this crate is a placeholder in the workspace so the planned layout exists.
