//! DO NOT EDIT: written by scripts/gen_blocking.py from the async methods of `search.rs`.
//! Each method is the blocking form of the async one of the same name.

use super::*;

impl crate::blocking::OpenMetadata {
    /// Blocking [`OpenMetadata::search`](crate::OpenMetadata::search).
    pub fn search(&self, search: &Search) -> Result<SearchResponse> {
        self.call(|c| c.search(search))
    }

    /// Blocking [`OpenMetadata::search_all`](crate::OpenMetadata::search_all).
    pub fn search_all(&self, search: Search) -> crate::blocking::Iter<'_, Hit> {
        self.iter(self.inner().search_all(search))
    }

    /// Blocking [`OpenMetadata::search_by_fqn`](crate::OpenMetadata::search_by_fqn).
    pub fn search_by_fqn<E: Entity>(
        &self,
        pattern: &str,
        size: u32,
        params: &GetParams,
    ) -> Result<Vec<E>> {
        self.call(|c| c.search_by_fqn::<E>(pattern, size, params))
    }

    /// Blocking [`OpenMetadata::search_by_alias`](crate::OpenMetadata::search_by_alias).
    pub fn search_by_alias<E: Entity>(
        &self,
        alias: &str,
        size: u32,
        params: &GetParams,
    ) -> Result<Vec<E>> {
        self.call(|c| c.search_by_alias::<E>(alias, size, params))
    }

    /// Blocking [`OpenMetadata::search_containers_by_path`](crate::OpenMetadata::search_containers_by_path).
    pub fn search_containers_by_path(
        &self,
        full_path: &str,
        size: u32,
        params: &GetParams,
    ) -> Result<Vec<Container>> {
        self.call(|c| c.search_containers_by_path(full_path, size, params))
    }

    /// Blocking [`OpenMetadata::get_entity_from_es`](crate::OpenMetadata::get_entity_from_es).
    pub fn get_entity_from_es<E: Entity>(
        &self,
        query: &str,
        params: &GetParams,
    ) -> Result<Option<E>> {
        self.call(|c| c.get_entity_from_es::<E>(query, params))
    }

    /// Blocking [`OpenMetadata::search_in_any_service`](crate::OpenMetadata::search_in_any_service).
    pub fn search_in_any_service<E: Entity>(&self, partial_fqn: &str) -> Result<Option<E>> {
        self.call(|c| c.search_in_any_service::<E>(partial_fqn))
    }

    /// Blocking [`OpenMetadata::get_reference_by_email`](crate::OpenMetadata::get_reference_by_email).
    pub fn get_reference_by_email(&self, email: &str) -> Result<Option<EntityReference>> {
        self.call(|c| c.get_reference_by_email(email))
    }

    /// Blocking [`OpenMetadata::get_reference_by_name`](crate::OpenMetadata::get_reference_by_name).
    pub fn get_reference_by_name(
        &self,
        name: &str,
        owner_only: impl Into<OwnersOnly>,
    ) -> Result<Option<EntityReference>> {
        self.call(|c| c.get_reference_by_name(name, owner_only))
    }
}
