//! What a table carries beside its definition and profiles: joins with other tables and
//! columns (daily counts, both directions, the last 30 days summed on read), the data model of
//! a transformation tool, custom metrics, pipeline observability, and the paged column listing.
//! None of these makes a new version of the table.

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::routing::{delete, get, put};
use openmetadata_types::api::tests::create_custom_metric::CreateCustomMetricRequest;
use openmetadata_types::entity::data::table::{DataModel, TableJoins};
use openmetadata_types::type_::pipeline_observability::PipelineObservability;
use serde_json::{Value, json};

use crate::engine::dates::{DAY_MS, format_date, parse_date};
use crate::engine::error::ApiError;
use crate::engine::fqn;
use crate::engine::kinds;
use crate::engine::{Caller, Engine, Key, now_ms, text_field as text};
use crate::http::extract::check;
use crate::http::extract::number;
use crate::http::extract::{blocking, parse_body};
use crate::http::state::{Params, Shared};
use crate::store::timeseries::{Range, Record};
use crate::store::{Include, Stored};

/// Series of column joins (one record per column, joined column and day).
const COLUMN_JOIN: &str = "table.joinedWith.column";
/// Series of direct table joins (one record per joined table and day).
const TABLE_JOIN: &str = "table.joinedWith.table";
/// How many days of joins a table reports.
const JOIN_DAYS: i64 = 30;

fn has_column(table: &Stored, column: &str) -> bool {
    table
        .json
        .get("columns")
        .and_then(Value::as_array)
        .is_some_and(|cols| cols.iter().any(|c| text(c, "name") == column))
}

fn invalid_column(column: &str) -> ApiError {
    ApiError::bad_request(format!("Invalid column name {column}"))
}

fn join_record(
    from: &Stored,
    extension: &str,
    ts: i64,
    column: &str,
    with: &str,
    count: i64,
) -> Record {
    Record {
        entity_id: from.id.clone(),
        fqn: from.fqn.clone(),
        extension: extension.to_string(),
        ts,
        key: format!("{column}\u{1}{with}"),
        json: json!({"column": column, "with": with, "count": count}).to_string(),
    }
}

impl Engine {
    fn table(&self, key: Key) -> Result<Stored, ApiError> {
        self.find(&kinds::required("table")?, &key, Include::NonDeleted)
    }

    /// `PUT /tables/{id}/joins`: the day's counts, recorded on both sides of every join.
    fn add_joins(&self, id: &str, body: &Value) -> Result<Value, ApiError> {
        let table = self.table(Key::Id(id.to_string()))?;
        let joins = check::<TableJoins>("table joins", body)?;
        let today = now_ms().div_euclid(DAY_MS);
        let day = match joins.get("startDate").and_then(Value::as_str) {
            Some(d) => parse_date(d)?,
            None => today,
        };
        if day > today || day < today - JOIN_DAYS {
            return Err(ApiError::bad_request(
                "Date range can only include past 30 days starting today",
            ));
        }
        let ts = day * DAY_MS;
        let mut records = Vec::new();
        for column_joins in joins
            .get("columnJoins")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let column = text(column_joins, "columnName");
            if !has_column(&table, column) {
                return Err(invalid_column(column));
            }
            let column_fqn = fqn::child(Some(&table.fqn), column)?;
            for joined in column_joins
                .get("joinedWith")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let with = text(joined, "fullyQualifiedName");
                let (other_fqn, other_column) = fqn::split_last(with)
                    .ok_or_else(|| ApiError::bad_request(format!("Invalid column FQN {with}")))?;
                let other = self.table(Key::Fqn(other_fqn.to_string()))?;
                if !has_column(&other, &other_column) {
                    return Err(invalid_column(&other_column));
                }
                let count = joined["joinCount"].as_i64().unwrap_or_default();
                records.push(join_record(&table, COLUMN_JOIN, ts, column, with, count));
                records.push(join_record(
                    &other,
                    COLUMN_JOIN,
                    ts,
                    &other_column,
                    &column_fqn,
                    count,
                ));
            }
        }
        for joined in joins
            .get("directTableJoins")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let other = self.table(Key::Fqn(text(joined, "fullyQualifiedName").to_string()))?;
            let count = joined["joinCount"].as_i64().unwrap_or_default();
            records.push(join_record(&table, TABLE_JOIN, ts, "", &other.fqn, count));
            records.push(join_record(&other, TABLE_JOIN, ts, "", &table.fqn, count));
        }
        self.store.put_records(records)?;
        let mut out = self.with_field(&kinds::required("table")?, &table, "joins")?;
        out["joins"] = self.joins(&table)?;
        Ok(out)
    }

    /// The `joins` field: the last 30 days' counts, summed per joined column and table.
    pub(crate) fn joins(&self, table: &Stored) -> Result<Value, ApiError> {
        let start = now_ms().div_euclid(DAY_MS) - JOIN_DAYS;
        let range = Range {
            start: start * DAY_MS,
            end: i64::MAX,
        };
        let sums = |extension: &str| -> Result<BTreeMap<(String, String), i64>, ApiError> {
            let mut sums = BTreeMap::new();
            for r in self.store.records(&table.fqn, extension, range, i64::MAX)? {
                let key = (text(&r, "column").to_string(), text(&r, "with").to_string());
                *sums.entry(key).or_insert(0) += r["count"].as_i64().unwrap_or_default();
            }
            Ok(sums)
        };
        let mut columns: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for ((column, with), count) in sums(COLUMN_JOIN)? {
            columns
                .entry(column)
                .or_default()
                .push(json!({"fullyQualifiedName": with, "joinCount": count}));
        }
        let column_joins: Vec<Value> = columns
            .into_iter()
            .map(|(c, with)| json!({"columnName": c, "joinedWith": with}))
            .collect();
        let direct: Vec<Value> = sums(TABLE_JOIN)?
            .into_iter()
            .map(|((_, with), count)| json!({"fullyQualifiedName": with, "joinCount": count}))
            .collect();
        Ok(json!({
            "startDate": format_date(start),
            "dayCount": JOIN_DAYS,
            "columnJoins": column_joins,
            "directTableJoins": direct,
        }))
    }

    /// `PUT /tables/{id}/dataModel`: columns without a description take the model's, and
    /// gain the model's tags.
    fn add_data_model(&self, id: &str, body: &Value) -> Result<Value, ApiError> {
        let mut table = self.table(Key::Id(id.to_string()))?;
        let model = check::<DataModel>("data model", body)?;
        if text(&table.json, "description").is_empty()
            && let Some(d) = model.get("description").filter(|d| !d.is_null())
        {
            table.json["description"] = d.clone();
        }
        let model_columns = model.get("columns").and_then(Value::as_array);
        if let (Some(Value::Array(columns)), Some(model_columns)) =
            (table.json.get_mut("columns"), model_columns)
        {
            for column in columns {
                let Some(from) = model_columns
                    .iter()
                    .find(|m| text(m, "name") == text(column, "name"))
                else {
                    continue;
                };
                if text(column, "description").is_empty()
                    && let Some(d) = from.get("description").filter(|d| !d.is_null())
                {
                    column["description"] = d.clone();
                }
                for tag in from
                    .get("tags")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let tags = column
                        .as_object_mut()
                        .map(|o| o.entry("tags").or_insert_with(|| json!([])));
                    if let Some(Value::Array(tags)) = tags
                        && !tags.iter().any(|t| t["tagFQN"] == tag["tagFQN"])
                    {
                        tags.push(tag.clone());
                    }
                }
            }
        }
        let table = self.set_attachment(table, "dataModel", Some(model))?;
        self.with_field(&kinds::required("table")?, &table, "dataModel")
    }

    /// `PUT /tables/{id}/customMetric`: adds or replaces (by name) a metric of the table, or
    /// of one of its columns when the request names a column.
    fn put_custom_metric(
        &self,
        id: &str,
        body: &Value,
        caller: &Caller,
    ) -> Result<Value, ApiError> {
        let mut table = self.table(Key::Id(id.to_string()))?;
        let request = check::<CreateCustomMetricRequest>("custom metric", body)?;
        let name = text(&request, "name").to_string();
        let mut metric = request.clone();
        metric["updatedAt"] = json!(now_ms());
        metric["updatedBy"] = json!(caller.name);
        let list = self.metric_list(
            &mut table,
            request.get("columnName").and_then(Value::as_str),
        )?;
        match list.iter_mut().find(|m| text(m, "name") == name) {
            Some(existing) => {
                metric["id"] = existing["id"].clone();
                *existing = metric;
            }
            None => {
                metric["id"] = json!(uuid::Uuid::new_v4().to_string());
                list.push(metric);
            }
        }
        self.store_quietly(&table)?;
        self.present(
            &kinds::required("table")?,
            &table,
            &crate::engine::Fields::parse(Some("customMetrics")),
        )
    }

    /// `DELETE /tables/{id}/customMetric[/{column}]/{name}`.
    fn delete_custom_metric(
        &self,
        id: &str,
        column: Option<&str>,
        name: &str,
    ) -> Result<Value, ApiError> {
        let mut table = self.table(Key::Id(id.to_string()))?;
        let list = self.metric_list(&mut table, column)?;
        let before = list.len();
        list.retain(|m| text(m, "name") != name);
        if list.len() == before {
            return Err(ApiError::new(
                axum::http::StatusCode::NOT_FOUND,
                format!("Failed to find custom metric {name}"),
            ));
        }
        self.store_quietly(&table)?;
        self.present(
            &kinds::required("table")?,
            &table,
            &crate::engine::Fields::parse(Some("customMetrics")),
        )
    }

    /// The custom metrics of a table, or of one of its columns.
    fn metric_list<'a>(
        &self,
        table: &'a mut Stored,
        column: Option<&str>,
    ) -> Result<&'a mut Vec<Value>, ApiError> {
        let holder = match column {
            None => &mut table.json,
            Some(c) => table
                .json
                .get_mut("columns")
                .and_then(Value::as_array_mut)
                .and_then(|cols| cols.iter_mut().find(|x| text(x, "name") == c))
                .ok_or_else(|| invalid_column(c))?,
        };
        let list = holder
            .as_object_mut()
            .map(|o| o.entry("customMetrics").or_insert_with(|| json!([])));
        match list {
            Some(Value::Array(items)) => Ok(items),
            _ => Err(ApiError::internal("customMetrics is not a list")),
        }
    }

    /// `PUT /tables/{id}/pipelineObservability[/{pipelineFqn}]`: adds or replaces (by
    /// pipeline) what a pipeline reports about the table.
    fn add_observability(
        &self,
        id: &str,
        items: Vec<Value>,
        pipeline_fqn: Option<String>,
    ) -> Result<Value, ApiError> {
        let mut table = self.table(Key::Id(id.to_string()))?;
        let mut list: Vec<Value> = table
            .json
            .get("pipelineObservability")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for mut item in items {
            // The pipeline may be named by FQN (or by the path); it is stored as a reference.
            let named = match &pipeline_fqn {
                Some(fqn) => json!(fqn),
                None => item.get("pipeline").cloned().ok_or_else(|| {
                    ApiError::bad_request(
                        "Invalid pipeline observability: missing field `pipeline`",
                    )
                })?,
            };
            let pipeline = self.resolve(&named, &["pipeline"])?;
            if !item.is_object() {
                return Err(ApiError::bad_request(
                    "Invalid pipeline observability: not an object",
                ));
            }
            item["pipeline"] = self.reference(&pipeline);
            let item = check::<PipelineObservability>("pipeline observability", &item)?;
            list.retain(|o| o.pointer("/pipeline/id") != item.pointer("/pipeline/id"));
            list.push(item);
        }
        table.json["pipelineObservability"] = Value::Array(list);
        self.store_quietly(&table)?;
        self.with_field(&kinds::required("table")?, &table, "pipelineObservability")
    }

    /// `GET /tables/{id|name/fqn}/columns?limit&offset`: a page of the table's columns.
    fn columns_page(&self, key: Key, q: &BTreeMap<String, String>) -> Result<Value, ApiError> {
        let sk = kinds::required("table")?;
        let include = Include::parse(q.get("include").map(String::as_str))?;
        let table = self.find(&sk, &key, include)?;
        let limit = number(q, "limit", 50)?;
        let offset = number(q, "offset", 0)?;
        if !(0..=1000).contains(&limit) || offset < 0 {
            return Err(ApiError::bad_request(
                "limit must be between 0 and 1000 and offset must not be negative",
            ));
        }
        let columns = table
            .json
            .get("columns")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let total = columns.len();
        let page: Vec<Value> = columns
            .into_iter()
            .skip(offset as usize)
            .take(limit as usize)
            .collect();
        Ok(json!({"data": page, "paging": {"offset": offset, "limit": limit, "total": total}}))
    }
}

type Body = Result<Bytes, BytesRejection>;

fn array(body: Value) -> Result<Vec<Value>, ApiError> {
    match body {
        Value::Array(items) => Ok(items),
        _ => Err(ApiError::bad_request("the body must be a JSON array")),
    }
}

/// The table routes of this module.
pub fn routes(api: Router<Shared>) -> Router<Shared> {
    api.route(
        "/tables/{id}/joins",
        put(
            |State(s): State<Shared>, Path(id): Path<String>, body: Body| async move {
                let body = parse_body(body)?;
                blocking(move || s.engine.add_joins(&id, &body))
                    .await
                    .map(axum::Json)
            },
        ),
    )
    .route(
        "/tables/{id}/dataModel",
        put(
            |State(s): State<Shared>, Path(id): Path<String>, body: Body| async move {
                let body = parse_body(body)?;
                blocking(move || s.engine.add_data_model(&id, &body))
                    .await
                    .map(axum::Json)
            },
        ),
    )
    .route(
        "/tables/{id}/customMetric",
        put(
            |State(s): State<Shared>,
             axum::Extension(caller): axum::Extension<Caller>,
             Path(id): Path<String>,
             body: Body| async move {
                let body = parse_body(body)?;
                blocking(move || s.engine.put_custom_metric(&id, &body, &caller))
                    .await
                    .map(axum::Json)
            },
        ),
    )
    .route(
        "/tables/{id}/customMetric/{name}",
        delete(
            |State(s): State<Shared>, Path((id, name)): Path<(String, String)>| async move {
                blocking(move || s.engine.delete_custom_metric(&id, None, &name))
                    .await
                    .map(axum::Json)
            },
        ),
    )
    .route(
        "/tables/{id}/customMetric/{column}/{name}",
        delete(
            |State(s): State<Shared>,
             Path((id, column, name)): Path<(String, String, String)>| async move {
                blocking(move || s.engine.delete_custom_metric(&id, Some(&column), &name))
                    .await
                    .map(axum::Json)
            },
        ),
    )
    .route(
        "/tables/{id}/pipelineObservability",
        put(
            |State(s): State<Shared>, Path(id): Path<String>, body: Body| async move {
                let items = array(parse_body(body)?)?;
                blocking(move || s.engine.add_observability(&id, items.clone(), None))
                    .await
                    .map(axum::Json)
            },
        ),
    )
    .route(
        "/tables/{id}/pipelineObservability/{pipeline}",
        put(
            |State(s): State<Shared>,
             Path((id, pipeline)): Path<(String, String)>,
             body: Body| async move {
                let body = parse_body(body)?;
                blocking(move || s.engine.add_observability(&id, vec![body.clone()], Some(pipeline.clone())))
                    .await
                    .map(axum::Json)
            },
        ),
    )
    .route(
        "/tables/{id}/columns",
        get(
            |State(s): State<Shared>, Path(id): Path<String>, Query(q): Params| async move {
                blocking(move || s.engine.columns_page(Key::Id(id.clone()), &q))
                    .await
                    .map(axum::Json)
            },
        ),
    )
    .route(
        "/tables/name/{fqn}/columns",
        get(
            |State(s): State<Shared>, Path(fqn): Path<String>, Query(q): Params| async move {
                blocking(move || s.engine.columns_page(Key::Fqn(fqn.clone()), &q))
                    .await
                    .map(axum::Json)
            },
        ),
    )
}
