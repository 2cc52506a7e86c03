//! Search queries: the Elasticsearch query-string syntax (`q=`) and the subset of the query
//! DSL the SDKs send (`query_filter=`), parsed into one tree that is both evaluated exactly
//! on documents and turned into an FTS5 expression that narrows the candidates first.
//!
//! Field values compare case-insensitively; `field.keyword` means the whole value (exact or
//! wildcard), a plain field means its words.

use serde_json::Value;

/// A word pattern of a text query.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// The lower-cased word, or a glob with `*` and `?`.
    pub text: String,
}

impl Word {
    fn is_glob(&self) -> bool {
        self.text.contains(['*', '?'])
    }

    fn matches(&self, token: &str) -> bool {
        if self.is_glob() {
            glob(&self.text, token)
        } else {
            self.text == token
        }
    }
}

/// A query.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    /// Every document.
    All,
    /// The field has one of these values (whole value, case-insensitive).
    Term {
        /// Dotted field path, without `.keyword`.
        field: String,
        /// Lower-cased values.
        values: Vec<String>,
    },
    /// Words appear in the fields (any field; all fields' text when `fields` is empty).
    Text {
        /// Fields to look in.
        fields: Vec<String>,
        /// The words.
        words: Vec<Word>,
        /// Every word must appear (else any one).
        all: bool,
        /// The words must appear in this order, next to each other.
        phrase: bool,
    },
    /// The whole value matches a glob (case-insensitive).
    Wildcard {
        /// Dotted field path.
        field: String,
        /// Lower-cased glob.
        pattern: String,
    },
    /// The value is in a range.
    Range {
        /// Dotted field path.
        field: String,
        /// `(operator, bound)` pairs: `gt`, `gte`, `lt`, `lte`.
        bounds: Vec<(String, Value)>,
    },
    /// The field has a non-null value.
    Exists(String),
    /// The document id is one of these.
    Ids(Vec<String>),
    /// A boolean combination.
    Bool {
        /// All of these.
        must: Vec<Query>,
        /// At least `min_should` of these.
        should: Vec<Query>,
        /// None of these.
        must_not: Vec<Query>,
        /// How many `should` clauses must match.
        min_should: usize,
    },
}

/// Lower-cased words of a text, split on anything that is not a letter or digit.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `text` matches the glob `pattern` (`*` any run, `?` one character).
pub fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// The field path without a trailing `.keyword`.
fn base_field(field: &str) -> String {
    field.strip_suffix(".keyword").unwrap_or(field).to_string()
}

/// Every leaf value at a dotted path (arrays are looked through).
pub fn values_at<'a>(doc: &'a Value, path: &str) -> Vec<&'a Value> {
    let mut current = vec![doc];
    for part in path.split('.') {
        let mut next = Vec::new();
        for v in current {
            match v {
                Value::Object(o) => {
                    if let Some(x) = o.get(part) {
                        next.push(x);
                    }
                }
                Value::Array(a) => a
                    .iter()
                    .filter_map(|x| x.get(part))
                    .for_each(|x| next.push(x)),
                _ => {}
            }
        }
        current = next;
    }
    let mut leaves = Vec::new();
    for v in current {
        match v {
            Value::Array(a) => leaves.extend(a.iter().filter(|x| !x.is_null())),
            Value::Null => {}
            other => leaves.push(other),
        }
    }
    leaves
}

/// A leaf as text.
pub fn leaf_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Every string leaf of a document (the default text fields).
fn all_text(doc: &Value, out: &mut Vec<String>) {
    match doc {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| all_text(x, out)),
        Value::Object(o) => o.values().for_each(|x| all_text(x, out)),
        Value::Bool(b) => out.push(b.to_string()),
        Value::Number(n) => out.push(n.to_string()),
        Value::Null => {}
    }
}

fn compare(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x.partial_cmp(&y),
        _ => Some(leaf_text(a)?.cmp(&leaf_text(b)?)),
    }
}

impl Query {
    /// Whether the document matches.
    pub fn matches(&self, doc: &Value) -> bool {
        match self {
            Query::All => true,
            Query::Term { field, values } => values_at(doc, field)
                .iter()
                .filter_map(|v| leaf_text(v))
                .any(|v| values.contains(&v.to_lowercase())),
            Query::Wildcard { field, pattern } => values_at(doc, field)
                .iter()
                .filter_map(|v| leaf_text(v))
                .any(|v| glob(pattern, &v.to_lowercase())),
            Query::Exists(field) => !values_at(doc, field).is_empty(),
            Query::Ids(ids) => doc
                .get("id")
                .and_then(Value::as_str)
                .is_some_and(|id| ids.iter().any(|x| x == id)),
            Query::Range { field, bounds } => values_at(doc, field).iter().any(|v| {
                bounds.iter().all(|(op, bound)| {
                    let Some(ord) = compare(v, bound) else {
                        return false;
                    };
                    match op.as_str() {
                        "gt" => ord.is_gt(),
                        "gte" => ord.is_ge(),
                        "lt" => ord.is_lt(),
                        "lte" => ord.is_le(),
                        _ => false,
                    }
                })
            }),
            Query::Text {
                fields,
                words: wanted,
                all,
                phrase,
            } => {
                let mut texts = Vec::new();
                if fields.is_empty() {
                    all_text(doc, &mut texts);
                } else {
                    for f in fields {
                        texts.extend(
                            values_at(doc, &base_field(f))
                                .iter()
                                .filter_map(|v| leaf_text(v)),
                        );
                    }
                }
                if *phrase {
                    return texts.iter().any(|t| {
                        let tokens = words(t);
                        tokens
                            .windows(wanted.len().max(1))
                            .any(|w| w.iter().zip(wanted).all(|(t, p)| p.matches(t)))
                    });
                }
                let tokens: Vec<String> = texts.iter().flat_map(|t| words(t)).collect();
                let found = |w: &Word| tokens.iter().any(|t| w.matches(t));
                if *all {
                    wanted.iter().all(found)
                } else {
                    wanted.iter().any(found)
                }
            }
            Query::Bool {
                must,
                should,
                must_not,
                min_should,
            } => {
                must.iter().all(|q| q.matches(doc))
                    && !must_not.iter().any(|q| q.matches(doc))
                    && should.iter().filter(|q| q.matches(doc)).count() >= *min_should
            }
        }
    }

    /// Whether [`narrow`](Self::narrow) matches exactly the documents this query matches, so
    /// the index alone can count, sort and page.
    pub fn is_exact(&self) -> bool {
        let prefix_only = |p: &str| {
            p.find(['*', '?'])
                .is_none_or(|i| i == p.len() - 1 && p.ends_with('*'))
        };
        match self {
            Query::All | Query::Term { .. } => true,
            Query::Exists(_) => false,
            Query::Wildcard { pattern, .. } => !pattern.contains(['*', '?']),
            Query::Text {
                fields,
                words,
                phrase,
                ..
            } => {
                fields.is_empty()
                    && !phrase
                    && words.iter().all(|w| {
                        prefix_only(&w.text)
                            && w.text
                                .trim_end_matches('*')
                                .chars()
                                .all(char::is_alphanumeric)
                    })
            }
            Query::Range { .. } | Query::Ids(_) => false,
            Query::Bool {
                must,
                should,
                must_not,
                min_should,
            } => {
                must_not.is_empty()
                    && must.iter().all(Query::is_exact)
                    && (*min_should == 0 && !must.is_empty() || should.iter().all(Query::is_exact))
                    && *min_should <= 1
            }
        }
    }

    /// An FTS5 expression over the columns `text` and `kw` (see `search_index`) that every
    /// matching document satisfies; `None` when the query cannot narrow the candidates.
    pub fn narrow(&self) -> Option<String> {
        match self {
            Query::All | Query::Range { .. } | Query::Ids(_) | Query::Exists(_) => None,
            Query::Term { field, values } => Some(any_of(
                values
                    .iter()
                    .map(|v| {
                        format!(
                            "kw : \"{}\"",
                            crate::store::search_index::value_token(field, v)
                        )
                    })
                    .collect(),
            )),

            Query::Wildcard { field, pattern } => {
                if !pattern.contains(['*', '?']) {
                    let token = crate::store::search_index::value_token(field, pattern);
                    return Some(format!("kw : \"{token}\""));
                }
                let parts: Vec<String> = glob_words(pattern)
                    .into_iter()
                    .map(|(w, prefix)| {
                        let star = if prefix { "*" } else { "" };
                        format!("text : \"{w}\"{star}")
                    })
                    .collect();
                (!parts.is_empty()).then(|| parts.join(" AND "))
            }
            Query::Text {
                words: wanted, all, ..
            } => {
                let parts: Vec<Option<String>> = wanted.iter().map(word_expr).collect();
                if *all {
                    let known: Vec<String> = parts.into_iter().flatten().collect();
                    (!known.is_empty()).then(|| known.join(" AND "))
                } else {
                    parts.into_iter().collect::<Option<Vec<_>>>().map(any_of)
                }
            }
            Query::Bool {
                must,
                should,
                min_should,
                ..
            } => {
                let mut parts: Vec<String> = must.iter().filter_map(Query::narrow).collect();
                if *min_should > 0
                    && let Some(alternatives) =
                        should.iter().map(Query::narrow).collect::<Option<Vec<_>>>()
                {
                    parts.push(any_of(alternatives));
                }
                (!parts.is_empty()).then(|| {
                    parts
                        .into_iter()
                        .map(|p| format!("({p})"))
                        .collect::<Vec<_>>()
                        .join(" AND ")
                })
            }
        }
    }
}

/// The words a value matching the glob must contain: the words of its literal parts that
/// no wildcard touches on the left (`true`: a wildcard follows, so only a prefix is known).
fn glob_words(pattern: &str) -> Vec<(String, bool)> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_alphanumeric() {
            i += 1;
        }
        let left_whole = start == 0 || !matches!(chars[start - 1], '*' | '?');
        let right_open = i < chars.len() && matches!(chars[i], '*' | '?');
        if left_whole {
            out.push((
                chars[start..i].iter().collect::<String>().to_lowercase(),
                right_open,
            ));
        }
    }
    out
}

fn any_of(parts: Vec<String>) -> String {
    parts
        .into_iter()
        .map(|p| format!("({p})"))
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// The FTS5 form of a word: exact, or a prefix when it ends with its only wildcard.
fn word_expr(w: &Word) -> Option<String> {
    if !w.is_glob() {
        return Some(format!("text : \"{}\"", w.text));
    }
    let prefix: String = w.text.chars().take_while(|c| c.is_alphanumeric()).collect();
    (!prefix.is_empty()).then(|| format!("text : \"{prefix}\"*"))
}

/// A query in the wrong shape.
#[derive(Debug, Clone, PartialEq)]
pub struct BadQuery(pub String);

fn bad(msg: impl Into<String>) -> BadQuery {
    BadQuery(msg.into())
}

/// Parses the query-string syntax: terms, `"phrases"`, `field:value`, `field:"phrase"`,
/// wildcards, `AND`/`OR`/`NOT` (also `&&`, `||`, `!`, `+`, `-`), parentheses; `*` alone is
/// everything. `fields` are the default fields (empty: all text); `and` makes juxtaposed
/// terms all required.
pub fn parse_query_string(q: &str, fields: &[String], and: bool) -> Result<Query, BadQuery> {
    if q.len() > MAX_QUERY_BYTES {
        return Err(bad(format!(
            "the query is {} bytes long; at most {MAX_QUERY_BYTES} are accepted",
            q.len()
        )));
    }
    let tokens = lex(q)?;
    if tokens.is_empty() {
        return Ok(Query::All);
    }
    if tokens.len() > MAX_QUERY_TOKENS {
        return Err(bad(format!(
            "the query has {} terms and operators; at most {MAX_QUERY_TOKENS} are accepted",
            tokens.len()
        )));
    }
    let mut p = Parser {
        tokens,
        pos: 0,
        depth: 0,
        fields,
        and,
    };
    let query = p.or()?;
    if p.pos < p.tokens.len() {
        return Err(bad(format!(
            "unexpected {:?} in the query",
            p.tokens[p.pos]
        )));
    }
    Ok(query)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    And,
    Or,
    Not,
    Must,
    Term(Option<String>, String, bool),
}

fn lex(q: &str) -> Result<Vec<Tok>, BadQuery> {
    let chars: Vec<char> = q.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let read_quoted = |i: &mut usize| -> Result<String, BadQuery> {
        let mut s = String::new();
        *i += 1;
        while *i < chars.len() && chars[*i] != '"' {
            if chars[*i] == '\\' && *i + 1 < chars.len() {
                *i += 1;
            }
            s.push(chars[*i]);
            *i += 1;
        }
        if *i >= chars.len() {
            return Err(bad("unclosed quote in the query"));
        }
        *i += 1;
        Ok(s)
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\n' => i += 1,
            '(' => {
                out.push(Tok::Open);
                i += 1;
            }
            ')' => {
                out.push(Tok::Close);
                i += 1;
            }
            '!' => {
                out.push(Tok::Not);
                i += 1;
            }
            '-' if out.last().is_none_or(|t| !matches!(t, Tok::Term(..))) => {
                out.push(Tok::Not);
                i += 1;
            }
            '+' => {
                out.push(Tok::Must);
                i += 1;
            }
            '&' if chars.get(i + 1) == Some(&'&') => {
                out.push(Tok::And);
                i += 2;
            }
            '|' if chars.get(i + 1) == Some(&'|') => {
                out.push(Tok::Or);
                i += 2;
            }
            '"' => {
                let s = read_quoted(&mut i)?;
                out.push(Tok::Term(None, s, true));
            }
            _ => {
                let mut s = String::new();
                while i < chars.len() && !matches!(chars[i], ' ' | '\t' | '\n' | '(' | ')') {
                    if chars[i] == '\\' && i + 1 < chars.len() {
                        i += 1;
                    } else if chars[i] == ':' && !s.is_empty() {
                        break;
                    }
                    s.push(chars[i]);
                    i += 1;
                }
                if i < chars.len() && chars[i] == ':' {
                    i += 1;
                    if chars.get(i) == Some(&'"') {
                        let v = read_quoted(&mut i)?;
                        out.push(Tok::Term(Some(s), v, true));
                    } else {
                        let mut v = String::new();
                        while i < chars.len() && !matches!(chars[i], ' ' | '\t' | '\n' | '(' | ')')
                        {
                            if chars[i] == '\\' && i + 1 < chars.len() {
                                i += 1;
                            }
                            v.push(chars[i]);
                            i += 1;
                        }
                        if v.is_empty() {
                            return Err(bad(format!("{s}: needs a value")));
                        }
                        out.push(Tok::Term(Some(s), v, false));
                    }
                } else {
                    out.push(match s.as_str() {
                        "AND" => Tok::And,
                        "OR" => Tok::Or,
                        "NOT" => Tok::Not,
                        _ => Tok::Term(None, s, false),
                    });
                }
            }
        }
    }
    Ok(out)
}

/// The longest query string accepted.
const MAX_QUERY_BYTES: usize = 64 * 1024;

/// The most tokens (terms and operators) of a query string.
const MAX_QUERY_TOKENS: usize = 4096;

/// The deepest nesting of parentheses, `NOT`s and `+`s in a query string, and of clauses in
/// a query DSL document: parsing and matching recurse, so deeper input is refused with a 400
/// before it can exhaust a thread's stack.
pub const MAX_QUERY_DEPTH: usize = 64;

fn too_deep() -> BadQuery {
    bad(format!(
        "the query nests deeper than {MAX_QUERY_DEPTH} levels"
    ))
}

struct Parser<'a> {
    tokens: Vec<Tok>,
    pos: usize,
    /// Nesting depth at the current position.
    depth: usize,
    fields: &'a [String],
    and: bool,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos)
    }

    fn or(&mut self) -> Result<Query, BadQuery> {
        let mut parts = vec![self.and_expr()?];
        while self.peek() == Some(&Tok::Or) {
            self.pos += 1;
            parts.push(self.and_expr()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Query::Bool {
                must: vec![],
                should: parts,
                must_not: vec![],
                min_should: 1,
            }
        })
    }

    /// Terms joined by AND, or side by side (AND when the default operator is AND; else
    /// optional unless marked `+`).
    fn and_expr(&mut self) -> Result<Query, BadQuery> {
        let (mut must, mut should, mut must_not) = (Vec::new(), Vec::new(), Vec::new());
        let mut joined_by_and = false;
        loop {
            match self.peek() {
                None | Some(Tok::Or) | Some(Tok::Close) => break,
                Some(Tok::And) => {
                    self.pos += 1;
                    joined_by_and = true;
                    continue;
                }
                _ => {}
            }
            let (negated, required, q) = self.unary()?;
            if negated {
                must_not.push(q);
            } else if required || self.and || joined_by_and {
                must.push(q);
            } else {
                should.push(q);
            }
        }
        if joined_by_and {
            must.append(&mut should);
        }
        if must.is_empty() && should.is_empty() && must_not.is_empty() {
            return Err(bad("an operator without a term in the query"));
        }
        if must.len() == 1 && should.is_empty() && must_not.is_empty() {
            return Ok(must.remove(0));
        }
        if should.len() == 1 && must.is_empty() && must_not.is_empty() {
            return Ok(should.remove(0));
        }
        let min_should = usize::from(must.is_empty() && !should.is_empty());
        if must.is_empty() && should.is_empty() {
            must.push(Query::All);
        }
        Ok(Query::Bool {
            must,
            should,
            must_not,
            min_should,
        })
    }

    fn unary(&mut self) -> Result<(bool, bool, Query), BadQuery> {
        if !matches!(self.peek(), Some(Tok::Term(..))) {
            if self.depth >= MAX_QUERY_DEPTH {
                return Err(too_deep());
            }
            self.depth += 1;
            let out = self.nested_unary();
            self.depth -= 1;
            return out;
        }
        self.nested_unary()
    }

    fn nested_unary(&mut self) -> Result<(bool, bool, Query), BadQuery> {
        match self.peek() {
            Some(Tok::Not) => {
                self.pos += 1;
                let (negated, _, q) = self.unary()?;
                Ok((!negated, false, q))
            }
            Some(Tok::Must) => {
                self.pos += 1;
                let (negated, _, q) = self.unary()?;
                Ok((negated, true, q))
            }
            Some(Tok::Open) => {
                self.pos += 1;
                let q = self.or()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err(bad("unbalanced parentheses in the query"));
                }
                self.pos += 1;
                Ok((false, false, q))
            }
            Some(Tok::Term(..)) => {
                let Some(Tok::Term(field, value, quoted)) = self.tokens.get(self.pos).cloned()
                else {
                    unreachable!("peeked a term")
                };
                self.pos += 1;
                Ok((false, false, self.term(field, &value, quoted)))
            }
            other => Err(bad(format!("unexpected {other:?} in the query"))),
        }
    }

    fn term(&self, field: Option<String>, value: &str, quoted: bool) -> Query {
        if field.is_none() && !quoted && value == "*" {
            return Query::All;
        }
        if let Some(f) = &field
            && (f.ends_with(".keyword") || f == "_id" || f == "id")
        {
            let lower = value.to_lowercase();
            let field = base_field(f);
            return if !quoted && lower.contains(['*', '?']) {
                Query::Wildcard {
                    field,
                    pattern: lower,
                }
            } else {
                Query::Term {
                    field,
                    values: vec![lower],
                }
            };
        }
        if let Some(f) = &field
            && !quoted
            && value == "*"
        {
            return Query::Exists(base_field(f));
        }
        let fields = field.map_or_else(|| self.fields.to_vec(), |f| vec![f]);
        let text = value.to_lowercase();
        let glob_word = !quoted
            && text.contains(['*', '?'])
            && !text.contains(|c: char| !(c.is_alphanumeric() || c == '*' || c == '?'));
        let words: Vec<Word> = if glob_word {
            vec![Word { text }]
        } else {
            words(&text).into_iter().map(|text| Word { text }).collect()
        };
        Query::Text {
            fields,
            words,
            all: true,
            phrase: quoted,
        }
    }
}

/// Parses a query-DSL document (`{"query": {...}}` or the clause itself).
pub fn parse_dsl(v: &Value) -> Result<Query, BadQuery> {
    parse_dsl_at(v, 0)
}

fn parse_dsl_at(v: &Value, depth: usize) -> Result<Query, BadQuery> {
    if depth >= MAX_QUERY_DEPTH {
        return Err(too_deep());
    }
    let nested = |v: &Value| parse_dsl_at(v, depth + 1);
    let Some(o) = v.as_object() else {
        return Err(bad("a query is a JSON object"));
    };
    if let Some(inner) = o.get("query") {
        return nested(inner);
    }
    if o.is_empty() {
        return Ok(Query::All);
    }
    if o.len() != 1 {
        return Err(bad(format!(
            "a query clause has one key, got {:?}",
            o.keys().collect::<Vec<_>>()
        )));
    }
    let (kind, body) = o.iter().next().expect("one key");
    let field_and = |body: &Value| -> Result<(String, Value), BadQuery> {
        let obj = body.as_object().filter(|b| b.len() == 1).ok_or_else(|| {
            bad(format!(
                "{kind} takes one field: {{\"{kind}\": {{\"field\": ...}}}}"
            ))
        })?;
        let (f, v) = obj.iter().next().expect("one field");
        Ok((f.clone(), v.clone()))
    };
    let scalar =
        |v: &Value, key: &str| -> Value { v.get(key).cloned().unwrap_or_else(|| v.clone()) };
    let text_of = |v: &Value| -> Result<String, BadQuery> {
        leaf_text(v).ok_or_else(|| bad(format!("{kind} needs a string, number or boolean")))
    };
    Ok(match kind.as_str() {
        "match_all" => Query::All,
        "bool" => {
            let clauses = |key: &str| -> Result<Vec<Query>, BadQuery> {
                match body.get(key) {
                    None | Some(Value::Null) => Ok(vec![]),
                    Some(Value::Array(a)) => a.iter().map(nested).collect(),
                    Some(one) => Ok(vec![nested(one)?]),
                }
            };
            let mut must = clauses("must")?;
            must.extend(clauses("filter")?);
            let should = clauses("should")?;
            let min_should = match body.get("minimum_should_match") {
                Some(m) => m
                    .as_u64()
                    .or_else(|| m.as_str().and_then(|s| s.parse().ok()))
                    .unwrap_or(1) as usize,
                None => usize::from(must.is_empty() && !should.is_empty()),
            };
            Query::Bool {
                must,
                should,
                must_not: clauses("must_not")?,
                min_should,
            }
        }
        "term" => {
            let (f, v) = field_and(body)?;
            Query::Term {
                field: base_field(&f),
                values: vec![text_of(&scalar(&v, "value"))?.to_lowercase()],
            }
        }
        "terms" => {
            let (f, v) = field_and(body)?;
            let values = v
                .as_array()
                .ok_or_else(|| bad("terms takes a list of values"))?
                .iter()
                .map(|x| text_of(x).map(|s| s.to_lowercase()))
                .collect::<Result<_, _>>()?;
            Query::Term {
                field: base_field(&f),
                values,
            }
        }
        "match" | "match_phrase" => {
            let (f, v) = field_and(body)?;
            let text = text_of(&scalar(&v, "query"))?;
            let all = v
                .get("operator")
                .and_then(Value::as_str)
                .is_some_and(|o| o.eq_ignore_ascii_case("and"));
            Query::Text {
                fields: vec![f],
                words: words(&text).into_iter().map(|text| Word { text }).collect(),
                all: all || kind == "match_phrase",
                phrase: kind == "match_phrase",
            }
        }
        "wildcard" | "prefix" => {
            let (f, v) = field_and(body)?;
            let mut pattern = text_of(&scalar(&v, "value"))?.to_lowercase();
            if kind == "prefix" {
                pattern.push('*');
            }
            Query::Wildcard {
                field: base_field(&f),
                pattern,
            }
        }
        "range" => {
            let (f, v) = field_and(body)?;
            let bounds: Vec<(String, Value)> = v
                .as_object()
                .ok_or_else(|| bad("range takes {gt, gte, lt, lte}"))?
                .iter()
                .filter(|(k, _)| ["gt", "gte", "lt", "lte"].contains(&k.as_str()))
                .map(|(k, b)| (k.clone(), b.clone()))
                .collect();
            Query::Range {
                field: base_field(&f),
                bounds,
            }
        }
        "exists" => Query::Exists(base_field(
            body.get("field")
                .and_then(Value::as_str)
                .ok_or_else(|| bad("exists takes {\"field\": name}"))?,
        )),
        "ids" => Query::Ids(
            body.get("values")
                .and_then(Value::as_array)
                .ok_or_else(|| bad("ids takes {\"values\": [...]}"))?
                .iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
        ),
        "query_string" | "simple_query_string" => {
            let q = body
                .get("query")
                .and_then(Value::as_str)
                .ok_or_else(|| bad("query_string takes {\"query\": text}"))?;
            let fields: Vec<String> = body
                .get("fields")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|f| f.as_str())
                        .map(|f| f.split('^').next().unwrap_or(f).to_string())
                        .collect()
                })
                .unwrap_or_default();
            let and = body
                .get("default_operator")
                .and_then(Value::as_str)
                .is_some_and(|o| o.eq_ignore_ascii_case("and"));
            parse_query_string(q, &fields, and)?
        }
        other => return Err(bad(format!("unsupported query clause {other}"))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({"id": "1", "name": "random.user.es", "displayName": "Random User", "isBot": false,
               "description": "works on levy", "email": "Random@Example.com",
               "service": {"name": "mysql_prod"}, "tags": [{"tagFQN": "Tier.Tier1"}],
               "fullyQualifiedName": "svc.db.schema.orders", "updatedAt": 20})
    }

    fn q(s: &str) -> Query {
        parse_query_string(s, &[], false).unwrap()
    }

    #[test]
    fn query_strings_match_like_elasticsearch() {
        let d = doc();
        assert!(q("random").matches(&d));
        assert!(q("Random AND user").matches(&d));
        assert!(q("nothing OR levy").matches(&d));
        assert!(!q("nothing AND levy").matches(&d));
        assert!(q("NOT nothing").matches(&d));
        assert!(!q("-levy").matches(&d));
        assert!(q("ran*").matches(&d));
        assert!(q("\"random user\"").matches(&d));
        assert!(!q("\"user random\"").matches(&d));
        assert!(q("email.keyword:random@example.com").matches(&d));
        assert!(!q("email.keyword:other@example.com").matches(&d));
        assert!(q("isBot:false").matches(&d));
        assert!(q("service.name.keyword:mysql*").matches(&d));
        assert!(q("(levy OR x) AND tags.tagFQN:tier1").matches(&d));
        assert_eq!(q("*"), Query::All);
        let names = vec!["name".to_string(), "displayName".to_string()];
        let by_name = parse_query_string("Random User Es AND isBot:false", &names, true).unwrap();
        assert!(by_name.matches(&d));
        let description_only = parse_query_string("levy AND isBot:false", &names, true).unwrap();
        assert!(
            !description_only.matches(&d),
            "text only in the description does not match"
        );
        assert!(parse_query_string("(a", &[], false).is_err());
        assert!(parse_query_string("\"a", &[], false).is_err());
    }

    #[test]
    fn nesting_and_size_are_bounded() {
        let nested = |n: usize| format!("{}a{}", "(".repeat(n), ")".repeat(n));
        assert!(parse_query_string(&nested(MAX_QUERY_DEPTH), &[], false).is_ok());
        for n in [MAX_QUERY_DEPTH + 1, 3_000, 100_000] {
            let e = parse_query_string(&nested(n), &[], false).unwrap_err();
            assert!(
                ["deeper than", "terms and operators", "bytes long"]
                    .iter()
                    .any(|m| e.0.contains(m)),
                "{}",
                e.0
            );
        }
        let nots = format!("{}a", "NOT ".repeat(5_000));
        assert!(parse_query_string(&nots, &[], false).is_err());
        let many = "a ".repeat(MAX_QUERY_TOKENS + 1);
        assert!(
            parse_query_string(&many, &[], false)
                .unwrap_err()
                .0
                .contains("terms")
        );
        let mut dsl = json!({"match_all": {}});
        for _ in 0..200 {
            dsl = json!({"bool": {"must": [dsl]}});
        }
        assert!(parse_dsl(&dsl).unwrap_err().0.contains("deeper than"));
    }

    #[test]
    fn dsl_clauses_evaluate_and_narrow() {
        let d = doc();
        let filter = json!({"query": {"bool": {"must": [
            {"term": {"service.name.keyword": "mysql_prod"}},
            {"bool": {"should": [{"term": {"tags.tagFQN": "Tier.Tier1"}}, {"wildcard": {"name.keyword": "zzz*"}}]}}
        ], "must_not": [{"term": {"isBot": true}}]}}});
        let parsed = parse_dsl(&filter).unwrap();
        assert!(parsed.matches(&d));
        let narrowed = parsed.narrow().unwrap();
        assert!(narrowed.contains("kw : "), "{narrowed}");
        assert!(
            parse_dsl(&json!({"range": {"updatedAt": {"gte": 10, "lt": 30}}}))
                .unwrap()
                .matches(&d)
        );
        assert!(
            !parse_dsl(&json!({"range": {"updatedAt": {"gt": 20}}}))
                .unwrap()
                .matches(&d)
        );
        assert!(
            parse_dsl(&json!({"exists": {"field": "service.name"}}))
                .unwrap()
                .matches(&d)
        );
        assert!(
            parse_dsl(&json!({"ids": {"values": ["1"]}}))
                .unwrap()
                .matches(&d)
        );
        assert!(
            parse_dsl(&json!({"match_phrase": {"displayName": "random user"}}))
                .unwrap()
                .matches(&d)
        );
        assert!(
            parse_dsl(&json!({"prefix": {"fullyQualifiedName": "svc.db"}}))
                .unwrap()
                .matches(&d)
        );
        assert!(parse_dsl(&json!({"frobnicate": {}})).is_err());
        assert!(
            !parsed.is_exact(),
            "must_not needs checking document by document"
        );
        assert!(
            parse_dsl(&json!({"bool": {"must": [{"term": {"a": "b"}}, {"term": {"name": "x"}}]}}))
                .unwrap()
                .is_exact()
        );
        assert!(
            !parse_dsl(&json!({"wildcard": {"name": "*ders"}}))
                .unwrap()
                .is_exact()
        );
        assert!(
            !parse_dsl(&json!({"match": {"name": "orders"}}))
                .unwrap()
                .is_exact()
        );
        assert_eq!(
            glob_words("svc.*.*.t_1"),
            vec![
                ("svc".to_string(), false),
                ("t".to_string(), false),
                ("1".to_string(), false)
            ]
        );
        assert_eq!(glob_words("ord*"), vec![("ord".to_string(), true)]);
        assert_eq!(glob_words("*ders"), vec![]);
        assert!(
            !q("orders AND status:new").is_exact(),
            "a field's words need checking"
        );
        assert!(q("ord* revenue").is_exact());
        assert!(parse_dsl(&json!({"term": {"a": 1, "b": 2}})).is_err());
    }

    #[test]
    fn globs() {
        assert!(glob("svc.*.*.table", "svc.db.schema.table"));
        assert!(glob("a?c", "abc"));
        assert!(!glob("a*d", "abc"));
        assert!(glob("*", ""));
    }
}
