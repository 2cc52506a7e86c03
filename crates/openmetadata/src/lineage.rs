//! Lineage: add edges (merging column lineage into an existing edge when asked), read the
//! graph around an entity, read, patch and delete edges, delete by source, and the edges of
//! an ML model's feature sources.

use openmetadata_types::Entity;
use openmetadata_types::api::lineage::add_lineage::AddLineageRequest;
use openmetadata_types::entity::data::mlmodel::MlModel;
use openmetadata_types::entity::data::table::Table;
use openmetadata_types::type_::entity_lineage::{
    ColumnLineage, EntitiesEdge, EntityLineage, LineageDetails, Source,
};
use openmetadata_types::type_::entity_reference::EntityReference;
use reqwest::Method;
use serde_json::{Value, json};

use crate::client::OpenMetadata;
use crate::error::{Error, Result};
use crate::fqn::path_segment;
use crate::params::{GetParams, Merge};
use crate::sql_lineage::{TableName, parse_lineage};
use crate::transport::Body;

/// The deepest graph the server gives; deeper requests are clamped to it.
///
/// ```
/// assert_eq!(openmetadata::MAX_LINEAGE_DEPTH, 3);
/// ```
pub const MAX_LINEAGE_DEPTH: u32 = 3;

/// One end of an edge, by id or by fully qualified name.
///
/// ```no_run
/// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
/// use openmetadata::Node;
/// let from = Node::Name("table", "svc.db.s.raw_orders");
/// let to = Node::Name("table", "svc.db.s.orders");
/// let edge = om.get_lineage_edge(&from, &to).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node<'a> {
    /// Entity type and id.
    Id(&'a str, String),
    /// Entity type and FQN.
    Name(&'a str, &'a str),
}

impl<'a> Node<'a> {
    /// The entity of type `E` with this FQN.
    ///
    /// ```
    /// use openmetadata::Node;
    /// use openmetadata::types::entity::data::table::Table;
    /// assert_eq!(Node::of::<Table>("svc.db.s.orders"), Node::Name("table", "svc.db.s.orders"));
    /// ```
    pub fn of<E: Entity>(fqn: &'a str) -> Self {
        Node::Name(E::TYPE_NAME, fqn)
    }

    /// The entity of type `E` with this id.
    ///
    /// ```
    /// use openmetadata::Node;
    /// use openmetadata::types::entity::data::table::Table;
    /// let id = openmetadata::types::type_::basic::Uuid::new_v4();
    /// assert_eq!(Node::id::<Table>(id), Node::Id("table", id.to_string()));
    /// ```
    pub fn id<E: Entity>(id: impl std::fmt::Display) -> Self {
        Node::Id(E::TYPE_NAME, id.to_string())
    }

    /// An entity read from the server, by its id.
    pub fn entity<E: Entity>(entity: &E) -> Self {
        Node::Id(
            E::TYPE_NAME,
            entity.id().map(ToString::to_string).unwrap_or_default(),
        )
    }

    fn path(&self) -> String {
        match self {
            Node::Id(t, id) => format!("{t}/{id}"),
            Node::Name(t, fqn) => format!("{t}/name/{}", path_segment(fqn)),
        }
    }
}

fn edge_path(from: &Node, to: &Node) -> Result<String> {
    match (from, to) {
        (Node::Id(..), Node::Id(..)) | (Node::Name(..), Node::Name(..)) => {
            Ok(format!("{}/{}", from.path(), to.path()))
        }
        _ => Err(Error::InvalidRequest(
            "both ends of an edge are named the same way (ids or names)".into(),
        )),
    }
}

fn to_value<T: serde::Serialize>(v: &T) -> Result<Value> {
    serde_json::to_value(v).map_err(|e| Error::Config(e.to_string()))
}

/// The column mappings of `stored` plus the new ones of `incoming`, without repeats.
fn merge_columns(stored: &Value, incoming: &Value) -> Value {
    let mut merged: Vec<Value> = stored.as_array().cloned().unwrap_or_default();
    for c in incoming.as_array().into_iter().flatten() {
        if !merged.contains(c) {
            merged.push(c.clone());
        }
    }
    Value::Array(merged)
}

impl OpenMetadata {
    /// `PUT /lineage`, then the lineage of the upstream entity (depth 1 each way).
    ///
    /// With `merge`, an existing edge keeps its column lineage (the new mappings are added)
    /// and its pipeline (unless a new one is given): the change is sent as a JSON Patch of
    /// the edge, guarded by the server's strict patch rules.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::api::lineage::add_lineage::AddLineageRequest;
    /// let request: AddLineageRequest = serde_json::from_value(serde_json::json!({"edge": {
    ///     "fromEntity": {"id": "0b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f", "type": "table"},
    ///     "toEntity": {"id": "1b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f", "type": "table"}
    /// }})).unwrap();
    /// let lineage = om.add_lineage(&request, true).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_lineage(
        &self,
        request: &AddLineageRequest,
        merge: impl Into<Merge>,
    ) -> Result<EntityLineage> {
        let merge = merge.into().is_yes();
        let edge = &request.edge;
        let (from, to) = (&edge.from_entity, &edge.to_entity);
        let (from_node, to_node) = (
            Node::Id(&from.r#type, from.id.to_string()),
            Node::Id(&to.r#type, to.id.to_string()),
        );
        let existing = if merge && edge.lineage_details.is_some() {
            self.get_lineage_edge(&from_node, &to_node).await?
        } else {
            None
        };
        match existing {
            Some(stored) => {
                let stored = to_value(&stored)?;
                let incoming = to_value(&edge.lineage_details)?;
                let mut merged = stored.clone();
                for (k, v) in incoming.as_object().into_iter().flatten() {
                    if !v.is_null() {
                        merged[k] = v.clone();
                    }
                }
                merged["columnsLineage"] =
                    merge_columns(&stored["columnsLineage"], &incoming["columnsLineage"]);
                if incoming.get("pipeline").is_none_or(Value::is_null)
                    && let Some(p) = stored.get("pipeline")
                {
                    merged["pipeline"] = p.clone();
                }
                let ops = to_value(&json_patch::diff(&stored, &merged))?;
                if ops.as_array().is_some_and(|a| !a.is_empty()) {
                    self.patch_lineage_edge(&from_node, &to_node, ops).await?;
                }
            }
            None => {
                self.call(
                    Method::PUT,
                    "/lineage",
                    &[],
                    Some(Body::Json(to_value(request)?)),
                )
                .await?;
            }
        }
        self.get_lineage(&from_node, 1, 1).await
    }

    /// Adds (or replaces) the edge between two entities named by FQN.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::type_::entity_lineage::LineageDetails;
    /// let details: LineageDetails = serde_json::from_value(serde_json::json!({"sqlQuery": "insert into orders select * from raw_orders"})).unwrap();
    /// om.add_lineage_by_name(("table", "svc.db.s.raw_orders"), ("table", "svc.db.s.orders"), &details).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_lineage_by_name(
        &self,
        from: (&str, &str),
        to: (&str, &str),
        details: &LineageDetails,
    ) -> Result<()> {
        let path = edge_path(&Node::Name(from.0, from.1), &Node::Name(to.0, to.1))?;
        self.call(
            Method::PUT,
            &format!("/lineage/{path}"),
            &[],
            Some(Body::Json(to_value(details)?)),
        )
        .await
        .map(|_| ())
    }

    /// The graph around an entity, `upstream` and `downstream` levels deep (at most
    /// [`MAX_LINEAGE_DEPTH`]).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let graph = om.get_lineage(&openmetadata::Node::Name("table", "svc.db.s.orders"), 2, 1).await?;
    /// println!("{} nodes upstream or downstream", graph.nodes.map_or(0, |n| n.len()));
    /// # Ok(()) }
    /// ```
    pub async fn get_lineage(
        &self,
        node: &Node<'_>,
        upstream: u32,
        downstream: u32,
    ) -> Result<EntityLineage> {
        self.call(
            Method::GET,
            &format!("/lineage/{}", node.path()),
            &[
                ("upstreamDepth", upstream.min(MAX_LINEAGE_DEPTH).to_string()),
                (
                    "downstreamDepth",
                    downstream.min(MAX_LINEAGE_DEPTH).to_string(),
                ),
            ],
            None,
        )
        .await?
        .json()
    }

    /// The graph around the entity of type `E` with this id.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// let graph = om.get_lineage_by_id::<Table>("0b7e3c1a-4c47-4c2f-9b3c-8a8f3a1d2e4f", 1, 1).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_lineage_by_id<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        upstream: u32,
        downstream: u32,
    ) -> Result<EntityLineage> {
        self.get_lineage(
            &Node::Id(E::TYPE_NAME, id.to_string()),
            upstream,
            downstream,
        )
        .await
    }

    /// The graph around the entity of type `E` with this FQN.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::table::Table;
    /// let graph = om.get_lineage_by_name::<Table>("svc.db.s.orders", 3, 0).await?;
    /// # Ok(()) }
    /// ```
    pub async fn get_lineage_by_name<E: Entity>(
        &self,
        fqn: &str,
        upstream: u32,
        downstream: u32,
    ) -> Result<EntityLineage> {
        self.get_lineage(&Node::Name(E::TYPE_NAME, fqn), upstream, downstream)
            .await
    }

    /// The details of the edge from → to, or `None` when there is no such edge.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::Node;
    /// let (from, to) = (Node::Name("table", "svc.db.s.raw"), Node::Name("table", "svc.db.s.orders"));
    /// if let Some(details) = om.get_lineage_edge(&from, &to).await? {
    ///     println!("{:?}", details.sql_query);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn get_lineage_edge(
        &self,
        from: &Node<'_>,
        to: &Node<'_>,
    ) -> Result<Option<LineageDetails>> {
        #[derive(serde::Deserialize)]
        struct Found {
            edge: LineageDetails,
        }
        let path = match (from, to) {
            (Node::Id(_, f), Node::Id(_, t)) => format!("/lineage/getLineageEdge/{f}/{t}"),
            _ => format!("/lineage/getLineageEdge/{}", edge_path(from, to)?),
        };
        Ok(self.get_opt::<Found>(&path, &[]).await?.map(|f| f.edge))
    }

    /// Applies a JSON Patch to the details of the edge from → to; returns the new details.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::Node;
    /// let ops = serde_json::json!([{"op": "add", "path": "/description", "value": "Nightly load."}]);
    /// om.patch_lineage_edge(&Node::Name("table", "svc.db.s.raw_orders"), &Node::Name("table", "svc.db.s.orders"), ops).await?;
    /// # Ok(()) }
    /// ```
    pub async fn patch_lineage_edge(
        &self,
        from: &Node<'_>,
        to: &Node<'_>,
        ops: Value,
    ) -> Result<LineageDetails> {
        self.patch_at(&format!("/lineage/{}", edge_path(from, to)?), ops, None)
            .await
    }

    /// Deletes the edge from → to.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::Node;
    /// om.delete_lineage_edge(&Node::Name("table", "svc.db.s.raw_orders"), &Node::Name("table", "svc.db.s.orders")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_lineage_edge(&self, from: &Node<'_>, to: &Node<'_>) -> Result<()> {
        self.call(
            Method::DELETE,
            &format!("/lineage/{}", edge_path(from, to)?),
            &[],
            None,
        )
        .await
        .map(|_| ())
    }

    /// Deletes every edge of an entity that came from `source` (`Manual`, `QueryLineage`, ...).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// om.delete_lineage_by_source(&openmetadata::Node::Name("table", "svc.db.s.orders"), "QueryLineage").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_lineage_by_source(&self, node: &Node<'_>, source: &str) -> Result<()> {
        let path = match node {
            Node::Id(t, id) => format!("/lineage/{t}/{id}/type/{source}"),
            Node::Name(t, fqn) => {
                format!(
                    "/lineage/source/name/{t}/{}/type/{source}",
                    path_segment(fqn)
                )
            }
        };
        self.call(Method::DELETE, &path, &[], None)
            .await
            .map(|_| ())
    }

    /// Adds an edge from every data source of the model's features to the model, then
    /// returns the model's lineage.
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// use openmetadata::types::entity::data::mlmodel::MlModel;
    /// let model: MlModel = om.get_by_name("mlflow.churn", &Default::default()).await?.unwrap();
    /// om.add_mlmodel_lineage(&model, Some("features of the churn model")).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_mlmodel_lineage(
        &self,
        model: &MlModel,
        description: Option<&str>,
    ) -> Result<EntityLineage> {
        let to = EntityReference::new(model.id, MlModel::TYPE_NAME);
        let sources = model
            .ml_features
            .iter()
            .flatten()
            .flat_map(|f| f.feature_sources.iter().flatten())
            .filter_map(|s| s.data_source.clone());
        for from in sources {
            let mut edge = EntitiesEdge::new(from, to.clone());
            edge.description = description.map(|d| d.to_string().into());
            self.call(
                Method::PUT,
                "/lineage",
                &[],
                Some(Body::Json(json!({ "edge": to_value(&edge)? }))),
            )
            .await?;
        }
        self.get_lineage(&Node::Id(MlModel::TYPE_NAME, model.id.to_string()), 1, 1)
            .await
    }
}

/// What [`OpenMetadata::add_lineage_by_query`] did.
///
/// ```no_run
/// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
/// let report = om.add_lineage_by_query("insert into orders select * from raw_orders", openmetadata::QueryContext {
///     service: "mysql_prod", dialect: "mysql", database: Some("sales"), schema: Some("public"),
/// }).await?;
/// for (from, to) in &report.edges { println!("{from} -> {to}"); }
/// println!("not found: {:?}", report.unresolved);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryLineageReport {
    /// Edges added, as (upstream FQN, downstream FQN).
    pub edges: Vec<(String, String)>,
    /// Tables the SQL names that were not found in the service.
    pub unresolved: Vec<String>,
}

/// Where to look for the tables a query names.
///
/// ```
/// let context = openmetadata::QueryContext { service: "snowflake_prod", dialect: "snowflake", database: Some("ANALYTICS"), schema: None };
/// assert_eq!(context.dialect, "snowflake");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct QueryContext<'a> {
    /// The database service the SQL ran on.
    pub service: &'a str,
    /// SQL dialect (`mysql`, `postgresql`, `snowflake`, `bigquery`, `generic`, ...).
    pub dialect: &'a str,
    /// Database of unqualified names.
    pub database: Option<&'a str>,
    /// Schema of unqualified names.
    pub schema: Option<&'a str>,
}

impl QueryContext<'_> {
    /// The FQN pattern of a table name: missing parts come from the context or match anything.
    fn pattern(&self, name: &TableName) -> String {
        let parts = &name.0[name.0.len().saturating_sub(3)..];
        let (db, schema, table) = match parts {
            [t] => (
                self.database.unwrap_or("*"),
                self.schema.unwrap_or("*"),
                t.as_str(),
            ),
            [s, t] => (self.database.unwrap_or("*"), s.as_str(), t.as_str()),
            [d, s, t] => (d.as_str(), s.as_str(), t.as_str()),
            _ => ("*", "*", "*"),
        };
        format!("{}.{db}.{schema}.{table}", self.service)
    }
}

impl OpenMetadata {
    /// Reads table- and column-level lineage from SQL (`INSERT ... SELECT`, `CREATE TABLE/VIEW
    /// ... AS SELECT`, `MERGE`, with CTEs and joins), finds the tables in the service through
    /// search, and adds each edge with the query attached (merging into existing edges).
    ///
    /// ```no_run
    /// # async fn demo(om: openmetadata::OpenMetadata) -> openmetadata::Result<()> {
    /// let sql = "create table daily as select o.day, sum(o.amount) total from orders o join customers c on o.cid = c.id group by o.day";
    /// let report = om.add_lineage_by_query(sql, openmetadata::QueryContext {
    ///     service: "mysql_prod", dialect: "mysql", database: Some("sales"), schema: Some("public"),
    /// }).await?;
    /// # Ok(()) }
    /// ```
    pub async fn add_lineage_by_query(
        &self,
        sql: &str,
        context: QueryContext<'_>,
    ) -> Result<QueryLineageReport> {
        let statements = parse_lineage(sql, context.dialect)
            .map_err(|e| Error::InvalidRequest(e.to_string()))?;
        let mut report = QueryLineageReport::default();
        let mut found: std::collections::BTreeMap<TableName, Option<Table>> = Default::default();
        for s in &statements {
            for name in std::iter::once(&s.target).chain(&s.sources) {
                if !found.contains_key(name) {
                    let hits = self
                        .search_by_fqn::<Table>(
                            &context.pattern(name),
                            1,
                            &GetParams::default().fields(["columns"]),
                        )
                        .await?;
                    if hits.is_empty() {
                        report.unresolved.push(name.to_string());
                    }
                    found.insert(name.clone(), hits.into_iter().next());
                }
            }
        }
        for s in statements {
            let Some(Some(target)) = found.get(&s.target) else {
                continue;
            };
            for source_name in &s.sources {
                let Some(Some(source)) = found.get(source_name) else {
                    continue;
                };
                let column_fqn = |table: &Table, column: &str| {
                    table
                        .columns
                        .iter()
                        .find(|c| c.name.as_str().eq_ignore_ascii_case(column))
                        .and_then(|c| c.fully_qualified_name.as_ref())
                        .map(|f| f.as_str().to_string())
                };
                let columns: Vec<ColumnLineage> = s
                    .columns
                    .iter()
                    .filter_map(|m| {
                        let from: Vec<_> = m
                            .from
                            .iter()
                            .filter(|(t, _)| t == source_name)
                            .filter_map(|(_, c)| column_fqn(source, c))
                            .map(Into::into)
                            .collect();
                        let to = column_fqn(target, &m.to)?;
                        (!from.is_empty()).then(|| ColumnLineage {
                            from_columns: Some(from),
                            to_column: Some(to.into()),
                            ..Default::default()
                        })
                    })
                    .collect();
                let details = LineageDetails {
                    sql_query: Some(sql.to_string().into()),
                    source: Some(Source::QueryLineage),
                    columns_lineage: Some(columns),
                    ..Default::default()
                };
                let mut edge = EntitiesEdge::new(
                    EntityReference::new(source.id, Table::TYPE_NAME),
                    EntityReference::new(target.id, Table::TYPE_NAME),
                );
                edge.lineage_details = Some(details);
                self.add_lineage(&AddLineageRequest::new(edge), true)
                    .await?;
                let fqn = |t: &Table| {
                    t.fully_qualified_name
                        .as_ref()
                        .map(|f| f.as_str().to_string())
                        .unwrap_or_default()
                };
                report.edges.push((fqn(source), fqn(target)));
            }
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_are_named_one_way_and_columns_merge_without_repeats() {
        let by_name = edge_path(
            &Node::Name("table", "s.d.a/b"),
            &Node::Name("table", "s.d.c"),
        )
        .unwrap();
        assert_eq!(by_name, "table/name/s.d.a%2Fb/table/name/s.d.c");
        assert!(edge_path(&Node::Name("table", "x"), &Node::Id("table", "1".into())).is_err());
        let a = json!({"fromColumns": ["t.a"], "toColumn": "u.a"});
        let b = json!({"fromColumns": ["t.b"], "toColumn": "u.b"});
        assert_eq!(merge_columns(&json!([a]), &json!([a, b])), json!([a, b]));
        assert_eq!(merge_columns(&Value::Null, &json!([b])), json!([b]));
    }
}

#[cfg(feature = "blocking")]
#[path = "blocking_twins/lineage.rs"]
mod blocking_twins;
