//! Assets of an owner, domain, data product, tag or glossary term
//! (`GET /users/name/{name}/assets?limit&offset` and the like), from the relationship tables.

use serde_json::{Value, json};

use crate::engine::error::ApiError;
use crate::engine::kinds;
use crate::engine::{Engine, Key};
use crate::store::Include;
use crate::store::relations::Relation;

/// The kinds that have assets, and how their assets are found.
pub const HOLDERS: &[(&str, Holding)] = &[
    ("user", Holding::By(Relation::Owns)),
    ("team", Holding::By(Relation::Owns)),
    ("domain", Holding::By(Relation::HasDomain)),
    ("dataProduct", Holding::By(Relation::HasAsset)),
    ("tag", Holding::Tagged),
    ("glossaryTerm", Holding::Tagged),
];

/// How a holder's assets are related to it.
#[derive(Debug, Clone, Copy)]
pub enum Holding {
    /// By a relationship from the holder.
    By(Relation),
    /// By a tag label naming the holder's FQN.
    Tagged,
}

impl Engine {
    /// One page of the assets of the `holder_kind` entity named `fqn`.
    pub fn assets(
        &self,
        holder_kind: &str,
        fqn: &str,
        limit: i64,
        offset: i64,
    ) -> Result<Value, ApiError> {
        let (sk, holding) = HOLDERS
            .iter()
            .find(|(k, _)| *k == holder_kind)
            .and_then(|(k, h)| Some((kinds::by_type(k)?, *h)))
            .ok_or_else(|| ApiError::bad_request(format!("{holder_kind} has no assets")))?;
        let holder = self.find(&sk, &Key::Fqn(fqn.to_string()), Include::NonDeleted)?;
        let (rows, total) = match holding {
            Holding::By(relation) => self.store.related(&holder.id, relation, limit, offset)?,
            Holding::Tagged => self.store.tagged(&holder.fqn, limit, offset)?,
        };
        let data: Vec<Value> = rows.iter().map(|s| self.reference(s)).collect();
        Ok(json!({"data": data, "paging": {"offset": offset, "limit": limit, "total": total}}))
    }
}
