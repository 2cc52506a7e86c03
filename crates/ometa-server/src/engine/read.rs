//! Reads: the stored default view, a document presented with the asked-for fields (derived
//! and inherited ones included), listings with cursors, and versions.

use serde_json::{Value, json};

use crate::engine::error::ApiError;
use crate::engine::field_rules::{
    DERIVED_FIELDS, INHERITED_FIELDS, LIST_RELATIONSHIP_FIELDS, TIME_SERIES_FIELDS, ancestor,
    is_empty, is_relationship,
};
use crate::engine::kinds::ServerKind;
use crate::engine::{Engine, Fields, Key, ListQuery, fqn, kinds, text_field};
use crate::store::{self, Cursor, Include, Stored, relations};

/// Cursors are opaque to clients: base64 of `name\0id`.
pub(super) fn encode_cursor(c: &Cursor) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{}\0{}", c.name, c.id))
}

pub(super) fn decode_cursor(s: &str) -> Result<Cursor, ApiError> {
    use base64::Engine as _;
    let bad = || ApiError::bad_request(format!("Invalid paging cursor {s}"));
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s.trim_end_matches('='))
        .map_err(|_| bad())?;
    let text = String::from_utf8(raw).map_err(|_| bad())?;
    let (name, id) = text.split_once('\0').ok_or_else(bad)?;
    Ok(Cursor {
        name: name.to_string(),
        id: id.to_string(),
    })
}

impl Engine {
    /// A plain read (no `fields`): the stored default view, without parsing it.
    pub fn read_view(
        &self,
        sk: &ServerKind,
        key: &Key,
        include: Include,
    ) -> Result<store::View, ApiError> {
        let (id, fqn) = match key {
            Key::Id(id) => (Some(id.as_str()), None),
            Key::Fqn(f) => (None, Some(f.as_str())),
        };
        let mut found = self.store.view(sk.kind.type_name, id, fqn)?;
        if found.is_none()
            && sk.container.is_none()
            && let Some(quoted) = fqn.and_then(|f| fqn::quote_name(f).ok().filter(|q| q != f))
        {
            found = self.store.view(sk.kind.type_name, None, Some(&quoted))?;
        }
        match found {
            Some(view) if include.admits(view.deleted) => Ok(view),
            _ => Err(ApiError::not_found(
                sk.kind.type_name,
                id.or(fqn).unwrap_or_default(),
            )),
        }
    }

    /// Shapes a stored entity for a read: only the requested relationship fields, inherited
    /// owners and domains filled in.
    pub fn present(&self, sk: &ServerKind, s: &Stored, fields: &Fields) -> Result<Value, ApiError> {
        let mut out = s.json.clone();
        if let Some(o) = out.as_object_mut() {
            o.retain(|k, _| !is_relationship(&s.kind, k) || fields.wants(k));
        }
        self.fill_inherited(sk, s, &mut out, |f| fields.wants(f))?;
        for (kind, field, extension) in TIME_SERIES_FIELDS {
            let applies =
                *kind == sk.kind.type_name || (*kind == "*" && sk.kind.fields.contains(field));
            if applies && fields.wants(field) {
                let latest = self.latest_record(s, extension)?;
                if !latest.is_null() {
                    out[*field] = latest;
                }
            }
        }
        for d in DERIVED_FIELDS {
            if d.kind == sk.kind.type_name && fields.wants(d.field) {
                out[d.field] = (d.read)(self, s)?;
            }
        }
        for field in LIST_RELATIONSHIP_FIELDS {
            if fields.wants(field) && sk.kind.fields.contains(field) && out.get(*field).is_none() {
                out[*field] = json!([]);
            }
        }
        Ok(out)
    }

    /// Fills, in `out`, the inherited fields `wants` admits that the entity lacks: owners and
    /// domains from its nearest ancestor, a data product's owners and experts from its domains
    /// (the real `setInheritedFields` of each repository).
    pub(super) fn fill_inherited(
        &self,
        sk: &ServerKind,
        s: &Stored,
        out: &mut Value,
        wants: impl Fn(&str) -> bool,
    ) -> Result<(), ApiError> {
        let missing: Vec<&'static str> = INHERITED_FIELDS
            .iter()
            .copied()
            .filter(|f| wants(f) && sk.kind.fields.contains(f) && is_empty(out.get(*f)))
            .collect();
        if !missing.is_empty() {
            for (field, refs) in self.inherited(sk, s, &missing)? {
                out[field] = refs;
            }
        }
        if sk.kind.type_name == "dataProduct" {
            for field in ["owners", "experts"] {
                if wants(field) && is_empty(out.get(field)) {
                    out[field] = self.domain_inherited(s, field)?;
                }
            }
        }
        Ok(())
    }

    /// A data product's `field` (owners, experts) taken from its domains, each once, marked
    /// `inherited`.
    pub(super) fn domain_inherited(&self, s: &Stored, field: &str) -> Result<Value, ApiError> {
        let mut out = Vec::new();
        for domain in relations::references(&s.json, "domains") {
            if let Some(d) = self.store.get(text_field(&domain, "id"))? {
                relations::merge_references(&mut out, relations::references(&d.json, field), true);
            }
        }
        Ok(Value::Array(out))
    }

    /// For each of `wanted` (owners, domains), the references of the nearest ancestor that has
    /// some (the parent of a nested entity, else its container), marked `inherited`; one walk
    /// up for all of them.
    pub(crate) fn inherited(
        &self,
        sk: &ServerKind,
        s: &Stored,
        wanted: &[&'static str],
    ) -> Result<Vec<(&'static str, Value)>, ApiError> {
        let mut found: Vec<(&'static str, Value)> = Vec::new();
        let mut current = ancestor(sk, &s.json);
        while let Some(id) = current.filter(|_| found.len() < wanted.len()) {
            let Some(p) = self.store.get(&id)? else { break };
            for field in wanted {
                let refs = relations::references(&p.json, field);
                if !refs.is_empty() && !found.iter().any(|(f, _)| f == field) {
                    let mut marked = Vec::new();
                    relations::merge_references(&mut marked, refs, true);
                    found.push((field, Value::Array(marked)));
                }
            }
            current = kinds::by_type(&p.kind).and_then(|k| ancestor(&k, &p.json));
        }
        Ok(found)
    }

    /// One page of a collection.
    pub fn list(&self, sk: &ServerKind, q: &ListQuery) -> Result<Value, ApiError> {
        let (include, limit, fields) = (q.include, q.limit, &q.fields);
        let after = q.after.as_deref().map(decode_cursor).transpose()?;
        let before = q.before.as_deref().map(decode_cursor).transpose()?;
        let scope = store::ListScope {
            under: q.under.clone(),
            related: q
                .used_in
                .clone()
                .map(|id| (id, crate::store::relations::Relation::UsedIn)),
            flag: q.flag.map(|(field, v)| (format!("$.{field}"), v)),
        };
        let page = self.store.list(
            sk.kind.type_name,
            &scope,
            include,
            limit,
            after.as_ref(),
            before.as_ref(),
        )?;
        let data = page
            .rows
            .iter()
            .map(|s| self.present(sk, s, fields))
            .collect::<Result<Vec<_>, _>>()?;
        let mut paging = json!({"total": page.total});
        if let Some(c) = page.before {
            paging["before"] = json!(encode_cursor(&c));
        }
        if let Some(c) = page.after {
            paging["after"] = json!(encode_cursor(&c));
        }
        Ok(json!({"data": data, "paging": paging}))
    }

    /// `GET .../versions`: every version, latest first, each as a JSON string.
    pub fn versions(&self, sk: &ServerKind, id: &str) -> Result<Value, ApiError> {
        let s = self.find(sk, &Key::Id(id.to_string()), Include::All)?;
        let versions: Vec<Value> = self
            .store
            .versions(&s.id)?
            .into_iter()
            .map(|(_, j)| Value::String(j.to_string()))
            .collect();
        Ok(json!({"entityType": sk.kind.type_name, "versions": versions}))
    }

    /// `GET .../versions/{v}`.
    pub fn version(&self, sk: &ServerKind, id: &str, version: &str) -> Result<Value, ApiError> {
        let wanted: f64 = version
            .parse()
            .map_err(|_| ApiError::bad_request(format!("Invalid version {version}")))?;
        let s = self.find(sk, &Key::Id(id.to_string()), Include::All)?;
        self.store
            .versions(&s.id)?
            .into_iter()
            .find(|(v, _)| (v - wanted).abs() < 1e-9)
            .map(|(_, j)| j)
            .ok_or_else(|| {
                ApiError::not_found(sk.kind.type_name, &format!("{id} version {version}"))
            })
    }
}
