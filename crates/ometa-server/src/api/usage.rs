//! Usage: how often an entity was used per day, with rolling 7- and 30-day counts and their
//! percentile ranks among entities of the same type. `POST|PUT /usage/{type}/{id}` (or
//! `/usage/{type}/name/{fqn}`) reports a day's count (`POST` replaces it, `PUT` adds to it; a
//! table's count is added to its schema and database too), `GET` the same paths reads `days` days up to
//! `date`, and `POST /usage/compute.percentile/{type}/{date}` ranks that day. The latest day is
//! the entity's `usageSummary`.

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use serde_json::{Value, json};

use crate::engine::dates::{DAY_MS, format_date, parse_date};
use crate::engine::error::ApiError;
use crate::engine::kinds;
use crate::engine::series::USAGE;
use crate::engine::{Engine, Key};
use crate::http::extract::{blocking, parse_body};
use crate::http::state::{Params, Shared};
use crate::store::timeseries::{Range, Series};
use crate::store::{Include, Stored};

/// How a reported count combines with one already recorded for the same day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    /// The report replaces the day's count (`POST`).
    Replace,
    /// The report adds to the day's count (`PUT`).
    Add,
}

fn series(s: &Stored) -> Series<'_> {
    Series {
        entity_id: &s.id,
        fqn: &s.fqn,
        extension: USAGE,
    }
}

fn count_of(record: &Value, stats: &str) -> i64 {
    record
        .pointer(&format!("/{stats}/count"))
        .and_then(Value::as_i64)
        .unwrap_or(0)
}

impl Engine {
    fn usage_target(&self, type_name: &str, key: Key) -> Result<Stored, ApiError> {
        let sk = kinds::by_type(type_name)
            .filter(|k| k.kind.fields.contains(&"usageSummary"))
            .ok_or_else(|| ApiError::bad_request(format!("{type_name} has no usage")))?;
        self.find(&sk, &key, Include::NonDeleted)
    }

    /// Records a day's usage count (`POST` replaces the day's count, `PUT` adds to it) and
    /// recomputes the rolling counts of that day. A table's usage is also added to its schema
    /// and database.
    pub fn add_usage(
        &self,
        type_name: &str,
        key: Key,
        body: &Value,
        merge: Merge,
    ) -> Result<Value, ApiError> {
        let target = self.usage_target(type_name, key)?;
        let date = body
            .get("date")
            .and_then(Value::as_str)
            .ok_or_else(|| ApiError::bad_request("date must not be null"))?;
        let count = body
            .get("count")
            .and_then(Value::as_i64)
            .filter(|c| *c >= 0)
            .ok_or_else(|| ApiError::bad_request("count must be a number ≥ 0"))?;
        let day = parse_date(date)?;
        let record = self.record_usage(&target, day, count, merge)?;
        if type_name == "table" {
            for container in ["databaseSchema", "database"] {
                let id = target
                    .json
                    .get(container)
                    .map(|r| crate::engine::text_field(r, "id"));
                if let Some(parent) = id.map(|id| self.store.get(id)).transpose()?.flatten() {
                    self.record_usage(&parent, day, count, Merge::Add)?;
                }
            }
        }
        Ok(json!({"entity": self.reference(&target), "usage": [record]}))
    }

    fn record_usage(
        &self,
        target: &Stored,
        day: i64,
        count: i64,
        merge: Merge,
    ) -> Result<Value, ApiError> {
        let window = Range {
            start: (day - 29) * DAY_MS,
            end: day * DAY_MS,
        };
        let counts: BTreeMap<i64, i64> = self
            .store
            .records(&target.fqn, USAGE, window, 30)?
            .iter()
            .filter_map(|r| {
                Some((
                    parse_date(r.get("date")?.as_str()?).ok()?,
                    count_of(r, "dailyStats"),
                ))
            })
            .collect();
        let earlier = |days: i64| {
            counts
                .range(day - days + 1..day)
                .map(|(_, c)| c)
                .sum::<i64>()
        };
        let (week, month) = (earlier(7), earlier(30));
        // The day's own count is read and added in the write transaction: concurrent PUTs of
        // one day all count.
        Ok(self.store.update_record(
            &series(target),
            day * DAY_MS,
            &format_date(day),
            move |current| {
                let count = match merge {
                    Merge::Replace => count,
                    Merge::Add => count + current.map_or(0, |r| count_of(&r, "dailyStats")),
                };
                json!({
                    "date": format_date(day),
                    "dailyStats": {"count": count},
                    "weeklyStats": {"count": count + week},
                    "monthlyStats": {"count": count + month},
                })
            },
        )?)
    }

    /// The usage of `days` days up to `date` (today by default), latest first.
    pub fn usage(
        &self,
        type_name: &str,
        key: Key,
        q: &BTreeMap<String, String>,
    ) -> Result<Value, ApiError> {
        let target = self.usage_target(type_name, key)?;
        let days = crate::http::extract::number(q, "days", 1)?.clamp(1, 30);
        let last = match q.get("date") {
            Some(d) => parse_date(d)?,
            None => crate::engine::now_ms().div_euclid(DAY_MS),
        };
        let usage = self.store.records(
            &target.fqn,
            USAGE,
            Range {
                start: (last - days + 1) * DAY_MS,
                end: last * DAY_MS,
            },
            days,
        )?;
        Ok(json!({"entity": self.reference(&target), "usage": usage}))
    }

    /// Ranks the daily, weekly and monthly counts of every entity of a type on `date`
    /// (`percentileRank`, 0 to 100, as SQL's `PERCENT_RANK` times 100).
    pub fn compute_percentile(&self, type_name: &str, date: &str) -> Result<Value, ApiError> {
        let day = parse_date(date)?;
        let key = format_date(day);
        let rows: Vec<(String, String, Value)> = self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT t.entity_id, t.entity_fqn, t.json FROM time_series t
                 JOIN entity e ON e.id = t.entity_id
                 WHERE t.extension = ?1 AND t.key = ?2 AND e.kind = ?3",
            )?;
            let rows = stmt.query_map([USAGE, key.as_str(), type_name], |r| {
                let json: String = r.get(2)?;
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    serde_json::from_str(&json).unwrap_or(Value::Null),
                ))
            })?;
            rows.collect()
        })?;
        let mut ranked: Vec<Value> = rows.iter().map(|r| r.2.clone()).collect();
        for stats in ["dailyStats", "weeklyStats", "monthlyStats"] {
            let mut counts: Vec<i64> = rows.iter().map(|r| count_of(&r.2, stats)).collect();
            counts.sort_unstable();
            let n = counts.len();
            for record in &mut ranked {
                let c = count_of(record, stats);
                let below = counts.partition_point(|x| *x < c);
                let rank = if n > 1 {
                    below as f64 * 100.0 / (n - 1) as f64
                } else {
                    0.0
                };
                record[stats]["percentileRank"] = json!(rank);
            }
        }
        for ((id, fqn, _), record) in rows.iter().zip(&ranked) {
            let s = Series {
                entity_id: id,
                fqn,
                extension: USAGE,
            };
            self.store.put_record(&s, day * DAY_MS, &key, record)?;
        }
        Ok(json!({"date": key, "entities": rows.len()}))
    }
}

/// The usage routes.
pub fn routes(api: Router<Shared>) -> Router<Shared> {
    async fn add(
        s: State<Shared>,
        t: String,
        key: Key,
        body: Result<Bytes, BytesRejection>,
        merge: Merge,
    ) -> Result<axum::Json<Value>, ApiError> {
        let body = parse_body(body)?;
        blocking(move || s.engine.add_usage(&t, key.clone(), &body, merge))
            .await
            .map(axum::Json)
    }
    async fn read(
        s: State<Shared>,
        t: String,
        key: Key,
        q: BTreeMap<String, String>,
    ) -> Result<axum::Json<Value>, ApiError> {
        blocking(move || s.engine.usage(&t, key.clone(), &q))
            .await
            .map(axum::Json)
    }
    /// GET, POST and PUT of one entity's usage, the entity named as `key` makes it.
    fn by(key: fn(String) -> Key) -> axum::routing::MethodRouter<Shared> {
        get(
            move |s: State<Shared>, Path((t, k)): Path<(String, String)>, Query(q): Params| {
                read(s, t, key(k), q)
            },
        )
        .post(
            move |s: State<Shared>, Path((t, k)): Path<(String, String)>, b| {
                add(s, t, key(k), b, Merge::Replace)
            },
        )
        .put(
            move |s: State<Shared>, Path((t, k)): Path<(String, String)>, b| {
                add(s, t, key(k), b, Merge::Add)
            },
        )
    }
    api.route("/usage/{entity_type}/{id}", by(Key::Id))
        .route("/usage/{entity_type}/name/{fqn}", by(Key::Fqn))
        .route(
            "/usage/compute.percentile/{entity_type}/{date}",
            post(
                |s: State<Shared>, Path((t, d)): Path<(String, String)>| async move {
                    blocking(move || s.engine.compute_percentile(&t, &d))
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
    fn dates_convert_both_ways() {
        for (date, days) in [
            ("1970-01-01", 0),
            ("2024-02-29", 19_782),
            ("2026-11-27", 20_784),
        ] {
            assert_eq!(parse_date(date).unwrap(), days);
            assert_eq!(format_date(days), date);
        }
        assert!(parse_date("2026-13-01").is_err());
        assert!(parse_date("yesterday").is_err());
    }
}
