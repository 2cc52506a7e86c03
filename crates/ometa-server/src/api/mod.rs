//! The endpoint families: one module per family of `/api/v1` routes, each exporting the
//! routes it serves. A family turns requests into engine calls and engine answers into
//! responses; it imports the HTTP kit (`crate::http`), the engine, search and storage, and
//! never another family.

pub mod apps;
pub mod collection_ops;
pub mod data_contracts;
pub mod data_products;
pub mod data_quality;
pub mod entities;
pub mod events;
pub mod ingestion_runs;
pub mod insights;
pub mod lineage;
pub mod permissions;
pub mod pipeline_status;
pub mod queries;
pub mod search;
pub mod system;
pub mod table_data;
pub mod table_extras;
pub mod test_case_data;
pub mod usage;
pub mod user_tokens;
