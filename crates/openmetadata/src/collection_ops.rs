//! Operations on a collection beyond one entity's CRUD: bulk create-or-update, deleting what
//! an ingestion run did not see, background delete and restore, followers, the context
//! document and assets.

use openmetadata_types::type_::bulk_delete_stale_request::BulkDeleteStaleRequest;
use openmetadata_types::type_::bulk_operation_result::BulkOperationResult;
use openmetadata_types::type_::change_event::ChangeEvent;
use openmetadata_types::type_::entity_reference::EntityReference;
use openmetadata_types::{CreateRequest, Entity};
use reqwest::Method;
use serde_json::{Value, json};

use crate::client::OpenMetadata;
use crate::error::{Error, Result};
use crate::fqn::path_segment;
use crate::params::DeleteParams;
use crate::transport::Body;

/// A job the server runs in the background (`202 Accepted`).
///
/// ```no_run
/// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
/// use openmetadata::types::entity::data::table::Table;
/// # let id = "0b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f";
/// let job = om.delete_async::<Table>(id, Default::default()).await?;
/// println!("job {}: {}", job.job_id, job.message);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct AsyncJob {
    /// The job's id.
    #[serde(rename = "jobId")]
    pub job_id: String,
    /// What the server says it started.
    #[serde(default)]
    pub message: String,
}

/// One page of assets (entities owned by a user or team, in a domain or data product, or
/// tagged with a tag or glossary term).
///
/// ```no_run
/// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
/// use openmetadata::types::entity::domains::domain::Domain;
/// let page = om.get_assets::<Domain>("Sales", 100, 0).await?;
/// println!("{} of {:?}", page.data.len(), page.paging.total);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, serde::Deserialize)]
pub struct AssetPage {
    /// References to the assets.
    pub data: Vec<EntityReference>,
    /// Paging: `offset`, `limit`, `total`.
    pub paging: openmetadata_types::type_::paging::Paging,
}

/// Options of [`OpenMetadata::bulk_create_or_update`].
///
/// ```
/// let options = openmetadata::BulkOptions { run_async: false, override_metadata: true };
/// assert!(options.override_metadata);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct BulkOptions {
    /// Let the server run it in the background and answer at once.
    pub run_async: bool,
    /// Overwrite descriptions, tags and owners already set, even from a bot.
    pub override_metadata: bool,
}

impl OpenMetadata {
    /// `PUT {route}/bulk`: creates or updates many entities of one type in one call; each
    /// request succeeds or fails on its own, as the result reports. An empty list makes no
    /// call.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, tables: Vec<openmetadata::types::api::data::create_table::CreateTableRequest>) -> openmetadata::Result<()> {
    /// let result = om.bulk_create_or_update(&tables, Default::default()).await?;
    /// println!("{:?} passed", result.number_of_rows_passed);
    /// # Ok(()) }
    /// ```
    pub async fn bulk_create_or_update<C: CreateRequest>(
        &self,
        requests: &[C],
        options: BulkOptions,
    ) -> Result<BulkOperationResult> {
        if requests.is_empty() {
            return Ok(BulkOperationResult {
                status: Some(openmetadata_types::type_::basic::Status::Success),
                number_of_rows_processed: Some(0.into()),
                number_of_rows_passed: Some(0.into()),
                number_of_rows_failed: Some(0.into()),
                ..Default::default()
            });
        }
        let body = serde_json::to_value(requests).map_err(|e| Error::Config(e.to_string()))?;
        self.call(
            Method::PUT,
            &format!("/{}/bulk", C::Entity::COLLECTION),
            &[
                ("async", options.run_async.to_string()),
                ("overrideMetadata", options.override_metadata.to_string()),
            ],
            Some(Body::Json(body)),
        )
        .await?
        .json()
    }

    /// `DELETE {route}/deleteStale`: deletes the entities of type `E` under a scope (e.g. the
    /// tables of a schema) whose FQN is not in `request.seen_fqns`.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// use openmetadata::types::type_::bulk_delete_stale_request::BulkDeleteStaleRequest;
    /// let request: BulkDeleteStaleRequest = serde_json::from_value(serde_json::json!({
    ///     "scope": "svc.db.s", "liveEntities": ["svc.db.s.orders"]
    /// })).unwrap();
    /// let result = om.delete_stale_entities::<Table>(&request).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_stale_entities<E: Entity>(
        &self,
        request: &BulkDeleteStaleRequest,
    ) -> Result<BulkOperationResult> {
        let body = serde_json::to_value(request).map_err(|e| Error::Config(e.to_string()))?;
        self.call(
            Method::DELETE,
            &format!("/{}/deleteStale", E::COLLECTION),
            &[],
            Some(Body::Json(body)),
        )
        .await?
        .json()
    }

    /// `DELETE {route}/async/{id}`: the server deletes in the background.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// # let id = "0b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f";
    /// let job = om.delete_async::<Table>(id, openmetadata::DeleteParams::default().hard(true)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_async<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        params: DeleteParams,
    ) -> Result<AsyncJob> {
        self.call(
            Method::DELETE,
            &format!("/{}/async/{}", E::COLLECTION, id),
            &params.query(),
            None,
        )
        .await?
        .json()
    }

    /// `PUT {route}/restore?async=true`: the server restores in the background.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// # let id = "0b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f";
    /// let job = om.restore_async::<Table>(id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn restore_async<E: Entity>(&self, id: impl std::fmt::Display) -> Result<AsyncJob> {
        self.call(
            Method::PUT,
            &format!("/{}/restore", E::COLLECTION),
            &[("async", "true".into())],
            Some(Body::Json(json!({"id": id.to_string()}))),
        )
        .await?
        .json()
    }

    /// Makes a user follow an entity; returns the change event.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// # let (table_id, user_id) = ("0b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f", "1b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f");
    /// let event = om.add_follower::<Table>(table_id, user_id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_follower<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        user_id: impl std::fmt::Display,
    ) -> Result<ChangeEvent> {
        self.call(
            Method::PUT,
            &format!("/{}/{}/followers", E::COLLECTION, id),
            &[],
            Some(Body::Json(Value::String(user_id.to_string()))),
        )
        .await?
        .json()
    }

    /// Makes a user stop following an entity; returns the change event.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// # let (table_id, user_id) = ("0b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f", "1b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f");
    /// om.remove_follower::<Table>(table_id, user_id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove_follower<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        user_id: impl std::fmt::Display,
    ) -> Result<ChangeEvent> {
        self.call(
            Method::DELETE,
            &format!("/{}/{}/followers/{}", E::COLLECTION, id, user_id),
            &[],
            None,
        )
        .await?
        .json()
    }

    /// The entity as a Markdown document (for people and language models).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// let markdown = om.get_context::<Table>("svc.db.s.orders").await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_context<E: Entity>(&self, fqn: &str) -> Result<String> {
        let answer = self
            .call(
                Method::GET,
                &format!("/{}/name/{}/context", E::COLLECTION, path_segment(fqn)),
                &[],
                None,
            )
            .await?;
        Ok(String::from_utf8_lossy(&answer.body).into_owned())
    }

    /// One page of the assets of a user, team, domain, data product, tag or glossary term.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::teams::team::Team;
    /// let owned = om.get_assets::<Team>("Marketing", 50, 0).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_assets<E: Entity>(
        &self,
        fqn: &str,
        limit: u32,
        offset: u32,
    ) -> Result<AssetPage> {
        self.call(
            Method::GET,
            &format!("/{}/name/{}/assets", E::COLLECTION, path_segment(fqn)),
            &[("limit", limit.to_string()), ("offset", offset.to_string())],
            None,
        )
        .await?
        .json()
    }
}

#[cfg(feature = "blocking")]
#[path = "blocking_twins/collection_ops.rs"]
mod blocking_twins;
