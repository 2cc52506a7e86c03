//! Who asks, as the real `SubjectContext` sees them: the user, whether admin or bot, its
//! direct teams and every team above them, its roles (direct, and the default roles of its
//! teams up the hierarchy) and the policies those bring, in the real server's order: the
//! user's roles' policies, then for each team (depth first, up to `Organization`) its default
//! roles' policies and its own policies. Bots take nothing from teams. A user in no team is in
//! `Organization`.

use std::collections::HashSet;

use serde_json::Value;

use crate::engine::authorization::rules::PolicyContext;
use crate::engine::error::ApiError;
use crate::engine::{Engine, text_field as text};
use crate::store::Stored;
use crate::store::relations::references;

/// The team every user is in.
pub const ORGANIZATION: &str = "Organization";

/// A team as the subject's policies see it.
#[derive(Debug, Clone)]
pub(crate) struct TeamNode {
    /// Team id.
    pub id: String,
    /// Team name.
    pub name: String,
}

/// The caller, with everything authorization reads of it.
#[derive(Debug)]
pub struct Subject {
    /// The user name.
    pub name: String,
    /// `isAdmin`.
    pub is_admin: bool,
    /// `isBot`.
    pub is_bot: bool,
    /// Names of the teams the user is directly in.
    pub(crate) direct_teams: Vec<String>,
    /// Names of those teams and every team above them.
    pub(crate) teams_above: HashSet<String>,
    /// Names of the user's roles and of its teams' default roles, up the hierarchy.
    pub(crate) roles: HashSet<String>,
    /// Fully qualified names of the user's domains.
    pub(crate) domains: Vec<String>,
    /// The policies that apply, in evaluation order.
    pub(crate) policies: Vec<PolicyContext>,
    /// Ids of the teams whose policies are already in `policies`.
    pub(crate) visited_teams: HashSet<String>,
    /// Whether a team whose policies are not among `policies` has a deny rule (then the
    /// policies of the teams owning an entity must be read for every request about it).
    pub(crate) deny_rules_elsewhere: bool,
    /// The bot token the server holds for it (a bot's token is valid only while held).
    pub bot_token: Option<String>,
    /// The personal access tokens it holds.
    pub personal_tokens: Vec<String>,
}

impl Subject {
    /// Whether the user is in `team` or in a team below it.
    pub(crate) fn is_under_team(&self, team: &str) -> bool {
        self.teams_above.contains(team)
    }

    /// Whether `owners` name the user, or a team the user is directly in.
    pub(crate) fn is_owner(&self, owners: &[Value]) -> bool {
        owners.iter().any(|o| match text(o, "type") {
            "user" => text(o, "name") == self.name,
            "team" => self.direct_teams.iter().any(|t| t == text(o, "name")),
            _ => false,
        })
    }
}

impl Engine {
    /// The subject named `name`, or a 401 if no such user exists.
    pub(crate) fn subject(&self, name: &str) -> Result<Subject, ApiError> {
        let fqn = crate::engine::fqn::quote_name(name)?;
        let user = self
            .store
            .get_by_fqn("user", &fqn)?
            .filter(|u| !u.deleted)
            .ok_or_else(|| {
                ApiError::unauthorized(format!("Not authorized; User {name} does not exist"))
            })?;
        let flag = |f: &str| user.json.get(f).and_then(Value::as_bool).unwrap_or(false);
        let mut subject = Subject {
            name: name.to_string(),
            is_admin: flag("isAdmin"),
            is_bot: flag("isBot"),
            direct_teams: Vec::new(),
            teams_above: HashSet::new(),
            roles: HashSet::new(),
            domains: references(&user.json, "domains")
                .iter()
                .map(|d| text(d, "fullyQualifiedName").to_string())
                .collect(),
            policies: Vec::new(),
            visited_teams: HashSet::new(),
            deny_rules_elsewhere: false,
            bot_token: None,
            personal_tokens: Vec::new(),
        };
        if subject.is_bot {
            subject.bot_token = self.bot_token(&user)?;
        }
        subject.personal_tokens = self
            .personal_tokens(&user)?
            .iter()
            .map(|t| text(t, "jwtToken").to_string())
            .collect();
        for role in references(&user.json, "roles") {
            if let Some(role) = self.live(text(&role, "id"))? {
                subject.roles.insert(role.name.clone());
                if !subject.is_admin {
                    self.role_policies(&role, "user", name, &mut subject.policies)?;
                }
            }
        }
        let teams = self.teams_of(&user)?;
        subject.direct_teams = teams.iter().map(|t| t.name.clone()).collect();
        let team_ids: Vec<String> = teams.iter().map(|t| t.id.clone()).collect();
        let mut stack: Vec<TeamNode> = teams;
        let mut seen = HashSet::new();
        while let Some(team) = stack.pop() {
            if !seen.insert(team.id.clone()) {
                continue;
            }
            subject.teams_above.insert(team.name.clone());
            if let Some(stored) = self.live(&team.id)? {
                for role in references(&stored.json, "defaultRoles") {
                    subject.roles.insert(text(&role, "name").to_string());
                }
                stack.extend(self.parents(&stored)?);
            }
        }
        if !subject.is_bot && !subject.is_admin {
            let mut visited = HashSet::new();
            for team in &team_ids {
                self.visit_team(team, false, &mut visited, &mut subject.policies)?;
            }
            subject.visited_teams = visited;
        }
        subject.deny_rules_elsewhere = self.deny_rules_outside(&subject.visited_teams)?;
        Ok(subject)
    }

    /// A subject holding exactly the policies `ids`, as if attached to it directly (what
    /// `GET /permissions/policies` lists).
    pub(crate) fn policies_subject(&self, ids: &[String]) -> Result<Subject, ApiError> {
        let mut policies = Vec::new();
        for id in ids {
            let p = self
                .live(id)?
                .filter(|p| p.kind == "policy")
                .ok_or_else(|| ApiError::not_found("policy", id))?;
            policies.extend(PolicyContext::compile(&p, "", "", None));
        }
        Ok(Subject {
            name: String::new(),
            is_admin: false,
            is_bot: false,
            direct_teams: Vec::new(),
            teams_above: HashSet::new(),
            roles: HashSet::new(),
            domains: Vec::new(),
            policies,
            visited_teams: HashSet::new(),
            deny_rules_elsewhere: false,
            bot_token: None,
            personal_tokens: Vec::new(),
        })
    }

    /// The policies of the teams owning a resource (and of their parents) that the subject
    /// does not already have, as the real server adds them for that resource.
    pub(crate) fn owner_team_policies(
        &self,
        subject: &Subject,
        owners: &[Value],
    ) -> Result<Vec<PolicyContext>, ApiError> {
        let mut visited = subject.visited_teams.clone();
        let mut out = Vec::new();
        for owner in owners.iter().filter(|o| text(o, "type") == "team") {
            self.visit_team(text(owner, "id"), true, &mut visited, &mut out)?;
        }
        Ok(out)
    }

    /// Whether a live team not in `visited` has a policy with a deny rule.
    fn deny_rules_outside(&self, visited: &HashSet<String>) -> Result<bool, ApiError> {
        for team in self.store.teams_with_policies()? {
            if visited.contains(&team.id) {
                continue;
            }
            for policy in references(&team.json, "policies") {
                let Some(p) = self.live(text(&policy, "id"))? else {
                    continue;
                };
                let rules = p.json.get("rules").and_then(Value::as_array);
                if rules
                    .into_iter()
                    .flatten()
                    .any(|r| text(r, "effect") == "deny")
                {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// Whether team `id`, or a team above it, is named `ancestor`.
    pub(crate) fn team_is_under(&self, id: &str, ancestor: &str) -> Result<bool, ApiError> {
        let mut stack = vec![id.to_string()];
        let mut seen = HashSet::new();
        while let Some(id) = stack.pop() {
            if !seen.insert(id.clone()) {
                continue;
            }
            let Some(team) = self.live(&id)? else {
                continue;
            };
            if team.name == ancestor {
                return Ok(true);
            }
            stack.extend(self.parents(&team)?.into_iter().map(|p| p.id));
        }
        Ok(false)
    }

    /// The stored entity `id`, unless it is missing or soft-deleted.
    fn live(&self, id: &str) -> Result<Option<Stored>, ApiError> {
        Ok(self.store.get(id)?.filter(|s| !s.deleted))
    }

    fn team_node(s: &Stored) -> TeamNode {
        TeamNode {
            id: s.id.clone(),
            name: s.name.clone(),
        }
    }

    /// A user's direct teams, or `Organization` when it names none.
    fn teams_of(&self, user: &Stored) -> Result<Vec<TeamNode>, ApiError> {
        let mut out = Vec::new();
        for team in self.user_teams(user)? {
            if let Some(t) = self.live(text(&team, "id"))? {
                out.push(Self::team_node(&t));
            }
        }
        if out.is_empty()
            && let Some(org) = self.store.get_by_fqn("team", ORGANIZATION)?
        {
            out.push(Self::team_node(&org));
        }
        Ok(out)
    }

    /// A team's parents (a team without parents other than `Organization` is under it).
    fn parents(&self, team: &Stored) -> Result<Vec<TeamNode>, ApiError> {
        let mut out = Vec::new();
        for p in references(&team.json, "parents") {
            if let Some(t) = self.live(text(&p, "id"))? {
                out.push(Self::team_node(&t));
            }
        }
        if out.is_empty()
            && team.name != ORGANIZATION
            && let Some(org) = self.store.get_by_fqn("team", ORGANIZATION)?
        {
            out.push(Self::team_node(&org));
        }
        Ok(out)
    }

    /// Adds the policies of team `id` (its default roles' unless `skip_roles`, then its own),
    /// then its parents', depth first, each team once.
    fn visit_team(
        &self,
        id: &str,
        skip_roles: bool,
        visited: &mut HashSet<String>,
        out: &mut Vec<PolicyContext>,
    ) -> Result<(), ApiError> {
        if !visited.insert(id.to_string()) {
            return Ok(());
        }
        let Some(team) = self.live(id)? else {
            return Ok(());
        };
        if !skip_roles {
            for role in references(&team.json, "defaultRoles") {
                if let Some(role) = self.live(text(&role, "id"))? {
                    self.role_policies(&role, "team", &team.name, out)?;
                }
            }
        }
        for policy in references(&team.json, "policies") {
            if let Some(p) = self.live(text(&policy, "id"))? {
                out.extend(PolicyContext::compile(&p, "team", &team.name, None));
            }
        }
        for parent in self.parents(&team)? {
            self.visit_team(&parent.id, skip_roles, visited, out)?;
        }
        Ok(())
    }

    /// Adds the policies of `role`, held by the user or team `holder`.
    fn role_policies(
        &self,
        role: &Stored,
        holder_type: &'static str,
        holder: &str,
        out: &mut Vec<PolicyContext>,
    ) -> Result<(), ApiError> {
        for policy in references(&role.json, "policies") {
            if let Some(p) = self.live(text(&policy, "id"))? {
                out.extend(PolicyContext::compile(
                    &p,
                    holder_type,
                    holder,
                    Some(role.name.clone()),
                ));
            }
        }
        Ok(())
    }
}
