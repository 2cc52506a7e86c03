//! The state every handler shares, and the extractor types of query parameters.

use axum::extract::Query;
use std::collections::BTreeMap;
use std::sync::Arc;

use crate::engine::Engine;
use crate::http::jwt::TokenKey;

/// Shared state of the handlers.
pub struct AppState {
    /// The collection engine.
    pub engine: Engine,
    /// Who may do what.
    pub authorizer: crate::engine::authorization::Authorizer,
    /// The token key.
    pub tokens: TokenKey,
    /// The version `/system/version` reports.
    pub version: String,
    /// The data directory held while the server runs (none in memory).
    pub(crate) _data_dir: Option<crate::store::data_dir::DataDirLock>,
}

/// The state handlers share.
pub type Shared = Arc<AppState>;
/// Query parameters.
pub type Params = Query<BTreeMap<String, String>>;
