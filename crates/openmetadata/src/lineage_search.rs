//! The lineage helpers of the search mixin: which queries of a service already had their
//! lineage processed, which entities those queries were used in, the upstream ends of
//! entities, and the view definitions of a service still to be parsed.

use std::collections::{BTreeMap, BTreeSet};

use futures_util::TryStreamExt;
use openmetadata_types::Entity;
use openmetadata_types::entity::data::query::Query;
use openmetadata_types::entity::data::table::Table;
use serde_json::{Value, json};

use crate::client::{OpenMetadata, Paged};
use crate::error::Result;
use crate::fqn::{self, path_segment};
use crate::params::Incremental;
use crate::search::{Hit, Search, index_of};

/// How many checksums or ids one search asks about (keeps the request line short).
const BATCH: usize = 100;

/// A view (or materialized view, secure view, dynamic table or stream) and its SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableView {
    /// The SQL that defines it.
    pub view_definition: String,
    /// Its service.
    pub service_name: String,
    /// Its database.
    pub db_name: String,
    /// Its schema.
    pub schema_name: String,
    /// Its name.
    pub table_name: String,
}

fn text_of(hit: &Hit, field: &str) -> Option<String> {
    hit.source
        .get(field)
        .and_then(Value::as_str)
        .map(String::from)
}

/// Every hit of a search over the whole index, soft-deleted entities included.
fn everything(index: String, filter: Value, fields: &[&str]) -> Search {
    let mut search = Search::new(index).filter(filter).size(500);
    search.deleted = None;
    search.source_fields = fields.iter().map(|f| f.to_string()).collect();
    search
}

impl OpenMetadata {
    /// The checksums of the queries of `service` whose lineage was processed (the Python
    /// SDK's `es_get_queries_with_lineage`, without its 10-hit limit).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let done = om.queries_with_lineage("mysql_prod").await?;
    /// let sum = openmetadata::fqn::query_checksum("insert into t select * from s");
    /// if !done.contains(&sum) { /* parse it */ }
    /// # Ok(()) }
    /// ```
    pub async fn queries_with_lineage(&self, service: &str) -> Result<BTreeSet<String>> {
        let filter = json!({"bool": {"must": [
            {"term": {"processedLineage": true}},
            {"term": {"service.name.keyword": service}}
        ]}});
        let search = everything(
            index_of::<Query>(),
            filter,
            &["checksum", "processedLineage"],
        );
        let hits: Vec<Hit> = self.search_all(search).try_collect().await?;
        Ok(hits.iter().filter_map(|h| text_of(h, "checksum")).collect())
    }

    /// For each given checksum of a processed query of `service`, the ids of the entities the
    /// query was used in (the Python SDK's `es_get_lineage_processed_queries`).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let used = om.lineage_processed_queries("mysql_prod", &["95adb6e77a0884d9e50232cb8c5c969d".into()]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn lineage_processed_queries(
        &self,
        service: &str,
        checksums: &[String],
    ) -> Result<BTreeMap<String, BTreeSet<String>>> {
        let sorted: BTreeSet<&String> = checksums.iter().collect();
        let sorted: Vec<&String> = sorted.into_iter().collect();
        let mut found = BTreeMap::new();
        for batch in sorted.chunks(BATCH) {
            let filter = json!({"bool": {"must": [
                {"term": {"processedLineage": true}},
                {"term": {"service.name.keyword": service}},
                {"terms": {"checksum.keyword": batch}}
            ]}});
            let search = everything(index_of::<Query>(), filter, &["checksum", "queryUsedIn"]);
            let hits: Vec<Hit> = self.search_all(search).try_collect().await?;
            for hit in &hits {
                let Some(sum) = text_of(hit, "checksum") else {
                    continue;
                };
                let used: BTreeSet<String> = hit.source["queryUsedIn"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|r| r.get("id").and_then(Value::as_str).map(String::from))
                    .collect();
                found.entry(sum).or_insert_with(BTreeSet::new).extend(used);
            }
        }
        Ok(found)
    }

    /// For each entity id of type `E`, the ids of the entities upstream of it (one edge up;
    /// soft-deleted entities included; the Python SDK's `es_get_upstream_entity_ids`).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// let upstream = om.upstream_entity_ids::<Table>(&["0b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f".into()]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn upstream_entity_ids<E: Entity>(
        &self,
        ids: &[String],
    ) -> Result<BTreeMap<String, BTreeSet<String>>> {
        let mut found = BTreeMap::new();
        for batch in ids.chunks(BATCH) {
            let filter = json!({"query": {"ids": {"values": batch}}});
            let search = everything(
                index_of::<E>(),
                filter,
                &["id", "upstreamLineage.fromEntity.id"],
            );
            let hits: Vec<Hit> = self.search_all(search).try_collect().await?;
            for hit in &hits {
                let from: BTreeSet<String> = hit.source["upstreamLineage"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|e| e.pointer("/fromEntity/id").and_then(Value::as_str))
                    .map(String::from)
                    .collect();
                found.insert(hit.id.clone(), from);
            }
        }
        Ok(found)
    }

    /// The views of `service` that have SQL, as [`TableView`]s; with `incremental`, only
    /// those whose lineage was not processed yet (the Python SDK's `yield_es_view_def`).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use futures_util::TryStreamExt;
    /// let views: Vec<openmetadata::TableView> = om.view_definitions("snowflake_prod", true).try_collect().await?;
    /// # Ok(()) }
    /// ```
    pub fn view_definitions(
        &self,
        service: &str,
        incremental: impl Into<Incremental>,
    ) -> Paged<TableView> {
        let incremental = incremental.into().is_yes();
        Box::pin({
            let mut must = vec![
                json!({"term": {"service.name.keyword": service}}),
                json!({"terms": {"tableType": ["View", "MaterializedView", "SecureView", "Dynamic", "Stream"]}}),
                json!({"term": {"deleted": false}}),
                json!({"exists": {"field": "schemaDefinition"}}),
            ];
            if incremental {
                must.push(json!({"bool": {"should": [
                    {"term": {"processedLineage": false}},
                    {"bool": {"must_not": {"exists": {"field": "processedLineage"}}}}
                ]}}));
            }
            let search = everything(
                index_of::<Table>(),
                json!({"bool": {"must": must}}),
                &["schemaDefinition", "fullyQualifiedName"],
            );
            self.search_all(search).try_filter_map(|hit| async move {
                let (Some(sql), Some(name)) = (
                    text_of(&hit, "schemaDefinition"),
                    text_of(&hit, "fullyQualifiedName"),
                ) else {
                    return Ok(None);
                };
                let parts = fqn::split(&name);
                let [service, db, schema, table] = parts.as_slice() else {
                    return Ok(None);
                };
                Ok(Some(TableView {
                    view_definition: sql,
                    service_name: service.clone(),
                    db_name: db.clone(),
                    schema_name: schema.clone(),
                    table_name: table.clone(),
                }))
            })
        })
    }

    /// Marks an entity's lineage as processed (`processedLineage: true`), so incremental
    /// runs skip it.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// om.patch_lineage_processed_flag::<Table>("snowflake_prod.db.s.v_orders").await?;
    /// # Ok(()) }
    /// ```
    pub async fn patch_lineage_processed_flag<E: Entity>(&self, fqn: &str) -> Result<E> {
        let ops = json!([{"op": "add", "path": "/processedLineage", "value": true}]);
        self.patch_at(
            &format!("/{}/name/{}", E::COLLECTION, path_segment(fqn)),
            ops,
            None,
        )
        .await
    }
}

#[cfg(feature = "blocking")]
#[path = "blocking_twins/lineage_search.rs"]
mod blocking_twins;
