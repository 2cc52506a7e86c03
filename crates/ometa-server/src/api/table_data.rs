//! Data attached to assets outside their versions: sample data (tables, topics, containers,
//! search indexes), table / column / system profiles as time series (also listed by entity
//! type), and the profiler configuration.

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::routing::{get, put};
use openmetadata_types::api::data::create_table_profile::CreateTableProfileRequest;
use openmetadata_types::entity::data::table::{TableData, TableProfilerConfig};
use openmetadata_types::entity::data::topic::TopicSampleData;
use serde_json::Value;

use crate::engine::error::ApiError;
use crate::engine::fqn;
use crate::engine::kinds;
use crate::engine::series::TABLE_PROFILE;
use crate::engine::{Engine, Key};
use crate::http::extract::{blocking, parse_body};
use crate::http::extract::{check, number, time_range};
use crate::http::state::{Params, Shared};
use crate::store::timeseries::{Series, listing};
use crate::store::{Include, Stored};

/// Series of column profiles (keyed by column FQN).
const COLUMN_PROFILE: &str = "table.columnProfile";
/// Series of system profiles.
const SYSTEM_PROFILE: &str = "table.systemProfile";

/// Kinds with sample data: (type, collection).
const SAMPLE_DATA: &[(&str, &str)] = &[
    ("table", "tables"),
    ("topic", "topics"),
    ("container", "containers"),
    ("searchIndex", "searchIndexes"),
];

impl Engine {
    fn sample_data(
        &self,
        type_name: &str,
        id: &str,
        body: Option<Value>,
        remove: bool,
    ) -> Result<Value, ApiError> {
        let sk = kinds::required(type_name)?;
        let s = self.find(&sk, &Key::Id(id.to_string()), Include::NonDeleted)?;
        let s = match (body, remove) {
            (Some(data), _) => {
                let data = match type_name {
                    "topic" => check::<TopicSampleData>("sample data", &data)?,
                    "table" | "container" => check::<TableData>("sample data", &data)?,
                    _ => data,
                };
                self.set_attachment(s, "sampleData", Some(data))?
            }
            (None, true) => self.set_attachment(s, "sampleData", None)?,
            (None, false) => s,
        };
        self.with_field(&sk, &s, "sampleData")
    }

    /// `PUT /tables/{id}/tableProfile`.
    fn add_table_profile(&self, id: &str, body: &Value) -> Result<Value, ApiError> {
        let sk = kinds::required("table")?;
        let table = self.find(&sk, &Key::Id(id.to_string()), Include::NonDeleted)?;
        let request = check::<CreateTableProfileRequest>("table profile", body)?;
        let ts = |v: &Value| v.get("timestamp").and_then(Value::as_i64).unwrap_or(0);
        let profile = &request["tableProfile"];
        self.store.put_record(
            &Series {
                entity_id: &table.id,
                fqn: &table.fqn,
                extension: TABLE_PROFILE,
            },
            ts(profile),
            "",
            profile,
        )?;
        for column in request
            .get("columnProfile")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = column
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let column_fqn = fqn::child(Some(&table.fqn), name)?;
            self.store.put_record(
                &Series {
                    entity_id: &table.id,
                    fqn: &column_fqn,
                    extension: COLUMN_PROFILE,
                },
                ts(column),
                "",
                column,
            )?;
        }
        for system in request
            .get("systemProfile")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let operation = system
                .get("operation")
                .and_then(Value::as_str)
                .unwrap_or_default();
            self.store.put_record(
                &Series {
                    entity_id: &table.id,
                    fqn: &table.fqn,
                    extension: SYSTEM_PROFILE,
                },
                ts(system),
                operation,
                system,
            )?;
        }
        self.latest_profile(&table)
    }

    /// The table with its latest profile, and each column with its own.
    fn latest_profile(&self, table: &Stored) -> Result<Value, ApiError> {
        let sk = kinds::required("table")?;
        let mut out = self.with_field(&sk, table, "profile")?;
        if let Some(Value::Array(columns)) = out.get_mut("columns") {
            for c in columns {
                let Some(name) = c.get("name").and_then(Value::as_str) else {
                    continue;
                };
                let column_fqn = fqn::child(Some(&table.fqn), name)?;
                if let Some(p) = self.store.latest_record(&column_fqn, COLUMN_PROFILE)? {
                    c["profile"] = p;
                }
            }
        }
        Ok(out)
    }

    fn profiles(
        &self,
        which: &str,
        fqn: &str,
        q: &BTreeMap<String, String>,
    ) -> Result<Value, ApiError> {
        let range = time_range(q)?;
        let limit = number(q, "limit", 10_000)?;
        let (series_fqn, extension) = match which {
            "tableProfile" => (
                self.find(
                    &kinds::required("table")?,
                    &Key::Fqn(fqn.to_string()),
                    Include::All,
                )?
                .fqn,
                TABLE_PROFILE,
            ),
            "systemProfile" => (
                self.find(
                    &kinds::required("table")?,
                    &Key::Fqn(fqn.to_string()),
                    Include::All,
                )?
                .fqn,
                SYSTEM_PROFILE,
            ),
            "columnProfile" => (fqn.to_string(), COLUMN_PROFILE),
            other => return Err(ApiError::bad_request(format!("unknown profile {other}"))),
        };
        let data = self.store.records(&series_fqn, extension, range, limit)?;
        Ok(listing(data))
    }

    /// `GET /entity/profiles/{entityType}?startTs&endTs[&profileType]`: the profiles of every
    /// entity of a type in a time range, newest first (only tables have profiles here).
    fn entity_profiles(
        &self,
        entity_type: &str,
        q: &BTreeMap<String, String>,
    ) -> Result<Value, ApiError> {
        let range = time_range(q)?;
        let wanted = q.get("profileType").map(String::as_str);
        if let Some(w) = wanted.filter(|w| !["table", "column", "system"].contains(w)) {
            return Err(ApiError::bad_request(format!(
                "profileType must be table, column or system, got {w}"
            )));
        }
        let mut data = Vec::new();
        let mut entities: BTreeMap<String, Option<Value>> = BTreeMap::new();
        let series = [
            (TABLE_PROFILE, "table"),
            (COLUMN_PROFILE, "column"),
            (SYSTEM_PROFILE, "system"),
        ];
        for (extension, profile_type) in series {
            if entity_type != "table" || wanted.is_some_and(|w| w != profile_type) {
                continue;
            }
            for (entity_id, profile) in self.store.records_of(extension, range, i64::MAX)? {
                if !entities.contains_key(&entity_id) {
                    let reference = self.store.get(&entity_id)?.map(|e| self.reference(&e));
                    entities.insert(entity_id.clone(), reference);
                }
                let Some(Some(reference)) = entities.get(&entity_id) else {
                    continue;
                };
                data.push(serde_json::json!({
                    "id": uuid::Uuid::new_v4().to_string(),
                    "entityReference": reference,
                    "timestamp": profile.get("timestamp"),
                    "profileData": profile,
                    "profileType": profile_type,
                }));
            }
        }
        data.sort_by_key(|p| std::cmp::Reverse(p["timestamp"].as_i64()));
        let total = data.len();
        Ok(serde_json::json!({
            "data": data,
            "paging": {"total": total, "after": null, "before": null}
        }))
    }

    fn profiler_config(&self, id: &str, body: Option<&Value>) -> Result<Value, ApiError> {
        let sk = kinds::required("table")?;
        let table = self.find(&sk, &Key::Id(id.to_string()), Include::NonDeleted)?;
        let config = body
            .map(|b| check::<TableProfilerConfig>("profiler configuration", b))
            .transpose()?;
        let table = self.set_attachment(table, "tableProfilerConfig", config)?;
        self.with_field(&sk, &table, "tableProfilerConfig")
    }
}

type Body = Result<Bytes, BytesRejection>;

/// The routes.
pub fn routes(mut api: Router<Shared>) -> Router<Shared> {
    for (type_name, collection) in SAMPLE_DATA {
        api = api.route(
            &format!("/{collection}/{{id}}/sampleData"),
            put(
                move |State(s): State<Shared>, Path(id): Path<String>, body: Body| async move {
                    let body = parse_body(body)?;
                    blocking(move || {
                        s.engine
                            .sample_data(type_name, &id, Some(body.clone()), false)
                    })
                    .await
                    .map(axum::Json)
                },
            )
            .get(
                move |State(s): State<Shared>, Path(id): Path<String>| async move {
                    blocking(move || s.engine.sample_data(type_name, &id, None, false))
                        .await
                        .map(axum::Json)
                },
            )
            .delete(
                move |State(s): State<Shared>, Path(id): Path<String>| async move {
                    blocking(move || s.engine.sample_data(type_name, &id, None, true))
                        .await
                        .map(axum::Json)
                },
            ),
        );
    }
    api.route(
        "/tables/{key}/tableProfile",
        put(
            |State(s): State<Shared>, Path(id): Path<String>, body: Body| async move {
                let body = parse_body(body)?;
                blocking(move || s.engine.add_table_profile(&id, &body))
                    .await
                    .map(axum::Json)
            },
        )
        .get(
            |State(s): State<Shared>, Path(fqn): Path<String>, Query(q): Params| async move {
                blocking(move || s.engine.profiles("tableProfile", &fqn, &q))
                    .await
                    .map(axum::Json)
            },
        ),
    )
    .route(
        "/tables/{fqn}/tableProfile/latest",
        get(
            |State(s): State<Shared>, Path(fqn): Path<String>| async move {
                blocking(move || {
                    let table = s.engine.find(
                        &kinds::required("table")?,
                        &Key::Fqn(fqn.clone()),
                        Include::NonDeleted,
                    )?;
                    s.engine.latest_profile(&table)
                })
                .await
                .map(axum::Json)
            },
        ),
    )
    .route(
        "/tables/{fqn}/columnProfile",
        get(
            |State(s): State<Shared>, Path(fqn): Path<String>, Query(q): Params| async move {
                blocking(move || s.engine.profiles("columnProfile", &fqn, &q))
                    .await
                    .map(axum::Json)
            },
        ),
    )
    .route(
        "/tables/{fqn}/systemProfile",
        get(
            |State(s): State<Shared>, Path(fqn): Path<String>, Query(q): Params| async move {
                blocking(move || s.engine.profiles("systemProfile", &fqn, &q))
                    .await
                    .map(axum::Json)
            },
        ),
    )
    .route(
        "/entity/profiles/{entity_type}",
        get(
            |State(s): State<Shared>, Path(t): Path<String>, Query(q): Params| async move {
                blocking(move || s.engine.entity_profiles(&t, &q))
                    .await
                    .map(axum::Json)
            },
        ),
    )
    .route(
        "/tables/{id}/tableProfilerConfig",
        put(
            |State(s): State<Shared>, Path(id): Path<String>, body: Body| async move {
                let body = parse_body(body)?;
                blocking(move || s.engine.profiler_config(&id, Some(&body)))
                    .await
                    .map(axum::Json)
            },
        )
        .delete(
            |State(s): State<Shared>, Path(id): Path<String>| async move {
                blocking(move || s.engine.profiler_config(&id, None))
                    .await
                    .map(axum::Json)
            },
        ),
    )
}
