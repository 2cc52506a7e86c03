//! DO NOT EDIT: written by scripts/gen_blocking.py from the async methods of `patch_helpers.rs`.
//! Each method is the blocking form of the async one of the same name.

use super::*;

impl crate::blocking::OpenMetadata {
    /// Blocking [`OpenMetadata::modify`](crate::OpenMetadata::modify).
    pub fn modify<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        fields: &[&str],
        change: impl FnMut(&mut Value) -> Result<()>,
    ) -> Result<Option<E>> {
        self.call(|c| c.modify::<E>(id, fields, change))
    }

    /// Blocking [`OpenMetadata::patch_description`](crate::OpenMetadata::patch_description).
    pub fn patch_description<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        description: &str,
        force: impl Into<Force>,
    ) -> Result<Option<E>> {
        self.call(|c| c.patch_description::<E>(id, description, force))
    }

    /// Blocking [`OpenMetadata::patch_tags`](crate::OpenMetadata::patch_tags).
    pub fn patch_tags<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        tags: &[TagLabel],
        op: PatchOperation,
    ) -> Result<Option<E>> {
        self.call(|c| c.patch_tags::<E>(id, tags, op))
    }

    /// Blocking [`OpenMetadata::patch_owners`](crate::OpenMetadata::patch_owners).
    pub fn patch_owners<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        owners: &[EntityReference],
    ) -> Result<Option<E>> {
        self.call(|c| c.patch_owners::<E>(id, owners))
    }

    /// Blocking [`OpenMetadata::patch_column_description`](crate::OpenMetadata::patch_column_description).
    pub fn patch_column_description<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        column: &str,
        description: &str,
        force: impl Into<Force>,
    ) -> Result<Option<E>> {
        self.call(|c| c.patch_column_description::<E>(id, column, description, force))
    }

    /// Blocking [`OpenMetadata::patch_column_descriptions`](crate::OpenMetadata::patch_column_descriptions).
    pub fn patch_column_descriptions<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        descriptions: &[(&str, &str)],
        force: impl Into<Force>,
    ) -> Result<Option<E>> {
        self.call(|c| c.patch_column_descriptions::<E>(id, descriptions, force))
    }

    /// Blocking [`OpenMetadata::patch_column_tags`](crate::OpenMetadata::patch_column_tags).
    pub fn patch_column_tags<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        column: &str,
        tags: &[TagLabel],
        op: PatchOperation,
    ) -> Result<Option<E>> {
        self.call(|c| c.patch_column_tags::<E>(id, column, tags, op))
    }

    /// Blocking [`OpenMetadata::patch_domains`](crate::OpenMetadata::patch_domains).
    pub fn patch_domains<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        domains: &[EntityReference],
    ) -> Result<Option<E>> {
        self.call(|c| c.patch_domains::<E>(id, domains))
    }

    /// Blocking [`OpenMetadata::patch_table_constraints`](crate::OpenMetadata::patch_table_constraints).
    pub fn patch_table_constraints(
        &self,
        id: impl std::fmt::Display,
        constraints: &[TableConstraint],
    ) -> Result<Option<Table>> {
        self.call(|c| c.patch_table_constraints(id, constraints))
    }

    /// Blocking [`OpenMetadata::patch_life_cycle`](crate::OpenMetadata::patch_life_cycle).
    pub fn patch_life_cycle<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        life_cycle: &LifeCycle,
    ) -> Result<Option<E>> {
        self.call(|c| c.patch_life_cycle::<E>(id, life_cycle))
    }

    /// Blocking [`OpenMetadata::patch_test_case_definition`](crate::OpenMetadata::patch_test_case_definition).
    pub fn patch_test_case_definition(
        &self,
        id: impl std::fmt::Display,
        entity_link: &str,
        parameter_values: Option<&[TestCaseParameterValue]>,
        compute_row_count: Option<bool>,
    ) -> Result<Option<TestCase>> {
        self.call(|c| {
            c.patch_test_case_definition(id, entity_link, parameter_values, compute_row_count)
        })
    }

    /// Blocking [`OpenMetadata::patch_role_policy`](crate::OpenMetadata::patch_role_policy).
    pub fn patch_role_policy(
        &self,
        role_id: impl std::fmt::Display,
        policy_id: impl std::fmt::Display,
        op: PatchOperation,
    ) -> Result<Option<Role>> {
        self.call(|c| c.patch_role_policy(role_id, policy_id, op))
    }

    /// Blocking [`OpenMetadata::patch_policy_rule`](crate::OpenMetadata::patch_policy_rule).
    pub fn patch_policy_rule(
        &self,
        policy_id: impl std::fmt::Display,
        rule: &Rule,
        op: PatchOperation,
    ) -> Result<Option<Policy>> {
        self.call(|c| c.patch_policy_rule(policy_id, rule, op))
    }

    /// Blocking [`OpenMetadata::patch_custom_properties`](crate::OpenMetadata::patch_custom_properties).
    pub fn patch_custom_properties<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        values: &serde_json::Map<String, Value>,
    ) -> Result<Option<E>> {
        self.call(|c| c.patch_custom_properties::<E>(id, values))
    }
}
