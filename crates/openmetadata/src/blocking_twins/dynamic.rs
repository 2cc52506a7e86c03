//! DO NOT EDIT: written by scripts/gen_blocking.py from the async methods of `dynamic.rs`.
//! Each method is the blocking form of the async one of the same name.

use super::*;

impl crate::blocking::OpenMetadata {
    /// Blocking [`OpenMetadata::dynamic`](crate::OpenMetadata::dynamic).
    pub fn dynamic(&self, type_name: &str) -> Result<crate::blocking::DynamicApi<'_>> {
        self.inner()
            .dynamic(type_name)
            .map(|api| self.dynamic_api(api))
    }
}

impl crate::blocking::DynamicApi<'_> {
    /// Blocking [`DynamicApi::kind`](crate::DynamicApi::kind).
    pub fn kind(&self) -> &'static EntityKind {
        self.inner().kind()
    }

    /// Blocking [`DynamicApi::get`](crate::DynamicApi::get).
    pub fn get(&self, key: &str, params: &GetParams) -> Result<Option<Value>> {
        self.call(|c| c.get(key, params))
    }

    /// Blocking [`DynamicApi::list`](crate::DynamicApi::list).
    pub fn list(&self, params: &ListParams) -> Result<EntityList<Value>> {
        self.call(|c| c.list(params))
    }

    /// Blocking [`DynamicApi::list_all`](crate::DynamicApi::list_all).
    pub fn list_all(&self, params: ListParams) -> crate::blocking::Iter<'_, Value> {
        self.iter(self.inner().list_all(params))
    }

    /// Blocking [`DynamicApi::check_create`](crate::DynamicApi::check_create).
    pub fn check_create(&self, request: &Value) -> Result<()> {
        self.inner().check_create(request)
    }

    /// Blocking [`DynamicApi::create_or_update`](crate::DynamicApi::create_or_update).
    pub fn create_or_update(&self, request: &Value) -> Result<Value> {
        self.call(|c| c.create_or_update(request))
    }

    /// Blocking [`DynamicApi::patch`](crate::DynamicApi::patch).
    pub fn patch(&self, key: &str, ops: &Value, if_version: Option<f64>) -> Result<Value> {
        self.call(|c| c.patch(key, ops, if_version))
    }

    /// Blocking [`DynamicApi::delete`](crate::DynamicApi::delete).
    pub fn delete(&self, key: &str, params: DeleteParams) -> Result<()> {
        self.call(|c| c.delete(key, params))
    }

    /// Blocking [`DynamicApi::restore`](crate::DynamicApi::restore).
    pub fn restore(&self, id: &str) -> Result<Value> {
        self.call(|c| c.restore(id))
    }

    /// Blocking [`DynamicApi::versions`](crate::DynamicApi::versions).
    pub fn versions(&self, id: &str) -> Result<EntityVersionHistory> {
        self.call(|c| c.versions(id))
    }
}
