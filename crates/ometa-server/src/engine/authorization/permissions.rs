//! Resource descriptors and permission listings, as the real `ResourceRegistry` and
//! `PolicyEvaluator` build them: every resource has the common operations, those its fields
//! imply (`tags` → `EditTags`, ...) and its own; a listing gives each operation's access
//! (`allow`, `deny`, `conditionalAllow`, `conditionalDeny`, `notAllow`) and the role, policy
//! and rule that decided it.

use serde_json::{Value, json};

use crate::engine::Engine;
use crate::engine::authorization::operations;
use crate::engine::authorization::resource::ResourceContext;
use crate::engine::authorization::rules::{PolicyContext, Rule};
use crate::engine::authorization::subject::Subject;
use crate::engine::error::ApiError;
use crate::engine::kinds::{self, ServerKind};

/// Operations every entity resource has.
const COMMON: &[&str] = &[
    "Create",
    "Delete",
    "ViewAll",
    "ViewBasic",
    "EditAll",
    "EditDescription",
    "EditDisplayName",
    "EditGlossaryTerms",
    "EditTier",
    "CreateTask",
    "EditTask",
];

/// Operations a field of the entity brings.
const FIELD_OPERATIONS: &[(&str, &str)] = &[
    ("tags", "EditTags"),
    ("owners", "EditOwners"),
    ("extension", "EditCustomFields"),
    ("roles", "EditRole"),
    ("defaultRoles", "EditRole"),
    ("reviewers", "EditReviewers"),
    ("certification", "EditCertification"),
];

/// Operations of one kind of resource only.
const SPECIFIC: &[(&str, &[&str])] = &[
    (
        "table",
        &[
            "ViewTests",
            "ViewQueries",
            "ViewDataProfile",
            "ViewSampleData",
            "ViewUsage",
            "ViewProfilerGlobalConfiguration",
            "EditTests",
            "EditQueries",
            "EditDataProfile",
            "EditSampleData",
            "EditLineage",
            "EditEntityRelationship",
            "CreateTests",
        ],
    ),
    ("topic", &["ViewSampleData", "EditSampleData"]),
    ("searchIndex", &["ViewSampleData", "EditSampleData"]),
    ("dashboard", &["ViewUsage", "EditLineage"]),
    ("chart", &["ViewUsage", "EditLineage"]),
    ("database", &["ViewUsage", "EditUsage"]),
    ("databaseSchema", &["ViewUsage", "EditUsage"]),
    ("pipeline", &["EditLineage", "EditStatus"]),
    (
        "ingestionPipeline",
        &[
            "CreateIngestionPipelineAutomator",
            "EditIngestionPipelineStatus",
            "Deploy",
            "Trigger",
        ],
    ),
    ("team", &["EditPolicy", "EditUsers"]),
    ("user", &["EditTeams"]),
];

/// The operations of `resource` (case-insensitive), in the schema's order; `all` has every
/// operation.
pub fn descriptor(resource: &str) -> Option<(String, Vec<&'static str>)> {
    if resource.eq_ignore_ascii_case("all") {
        return Some(("all".into(), operations::all().collect()));
    }
    kinds::all()
        .find(|k| k.kind.type_name.eq_ignore_ascii_case(resource))
        .map(|sk| descriptor_of(&sk))
}

/// The operations of the entity kind `sk`.
fn descriptor_of(sk: &ServerKind) -> (String, Vec<&'static str>) {
    let name = sk.kind.type_name;
    let specific = SPECIFIC
        .iter()
        .find(|(k, _)| *k == name)
        .map_or(&[][..], |(_, ops)| *ops);
    let fields = FIELD_OPERATIONS
        .iter()
        .filter(|(f, _)| sk.kind.fields.contains(f))
        .map(|(_, op)| *op);
    let wanted: Vec<&str> = COMMON
        .iter()
        .chain(specific)
        .copied()
        .chain(fields)
        .collect();
    let ops = operations::all().filter(|op| wanted.contains(op)).collect();
    (name.to_string(), ops)
}

/// Every resource descriptor, `all` first, then by name.
pub fn descriptors() -> Vec<(String, Vec<&'static str>)> {
    let mut kinds: Vec<ServerKind> = kinds::all().collect();
    kinds.sort_unstable_by_key(|k| k.kind.type_name);
    std::iter::once(("all".to_string(), operations::all().collect()))
        .chain(kinds.iter().map(descriptor_of))
        .collect()
}

/// The real `Access` values, most decisive first.
const ACCESS: &[&str] = &[
    "deny",
    "allow",
    "conditionalDeny",
    "conditionalAllow",
    "notAllow",
];

fn rank(access: &str) -> usize {
    ACCESS
        .iter()
        .position(|a| *a == access)
        .unwrap_or(ACCESS.len())
}

/// One operation's permission being decided.
struct Permission {
    operation: &'static str,
    access: &'static str,
    decided_by: Option<(Option<String>, String, Value)>,
}

impl Permission {
    fn offer(&mut self, access: &'static str, policy: &PolicyContext, rule: &Rule) {
        if rank(self.access) > rank(access) {
            self.access = access;
            self.decided_by = Some((
                policy.role.clone(),
                policy.policy.clone(),
                rule.json.clone(),
            ));
        }
    }

    fn to_json(&self) -> Value {
        let mut out = json!({"operation": self.operation, "access": self.access});
        if let Some((role, policy, rule)) = &self.decided_by {
            if let Some(role) = role {
                out["role"] = json!(role);
            }
            out["policy"] = json!(policy);
            out["rule"] = rule.clone();
        }
        out
    }
}

/// Drops the single `View…`/`Edit…` operations when `ViewAll`/`EditAll` is decided.
fn trimmed(perms: Vec<Permission>) -> Vec<Permission> {
    let decided = |op: &str| {
        perms
            .iter()
            .any(|p| p.operation == op && matches!(p.access, "allow" | "deny"))
    };
    let (view_all, edit_all) = (decided("ViewAll"), decided("EditAll"));
    perms
        .into_iter()
        .filter(|p| {
            let op = p.operation;
            !((view_all && op != "ViewAll" && op.starts_with("View"))
                || (edit_all && op != "EditAll" && op.starts_with("Edit")))
        })
        .collect()
}

impl Engine {
    /// The `ResourcePermission` of `subject` on `resource`; with `entity`, the rules'
    /// conditions are evaluated on it (else a rule with a condition is conditional).
    pub fn resource_permission(
        &self,
        subject: &Subject,
        resource: &str,
        entity: Option<&ResourceContext>,
    ) -> Result<Value, ApiError> {
        let (name, ops) = descriptor(resource)
            .ok_or_else(|| ApiError::bad_request(format!("Resource type {resource} not found")))?;
        self.permission_for(subject, &name, ops, entity)
    }

    /// The `ResourcePermission` of `subject` on the resource `name` with operations `ops`.
    fn permission_for(
        &self,
        subject: &Subject,
        name: &str,
        ops: Vec<&'static str>,
        entity: Option<&ResourceContext>,
    ) -> Result<Value, ApiError> {
        let initial = if subject.is_admin {
            "allow"
        } else {
            "notAllow"
        };
        let mut perms: Vec<Permission> = ops
            .into_iter()
            .map(|operation| Permission {
                operation,
                access: initial,
                decided_by: None,
            })
            .collect();
        if !subject.is_admin {
            let facts = match entity {
                Some(rc) => rc.facts(self, false)?,
                None => None,
            };
            let owner_teams = match facts {
                Some(f) => self.owner_team_policies(subject, &f.owners)?,
                None => Vec::new(),
            };
            for policy in subject.policies.iter().chain(owner_teams.iter()) {
                for rule in policy.rules.iter() {
                    if !rule.matches_resource(name) {
                        continue;
                    }
                    let access = match entity {
                        Some(rc) => {
                            if !self.rule_holds(subject, rc, policy, rule, false)? {
                                continue;
                            }
                            if rule.allow { "allow" } else { "deny" }
                        }
                        None => match (rule.condition.is_some(), rule.allow) {
                            (true, true) => "conditionalAllow",
                            (true, false) => "conditionalDeny",
                            (false, true) => "allow",
                            (false, false) => "deny",
                        },
                    };
                    for p in perms
                        .iter_mut()
                        .filter(|p| rule.matches_operation(p.operation))
                    {
                        p.offer(access, policy, rule);
                    }
                }
            }
        }
        let permissions: Vec<Value> = trimmed(perms).iter().map(Permission::to_json).collect();
        Ok(json!({"resource": name, "permissions": permissions}))
    }

    /// The subject's permissions on every resource (`GET /permissions`).
    pub fn all_permissions(&self, subject: &Subject) -> Result<Value, ApiError> {
        let data = descriptors()
            .into_iter()
            .map(|(name, ops)| self.permission_for(subject, &name, ops, None))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(json!({"data": data}))
    }
}
