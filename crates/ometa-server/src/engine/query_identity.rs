//! A query's identity: its checksum is the MD5 of its text and its name defaults to the
//! checksum, as on the real server.

use serde_json::{Map, Value};

/// The checksum of a query text: lower-case hex MD5.
pub fn checksum(sql: &str) -> String {
    format!("{:x}", md5::compute(sql.as_bytes()))
}

/// Sets `checksum` from the create request's `query`, and `name` to it when none is given.
pub fn derive_identity(doc: &mut Map<String, Value>) {
    let Some(sum) = doc.get("query").and_then(Value::as_str).map(checksum) else {
        return;
    };
    if doc.get("name").is_none_or(Value::is_null) {
        doc.insert("name".into(), Value::String(sum.clone()));
    }
    doc.insert("checksum".into(), Value::String(sum));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checksum_names_the_query() {
        assert_eq!(checksum("select 1"), "95adb6e77a0884d9e50232cb8c5c969d");
        let mut doc = Map::new();
        doc.insert("query".into(), Value::String("select 1".into()));
        derive_identity(&mut doc);
        assert_eq!(doc["name"], doc["checksum"]);
    }
}
