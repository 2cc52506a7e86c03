//! Support code for the generated types: wire enums, newtypes, unions and secrets.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// A string-valued schema enum. Each variant carries its exact wire string; a value this
/// crate does not know (a newer server) is kept in `Unknown` instead of failing.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $wire:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $(
                #[doc = concat!("`", $wire, "`")]
                $variant,
            )*
            /// A value this version of the schema does not know, kept as sent.
            Unknown(::std::string::String),
        }

        impl $name {
            /// Every value the schema declares, in schema order.
            pub const VALUES: &'static [$name] = &[$($name::$variant),*];

            /// The exact wire string.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::Unknown(other) => other.as_str(),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(match s {
                    $($wire => $name::$variant,)*
                    other => $name::Unknown(other.to_owned()),
                })
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s.parse() {
                    Ok(v) => v,
                    Err(never) => match never {},
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                let value = $name::from(s.as_ref());
                if let $name::Unknown(other) = &value {
                    $crate::wire::note_unknown_enum_value(stringify!($name), other);
                }
                Ok(value)
            }
        }
    };
}
pub(crate) use wire_enum;

/// A string root type of the schema (`EntityName`, `Markdown`, `FullyQualifiedEntityName`, ...).
macro_rules! string_newtype {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub ::std::string::String);

        impl $name {
            /// The value as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self(s.to_owned()))
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }

        impl From<::std::string::String> for $name {
            fn from(s: ::std::string::String) -> Self {
                Self(s)
            }
        }

        impl From<&::std::string::String> for $name {
            fn from(s: &::std::string::String) -> Self {
                Self(s.clone())
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}
pub(crate) use string_newtype;

/// A UUID root type of the schema.
macro_rules! uuid_newtype {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub ::uuid::Uuid);

        impl $name {
            /// A new random (v4) id.
            pub fn new_v4() -> Self {
                Self(::uuid::Uuid::new_v4())
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::uuid::Error;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                s.parse().map(Self)
            }
        }

        impl From<::uuid::Uuid> for $name {
            fn from(id: ::uuid::Uuid) -> Self {
                Self(id)
            }
        }

        impl From<$name> for ::uuid::Uuid {
            fn from(id: $name) -> Self {
                id.0
            }
        }
    };
}
pub(crate) use uuid_newtype;

/// An integer root type of the schema (`Timestamp`, ...).
macro_rules! int_newtype {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl From<i64> for $name {
            fn from(v: i64) -> Self {
                Self(v)
            }
        }

        impl From<$name> for i64 {
            fn from(v: $name) -> Self {
                v.0
            }
        }
    };
}
pub(crate) use int_newtype;

thread_local! {
    /// How many enum values this thread has read into `Unknown`; lets a union tell a
    /// variant that knows every enum value of the input from one that does not.
    static UNKNOWN_ENUM_VALUES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// The last such value, as `Enum: value`, for error messages.
    static LAST_UNKNOWN_ENUM_VALUE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Counts one enum value read into `Unknown` (called by the generated enums).
pub fn note_unknown_enum_value(enum_name: &str, value: &str) {
    UNKNOWN_ENUM_VALUES.with(|c| c.set(c.get() + 1));
    LAST_UNKNOWN_ENUM_VALUE
        .with(|l| *l.borrow_mut() = format!("{value:?} is not a value of `{enum_name}`"));
}

fn unknown_enum_values() -> usize {
    UNKNOWN_ENUM_VALUES.with(std::cell::Cell::get)
}

/// Deserializes a schema union (`oneOf` / `anyOf`): reads the value once, then offers it to
/// each variant in schema order. The first variant that reads every enum value of the input
/// and serializes back to exactly the input wins; otherwise the variant with the fewest
/// unknown enum values, then the most top-level fields kept, wins.
pub struct UnionPick<T> {
    input: Value,
    unknown_before: usize,
    best: Option<(Score, T)>,
}

/// How well a variant represents the input: fewer unknown enum values first, then more
/// fields kept; `exact` ends the search.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Score {
    exact: bool,
    known: std::cmp::Reverse<usize>,
    kept: usize,
}

impl<T: Serialize> UnionPick<T> {
    /// Reads the input to choose among the variants.
    pub fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(UnionPick {
            input: Value::deserialize(deserializer)?,
            unknown_before: unknown_enum_values(),
            best: None,
        })
    }

    /// Offers the input to one variant, built by `wrap` from the variant's payload.
    pub fn offer<V: serde::de::DeserializeOwned>(&mut self, wrap: impl FnOnce(V) -> T) {
        if self.best.as_ref().is_some_and(|(score, _)| score.exact) {
            return;
        }
        let start = unknown_enum_values();
        let payload = serde_json::from_value::<V>(self.input.clone());
        let unknown = unknown_enum_values() - start;
        let Ok(payload) = payload else {
            return;
        };
        let candidate = wrap(payload);
        let Ok(back) = serde_json::to_value(&candidate) else {
            return;
        };
        let score = Score {
            exact: unknown == 0 && back == self.input,
            known: std::cmp::Reverse(unknown),
            kept: kept_fields(&self.input, &back),
        };
        if self.best.as_ref().is_none_or(|(best, _)| score > *best) {
            self.best = Some((score, candidate));
        }
    }

    /// The chosen variant, or an error naming the union when no variant accepts the input.
    pub fn finish<E: serde::de::Error>(self, union: &str) -> Result<T, E> {
        let (score, value) = self.best.ok_or_else(|| {
            E::custom(format!("the value matches none of the shapes of `{union}`"))
        })?;
        let unknown = score.known.0;
        UNKNOWN_ENUM_VALUES.with(|c| c.set(self.unknown_before + unknown));
        Ok(value)
    }
}

/// How many top-level fields of `input` survive unchanged in `back`.
fn kept_fields(input: &Value, back: &Value) -> usize {
    match (input, back) {
        (Value::Object(a), Value::Object(b)) => {
            a.iter()
                .filter(|(k, v)| b.get(k.as_str()) == Some(v))
                .count()
                + 1
        }
        _ => 0,
    }
}

/// A secret from the schema (passwords, client secrets, tokens). It travels in clear on the
/// wire (the server needs it), but `Debug` never prints it.
///
/// ```
/// use openmetadata_types::SecretString;
/// let s = SecretString::from("hunter2");
/// assert_eq!(format!("{s:?}"), "SecretString(\"**********\")");
/// assert_eq!(s.expose(), "hunter2");
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SecretString(String);

impl SecretString {
    /// The secret in clear.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SecretString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("SecretString").field(&"**********").finish()
    }
}

impl From<&str> for SecretString {
    fn from(s: &str) -> Self {
        SecretString(s.to_owned())
    }
}

impl From<String> for SecretString {
    fn from(s: String) -> Self {
        SecretString(s)
    }
}

/// Checks a JSON document against type `T`, as a server does with a request body: it must
/// deserialize, use only known enum values and only known fields. Returns the document as
/// `T` serializes it.
///
/// ```
/// use openmetadata_types::api::data::create_database::CreateDatabaseRequest as C;
/// use openmetadata_types::wire::normalize;
/// let ok = serde_json::json!({"name": "db", "service": "svc"});
/// assert!(normalize::<C>(&ok).is_ok());
/// let typo = serde_json::json!({"name": "db", "service": "svc", "descripton": "x"});
/// assert_eq!(normalize::<C>(&typo).unwrap_err(), "Unrecognized field \"descripton\"");
/// ```
pub fn normalize<T: serde::de::DeserializeOwned + Serialize>(doc: &Value) -> Result<Value, String> {
    let before = unknown_enum_values();
    let typed: T = serde_json::from_value(doc.clone()).map_err(|e| e.to_string())?;
    if unknown_enum_values() != before {
        return Err(LAST_UNKNOWN_ENUM_VALUE.with(|l| l.borrow().clone()));
    }
    let back = serde_json::to_value(&typed).map_err(|e| e.to_string())?;
    match unknown_field(doc, &back, "") {
        Some(path) => Err(format!("Unrecognized field \"{path}\"")),
        None => Ok(back),
    }
}

/// The first non-null field of `input` that `back` lost, as a dotted path.
fn unknown_field(input: &Value, back: &Value, at: &str) -> Option<String> {
    match (input, back) {
        (Value::Object(a), Value::Object(b)) => a.iter().find_map(|(k, v)| {
            let path = if at.is_empty() {
                k.clone()
            } else {
                format!("{at}.{k}")
            };
            match b.get(k) {
                None if !v.is_null() => Some(path),
                None => None,
                Some(w) => unknown_field(v, w, &path),
            }
        }),
        (Value::Array(a), Value::Array(b)) => {
            a.iter().zip(b).find_map(|(v, w)| unknown_field(v, w, at))
        }
        _ => None,
    }
}
