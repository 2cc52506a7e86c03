//! DO NOT EDIT: written by scripts/gen_blocking.py from the async methods of `client.rs`.
//! Each method is the blocking form of the async one of the same name.

use super::*;

impl crate::blocking::OpenMetadata {
    /// Blocking [`OpenMetadata::config`](crate::OpenMetadata::config).
    pub fn config(&self) -> &Config {
        self.inner().config()
    }

    /// Blocking [`OpenMetadata::raw`](crate::OpenMetadata::raw).
    pub fn raw(&self, method: Method, path: &str, body: Option<Value>) -> Result<Value> {
        self.call(|c| c.raw(method, path, body))
    }

    /// Blocking [`OpenMetadata::server_version`](crate::OpenMetadata::server_version).
    pub fn server_version(&self) -> Result<String> {
        self.call(|c| c.server_version())
    }

    /// Blocking [`OpenMetadata::health_check`](crate::OpenMetadata::health_check).
    pub fn health_check(&self) -> Result<bool> {
        self.call(|c| c.health_check())
    }

    /// Blocking [`OpenMetadata::validate_version`](crate::OpenMetadata::validate_version).
    pub fn validate_version(&self) -> Result<()> {
        self.call(|c| c.validate_version())
    }

    /// Blocking [`OpenMetadata::create`](crate::OpenMetadata::create).
    pub fn create<C: CreateRequest>(&self, request: &C) -> Result<C::Entity> {
        self.call(|c| c.create::<C>(request))
    }

    /// Blocking [`OpenMetadata::create_or_update`](crate::OpenMetadata::create_or_update).
    pub fn create_or_update<C: CreateRequest>(&self, request: &C) -> Result<C::Entity> {
        self.call(|c| c.create_or_update::<C>(request))
    }

    /// Blocking [`OpenMetadata::create_or_update_overriding`](crate::OpenMetadata::create_or_update_overriding).
    pub fn create_or_update_overriding<C: CreateRequest>(&self, request: &C) -> Result<C::Entity> {
        self.call(|c| c.create_or_update_overriding::<C>(request))
    }

    /// Blocking [`OpenMetadata::get_by_name`](crate::OpenMetadata::get_by_name).
    pub fn get_by_name<E: Entity>(&self, fqn: &str, params: &GetParams) -> Result<Option<E>> {
        self.call(|c| c.get_by_name::<E>(fqn, params))
    }

    /// Blocking [`OpenMetadata::get_by_id`](crate::OpenMetadata::get_by_id).
    pub fn get_by_id<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        params: &GetParams,
    ) -> Result<Option<E>> {
        self.call(|c| c.get_by_id::<E>(id, params))
    }

    /// Blocking [`OpenMetadata::list_entities`](crate::OpenMetadata::list_entities).
    pub fn list_entities<E: Entity>(&self, params: &ListParams) -> Result<EntityList<E>> {
        self.call(|c| c.list_entities::<E>(params))
    }

    /// Blocking [`OpenMetadata::list_all_entities`](crate::OpenMetadata::list_all_entities).
    pub fn list_all_entities<E: Entity>(&self, params: ListParams) -> crate::blocking::Iter<'_, E> {
        self.iter(self.inner().list_all_entities::<E>(params))
    }

    /// Blocking [`OpenMetadata::delete`](crate::OpenMetadata::delete).
    pub fn delete<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        params: DeleteParams,
    ) -> Result<()> {
        self.call(|c| c.delete::<E>(id, params))
    }

    /// Blocking [`OpenMetadata::delete_by_name`](crate::OpenMetadata::delete_by_name).
    pub fn delete_by_name<E: Entity>(&self, fqn: &str, params: DeleteParams) -> Result<()> {
        self.call(|c| c.delete_by_name::<E>(fqn, params))
    }

    /// Blocking [`OpenMetadata::restore`](crate::OpenMetadata::restore).
    pub fn restore<E: Entity>(&self, id: impl std::fmt::Display) -> Result<E> {
        self.call(|c| c.restore::<E>(id))
    }

    /// Blocking [`OpenMetadata::list_versions`](crate::OpenMetadata::list_versions).
    pub fn list_versions<E: Entity>(
        &self,
        id: impl std::fmt::Display,
    ) -> Result<EntityVersionHistory> {
        self.call(|c| c.list_versions::<E>(id))
    }

    /// Blocking [`OpenMetadata::entity_versions`](crate::OpenMetadata::entity_versions).
    pub fn entity_versions<E: Entity>(&self, id: impl std::fmt::Display) -> Result<Vec<E>> {
        self.call(|c| c.entity_versions::<E>(id))
    }

    /// Blocking [`OpenMetadata::get_entity_version`](crate::OpenMetadata::get_entity_version).
    pub fn get_entity_version<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        version: &str,
    ) -> Result<Option<E>> {
        self.call(|c| c.get_entity_version::<E>(id, version))
    }

    /// Blocking [`OpenMetadata::patch`](crate::OpenMetadata::patch).
    pub fn patch<E: Entity>(&self, before: &E, after: &E) -> Result<Option<E>> {
        self.call(|c| c.patch::<E>(before, after))
    }

    /// Blocking [`OpenMetadata::update`](crate::OpenMetadata::update).
    pub fn update<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        fields: &[&str],
        change: impl FnMut(&mut E),
    ) -> Result<Option<E>> {
        self.call(|c| c.update::<E>(id, fields, change))
    }
}
