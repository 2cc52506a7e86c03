//! Rust spellings of schema names.

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// `fullyQualifiedName` → `fully_qualified_name`, `JWTToken` → `jwt_token`.
pub fn snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            out.push('_');
            continue;
        }
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    let mut collapsed = String::new();
    for c in out.chars() {
        if c == '_' && (collapsed.is_empty() || collapsed.ends_with('_')) {
            continue;
        }
        collapsed.push(c);
    }
    let trimmed = collapsed.trim_end_matches('_').to_string();
    if trimmed.is_empty() {
        return "value".into();
    }
    if trimmed.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("n{trimmed}");
    }
    trimmed
}

/// A field or module identifier: snake case, with keywords made usable.
pub fn ident(name: &str) -> String {
    let s = snake(name);
    escape_keyword(s)
}

/// `type` → `r#type`; `self`-like keywords that cannot be raw get a trailing `_`.
pub fn escape_keyword(s: String) -> String {
    if matches!(s.as_str(), "self" | "Self" | "super" | "crate") {
        return format!("{s}_");
    }
    if KEYWORDS.contains(&s.as_str()) {
        return format!("r#{s}");
    }
    s
}

/// A module name: snake case; the `type` keyword is spelled `type_` everywhere.
pub fn module(name: &str) -> String {
    let s = snake(name);
    if KEYWORDS.contains(&s.as_str()) {
        return format!("{s}_");
    }
    s
}

/// `Consumer_aligned` → `ConsumerAligned`, `mysql+pymysql` → `MysqlPymysql`.
pub fn pascal(name: &str) -> String {
    let mut out = String::new();
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut cs = part.chars();
        if let Some(first) = cs.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(cs);
        }
    }
    if out.is_empty() {
        return "Empty".into();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("V{out}");
    }
    if out == "Self" {
        return "Self_".into();
    }
    out
}

/// Makes `candidate` unique within `taken`, appending a number when needed.
pub fn unique(candidate: String, taken: &mut std::collections::BTreeSet<String>) -> String {
    if taken.insert(candidate.clone()) {
        return candidate;
    }
    for n in 2.. {
        let next = format!("{candidate}{n}");
        if taken.insert(next.clone()) {
            return next;
        }
    }
    unreachable!("an unbounded counter always finds a free name")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_cases() {
        assert_eq!(snake("fullyQualifiedName"), "fully_qualified_name");
        assert_eq!(snake("JWTToken"), "jwt_token");
        assert_eq!(snake("createAPICollection"), "create_api_collection");
        assert_eq!(snake("auth0SSOClientConfig"), "auth0_sso_client_config");
        assert_eq!(snake("$ref"), "ref");
        assert_eq!(ident("type"), "r#type");
        assert_eq!(module("type"), "type_");
    }

    #[test]
    fn pascal_cases() {
        assert_eq!(pascal("Consumer_aligned"), "ConsumerAligned");
        assert_eq!(pascal("mysql_pymysql"), "MysqlPymysql");
        assert_eq!(pascal("_1"), "V1");
    }
}
