//! Time-series records attached to entities (pipeline statuses, test case results, profiles):
//! one row per (entity FQN, extension, timestamp, key), newest first on reads.

use rusqlite::params;
use serde_json::{Value, json};

use crate::store::db::Store;
use crate::store::error::StoreError;

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
    pub fn latest_record(&self, fqn: &str, extension: &str) -> Result<Option<Value>, StoreError> {
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
    ) -> Result<(), StoreError> {
        self.put_records(vec![series.record(ts, key, record)])
    }

    /// Stores records in one transaction, each replacing one at the same timestamp and key.
    pub fn put_records(&self, records: Vec<Record>) -> Result<(), StoreError> {
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
    ) -> Result<Value, StoreError> {
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
    ) -> Result<Vec<Value>, StoreError> {
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
    ) -> Result<Vec<(String, Value)>, StoreError> {
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
    ) -> Result<usize, StoreError> {
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
    ) -> Result<(), StoreError> {
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
    ) -> Result<(), StoreError> {
        let (fqn, extension, key) = (fqn.to_string(), extension.to_string(), key.to_string());
        self.write(move |c| {
            delete_keyed(c, &fqn, &extension, &key)?;
            Ok(())
        })
    }

    /// The record of an extension stored under `key` (a record id), whatever its FQN.
    pub fn record_with_key(&self, extension: &str, key: &str) -> Result<Option<Value>, StoreError> {
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
    ) -> Result<Option<Value>, StoreError> {
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
