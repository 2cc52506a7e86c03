//! Data insights: report data by type (what the insights pipeline writes), web analytic events,
//! the aggregated charts read from them, and KPI results. Report data and events belong to no
//! entity: their series are keyed by report type / event type. Charts are computed on read
//! from the stored report data, as the real server's search aggregations do.

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::routing::{delete, get, put};
use openmetadata_types::analytics::report_data::ReportData;
use openmetadata_types::analytics::web_analytic_event_data::WebAnalyticEventData;
use openmetadata_types::data_insight::kpi::basic::KpiResult;
use serde_json::{Value, json};

use crate::engine::dates::{DAY_MS, parse_date};
use crate::engine::error::ApiError;
use crate::engine::kinds;
use crate::engine::series::KPI_RESULT;
use crate::engine::{Engine, Key, text_field as text};
use crate::http::extract::check;
use crate::http::extract::{blocking, parse_body};
use crate::http::extract::{number, required, time_range, timestamp_segment};
use crate::http::state::{Params, Shared};
use crate::store::Include;
use crate::store::timeseries::{Range, Series, listing};

/// Series of report data (keyed by report data type).
const REPORT_DATA: &str = "analytics.reportData";
/// Series of web analytic events (keyed by event type).
const WEB_EVENT: &str = "analytics.webAnalyticEvent";

/// Report data types a request may name.
const REPORT_TYPES: &[&str] = &[
    "entityReportData",
    "webAnalyticUserActivityReportData",
    "webAnalyticEntityViewReportData",
    "rawCostAnalysisReportData",
    "aggregatedCostAnalysisReportData",
];

fn report_type(name: &str) -> Result<&'static str, ApiError> {
    REPORT_TYPES
        .iter()
        .find(|t| **t == name)
        .copied()
        .ok_or_else(|| {
            ApiError::bad_request(format!(
                "Invalid reportDataType {name}: expected one of {}",
                REPORT_TYPES.join(", ")
            ))
        })
}

fn no_entity<'a>(fqn: &'a str, extension: &'a str) -> Series<'a> {
    Series {
        entity_id: "",
        fqn,
        extension,
    }
}

fn num(v: &Value, field: &str) -> f64 {
    v.get(field).and_then(Value::as_f64).unwrap_or(0.0)
}

impl Engine {
    /// `POST /analytics/dataInsights/data`.
    fn add_report_data(&self, body: &Value) -> Result<Value, ApiError> {
        let mut record = check::<ReportData>("report data", body)?;
        let kind = report_type(text(&record, "reportDataType"))?;
        if record.get("id").is_none() {
            record["id"] = json!(uuid::Uuid::new_v4().to_string());
        }
        let ts = record["timestamp"].as_i64().unwrap_or_default();
        let key = text(&record, "id").to_string();
        self.store
            .put_record(&no_entity(kind, REPORT_DATA), ts, &key, &record)?;
        Ok(record)
    }

    fn report_data(&self, kind: &str, range: Range) -> Result<Vec<Value>, ApiError> {
        Ok(self
            .store
            .records(report_type(kind)?, REPORT_DATA, range, i64::MAX)?)
    }

    /// `DELETE /analytics/dataInsights/data/{type}[/{date}]`.
    fn delete_report_data(&self, kind: &str, date: Option<&str>) -> Result<Value, ApiError> {
        let range = match date {
            Some(d) => {
                let start = parse_date(d)? * DAY_MS;
                Range {
                    start,
                    end: start + DAY_MS - 1,
                }
            }
            None => Range::ALL,
        };
        let deleted = self
            .store
            .delete_records(report_type(kind)?, REPORT_DATA, range)?;
        Ok(json!({"deleted": deleted}))
    }

    /// `PUT /analytics/web/events/collect`.
    fn add_web_event(&self, body: &Value) -> Result<Value, ApiError> {
        let mut event = check::<WebAnalyticEventData>("web analytic event", body)?;
        if event.get("eventId").is_none() {
            event["eventId"] = json!(uuid::Uuid::new_v4().to_string());
        }
        let ts = event["timestamp"].as_i64().unwrap_or_default();
        let (kind, key) = (text(&event, "eventType"), text(&event, "eventId"));
        self.store
            .put_record(&no_entity(kind, WEB_EVENT), ts, key, &event)?;
        Ok(event)
    }

    /// `PUT /kpi/{fqn}/kpiResult`.
    fn add_kpi_result(&self, fqn: &str, body: &Value) -> Result<Value, ApiError> {
        let kpi = self.find(
            &kinds::required("kpi")?,
            &Key::Fqn(fqn.to_string()),
            Include::NonDeleted,
        )?;
        let mut result = check::<KpiResult>("KPI result", body)?;
        result["kpiFqn"] = json!(kpi.fqn);
        let ts = result["timestamp"].as_i64().unwrap_or_default();
        let series = Series {
            entity_id: &kpi.id,
            fqn: &kpi.fqn,
            extension: KPI_RESULT,
        };
        self.store.put_record(&series, ts, "", &result)?;
        Ok(result)
    }

    /// `GET /kpi/{fqn}/kpiResult?startTs&endTs[&orderBy=ASC|DESC]`.
    fn kpi_results(&self, fqn: &str, q: &BTreeMap<String, String>) -> Result<Value, ApiError> {
        let kpi = self.find(
            &kinds::required("kpi")?,
            &Key::Fqn(fqn.to_string()),
            Include::All,
        )?;
        let mut data = self
            .store
            .records(&kpi.fqn, KPI_RESULT, time_range(q)?, i64::MAX)?;
        match q.get("orderBy").map(|o| o.to_ascii_uppercase()).as_deref() {
            None | Some("DESC") => {}
            Some("ASC") => data.reverse(),
            Some(other) => {
                return Err(ApiError::bad_request(format!(
                    "orderBy must be ASC or DESC, got {other}"
                )));
            }
        }
        Ok(listing(data))
    }

    /// `GET /analytics/dataInsights/charts/aggregate`: one of the charts of
    /// `DataInsightChartType`, over the report data of the time range.
    fn aggregate_chart(&self, q: &BTreeMap<String, String>) -> Result<Value, ApiError> {
        let chart = required(q, "dataInsightChartName")?;
        let range = Range {
            start: number(q, "startTs", i64::MIN)?,
            end: number(q, "endTs", i64::MAX)?,
        };
        let source = match chart {
            "DailyActiveUsers" | "MostActiveUsers" => "webAnalyticUserActivityReportData",
            "MostViewedEntities" | "PageViewsByEntities" => "webAnalyticEntityViewReportData",
            "UnusedAssets" => "rawCostAnalysisReportData",
            "AggregatedUnusedAssetsSize"
            | "AggregatedUnusedAssetsCount"
            | "AggregatedUsedVsUnusedAssetsSize"
            | "AggregatedUsedVsUnusedAssetsCount" => "aggregatedCostAnalysisReportData",
            other => {
                return Err(ApiError::bad_request(format!(
                    "Invalid dataInsightChartName {other}"
                )));
            }
        };
        let records: Vec<(i64, Value)> = self
            .report_data(source, range)?
            .into_iter()
            .rev()
            .map(|r| {
                let ts = r["timestamp"].as_i64().unwrap_or_default();
                (ts, r.get("data").cloned().unwrap_or(Value::Null))
            })
            .collect();
        let data = chart_data(chart, &records, range.end);
        Ok(json!({"chartType": chart, "total": data.len(), "data": data}))
    }
}

/// Sums `fields` of `records` grouped by `key`, in first-seen order of the keys.
fn sum_by(
    records: &[(i64, Value)],
    key: impl Fn(i64, &Value) -> String,
    fields: &[&str],
) -> Vec<(String, Vec<f64>, Value)> {
    let mut groups: Vec<(String, Vec<f64>, Value)> = Vec::new();
    for (ts, r) in records {
        let k = key(*ts, r);
        let at = match groups.iter().position(|g| g.0 == k) {
            Some(i) => i,
            None => {
                groups.push((k, vec![0.0; fields.len()], r.clone()));
                groups.len() - 1
            }
        };
        for (i, f) in fields.iter().enumerate() {
            groups[at].1[i] += num(r, f);
        }
    }
    groups
}

/// Sums the per-age values (`threeDays` ... `sixtyDays`) of one part of the cost report.
fn sum_ages(records: &[&Value], part: &str, measure: &str) -> Value {
    let mut out = serde_json::Map::new();
    for age in [
        "threeDays",
        "sevenDays",
        "fourteenDays",
        "thirtyDays",
        "sixtyDays",
    ] {
        let total: f64 = records
            .iter()
            .filter_map(|r| r.pointer(&format!("/{part}/{measure}/{age}")))
            .filter_map(Value::as_f64)
            .sum();
        out.insert(age.into(), json!(total));
    }
    Value::Object(out)
}

fn chart_data(chart: &str, records: &[(i64, Value)], end: i64) -> Vec<Value> {
    match chart {
        "DailyActiveUsers" => sum_by(records, |ts, _| ts.to_string(), &[])
            .into_iter()
            .map(|(ts, _, _)| {
                let ts: i64 = ts.parse().unwrap_or_default();
                let users: std::collections::BTreeSet<&str> = records
                    .iter()
                    .filter(|(t, _)| *t == ts)
                    .map(|(_, r)| text(r, "userId"))
                    .collect();
                json!({"timestamp": ts, "activeUsers": users.len()})
            })
            .collect(),
        "MostActiveUsers" => {
            let mut users = sum_by(
                records,
                |_, r| text(r, "userName").to_string(),
                &["totalSessions", "totalSessionDuration", "totalPageView"],
            );
            users.sort_by(|a, b| b.1[0].total_cmp(&a.1[0]));
            users
                .into_iter()
                .map(|(name, sums, first)| {
                    let last = records
                        .iter()
                        .filter(|(_, r)| text(r, "userName") == name)
                        .filter_map(|(_, r)| r.get("lastSession").and_then(Value::as_i64))
                        .max();
                    let average = if sums[0] > 0.0 {
                        sums[1] / sums[0]
                    } else {
                        0.0
                    };
                    json!({
                        "userName": name, "team": first.get("team"), "lastSession": last,
                        "sessions": sums[0], "sessionDuration": sums[1],
                        "avgSessionDuration": average, "pageViews": sums[2]
                    })
                })
                .collect()
        }
        "MostViewedEntities" => {
            let mut entities = sum_by(records, |_, r| text(r, "entityFqn").to_string(), &["views"]);
            entities.sort_by(|a, b| b.1[0].total_cmp(&a.1[0]));
            entities
                .into_iter()
                .map(|(fqn, sums, first)| {
                    json!({
                        "entityFqn": fqn, "entityHref": first.get("entityHref"),
                        "owner": first.get("owner"), "entityType": first.get("entityType"),
                        "pageViews": sums[0]
                    })
                })
                .collect()
        }
        "PageViewsByEntities" => sum_by(
            records,
            |ts, r| format!("{ts}\u{0}{}", text(r, "entityType")),
            &["views"],
        )
        .into_iter()
        .map(|(key, sums, first)| {
            let ts: i64 = key
                .split('\u{0}')
                .next()
                .and_then(|t| t.parse().ok())
                .unwrap_or_default();
            json!({"timestamp": ts, "entityType": first.get("entityType"), "pageViews": sums[0]})
        })
        .collect(),
        "UnusedAssets" => records
            .iter()
            .filter_map(|(_, r)| {
                let accessed = r
                    .pointer("/lifeCycle/accessed/timestamp")
                    .and_then(Value::as_i64);
                let unused = accessed.is_none_or(|t| t < end.saturating_sub(30 * DAY_MS));
                unused.then(|| {
                    json!({
                        "entity": r.get("entity"), "sizeInBytes": r.get("sizeInByte"),
                        "lastAccessedAt": accessed
                    })
                })
            })
            .collect(),
        _ => {
            let by_day = sum_by(records, |ts, _| ts.to_string(), &[]);
            by_day
                .into_iter()
                .map(|(ts, _, _)| {
                    let ts: i64 = ts.parse().unwrap_or_default();
                    let day: Vec<&Value> = records
                        .iter()
                        .filter(|(t, _)| *t == ts)
                        .map(|(_, r)| r)
                        .collect();
                    cost_point(chart, ts, &day)
                })
                .collect()
        }
    }
}

/// One point of the cost-analysis charts from the aggregated cost reports of one day.
fn cost_point(chart: &str, ts: i64, day: &[&Value]) -> Value {
    let measure = if chart.ends_with("Size") {
        "size"
    } else {
        "count"
    };
    if chart.starts_with("AggregatedUnusedAssets") {
        return json!({
            "timestamp": ts,
            "unusedDataAssets": sum_ages(day, "unusedDataAssets", measure),
            "frequentlyUsedDataAssets": sum_ages(day, "frequentlyUsedDataAssets", measure),
        });
    }
    let total = if measure == "size" {
        "totalSize"
    } else {
        "totalCount"
    };
    let sum = |part: &str| -> f64 {
        day.iter()
            .filter_map(|r| r.pointer(&format!("/{part}/{total}")))
            .filter_map(Value::as_f64)
            .sum()
    };
    let (unused, used) = (sum("unusedDataAssets"), sum("frequentlyUsedDataAssets"));
    let all = unused + used;
    let share = |x: f64| if all > 0.0 { x / all } else { 0.0 };
    json!({
        "timestamp": ts, "Unused": unused, "Used": used,
        "unusedPercentage": share(unused), "usedPercentage": share(used)
    })
}

type Body = Result<Bytes, BytesRejection>;

/// The data-insight, web-analytics and KPI-result routes.
pub fn routes(api: Router<Shared>) -> Router<Shared> {
    api.route(
        "/analytics/dataInsights/data",
        get(|State(s): State<Shared>, Query(q): Params| async move {
            blocking(move || {
                let kind = required(&q, "reportDataType")?;
                s.engine.report_data(kind, time_range(&q)?).map(listing)
            })
            .await
            .map(axum::Json)
        })
        .post(|State(s): State<Shared>, body: Body| async move {
            let body = parse_body(body)?;
            blocking(move || s.engine.add_report_data(&body))
                .await
                .map(axum::Json)
        }),
    )
    .route(
        "/analytics/dataInsights/data/{kind}",
        delete(
            |State(s): State<Shared>, Path(kind): Path<String>| async move {
                blocking(move || s.engine.delete_report_data(&kind, None))
                    .await
                    .map(axum::Json)
            },
        ),
    )
    .route(
        "/analytics/dataInsights/data/{kind}/{date}",
        delete(
            |State(s): State<Shared>, Path((kind, date)): Path<(String, String)>| async move {
                blocking(move || s.engine.delete_report_data(&kind, Some(&date)))
                    .await
                    .map(axum::Json)
            },
        ),
    )
    .route(
        "/analytics/dataInsights/charts/aggregate",
        get(|State(s): State<Shared>, Query(q): Params| async move {
            blocking(move || s.engine.aggregate_chart(&q))
                .await
                .map(axum::Json)
        }),
    )
    .route(
        "/analytics/web/events/collect",
        put(|State(s): State<Shared>, body: Body| async move {
            let body = parse_body(body)?;
            blocking(move || s.engine.add_web_event(&body))
                .await
                .map(axum::Json)
        })
        .get(|State(s): State<Shared>, Query(q): Params| async move {
            blocking(move || {
                let kind = required(&q, "eventType")?.to_string();
                let range = time_range(&q)?;
                let records = s.engine.store.records(&kind, WEB_EVENT, range, i64::MAX)?;
                Ok(listing(records))
            })
            .await
            .map(axum::Json)
        }),
    )
    .route(
        "/analytics/web/events/{kind}/{ts}/collect",
        delete(
            |State(s): State<Shared>, Path((kind, ts)): Path<(String, String)>| async move {
                let before = timestamp_segment(&ts)?;
                blocking(move || {
                    let range = Range {
                        start: i64::MIN,
                        end: before - 1,
                    };
                    let deleted = s.engine.store.delete_records(&kind, WEB_EVENT, range)?;
                    Ok(json!({"deleted": deleted}))
                })
                .await
                .map(axum::Json)
            },
        ),
    )
    .route(
        "/kpi/{fqn}/kpiResult",
        put(
            |State(s): State<Shared>, Path(fqn): Path<String>, body: Body| async move {
                let body = parse_body(body)?;
                blocking(move || s.engine.add_kpi_result(&fqn, &body))
                    .await
                    .map(axum::Json)
            },
        )
        .get(
            |State(s): State<Shared>, Path(fqn): Path<String>, Query(q): Params| async move {
                blocking(move || s.engine.kpi_results(&fqn, &q))
                    .await
                    .map(axum::Json)
            },
        ),
    )
    .route(
        "/kpi/{fqn}/latestKpiResult",
        get(
            |State(s): State<Shared>, Path(fqn): Path<String>| async move {
                blocking(move || {
                    let kpi = s.engine.find(
                        &kinds::required("kpi")?,
                        &Key::Fqn(fqn.clone()),
                        Include::All,
                    )?;
                    s.engine
                        .store
                        .latest_record(&kpi.fqn, KPI_RESULT)?
                        .ok_or_else(|| ApiError::not_found("kpiResult", &fqn))
                })
                .await
                .map(axum::Json)
            },
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn daily_active_users_counts_distinct_users_per_day() {
        let records = vec![
            (
                1,
                json!({"userId": "a", "userName": "ann", "totalSessions": 2}),
            ),
            (
                1,
                json!({"userId": "b", "userName": "bob", "totalSessions": 1}),
            ),
            (
                2,
                json!({"userId": "a", "userName": "ann", "totalSessions": 3}),
            ),
        ];
        let data = chart_data("DailyActiveUsers", &records, 0);
        assert_eq!(
            data,
            vec![
                json!({"timestamp": 1, "activeUsers": 2}),
                json!({"timestamp": 2, "activeUsers": 1})
            ]
        );
        let active = chart_data("MostActiveUsers", &records, 0);
        assert_eq!(active[0]["userName"], "ann");
        assert_eq!(active[0]["sessions"], 5.0);
    }

    #[test]
    fn used_and_unused_shares_add_up() {
        let day = json!({"unusedDataAssets": {"totalCount": 1.0}, "frequentlyUsedDataAssets": {"totalCount": 3.0}});
        let point = cost_point("AggregatedUsedVsUnusedAssetsCount", 5, &[&day]);
        assert_eq!(point["Unused"], 1.0);
        assert_eq!(point["usedPercentage"], 0.75);
    }
}
