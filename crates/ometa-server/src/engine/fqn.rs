//! Fully qualified names: OpenMetadata's quoting rules (a name part containing `.` is wrapped
//! in double quotes).

use crate::engine::error::ApiError;

/// Quotes one name for use inside an FQN: `a.b` → `"a.b"`; `"x"` without a dot → `x`.
pub fn quote_name(name: &str) -> Result<String, ApiError> {
    if name.contains('\n') {
        return Err(ApiError::bad_request(format!("Invalid name {name}")));
    }
    let inner = if name.len() >= 2 && name.starts_with('"') && name.ends_with('"') {
        &name[1..name.len() - 1]
    } else {
        name
    };
    if inner.contains('"') {
        return Err(ApiError::bad_request(format!("Invalid name {name}")));
    }
    if inner.contains('.') {
        Ok(format!("\"{inner}\""))
    } else {
        Ok(inner.to_string())
    }
}

/// Builds an FQN from its parent's FQN and a name.
pub fn child(parent: Option<&str>, name: &str) -> Result<String, ApiError> {
    let quoted = quote_name(name)?;
    Ok(match parent {
        Some(p) => format!("{p}.{quoted}"),
        None => quoted,
    })
}

/// Splits an FQN into its parent and its last name (unquoted): `svc.db."a.b"` →
/// (`svc.db`, `a.b`); `None` for a one-part FQN.
pub fn split_last(fqn: &str) -> Option<(&str, String)> {
    let mut in_quotes = false;
    let mut last_dot = None;
    for (i, ch) in fqn.char_indices() {
        match ch {
            '"' => in_quotes = !in_quotes,
            '.' if !in_quotes => last_dot = Some(i),
            _ => {}
        }
    }
    let dot = last_dot?;
    let name = fqn[dot + 1..].trim_matches('"').to_string();
    Some((&fqn[..dot], name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_follows_the_server_rules() {
        assert_eq!(quote_name("foo.bar/baz").unwrap(), "\"foo.bar/baz\"");
        assert_eq!(
            quote_name("Pipeline/Name (test)").unwrap(),
            "Pipeline/Name (test)"
        );
        assert_eq!(quote_name("\"abc\"").unwrap(), "abc");
        assert!(quote_name("a\"b").is_err());
        assert_eq!(child(Some("svc.db"), "s.1").unwrap(), "svc.db.\"s.1\"");
        assert_eq!(
            split_last("svc.db.\"s.1\""),
            Some(("svc.db", "s.1".to_string()))
        );
        assert_eq!(split_last("\"a.b\""), None);
    }
}
