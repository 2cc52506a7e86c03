//! DO NOT EDIT: written by scripts/gen_blocking.py from the async methods of `server_ops.rs`.
//! Each method is the blocking form of the async one of the same name.

use super::*;

impl crate::blocking::OpenMetadata {
    /// Blocking [`OpenMetadata::reindex`](crate::OpenMetadata::reindex).
    pub fn reindex(&self) -> Result<()> {
        self.call(|c| c.reindex())
    }

    /// Blocking [`OpenMetadata::is_reindex_app_running`](crate::OpenMetadata::is_reindex_app_running).
    pub fn is_reindex_app_running(&self) -> Result<bool> {
        self.call(|c| c.is_reindex_app_running())
    }

    /// Blocking [`OpenMetadata::get_settings`](crate::OpenMetadata::get_settings).
    pub fn get_settings(&self, setting: SettingType) -> Result<Option<Settings>> {
        self.call(|c| c.get_settings(setting))
    }

    /// Blocking [`OpenMetadata::get_profiler_config_settings`](crate::OpenMetadata::get_profiler_config_settings).
    pub fn get_profiler_config_settings(&self) -> Result<Option<Settings>> {
        self.call(|c| c.get_profiler_config_settings())
    }

    /// Blocking [`OpenMetadata::create_or_update_settings`](crate::OpenMetadata::create_or_update_settings).
    pub fn create_or_update_settings(&self, settings: &Settings) -> Result<Settings> {
        self.call(|c| c.create_or_update_settings(settings))
    }

    /// Blocking [`OpenMetadata::get_or_create`](crate::OpenMetadata::get_or_create).
    pub fn get_or_create<C: CreateRequest>(&self, request: &C) -> Result<C::Entity> {
        self.call(|c| c.get_or_create::<C>(request))
    }

    /// Blocking [`OpenMetadata::create_service_from_source`](crate::OpenMetadata::create_service_from_source).
    pub fn create_service_from_source<S: Entity>(
        &self,
        source: &Source,
        store_connection: impl Into<StoreConnection>,
    ) -> Result<S> {
        self.call(|c| c.create_service_from_source::<S>(source, store_connection))
    }

    /// Blocking [`OpenMetadata::get_service_or_create`](crate::OpenMetadata::get_service_or_create).
    pub fn get_service_or_create<S: Entity>(
        &self,
        source: &Source,
        store_connection: impl Into<StoreConnection>,
    ) -> Result<S> {
        self.call(|c| c.get_service_or_create::<S>(source, store_connection))
    }

    /// Blocking [`OpenMetadata::get_entity_reference`](crate::OpenMetadata::get_entity_reference).
    pub fn get_entity_reference<E: Entity>(&self, fqn: &str) -> Result<Option<EntityReference>> {
        self.call(|c| c.get_entity_reference::<E>(fqn))
    }

    /// Blocking [`OpenMetadata::get_chart_fqns`](crate::OpenMetadata::get_chart_fqns).
    pub fn get_chart_fqns(&self, chart_ids: &[&str], service: &str) -> Result<Vec<String>> {
        self.call(|c| c.get_chart_fqns(chart_ids, service))
    }
}
