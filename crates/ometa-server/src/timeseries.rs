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

/// One record to store: its series, timestamp, key and JSON text.
#[derive(Debug, Clone)]
pub struct Record {
    /// Id of the owning entity.
    pub entity_id: String,
    /// FQN the record is read by.
    pub fqn: String,
    /// Which series.
    pub extension: String,
    /// Timestamp (milliseconds since the epoch).
    pub ts: i64,
    /// Key within the timestamp (a run id, a column).
    pub key: String,
    /// The record.
    pub json: String,
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

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// Days since 1970-01-01 of a `YYYY-MM-DD` date.
pub fn parse_date(date: &str) -> Result<i64, ApiError> {
    let bad = || ApiError::bad_request(format!("date must be YYYY-MM-DD, got {date}"));
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    let (y, m, d): (i64, i64, i64) = (
        y.parse().map_err(|_| bad())?,
        m.parse().map_err(|_| bad())?,
        d.parse().map_err(|_| bad())?,
    );
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(bad());
    }
    Ok(days_from_civil(y, m, d))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (after H. Hinnant).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The `YYYY-MM-DD` of days since 1970-01-01.
pub fn format_date(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The (year, month, day) of days since 1970-01-01, the inverse of [`days_from_civil`].
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

impl Series<'_> {
    /// A record of this series.
    pub fn record(&self, ts: i64, key: &str, value: &Value) -> Record {
        Record {
            entity_id: self.entity_id.to_string(),
            fqn: self.fqn.to_string(),
            extension: self.extension.to_string(),
            ts,
            key: key.to_string(),
            json: value.to_string(),
        }
    }
}

/// Writes records in the caller's transaction, each replacing one at the same timestamp and key.
pub fn insert_records(c: &rusqlite::Connection, records: &[Record]) -> rusqlite::Result<()> {
    let mut stmt = c.prepare_cached(
        "INSERT OR REPLACE INTO time_series (entity_id, entity_fqn, extension, ts, key, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for r in records {
        stmt.execute(params![
            r.entity_id,
            r.fqn,
            r.extension,
            r.ts,
            r.key,
            r.json
        ])?;
    }
    Ok(())
}

fn delete_keyed(
    c: &rusqlite::Connection,
    fqn: &str,
    extension: &str,
    key: &str,
) -> rusqlite::Result<usize> {
    c.execute(
        "DELETE FROM time_series WHERE entity_fqn = ?1 AND extension = ?2 AND key = ?3",
        params![fqn, extension, key],
    )
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
        self.put_records(vec![series.record(ts, key, record)])
    }

    /// Stores records in one transaction, each replacing one at the same timestamp and key.
    pub fn put_records(&self, records: Vec<Record>) -> Result<(), ApiError> {
        self.write(move |c| Ok(insert_records(c, &records)?))
    }

    /// Replaces the record at `ts` and `key` with `update(current)`, the current record read
    /// inside the write transaction, so concurrent updates of one record all count; returns
    /// the record written.
    pub fn update_record(
        &self,
        series: &Series,
        ts: i64,
        key: &str,
        update: impl FnOnce(Option<Value>) -> Value + Send + 'static,
    ) -> Result<Value, ApiError> {
        let mut r = series.record(ts, key, &Value::Null);
        self.write(move |c| {
            use rusqlite::OptionalExtension;
            let current: Option<String> = c
                .prepare_cached(
                    "SELECT json FROM time_series
                     WHERE entity_fqn = ?1 AND extension = ?2 AND ts = ?3 AND key = ?4",
                )?
                .query_row(params![r.fqn, r.extension, r.ts, r.key], |row| row.get(0))
                .optional()?;
            let record = update(current.and_then(|j| serde_json::from_str(&j).ok()));
            r.json = record.to_string();
            insert_records(c, std::slice::from_ref(&r))?;
            Ok(record)
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

    /// Records of one extension across every FQN, in a time range, newest first, each with
    /// the id of its entity.
    pub fn records_of(
        &self,
        extension: &str,
        range: Range,
        limit: i64,
    ) -> Result<Vec<(String, Value)>, ApiError> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT entity_id, json FROM time_series
                 WHERE extension = ?1 AND ts >= ?2 AND ts <= ?3
                 ORDER BY ts DESC, key LIMIT ?4",
            )?;
            let rows = stmt.query_map(params![extension, range.start, range.end, limit], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?;
            rows.map(|r| r.map(|(f, j)| (f, serde_json::from_str(&j).unwrap_or(Value::Null))))
                .collect()
        })
    }

    /// Deletes the records of a series in a time range; returns how many went.
    pub fn delete_records(
        &self,
        fqn: &str,
        extension: &str,
        range: Range,
    ) -> Result<usize, ApiError> {
        let (fqn, extension) = (fqn.to_string(), extension.to_string());
        self.write(move |c| {
            Ok(c.execute(
                "DELETE FROM time_series
                 WHERE entity_fqn = ?1 AND extension = ?2 AND ts >= ?3 AND ts <= ?4",
                params![fqn, extension, range.start, range.end],
            )?)
        })
    }

    /// Stores the one record of a series under `key` (a run id), replacing any other record
    /// of that key whatever its timestamp.
    pub fn put_keyed_record(
        &self,
        series: &Series,
        ts: i64,
        key: &str,
        record: &Value,
    ) -> Result<(), ApiError> {
        let r = series.record(ts, key, record);
        self.write(move |c| {
            delete_keyed(c, &r.fqn, &r.extension, &r.key)?;
            Ok(insert_records(c, std::slice::from_ref(&r))?)
        })
    }

    /// Deletes the records of a series stored under `key`.
    pub fn delete_keyed_record(
        &self,
        fqn: &str,
        extension: &str,
        key: &str,
    ) -> Result<(), ApiError> {
        let (fqn, extension, key) = (fqn.to_string(), extension.to_string(), key.to_string());
        self.write(move |c| {
            delete_keyed(c, &fqn, &extension, &key)?;
            Ok(())
        })
    }

    /// The record of an extension stored under `key` (a record id), whatever its FQN.
    pub fn record_with_key(&self, extension: &str, key: &str) -> Result<Option<Value>, ApiError> {
        self.read(|c| {
            use rusqlite::OptionalExtension;
            c.prepare_cached(
                "SELECT json FROM time_series WHERE extension = ?1 AND key = ?2 LIMIT 1",
            )?
            .query_row(params![extension, key], |r| r.get::<_, String>(0))
            .optional()
            .map(|j| j.map(|j| serde_json::from_str(&j).unwrap_or(Value::Null)))
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
