//! Lineage: edges between entities keyed by (from, to), each with its `lineageDetails`;
//! `PUT /lineage`, edges by ids or by names (get, patch, delete), the graph around an entity
//! with upstream and downstream depths, deletion by source, and the edges an ML model's
//! feature sources imply.

use std::collections::{BTreeMap, HashSet};

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, put};
use openmetadata_types::api::lineage::add_lineage::AddLineageRequest;
use openmetadata_types::type_::entity_lineage::LineageDetails;
use serde_json::{Value, json};

use crate::engine::error::ApiError;
use crate::engine::kinds;
use crate::engine::{Caller, Engine, Key, now_ms};
use crate::http::extract::{blocking, flag, parse_body};
use crate::http::state::{Params, Shared};
use crate::store::lineage::StoredEdge;
use crate::store::{Include, Stored};

/// The deepest graph a lineage read may ask for.
const MAX_DEPTH: u32 = 3;

/// How a route names an entity.
#[derive(Debug, Clone)]
pub struct NodeKey {
    /// Entity type (`table`).
    pub kind: String,
    /// Id or FQN.
    pub key: Key,
}

impl Engine {
    /// The entity a lineage route names.
    fn node(&self, n: &NodeKey) -> Result<Stored, ApiError> {
        let sk = kinds::by_type(&n.kind)
            .ok_or_else(|| ApiError::bad_request(format!("Invalid entity type {}", n.kind)))?;
        self.find(&sk, &n.key, Include::All)
    }

    /// The entity an `{id, type}` (or `{fullyQualifiedName, type}`) reference names.
    fn node_of_ref(&self, r: &Value) -> Result<Stored, ApiError> {
        let kind = r.get("type").and_then(Value::as_str).unwrap_or_default();
        let key = match (
            r.get("id").and_then(Value::as_str),
            r.get("fullyQualifiedName").and_then(Value::as_str),
        ) {
            (Some(id), _) => Key::Id(id.to_string()),
            (None, Some(fqn)) => Key::Fqn(fqn.to_string()),
            _ => return Err(ApiError::bad_request("An edge end needs an id and a type")),
        };
        self.node(&NodeKey {
            kind: kind.to_string(),
            key,
        })
    }

    /// Checks `details` and fills in what the server keeps: full pipeline reference, source,
    /// who created and updated the edge and when.
    fn finish_details(
        &self,
        mut details: Value,
        previous: Option<&Value>,
        caller: &Caller,
    ) -> Result<Value, ApiError> {
        if !details.is_object() {
            details = json!({});
        }
        if let Some(p) = details.get("pipeline").filter(|p| !p.is_null()).cloned() {
            let pipeline = self.resolve(&p, &["pipeline", "storedProcedure"])?;
            details["pipeline"] = self.reference(&pipeline);
        }
        if details.get("columnsLineage").is_none_or(Value::is_null) {
            details["columnsLineage"] = json!([]);
        }
        if details.get("source").is_none_or(Value::is_null) {
            details["source"] = json!("Manual");
        }
        let now = now_ms();
        details["createdAt"] = previous
            .and_then(|p| p.get("createdAt").cloned())
            .unwrap_or(json!(now));
        details["createdBy"] = previous
            .and_then(|p| p.get("createdBy").cloned())
            .unwrap_or(json!(caller.name));
        details["updatedAt"] = json!(now);
        details["updatedBy"] = json!(caller.name);
        openmetadata_types::wire::normalize::<LineageDetails>(&details)
            .map_err(|e| ApiError::bad_request(format!("Invalid lineageDetails: {e}")))
    }

    fn store_edge(
        &self,
        from: &Stored,
        to: &Stored,
        details: Value,
        caller: &Caller,
    ) -> Result<(), ApiError> {
        let previous = self.store.edge(&from.id, &to.id)?;
        self.store_edge_over(from, to, details, previous, caller)
    }

    /// Stores the edge from → to computed from `previous` (the edge as read, if any), which the
    /// write requires to be still current.
    fn store_edge_over(
        &self,
        from: &Stored,
        to: &Stored,
        details: Value,
        previous: Option<StoredEdge>,
        caller: &Caller,
    ) -> Result<(), ApiError> {
        if from.id == to.id {
            return Err(ApiError::bad_request("An entity cannot be its own lineage"));
        }
        let details =
            self.finish_details(details, previous.as_ref().map(|e| &e.details), caller)?;
        let edge = StoredEdge {
            from_id: from.id.clone(),
            to_id: to.id.clone(),
            details,
        };
        Ok(self
            .store
            .put_edge(edge, previous.as_ref().map(|e| &e.details))?)
    }

    /// `PUT /lineage`.
    pub fn add_lineage(&self, body: &Value, caller: &Caller) -> Result<(), ApiError> {
        let body = openmetadata_types::wire::normalize::<AddLineageRequest>(body)
            .map_err(|e| ApiError::bad_request(format!("Invalid request: {e}")))?;
        let edge = &body["edge"];
        let from = self.node_of_ref(&edge["fromEntity"])?;
        let to = self.node_of_ref(&edge["toEntity"])?;
        let mut details = edge.get("lineageDetails").cloned().unwrap_or(json!({}));
        if let Some(d) = edge.get("description").filter(|d| !d.is_null())
            && details.get("description").is_none_or(Value::is_null)
        {
            details["description"] = d.clone();
        }
        self.store_edge(&from, &to, details, caller)
    }

    /// `PUT /lineage/{fromType}/name/{fromFqn}/{toType}/name/{toFqn}` with `LineageDetails`.
    pub fn add_lineage_by_name(
        &self,
        from: &NodeKey,
        to: &NodeKey,
        details: Value,
        caller: &Caller,
    ) -> Result<(), ApiError> {
        let (from, to) = (self.node(from)?, self.node(to)?);
        self.store_edge(&from, &to, details, caller)
    }

    fn existing_edge(
        &self,
        from: &NodeKey,
        to: &NodeKey,
    ) -> Result<(Stored, Stored, StoredEdge), ApiError> {
        let (f, t) = (self.node(from)?, self.node(to)?);
        let edge = self.store.edge(&f.id, &t.id)?.ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                format!("Lineage edge not found from {} to {}", f.fqn, t.fqn),
            )
        })?;
        Ok((f, t, edge))
    }

    /// `GET /lineage/getLineageEdge/...`: `{"edge": lineageDetails}`.
    pub fn lineage_edge(&self, from: &NodeKey, to: &NodeKey) -> Result<Value, ApiError> {
        let (_, _, edge) = self.existing_edge(from, to)?;
        Ok(json!({ "edge": edge.details }))
    }

    /// `PATCH /lineage/...`: a JSON Patch of the edge's `lineageDetails`.
    pub fn patch_lineage_edge(
        &self,
        from: &NodeKey,
        to: &NodeKey,
        ops: &Value,
        caller: &Caller,
    ) -> Result<Value, ApiError> {
        let (f, t, edge) = self.existing_edge(from, to)?;
        let patch: json_patch::Patch = serde_json::from_value(ops.clone())
            .map_err(|e| ApiError::bad_request(format!("Invalid JSON Patch: {e}")))?;
        let mut details = edge.details.clone();
        json_patch::patch(&mut details, &patch)
            .map_err(|e| ApiError::bad_request(format!("Failed to apply the patch: {e}")))?;
        self.store_edge_over(&f, &t, details, Some(edge), caller)?;
        Ok(self
            .store
            .edge(&f.id, &t.id)?
            .map(|e| e.details)
            .unwrap_or_default())
    }

    /// `DELETE /lineage/...`.
    pub fn delete_lineage_edge(&self, from: &NodeKey, to: &NodeKey) -> Result<(), ApiError> {
        let (f, t, _) = self.existing_edge(from, to)?;
        self.store.delete_edge(&f.id, &t.id)?;
        Ok(())
    }

    /// `DELETE /lineage/{type}/{id}/type/{source}` and its by-name form.
    pub fn delete_lineage_by_source(
        &self,
        node: &NodeKey,
        source: &str,
    ) -> Result<usize, ApiError> {
        let n = self.node(node)?;
        Ok(self.store.delete_edges_by_source(&n.id, source)?)
    }

    /// The graph around an entity: `{entity, nodes, upstreamEdges, downstreamEdges}`.
    pub fn lineage_graph(
        &self,
        node: &NodeKey,
        upstream: u32,
        downstream: u32,
        include_deleted: bool,
    ) -> Result<Value, ApiError> {
        let focal = self.node(node)?;
        if focal.deleted && !include_deleted {
            return Err(ApiError::not_found(
                &node.kind,
                match &node.key {
                    Key::Id(s) | Key::Fqn(s) => s,
                },
            ));
        }
        let mut nodes: BTreeMap<String, Value> = BTreeMap::new();
        let up = self.walk(&focal, upstream, true, include_deleted, &mut nodes)?;
        let down = self.walk(&focal, downstream, false, include_deleted, &mut nodes)?;
        nodes.remove(&focal.id);
        Ok(json!({
            "entity": self.reference(&focal),
            "nodes": nodes.into_values().collect::<Vec<_>>(),
            "upstreamEdges": up,
            "downstreamEdges": down,
        }))
    }

    /// Breadth-first over edges in one direction, `depth` levels.
    fn walk(
        &self,
        focal: &Stored,
        depth: u32,
        upstream: bool,
        include_deleted: bool,
        nodes: &mut BTreeMap<String, Value>,
    ) -> Result<Vec<Value>, ApiError> {
        let mut edges = Vec::new();
        let mut seen: HashSet<String> = HashSet::from([focal.id.clone()]);
        let mut frontier = vec![focal.id.clone()];
        for _ in 0..depth {
            let mut next = Vec::new();
            for id in &frontier {
                for e in self.store.edges_of(id, upstream)? {
                    let other = if upstream { &e.from_id } else { &e.to_id };
                    let Some(s) = self.store.get(other)? else {
                        continue;
                    };
                    if s.deleted && !include_deleted {
                        continue;
                    }
                    nodes
                        .entry(s.id.clone())
                        .or_insert_with(|| self.reference(&s));
                    edges.push(json!({
                        "fromEntity": e.from_id,
                        "toEntity": e.to_id,
                        "lineageDetails": e.details,
                    }));
                    if seen.insert(s.id.clone()) {
                        next.push(s.id);
                    }
                }
            }
            frontier = next;
        }
        Ok(edges)
    }

    /// Adds the edges table → ML model that the model's feature sources name.
    pub fn add_feature_lineage(&self, model: &Value, caller: &Caller) -> Result<(), ApiError> {
        let Some(id) = model.get("id").and_then(Value::as_str) else {
            return Ok(());
        };
        let Some(to) = self.store.get(id)? else {
            return Ok(());
        };
        let sources = model
            .get("mlFeatures")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|f| f.get("featureSources").and_then(Value::as_array))
            .flatten()
            .filter_map(|s| s.get("dataSource").filter(|d| !d.is_null()));
        for source in sources {
            let from = self.node_of_ref(source)?;
            if self.store.edge(&from.id, &to.id)?.is_none() {
                self.store_edge(&from, &to, json!({}), caller)?;
            }
        }
        Ok(())
    }
}

/// The lineage routes.
pub fn routes(api: Router<Shared>) -> Router<Shared> {
    api.route("/lineage", put(add))
        .route(
            "/lineage/getLineageEdge/{from_id}/{to_id}",
            get(|s: State<Shared>, Path((f, t)): Path<(String, String)>| async move {
                let (from, to) = (by_id("", f), by_id("", t));
                blocking(move || s.engine.lineage_edge_by_ids(&from, &to)).await.map(axum::Json)
            }),
        )
        .route(
            "/lineage/getLineageEdge/{from_type}/name/{from_fqn}/{to_type}/name/{to_fqn}",
            get(|s: State<Shared>, p: Path<(String, String, String, String)>| async move {
                let (from, to) = by_names(p.0);
                blocking(move || s.engine.lineage_edge(&from, &to)).await.map(axum::Json)
            }),
        )
        .route("/lineage/{entity_type}/{id}", get(graph_by_id))
        .route("/lineage/{entity_type}/name/{fqn}", get(graph_by_name))
        .route(
            "/lineage/{from_type}/{from_id}/{to_type}/{to_id}",
            delete(|s: State<Shared>, p: Path<(String, String, String, String)>| async move {
                let (from, to) = by_ids(p.0);
                blocking(move || s.engine.delete_lineage_edge(&from, &to)).await.map(|()| empty())
            })
            .patch(
                |s: State<Shared>, c: axum::Extension<Caller>, p: Path<(String, String, String, String)>, b| async move {
                    patch(s, c, by_ids(p.0), b).await
                },
            ),
        )
        .route(
            "/lineage/{from_type}/name/{from_fqn}/{to_type}/name/{to_fqn}",
            put(add_by_name)
                .patch(
                    |s: State<Shared>, c: axum::Extension<Caller>, p: Path<(String, String, String, String)>, b| async move {
                        patch(s, c, by_names(p.0), b).await
                    },
                )
                .delete(|s: State<Shared>, p: Path<(String, String, String, String)>| async move {
                    let (from, to) = by_names(p.0);
                    blocking(move || s.engine.delete_lineage_edge(&from, &to)).await.map(|()| empty())
                }),
        )
        .route(
            "/lineage/{entity_type}/{id}/type/{source}",
            delete(|s: State<Shared>, Path((t, id, source)): Path<(String, String, String)>| async move {
                let node = by_id(&t, id);
                blocking(move || s.engine.delete_lineage_by_source(&node, &source)).await.map(|_| empty())
            }),
        )
        .route(
            "/lineage/source/name/{entity_type}/{fqn}/type/{source}",
            delete(|s: State<Shared>, Path((t, fqn, source)): Path<(String, String, String)>| async move {
                let node = NodeKey { kind: t, key: Key::Fqn(fqn) };
                blocking(move || s.engine.delete_lineage_by_source(&node, &source)).await.map(|_| empty())
            }),
        )
}

impl Engine {
    /// `getLineageEdge/{fromId}/{toId}`: the ids say which entities, whatever their types.
    fn lineage_edge_by_ids(&self, from: &NodeKey, to: &NodeKey) -> Result<Value, ApiError> {
        let kind_of = |n: &NodeKey| -> Result<NodeKey, ApiError> {
            let Key::Id(id) = &n.key else {
                return Ok(n.clone());
            };
            let s = self
                .store
                .get(id)?
                .ok_or_else(|| ApiError::not_found("entity", id))?;
            Ok(NodeKey {
                kind: s.kind,
                key: n.key.clone(),
            })
        };
        self.lineage_edge(&kind_of(from)?, &kind_of(to)?)
    }
}

fn by_id(kind: &str, id: String) -> NodeKey {
    NodeKey {
        kind: kind.to_string(),
        key: Key::Id(id),
    }
}

fn by_ids((ft, f, tt, t): (String, String, String, String)) -> (NodeKey, NodeKey) {
    (by_id(&ft, f), by_id(&tt, t))
}

fn by_names((ft, f, tt, t): (String, String, String, String)) -> (NodeKey, NodeKey) {
    (
        NodeKey {
            kind: ft,
            key: Key::Fqn(f),
        },
        NodeKey {
            kind: tt,
            key: Key::Fqn(t),
        },
    )
}

fn empty() -> Response {
    StatusCode::OK.into_response()
}

async fn add(
    State(s): State<Shared>,
    axum::Extension(caller): axum::Extension<Caller>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = parse_body(body)?;
    blocking(move || s.engine.add_lineage(&body, &caller))
        .await
        .map(|()| empty())
}

async fn add_by_name(
    State(s): State<Shared>,
    axum::Extension(caller): axum::Extension<Caller>,
    p: Path<(String, String, String, String)>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let details = match body {
        Ok(b) if b.iter().all(u8::is_ascii_whitespace) => json!({}),
        other => parse_body(other)?,
    };
    let (from, to) = by_names(p.0);
    blocking(move || {
        s.engine
            .add_lineage_by_name(&from, &to, details.clone(), &caller)
    })
    .await
    .map(|()| empty())
}

async fn patch(
    State(s): State<Shared>,
    axum::Extension(caller): axum::Extension<Caller>,
    (from, to): (NodeKey, NodeKey),
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let ops = parse_body(body)?;
    blocking(move || s.engine.patch_lineage_edge(&from, &to, &ops, &caller))
        .await
        .map(|d| axum::Json(d).into_response())
}

fn depths(q: &BTreeMap<String, String>) -> Result<(u32, u32, bool), ApiError> {
    let depth = |name: &str| -> Result<u32, ApiError> {
        match q.get(name) {
            None => Ok(1),
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|d| *d <= MAX_DEPTH)
                .ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "{name} must be between 0 and {MAX_DEPTH}, got {v}"
                    ))
                }),
        }
    };
    Ok((
        depth("upstreamDepth")?,
        depth("downstreamDepth")?,
        flag(q, "includeDeleted")?,
    ))
}

async fn graph_by_id(
    State(s): State<Shared>,
    Path((kind, id)): Path<(String, String)>,
    Query(q): Params,
) -> Result<axum::Json<Value>, ApiError> {
    let (up, down, deleted) = depths(&q)?;
    let node = by_id(&kind, id);
    blocking(move || s.engine.lineage_graph(&node, up, down, deleted))
        .await
        .map(axum::Json)
}

async fn graph_by_name(
    State(s): State<Shared>,
    Path((kind, fqn)): Path<(String, String)>,
    Query(q): Params,
) -> Result<axum::Json<Value>, ApiError> {
    let (up, down, deleted) = depths(&q)?;
    let node = NodeKey {
        kind,
        key: Key::Fqn(fqn),
    };
    blocking(move || s.engine.lineage_graph(&node, up, down, deleted))
        .await
        .map(axum::Json)
}
