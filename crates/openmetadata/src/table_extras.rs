//! What a table carries beside its definition (table_mixin): joins, the data model of a
//! transformation tool, custom metrics, pipeline observability, the paged column listing, and
//! the sample data of any asset that has some.

use openmetadata_types::Entity;
use openmetadata_types::api::tests::create_custom_metric::CreateCustomMetricRequest;
use openmetadata_types::entity::data::table::{Column, DataModel, Table, TableJoins};
use openmetadata_types::type_::pipeline_observability::PipelineObservability;
use reqwest::Method;

use crate::client::OpenMetadata;
use crate::error::{Error, Result};
use crate::fqn::path_segment;

/// One page of a table's columns.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct ColumnPage {
    /// The columns of the page.
    pub data: Vec<Column>,
    /// Where the page is: `offset`, `limit` and `total`.
    pub paging: serde_json::Value,
}

impl OpenMetadata {
    /// Reports how often the table's columns were joined with other tables' columns, and the
    /// table with other tables, on `startDate` (today when absent); the server keeps 30 days.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, table_id: &str) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::TableJoins;
    /// let joins: TableJoins = serde_json::from_value(serde_json::json!({
    ///     "dayCount": 1,
    ///     "columnJoins": [{"columnName": "customer_id",
    ///                      "joinedWith": [{"fullyQualifiedName": "svc.db.s.customers.id", "joinCount": 4}]}]
    /// })).unwrap();
    /// let table = om.publish_frequently_joined_with(table_id, &joins).await?;
    /// # Ok(()) }
    /// ```
    pub async fn publish_frequently_joined_with(
        &self,
        table_id: impl std::fmt::Display,
        joins: &TableJoins,
    ) -> Result<Table> {
        self.put_json(&format!("/tables/{table_id}/joins"), joins)
            .await
    }

    /// Sets the data model of a table (dbt and the like); columns without a description take
    /// the model's.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, table_id: &str) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::{DataModel, ModelType};
    /// let model = DataModel { sql: Some("select * from raw.orders".into()), ..DataModel::new(ModelType::DBT) };
    /// let table = om.ingest_table_data_model(table_id, &model).await?;
    /// # Ok(()) }
    /// ```
    pub async fn ingest_table_data_model(
        &self,
        table_id: impl std::fmt::Display,
        model: &DataModel,
    ) -> Result<Table> {
        self.put_json(&format!("/tables/{table_id}/dataModel"), model)
            .await
    }

    /// Adds or replaces (by name) a custom metric of the table, or of the column the request
    /// names.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, table_id: &str) -> openmetadata::Result<()> {
    /// use openmetadata::types::api::tests::create_custom_metric::CreateCustomMetricRequest;
    /// let metric = CreateCustomMetricRequest::new("big_orders", "count(*) where amount > 100");
    /// let table = om.create_or_update_custom_metric(table_id, &metric).await?;
    /// # Ok(()) }
    /// ```
    pub async fn create_or_update_custom_metric(
        &self,
        table_id: impl std::fmt::Display,
        metric: &CreateCustomMetricRequest,
    ) -> Result<Table> {
        self.put_json(&format!("/tables/{table_id}/customMetric"), metric)
            .await
    }

    /// Removes a custom metric of the table, or of `column`.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, table_id: &str) -> openmetadata::Result<()> {
    /// om.delete_custom_metric(table_id, Some("status"), "nulls").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_custom_metric(
        &self,
        table_id: impl std::fmt::Display,
        column: Option<&str>,
        name: &str,
    ) -> Result<Table> {
        let path = match column {
            Some(c) => format!(
                "/tables/{table_id}/customMetric/{}/{}",
                path_segment(c),
                path_segment(name)
            ),
            None => format!("/tables/{table_id}/customMetric/{}", path_segment(name)),
        };
        self.call(Method::DELETE, &path, &[], None).await?.json()
    }

    /// Adds or replaces (per pipeline) what pipelines report about the table.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, table_id: &str) -> openmetadata::Result<()> {
    /// use openmetadata::types::type_::pipeline_observability::PipelineObservability;
    /// let item: PipelineObservability = serde_json::from_value(serde_json::json!({
    ///     "pipeline": {"id": "0b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f", "type": "pipeline"},
    ///     "scheduleInterval": "@daily"
    /// })).unwrap();
    /// om.add_pipeline_observability(table_id, &[item]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_pipeline_observability(
        &self,
        table_id: impl std::fmt::Display,
        items: &[PipelineObservability],
    ) -> Result<Table> {
        self.put_json(&format!("/tables/{table_id}/pipelineObservability"), items)
            .await
    }

    /// Adds or replaces what one pipeline (named by its reference's FQN) reports about the
    /// table; an item without a pipeline FQN is a [`Error::Config`], not a request.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, table_id: &str, item: openmetadata::types::type_::pipeline_observability::PipelineObservability) -> openmetadata::Result<()> {
    /// om.add_single_pipeline_observability(table_id, &item).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_single_pipeline_observability(
        &self,
        table_id: impl std::fmt::Display,
        item: &PipelineObservability,
    ) -> Result<Table> {
        let fqn = item
            .pipeline
            .fully_qualified_name
            .as_deref()
            .ok_or_else(|| {
                Error::Config("the pipeline reference has no fullyQualifiedName".into())
            })?;
        self.put_json(
            &format!(
                "/tables/{table_id}/pipelineObservability/{}",
                path_segment(fqn)
            ),
            item,
        )
        .await
    }

    /// One page of a table's columns (`limit` up to 1000, from `offset`).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let page = om.get_table_columns("svc.db.s.orders", 50, 0, Some("tags")).await?;
    /// for c in &page.data { println!("{}", c.name); }
    /// # Ok(()) }
    /// ```
    pub async fn get_table_columns(
        &self,
        table_fqn: &str,
        limit: u32,
        offset: u32,
        fields: Option<&str>,
    ) -> Result<ColumnPage> {
        let mut query = vec![("limit", limit.to_string()), ("offset", offset.to_string())];
        if let Some(f) = fields {
            query.push(("fields", f.to_string()));
        }
        self.call(
            Method::GET,
            &format!("/tables/name/{}/columns", path_segment(table_fqn)),
            &query,
            None,
        )
        .await?
        .json()
    }

    /// The sample data of a table, topic, container or search index (`E`): the entity with
    /// its `sampleData`.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, topic_id: &str) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::topic::Topic;
    /// let topic: Topic = om.sample_data_of::<Topic>(topic_id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn sample_data_of<E: Entity>(&self, id: impl std::fmt::Display) -> Result<E> {
        self.call(
            Method::GET,
            &format!("/{}/{id}/sampleData", E::COLLECTION),
            &[],
            None,
        )
        .await?
        .json()
    }

    /// Removes the sample data of a table, topic, container or search index (`E`).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, table_id: &str) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// om.delete_sample_data::<Table>(table_id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_sample_data<E: Entity>(&self, id: impl std::fmt::Display) -> Result<()> {
        self.call(
            Method::DELETE,
            &format!("/{}/{id}/sampleData", E::COLLECTION),
            &[],
            None,
        )
        .await
        .map(|_| ())
    }

    /// `PUT` of any serializable body to `path`, decoding the answer.
    pub(crate) async fn put_json<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        value: &(impl serde::Serialize + ?Sized),
    ) -> Result<T> {
        let value = serde_json::to_value(value).map_err(|e| Error::Config(e.to_string()))?;
        self.put_at(path.trim_start_matches('/'), value).await
    }
}

#[cfg(feature = "blocking")]
#[path = "blocking_twins/table_extras.rs"]
mod blocking_twins;
