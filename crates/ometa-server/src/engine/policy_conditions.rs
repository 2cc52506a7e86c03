//! Policy rule conditions, checked as the real server checks them when a policy is written:
//! a boolean expression (`!`, `&&`, `||`, `not`, `and`, `or`, parentheses, `true`, `false`)
//! over the rule functions (`isOwner()`, `noOwner()`, `matchAnyTag('PII.Sensitive')`, ...).
//! An expression that does not parse, an unknown function, a wrong argument or a tag, team or
//! role that does not exist is a 400 (`Failed to parse - ...` / `Failed to evaluate - ...`).
//! A parsed [`Condition`] is evaluated by the authorizer, one call at a time.

use serde_json::Value;

use crate::engine::error::ApiError;
use crate::engine::{Engine, text_field as text};
use crate::store::Include;

/// What the arguments of a rule function name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Args {
    /// No arguments.
    None,
    /// Tag or glossary term FQNs, each of which must exist.
    Tags,
    /// Team names, each of which must exist.
    Teams,
    /// Role names, each of which must exist.
    Roles,
}

/// The functions a condition may call.
const FUNCTIONS: &[(&str, Args)] = &[
    ("noOwner", Args::None),
    ("isOwner", Args::None),
    ("hasDomain", Args::None),
    ("noDomain", Args::None),
    ("matchTeam", Args::None),
    ("matchAllTags", Args::Tags),
    ("matchAnyTag", Args::Tags),
    ("matchAnyCertification", Args::Tags),
    ("inAnyTeam", Args::Teams),
    ("hasAnyRole", Args::Roles),
];

/// One function call of a condition.
#[derive(Debug, PartialEq)]
pub(crate) struct Call {
    /// The function (`matchAnyTag`).
    pub name: String,
    /// Its string arguments.
    pub args: Vec<String>,
}

/// A boolean expression over function calls (`&&` and `||` chains held flat, so the depth
/// of the tree is the nesting the reader bounds).
#[derive(Debug, PartialEq)]
enum Expr {
    Const(bool),
    Call(Call),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

impl Expr {
    fn calls<'a>(&'a self, out: &mut Vec<&'a Call>) {
        match self {
            Expr::Const(_) => {}
            Expr::Call(c) => out.push(c),
            Expr::Not(e) => e.calls(out),
            Expr::And(all) | Expr::Or(all) => all.iter().for_each(|e| e.calls(out)),
        }
    }

    fn eval<E>(&self, call: &mut impl FnMut(&Call) -> Result<bool, E>) -> Result<bool, E> {
        Ok(match self {
            Expr::Const(b) => *b,
            Expr::Call(c) => call(c)?,
            Expr::Not(e) => !e.eval(call)?,
            Expr::And(all) => {
                for e in all {
                    if !e.eval(call)? {
                        return Ok(false);
                    }
                }
                true
            }
            Expr::Or(any) => {
                for e in any {
                    if e.eval(call)? {
                        return Ok(true);
                    }
                }
                false
            }
        })
    }
}

/// A parsed rule condition.
#[derive(Debug, PartialEq)]
pub(crate) struct Condition(Expr);

impl Condition {
    /// Parses a condition, or says why it does not parse.
    pub(crate) fn parse(condition: &str) -> Result<Self, String> {
        let mut p = Parser {
            tokens: tokens(condition)?,
            at: 0,
            depth: 0,
        };
        let expr = p.or()?;
        if p.at < p.tokens.len() {
            return Err(format!(
                "After parsing a valid expression, there is still more data in the expression: {:?}",
                p.tokens[p.at]
            ));
        }
        Ok(Condition(expr))
    }

    /// The function calls, in reading order.
    pub(crate) fn calls(&self) -> Vec<&Call> {
        let mut out = Vec::new();
        self.0.calls(&mut out);
        out
    }

    /// Evaluates the condition, asking `call` for the value of each function call it reaches
    /// (`&&` and `||` stop early, as SpEL does).
    pub(crate) fn eval<E>(
        &self,
        mut call: impl FnMut(&Call) -> Result<bool, E>,
    ) -> Result<bool, E> {
        self.0.eval(&mut call)
    }
}

#[derive(Debug, PartialEq)]
enum Token {
    Ident(String),
    Str(String),
    Open,
    Close,
    Comma,
    Not,
    And,
    Or,
}

fn tokens(s: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' | ',' | '!' => {
                chars.next();
                out.push(match c {
                    '(' => Token::Open,
                    ')' => Token::Close,
                    ',' => Token::Comma,
                    _ => Token::Not,
                });
            }
            '&' | '|' => {
                chars.next();
                if chars.next() != Some(c) {
                    return Err(format!("unexpected '{c}'"));
                }
                out.push(if c == '&' { Token::And } else { Token::Or });
            }
            '\'' => {
                chars.next();
                let mut lit = String::new();
                loop {
                    match chars.next() {
                        Some('\'') if chars.peek() == Some(&'\'') => {
                            chars.next();
                            lit.push('\'');
                        }
                        Some('\'') => break,
                        Some(x) => lit.push(x),
                        None => return Err("a string literal is not closed".into()),
                    }
                }
                out.push(Token::Str(lit));
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut word = String::new();
                while let Some(&x) = chars.peek().filter(|x| x.is_alphanumeric() || **x == '_') {
                    word.push(x);
                    chars.next();
                }
                out.push(match word.to_ascii_lowercase().as_str() {
                    "and" => Token::And,
                    "or" => Token::Or,
                    "not" => Token::Not,
                    _ => Token::Ident(word),
                });
            }
            other => return Err(format!("unexpected '{other}'")),
        }
    }
    Ok(out)
}

/// The deepest nesting of `!` and parentheses in a condition (the reader recurses).
const MAX_CONDITION_DEPTH: usize = 64;

/// A recursive-descent reader of the boolean grammar.
struct Parser {
    tokens: Vec<Token>,
    at: usize,
    /// Nesting depth of `!` and parentheses at the current position.
    depth: usize,
}

impl Parser {
    fn next(&mut self) -> Option<&Token> {
        let t = self.tokens.get(self.at);
        self.at += 1;
        t
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut any = vec![self.and()?];
        while self.peek() == Some(&Token::Or) {
            self.at += 1;
            any.push(self.and()?);
        }
        Ok(if any.len() == 1 {
            any.remove(0)
        } else {
            Expr::Or(any)
        })
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut all = vec![self.unary()?];
        while self.peek() == Some(&Token::And) {
            self.at += 1;
            all.push(self.unary()?);
        }
        Ok(if all.len() == 1 {
            all.remove(0)
        } else {
            Expr::And(all)
        })
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.depth >= MAX_CONDITION_DEPTH {
            return Err(format!(
                "the condition nests deeper than {MAX_CONDITION_DEPTH} levels"
            ));
        }
        self.depth += 1;
        let out = self.nested_unary();
        self.depth -= 1;
        out
    }

    fn nested_unary(&mut self) -> Result<Expr, String> {
        match self.next() {
            Some(Token::Not) => Ok(Expr::Not(Box::new(self.unary()?))),
            Some(Token::Open) => {
                let inner = self.or()?;
                match self.next() {
                    Some(Token::Close) => Ok(inner),
                    _ => Err("a parenthesis is not closed".into()),
                }
            }
            Some(Token::Ident(word)) if word == "true" || word == "false" => {
                Ok(Expr::Const(word == "true"))
            }
            Some(Token::Ident(word)) => {
                let name = word.clone();
                if self.next() != Some(&Token::Open) {
                    return Err(format!("{name} is not a function call"));
                }
                let mut args = Vec::new();
                if self.peek() == Some(&Token::Close) {
                    self.at += 1;
                } else {
                    loop {
                        match self.next() {
                            Some(Token::Str(s)) => args.push(s.clone()),
                            None => return Err(format!("the call of {name} is not closed")),
                            _ => return Err(format!("the arguments of {name} must be strings")),
                        }
                        match self.next() {
                            Some(Token::Comma) => {}
                            Some(Token::Close) => break,
                            _ => return Err(format!("the call of {name} is not closed")),
                        }
                    }
                }
                Ok(Expr::Call(Call { name, args }))
            }
            Some(t) => Err(format!("unexpected {t:?}")),
            None => Err("the expression ends too early".into()),
        }
    }
}

impl Engine {
    /// Checks the condition of every rule of a policy document.
    pub(crate) fn check_policy_conditions(&self, policy: &Value) -> Result<(), ApiError> {
        let rules = policy.get("rules").and_then(Value::as_array);
        for rule in rules.into_iter().flatten() {
            let condition = text(rule, "condition");
            if rule.get("condition").is_none_or(Value::is_null) {
                continue;
            }
            let condition = Condition::parse(condition)
                .map_err(|e| ApiError::bad_request(format!("Failed to parse - {e}")))?;
            for call in condition.calls() {
                if let Some(e) = self.call_problem(call)? {
                    return Err(ApiError::bad_request(format!("Failed to evaluate - {e}")));
                }
            }
        }
        Ok(())
    }

    /// Why a call of a condition cannot be evaluated, if it cannot.
    fn call_problem(&self, call: &Call) -> Result<Option<String>, ApiError> {
        let cannot_be_found = || {
            let types = vec!["java.lang.String"; call.args.len()].join(",");
            Some(format!(
                "Method call: Method {}({types}) cannot be found",
                call.name
            ))
        };
        let Some((_, args)) = FUNCTIONS.iter().find(|(name, _)| *name == call.name) else {
            return Ok(cannot_be_found());
        };
        let kind = match args {
            Args::None if call.args.is_empty() => return Ok(None),
            Args::None => return Ok(cannot_be_found()),
            Args::Tags => "tag",
            Args::Teams => "team",
            Args::Roles => "role",
        };
        for name in &call.args {
            let tag_or_term = |k: &str| {
                self.store
                    .get_by_fqn(k, name)
                    .map(|s| s.is_some_and(|s| Include::NonDeleted.admits(s.deleted)))
            };
            let exists = match kind {
                "tag" => tag_or_term("tag")? || tag_or_term("glossaryTerm")?,
                k => tag_or_term(k)?,
            };
            if !exists {
                return Ok(Some(ApiError::not_found(kind, name).message));
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(condition: &str) -> Result<Condition, String> {
        Condition::parse(condition)
    }

    fn names(condition: &str) -> Vec<String> {
        parse(condition)
            .unwrap()
            .calls()
            .into_iter()
            .map(|c| c.name.clone())
            .collect()
    }

    #[test]
    fn the_conditions_of_the_real_server_s_examples_parse() {
        assert_eq!(names("isOwner()"), ["isOwner"]);
        assert_eq!(names("noOwner() || isOwner()"), ["noOwner", "isOwner"]);
        assert_eq!(
            names("!isOwner() and (hasDomain() OR true)"),
            ["isOwner", "hasDomain"]
        );
        let c = parse("matchAnyTag('PII.Sensitive', 'It''s')").unwrap();
        assert_eq!(c.calls()[0].args, ["PII.Sensitive", "It's"]);
    }

    #[test]
    fn conditions_evaluate_with_precedence_and_short_circuit() {
        let truth = |c: &Call| Ok::<_, ()>(c.name == "isOwner");
        let value = |s: &str| parse(s).unwrap().eval(truth).unwrap();
        assert!(value("isOwner()"));
        assert!(!value("!isOwner()"));
        assert!(value("noOwner() || isOwner() && true"));
        assert!(!value("(noOwner() || isOwner()) && false"));
        assert!(value("not noOwner() and isOwner()"));
        let mut asked = Vec::new();
        parse("isOwner() || hasDomain()")
            .unwrap()
            .eval(|c| {
                asked.push(c.name.clone());
                Ok::<_, ()>(true)
            })
            .unwrap();
        assert_eq!(asked, ["isOwner"]);
    }

    #[test]
    fn malformed_conditions_say_why() {
        assert!(parse("isOwner(").unwrap_err().contains("not closed"));
        assert!(
            parse("isOwner() isOwner()")
                .unwrap_err()
                .contains("more data")
        );
        assert!(parse("isOwner() &").unwrap_err().contains("unexpected"));
        assert!(
            parse("matchAnyTag(x)")
                .unwrap_err()
                .contains("must be strings")
        );
        assert!(parse("").unwrap_err().contains("ends too early"));
        assert!(parse("'x").unwrap_err().contains("not closed"));
        let deep = format!("{}isOwner(){}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(parse(&deep).unwrap_err().contains("deeper than"));
        assert!(
            parse(&"!".repeat(10_000))
                .unwrap_err()
                .contains("deeper than")
        );
    }
}
