//! The query mixin: queries stored once per text (by checksum), linked to the entities they
//! are used in, to the users who ran them and to free-form names, and listed per entity;
//! cost records of a query.

use futures_util::TryStreamExt;
use openmetadata_types::Entity;
use openmetadata_types::api::data::create_query::CreateQueryRequest;
use openmetadata_types::api::data::create_query_cost_record::CreateQueryCostRecordRequest;
use openmetadata_types::entity::data::query::Query;
use openmetadata_types::entity::data::query_cost_record::QueryCostRecord;
use openmetadata_types::type_::entity_reference::EntityReference;
use reqwest::Method;
use serde_json::{Value, json};

use crate::client::OpenMetadata;
use crate::error::{Error, Result};
use crate::fqn;
use crate::params::ListParams;
use crate::transport::Body;

/// What one query cost over a period (the Python SDK's `QueryCostWrapper`).
#[derive(Debug, Clone, PartialEq)]
pub struct QueryCost {
    /// When (milliseconds since the epoch).
    pub timestamp: i64,
    /// The cost.
    pub cost: f64,
    /// How many runs.
    pub count: f64,
    /// Their total duration.
    pub total_duration: Option<f64>,
}

impl OpenMetadata {
    /// Records what a query of a service cost. The query is found by the checksum of its
    /// text, literals masked first when a `dialect` is given (as ingestion stored it);
    /// `None` when no such query is stored.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::QueryCost;
    /// let cost = QueryCost { timestamp: 1_700_000_000_000, cost: 0.42, count: 3.0, total_duration: Some(12.5) };
    /// om.publish_query_cost("mysql_prod", "select * from orders where id = 7", Some("mysql"), &cost).await?;
    /// # Ok(()) }
    /// ```
    pub async fn publish_query_cost(
        &self,
        service: &str,
        sql: &str,
        dialect: Option<&str>,
        cost: &QueryCost,
    ) -> Result<Option<QueryCostRecord>> {
        let text = dialect
            .and_then(|d| crate::sql_lineage::mask_literals(sql, d).ok())
            .unwrap_or_else(|| sql.to_string());
        let query_fqn = format!("{service}.{}", fqn::query_checksum(&text));
        let Some(query) = self
            .get_by_name::<Query>(&query_fqn, &Default::default())
            .await?
        else {
            return Ok(None);
        };
        let mut request = CreateQueryCostRecordRequest::new(
            cost.timestamp,
            EntityReference::new(query.id, "query"),
            cost.cost,
            cost.count,
        );
        request.json_schema = Some("queryCostRecord".into());
        request.total_duration = cost.total_duration;
        self.call(
            Method::POST,
            "/queryCostRecord",
            &[],
            crate::assets::body(&request)?,
        )
        .await?
        .json()
        .map(Some)
    }

    /// The query with this text in its service, created when there is none (it is found by
    /// its FQN, `<service>.<checksum of the text>`).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::api::data::create_query::CreateQueryRequest;
    /// let query = om.get_or_create_query(&CreateQueryRequest::new("select * from orders", "mysql_prod")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_or_create_query(&self, request: &CreateQueryRequest) -> Result<Query> {
        let checksum = fqn::query_checksum(request.query.as_ref());
        let query_fqn = format!("{}.{checksum}", request.service);
        let path = format!("/{}", Query::COLLECTION);
        self.find_or_put(&query_fqn, &path, || Ok(request.clone()))
            .await
    }

    /// Records queries run against an entity (the Python SDK's `ingest_entity_queries_data`):
    /// each query is found or created, linked to the entity, and to its `users` and
    /// `usedBy` when it names some. Queries flagged `excludeUsage` are skipped. With a
    /// `dialect`, literals are masked first ([`sql_lineage::mask_literals`](crate::sql_lineage::mask_literals));
    /// SQL that does not parse is kept as it is.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, table_id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// use openmetadata::types::api::data::create_query::CreateQueryRequest;
    /// use openmetadata::types::entity::data::table::Table;
    /// let mut q = CreateQueryRequest::new("select * from orders where id = 7", "mysql_prod");
    /// q.users = Some(vec!["ana".into()]);
    /// let stored = om.ingest_entity_queries::<Table>(table_id, &[q], Some("mysql")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn ingest_entity_queries<E: Entity>(
        &self,
        entity_id: impl std::fmt::Display,
        queries: &[CreateQueryRequest],
        dialect: Option<&str>,
    ) -> Result<Vec<Query>> {
        let entity = json!([{"id": entity_id.to_string(), "type": E::TYPE_NAME}]);
        let mut stored = Vec::new();
        for request in queries {
            if request.exclude_usage == Some(true) {
                continue;
            }
            let mut request = request.clone();
            if let Some(masked) = dialect
                .and_then(|d| crate::sql_lineage::mask_literals(request.query.as_ref(), d).ok())
            {
                request.query = masked.into();
            }
            let query = self.get_or_create_query(&request).await?;
            let mut linked = self.link_query(&query, "usage", entity.clone()).await?;
            if let Some(users) = request.users.as_ref().filter(|u| !u.is_empty()) {
                let names: Vec<String> = users.iter().map(ToString::to_string).collect();
                linked = self.link_query(&query, "users", json!(names)).await?;
            }
            if let Some(used_by) = request.used_by.as_ref().filter(|u| !u.is_empty()) {
                linked = self.link_query(&query, "usedBy", json!(used_by)).await?;
            }
            stored.push(linked);
        }
        Ok(stored)
    }

    /// Adds entities to the ones a query is used in (`PUT /queries/{id}/usage`).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, query: openmetadata::types::entity::data::query::Query, table_id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// use openmetadata::types::type_::entity_reference::EntityReference;
    /// om.add_query_usage(&query, &[EntityReference::new(table_id, "table")]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_query_usage(
        &self,
        query: &Query,
        entities: &[EntityReference],
    ) -> Result<Query> {
        let body = serde_json::to_value(entities).map_err(|e| Error::Config(e.to_string()))?;
        self.link_query(query, "usage", body).await
    }

    /// Adds users, by name, to the ones who ran a query (`PUT /queries/{id}/users`).
    pub async fn add_query_users(&self, query: &Query, users: &[&str]) -> Result<Query> {
        self.link_query(query, "users", json!(users)).await
    }

    /// Adds free-form names to the ones a query was used by (`PUT /queries/{id}/usedBy`).
    pub async fn add_query_used_by(&self, query: &Query, names: &[&str]) -> Result<Query> {
        self.link_query(query, "usedBy", json!(names)).await
    }

    async fn link_query(&self, query: &Query, link: &str, body: Value) -> Result<Query> {
        self.call(
            Method::PUT,
            &format!("/{}/{}/{link}", Query::COLLECTION, query.id),
            &[],
            Some(Body::Json(body)),
        )
        .await?
        .json()
    }

    /// Every query used in an entity, with `fields` (the Python SDK's `get_entity_queries`,
    /// which gives `None` instead of an empty list).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata, table_id: openmetadata::types::type_::basic::Uuid) -> openmetadata::Result<()> {
    /// let queries = om.get_entity_queries(table_id, &["users", "queryUsedIn"]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_entity_queries(
        &self,
        entity_id: impl std::fmt::Display,
        fields: &[&str],
    ) -> Result<Vec<Query>> {
        let params = ListParams::default()
            .fields(fields.iter().copied())
            .filter("entityId", entity_id.to_string());
        self.list_all_entities::<Query>(params).try_collect().await
    }
}

#[cfg(feature = "blocking")]
#[path = "blocking_twins/queries.rs"]
mod blocking_twins;
