//! Reads of entities: by id or FQN, their default views and versions, listing pages,
//! assets, referrers and children.

use rusqlite::{OptionalExtension, params};
use serde_json::Value;

use crate::store::db::Store;
use crate::store::error::StoreError;
use crate::store::relations::Relation;
use crate::store::rows::{COLUMNS, Cursor, Include, ListScope, Page, Stored, View, row};

impl Store {
    /// An entity by id, of any kind.
    pub fn get(&self, id: &str) -> Result<Option<Stored>, StoreError> {
        self.read(|c| {
            c.prepare_cached(&format!("SELECT {COLUMNS} FROM entity WHERE id = ?1"))?
                .query_row([id], row)
                .optional()
        })
    }

    /// An entity by kind and FQN.
    pub fn get_by_fqn(&self, kind: &str, fqn: &str) -> Result<Option<Stored>, StoreError> {
        self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM entity WHERE kind = ?1 AND fqn = ?2"
            ))?
            .query_row([kind, fqn], row)
            .optional()
        })
    }

    /// The stored default view (the entity without relationship fields) of an entity, by id
    /// or by kind and FQN: the fast path of plain reads.
    pub fn view(
        &self,
        kind: &str,
        id: Option<&str>,
        fqn: Option<&str>,
    ) -> Result<Option<View>, StoreError> {
        self.read(|c| {
            let map = |r: &rusqlite::Row| {
                Ok(View {
                    deleted: r.get::<_, i64>(0)? != 0,
                    version: r.get(1)?,
                    updated_at: r.get(2)?,
                    json: r.get(3)?,
                })
            };
            match (id, fqn) {
                (Some(id), _) => c
                    .prepare_cached(
                        "SELECT deleted, version, updated_at, view FROM entity WHERE id = ?1 AND kind = ?2",
                    )?
                    .query_row([id, kind], map)
                    .optional(),
                (None, Some(fqn)) => c
                    .prepare_cached(
                        "SELECT deleted, version, updated_at, view FROM entity WHERE kind = ?1 AND fqn = ?2",
                    )?
                    .query_row([kind, fqn], map)
                    .optional(),
                (None, None) => Ok(None),
            }
        })
    }

    /// Every version of an entity, latest first.
    pub fn versions(&self, id: &str) -> Result<Vec<(f64, Value)>, StoreError> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT version, json FROM entity_version WHERE id = ?1 ORDER BY version DESC",
            )?;
            let rows =
                stmt.query_map([id], |r| Ok((r.get::<_, f64>(0)?, r.get::<_, String>(1)?)))?;
            rows.map(|r| r.map(|(v, j)| (v, serde_json::from_str(&j).unwrap_or(Value::Null))))
                .collect()
        })
    }

    /// One page of a kind, in (name, id) order, optionally under an FQN prefix.
    pub fn list(
        &self,
        kind: &str,
        scope: &ListScope,
        include: Include,
        limit: i64,
        after: Option<&Cursor>,
        before: Option<&Cursor>,
    ) -> Result<Page, StoreError> {
        let (lo, hi) = match &scope.under {
            Some(p) => (format!("{p}."), format!("{p}/")),
            None => (String::new(), "\u{10FFFF}".to_string()),
        };
        let (from_id, relation) = scope.related.as_ref().map_or((None, None), |(id, r)| {
            (Some(id.as_str()), Some(r.as_str()))
        });
        let (flag_path, flag_value) = scope
            .flag
            .as_ref()
            .map_or((None, false), |(p, v)| (Some(p.as_str()), *v));
        let filter = format!(
            "kind = ?1 AND fqn >= ?2 AND fqn < ?3 AND {} AND (?7 IS NULL OR id IN
             (SELECT to_id FROM relationship WHERE from_id = ?7 AND relation = ?8))
             AND (?9 IS NULL OR coalesce(json_extract(json, ?9), 0) = ?10)",
            include.sql()
        );
        self.read(|c| {
            let total: i64 = c.query_row(
                &format!(
                    "SELECT count(*) FROM entity WHERE {filter} AND ?4 = ?4 AND ?5 = ?5 AND ?6 = ?6"
                ),
                params![kind, lo, hi, "", "", 0, from_id, relation, flag_path, flag_value],
                |r| r.get(0),
            )?;
            let fetch = |cmp: &str, order: &str, at: Option<&Cursor>, n: i64| {
                let (name, id) = at.map_or((String::new(), String::new()), |c| (c.name.clone(), c.id.clone()));
                let position = if at.is_some() { format!("AND (name, id) {cmp} (?4, ?5)") } else { "AND ?4 = ?4 AND ?5 = ?5".to_string() };
                let sql = format!(
                    "SELECT {COLUMNS} FROM entity WHERE {filter} {position} ORDER BY name {order}, id {order} LIMIT ?6"
                );
                let mut stmt = c.prepare(&sql)?;
                let rows =
                    stmt.query_map(params![kind, lo, hi, name, id, n, from_id, relation, flag_path, flag_value], row)?;
                rows.collect::<rusqlite::Result<Vec<Stored>>>()
            };
            let mut rows;
            if let Some(b) = before {
                rows = fetch("<", "DESC", Some(b), limit)?;
                rows.reverse();
            } else {
                rows = fetch(">", "ASC", after, limit)?;
            }
            let cursor = |s: &Stored| Cursor { name: s.name.clone(), id: s.id.clone() };
            let before_cursor = match rows.first() {
                Some(first) if !fetch("<", "DESC", Some(&cursor(first)), 1)?.is_empty() => Some(cursor(first)),
                _ => None,
            };
            let after_cursor = match rows.last() {
                Some(last) if !fetch(">", "ASC", Some(&cursor(last)), 1)?.is_empty() => Some(cursor(last)),
                _ => None,
            };
            Ok(Page { rows, total, before: before_cursor, after: after_cursor })
        })
    }

    /// Entities that `from_id` holds by `relation` (the assets of an owner, a domain, a data
    /// product), live ones only, in name order: one page at `offset`, and the total. The data
    /// products of a domain are not among its assets.
    pub fn related(
        &self,
        from_id: &str,
        relation: Relation,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Stored>, i64), StoreError> {
        let ids = match relation {
            Relation::HasDomain => {
                "SELECT r.to_id FROM relationship r JOIN entity e ON e.id = r.to_id
                 WHERE r.from_id = ?1 AND r.relation = ?2 AND e.kind != 'dataProduct'"
            }
            _ => "SELECT to_id FROM relationship WHERE from_id = ?1 AND relation = ?2",
        };
        self.assets(ids, params![from_id, relation.as_str()], limit, offset)
    }

    /// Live entities with a tag or glossary term applied (on them or on a nested item).
    pub fn tagged(
        &self,
        tag_fqn: &str,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Stored>, i64), StoreError> {
        self.assets(
            "SELECT target_id FROM tag_usage WHERE tag_fqn = ?1",
            params![tag_fqn],
            limit,
            offset,
        )
    }

    fn assets(
        &self,
        ids: &str,
        args: &[&dyn rusqlite::ToSql],
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<Stored>, i64), StoreError> {
        let n = args.len();
        self.read(|c| {
            let scope = format!("FROM entity WHERE deleted = 0 AND id IN ({ids})");
            let total: i64 =
                c.query_row(&format!("SELECT count(*) {scope}"), args, |r| r.get(0))?;
            let sql = format!(
                "SELECT {COLUMNS} {scope} ORDER BY kind, name, id LIMIT ?{} OFFSET ?{}",
                n + 1,
                n + 2
            );
            let mut all: Vec<&dyn rusqlite::ToSql> = args.to_vec();
            all.push(&limit);
            all.push(&offset);
            let mut stmt = c.prepare(&sql)?;
            let rows = stmt
                .query_map(all.as_slice(), row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok((rows, total))
        })
    }

    /// Entities whose documents name `id` in a relationship field (owners, followers,
    /// domains, data products).
    pub fn referrers(&self, id: &str) -> Result<Vec<Stored>, StoreError> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM entity WHERE id IN
                 (SELECT to_id FROM relationship WHERE from_id = ?1 AND relation != 'contains')"
            ))?;
            let rows = stmt.query_map([id], row)?;
            rows.collect()
        })
    }

    /// Ids and kinds of the entities directly contained in `parent_id`.
    pub fn children(&self, parent_id: &str) -> Result<Vec<Stored>, StoreError> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM entity WHERE parent_id = ?1"
            ))?;
            let rows = stmt.query_map([parent_id], row)?;
            rows.collect()
        })
    }

    /// Live teams that have policies of their own.
    pub fn teams_with_policies(&self) -> Result<Vec<Stored>, StoreError> {
        self.read(|c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM entity WHERE kind = 'team' AND deleted = 0
                 AND json_array_length(json, '$.policies') > 0"
            ))?;
            let rows = stmt.query_map([], row)?;
            rows.collect()
        })
    }
}
