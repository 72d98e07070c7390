//! Protobuf types as TypeScript, in protobuf's JSON mapping: names, field types, run-time checks.

use std::collections::{BTreeSet, HashMap};

use crate::syntax::proto::{service_camel, upper_camel, Contract, EnumType, Field, FieldLabel, Message};

/// A declared type of the contract, as TypeScript sees it.
#[derive(Clone, Copy, Debug)]
pub(super) enum Declared<'c> {
    Message(&'c Message),
    Enum(&'c EnumType),
}

/// The TypeScript names of the contract's messages and enums.
pub(super) struct Names<'c> {
    /// Full name without a leading dot → (TypeScript name, declaration).
    by_full_name: HashMap<&'c str, (String, Declared<'c>)>,
    /// Messages and enums in output order (file, then position).
    pub(super) ordered: Vec<(String, Declared<'c>)>,
}

/// Well-known types: full name → (TypeScript type, run-time check).
const WELL_KNOWN: &[(&str, &str, &str)] = &[
    ("google.protobuf.Empty", "Empty", "isEmpty"),
    ("google.protobuf.Timestamp", "Timestamp", "isString"),
    ("google.protobuf.Duration", "Duration", "isString"),
    ("google.protobuf.FieldMask", "FieldMask", "isString"),
    ("google.protobuf.Struct", "Struct", "isStruct"),
    ("google.protobuf.Value", "JsonValue", "isJson"),
    ("google.protobuf.ListValue", "JsonValue[]", "isJsonList"),
    ("google.protobuf.NullValue", "null", "isNull"),
    ("google.protobuf.Any", "Any", "isAny"),
    ("google.protobuf.DoubleValue", "number", "isNumber"),
    ("google.protobuf.FloatValue", "number", "isNumber"),
    ("google.protobuf.Int32Value", "number", "isNumber"),
    ("google.protobuf.UInt32Value", "number", "isNumber"),
    ("google.protobuf.Int64Value", "string", "isInt64"),
    ("google.protobuf.UInt64Value", "string", "isInt64"),
    ("google.protobuf.BoolValue", "boolean", "isBoolean"),
    ("google.protobuf.StringValue", "string", "isString"),
    ("google.protobuf.BytesValue", "string", "isString"),
];

/// A scalar keyword → (TypeScript type, run-time check).
fn scalar(keyword: &str) -> Option<(&'static str, &'static str)> {
    Some(match keyword {
        "double" | "float" | "int32" | "uint32" | "sint32" | "fixed32" | "sfixed32" => ("number", "isNumber"),
        "int64" | "uint64" | "sint64" | "fixed64" | "sfixed64" => ("string", "isInt64"),
        "bool" => ("boolean", "isBoolean"),
        "string" | "bytes" => ("string", "isString"),
        _ => return None,
    })
}

impl<'c> Names<'c> {
    pub(super) fn new(contract: &'c Contract) -> Result<Names<'c>, Vec<String>> {
        let package_of =
            |file: &str| -> &str { contract.files.iter().find(|f| f.path == file).map_or("", |f| f.package.as_str()) };
        let mut decls: Vec<(&str, u32, &'c str, &'c str, Declared<'c>)> = Vec::new();
        for m in &contract.messages {
            decls.push((&m.file, m.range.start, &m.full_name, package_of(&m.file), Declared::Message(m)));
        }
        for e in &contract.enums {
            decls.push((&e.file, e.range.start, &e.full_name, package_of(&e.file), Declared::Enum(e)));
        }
        decls.sort_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
        let mut by_full_name = HashMap::new();
        let mut ordered = Vec::new();
        let mut taken: HashMap<String, &str> = WELL_KNOWN
            .iter()
            .filter(|(_, ts, _)| ts.chars().next().is_some_and(char::is_uppercase) && !ts.ends_with(']'))
            .map(|(full, ts, _)| (ts.to_string(), *full))
            .collect();
        // Names the generated files declare themselves.
        let mut reserved: Vec<String> = ["JsonValue", "IpcResult", "IpcErrorData", "IpcError", "IpcBridge"]
            .into_iter()
            .chain(["RegisterOptions", "MaybePromise", "Check"])
            // Global types the generated code names: a message of that name would shadow them.
            .chain(["Record", "Promise", "Array"])
            .map(String::from)
            .collect();
        for service in &contract.services {
            reserved.push(format!("{}Impl", service.name));
            reserved.push(format!("{}Bridge", upper_camel(&service_camel(&service.name))));
        }
        for name in reserved {
            taken.insert(name, "the generated code");
        }
        let mut problems = Vec::new();
        for (_, _, full, package, decl) in decls {
            let local = full.strip_prefix(package).and_then(|s| s.strip_prefix('.')).unwrap_or(full);
            let ts = local.replace('.', "_");
            if let Some(other) = taken.get(&ts) {
                problems.push(format!("{full} and {other} both become the TypeScript type `{ts}`"));
                continue;
            }
            taken.insert(ts.clone(), full);
            by_full_name.insert(full, (ts.clone(), decl));
            ordered.push((ts, decl));
        }
        if problems.is_empty() {
            Ok(Names { by_full_name, ordered })
        } else {
            Err(problems)
        }
    }

    /// The TypeScript type of a type name (a scalar keyword, `.pkg.Msg` or `pkg.Msg`).
    pub(super) fn ts_type(&self, name: &str) -> Result<String, String> {
        Ok(self.lookup(name)?.0)
    }

    /// The run-time check of a type name: a helper (`isString`) or a generated function.
    pub(super) fn check(&self, name: &str) -> Result<String, String> {
        Ok(self.lookup(name)?.1)
    }

    fn lookup(&self, name: &str) -> Result<(String, String), String> {
        if let Some((ts, check)) = scalar(name) {
            return Ok((ts.to_string(), check.to_string()));
        }
        let full = name.trim_start_matches('.');
        if let Some((_, ts, check)) = WELL_KNOWN.iter().find(|(f, _, _)| *f == full) {
            return Ok((ts.to_string(), check.to_string()));
        }
        match self.by_full_name.get(full) {
            Some((ts, _)) => Ok((ts.clone(), format!("check{ts}"))),
            None => Err(format!("type {full} is not declared in the contract")),
        }
    }

    pub(super) fn declared(&self, name: &str) -> Option<&(String, Declared<'c>)> {
        self.by_full_name.get(name.trim_start_matches('.'))
    }

    /// The messages and enums reachable from `roots` (type names), for run-time checks.
    pub(super) fn reachable(&self, roots: &[&str]) -> BTreeSet<String> {
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut stack: Vec<String> = roots.iter().map(|r| r.trim_start_matches('.').to_string()).collect();
        while let Some(name) = stack.pop() {
            let Some((ts, decl)) = self.declared(&name) else { continue };
            if !seen.insert(ts.clone()) {
                continue;
            }
            if let Declared::Message(m) = decl {
                for f in &m.fields {
                    match &f.label {
                        FieldLabel::Map(_, value) => stack.push(value.trim_start_matches('.').to_string()),
                        _ => stack.push(f.type_name.trim_start_matches('.').to_string()),
                    }
                }
            }
        }
        seen
    }
}

/// A field's TypeScript type (without `?`), and whether it is optional in the interface.
pub(super) fn field_type(names: &Names, field: &Field) -> Result<(String, bool), String> {
    Ok(match &field.label {
        FieldLabel::Map(_, value) => (format!("Record<string, {}>", names.ts_type(value)?), false),
        FieldLabel::Repeated => (array_of(&names.ts_type(&field.type_name)?), false),
        FieldLabel::Optional => (names.ts_type(&field.type_name)?, true),
        FieldLabel::Singular | FieldLabel::Required => {
            let ts = names.ts_type(&field.type_name)?;
            // Message fields have presence; so does everything in a oneof (handled by the caller).
            let message = scalar(&field.type_name).is_none()
                && !matches!(names.declared(&field.type_name), Some((_, Declared::Enum(_))))
                && field.type_name.trim_start_matches('.') != "google.protobuf.NullValue";
            (ts, message && field.label == FieldLabel::Singular)
        }
    })
}

/// A field's run-time check expression (in main.ts), `undefined` allowed when it is optional.
pub(super) fn field_check(names: &Names, field: &Field, optional: bool) -> Result<String, String> {
    let check = match &field.label {
        FieldLabel::Map(_, value) => format!("mapOf({})", names.check(value)?),
        FieldLabel::Repeated => format!("listOf({})", names.check(&field.type_name)?),
        _ => names.check(&field.type_name)?,
    };
    Ok(if optional { format!("optional({check})") } else { check })
}

fn array_of(ts: &str) -> String {
    if ts.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        format!("{ts}[]")
    } else {
        format!("Array<{ts}>")
    }
}

/// A property name as written in TypeScript: bare when it is an identifier, else quoted.
pub(super) fn property(name: &str) -> String {
    let mut chars = name.chars();
    let ident = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    if ident {
        name.to_string()
    } else {
        quote(name)
    }
}

/// A single-quoted TypeScript string literal.
pub(super) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}
