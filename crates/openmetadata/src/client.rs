//! The `OpenMetadata` client and its generic entity API over [`Entity`].

use std::sync::Arc;

use futures_util::Stream;
use openmetadata_types::type_::entity_history::EntityVersionHistory;
use openmetadata_types::{CreateRequest, Entity};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::config::{Config, VersionCheck};
use crate::error::{Error, Result};
use crate::fqn::path_segment;
use crate::params::{DeleteParams, GetParams, ListParams};
use crate::transport::{Body, Transport};

/// The major.minor of OpenMetadata this SDK speaks.
///
/// ```
/// assert_eq!(openmetadata::SERVER_VERSION, "2.0");
/// ```
pub const SERVER_VERSION: &str = "2.0";

/// How many times [`OpenMetadata::update`] re-reads and retries after a 412.
const MAX_OPTIMISTIC_RETRIES: usize = 3;

/// One page of a listing.
///
/// ```no_run
/// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
/// use openmetadata::types::entity::data::table::Table;
/// let page = om.list_entities::<Table>(&openmetadata::ListParams::default().limit(10)).await?;
/// println!("{} of {}; next page: {:?}", page.entities.len(), page.total, page.after);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct EntityList<E> {
    /// The entities.
    pub entities: Vec<E>,
    /// All matching entities.
    pub total: i64,
    /// Cursor of the next page.
    pub after: Option<String>,
    /// Cursor of the previous page.
    pub before: Option<String>,
}

/// A paged listing as a stream of items, fetched a page at a time. Boxed, so it is `Unpin`:
/// loop over it with `while let Some(x) = stream.try_next().await?` (the traits are in
/// [`prelude`](crate::prelude)).
pub type Paged<T> = futures_util::stream::BoxStream<'static, Result<T>>;

/// A client of one OpenMetadata server. Cheap to clone; share it across tasks.
///
/// ```no_run
/// # async fn demo() -> openmetadata::Result<()> {
/// use openmetadata::{Auth, Config, GetParams, OpenMetadata};
/// use openmetadata::types::entity::data::table::Table;
/// let om = OpenMetadata::connect(
///     Config::new("http://localhost:8585/api").auth(Auth::Jwt(std::env::var("OM_TOKEN").unwrap())),
/// ).await?;
/// let table: Option<Table> = om.get_by_name("mysql.sales.public.orders", &GetParams::default()).await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct OpenMetadata {
    transport: Arc<Transport>,
}

/// Shows the server it talks to (never the token).
impl std::fmt::Debug for OpenMetadata {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenMetadata")
            .field("base_url", &self.config().base_url())
            .finish_non_exhaustive()
    }
}

impl OpenMetadata {
    /// A client that has not called the server yet.
    ///
    /// ```
    /// let om = openmetadata::OpenMetadata::new(openmetadata::Config::new("http://localhost:8585/api")).unwrap();
    /// assert_eq!(om.config().api_version, "v1");
    /// ```
    pub fn new(config: Config) -> Result<Self> {
        Ok(OpenMetadata {
            transport: Arc::new(Transport::new(config)?),
        })
    }

    /// A client, after checking the server's version as the config asks.
    ///
    /// ```no_run
    /// # async fn demo() -> openmetadata::Result<()> {
    /// let om = openmetadata::OpenMetadata::connect(openmetadata::Config::from_env()?).await?;
    /// # Ok(()) }
    /// ```
    pub async fn connect(config: Config) -> Result<Self> {
        let client = Self::new(config)?;
        match client.validate_version().await {
            Err(Error::NotFound { .. }) => Err(Error::Config(format!(
                "no OpenMetadata API at {base}: GET {base}/system/version answered 404; give \
                 the server's URL (http://host:8585), its API (…/api) or …/api/v1",
                base = client.config().base_url()
            ))),
            other => other.map(|()| client),
        }
    }

    /// The configuration.
    ///
    /// ```
    /// let om = openmetadata::OpenMetadata::new(openmetadata::Config::new("http://om:8585/api")).unwrap();
    /// assert_eq!(om.config().base_url(), "http://om:8585/api/v1");
    /// ```
    pub fn config(&self) -> &Config {
        self.transport.config()
    }

    pub(crate) async fn call(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<Body>,
    ) -> Result<crate::transport::Answer> {
        self.transport
            .send(method, path, query, body.as_ref(), &[])
            .await
    }

    /// Escape hatch: any call on any route, with JSON in and out (`path` is below `/api/v1`).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let settings = om.raw(openmetadata::Method::GET, "/system/settings/profilerConfiguration", None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn raw(&self, method: Method, path: &str, body: Option<Value>) -> Result<Value> {
        let answer = self.call(method, path, &[], body.map(Body::Json)).await?;
        if answer.body.is_empty() {
            return Ok(Value::Null);
        }
        answer.json()
    }

    /// The server's version string, e.g. `2.0.7`.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let version = om.server_version().await?; // "2.0.7"
    /// # Ok(()) }
    /// ```
    pub async fn server_version(&self) -> Result<String> {
        let v: Value = self
            .call(Method::GET, "/system/version", &[], None)
            .await?
            .json()?;
        v.get("version")
            .and_then(Value::as_str)
            .map(String::from)
            .ok_or_else(|| Error::Decode {
                path: "version".into(),
                message: "missing".into(),
                snippet: v.to_string(),
            })
    }

    /// Whether the server answers its version endpoint.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// assert!(om.health_check().await?);
    /// # Ok(()) }
    /// ```
    pub async fn health_check(&self) -> Result<bool> {
        Ok(!self.server_version().await?.is_empty())
    }

    /// Checks that the server speaks [`SERVER_VERSION`] (major.minor), per the config's policy.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// om.validate_version().await?; // Error::VersionMismatch unless 2.0.x
    /// # Ok(()) }
    /// ```
    pub async fn validate_version(&self) -> Result<()> {
        if self.config().version_check == VersionCheck::Off {
            return Ok(());
        }
        let server = self.server_version().await?;
        let major_minor: Vec<&str> = server.split('.').take(2).collect();
        if major_minor.join(".") == SERVER_VERSION {
            return Ok(());
        }
        let err = Error::VersionMismatch {
            server,
            client: SERVER_VERSION.into(),
        };
        match self.config().version_check {
            VersionCheck::Strict => Err(err),
            _ => {
                tracing::warn!("{err}");
                Ok(())
            }
        }
    }

    /// `POST`: creates the entity; a [`Error::Conflict`] if it exists.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::api::data::create_database::CreateDatabaseRequest;
    /// let db = om.create(&CreateDatabaseRequest::new("sales", "mysql_prod")).await?;
    /// assert_eq!(db.name.to_string(), "sales");
    /// # Ok(()) }
    /// ```
    pub async fn create<C: CreateRequest>(&self, request: &C) -> Result<C::Entity> {
        let body = serde_json::to_value(request).map_err(|e| Error::Config(e.to_string()))?;
        self.call(
            Method::POST,
            &format!("/{}", C::Entity::COLLECTION),
            &[],
            Some(Body::Json(body)),
        )
        .await?
        .json()
    }

    /// `PUT`: creates the entity or updates it (same id). The server keeps a description,
    /// tags or owners already set when a bot sends the PUT; use [`update`](Self::update) or a
    /// patch to change those.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::api::data::create_database::CreateDatabaseRequest;
    /// let db = om.create_or_update(&CreateDatabaseRequest::new("sales", "mysql_prod")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_or_update<C: CreateRequest>(&self, request: &C) -> Result<C::Entity> {
        let body = serde_json::to_value(request).map_err(|e| Error::Config(e.to_string()))?;
        self.put_at(C::Entity::COLLECTION, body).await
    }

    /// `PUT` with `overrideMetadata=true`: like [`create_or_update`](Self::create_or_update),
    /// but the request's description, tags, owners and display name replace the stored ones
    /// even when a bot (an ingestion token) sends it.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::api::data::create_database::CreateDatabaseRequest;
    /// let mut request = CreateDatabaseRequest::new("sales", "mysql_prod");
    /// request.description = Some("Curated by the platform team.".into());
    /// om.create_or_update_overriding(&request).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_or_update_overriding<C: CreateRequest>(
        &self,
        request: &C,
    ) -> Result<C::Entity> {
        let body = serde_json::to_value(request).map_err(|e| Error::Config(e.to_string()))?;
        self.call(
            Method::PUT,
            &format!("/{}", C::Entity::COLLECTION),
            &[("overrideMetadata", "true".to_string())],
            Some(Body::Json(body)),
        )
        .await?
        .json()
    }

    /// `PUT` of a create request to the collection at `collection`.
    pub(crate) async fn put_at<T: DeserializeOwned>(
        &self,
        collection: &str,
        body: Value,
    ) -> Result<T> {
        self.call(
            Method::PUT,
            &format!("/{collection}"),
            &[],
            Some(Body::Json(body)),
        )
        .await?
        .json()
    }

    /// The entity with this FQN, or else the one a `PUT` of `create()` to `path` answers.
    pub(crate) async fn find_or_put<E: Entity, C: serde::Serialize>(
        &self,
        fqn: &str,
        path: &str,
        create: impl FnOnce() -> Result<C>,
    ) -> Result<E> {
        if let Some(found) = self.get_by_name::<E>(fqn, &GetParams::default()).await? {
            return Ok(found);
        }
        let body = serde_json::to_value(create()?).map_err(|e| Error::Config(e.to_string()))?;
        self.call(Method::PUT, path, &[], Some(Body::Json(body)))
            .await?
            .json()
    }

    pub(crate) async fn get_opt<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Option<T>> {
        match self.call(Method::GET, path, query, None).await {
            Ok(a) => a.json().map(Some),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The entity with this FQN, or `None` when there is none (404 only).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// use openmetadata::GetParams;
    /// let table: Option<Table> = om
    ///     .get_by_name("mysql_prod.sales.public.orders", &GetParams::default().fields(["owners", "tags"]))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_by_name<E: Entity>(&self, fqn: &str, params: &GetParams) -> Result<Option<E>> {
        self.get_opt(
            &format!("/{}/name/{}", E::COLLECTION, path_segment(fqn)),
            &params.query(),
        )
        .await
    }

    /// The entity with this id, or `None` when there is none (404 only).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// # let id = "0b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f";
    /// let table: Option<Table> = om.get_by_id(id, &Default::default()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_by_id<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        params: &GetParams,
    ) -> Result<Option<E>> {
        self.get_opt(&format!("/{}/{}", E::COLLECTION, id), &params.query())
            .await
    }

    /// One page of a collection.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// use openmetadata::ListParams;
    /// let first = om.list_entities::<Table>(&ListParams::default().limit(50).filter("database", "mysql_prod.sales")).await?;
    /// if let Some(after) = first.after {
    ///     let second = om.list_entities::<Table>(&ListParams::default().limit(50).after(after)).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn list_entities<E: Entity>(&self, params: &ListParams) -> Result<EntityList<E>> {
        self.list_page(E::COLLECTION, params).await
    }

    /// One page of the collection at `collection`, as `T`.
    pub(crate) async fn list_page<T: DeserializeOwned>(
        &self,
        collection: &str,
        params: &ListParams,
    ) -> Result<EntityList<T>> {
        #[derive(serde::Deserialize)]
        struct Paging {
            #[serde(default)]
            total: i64,
            after: Option<String>,
            before: Option<String>,
        }
        #[derive(serde::Deserialize)]
        struct Page<T> {
            data: Vec<T>,
            paging: Paging,
        }
        let page: Page<T> = self
            .call(
                Method::GET,
                &format!("/{collection}"),
                &params.query(),
                None,
            )
            .await?
            .json()?;
        Ok(EntityList {
            entities: page.data,
            total: page.paging.total,
            after: page.paging.after,
            before: page.paging.before,
        })
    }

    /// Every entity of a collection, page after page, following the `after` cursor until the
    /// server gives none (an empty page with a cursor does not end it).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// use futures_util::TryStreamExt;
    /// let all: Vec<Table> = om.list_all_entities(Default::default()).try_collect().await?;
    /// # Ok(()) }
    /// ```
    pub fn list_all_entities<E: Entity>(&self, params: ListParams) -> Paged<E> {
        Box::pin(self.list_stream(E::COLLECTION, params))
    }

    /// Every entity of the collection at `collection`, as `T`, page after page.
    pub(crate) fn list_stream<T: DeserializeOwned + Send + 'static>(
        &self,
        collection: &'static str,
        params: ListParams,
    ) -> impl Stream<Item = Result<T>> + Send + 'static {
        let client = self.clone();
        let pages = futures_util::stream::try_unfold(Some(params), move |state| {
            let client = client.clone();
            async move {
                let Some(params) = state else { return Ok(None) };
                let page = client.list_page::<T>(collection, &params).await?;
                let next = page.after.clone().map(|a| ListParams {
                    after: Some(a),
                    before: None,
                    ..params
                });
                Ok(Some((
                    futures_util::stream::iter(page.entities.into_iter().map(Ok)),
                    next,
                )))
            }
        });
        futures_util::TryStreamExt::try_flatten(pages)
    }

    /// Deletes by id (soft unless `hard_delete`).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// # let id = "0b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f";
    /// om.delete::<Table>(id, openmetadata::DeleteParams::default().hard(true)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        params: DeleteParams,
    ) -> Result<()> {
        self.delete_at(&format!("/{}/{}", E::COLLECTION, id), params)
            .await
    }

    /// Deletes by FQN.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::services::database_service::DatabaseService;
    /// om.delete_by_name::<DatabaseService>("mysql_prod", openmetadata::DeleteParams::default().recursive(true)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_by_name<E: Entity>(&self, fqn: &str, params: DeleteParams) -> Result<()> {
        self.delete_at(
            &format!("/{}/name/{}", E::COLLECTION, path_segment(fqn)),
            params,
        )
        .await
    }

    /// `DELETE` of the entity at `path`.
    pub(crate) async fn delete_at(&self, path: &str, params: DeleteParams) -> Result<()> {
        self.call(Method::DELETE, path, &params.query(), None)
            .await
            .map(|_| ())
    }

    /// Restores a soft-deleted entity (an error if it is not deleted or does not exist).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// # let id = "0b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f";
    /// let back: Table = om.restore(id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn restore<E: Entity>(&self, id: impl std::fmt::Display) -> Result<E> {
        self.restore_at(E::COLLECTION, &id.to_string()).await
    }

    /// Restores an entity of the collection at `collection`.
    pub(crate) async fn restore_at<T: DeserializeOwned>(
        &self,
        collection: &str,
        id: &str,
    ) -> Result<T> {
        let body = serde_json::json!({ "id": id });
        self.call(
            Method::PUT,
            &format!("/{collection}/restore"),
            &[],
            Some(Body::Json(body)),
        )
        .await?
        .json()
    }

    /// Every version of an entity, latest first (each as the entity's JSON string).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// # let id = "0b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f";
    /// let history = om.list_versions::<Table>(id).await?;
    /// println!("{} versions", history.versions.len());
    /// # Ok(()) }
    /// ```
    pub async fn list_versions<E: Entity>(
        &self,
        id: impl std::fmt::Display,
    ) -> Result<EntityVersionHistory> {
        self.versions_at(E::COLLECTION, &id.to_string()).await
    }

    /// Every version of an entity, typed, newest first (the server sends each version as a
    /// JSON document in a string; this decodes them).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// # let id = "0b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f";
    /// for table in om.entity_versions::<Table>(id).await? {
    ///     println!("{:?}: {:?}", table.version, table.description);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn entity_versions<E: Entity>(&self, id: impl std::fmt::Display) -> Result<Vec<E>> {
        let history = self.list_versions::<E>(id).await?;
        history
            .versions
            .iter()
            .map(|v| {
                let text = v.as_str().map_or_else(|| v.to_string(), String::from);
                crate::transport::Answer { body: text.into() }.json()
            })
            .collect()
    }

    /// Every version of an entity of the collection at `collection`.
    pub(crate) async fn versions_at(
        &self,
        collection: &str,
        id: &str,
    ) -> Result<EntityVersionHistory> {
        self.call(
            Method::GET,
            &format!("/{collection}/{id}/versions"),
            &[],
            None,
        )
        .await?
        .json()
    }

    /// The entity as it was at `version` (`"0.1"`), or `None`.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// # let id = "0b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f";
    /// let first: Option<Table> = om.get_entity_version(id, "0.1").await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_entity_version<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        version: &str,
    ) -> Result<Option<E>> {
        self.get_opt(
            &format!("/{}/{}/versions/{}", E::COLLECTION, id, version),
            &[],
        )
        .await
    }

    /// Sends the JSON Patch that turns `before` into `after`, guarded by `If-Match` on
    /// `before`'s version. `None` when there is nothing to change.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// let before: Table = om.get_by_name("svc.db.s.orders", &Default::default()).await?.unwrap();
    /// let mut after = before.clone();
    /// after.display_name = Some("Orders".into());
    /// let patched = om.patch(&before, &after).await?; // None if nothing changed
    /// # Ok(()) }
    /// ```
    pub async fn patch<E: Entity>(&self, before: &E, after: &E) -> Result<Option<E>> {
        let id = before
            .id()
            .ok_or_else(|| Error::Config("the entity has no id".into()))?;
        let a = serde_json::to_value(before).map_err(|e| Error::Config(e.to_string()))?;
        let b = serde_json::to_value(after).map_err(|e| Error::Config(e.to_string()))?;
        let ops = json_patch::diff(&a, &b);
        if ops.0.is_empty() {
            return Ok(None);
        }
        let ops = serde_json::to_value(ops).map_err(|e| Error::Config(e.to_string()))?;
        self.patch_at(&format!("/{}/{}", E::COLLECTION, id), ops, before.version())
            .await
            .map(Some)
    }

    /// Sends a JSON Patch document to the entity at `path`, guarded by `If-Match` when the
    /// version it was computed against is given.
    pub(crate) async fn patch_at<T: DeserializeOwned>(
        &self,
        path: &str,
        ops: Value,
        if_version: Option<f64>,
    ) -> Result<T> {
        let headers: Vec<(&str, String)> = if_version
            .map(|v| ("If-Match", etag(v)))
            .into_iter()
            .collect();
        self.transport
            .send(
                Method::PATCH,
                path,
                &[],
                Some(&Body::JsonPatch(ops)),
                &headers,
            )
            .await?
            .json()
    }

    /// Reads the entity (with `fields`), lets `change` edit it, and patches the difference;
    /// when someone else changed it meanwhile (412), reads again and re-applies `change`, up to
    /// three times. `None` when `change` changed nothing.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// # let id = "0b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f";
    /// let updated = om.update::<Table>(id, &["tags"], |t| t.description = Some("Orders.".into())).await?;
    /// # Ok(()) }
    /// ```
    pub async fn update<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        fields: &[&str],
        mut change: impl FnMut(&mut E),
    ) -> Result<Option<E>> {
        let id = id.to_string();
        let params = GetParams::default().fields(fields.iter().copied());
        let mut attempt = 0;
        loop {
            attempt += 1;
            let current: E =
                self.get_by_id(&id, &params)
                    .await?
                    .ok_or_else(|| Error::NotFound {
                        message: format!("{} instance for {id} not found", E::TYPE_NAME),
                    })?;
            let mut edited = current.clone();
            change(&mut edited);
            match self.patch(&current, &edited).await {
                Err(e) if e.is_precondition_failed() && attempt < MAX_OPTIMISTIC_RETRIES => {
                    continue;
                }
                other => return other,
            }
        }
    }
}

/// The weak ETag of a version, rendered like Java's `Double.toString` (`0.1`, `1.0`).
fn etag(version: f64) -> String {
    if version.fract() == 0.0 {
        format!("W/\"{version:.1}\"")
    } else {
        format!("W/\"{version}\"")
    }
}

#[cfg(feature = "blocking")]
#[path = "blocking_twins/client.rs"]
mod blocking_twins;
