//! Search: the query-string and DSL parser and the ES-shaped pages of answers, over the
//! full-text index of the store.

pub mod answer;
pub mod page;
pub mod query;
pub mod request;
