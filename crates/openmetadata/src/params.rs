//! Parameters of the generic entity calls, as plain structs with setters.

/// Which entities a read sees.
///
/// ```
/// use openmetadata::{GetParams, Include};
/// let p = GetParams::default().include(Include::All);
/// assert_eq!(p.include, Some(Include::All));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Include {
    /// Live entities only (the server's default).
    #[default]
    NonDeleted,
    /// Soft-deleted entities only.
    Deleted,
    /// Both.
    All,
}

impl Include {
    fn as_str(self) -> &'static str {
        match self {
            Include::NonDeleted => "non-deleted",
            Include::Deleted => "deleted",
            Include::All => "all",
        }
    }
}

/// `fields=` and `include=` of a read.
///
/// ```
/// let p = openmetadata::GetParams::default().fields(["owners", "tags"]);
/// assert_eq!(p.fields, vec!["owners", "tags"]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct GetParams {
    /// Relationship fields to return (`*` for all).
    pub fields: Vec<String>,
    /// Deleted entities too?
    pub include: Option<Include>,
}

impl GetParams {
    /// Sets the fields.
    ///
    /// ```
    /// let p = openmetadata::GetParams::default().fields(["owners"]);
    /// assert_eq!(p.fields, ["owners"]);
    /// ```
    pub fn fields<S: Into<String>>(mut self, fields: impl IntoIterator<Item = S>) -> Self {
        self.fields = fields.into_iter().map(Into::into).collect();
        self
    }

    /// Sets `include`.
    ///
    /// ```
    /// let p = openmetadata::GetParams::default().include(openmetadata::Include::Deleted);
    /// assert!(p.include.is_some());
    /// ```
    pub fn include(mut self, include: Include) -> Self {
        self.include = Some(include);
        self
    }

    pub(crate) fn query(&self) -> Vec<(&'static str, String)> {
        let mut q = Vec::new();
        if !self.fields.is_empty() {
            q.push(("fields", self.fields.join(",")));
        }
        if let Some(i) = self.include {
            q.push(("include", i.as_str().to_string()));
        }
        q
    }
}

/// One page request of a listing.
///
/// ```
/// let p = openmetadata::ListParams::default().limit(50).filter("database", "svc.db");
/// assert_eq!(p.limit, 50);
/// ```
#[derive(Debug, Clone)]
pub struct ListParams {
    /// Page size (the server allows up to 1,000,000).
    pub limit: u32,
    /// Relationship fields to return.
    pub fields: Vec<String>,
    /// Deleted entities too?
    pub include: Option<Include>,
    /// Cursor of the page after.
    pub after: Option<String>,
    /// Cursor of the page before.
    pub before: Option<String>,
    /// Filters such as `service=`, `database=`, `parent=`.
    pub filters: Vec<(String, String)>,
}

impl Default for ListParams {
    fn default() -> Self {
        ListParams {
            limit: 100,
            fields: Vec::new(),
            include: None,
            after: None,
            before: None,
            filters: Vec::new(),
        }
    }
}

impl ListParams {
    /// Sets the page size.
    ///
    /// ```
    /// assert_eq!(openmetadata::ListParams::default().limit(5).limit, 5);
    /// ```
    pub fn limit(mut self, limit: u32) -> Self {
        self.limit = limit;
        self
    }

    /// Sets the fields.
    ///
    /// ```
    /// let p = openmetadata::ListParams::default().fields(["columns", "tags"]);
    /// assert_eq!(p.fields.len(), 2);
    /// ```
    pub fn fields<S: Into<String>>(mut self, fields: impl IntoIterator<Item = S>) -> Self {
        self.fields = fields.into_iter().map(Into::into).collect();
        self
    }

    /// Sets `include`.
    ///
    /// ```
    /// let p = openmetadata::ListParams::default().include(openmetadata::Include::All);
    /// assert!(p.include.is_some());
    /// ```
    pub fn include(mut self, include: Include) -> Self {
        self.include = Some(include);
        self
    }

    /// Adds a filter (`service`, `database`, `databaseSchema`, `parent`, ...).
    ///
    /// ```
    /// let p = openmetadata::ListParams::default().filter("service", "mysql_prod");
    /// assert_eq!(p.filters, [("service".to_string(), "mysql_prod".to_string())]);
    /// ```
    pub fn filter(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.filters.push((name.into(), value.into()));
        self
    }

    /// Sets the `after` cursor.
    ///
    /// ```
    /// let p = openmetadata::ListParams::default().after("cursor");
    /// assert_eq!(p.after.as_deref(), Some("cursor"));
    /// ```
    pub fn after(mut self, cursor: impl Into<String>) -> Self {
        self.after = Some(cursor.into());
        self
    }

    /// Sets the `before` cursor.
    ///
    /// ```
    /// let p = openmetadata::ListParams::default().before("cursor");
    /// assert_eq!(p.before.as_deref(), Some("cursor"));
    /// ```
    pub fn before(mut self, cursor: impl Into<String>) -> Self {
        self.before = Some(cursor.into());
        self
    }

    pub(crate) fn query(&self) -> Vec<(&str, String)> {
        let mut q = vec![("limit", self.limit.to_string())];
        if !self.fields.is_empty() {
            q.push(("fields", self.fields.join(",")));
        }
        if let Some(i) = self.include {
            q.push(("include", i.as_str().to_string()));
        }
        if let Some(a) = &self.after {
            q.push(("after", a.clone()));
        }
        if let Some(b) = &self.before {
            q.push(("before", b.clone()));
        }
        for (k, v) in &self.filters {
            q.push((k.as_str(), v.clone()));
        }
        q
    }
}

/// How to delete.
///
/// ```
/// let p = openmetadata::DeleteParams::default().recursive(true).hard(true);
/// assert!(p.recursive && p.hard_delete);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct DeleteParams {
    /// Delete what the entity contains too.
    pub recursive: bool,
    /// Remove for good instead of soft-deleting.
    pub hard_delete: bool,
}

impl DeleteParams {
    /// Sets `recursive`.
    ///
    /// ```
    /// assert!(openmetadata::DeleteParams::default().recursive(true).recursive);
    /// ```
    pub fn recursive(mut self, recursive: bool) -> Self {
        self.recursive = recursive;
        self
    }

    /// Sets `hardDelete`.
    ///
    /// ```
    /// assert!(openmetadata::DeleteParams::default().hard(true).hard_delete);
    /// ```
    pub fn hard(mut self, hard: bool) -> Self {
        self.hard_delete = hard;
        self
    }

    pub(crate) fn query(&self) -> Vec<(&'static str, String)> {
        vec![
            ("recursive", self.recursive.to_string()),
            ("hardDelete", self.hard_delete.to_string()),
        ]
    }
}

/// A yes/no option of a call, named so the call site says what it means
/// (`patch_description(id, text, Force::Yes)` rather than `…, true)`); a `bool` converts.
macro_rules! yes_no {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub enum $name {
            /// Off (the default).
            #[default]
            No,
            /// On.
            Yes,
        }

        impl $name {
            /// Whether the option is on.
            pub fn is_yes(self) -> bool {
                self == $name::Yes
            }
        }

        impl From<bool> for $name {
            fn from(on: bool) -> Self {
                if on { $name::Yes } else { $name::No }
            }
        }
    };
}

yes_no! {
    /// Replace a text that is already there (the Python SDK's `force`).
    ///
    /// ```
    /// assert!(openmetadata::Force::from(true).is_yes());
    /// assert_eq!(openmetadata::Force::default(), openmetadata::Force::No);
    /// ```
    Force
}

yes_no! {
    /// Keep the column lineage an existing edge has and add the new mappings to it (the
    /// Python SDK's `check_patch`).
    Merge
}

yes_no! {
    /// Let the server check the rows against the test case (the Python SDK's `validate`).
    Validate
}

yes_no! {
    /// Only what was not processed yet (the Python SDK's `incremental`).
    Incremental
}

yes_no! {
    /// Only a team that may own entities (a `Group`) counts (the Python SDK's `is_owner`).
    OwnersOnly
}

yes_no! {
    /// Store the service's connection (its `storeServiceConnection`).
    StoreConnection
}
