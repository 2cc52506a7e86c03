//! What most programs need, in one `use openmetadata::prelude::*`: the client, its config
//! and errors, the entity and lineage types pipelines write, the typed helpers, and the
//! stream traits that loop over paged listings.
//!
//! ```no_run
//! use openmetadata::prelude::*;
//! # async fn demo() -> openmetadata::Result<()> {
//! let om = OpenMetadata::connect(Config::new("http://localhost:8585").auth(Auth::Jwt("eyJ…".into()))).await?;
//! let mut tables = om.list_all_entities::<Table>(ListParams::default());
//! while let Some(table) = tables.try_next().await? {
//!     println!("{}", table.fqn());
//! }
//! # Ok(()) }
//! ```

pub use crate::{
    Auth, Config, DeleteParams, Error, Force, GetParams, Include, ListParams, Merge, Node,
    OpenMetadata, Paged, Result, Search,
};
pub use futures_util::{StreamExt, TryStreamExt};
pub use openmetadata_types::prelude::*;
