//! DO NOT EDIT: written by scripts/gen_blocking.py from the async methods of `domains.rs`.
//! Each method is the blocking form of the async one of the same name.

use super::*;

impl crate::blocking::OpenMetadata {
    /// Blocking [`OpenMetadata::add_assets_to_data_product`](crate::OpenMetadata::add_assets_to_data_product).
    pub fn add_assets_to_data_product(
        &self,
        data_product: &str,
        assets: &[EntityReference],
    ) -> Result<BulkOperationResult> {
        self.call(|c| c.add_assets_to_data_product(data_product, assets))
    }

    /// Blocking [`OpenMetadata::remove_assets_from_data_product`](crate::OpenMetadata::remove_assets_from_data_product).
    pub fn remove_assets_from_data_product(
        &self,
        data_product: &str,
        assets: &[EntityReference],
    ) -> Result<BulkOperationResult> {
        self.call(|c| c.remove_assets_from_data_product(data_product, assets))
    }

    /// Blocking [`OpenMetadata::add_ports_to_data_product`](crate::OpenMetadata::add_ports_to_data_product).
    pub fn add_ports_to_data_product(
        &self,
        data_product: &str,
        kind: PortKind,
        ports: &[EntityReference],
    ) -> Result<BulkOperationResult> {
        self.call(|c| c.add_ports_to_data_product(data_product, kind, ports))
    }

    /// Blocking [`OpenMetadata::remove_ports_from_data_product`](crate::OpenMetadata::remove_ports_from_data_product).
    pub fn remove_ports_from_data_product(
        &self,
        data_product: &str,
        kind: PortKind,
        ports: &[EntityReference],
    ) -> Result<BulkOperationResult> {
        self.call(|c| c.remove_ports_from_data_product(data_product, kind, ports))
    }

    /// Blocking [`OpenMetadata::get_data_product_ports`](crate::OpenMetadata::get_data_product_ports).
    pub fn get_data_product_ports(
        &self,
        data_product_fqn: &str,
        kind: PortKind,
        limit: u32,
        offset: u32,
    ) -> Result<PaginatedEntities> {
        self.call(|c| c.get_data_product_ports(data_product_fqn, kind, limit, offset))
    }

    /// Blocking [`OpenMetadata::get_data_product_ports_view`](crate::OpenMetadata::get_data_product_ports_view).
    pub fn get_data_product_ports_view(
        &self,
        data_product_fqn: &str,
        limit: u32,
    ) -> Result<DataProductPortsView> {
        self.call(|c| c.get_data_product_ports_view(data_product_fqn, limit))
    }
}
