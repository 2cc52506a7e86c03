//! The team hierarchy of the real `TeamRepository` (`populateParents`, `populateChildren`,
//! `TeamMapper`, `TeamUpdater.updateTeamType`): which team types may be parents and children
//! of which, how many parents a division or business unit has, one Organization, and the
//! team type changes a team may make.

use serde_json::Value;

use crate::engine::error::ApiError;
use crate::engine::{Engine, text_field};
use crate::store::relations::references;

/// The team types a team of `child` type may have as parents.
fn allowed_parents(child: &str) -> &'static [&'static str] {
    match child {
        "Group" | "Department" => &["Department", "Division", "BusinessUnit", "Organization"],
        "Division" => &["Division", "BusinessUnit", "Organization"],
        "BusinessUnit" => &["BusinessUnit", "Organization"],
        _ => &[],
    }
}

/// The team types a team of `parent` type may have as children.
fn allowed_children(parent: &str) -> &'static [&'static str] {
    match parent {
        "Department" => &["Department", "Group"],
        "Division" => &["Department", "Division", "Group"],
        "BusinessUnit" | "Organization" => &["BusinessUnit", "Division", "Department", "Group"],
        _ => &[],
    }
}

/// A team's type (`Group` when unset, as the schema's default).
fn team_type(doc: &Value) -> &str {
    doc.get("teamType")
        .and_then(Value::as_str)
        .unwrap_or("Group")
}

impl Engine {
    /// Checks a team written as `doc` (its parents and children resolved to references);
    /// `old` is the team before an update.
    pub(crate) fn check_team(&self, doc: &Value, old: Option<&Value>) -> Result<(), ApiError> {
        let (name, kind) = (text_field(doc, "name"), team_type(doc));
        let children = references(doc, "children");
        match old {
            None if kind == "Organization"
                && self.store.get_by_fqn("team", "Organization")?.is_some() =>
            {
                return Err(ApiError::bad_request(
                    "Only one Organization is allowed. New Organization type can't be created",
                ));
            }
            Some(before) if team_type(before) == "Group" && kind != "Group" => {
                return Err(ApiError::bad_request(
                    "Team of type Group cannot be updated",
                ));
            }
            Some(before)
                if team_type(before) != "Group" && kind == "Group" && !children.is_empty() =>
            {
                return Err(ApiError::bad_request(
                    "A team with children cannot be updated to type Group",
                ));
            }
            _ => {}
        }
        let parents = references(doc, "parents");
        if kind == "Organization" && !parents.is_empty() {
            return Err(ApiError::bad_request(
                "Team of type Organization can't have a parent team",
            ));
        }
        if matches!(kind, "Division" | "BusinessUnit") && parents.len() > 1 {
            return Err(ApiError::bad_request(format!(
                "Team of type {kind} can have only 1 parents"
            )));
        }
        for parent in &parents {
            let Some(p) = self.store.get(text_field(parent, "id"))? else {
                continue;
            };
            let parent_kind = team_type(&p.json);
            if !allowed_parents(kind).contains(&parent_kind) {
                return Err(ApiError::bad_request(format!(
                    "Team {} of type {parent_kind} can't be of parent of team {name} of type {kind}",
                    p.name
                )));
            }
        }
        if kind == "Group" && !children.is_empty() {
            return Err(ApiError::bad_request(
                "Team of type Group can't have children of type team. Only users are allowed as \
                 part of the team",
            ));
        }
        for child in &children {
            let Some(c) = self.store.get(text_field(child, "id"))? else {
                continue;
            };
            let child_kind = team_type(&c.json);
            if !allowed_children(kind).contains(&child_kind) {
                return Err(ApiError::bad_request(format!(
                    "Team {name} of type {kind} can't have child team {} of type {child_kind}",
                    c.name
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hierarchy_follows_team_repository() {
        assert!(allowed_parents("Group").contains(&"Organization"));
        assert!(!allowed_parents("BusinessUnit").contains(&"Division"));
        assert!(allowed_parents("Organization").is_empty());
        assert!(allowed_children("Group").is_empty());
        assert_eq!(allowed_children("Department"), ["Department", "Group"]);
    }
}
