//! One page of the entities a full-text expression matches, counted, filtered by type and
//! deletion, and ordered, without reading the entities' documents: the matches come from the
//! FTS5 index, their type, deletion and text length from `search_meta`.
//!
//! Ordering by score: when every term of the expression must match (no `OR`), each match has
//! every term once per column (the index keeps no positions), so BM25 orders them by text
//! length alone, and that is how they are sorted; otherwise FTS5's own `rank` orders them.
//! Ordering by FQN or name: a few thousand matches are sorted; more, of a single type, come
//! from walking that type's index in order until the page is full.

use std::collections::HashSet;

use rusqlite::Connection;

/// Up to this many matches are sorted by FQN or name; beyond it, a type's index is walked.
const SORT_MATCHES_UP_TO: usize = 2_000;

/// BM25's term-frequency saturation and length normalisation, as FTS5 and Elasticsearch use.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// What page to answer.
pub struct PageAsk<'a> {
    /// The entity types searched (all of them when `all_kinds`).
    pub kinds: &'a [&'a str],
    /// Whether `kinds` is every type.
    pub all_kinds: bool,
    /// Only live (`false`) or only deleted (`true`) entities; both when `None`.
    pub deleted: Option<bool>,
    /// `_score`, `fqn` or `name`.
    pub key: &'a str,
    /// Descending order (FQN and name; score is always best first).
    pub descending: bool,
    /// Matches to skip.
    pub offset: usize,
    /// Page size.
    pub size: usize,
    /// The `search_after` cursor (sort value, id) of an FQN or name order.
    pub after: Option<(String, String)>,
}

/// The number of matches in scope and one page of them as (rowid, score).
pub fn page_of_matches(
    c: &Connection,
    expr: &str,
    ask: &PageAsk,
) -> rusqlite::Result<(usize, Vec<(i64, f64)>)> {
    let matches = matches_in_scope(c, expr, ask)?;
    let total = matches.len();
    let page = match ask.key {
        "_score" if expr.contains(" OR ") => by_rank(c, expr, &matches, ask)?,
        "_score" => by_length(c, matches, ask)?,
        _ if total > SORT_MATCHES_UP_TO && has_ordered_index(ask) => {
            by_walking_the_index(c, &matches, ask)?
        }
        _ => by_sorting(c, &matches, ask)?,
    };
    Ok((total, page))
}

/// Whether one type's index keeps the order asked for: `(kind, fqn)` for FQNs, and
/// `(kind, deleted, name, id)` for names in one deletion state.
fn has_ordered_index(ask: &PageAsk) -> bool {
    ask.kinds.len() == 1 && (ask.key == "fqn" || ask.deleted.is_some())
}

/// (rowid, text length) of every match of the types and deletion state asked for.
fn matches_in_scope(
    c: &Connection,
    expr: &str,
    ask: &PageAsk,
) -> rusqlite::Result<Vec<(i64, i64)>> {
    let mut stmt = c.prepare_cached(
        "SELECT m.rowid, m.length, m.kind, m.deleted FROM search_meta m
         WHERE m.rowid IN (SELECT rowid FROM search WHERE search MATCH ?1)",
    )?;
    let mut rows = stmt.query([expr])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let in_kinds = ask.all_kinds || ask.kinds.contains(&r.get_ref(2)?.as_str()?);
        let deleted: bool = r.get(3)?;
        if in_kinds && ask.deleted.is_none_or(|d| d == deleted) {
            out.push((r.get(0)?, r.get(1)?));
        }
    }
    Ok(out)
}

/// Shortest text first (ties by rowid), scored with BM25 for one occurrence of each term.
fn by_length(
    c: &Connection,
    mut matches: Vec<(i64, i64)>,
    ask: &PageAsk,
) -> rusqlite::Result<Vec<(i64, f64)>> {
    let documents: i64 = c.query_row("SELECT ifnull(max(rowid), 0) FROM search_meta", [], |r| {
        r.get(0)
    })?;
    let n = matches.len() as f64;
    let mean = matches.iter().map(|m| m.1 as f64).sum::<f64>() / n.max(1.0);
    let idf = (1.0 + (documents as f64 - n + 0.5) / (n + 0.5)).ln();
    matches.sort_unstable_by_key(|&(rowid, length)| (length, rowid));
    Ok(matches
        .into_iter()
        .skip(ask.offset)
        .take(ask.size)
        .map(|(rowid, length)| {
            let norm = 1.0 - B + B * length as f64 / mean.max(1.0);
            (rowid, idf * (K1 + 1.0) / (1.0 + K1 * norm))
        })
        .collect())
}

/// FTS5's `rank` order, keeping the matches in scope.
fn by_rank(
    c: &Connection,
    expr: &str,
    matches: &[(i64, i64)],
    ask: &PageAsk,
) -> rusqlite::Result<Vec<(i64, f64)>> {
    let in_scope: HashSet<i64> = matches.iter().map(|m| m.0).collect();
    let mut stmt =
        c.prepare_cached("SELECT rowid, -rank FROM search WHERE search MATCH ?1 ORDER BY rank")?;
    let rows = stmt.query_map([expr], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, f64>(1)?)))?;
    let mut page = Vec::with_capacity(ask.size);
    let mut skipped = 0;
    for row in rows {
        let (rowid, score) = row?;
        if !in_scope.contains(&rowid) {
            continue;
        }
        if skipped < ask.offset {
            skipped += 1;
            continue;
        }
        page.push((rowid, score));
        if page.len() == ask.size {
            break;
        }
    }
    Ok(page)
}

/// Whether `(value, id)` comes after the cursor in the order asked for.
fn after_cursor(ask: &PageAsk, value: &str, id: &str) -> bool {
    let Some((v, i)) = &ask.after else {
        return true;
    };
    let by_value = if ask.descending {
        value < v.as_str()
    } else {
        value > v.as_str()
    };
    by_value || (value == v && id > i.as_str())
}

/// Reads the sort key of every match, sorts, and pages.
fn by_sorting(
    c: &Connection,
    matches: &[(i64, i64)],
    ask: &PageAsk,
) -> rusqlite::Result<Vec<(i64, f64)>> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT {}, id FROM entity WHERE rowid = ?1",
        ask.key
    ))?;
    let mut keyed = Vec::with_capacity(matches.len());
    for &(rowid, _) in matches {
        let (value, id): (String, String) =
            stmt.query_row([rowid], |r| Ok((r.get(0)?, r.get(1)?)))?;
        if after_cursor(ask, &value, &id) {
            keyed.push((value, id, rowid));
        }
    }
    keyed.sort_unstable_by(|a, b| {
        let by_value = if ask.descending {
            b.0.cmp(&a.0)
        } else {
            a.0.cmp(&b.0)
        };
        by_value.then_with(|| a.1.cmp(&b.1))
    });
    Ok(keyed
        .into_iter()
        .skip(ask.offset)
        .take(ask.size)
        .map(|(_, _, rowid)| (rowid, 1.0))
        .collect())
}

/// Walks the type's index in the order asked for and keeps the matches until the page is
/// full: with many matches, a page is found after a short walk.
fn by_walking_the_index(
    c: &Connection,
    matches: &[(i64, i64)],
    ask: &PageAsk,
) -> rusqlite::Result<Vec<(i64, f64)>> {
    let wanted: HashSet<i64> = matches.iter().map(|m| m.0).collect();
    let key = ask.key;
    let (dir, cmp) = if ask.descending {
        ("DESC", "<")
    } else {
        ("ASC", ">")
    };
    let after = if ask.after.is_some() {
        format!(" AND ({key} {cmp} ?3 OR ({key} = ?3 AND id > ?4))")
    } else {
        " AND ?3 = ?3 AND ?4 = ?4".to_string()
    };
    let deleted = if ask.deleted.is_some() {
        " AND deleted = ?2"
    } else {
        " AND ?2 = ?2"
    };
    let mut stmt = c.prepare_cached(&format!(
        "SELECT rowid FROM entity WHERE kind = ?1{deleted}{after} ORDER BY {key} {dir}, id ASC"
    ))?;
    let (value, id) = ask.after.clone().unwrap_or_default();
    let rows = stmt.query_map(
        rusqlite::params![ask.kinds[0], ask.deleted.unwrap_or_default(), value, id],
        |r| r.get::<_, i64>(0),
    )?;
    let mut page = Vec::with_capacity(ask.size);
    let mut skipped = 0;
    for rowid in rows {
        let rowid = rowid?;
        if !wanted.contains(&rowid) {
            continue;
        }
        if skipped < ask.offset {
            skipped += 1;
            continue;
        }
        page.push((rowid, 1.0));
        if page.len() == ask.size {
            break;
        }
    }
    Ok(page)
}
