//! The rule functions of a condition, evaluated as the real `RuleEvaluator` evaluates them
//! for one subject, one resource and the policy the rule belongs to. Without an entity (a
//! listing) `noOwner()`, `noDomain()` and `hasDomain()` hold and the others do not.

use serde_json::Value;

use crate::engine::authorization::resource::ResourceContext;
use crate::engine::authorization::rules::PolicyContext;
use crate::engine::authorization::stop::Stop;
use crate::engine::authorization::subject::Subject;
use crate::engine::error::ApiError;
use crate::engine::policy_conditions::Call;
use crate::engine::{Engine, text_field as text};

/// What a condition is evaluated against.
pub(crate) struct Facts<'a> {
    pub engine: &'a Engine,
    pub subject: &'a Subject,
    pub resource: &'a ResourceContext,
    pub policy: &'a PolicyContext,
    /// Whether reading the entity is not allowed (the decision is tried without the store).
    pub offline: bool,
}

impl Facts<'_> {
    /// The value of one function call.
    pub(crate) fn call(&self, call: &Call) -> Result<bool, Stop> {
        let any_arg = |f: &dyn Fn(&str) -> bool| call.args.iter().any(|a| f(a));
        match call.name.as_str() {
            "inAnyTeam" => return Ok(any_arg(&|t| self.subject.is_under_team(t))),
            "hasAnyRole" => return Ok(any_arg(&|r| self.subject.roles.contains(r))),
            _ => {}
        }
        let facts = self.resource.facts(self.engine, self.offline)?;
        let owners = facts.map(|f| f.owners.as_slice());
        let tags: &[String] = facts.map_or(&[], |f| f.tags.as_slice());
        let entity = facts.map(|f| &f.entity);
        Ok(match call.name.as_str() {
            "noOwner" => owners.is_none_or(<[Value]>::is_empty),
            "isOwner" => owners.is_some_and(|o| self.subject.is_owner(o)),
            "isReviewer" => entity.is_some_and(|e| {
                let reviewers = crate::store::relations::references(e, "reviewers");
                self.subject.is_owner(&reviewers)
            }),
            "matchAllTags" => !tags.is_empty() && call.args.iter().all(|a| tags.contains(a)),
            "matchAnyTag" => any_arg(&|a| tags.iter().any(|t| t == a)),
            "matchAnyCertification" => {
                let cert = entity
                    .and_then(|e| e.pointer("/certification/tagLabel/tagFQN"))
                    .and_then(Value::as_str);
                cert.is_some_and(|c| any_arg(&|a| a == c))
            }
            "matchTeam" => match owners {
                Some(owners) if !owners.is_empty() && self.policy.holder_type == "team" => {
                    let team = &self.policy.holder;
                    self.is_team_asset(team, owners)? && self.subject.is_under_team(team)
                }
                _ => false,
            },
            "hasDomain" => has_domain(self.subject, facts.map(|f| f.domains.as_slice())),
            "noDomain" => facts.is_none_or(|f| f.domains.is_empty()),
            _ => false,
        })
    }

    /// Whether any owner is, or is in, `team` or a team below it.
    fn is_team_asset(&self, team: &str, owners: &[Value]) -> Result<bool, ApiError> {
        for owner in owners {
            let under = match text(owner, "type") {
                "user" => self
                    .engine
                    .subject(text(owner, "name"))
                    .is_ok_and(|s| s.is_under_team(team)),
                "team" => self.engine.team_is_under(text(owner, "id"), team)?,
                _ => false,
            };
            if under {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// A resource without domains is open; otherwise one of the user's domains must be one of the
/// resource's or above it.
fn has_domain(subject: &Subject, domains: Option<&[Value]>) -> bool {
    let resource: Vec<&str> = domains
        .into_iter()
        .flatten()
        .map(|d| text(d, "fullyQualifiedName"))
        .collect();
    if resource.is_empty() {
        return true;
    }
    subject.domains.iter().any(|mine| {
        resource.iter().any(|r| {
            r == mine
                || r.strip_prefix(mine.as_str())
                    .is_some_and(|rest| rest.starts_with('.'))
        })
    })
}
