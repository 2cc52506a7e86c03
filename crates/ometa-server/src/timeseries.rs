//! Time-series records attached to entities (pipeline statuses, test case results, profiles):
//! one row per (entity FQN, extension, timestamp, key), newest first on reads.

use std::collections::BTreeMap;

use rusqlite::params;
use serde_json::{Value, json};

use crate::error::ApiError;
use crate::store::Store;

/// Where a record belongs.
#[derive(Debug, Clone)]
pub struct Series<'a> {
    /// Id of the owning entity (the record goes when the entity is hard-deleted).
    pub entity_id: &'a str,
    /// FQN the records are read by (an entity's, or a column's).
    pub fqn: &'a str,
    /// Which series (`pipeline.pipelineStatus`, `testCase.testCaseResult`, ...).
    pub extension: &'a str,
}

/// A time range, in milliseconds since the epoch, both ends included.
#[derive(Debug, Clone, Copy)]
pub struct Range {
    /// Start.
    pub start: i64,
    /// End.
    pub end: i64,
}

impl Range {
    /// All of time.
    pub const ALL: Range = Range {
        start: i64::MIN,
        end: i64::MAX,
    };

    /// `startTs` / `endTs` of a query (each defaults to the open end).
    pub fn from_query(q: &BTreeMap<String, String>) -> Result<Range, ApiError> {
        Ok(Range {
            start: number(q, "startTs", i64::MIN)?,
            end: number(q, "endTs", i64::MAX)?,
        })
    }
}

/// A numeric query parameter, or `default` when absent.
pub fn number(q: &BTreeMap<String, String>, name: &str, default: i64) -> Result<i64, ApiError> {
    q.get(name).map_or(Ok(default), |v| {
        v.parse()
            .map_err(|_| ApiError::bad_request(format!("{name} must be a number, got {v}")))
    })
}

/// The answer of a series listing: `{data, paging: {total}}`.
pub fn listing(data: Vec<Value>) -> Value {
    json!({"paging": {"total": data.len()}, "data": data})
}

impl Store {
    /// The newest record of a series, if any.
    pub fn latest_record(&self, fqn: &str, extension: &str) -> Result<Option<Value>, ApiError> {
        Ok(self
            .records(fqn, extension, Range::ALL, 1)?
            .into_iter()
            .next())
    }

    /// Stores a record, replacing one at the same timestamp and key.
    pub fn put_record(
        &self,
        series: &Series,
        ts: i64,
        key: &str,
        record: &Value,
    ) -> Result<(), ApiError> {
        let row = (
            series.entity_id.to_string(),
            series.fqn.to_string(),
            series.extension.to_string(),
            ts,
            key.to_string(),
            record.to_string(),
        );
        self.write(move |c| {
            c.execute(
                "INSERT OR REPLACE INTO time_series (entity_id, entity_fqn, extension, ts, key, json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![row.0, row.1, row.2, row.3, row.4, row.5],
            )?;
            Ok(())
        })
    }

    /// Records of a series in a time range, newest first, at most `limit`.
    pub fn records(
        &self,
        fqn: &str,
        extension: &str,
        range: Range,
        limit: i64,
    ) -> Result<Vec<Value>, ApiError> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT json FROM time_series
                 WHERE entity_fqn = ?1 AND extension = ?2 AND ts >= ?3 AND ts <= ?4
                 ORDER BY ts DESC, key LIMIT ?5",
            )?;
            let rows = stmt.query_map(
                params![fqn, extension, range.start, range.end, limit],
                |r| r.get::<_, String>(0),
            )?;
            rows.map(|r| r.map(|j| serde_json::from_str(&j).unwrap_or(Value::Null)))
                .collect()
        })
    }

    /// One record of a series by its key (a run id).
    pub fn record_by_key(
        &self,
        fqn: &str,
        extension: &str,
        key: &str,
    ) -> Result<Option<Value>, ApiError> {
        self.read(|c| {
            use rusqlite::OptionalExtension;
            c.query_row(
                "SELECT json FROM time_series WHERE entity_fqn = ?1 AND extension = ?2 AND key = ?3
                 ORDER BY ts DESC LIMIT 1",
                params![fqn, extension, key],
                |r| r.get::<_, String>(0),
            )
            .optional()
            .map(|j| j.map(|j| serde_json::from_str(&j).unwrap_or(Value::Null)))
        })
    }
}
