//! DO NOT EDIT: written by scripts/gen_blocking.py from the async methods of `lineage_search.rs`.
//! Each method is the blocking form of the async one of the same name.

use super::*;

impl crate::blocking::OpenMetadata {
    /// Blocking [`OpenMetadata::queries_with_lineage`](crate::OpenMetadata::queries_with_lineage).
    pub fn queries_with_lineage(&self, service: &str) -> Result<BTreeSet<String>> {
        self.call(|c| c.queries_with_lineage(service))
    }

    /// Blocking [`OpenMetadata::lineage_processed_queries`](crate::OpenMetadata::lineage_processed_queries).
    pub fn lineage_processed_queries(
        &self,
        service: &str,
        checksums: &[String],
    ) -> Result<BTreeMap<String, BTreeSet<String>>> {
        self.call(|c| c.lineage_processed_queries(service, checksums))
    }

    /// Blocking [`OpenMetadata::upstream_entity_ids`](crate::OpenMetadata::upstream_entity_ids).
    pub fn upstream_entity_ids<E: Entity>(
        &self,
        ids: &[String],
    ) -> Result<BTreeMap<String, BTreeSet<String>>> {
        self.call(|c| c.upstream_entity_ids::<E>(ids))
    }

    /// Blocking [`OpenMetadata::view_definitions`](crate::OpenMetadata::view_definitions).
    pub fn view_definitions(
        &self,
        service: &str,
        incremental: impl Into<Incremental>,
    ) -> crate::blocking::Iter<'_, TableView> {
        self.iter(self.inner().view_definitions(service, incremental))
    }

    /// Blocking [`OpenMetadata::patch_lineage_processed_flag`](crate::OpenMetadata::patch_lineage_processed_flag).
    pub fn patch_lineage_processed_flag<E: Entity>(&self, fqn: &str) -> Result<E> {
        self.call(|c| c.patch_lineage_processed_flag::<E>(fqn))
    }
}
