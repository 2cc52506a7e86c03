//! Typed models for the whole OpenMetadata 2.0.7 schema.
//!
//! Generated from the official schema as carried by `openmetadata-ingestion==2.0.7.0`
//! (`scripts/codegen.sh` regenerates; the generated files say DO NOT EDIT). The module tree
//! mirrors the schema tree: the file `entity/data/table.json` is
//! [`entity::data::table`], `api/data/createTable.json` is [`api::data::create_table`], and the
//! `type` folder is spelled [`type_`]. Type names are the official class names.
//!
//! On the wire the types are exact: camelCase names, required fields plain, optional fields
//! `Option` and left out when `None`, enums with their exact strings (an unknown value is
//! kept in `Unknown`), unknown fields in a response ignored.
//!
//! ```
//! use openmetadata_types::prelude::*;
//! use openmetadata_types::entity::data::table::{Column, DataType};
//!
//! let request = CreateTableRequest {
//!     description: Some("Every order placed.".into()),
//!     ..CreateTableRequest::new(
//!         "orders",
//!         vec![
//!             Column::new("id", DataType::BIGINT),
//!             Column {
//!                 data_length: Some(64),
//!                 description: Some("Where the order is.".into()),
//!                 ..Column::new("status", DataType::VARCHAR)
//!             },
//!         ],
//!         "mysql_prod.sales.public",
//!     )
//! };
//! let json = serde_json::to_value(&request).unwrap();
//! assert_eq!(json["databaseSchema"], "mysql_prod.sales.public");
//! assert_eq!(json["columns"][1]["dataType"], "VARCHAR");
//! assert!(json.get("owners").is_none(), "unset fields are left out");
//! ```
#![deny(missing_docs)]
#![allow(
    non_camel_case_types,
    clippy::large_enum_variant,
    clippy::module_inception,
    clippy::type_complexity,
    clippy::upper_case_acronyms,
    clippy::too_many_arguments,
    clippy::doc_lazy_continuation,
    clippy::doc_overindented_list_items,
    clippy::empty_docs,
    rustdoc::bare_urls,
    rustdoc::broken_intra_doc_links,
    rustdoc::invalid_html_tags,
    rustdoc::invalid_rust_codeblocks,
    rustdoc::invalid_codeblock_attributes
)]

mod entity_trait;
mod helpers;
mod kinds;
pub mod prelude;
mod schema;
#[doc(hidden)]
pub mod wire;

pub use entity_trait::{CreateRequest, Entity, EntityKind};
pub use kinds::{ENTITY_KINDS, SECRET_FIELDS};
pub use schema::*;
pub use wire::SecretString;
