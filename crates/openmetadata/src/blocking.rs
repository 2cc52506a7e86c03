//! A blocking client for scripts and synchronous programs (feature `blocking`): the async
//! client with its own runtime. Every method of the async [`crate::OpenMetadata`] has a
//! twin here with the same name and arguments (written by `scripts/gen_blocking.py`), and
//! every paged listing is a lazy [`Iter`] that fetches one page at a time.
//!
//! ```no_run
//! # fn demo() -> openmetadata::Result<()> {
//! use openmetadata::types::entity::data::table::Table;
//! let om = openmetadata::blocking::OpenMetadata::connect(openmetadata::Config::from_env()?)?;
//! let table: Option<Table> = om.get_by_name("mysql.sales.public.orders", &Default::default())?;
//! for table in om.list_all_entities::<Table>(Default::default()) {
//!     println!("{}", table?.name);
//! }
//! println!("{}", om.server_version()?);
//! # Ok(()) }
//! ```
//!
//! On a thread that runs an async runtime (inside `#[tokio::main]`) blocking would stall
//! that runtime: there every call, and `connect`, return [`Error::InsideRuntime`] instead of
//! panicking.

use std::future::Future;
use std::pin::Pin;

use futures_util::{Stream, StreamExt};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::params::ListParams;

/// The blocking client.
///
/// ```no_run
/// # fn demo() -> openmetadata::Result<()> {
/// let om = openmetadata::blocking::OpenMetadata::connect(openmetadata::Config::from_env()?)?;
/// let version = om.server_version()?;
/// # Ok(()) }
/// ```
pub struct OpenMetadata {
    inner: crate::OpenMetadata,
    runtime: Option<tokio::runtime::Runtime>,
}

/// Shows the server it talks to (never the token).
impl std::fmt::Debug for OpenMetadata {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("blocking::OpenMetadata")
            .field(&self.inner)
            .finish()
    }
}

/// Fails on a thread that runs an async runtime.
fn outside_runtime() -> Result<()> {
    match tokio::runtime::Handle::try_current() {
        Ok(_) => Err(Error::InsideRuntime),
        Err(_) => Ok(()),
    }
}

impl OpenMetadata {
    /// A client, after checking the server's version as the config asks.
    ///
    /// ```no_run
    /// # fn demo() -> openmetadata::Result<()> {
    /// let om = openmetadata::blocking::OpenMetadata::connect(openmetadata::Config::new("http://localhost:8585"))?;
    /// # Ok(()) }
    /// ```
    pub fn connect(config: Config) -> Result<Self> {
        outside_runtime()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Config(format!("cannot start a runtime: {e}")))?;
        let inner = runtime.block_on(crate::OpenMetadata::connect(config))?;
        Ok(OpenMetadata {
            inner,
            runtime: Some(runtime),
        })
    }

    /// Runs a call of the async client to completion.
    ///
    /// ```no_run
    /// # fn demo() -> openmetadata::Result<()> {
    /// let om = openmetadata::blocking::OpenMetadata::connect(openmetadata::Config::from_env()?)?;
    /// let version = om.call(|c| c.server_version())?;
    /// # Ok(()) }
    /// ```
    pub fn call<'a, T, F>(&'a self, call: impl FnOnce(&'a crate::OpenMetadata) -> F) -> Result<T>
    where
        F: Future<Output = Result<T>> + 'a,
    {
        outside_runtime()?;
        self.runtime().block_on(call(&self.inner))
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

    /// Every entity of a collection (all pages), collected.
    ///
    /// ```no_run
    /// # fn demo() -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::topic::Topic;
    /// let om = openmetadata::blocking::OpenMetadata::connect(openmetadata::Config::from_env()?)?;
    /// let topics: Vec<Topic> = om.list_all(Default::default())?;
    /// # Ok(()) }
    /// ```
    pub fn list_all<E: crate::types::Entity>(&self, params: ListParams) -> Result<Vec<E>> {
        self.list_all_entities::<E>(params).collect()
    }

    fn runtime(&self) -> &tokio::runtime::Runtime {
        self.runtime.as_ref().expect("the runtime lives until drop")
    }

    /// The blocking form of an async dynamic API of this client.
    pub(crate) fn dynamic_api(&self, inner: crate::DynamicApi) -> DynamicApi<'_> {
        DynamicApi {
            client: self,
            inner,
        }
    }

    /// A lazy iterator over an async stream of the client.
    pub(crate) fn iter<T>(
        &self,
        stream: impl Stream<Item = Result<T>> + Send + 'static,
    ) -> Iter<'_, T> {
        Iter {
            runtime: self.runtime(),
            stream: Box::pin(stream),
            failed: false,
        }
    }
}

/// The blocking form of [`crate::DynamicApi`]: one collection by type name, JSON in and out,
/// from [`OpenMetadata::dynamic`].
///
/// ```no_run
/// # fn demo(om: openmetadata::blocking::OpenMetadata) -> openmetadata::Result<()> {
/// let charts = om.dynamic("chart")?;
/// let chart = charts.get("superset.sales_by_day", &Default::default())?;
/// # Ok(()) }
/// ```
pub struct DynamicApi<'a> {
    client: &'a OpenMetadata,
    inner: crate::DynamicApi,
}

impl DynamicApi<'_> {
    /// The async API inside.
    pub fn inner(&self) -> &crate::DynamicApi {
        &self.inner
    }

    /// Runs a call of the async API to completion.
    pub(crate) fn call<'b, T, F>(
        &'b self,
        call: impl FnOnce(&'b crate::DynamicApi) -> F,
    ) -> Result<T>
    where
        F: Future<Output = Result<T>> + 'b,
    {
        outside_runtime()?;
        self.client.runtime().block_on(call(&self.inner))
    }

    /// A lazy iterator over an async stream of the API.
    pub(crate) fn iter<T>(
        &self,
        stream: impl Stream<Item = Result<T>> + Send + 'static,
    ) -> Iter<'_, T> {
        self.client.iter(stream)
    }
}

impl Drop for OpenMetadata {
    /// Shuts the runtime down without blocking, so dropping the client never panics, even on
    /// a thread that runs another runtime.
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// A paged listing as a blocking iterator: each `next` waits for one item, fetching the next
/// page only when the current one is used up.
///
/// ```no_run
/// # fn demo(om: openmetadata::blocking::OpenMetadata) -> openmetadata::Result<()> {
/// use openmetadata::types::entity::data::table::Table;
/// let first_ten: Vec<Table> = om
///     .list_all_entities::<Table>(Default::default())
///     .take(10)
///     .collect::<openmetadata::Result<_>>()?;
/// # Ok(()) }
/// ```
pub struct Iter<'a, T> {
    runtime: &'a tokio::runtime::Runtime,
    stream: Pin<Box<dyn Stream<Item = Result<T>> + Send>>,
    failed: bool,
}

impl<T> Iterator for Iter<'_, T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        if self.failed {
            return None;
        }
        if let Err(e) = outside_runtime() {
            self.failed = true;
            return Some(Err(e));
        }
        self.runtime.block_on(self.stream.next())
    }
}
