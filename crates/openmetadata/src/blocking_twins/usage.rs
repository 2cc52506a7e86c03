//! DO NOT EDIT: written by scripts/gen_blocking.py from the async methods of `usage.rs`.
//! Each method is the blocking form of the async one of the same name.

use super::*;

impl crate::blocking::OpenMetadata {
    /// Blocking [`OpenMetadata::publish_usage`](crate::OpenMetadata::publish_usage).
    pub fn publish_usage<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        usage: &UsageRequest,
    ) -> Result<EntityUsage> {
        self.call(|c| c.publish_usage::<E>(id, usage))
    }

    /// Blocking [`OpenMetadata::add_usage`](crate::OpenMetadata::add_usage).
    pub fn add_usage<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        usage: &UsageRequest,
    ) -> Result<EntityUsage> {
        self.call(|c| c.add_usage::<E>(id, usage))
    }

    /// Blocking [`OpenMetadata::get_usage`](crate::OpenMetadata::get_usage).
    pub fn get_usage<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        days: u32,
        date: Option<&str>,
    ) -> Result<EntityUsage> {
        self.call(|c| c.get_usage::<E>(id, days, date))
    }

    /// Blocking [`OpenMetadata::compute_percentile`](crate::OpenMetadata::compute_percentile).
    pub fn compute_percentile<E: Entity>(&self, date: &str) -> Result<()> {
        self.call(|c| c.compute_percentile::<E>(date))
    }
}
