//! What a data product holds: assets added and removed in bulk
//! (`PUT /dataProducts/{name}/assets/{add|remove}`), and input and output ports
//! (`PUT /dataProducts/{name}/{inputPorts|outputPorts}/{add|remove}`, read with
//! `GET /dataProducts/{id|name/fqn}/{inputPorts|outputPorts|portsView}`).
//!
//! An asset belongs to a data product through its own `dataProducts` references, changed
//! without a new version of the asset; the asset must already be in one of the data
//! product's domains (its own, or inherited from its container). Ports are kept beside the data product, one record per port, in the
//! order they were added; an output port must be an asset of the data product, and no asset
//! is both an input and an output port.

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::routing::{get, put};
use openmetadata_types::api::bulk_assets::BulkAssets;
use serde_json::{Value, json};

use crate::engine::bulk::BulkOutcome;
use crate::engine::error::ApiError;
use crate::engine::kinds;
use crate::engine::{Engine, Fields, Key, now_ms, text_field as text};
use crate::http::extract::check;
use crate::http::extract::number;
use crate::http::extract::{blocking, parse_body};
use crate::http::state::{Params, Shared};
use crate::store::timeseries::{Range, Record};
use crate::store::{Include, Stored};

/// The two kinds of port, by the path segment and field name that name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Port {
    /// Data the product consumes.
    Input,
    /// Data the product exposes; each must be one of its assets.
    Output,
}

impl Port {
    fn parse(segment: &str) -> Result<Port, ApiError> {
        match segment {
            "inputPorts" => Ok(Port::Input),
            "outputPorts" => Ok(Port::Output),
            other => Err(ApiError::not_found("dataProduct port list", other)),
        }
    }

    fn field(self) -> &'static str {
        match self {
            Port::Input => "inputPorts",
            Port::Output => "outputPorts",
        }
    }

    /// The series that keeps the ports, one record per port keyed by the asset's id.
    fn extension(self) -> &'static str {
        match self {
            Port::Input => "dataProduct.inputPorts",
            Port::Output => "dataProduct.outputPorts",
        }
    }

    fn other(self) -> Port {
        match self {
            Port::Input => Port::Output,
            Port::Output => Port::Input,
        }
    }
}

/// Whether a bulk request adds or removes.
fn is_add(operation: &str) -> Result<bool, ApiError> {
    match operation {
        "add" => Ok(true),
        "remove" => Ok(false),
        other => Err(ApiError::not_found("bulk operation", other)),
    }
}

/// The asset references of a `BulkAssets` body.
fn requested_assets(body: &Value) -> Result<Vec<Value>, ApiError> {
    let checked = check::<BulkAssets>("bulk assets request", body)?;
    Ok(checked
        .get("assets")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default())
}

fn ids(refs: Option<&Value>) -> Vec<&str> {
    refs.and_then(Value::as_array)
        .map(|a| a.iter().map(|r| text(r, "id")).collect())
        .unwrap_or_default()
}

impl Engine {
    /// The data product a path names: `/dataProducts/{name}/assets/add` and the port
    /// writes name it (a UUID-shaped name is a name), the port reads by id or by name.
    fn data_product(&self, key: Key) -> Result<Stored, ApiError> {
        self.find(&kinds::required("dataProduct")?, &key, Include::NonDeleted)
    }

    /// An entity's domains: its own, else those of its nearest container that has some.
    fn effective_domains(&self, s: &Stored) -> Result<Value, ApiError> {
        match s.json.get("domains") {
            Some(Value::Array(own)) if !own.is_empty() => Ok(Value::Array(own.clone())),
            _ => {
                let inherited = match kinds::by_type(&s.kind) {
                    Some(sk) => self.inherited(&sk, s, &["domains"])?,
                    None => Vec::new(),
                };
                Ok(inherited.into_iter().next().map_or(json!([]), |(_, d)| d))
            }
        }
    }

    /// Adds assets to a data product or removes them; each asset succeeds or fails on its own.
    pub fn data_product_assets(
        &self,
        key: Key,
        add: bool,
        body: &Value,
    ) -> Result<Value, ApiError> {
        let dp = self.data_product(key)?;
        let dp_ref = self.reference(&dp);
        let dp_domains = ids(dp.json.get("domains"));
        let mut outcome = BulkOutcome::default();
        for request in requested_assets(body)? {
            let mut asset = match self.resolve(&request, &[]) {
                Ok(a) => a,
                Err(e) => {
                    outcome.refuse(request, &e.message);
                    continue;
                }
            };
            if add {
                let in_domain = ids(Some(&self.effective_domains(&asset)?))
                    .iter()
                    .any(|d| dp_domains.contains(d));
                if !in_domain {
                    let message = format!(
                        "Cannot assign asset '{}' (type: {}) to data product '{}': the asset must belong to one of the data product's domains",
                        asset.name, asset.kind, dp.name
                    );
                    outcome.refuse(request, &message);
                    continue;
                }
            }
            let held = ids(asset.json.get("dataProducts")).contains(&dp.id.as_str());
            if add != held {
                let products = asset
                    .json
                    .as_object_mut()
                    .map(|o| o.entry("dataProducts").or_insert_with(|| json!([])));
                if let Some(Value::Array(products)) = products {
                    products.retain(|r| text(r, "id") != dp.id);
                    if add {
                        products.push(dp_ref.clone());
                    }
                }
                self.store_quietly(&asset)?;
            }
            outcome.succeed(request);
        }
        Ok(outcome.into_result())
    }

    /// Adds ports to a data product or removes them; each port succeeds or fails on its own.
    pub fn data_product_ports(
        &self,
        key: Key,
        port: Port,
        add: bool,
        body: &Value,
    ) -> Result<Value, ApiError> {
        let dp = self.data_product(key)?;
        let other_ports = self.port_ids(&dp, port.other())?;
        let mut outcome = BulkOutcome::default();
        let mut records = Vec::new();
        let now = now_ms();
        for request in requested_assets(body)? {
            let asset = match self.resolve(&request, &[]) {
                Ok(a) => a,
                Err(e) => {
                    outcome.refuse(request, &e.message);
                    continue;
                }
            };
            if !add {
                self.store
                    .delete_keyed_record(&dp.fqn, port.extension(), &asset.id)?;
                outcome.succeed(request);
                continue;
            }
            if other_ports.contains(&asset.id) {
                let message = format!(
                    "Asset '{}' is already part of {} ports and cannot be added to {}",
                    asset.fqn,
                    match port.other() {
                        Port::Input => "input",
                        Port::Output => "output",
                    },
                    port.field()
                );
                outcome.refuse(request, &message);
                continue;
            }
            if port == Port::Output && !ids(asset.json.get("dataProducts")).contains(&&*dp.id) {
                let message = format!(
                    "Asset '{}' must belong to the data product before it can be added as an output port",
                    asset.fqn
                );
                outcome.refuse(request, &message);
                continue;
            }
            let known = self
                .store
                .record_by_key(&dp.fqn, port.extension(), &asset.id)?;
            if known.is_none() {
                records.push(Record {
                    entity_id: dp.id.clone(),
                    fqn: dp.fqn.clone(),
                    extension: port.extension().to_string(),
                    ts: now + records.len() as i64,
                    key: asset.id.clone(),
                    json: json!({"id": asset.id, "type": asset.kind}).to_string(),
                });
            }
            outcome.succeed(request);
        }
        self.store.put_records(records)?;
        Ok(outcome.into_result())
    }

    /// The ids of a data product's ports of one kind, in the order they were added.
    fn port_ids(&self, dp: &Stored, port: Port) -> Result<Vec<String>, ApiError> {
        let mut records = self
            .store
            .records(&dp.fqn, port.extension(), Range::ALL, i64::MAX)?;
        records.reverse();
        Ok(records.iter().map(|r| text(r, "id").to_string()).collect())
    }

    /// One page of a data product's ports: each the port's entity with the requested
    /// `fields` and its `entityType`.
    fn ports_page(
        &self,
        dp: &Stored,
        port: Port,
        fields: &Fields,
        limit: i64,
        offset: i64,
    ) -> Result<Value, ApiError> {
        let all = self.port_ids(dp, port)?;
        let mut data = Vec::new();
        for id in all
            .iter()
            .skip(offset.max(0) as usize)
            .take(limit.max(0) as usize)
        {
            let Some(entity) = self.store.get(id)?.filter(|s| !s.deleted) else {
                continue;
            };
            let sk = kinds::required(&entity.kind)?;
            let mut shown = self.present(&sk, &entity, fields)?;
            shown["entityType"] = json!(entity.kind);
            data.push(shown);
        }
        Ok(json!({
            "data": data,
            "paging": {"offset": offset, "limit": limit, "total": all.len()},
        }))
    }

    /// `GET .../inputPorts` or `.../outputPorts`: one page of ports (`limit` 50 by default).
    pub fn data_product_port_list(
        &self,
        key: Key,
        port: Port,
        q: &std::collections::BTreeMap<String, String>,
    ) -> Result<Value, ApiError> {
        let dp = self.data_product(key)?;
        let fields = Fields::parse(q.get("fields").map(String::as_str));
        let limit = number(q, "limit", 50)?;
        let offset = number(q, "offset", 0)?;
        self.ports_page(&dp, port, &fields, limit, offset)
    }

    /// `GET .../portsView`: the data product's reference and a page of each kind of port.
    pub fn data_product_ports_view(
        &self,
        key: Key,
        q: &std::collections::BTreeMap<String, String>,
    ) -> Result<Value, ApiError> {
        let dp = self.data_product(key)?;
        let fields = Fields::parse(q.get("fields").map(String::as_str));
        let page = |port: Port, prefix: &str| -> Result<Value, ApiError> {
            let limit = number(q, &format!("{prefix}Limit"), 50)?;
            let offset = number(q, &format!("{prefix}Offset"), 0)?;
            self.ports_page(&dp, port, &fields, limit, offset)
        };
        Ok(json!({
            "entity": self.reference(&dp),
            "inputPorts": page(Port::Input, "input")?,
            "outputPorts": page(Port::Output, "output")?,
        }))
    }
}

type Body = Result<Bytes, BytesRejection>;

/// `PUT .../{inputPorts|outputPorts}/{add|remove}`, the data product named by id or name.
async fn put_ports(
    State(s): State<Shared>,
    Path((name, ports, operation)): Path<(String, String, String)>,
    body: Body,
) -> Result<axum::Json<Value>, ApiError> {
    let (port, add) = (Port::parse(&ports)?, is_add(&operation)?);
    let body = parse_body(body)?;
    blocking(move || {
        s.engine
            .data_product_ports(Key::Fqn(name.clone()), port, add, &body)
    })
    .await
    .map(axum::Json)
}

/// `GET .../{inputPorts|outputPorts|portsView}`, the data product named by `key`.
fn read_ports(key: fn(String) -> Key) -> axum::routing::MethodRouter<Shared> {
    get(
        move |State(s): State<Shared>,
              Path((k, view)): Path<(String, String)>,
              Query(q): Params| async move {
            blocking(move || s.engine.ports_read(key(k.clone()), &view, &q))
                .await
                .map(axum::Json)
        },
    )
}

/// The data product routes of this module.
pub fn routes(api: Router<Shared>) -> Router<Shared> {
    api.route(
        "/dataProducts/{id}/assets/{operation}",
        put(
            |State(s): State<Shared>,
             Path((name, operation)): Path<(String, String)>,
             body: Body| async move {
                let add = is_add(&operation)?;
                let body = parse_body(body)?;
                blocking(move || {
                    s.engine
                        .data_product_assets(Key::Fqn(name.clone()), add, &body)
                })
                .await
                .map(axum::Json)
            },
        ),
    )
    .route("/dataProducts/{id}/{ports}/{operation}", put(put_ports))
    .route(
        "/dataProducts/name/{fqn}/{ports}/{operation}",
        put(put_ports),
    )
    .route("/dataProducts/{id}/{view}", read_ports(Key::Id))
    .route("/dataProducts/name/{fqn}/{view}", read_ports(Key::Fqn))
}

impl Engine {
    /// `GET .../{inputPorts|outputPorts|portsView}`.
    fn ports_read(
        &self,
        key: Key,
        view: &str,
        q: &std::collections::BTreeMap<String, String>,
    ) -> Result<Value, ApiError> {
        match view {
            "portsView" => self.data_product_ports_view(key, q),
            other => self.data_product_port_list(key, Port::parse(other)?, q),
        }
    }
}
