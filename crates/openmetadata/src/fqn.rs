//! Fully qualified names by OpenMetadata's grammar: parts joined with `.`, a part containing
//! `.` wrapped in double quotes.

use crate::error::{Error, Result};

/// Quotes one name for an FQN: `a.b` → `"a.b"`; a quoted name without a dot loses its quotes.
///
/// ```
/// use openmetadata::fqn::quote_name;
/// assert_eq!(quote_name("foo.bar/baz").unwrap(), "\"foo.bar/baz\"");
/// assert_eq!(quote_name("Pipeline/Name (test)").unwrap(), "Pipeline/Name (test)");
/// ```
pub fn quote_name(name: &str) -> Result<String> {
    let inner = name
        .strip_prefix('"')
        .and_then(|n| n.strip_suffix('"'))
        .unwrap_or(name);
    if inner.contains('"') || inner.contains('\n') {
        return Err(Error::Config(format!("invalid name for an FQN: {name}")));
    }
    Ok(if inner.contains('.') {
        format!("\"{inner}\"")
    } else {
        inner.to_string()
    })
}

/// Builds an FQN from its parts, quoting each.
///
/// ```
/// assert_eq!(openmetadata::fqn::build(&["svc", "db", "s", "a.b"]).unwrap(), "svc.db.s.\"a.b\"");
/// ```
pub fn build(parts: &[&str]) -> Result<String> {
    Ok(parts
        .iter()
        .map(|p| quote_name(p))
        .collect::<Result<Vec<_>>>()?
        .join("."))
}

/// Splits an FQN into its parts; quoted parts keep their quotes.
///
/// ```
/// assert_eq!(openmetadata::fqn::split("svc.\"a.b\".t"), vec!["svc", "\"a.b\"", "t"]);
/// ```
pub fn split(fqn: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in fqn.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            '.' if !quoted => parts.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    parts.push(current);
    parts
}

/// Strips one pair of surrounding double quotes.
///
/// ```
/// assert_eq!(openmetadata::fqn::unquote_name("\"a.b\""), "a.b");
/// assert_eq!(openmetadata::fqn::unquote_name("plain"), "plain");
/// ```
pub fn unquote_name(name: &str) -> &str {
    name.strip_prefix('"')
        .and_then(|n| n.strip_suffix('"'))
        .unwrap_or(name)
}

/// The (database, schema, table) a table name states, from its last three parts, quotes
/// removed; missing parts are `None`.
///
/// ```
/// use openmetadata::fqn::split_table_name;
/// assert_eq!(split_table_name("sales.orders"), (None, Some("sales".into()), "orders".into()));
/// assert_eq!(split_table_name("svc.db.s.\"a.b\"").2, "a.b");
/// ```
pub fn split_table_name(name: &str) -> (Option<String>, Option<String>, String) {
    let parts: Vec<String> = split(name)
        .into_iter()
        .map(|p| unquote_name(&p).to_string())
        .collect();
    let mut last = parts.into_iter().rev();
    let table = last.next().unwrap_or_default();
    let schema = last.next();
    let database = last.next();
    (database, schema, table)
}

/// The parts of a test case FQN (5 parts, or 6 for a column's test).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestCaseFqn {
    /// The service.
    pub service: String,
    /// The database.
    pub database: String,
    /// The schema.
    pub schema: String,
    /// The table.
    pub table: String,
    /// The column, for a column's test.
    pub column: Option<String>,
    /// The test case's name.
    pub name: String,
}

/// Splits a test case FQN into its parts.
///
/// ```
/// let parts = openmetadata::fqn::split_test_case_fqn("svc.db.s.orders.id.not_null").unwrap();
/// assert_eq!((parts.column.as_deref(), parts.name.as_str()), (Some("id"), "not_null"));
/// assert!(openmetadata::fqn::split_test_case_fqn("svc.db.orders").is_err());
/// ```
pub fn split_test_case_fqn(fqn: &str) -> Result<TestCaseFqn> {
    let mut parts = split(fqn);
    let column = match parts.len() {
        5 => None,
        6 => Some(parts.remove(4)),
        _ => {
            return Err(Error::InvalidRequest(format!(
                "a test case FQN has 5 or 6 parts: {fqn}"
            )));
        }
    };
    let [service, database, schema, table, name]: [String; 5] = parts
        .try_into()
        .map_err(|_| Error::InvalidRequest(fqn.to_string()))?;
    Ok(TestCaseFqn {
        service,
        database,
        schema,
        table,
        column,
        name,
    })
}

/// The FQN of a table's basic test suite: `<tableFqn>.testSuite`.
///
/// ```
/// assert_eq!(openmetadata::fqn::test_suite("svc.db.s.orders"), "svc.db.s.orders.testSuite");
/// ```
pub fn test_suite(table_fqn: &str) -> String {
    format!("{table_fqn}.testSuite")
}

/// The FQN of a dashboard data model: `<service>.model.<name>`.
///
/// ```
/// assert_eq!(openmetadata::fqn::dashboard_data_model("looker", "orders").unwrap(), "looker.model.orders");
/// ```
pub fn dashboard_data_model(service: &str, name: &str) -> Result<String> {
    build(&[service, "model", name])
}

/// The FQN of a container, under its parent container's FQN when it has one (a parent FQN
/// that does not start with the service gets it prepended).
///
/// ```
/// use openmetadata::fqn::container;
/// assert_eq!(container("s3", None, "raw").unwrap(), "s3.raw");
/// assert_eq!(container("s3", Some("s3.raw"), "orders").unwrap(), "s3.raw.orders");
/// assert_eq!(container("s3", Some("raw"), "orders").unwrap(), "s3.raw.orders");
/// ```
pub fn container(service: &str, parent: Option<&str>, name: &str) -> Result<String> {
    let name = quote_name(name)?;
    Ok(match parent {
        Some(p) if p.starts_with(&format!("{service}.")) => format!("{p}.{name}"),
        Some(p) => format!("{}.{p}.{name}", quote_name(service)?),
        None => format!("{}.{name}", quote_name(service)?),
    })
}

/// A search pattern for an FQN whose leading parts may be unknown: the parts given, padded on
/// the left with `*` up to `slots` (table 4, schema 3, database 2, dashboard or topic 2, ...).
///
/// ```
/// assert_eq!(openmetadata::fqn::wildcard_prefix("s.orders", 4).unwrap(), "*.*.s.orders");
/// assert!(openmetadata::fqn::wildcard_prefix("a.b.c.d.e", 4).is_err());
/// ```
pub fn wildcard_prefix(fqn: &str, slots: usize) -> Result<String> {
    let parts = split(fqn);
    if parts.len() > slots {
        return Err(Error::InvalidRequest(format!(
            "{fqn} has more than {slots} parts"
        )));
    }
    let mut padded = vec!["*".to_string(); slots - parts.len()];
    padded.extend(parts);
    Ok(padded.join("."))
}

/// Encodes an FQN (or any name) as one URL path segment: every byte but `A-Za-z0-9-._~`.
///
/// ```
/// assert_eq!(openmetadata::fqn::path_segment("a/b c"), "a%2Fb%20c");
/// ```
pub fn path_segment(value: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(value, SET).to_string()
}

/// The checksum of a query text (lower-case hex MD5): a query's name, and the last part of its
/// FQN `<service>.<checksum>`.
///
/// ```
/// assert_eq!(openmetadata::fqn::query_checksum("select 1"), "95adb6e77a0884d9e50232cb8c5c969d");
/// ```
pub fn query_checksum(sql: &str) -> String {
    format!("{:x}", md5::compute(sql.as_bytes()))
}
