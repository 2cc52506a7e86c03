//! Queries: a query's checksum is the MD5 of its text and its name defaults to the checksum,
//! so its FQN is `<service>.<checksum>`, as on the real server. Beside the collection:
//! `PUT /queries/{id}/usage` (entities the query is used in), `PUT /queries/{id}/users`
//! (user names) and `PUT /queries/{id}/usedBy` (free-form names); `GET /queries?entityId=`
//! lists the queries used in an entity. Query cost records (`POST /queryCostRecord`) are a
//! time series of the query they name.

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::routing::{get, post, put};
use openmetadata_types::api::data::create_query_cost_record::CreateQueryCostRecordRequest;
use serde_json::{Value, json};

use crate::engine::error::ApiError;
use crate::engine::kinds;
use crate::engine::{Caller, Engine, Key};
use crate::http::extract::check;
use crate::http::extract::{blocking, parse_body};
use crate::http::state::Shared;
use crate::store::Include;
use crate::store::timeseries::Series;

/// Series of query cost records.
const QUERY_COST: &str = "query.queryCostRecord";

/// What a `PUT /queries/{id}/...` adds to the query.
#[derive(Debug, Clone, Copy)]
pub enum QueryLink {
    /// Entities the query is used in (`queryUsedIn`), by reference.
    Usage,
    /// Users who ran it (`users`), by name.
    Users,
    /// Other names of who used it (`usedBy`), as given.
    UsedBy,
}

fn array(body: &Value) -> Result<&Vec<Value>, ApiError> {
    body.as_array()
        .ok_or_else(|| ApiError::bad_request("the body must be a JSON array"))
}

impl Engine {
    /// Adds entities, users or names to a query (each once) and answers the query.
    pub fn link_query(
        &self,
        id: &str,
        link: QueryLink,
        body: &Value,
        caller: &Caller,
    ) -> Result<Value, ApiError> {
        let sk = kinds::by_type("query").ok_or_else(|| ApiError::internal("no query kind"))?;
        let query = self.find(&sk, &Key::Id(id.to_string()), Include::NonDeleted)?;
        let (field, additions): (&str, Vec<Value>) = match link {
            QueryLink::Usage => (
                "queryUsedIn",
                array(body)?
                    .iter()
                    .map(|r| self.resolve(r, &[]).map(|s| self.reference(&s)))
                    .collect::<Result<_, _>>()?,
            ),
            QueryLink::Users => (
                "users",
                array(body)?
                    .iter()
                    .map(|u| self.resolve(u, &["user"]).map(|s| self.reference(&s)))
                    .collect::<Result<_, _>>()?,
            ),
            QueryLink::UsedBy => {
                let names = array(body)?;
                if let Some(bad) = names.iter().find(|n| !n.is_string()) {
                    return Err(ApiError::bad_request(format!(
                        "usedBy takes names (strings), not {bad}"
                    )));
                }
                ("usedBy", names.clone())
            }
        };
        let mut doc = query.json.clone();
        let mut list = doc
            .get(field)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for item in additions {
            let same = |x: &Value| match (x.get("id"), item.get("id")) {
                (Some(a), Some(b)) => a == b,
                _ => *x == item,
            };
            if !list.iter().any(same) {
                list.push(item);
            }
        }
        doc[field] = Value::Array(list);
        Ok(self.commit_change(&sk, &query, doc, caller)?.json)
    }
}

impl Engine {
    /// `POST /queryCostRecord`: a cost record of the query its `queryReference` names.
    fn add_query_cost(&self, body: &Value, caller: &Caller) -> Result<Value, ApiError> {
        let request = check::<CreateQueryCostRecordRequest>("query cost record", body)?;
        let query = self.resolve(&request["queryReference"], &["query"])?;
        let mut record = request.clone();
        let id = uuid::Uuid::new_v4().to_string();
        let ts = record["timestamp"].as_i64().unwrap_or_default();
        record["id"] = json!(id);
        record["queryReference"] = self.reference(&query);
        record["updatedAt"] = json!(crate::engine::now_ms());
        if let Some(user) = self.store.get_by_fqn("user", &caller.name)? {
            record["updatedBy"] = self.reference(&user);
        }
        let series = Series {
            entity_id: &query.id,
            fqn: &query.fqn,
            extension: QUERY_COST,
        };
        self.store.put_record(&series, ts, &id, &record)?;
        Ok(record)
    }

    /// `GET /queryCostRecord/{id}`.
    fn query_cost(&self, id: &str) -> Result<Value, ApiError> {
        self.store
            .record_with_key(QUERY_COST, id)?
            .ok_or_else(|| ApiError::not_found("queryCostRecord", id))
    }
}

/// The routes that link a query to entities, users and names, and the cost records.
pub fn routes(api: Router<Shared>) -> Router<Shared> {
    let link = |link: QueryLink| {
        put(
            move |State(s): State<Shared>,
                  axum::Extension(caller): axum::Extension<Caller>,
                  Path(id): Path<String>,
                  body: Result<Bytes, BytesRejection>| async move {
                let body = parse_body(body)?;
                blocking(move || s.engine.link_query(&id, link, &body, &caller))
                    .await
                    .map(axum::Json)
            },
        )
    };
    api.route("/queries/{id}/usage", link(QueryLink::Usage))
        .route("/queries/{id}/users", link(QueryLink::Users))
        .route("/queries/{id}/usedBy", link(QueryLink::UsedBy))
        .route(
            "/queryCostRecord",
            post(
                |State(s): State<Shared>,
                 axum::Extension(caller): axum::Extension<Caller>,
                 body: Result<Bytes, BytesRejection>| async move {
                    let body = parse_body(body)?;
                    blocking(move || s.engine.add_query_cost(&body, &caller))
                        .await
                        .map(axum::Json)
                },
            ),
        )
        .route(
            "/queryCostRecord/{id}",
            get(
                |State(s): State<Shared>, Path(id): Path<String>| async move {
                    blocking(move || s.engine.query_cost(&id))
                        .await
                        .map(axum::Json)
                },
            ),
        )
}
