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
