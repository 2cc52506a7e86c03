//! Compiled policy rules and the real `PolicyEvaluator`'s two passes: every deny rule first
//! (the first that matches refuses, naming its role, policy and rule), then the allow rules,
//! each removing the operations it grants; whatever is left is not allowed.

use std::sync::Arc;

use serde_json::Value;

use crate::engine::authorization::operations::covers;
use crate::engine::policy_conditions::Condition;
use crate::engine::text_field as text;
use crate::store::Stored;

/// One rule of a policy.
#[derive(Debug)]
pub(crate) struct Rule {
    /// Rule name.
    pub name: String,
    /// `effect: allow` (else deny).
    pub allow: bool,
    /// Resource types (`all` for every one).
    pub resources: Vec<String>,
    /// Operations (`All`, `EditAll`, `ViewAll` cover families).
    pub operations: Vec<String>,
    /// The condition, if any; one that does not parse never holds.
    pub condition: Option<Result<Condition, String>>,
    /// The rule as stored (the `rule` of a permission listing).
    pub json: Value,
}

impl Rule {
    fn compile(json: &Value) -> Rule {
        let strings = |field: &str| -> Vec<String> {
            json.get(field)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        };
        Rule {
            name: text(json, "name").to_string(),
            allow: text(json, "effect") != "deny",
            resources: strings("resources"),
            operations: strings("operations"),
            condition: json
                .get("condition")
                .and_then(Value::as_str)
                .map(Condition::parse),
            json: json.clone(),
        }
    }

    /// Whether the rule is about resources of `resource` type (`scim` only by name).
    pub(crate) fn matches_resource(&self, resource: &str) -> bool {
        self.resources
            .iter()
            .any(|r| r.eq_ignore_ascii_case(resource))
            || (self.resources.iter().any(|r| r.eq_ignore_ascii_case("all"))
                && !resource.eq_ignore_ascii_case("scim"))
    }

    /// Whether the rule names `op` (directly or by a family).
    pub(crate) fn matches_operation(&self, op: &str) -> bool {
        covers(&self.operations, op)
    }
}

/// A policy as it reaches a subject: through a role of a user or team, or attached to a team.
#[derive(Debug, Clone)]
pub(crate) struct PolicyContext {
    /// `user` or `team`: who holds it.
    pub holder_type: &'static str,
    /// The holder's name.
    pub holder: String,
    /// The role it came through (`None` for a team's own policy).
    pub role: Option<String>,
    /// The policy name.
    pub policy: String,
    /// Its rules, in stored order.
    pub rules: Arc<[Rule]>,
}

impl PolicyContext {
    /// The policy `p` held by `holder`; nothing if the policy is disabled.
    pub(crate) fn compile(
        p: &Stored,
        holder_type: &'static str,
        holder: &str,
        role: Option<String>,
    ) -> Option<PolicyContext> {
        if p.json.get("enabled").and_then(Value::as_bool) == Some(false) {
            return None;
        }
        let rules = p
            .json
            .get("rules")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(Rule::compile)
            .collect();
        Some(PolicyContext {
            holder_type,
            holder: holder.to_string(),
            role,
            policy: p.name.clone(),
            rules,
        })
    }
}

/// Why an operation was refused, as the real `CatalogExceptionMessage` words it.
pub(crate) fn denied_message(user: &str, op: &str, policy: &PolicyContext, rule: &Rule) -> String {
    match &policy.role {
        Some(role) => format!(
            "Principal: CatalogPrincipal{{name='{user}'}} operation {op} denied by role {role}, policy {}, rule {}",
            policy.policy, rule.name
        ),
        None => format!(
            "Principal: CatalogPrincipal{{name='{user}'}} operation {op} denied policy {}, rule {}",
            policy.policy, rule.name
        ),
    }
}

/// Operations no rule allowed.
pub(crate) fn not_allowed_message(user: &str, ops: &[&str]) -> String {
    format!(
        "Principal: CatalogPrincipal{{name='{user}'}} operations [{}] not allowed",
        ops.join(", ")
    )
}

/// A caller that must be an admin and is not.
pub(crate) fn not_admin_message(user: &str) -> String {
    format!("Principal: CatalogPrincipal{{name='{user}'}} is not admin")
}
