//! Answering a search like Elasticsearch: candidates from the FTS5 index (or, for a query
//! that cannot narrow, from the entity table by type), each checked exactly, sorted, paged
//! (`from`/`size` or `search_after`) and shaped as an Elasticsearch response.

use crate::engine::Engine;
use crate::engine::error::ApiError;
use crate::search::page::{self, PageAsk};
use crate::search::query::{Query, values_at};
use crate::search::request::{SearchRequest, index_name, kinds_of};
use crate::store::search_index::search_doc;
use crate::store::{self, Stored};
use serde_json::{Map, Value, json};
use std::cmp::Ordering;

/// A sort key: the sort field's value (or the score), then the id.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SortValue {
    Num(f64),
    Text(String),
    Missing,
}

impl SortValue {
    pub(crate) fn of(v: Option<&Value>) -> Self {
        match v {
            Some(Value::Number(n)) => SortValue::Num(n.as_f64().unwrap_or(0.0)),
            Some(Value::String(s)) => SortValue::Text(s.clone()),
            Some(Value::Bool(b)) => SortValue::Text(b.to_string()),
            _ => SortValue::Missing,
        }
    }

    /// A `search_after` value, read like the key it continues.
    pub(crate) fn like(&self, raw: &str) -> Self {
        match self {
            SortValue::Num(_) => raw.parse().map_or(SortValue::Missing, SortValue::Num),
            _ => SortValue::Text(raw.to_string()),
        }
    }

    pub(crate) fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (SortValue::Num(a), SortValue::Num(b)) => a.partial_cmp(b).unwrap_or(Ordering::Equal),
            (SortValue::Text(a), SortValue::Text(b)) => a.cmp(b),
            (SortValue::Missing, SortValue::Missing) => Ordering::Equal,
            (SortValue::Missing, _) => Ordering::Greater,
            (_, SortValue::Missing) => Ordering::Less,
            (SortValue::Num(_), SortValue::Text(_)) => Ordering::Less,
            (SortValue::Text(_), SortValue::Num(_)) => Ordering::Greater,
        }
    }

    pub(crate) fn to_json(&self) -> Value {
        match self {
            SortValue::Num(n) => json!(n),
            SortValue::Text(s) => json!(s),
            SortValue::Missing => Value::Null,
        }
    }
}

pub(crate) struct Hit {
    pub(crate) stored: Stored,
    pub(crate) doc: Value,
    pub(crate) score: f64,
    pub(crate) key: (SortValue, String),
}

impl Engine {
    /// Documents of `kinds` that may match `query`, with their text scores.
    pub(crate) fn candidates(
        &self,
        kinds: &[&str],
        query: &Query,
        deleted: Option<bool>,
    ) -> Result<Vec<(Stored, f64)>, ApiError> {
        let marks = (0..kinds.len())
            .map(|i| format!("?{}", i + 2))
            .collect::<Vec<_>>()
            .join(", ");
        let deleted_sql = match deleted {
            Some(true) => " AND e.deleted = 1",
            Some(false) => " AND e.deleted = 0",
            None => "",
        };
        let columns = "e.id, e.kind, e.fqn, e.name, e.parent_id, e.deleted, e.json, e.rev";
        let narrowed = query.narrow();
        let sql = match &narrowed {
            Some(_) => format!(
                "SELECT {columns}, -bm25(search) FROM search JOIN entity e ON e.rowid = search.rowid
                 WHERE search MATCH ?1 AND e.kind IN ({marks}){deleted_sql}"
            ),
            None => format!(
                "SELECT {columns}, 1.0 FROM entity e WHERE ?1 = ?1 AND e.kind IN ({marks}){deleted_sql}"
            ),
        };
        let expr = narrowed.unwrap_or_default();
        self.read(|c| {
            let mut stmt = c.prepare(&sql)?;
            let mut args: Vec<&dyn rusqlite::ToSql> = vec![&expr];
            args.extend(kinds.iter().map(|k| k as &dyn rusqlite::ToSql));
            let rows = stmt.query_map(args.as_slice(), |r| {
                Ok((store::row(r)?, r.get::<_, f64>(8)?))
            })?;
            rows.collect()
        })
    }

    /// `GET /search/query`.
    pub fn search(&self, req: &SearchRequest) -> Result<Value, ApiError> {
        let started = std::time::Instant::now();
        let kinds = kinds_of(&req.index)?;
        let query = req.query()?;
        self.answer(req, &kinds, &query, started)
    }

    /// `GET /search/fieldQuery`: one field's whole value, with `*` wildcards.
    pub fn field_query(&self, raw: Option<&str>) -> Result<Value, ApiError> {
        let started = std::time::Instant::now();
        let mut req = SearchRequest::parse(raw)?;
        let (mut name, mut value) = (None, None);
        for (k, v) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
            match k.as_ref() {
                "fieldName" => name = Some(v.into_owned()),
                "fieldValue" => value = Some(v.into_owned()),
                _ => {}
            }
        }
        let name = name.ok_or_else(|| ApiError::bad_request("fieldName is required"))?;
        let value = value.ok_or_else(|| ApiError::bad_request("fieldValue is required"))?;
        let field = name.strip_suffix(".keyword").unwrap_or(&name).to_string();
        let lower = value.to_lowercase();
        let query = if lower.contains(['*', '?']) {
            Query::Wildcard {
                field,
                pattern: lower,
            }
        } else {
            Query::Term {
                field,
                values: vec![lower],
            }
        };
        req.q.clear();
        let kinds = kinds_of(&req.index)?;
        self.answer(&req, &kinds, &query, started)
    }

    /// Answers from the index alone, when it matches exactly and the sort is one the entity
    /// table keeps (score, FQN or name): counts, sorts and pages in SQL, then reads only the
    /// page's documents.
    pub(crate) fn answer_in_sql(
        &self,
        req: &SearchRequest,
        kinds: &[&str],
        query: &Query,
        key: &str,
        started: std::time::Instant,
    ) -> Result<Value, ApiError> {
        let (total, page) = match query.narrow() {
            Some(expr) => {
                let ask = PageAsk {
                    kinds,
                    all_kinds: kinds.len() == openmetadata_types::ENTITY_KINDS.len(),
                    deleted: req.deleted,
                    key,
                    descending: req.descending,
                    offset: if req.search_after.is_empty() {
                        req.from
                    } else {
                        0
                    },
                    size: req.size,
                    after: (!req.search_after.is_empty()).then(|| search_after(req)),
                };
                self.store.read(|c| page::page_of_matches(c, &expr, &ask))?
            }
            None => self.page_of_kinds(req, kinds, key)?,
        };
        let mut hits: Vec<Hit> = self
            .store
            .read(|c| {
                let mut stmt = c.prepare_cached(&format!(
                    "SELECT {} FROM entity e WHERE e.rowid = ?1",
                    "e.id, e.kind, e.fqn, e.name, e.parent_id, e.deleted, e.json, e.rev"
                ))?;
                page.iter()
                    .map(|(rowid, score)| {
                        stmt.query_row([rowid], store::row)
                            .map(|stored| (stored, *score))
                    })
                    .collect::<rusqlite::Result<Vec<_>>>()
            })?
            .into_iter()
            .map(|(stored, score)| {
                let value = match key {
                    "_score" => SortValue::Num(score),
                    "fqn" => SortValue::Text(stored.fqn.clone()),
                    _ => SortValue::Text(stored.name.clone()),
                };
                let id = stored.id.clone();
                Hit {
                    doc: search_doc(&stored),
                    stored,
                    score,
                    key: (value, id),
                }
            })
            .collect();
        self.add_upstream_lineage(&mut hits)?;
        Ok(respond(req, hits, total, started))
    }

    /// The total and one page of every entity of `kinds` (a query that cannot narrow); by
    /// score means by id, every score being the same.
    pub(crate) fn page_of_kinds(
        &self,
        req: &SearchRequest,
        kinds: &[&str],
        key: &str,
    ) -> Result<(usize, Vec<(i64, f64)>), ApiError> {
        let marks = (0..kinds.len())
            .map(|i| format!("?{}", i + 4))
            .collect::<Vec<_>>()
            .join(", ");
        let deleted_sql = match req.deleted {
            Some(true) => " AND e.deleted = 1",
            Some(false) => " AND e.deleted = 0",
            None => "",
        };
        let source = format!("entity e WHERE e.kind IN ({marks}){deleted_sql}");
        let offset = if req.search_after.is_empty() {
            req.from
        } else {
            0
        };
        let order = if key == "_score" {
            format!(" ORDER BY e.id ASC LIMIT {} OFFSET {offset}", req.size)
        } else {
            order_and_page(req, key, offset)
        };
        let (after_value, after_id) = search_after(req);
        self.read(|c| {
            let mut args: Vec<&dyn rusqlite::ToSql> = vec![&"", &after_value, &after_id];
            args.extend(kinds.iter().map(|k| k as &dyn rusqlite::ToSql));
            let total: i64 = c.query_row(
                &format!("SELECT count(*) FROM {source}"),
                args.as_slice(),
                |r| r.get(0),
            )?;
            let rows = c
                .prepare(&format!("SELECT e.rowid, 1.0 FROM {source}{order}"))?
                .query_map(args.as_slice(), |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok((total as usize, rows))
        })
    }

    pub(crate) fn answer(
        &self,
        req: &SearchRequest,
        kinds: &[&str],
        query: &Query,
        started: std::time::Instant,
    ) -> Result<Value, ApiError> {
        let sql_key = match req.sort_field.as_deref() {
            None | Some("_score") if req.search_after.is_empty() => Some("_score"),
            Some("fullyQualifiedName" | "fullyQualifiedName.keyword") => Some("fqn"),
            Some("name" | "name.keyword") => Some("name"),
            _ => None,
        };
        if let Some(key) = sql_key
            && query.is_exact()
        {
            return self.answer_in_sql(req, kinds, query, key, started);
        }
        let by_score = req.sort_field.as_deref().is_none_or(|f| f == "_score");
        let sort_path = req
            .sort_field
            .as_deref()
            .map(|f| f.strip_suffix(".keyword").unwrap_or(f).to_string());
        let mut hits: Vec<Hit> = self
            .candidates(kinds, query, req.deleted)?
            .into_iter()
            .filter_map(|(stored, score)| {
                let doc = search_doc(&stored);
                if !query.matches(&doc) {
                    return None;
                }
                let value = if by_score {
                    SortValue::Num(score)
                } else {
                    SortValue::of(
                        values_at(&doc, sort_path.as_deref().unwrap_or_default())
                            .first()
                            .copied(),
                    )
                };
                let id = stored.id.clone();
                Some(Hit {
                    stored,
                    doc,
                    score,
                    key: (value, id),
                })
            })
            .collect();
        let order = |a: &(SortValue, String), b: &(SortValue, String)| {
            let primary = a.0.cmp(&b.0);
            let primary = if req.descending {
                primary.reverse()
            } else {
                primary
            };
            primary.then_with(|| a.1.cmp(&b.1))
        };
        hits.sort_by(|a, b| order(&a.key, &b.key));
        let total = hits.len();
        if let (Some(first), Some(hit)) = (req.search_after.first(), hits.first()) {
            // Strictly after the cursor: by value and id when both are given, else by value.
            let value = hit.key.0.like(first);
            match req.search_after.get(1) {
                Some(id) => {
                    let cursor = (value, id.clone());
                    hits.retain(|h| order(&h.key, &cursor) == Ordering::Greater);
                }
                None => hits.retain(|h| {
                    let by_value = h.key.0.cmp(&value);
                    let by_value = if req.descending {
                        by_value.reverse()
                    } else {
                        by_value
                    };
                    by_value == Ordering::Greater
                }),
            }
        }
        let skip = if req.search_after.is_empty() {
            req.from
        } else {
            0
        };
        let mut page: Vec<Hit> = hits.into_iter().skip(skip).take(req.size).collect();
        self.add_upstream_lineage(&mut page)?;
        Ok(respond(req, page, total, started))
    }

    /// Adds `upstreamLineage` to the documents of a page, as the real search documents carry
    /// it: one entry per edge into the entity, with both ends and the edge's details.
    pub(crate) fn add_upstream_lineage(&self, hits: &mut [Hit]) -> Result<(), ApiError> {
        for hit in hits {
            let edges = self.store.edges_of(&hit.stored.id, true)?;
            if edges.is_empty() {
                continue;
            }
            let mut entries = Vec::with_capacity(edges.len());
            for e in edges {
                let end = |s: Option<Stored>, id: &str| match s {
                    Some(s) => json!({"id": id, "type": s.kind, "fullyQualifiedName": s.fqn}),
                    None => json!({"id": id}),
                };
                let d = &e.details;
                entries.push(json!({
                    "docId": format!("{}-{}", e.from_id, e.to_id),
                    "fromEntity": end(self.store.get(&e.from_id)?, &e.from_id),
                    "toEntity": end(Some(hit.stored.clone()), &e.to_id),
                    "sqlQuery": d.get("sqlQuery"),
                    "source": d.get("source"),
                    "pipeline": d.get("pipeline"),
                    "columns": d.get("columnsLineage"),
                    "description": d.get("description"),
                }));
            }
            if let Value::Object(o) = &mut hit.doc {
                o.insert("upstreamLineage".into(), Value::Array(entries));
            }
        }
        Ok(())
    }
}

/// The `search_after` cursor as (sort value, id), empty when there is none.
pub(crate) fn search_after(req: &SearchRequest) -> (String, String) {
    (
        req.search_after.first().cloned().unwrap_or_default(),
        req.search_after.get(1).cloned().unwrap_or_default(),
    )
}

/// `[AND after the cursor] ORDER BY ... LIMIT ... OFFSET ...` on the entity column `key`
/// (`fqn` or `name`), with the cursor's value and id in `?2` and `?3`.
pub(crate) fn order_and_page(req: &SearchRequest, key: &str, offset: usize) -> String {
    let dir = if req.descending { "DESC" } else { "ASC" };
    let after = if req.search_after.is_empty() {
        String::new()
    } else {
        let cmp = if req.descending { "<" } else { ">" };
        format!(" AND (e.{key} {cmp} ?2 OR (e.{key} = ?2 AND e.id > ?3))")
    };
    format!(
        "{after} ORDER BY e.{key} {dir}, e.id ASC LIMIT {} OFFSET {offset}",
        req.size
    )
}

/// The Elasticsearch-shaped answer: one page of `hits`, with `total` matches in all.
pub(crate) fn respond(
    req: &SearchRequest,
    hits: Vec<Hit>,
    total: usize,
    started: std::time::Instant,
) -> Value {
    let max_score = hits
        .iter()
        .map(|h| h.score)
        .fold(None, |m: Option<f64>, s| Some(m.map_or(s, |m| m.max(s))));
    let page: Vec<Value> = hits
        .into_iter()
        .map(|h| {
            let source = if req.source_fields.is_empty() {
                h.doc
            } else {
                Value::Object(
                    h.doc
                        .as_object()
                        .map(|o| {
                            o.iter()
                                .filter(|(k, _)| {
                                    req.source_fields
                                        .iter()
                                        .any(|f| f.split('.').next() == Some(k.as_str()))
                                })
                                .map(|(k, v)| (k.clone(), v.clone()))
                                .collect::<Map<String, Value>>()
                        })
                        .unwrap_or_default(),
                )
            };
            json!({
                "_index": index_name(&h.stored.kind),
                "_type": "_doc",
                "_id": h.stored.id,
                "_score": h.score,
                "_source": source,
                "sort": [h.key.0.to_json(), h.key.1],
            })
        })
        .collect();
    json!({
        "took": started.elapsed().as_millis() as u64,
        "timed_out": false,
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {
            "total": {"value": total, "relation": "eq"},
            "max_score": max_score,
            "hits": page,
        },
    })
}
