//! A checker for docs/docket-file.schema.json, for the tests: the JSON Schema keywords that
//! schema uses (a keyword it does not know fails the check, so the schema can't grow past
//! what is checked), and one rule stricter than JSON Schema: every field of an object whose
//! schema lists `properties` must be listed there (or in the schema it `$ref`s). Docket
//! accepts unknown fields on import, but a field the export writes and the schema does not
//! describe is the schema drifting from the format.

use serde_json::Value;
use std::collections::BTreeSet;

pub struct Schema {
    root: Value,
    regexes: std::cell::RefCell<std::collections::HashMap<String, regex::Regex>>,
}

impl Schema {
    pub fn docs() -> Schema {
        let path = format!(
            "{}/docs/docket-file.schema.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        Schema {
            root: serde_json::from_str(&text).expect("the schema is JSON"),
            regexes: Default::default(),
        }
    }

    /// Every place where `v` breaks the schema (empty: valid).
    pub fn errors(&self, v: &Value) -> Vec<String> {
        let mut out = Vec::new();
        self.check(&self.root, v, "$", &mut out, &BTreeSet::new());
        // A field under a `$ref` chain is seen at each level: report it once.
        out.sort();
        out.dedup();
        out
    }

    fn regex(&self, pattern: &str) -> regex::Regex {
        self.regexes
            .borrow_mut()
            .entry(pattern.to_string())
            .or_insert_with(|| regex::Regex::new(pattern).expect("a valid pattern"))
            .clone()
    }

    fn resolve(&self, r: &str) -> &Value {
        let name = r
            .strip_prefix("#/$defs/")
            .unwrap_or_else(|| panic!("unsupported $ref {r}"));
        self.root["$defs"]
            .get(name)
            .unwrap_or_else(|| panic!("$ref to a missing definition {r}"))
    }

    /// Property names an object may carry at this schema: its own and its `$ref`'s.
    fn documented(&self, s: &Value) -> Option<BTreeSet<String>> {
        let own = s.get("properties").and_then(Value::as_object);
        let inherited = s
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| self.documented(self.resolve(r)));
        match (own, inherited) {
            (None, None) => None,
            (o, i) => {
                let mut set = i.unwrap_or_default();
                set.extend(o.into_iter().flat_map(|m| m.keys().cloned()));
                Some(set)
            }
        }
    }

    /// `outer`: fields documented by the schema that `$ref`s this one (a card is a `stamps`
    /// with more fields).
    fn check(
        &self,
        s: &Value,
        v: &Value,
        path: &str,
        out: &mut Vec<String>,
        outer: &BTreeSet<String>,
    ) {
        let none = BTreeSet::new();
        let Some(obj) = s.as_object() else {
            if s == &Value::Bool(false) {
                out.push(format!("{path}: not allowed"));
            }
            return;
        };
        for (k, kw) in obj {
            match k.as_str() {
                "$schema"
                | "$id"
                | "$defs"
                | "title"
                | "description"
                | "properties"
                | "additionalProperties" => {}
                "$ref" => {
                    let target = self.resolve(kw.as_str().expect("$ref is a string"));
                    let mut known = self.documented(s).unwrap_or_default();
                    known.extend(outer.iter().cloned());
                    self.check(target, v, path, out, &known);
                }
                "type" => {
                    let types: Vec<&str> = match kw {
                        Value::String(t) => vec![t.as_str()],
                        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                        _ => panic!("bad type keyword at {path}"),
                    };
                    if !types.iter().any(|t| is_type(v, t)) {
                        out.push(format!("{path}: expected {types:?}, found {v}"));
                    }
                }
                "enum" => {
                    if !kw.as_array().expect("enum array").contains(v) {
                        out.push(format!("{path}: {v} is not one of {kw}"));
                    }
                }
                "const" => {
                    if kw != v {
                        out.push(format!("{path}: {v} is not {kw}"));
                    }
                }
                "required" => {
                    if let Some(o) = v.as_object() {
                        for r in kw.as_array().expect("required array") {
                            let r = r.as_str().expect("required names");
                            if !o.contains_key(r) {
                                out.push(format!("{path}: missing required {r}"));
                            }
                        }
                    }
                }
                "items" => {
                    if let Some(a) = v.as_array() {
                        for (i, x) in a.iter().enumerate() {
                            self.check(kw, x, &format!("{path}[{i}]"), out, &none);
                        }
                    }
                }
                "minItems" | "maxItems" => {
                    if let Some(a) = v.as_array() {
                        let n = a.len() as u64;
                        let bound = kw.as_u64().expect("item count bound");
                        if (k == "minItems" && n < bound) || (k == "maxItems" && n > bound) {
                            out.push(format!("{path}: {n} items break the {k} {kw}"));
                        }
                    }
                }
                "minimum" | "maximum" => {
                    if let Some(n) = v.as_f64() {
                        let bound = kw.as_f64().expect("numeric bound");
                        if (k == "minimum" && n < bound) || (k == "maximum" && n > bound) {
                            out.push(format!("{path}: {n} is beyond the {k} {bound}"));
                        }
                    }
                }
                "maxLength" | "minLength" => {
                    if let Some(t) = v.as_str() {
                        let n = t.chars().count() as u64;
                        let bound = kw.as_u64().expect("length bound");
                        if (k == "maxLength" && n > bound) || (k == "minLength" && n < bound) {
                            out.push(format!("{path}: {k} {kw} broken by {t:?}"));
                        }
                    }
                }
                "pattern" => {
                    if let Some(t) = v.as_str() {
                        let re = self.regex(kw.as_str().expect("pattern"));
                        if !re.is_match(t) {
                            out.push(format!("{path}: {t:?} does not match {kw}"));
                        }
                    }
                }
                "format" => {
                    if let Some(t) = v.as_str() {
                        let ok = match kw.as_str().expect("format") {
                            "date" => chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").is_ok(),
                            "date-time" => chrono::DateTime::parse_from_rfc3339(t).is_ok(),
                            f => panic!("unsupported format {f}"),
                        };
                        if !ok {
                            out.push(format!("{path}: {t:?} is not a {kw}"));
                        }
                    }
                }
                "anyOf" | "oneOf" => {
                    let passing = kw
                        .as_array()
                        .expect("branches")
                        .iter()
                        .filter(|b| {
                            let mut e = Vec::new();
                            self.check(b, v, path, &mut e, &none);
                            e.is_empty()
                        })
                        .count();
                    if passing == 0 || (k == "oneOf" && passing > 1) {
                        out.push(format!("{path}: {passing} branches of {k} match {v}"));
                    }
                }
                other => {
                    panic!("the schema uses {other} (at {path}), which this check does not know")
                }
            }
        }
        // Properties: each listed one checked; any other documented only if allowed.
        if let Some(o) = v.as_object() {
            let props = obj.get("properties").and_then(Value::as_object);
            for (name, x) in o {
                let sub = format!("{path}.{name}");
                match props.and_then(|p| p.get(name)) {
                    Some(ps) => self.check(ps, x, &sub, out, &none),
                    None => match obj.get("additionalProperties") {
                        Some(Value::Bool(true)) => {}
                        Some(a @ Value::Object(_)) => self.check(a, x, &sub, out, &none),
                        Some(Value::Bool(false)) => out.push(format!("{sub}: not allowed")),
                        _ => {
                            let known = self.documented(s);
                            if known.is_some_and(|k| !k.contains(name) && !outer.contains(name)) {
                                out.push(format!("{sub}: a field the schema does not describe"));
                            }
                        }
                    },
                }
            }
        }
    }
}

fn is_type(v: &Value, t: &str) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        "number" => v.is_number(),
        "integer" => v.as_i64().is_some() || v.as_u64().is_some(),
        other => panic!("unknown type {other}"),
    }
}
