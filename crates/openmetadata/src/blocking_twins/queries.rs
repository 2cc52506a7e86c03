//! DO NOT EDIT: written by scripts/gen_blocking.py from the async methods of `queries.rs`.
//! Each method is the blocking form of the async one of the same name.

use super::*;

impl crate::blocking::OpenMetadata {
    /// Blocking [`OpenMetadata::publish_query_cost`](crate::OpenMetadata::publish_query_cost).
    pub fn publish_query_cost(
        &self,
        service: &str,
        sql: &str,
        dialect: Option<&str>,
        cost: &QueryCost,
    ) -> Result<Option<QueryCostRecord>> {
        self.call(|c| c.publish_query_cost(service, sql, dialect, cost))
    }

    /// Blocking [`OpenMetadata::get_or_create_query`](crate::OpenMetadata::get_or_create_query).
    pub fn get_or_create_query(&self, request: &CreateQueryRequest) -> Result<Query> {
        self.call(|c| c.get_or_create_query(request))
    }

    /// Blocking [`OpenMetadata::ingest_entity_queries`](crate::OpenMetadata::ingest_entity_queries).
    pub fn ingest_entity_queries<E: Entity>(
        &self,
        entity_id: impl std::fmt::Display,
        queries: &[CreateQueryRequest],
        dialect: Option<&str>,
    ) -> Result<Vec<Query>> {
        self.call(|c| c.ingest_entity_queries::<E>(entity_id, queries, dialect))
    }

    /// Blocking [`OpenMetadata::add_query_usage`](crate::OpenMetadata::add_query_usage).
    pub fn add_query_usage(&self, query: &Query, entities: &[EntityReference]) -> Result<Query> {
        self.call(|c| c.add_query_usage(query, entities))
    }

    /// Blocking [`OpenMetadata::add_query_users`](crate::OpenMetadata::add_query_users).
    pub fn add_query_users(&self, query: &Query, users: &[&str]) -> Result<Query> {
        self.call(|c| c.add_query_users(query, users))
    }

    /// Blocking [`OpenMetadata::add_query_used_by`](crate::OpenMetadata::add_query_used_by).
    pub fn add_query_used_by(&self, query: &Query, names: &[&str]) -> Result<Query> {
        self.call(|c| c.add_query_used_by(query, names))
    }

    /// Blocking [`OpenMetadata::get_entity_queries`](crate::OpenMetadata::get_entity_queries).
    pub fn get_entity_queries(
        &self,
        entity_id: impl std::fmt::Display,
        fields: &[&str],
    ) -> Result<Vec<Query>> {
        self.call(|c| c.get_entity_queries(entity_id, fields))
    }
}
