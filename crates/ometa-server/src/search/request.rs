//! A search request as the query string of `/search/query` states it: query, DSL filter,
//! index (and the entity kinds it covers), paging, sorting and source fields.

use crate::engine::error::ApiError;
use crate::search::query::{self, Query};
use serde_json::{Value, json};

/// The largest `from + size`, as in Elasticsearch.
pub(crate) const MAX_WINDOW: usize = 10_000;

/// Index names whose entity type does not follow `<snake_case type>_search_index`.
pub(crate) const INDEX_OVERRIDES: &[(&str, &str)] =
    &[("searchIndex", "search_entity_search_index")];

/// Index names that cover every entity type.
pub(crate) const ALL_INDEXES: &[&str] = &["all", "dataAsset", "dataasset"];

pub(crate) fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The search index name of an entity type (`table_search_index`).
pub fn index_name(type_name: &str) -> String {
    INDEX_OVERRIDES
        .iter()
        .find(|(t, _)| *t == type_name)
        .map_or_else(
            || format!("{}_search_index", snake(type_name)),
            |(_, i)| i.to_string(),
        )
}

/// The entity types an index name (or alias such as `table`) covers.
pub(crate) fn kinds_of(index: &str) -> Result<Vec<&'static str>, ApiError> {
    let all = openmetadata_types::ENTITY_KINDS.iter().map(|k| k.type_name);
    if ALL_INDEXES.contains(&index) {
        return Ok(all.collect());
    }
    let mut found = Vec::new();
    for part in index.split(',') {
        let t = all
            .clone()
            .find(|t| index_name(t) == part || t.eq_ignore_ascii_case(part) || snake(t) == part)
            .ok_or_else(|| ApiError::bad_request(format!("Unknown search index {part}")))?;
        found.push(t);
    }
    Ok(found)
}

/// A parsed `/search/query` request.
#[derive(Debug, Default)]
pub struct SearchRequest {
    pub(crate) q: String,
    pub(crate) index: String,
    pub(crate) from: usize,
    pub(crate) size: usize,
    pub(crate) deleted: Option<bool>,
    pub(crate) filter: Option<Value>,
    pub(crate) sort_field: Option<String>,
    pub(crate) descending: bool,
    pub(crate) search_after: Vec<String>,
    pub(crate) source_fields: Vec<String>,
}

impl SearchRequest {
    /// Reads the query parameters (repeated ones, such as `search_after`, in order).
    pub fn parse(raw: Option<&str>) -> Result<Self, ApiError> {
        let mut r = SearchRequest {
            q: String::new(),
            index: "all".into(),
            size: 10,
            descending: true,
            ..SearchRequest::default()
        };
        let num = |k: &str, v: &str| -> Result<usize, ApiError> {
            v.parse()
                .map_err(|_| ApiError::bad_request(format!("{k} must be a number ≥ 0, got {v}")))
        };
        let mut sort_order = None;
        for (k, v) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
            let v = v.into_owned();
            match k.as_ref() {
                "q" | "query" => r.q = v,
                "index" => r.index = v,
                "from" => r.from = num("from", &v)?,
                "size" => r.size = num("size", &v)?,
                "deleted" => {
                    r.deleted = Some(match v.as_str() {
                        "true" => true,
                        "false" => false,
                        _ => {
                            return Err(ApiError::bad_request(format!(
                                "deleted must be true or false, got {v}"
                            )));
                        }
                    })
                }
                "query_filter" | "post_filter" if !v.trim().is_empty() => {
                    let parsed: Value = serde_json::from_str(&v).map_err(|e| {
                        ApiError::bad_request(format!("query_filter is not valid JSON: {e}"))
                    })?;
                    r.filter = Some(match r.filter.take() {
                        Some(earlier) => json!({"bool": {"must": [earlier, parsed]}}),
                        None => parsed,
                    });
                }
                "sort_field" if !v.is_empty() => r.sort_field = Some(v),
                "sort_order" => sort_order = Some(v),
                "search_after" => r.search_after.extend(v.split(',').map(String::from)),
                "include_source_fields" => r.source_fields.push(v),
                _ => {}
            }
        }
        match sort_order.as_deref() {
            None | Some("desc") => r.descending = true,
            Some("asc") => r.descending = false,
            Some(other) => {
                return Err(ApiError::bad_request(format!(
                    "sort_order must be asc or desc, got {other}"
                )));
            }
        }
        if r.from.saturating_add(r.size) > MAX_WINDOW {
            return Err(ApiError::bad_request(format!(
                "from + size must be at most {MAX_WINDOW}, got {}",
                r.from.saturating_add(r.size)
            )));
        }
        Ok(r)
    }

    pub(crate) fn query(&self) -> Result<Query, ApiError> {
        let bad = |e: query::BadQuery| ApiError::bad_request(format!("Invalid query: {}", e.0));
        let text = query::parse_query_string(self.q.trim(), &[], false).map_err(bad)?;
        let Some(filter) = &self.filter else {
            return Ok(text);
        };
        let filter = query::parse_dsl(filter).map_err(bad)?;
        Ok(Query::Bool {
            must: vec![text, filter],
            should: vec![],
            must_not: vec![],
            min_should: 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_names_follow_the_sdk_map() {
        assert_eq!(index_name("table"), "table_search_index");
        assert_eq!(index_name("databaseSchema"), "database_schema_search_index");
        assert_eq!(index_name("searchIndex"), "search_entity_search_index");
        assert_eq!(index_name("mlmodel"), "mlmodel_search_index");
        assert_eq!(kinds_of("table_search_index").unwrap(), ["table"]);
        assert_eq!(kinds_of("table").unwrap(), ["table"]);
        assert!(kinds_of("all").unwrap().len() > 60);
        assert!(kinds_of("nope_search_index").is_err());
    }
}
