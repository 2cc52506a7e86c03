//! DO NOT EDIT: written by scripts/gen_blocking.py from the async methods of `lineage.rs`.
//! Each method is the blocking form of the async one of the same name.

use super::*;

impl crate::blocking::OpenMetadata {
    /// Blocking [`OpenMetadata::add_lineage`](crate::OpenMetadata::add_lineage).
    pub fn add_lineage(
        &self,
        request: &AddLineageRequest,
        merge: impl Into<Merge>,
    ) -> Result<EntityLineage> {
        self.call(|c| c.add_lineage(request, merge))
    }

    /// Blocking [`OpenMetadata::add_lineage_by_name`](crate::OpenMetadata::add_lineage_by_name).
    pub fn add_lineage_by_name(
        &self,
        from: (&str, &str),
        to: (&str, &str),
        details: &LineageDetails,
    ) -> Result<()> {
        self.call(|c| c.add_lineage_by_name(from, to, details))
    }

    /// Blocking [`OpenMetadata::get_lineage`](crate::OpenMetadata::get_lineage).
    pub fn get_lineage(
        &self,
        node: &Node<'_>,
        upstream: u32,
        downstream: u32,
    ) -> Result<EntityLineage> {
        self.call(|c| c.get_lineage(node, upstream, downstream))
    }

    /// Blocking [`OpenMetadata::get_lineage_by_id`](crate::OpenMetadata::get_lineage_by_id).
    pub fn get_lineage_by_id<E: Entity>(
        &self,
        id: impl std::fmt::Display,
        upstream: u32,
        downstream: u32,
    ) -> Result<EntityLineage> {
        self.call(|c| c.get_lineage_by_id::<E>(id, upstream, downstream))
    }

    /// Blocking [`OpenMetadata::get_lineage_by_name`](crate::OpenMetadata::get_lineage_by_name).
    pub fn get_lineage_by_name<E: Entity>(
        &self,
        fqn: &str,
        upstream: u32,
        downstream: u32,
    ) -> Result<EntityLineage> {
        self.call(|c| c.get_lineage_by_name::<E>(fqn, upstream, downstream))
    }

    /// Blocking [`OpenMetadata::get_lineage_edge`](crate::OpenMetadata::get_lineage_edge).
    pub fn get_lineage_edge(
        &self,
        from: &Node<'_>,
        to: &Node<'_>,
    ) -> Result<Option<LineageDetails>> {
        self.call(|c| c.get_lineage_edge(from, to))
    }

    /// Blocking [`OpenMetadata::patch_lineage_edge`](crate::OpenMetadata::patch_lineage_edge).
    pub fn patch_lineage_edge(
        &self,
        from: &Node<'_>,
        to: &Node<'_>,
        ops: Value,
    ) -> Result<LineageDetails> {
        self.call(|c| c.patch_lineage_edge(from, to, ops))
    }

    /// Blocking [`OpenMetadata::delete_lineage_edge`](crate::OpenMetadata::delete_lineage_edge).
    pub fn delete_lineage_edge(&self, from: &Node<'_>, to: &Node<'_>) -> Result<()> {
        self.call(|c| c.delete_lineage_edge(from, to))
    }

    /// Blocking [`OpenMetadata::delete_lineage_by_source`](crate::OpenMetadata::delete_lineage_by_source).
    pub fn delete_lineage_by_source(&self, node: &Node<'_>, source: &str) -> Result<()> {
        self.call(|c| c.delete_lineage_by_source(node, source))
    }

    /// Blocking [`OpenMetadata::add_mlmodel_lineage`](crate::OpenMetadata::add_mlmodel_lineage).
    pub fn add_mlmodel_lineage(
        &self,
        model: &MlModel,
        description: Option<&str>,
    ) -> Result<EntityLineage> {
        self.call(|c| c.add_mlmodel_lineage(model, description))
    }

    /// Blocking [`OpenMetadata::add_lineage_by_query`](crate::OpenMetadata::add_lineage_by_query).
    pub fn add_lineage_by_query(
        &self,
        sql: &str,
        context: QueryContext<'_>,
    ) -> Result<QueryLineageReport> {
        self.call(|c| c.add_lineage_by_query(sql, context))
    }
}
