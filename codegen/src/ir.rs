//! The schema IR written by `codegen/dump_schema.py`.

use serde::Deserialize;

/// The whole dump: one entry per official schema module.
#[derive(Debug, Deserialize)]
pub struct Ir {
    pub modules: Vec<Module>,
}

/// One official schema file (one Python module of `metadata.generated.schema`).
#[derive(Debug, Deserialize)]
pub struct Module {
    /// Dotted module path below `metadata.generated.schema`, e.g. `entity.data.table`.
    pub module: String,
    /// The JSON-schema file it was generated from, e.g. `entity/data/table.json`.
    pub source: Option<String>,
    pub types: Vec<TypeDef>,
}

/// A model, a root model or an enum.
#[derive(Debug, Deserialize)]
pub struct TypeDef {
    pub name: String,
    pub kind: Kind,
    pub doc: Option<String>,
    #[serde(default)]
    pub extra: Option<String>,
    #[serde(default)]
    pub fields: Vec<Field>,
    #[serde(default)]
    pub values: Vec<EnumValue>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Struct,
    Root,
    Enum,
}

#[derive(Debug, Deserialize)]
pub struct Field {
    pub wire: String,
    #[serde(rename = "type")]
    pub ty: Ty,
    pub required: bool,
    pub doc: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct EnumValue {
    pub name: String,
    pub value: Option<String>,
}

/// A type expression.
#[derive(Debug, Deserialize, Clone, PartialEq)]
#[serde(tag = "k", rename_all = "lowercase")]
pub enum Ty {
    Str,
    Int,
    Float,
    Bool,
    Any,
    Null,
    Uuid,
    Datetime,
    Date,
    Time,
    Duration,
    Url,
    Email,
    Secret,
    Bytes,
    Ref { m: String, n: String },
    List { t: Box<Ty> },
    Map { t: Box<Ty> },
    Opt { t: Box<Ty> },
    Union { ts: Vec<Ty> },
    Lit { v: Vec<serde_json::Value> },
}

impl Ty {
    /// Whether the type travels as a plain JSON string (text, dates, times, URLs, emails, bytes);
    /// a root type of this kind becomes a string newtype.
    pub fn is_string_like(&self) -> bool {
        matches!(
            self,
            Ty::Str
                | Ty::Datetime
                | Ty::Date
                | Ty::Time
                | Ty::Duration
                | Ty::Url
                | Ty::Email
                | Ty::Bytes
        )
    }

    /// The type without an outer `Opt`.
    pub fn strip_opt(&self) -> &Ty {
        match self {
            Ty::Opt { t } => t,
            other => other,
        }
    }
}
