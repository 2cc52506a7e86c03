//! DO NOT EDIT: written by scripts/gen_blocking.py from the async methods of `permissions.rs`.
//! Each method is the blocking form of the async one of the same name.

use super::*;

impl crate::blocking::OpenMetadata {
    /// Blocking [`OpenMetadata::permissions`](crate::OpenMetadata::permissions).
    pub fn permissions(&self, user: Option<&str>) -> Result<Vec<ResourcePermission>> {
        self.call(|c| c.permissions(user))
    }

    /// Blocking [`OpenMetadata::resource_permission`](crate::OpenMetadata::resource_permission).
    pub fn resource_permission(
        &self,
        resource: &str,
        user: Option<&str>,
    ) -> Result<ResourcePermission> {
        self.call(|c| c.resource_permission(resource, user))
    }

    /// Blocking [`OpenMetadata::entity_permission`](crate::OpenMetadata::entity_permission).
    pub fn entity_permission<E: Entity>(
        &self,
        id: &str,
        user: Option<&str>,
    ) -> Result<ResourcePermission> {
        self.call(|c| c.entity_permission::<E>(id, user))
    }

    /// Blocking [`OpenMetadata::entity_permission_by_name`](crate::OpenMetadata::entity_permission_by_name).
    pub fn entity_permission_by_name<E: Entity>(
        &self,
        fqn: &str,
        user: Option<&str>,
    ) -> Result<ResourcePermission> {
        self.call(|c| c.entity_permission_by_name::<E>(fqn, user))
    }
}
