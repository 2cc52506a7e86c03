//! Extractors and parsers of request parts: query numbers and time ranges.

use std::collections::BTreeMap;

use crate::engine::error::ApiError;
use crate::store::timeseries::Range;

/// A numeric query parameter, or `default` when absent.
pub fn number(q: &BTreeMap<String, String>, name: &str, default: i64) -> Result<i64, ApiError> {
    q.get(name).map_or(Ok(default), |v| {
        v.parse()
            .map_err(|_| ApiError::bad_request(format!("{name} must be a number, got {v}")))
    })
}

/// `startTs` / `endTs` of a query as a time range (each end defaults to the open end).
pub fn time_range(q: &BTreeMap<String, String>) -> Result<Range, ApiError> {
    Ok(Range {
        start: number(q, "startTs", i64::MIN)?,
        end: number(q, "endTs", i64::MAX)?,
    })
}
