//! A blocking client for scripts and synchronous programs (feature `blocking`): the async
//! client with its own runtime.
//!
//! ```no_run
//! # fn demo() -> openmetadata::Result<()> {
//! use openmetadata::types::entity::data::table::Table;
//! let om = openmetadata::blocking::OpenMetadata::connect(openmetadata::Config::from_env()?)?;
//! let table: Option<Table> = om.get_by_name("mysql.sales.public.orders", &Default::default())?;
//! let version = om.run(|c| c.server_version())?;
//! # Ok(()) }
//! ```

use std::future::Future;

use openmetadata_types::{CreateRequest, Entity};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::params::{GetParams, ListParams};

/// The blocking client. Every async call is reachable through [`run`](Self::run); the most
/// common ones have their own methods.
///
/// ```no_run
/// # fn demo() -> openmetadata::Result<()> {
/// let om = openmetadata::blocking::OpenMetadata::connect(openmetadata::Config::from_env()?)?;
/// let version = om.run(|c| c.server_version())?;
/// # Ok(()) }
/// ```
pub struct OpenMetadata {
    inner: crate::OpenMetadata,
    runtime: tokio::runtime::Runtime,
}

impl OpenMetadata {
    /// A client, after checking the server's version as the config asks.
    ///
    /// ```no_run
    /// # fn demo() -> openmetadata::Result<()> {
    /// let om = openmetadata::blocking::OpenMetadata::connect(openmetadata::Config::new("http://localhost:8585/api"))?;
    /// # Ok(()) }
    /// ```
    pub fn connect(config: Config) -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Config(format!("cannot start a runtime: {e}")))?;
        let inner = runtime.block_on(crate::OpenMetadata::connect(config))?;
        Ok(OpenMetadata { inner, runtime })
    }

    /// Runs any call of the async client to completion.
    ///
    /// ```no_run
    /// # fn demo() -> openmetadata::Result<()> {
    /// let om = openmetadata::blocking::OpenMetadata::connect(openmetadata::Config::from_env()?)?;
    /// let lineage = om.run(|c| c.get_lineage(&openmetadata::Node::Name("table", "svc.db.s.orders"), 1, 1))?;
    /// # Ok(()) }
    /// ```
    pub fn run<'a, T, F>(&'a self, call: impl FnOnce(&'a crate::OpenMetadata) -> F) -> T
    where
        F: Future<Output = T> + 'a,
    {
        self.runtime.block_on(call(&self.inner))
    }

    /// The async client inside.
    ///
    /// ```no_run
    /// # fn demo() -> openmetadata::Result<()> {
    /// let om = openmetadata::blocking::OpenMetadata::connect(openmetadata::Config::from_env()?)?;
    /// let async_client: openmetadata::OpenMetadata = om.inner().clone();
    /// # Ok(()) }
    /// ```
    pub fn inner(&self) -> &crate::OpenMetadata {
        &self.inner
    }

    /// See [`crate::OpenMetadata::get_by_name`].
    ///
    /// ```no_run
    /// # fn demo() -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// let om = openmetadata::blocking::OpenMetadata::connect(openmetadata::Config::from_env()?)?;
    /// let table: Option<Table> = om.get_by_name("svc.db.s.orders", &Default::default())?;
    /// # Ok(()) }
    /// ```
    pub fn get_by_name<E: Entity>(&self, fqn: &str, params: &GetParams) -> Result<Option<E>> {
        self.run(|c| c.get_by_name(fqn, params))
    }

    /// See [`crate::OpenMetadata::create_or_update`].
    ///
    /// ```no_run
    /// # fn demo() -> openmetadata::Result<()> {
    /// use openmetadata::types::api::data::create_database::CreateDatabaseRequest;
    /// let om = openmetadata::blocking::OpenMetadata::connect(openmetadata::Config::from_env()?)?;
    /// om.create_or_update(&CreateDatabaseRequest::new("sales", "mysql_prod"))?;
    /// # Ok(()) }
    /// ```
    pub fn create_or_update<C: CreateRequest>(&self, request: &C) -> Result<C::Entity> {
        self.run(|c| c.create_or_update(request))
    }

    /// Every entity of a collection (all pages).
    ///
    /// ```no_run
    /// # fn demo() -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::topic::Topic;
    /// let om = openmetadata::blocking::OpenMetadata::connect(openmetadata::Config::from_env()?)?;
    /// let topics: Vec<Topic> = om.list_all(Default::default())?;
    /// # Ok(()) }
    /// ```
    pub fn list_all<E: Entity>(&self, params: ListParams) -> Result<Vec<E>> {
        self.run(|c| futures_util::TryStreamExt::try_collect(c.list_all_entities::<E>(params)))
    }
}
