//! The OpenMetadata SDK for Rust.
//!
//! One [`OpenMetadata`] client (cheap to clone, `Send + Sync`) with a generic entity API over
//! the [`Entity`](types::Entity) trait that every generated entity type implements:
//! create, create-or-update, get by name or id, list one page or stream all, delete, restore,
//! versions, and JSON Patch with optimistic concurrency. Typed models of the whole
//! OpenMetadata 2.0.7 schema are re-exported as [`types`].
//!
//! Every request goes through one transport: default timeouts (connect 10 s, read 300 s),
//! retries with exponential back-off and jitter on 429/502/503/504 and connection errors for
//! idempotent verbs (honouring `Retry-After`, within a total budget), one token refresh on 401,
//! and typed [`Error`]s. A lookup returns `Ok(None)` only for a 404.

mod assets;
mod auth;
#[cfg(feature = "blocking")]
pub mod blocking;
mod change_events;
mod client;
mod collection_ops;
mod config;
mod data_contracts;
mod data_quality;
mod domains;
mod dynamic;
mod error;
pub mod fqn;
mod ingestion_runs;
mod insights;
mod lineage;
mod lineage_search;
mod params;
mod patch_helpers;
mod permissions;
mod pipelines;
pub mod prelude;
mod queries;
mod search;
mod server_ops;
pub mod sql_lineage;
mod table_extras;
mod tls;
mod transport;
mod usage;
pub mod utils;

pub use assets::TimeRange;
pub use auth::{ClientCredentials, GoogleServiceAccount, PrivateKeyJwt, REFRESH_MARGIN};
pub use change_events::EventFilter;
pub use client::{EntityList, OpenMetadata, Paged, SERVER_VERSION};
pub use collection_ops::{AssetPage, AsyncJob, BulkOptions};
pub use config::{
    Auth, ClientCertificate, Config, Pem, RetryPolicy, VerifySsl, VersionCheck, validate_url,
};
pub use domains::PortKind;
pub use dynamic::DynamicApi;
pub use error::{Error, Result};
pub use ingestion_runs::LogPage;
pub use lineage::{MAX_LINEAGE_DEPTH, Node, QueryContext, QueryLineageReport};
pub use lineage_search::TableView;
pub use openmetadata_types as types;
pub use params::{DeleteParams, GetParams, Include, ListParams};
pub use patch_helpers::PatchOperation;
pub use queries::QueryCost;
pub use reqwest::Method;
pub use search::{Hit, Hits, Search, SearchResponse, Total, index_of};
pub use table_extras::ColumnPage;
