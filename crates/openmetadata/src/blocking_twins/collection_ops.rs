//! DO NOT EDIT: written by scripts/gen_blocking.py from the async methods of `collection_ops.rs`.
//! Each method is the blocking form of the async one of the same name.

use super::*;

impl crate::blocking::OpenMetadata {
    /// Blocking [`OpenMetadata::bulk_create_or_update`](crate::OpenMetadata::bulk_create_or_update).
    pub fn bulk_create_or_update<C: CreateRequest>(
        &self,
        requests: &[C],
        options: BulkOptions,
    ) -> Result<BulkOperationResult> {
        self.call(|c| c.bulk_create_or_update::<C>(requests, options))
    }

    /// Blocking [`OpenMetadata::delete_stale_entities`](crate::OpenMetadata::delete_stale_entities).
    pub fn delete_stale_entities<E: Entity>(
        &self,
        request: &BulkDeleteStaleRequest,
    ) -> Result<BulkOperationResult> {
        self.call(|c| c.delete_stale_entities::<E>(request))
    }

    /// Blocking [`OpenMetadata::delete_async`](crate::OpenMetadata::delete_async).
    pub fn delete_async<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        params: DeleteParams,
    ) -> Result<AsyncJob> {
        self.call(|c| c.delete_async::<E>(id, params))
    }

    /// Blocking [`OpenMetadata::restore_async`](crate::OpenMetadata::restore_async).
    pub fn restore_async<E: Entity>(&self, id: impl std::fmt::Display) -> Result<AsyncJob> {
        self.call(|c| c.restore_async::<E>(id))
    }

    /// Blocking [`OpenMetadata::add_follower`](crate::OpenMetadata::add_follower).
    pub fn add_follower<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        user_id: impl std::fmt::Display,
    ) -> Result<ChangeEvent> {
        self.call(|c| c.add_follower::<E>(id, user_id))
    }

    /// Blocking [`OpenMetadata::remove_follower`](crate::OpenMetadata::remove_follower).
    pub fn remove_follower<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        user_id: impl std::fmt::Display,
    ) -> Result<ChangeEvent> {
        self.call(|c| c.remove_follower::<E>(id, user_id))
    }

    /// Blocking [`OpenMetadata::get_context`](crate::OpenMetadata::get_context).
    pub fn get_context<E: Entity>(&self, fqn: &str) -> Result<String> {
        self.call(|c| c.get_context::<E>(fqn))
    }

    /// Blocking [`OpenMetadata::get_assets`](crate::OpenMetadata::get_assets).
    pub fn get_assets<E: Entity>(&self, fqn: &str, limit: u32, offset: u32) -> Result<AssetPage> {
        self.call(|c| c.get_assets::<E>(fqn, limit, offset))
    }
}
