//! The OpenMetadata SDK for Rust.
//!
//! The client (config, auth, transport, the generic entity API) is being built; today this
//! crate re-exports the typed models of [`openmetadata_types`] as [`types`].

pub use openmetadata_types as types;
