//! Usage: daily use counts of tables, dashboards, pipelines and the other entities that
//! have a `usageSummary`, with rolling weekly and monthly counts and percentile ranks.

use openmetadata_types::Entity;
use openmetadata_types::type_::entity_usage::EntityUsage;
use openmetadata_types::type_::usage_request::UsageRequest;
use reqwest::Method;

use crate::client::OpenMetadata;
use crate::error::{Error, Result};
use crate::transport::Body;

impl OpenMetadata {
    /// Reports a day's usage count of an entity, replacing any count already reported for
    /// that day (`POST`; the Python SDK's `publish_table_usage`), so a retried report counts
    /// once; answers the day with its rolling counts. A table's count is also added to its
    /// schema and database.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// use openmetadata::types::type_::usage_request::UsageRequest;
    /// om.publish_usage::<Table>(id, &UsageRequest::new("2026-11-27", 42)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn publish_usage<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        usage: &UsageRequest,
    ) -> Result<EntityUsage> {
        self.report_usage::<E>(Method::POST, id, usage).await
    }

    /// Adds to a day's usage count of an entity (`PUT`; the Python SDK's
    /// `publish_dashboard_usage` and `publish_pipeline_usage`): two reports of 3 and 5 for
    /// the same day make 8.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::dashboard::Dashboard;
    /// use openmetadata::types::type_::usage_request::UsageRequest;
    /// om.add_usage::<Dashboard>(id, &UsageRequest::new("2026-11-27", 3)).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_usage<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        usage: &UsageRequest,
    ) -> Result<EntityUsage> {
        self.report_usage::<E>(Method::PUT, id, usage).await
    }

    async fn report_usage<E: Entity>(
        &self,
        method: Method,
        id: impl std::fmt::Display,
        usage: &UsageRequest,
    ) -> Result<EntityUsage> {
        let body = serde_json::to_value(usage).map_err(|e| Error::Config(e.to_string()))?;
        self.call(
            method,
            &format!("/usage/{}/{id}", E::TYPE_NAME),
            &[],
            Some(Body::Json(body)),
        )
        .await?
        .json()
    }

    /// The usage of an entity for `days` days up to `date` (`YYYY-MM-DD`; today when
    /// `None`), latest first.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::dashboard::Dashboard;
    /// let week = om.get_usage::<Dashboard>(id, 7, Some("2026-11-27")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_usage<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        days: u32,
        date: Option<&str>,
    ) -> Result<EntityUsage> {
        let mut query = vec![("days", days.to_string())];
        query.extend(date.map(|d| ("date", d.to_string())));
        self.call(
            Method::GET,
            &format!("/usage/{}/{id}", E::TYPE_NAME),
            &query,
            None,
        )
        .await?
        .json()
    }

    /// Ranks the usage of every entity of type `E` on `date` (the percentile ranks of their
    /// daily, weekly and monthly counts; the Python SDK's `compute_percentile`).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// om.compute_percentile::<Table>("2026-11-27").await?;
    /// # Ok(()) }
    /// ```
    pub async fn compute_percentile<E: Entity>(&self, date: &str) -> Result<()> {
        self.call(
            Method::POST,
            &format!("/usage/compute.percentile/{}/{date}", E::TYPE_NAME),
            &[],
            None,
        )
        .await
        .map(|_| ())
    }
}

#[cfg(feature = "blocking")]
#[path = "blocking_twins/usage.rs"]
mod blocking_twins;
