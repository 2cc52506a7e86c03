//! Team membership read from both sides, as the real server keeps it in one relationship: a
//! team's `users` are those it lists and those whose `teams` name it, a user's `teams` those it
//! names and those listing it; and a user's `inheritedRoles`, the default roles of its teams
//! and of their parent teams, marked `inherited`; a role's `users` and `teams`.

use serde_json::Value;

use crate::engine::error::ApiError;
use crate::engine::{Engine, text_field as text};
use crate::store::Stored;
use crate::store::relations::{Relation, merge_references, references};

/// How many related entities a membership read takes at most.
const MEMBERSHIP_LIMIT: i64 = 10_000;

impl Engine {
    /// The entities related to `s` by `relation` that are of `kind`, as references.
    fn related_of_kind(
        &self,
        s: &Stored,
        relation: Relation,
        kind: &str,
    ) -> Result<Vec<Value>, ApiError> {
        let (rows, _) = self.store.related(&s.id, relation, MEMBERSHIP_LIMIT, 0)?;
        Ok(rows
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| self.reference(r))
            .collect())
    }

    /// A team's members: those it lists, then the users naming it.
    pub(crate) fn team_users(&self, team: &Stored) -> Result<Vec<Value>, ApiError> {
        let mut out = references(&team.json, "users");
        merge_references(
            &mut out,
            self.related_of_kind(team, Relation::HasMember, "user")?,
            false,
        );
        Ok(out)
    }

    /// A user's teams: those it names, then the teams listing it.
    pub(crate) fn user_teams(&self, user: &Stored) -> Result<Vec<Value>, ApiError> {
        let mut out = references(&user.json, "teams");
        merge_references(
            &mut out,
            self.related_of_kind(user, Relation::ListedIn, "team")?,
            false,
        );
        Ok(out)
    }

    /// Who has a role, as the real `RoleRepository` reads it: `users`, the users whose
    /// `roles` name it; `teams`, the teams whose `defaultRoles` name it.
    pub(crate) fn role_holders(&self, role: &Stored, field: &str) -> Result<Value, ApiError> {
        let (relation, kind) = match field {
            "users" => (Relation::HasRole, "user"),
            _ => (Relation::DefaultRole, "team"),
        };
        Ok(Value::Array(self.related_of_kind(role, relation, kind)?))
    }

    /// The default roles of a user's teams and of their ancestors, each once.
    pub(crate) fn inherited_roles(&self, user: &Stored) -> Result<Value, ApiError> {
        let mut queue: Vec<String> = self
            .user_teams(user)?
            .iter()
            .map(|t| text(t, "id").to_string())
            .collect();
        let mut out = Vec::new();
        let mut next = 0;
        while let Some(id) = queue.get(next).cloned() {
            next += 1;
            if queue[..next - 1].contains(&id) {
                continue;
            }
            let Some(team) = self.store.get(&id)? else {
                continue;
            };
            merge_references(&mut out, references(&team.json, "defaultRoles"), true);
            queue.extend(
                references(&team.json, "parents")
                    .iter()
                    .map(|p| text(p, "id").to_string()),
            );
        }
        Ok(Value::Array(out))
    }
}
