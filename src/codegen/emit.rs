//! The text of the four generated files, formatted the way Prettier formats TypeScript.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::types::{field_check, field_type, property, quote, Declared, Names};
use super::{Role, ServiceModel, HEADER};
use crate::syntax::proto::{EnumType, Message};

pub(super) struct Context<'a, 'c> {
    pub(super) names: &'a Names<'c>,
    pub(super) services: &'a [ServiceModel<'c>],
    pub(super) key: &'a str,
    /// The contract's files, for the header.
    pub(super) sources: &'a [&'a str],
}

pub(super) fn file(cx: &Context, role: Role) -> String {
    let mut out = String::new();
    let from = if cx.sources.is_empty() { "an empty contract".to_string() } else { cx.sources.join(", ") };
    let _ = writeln!(out, "{HEADER} ({} bindings) from {from}. DO NOT EDIT.", role.as_str());
    out.push_str("// Regenerate with `ipcls generate`; `ipcls generate --check` fails when this file is stale.\n\n");
    match role {
        Role::Types => types_file(cx, &mut out),
        Role::Main => main_file(cx, &mut out),
        Role::Preload => preload_file(cx, &mut out),
        Role::Renderer => renderer_file(cx, &mut out),
    }
    out
}

/// A `/** ... */` comment from `.proto` comments, or nothing.
fn doc(out: &mut String, indent: &str, comments: &str) {
    let lines: Vec<String> = comments.trim().lines().map(|l| l.trim_end().replace("*/", "*\\/")).collect();
    match lines.as_slice() {
        [] => {}
        [one] if one.is_empty() => {}
        [one] => {
            let _ = writeln!(out, "{indent}/** {one} */");
        }
        many => {
            let _ = writeln!(out, "{indent}/**");
            for line in many {
                if line.is_empty() {
                    let _ = writeln!(out, "{indent} *");
                } else {
                    let _ = writeln!(out, "{indent} * {line}");
                }
            }
            let _ = writeln!(out, "{indent} */");
        }
    }
}

/// The TypeScript type of an rpc's request, response or event payload (checked in `generate`).
fn ts(cx: &Context, type_name: &str) -> String {
    cx.names.ts_type(type_name).unwrap_or_else(|_| "unknown".to_string())
}

/// Names of `types.ts` that `types` mention, sorted, for an `import type` line.
fn type_imports<'t>(cx: &Context, types: impl Iterator<Item = &'t str>, extra: &[&str]) -> Vec<String> {
    let declared: BTreeSet<&str> = cx
        .names
        .ordered
        .iter()
        .map(|(n, _)| n.as_str())
        .chain(["Empty", "Timestamp", "Duration", "FieldMask", "Struct", "JsonValue", "Any"])
        .collect();
    let mut out: BTreeSet<String> = extra.iter().map(|s| s.to_string()).collect();
    for t in types {
        let bare = t.trim_end_matches("[]");
        if declared.contains(bare) {
            out.insert(bare.to_string());
        }
    }
    out.into_iter().collect()
}

fn import_line(out: &mut String, keyword: &str, names: &[String], from: &str) {
    if names.is_empty() {
        return;
    }
    let one = format!("import {keyword}{{ {} }} from '{from}';", names.join(", "));
    if one.len() <= 100 {
        let _ = writeln!(out, "{one}");
    } else {
        let _ = writeln!(out, "import {keyword}{{");
        for n in names {
            let _ = writeln!(out, "  {n},");
        }
        let _ = writeln!(out, "}} from '{from}';");
    }
}

// ---------------------------------------------------------------------------------------------
// types.ts

const WELL_KNOWN_TYPES: &str = r#"/** Any JSON value: `google.protobuf.Value` in protobuf's JSON mapping. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** `google.protobuf.Empty`: an empty object. */
export type Empty = Record<string, never>;

/** `google.protobuf.Timestamp`: an RFC 3339 date-time string, e.g. `1972-01-01T10:00:20.021Z`. */
export type Timestamp = string;

/** `google.protobuf.Duration`: seconds with an `s` suffix, e.g. `1.5s`. */
export type Duration = string;

/** `google.protobuf.FieldMask`: field paths joined by commas, e.g. `user.displayName,photo`. */
export type FieldMask = string;

/** `google.protobuf.Struct`: a JSON object. */
export type Struct = { [key: string]: JsonValue };

/** `google.protobuf.Any`: the type URL in `@type`, and the message's own fields. */
export interface Any {
  '@type': string;
  [key: string]: unknown;
}
"#;

const ENVELOPE: &str = r#"/** What a failed call carries from main to the renderer. */
export interface IpcErrorData {
  code: string;
  message: string;
}

/**
 * The reply of every invoke: the handler's value, or its error with a code. Electron's own
 * `invoke` only carries an error's message; this envelope carries the code too.
 */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcErrorData };

/**
 * An error with a code. Thrown by a handler in main (as is any error with a string `code`), it is
 * thrown again in the renderer with the same code and message. Other errors arrive as `INTERNAL`,
 * and requests rejected by run-time validation as `INVALID_ARGUMENT`.
 */
export class IpcError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'IpcError';
    this.code = code;
  }
}
"#;

fn types_file(cx: &Context, out: &mut String) {
    out.push_str(WELL_KNOWN_TYPES);
    for (name, decl) in &cx.names.ordered {
        out.push('\n');
        match decl {
            Declared::Message(m) => message_type(cx, out, name, m),
            Declared::Enum(e) => enum_type(out, name, e),
        }
    }
    out.push('\n');
    out.push_str(ENVELOPE);
    for s in cx.services {
        out.push('\n');
        doc(out, "", &s.service.comments);
        let _ = writeln!(out, "export interface {}Bridge {{", s.upper);
        for m in &s.methods {
            doc(out, "  ", &m.rpc.comments);
            let output = ts(cx, &m.rpc.output_type);
            if m.event {
                let _ = writeln!(out, "  {}(listener: (payload: {output}) => void): () => void;", m.member);
            } else if is_empty(&m.rpc.input_type) {
                let _ = writeln!(out, "  {}(): Promise<IpcResult<{output}>>;", m.member);
            } else {
                let input = ts(cx, &m.rpc.input_type);
                let _ = writeln!(out, "  {}(request: {input}): Promise<IpcResult<{output}>>;", m.member);
            }
        }
        out.push_str("}\n");
    }
    out.push('\n');
    let _ = writeln!(out, "/** What the preload script exposes to the page as `window.{}`. */", cx.key);
    out.push_str("export interface IpcBridge {\n");
    for s in cx.services {
        let _ = writeln!(out, "  {}: {}Bridge;", property(&s.member), s.upper);
    }
    out.push_str("}\n");
}

fn is_empty(type_name: &str) -> bool {
    type_name.trim_start_matches('.') == "google.protobuf.Empty"
}

fn message_type(cx: &Context, out: &mut String, name: &str, m: &Message) {
    doc(out, "", &m.comments);
    let plain: Vec<_> = m.fields.iter().filter(|f| f.oneof.is_none()).collect();
    let mut oneofs: Vec<&str> = Vec::new();
    for f in &m.fields {
        if let Some(o) = &f.oneof {
            if !oneofs.contains(&o.as_str()) {
                oneofs.push(o);
            }
        }
    }
    let field_line = |out: &mut String, indent: &str, f: &crate::syntax::proto::Field| {
        doc(out, indent, &f.comments);
        let (t, optional) = field_type(cx.names, f).unwrap_or_else(|_| ("unknown".to_string(), true));
        let _ = writeln!(out, "{indent}{}{}: {t};", property(&f.json_name), if optional { "?" } else { "" });
    };
    if oneofs.is_empty() {
        if plain.is_empty() {
            let _ = writeln!(out, "export type {name} = Record<string, never>;");
            return;
        }
        let _ = writeln!(out, "export interface {name} {{");
        for f in &plain {
            field_line(out, "  ", f);
        }
        out.push_str("}\n");
        return;
    }
    // A oneof is a union of its members, each alone, or none: at most one is set.
    let _ = write!(out, "export type {name} = ");
    let mut first = true;
    if !plain.is_empty() {
        out.push_str("{\n");
        for f in &plain {
            field_line(out, "  ", f);
        }
        out.push('}');
        first = false;
    }
    for oneof in oneofs {
        if !first {
            out.push_str(" & ");
        }
        first = false;
        let members: Vec<_> = m.fields.iter().filter(|f| f.oneof.as_deref() == Some(oneof)).collect();
        let _ = writeln!(out, "(\n  // oneof {oneof}");
        for chosen in members.iter().map(Some).chain([None]) {
            out.push_str("  | {\n");
            for f in &members {
                if chosen.is_some_and(|c| std::ptr::eq(*c, *f)) {
                    doc(out, "      ", &f.comments);
                    let (t, _) = field_type(cx.names, f).unwrap_or_else(|_| ("unknown".to_string(), true));
                    let _ = writeln!(out, "      {}: {t};", property(&f.json_name));
                } else {
                    let _ = writeln!(out, "      {}?: never;", property(&f.json_name));
                }
            }
            out.push_str("    }\n");
        }
        out.push(')');
    }
    out.push_str(";\n");
}

fn enum_type(out: &mut String, name: &str, e: &EnumType) {
    doc(out, "", &e.comments);
    if e.values.is_empty() {
        let _ = writeln!(out, "export type {name} = never;");
        return;
    }
    let _ = writeln!(out, "export type {name} =");
    let n = e.values.len();
    for (i, v) in e.values.iter().enumerate() {
        doc(out, "  ", &v.comments);
        let _ = writeln!(out, "  | {}{}", quote(&v.name), if i + 1 == n { ";" } else { "" });
    }
}

// ---------------------------------------------------------------------------------------------
// main.ts

/// Helpers of `main.ts`: (name, names it uses, text). Only those the file uses are written, so
/// the file also compiles with `noUnusedLocals`.
const MAIN_HELPERS: &[(&str, &[&str], &str)] = &[
    (
        "MaybePromise",
        &[],
        r#"/** A value or a promise of it. */
type MaybePromise<T> = T | Promise<T>;
"#,
    ),
    (
        "Check",
        &[],
        r#"/** Checks a value at run time: `undefined` when it fits, else what is wrong with it. */
type Check = (value: unknown, path: string) => string | undefined;
"#,
    ),
    (
        "reply",
        &["MaybePromise", "errorData"],
        r#"async function reply<T>(run: () => MaybePromise<T>): Promise<IpcResult<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error: errorData(error) };
  }
}
"#,
    ),
    (
        "errorData",
        &[],
        r#"function errorData(error: unknown): IpcErrorData {
  if (error instanceof Error) {
    const code: unknown = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : 'INTERNAL', message: error.message };
  }
  return { code: 'INTERNAL', message: String(error) };
}
"#,
    ),
    (
        "accept",
        &["Check"],
        r#"function accept<T>(options: RegisterOptions, check: Check, request: unknown): T {
  if (options.validate) {
    const problem = check(request, 'request');
    if (problem !== undefined) {
      throw new IpcError('INVALID_ARGUMENT', problem);
    }
  }
  return request as T;
}
"#,
    ),
    (
        "isObject",
        &[],
        r#"function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
"#,
    ),
    (
        "isString",
        &["Check"],
        r#"const isString: Check = (v, p) => (typeof v === 'string' ? undefined : `${p} must be a string`);
"#,
    ),
    (
        "isNumber",
        &["Check"],
        r#"const isNumber: Check = (v, p) => (typeof v === 'number' ? undefined : `${p} must be a number`);
"#,
    ),
    (
        "isBoolean",
        &["Check"],
        r#"const isBoolean: Check = (v, p) => (typeof v === 'boolean' ? undefined : `${p} must be a boolean`);
"#,
    ),
    (
        "isInt64",
        &["Check"],
        r#"const isInt64: Check = (v, p) =>
  typeof v === 'string' && /^-?[0-9]+$/.test(v) ? undefined : `${p} must be an integer written as a string`;
"#,
    ),
    (
        "isNull",
        &["Check"],
        r#"const isNull: Check = (v, p) => (v === null ? undefined : `${p} must be null`);
"#,
    ),
    (
        "isJson",
        &["Check"],
        r#"const isJson: Check = () => undefined;
"#,
    ),
    (
        "isJsonList",
        &["Check"],
        r#"const isJsonList: Check = (v, p) => (Array.isArray(v) ? undefined : `${p} must be an array`);
"#,
    ),
    (
        "isStruct",
        &["Check", "isObject"],
        r#"const isStruct: Check = (v, p) => (isObject(v) ? undefined : `${p} must be an object`);
"#,
    ),
    (
        "isEmpty",
        &["Check", "isObject"],
        r#"const isEmpty: Check = (v, p) => (isObject(v) ? undefined : `${p} must be an object`);
"#,
    ),
    (
        "isAny",
        &["Check", "isObject"],
        r#"const isAny: Check = (v, p) =>
  isObject(v) && typeof v['@type'] === 'string' ? undefined : `${p} must be an object with a string '@type'`;
"#,
    ),
    (
        "optional",
        &["Check"],
        r#"function optional(check: Check): Check {
  return (v, p) => (v === undefined ? undefined : check(v, p));
}
"#,
    ),
    (
        "listOf",
        &["Check"],
        r#"function listOf(check: Check): Check {
  return (v, p) => {
    if (!Array.isArray(v)) {
      return `${p} must be an array`;
    }
    for (let i = 0; i < v.length; i++) {
      const problem = check(v[i], `${p}[${i}]`);
      if (problem !== undefined) {
        return problem;
      }
    }
    return undefined;
  };
}
"#,
    ),
    (
        "mapOf",
        &["Check", "isObject"],
        r#"function mapOf(check: Check): Check {
  return (v, p) => {
    if (!isObject(v)) {
      return `${p} must be an object`;
    }
    for (const [key, item] of Object.entries(v)) {
      const problem = check(item, `${p}[${JSON.stringify(key)}]`);
      if (problem !== undefined) {
        return problem;
      }
    }
    return undefined;
  };
}
"#,
    ),
    (
        "oneOf",
        &["Check"],
        r#"function oneOf(values: readonly string[]): Check {
  return (v, p) =>
    typeof v === 'string' && values.includes(v) ? undefined : `${p} must be one of ${values.join(', ')}`;
}
"#,
    ),
    (
        "fields",
        &["Check", "isObject"],
        r#"function fields(
  value: unknown,
  path: string,
  checks: Record<string, Check>,
  oneofs: readonly (readonly string[])[],
): string | undefined {
  if (!isObject(value)) {
    return `${path} must be an object`;
  }
  for (const [name, check] of Object.entries(checks)) {
    const problem = check(value[name], `${path}.${name}`);
    if (problem !== undefined) {
      return problem;
    }
  }
  for (const group of oneofs) {
    const set = group.filter((name) => value[name] !== undefined);
    if (set.length > 1) {
      return `${path} sets ${set.join(' and ')}, of which at most one may be set`;
    }
  }
  return undefined;
}
"#,
    ),
];

fn main_file(cx: &Context, file: &mut String) {
    let mut top = String::new();
    let out = &mut top;
    let has_invokes = cx.services.iter().any(|s| s.methods.iter().any(|m| !m.event));
    let has_events = cx.services.iter().any(|s| s.methods.iter().any(|m| m.event));
    let mut electron_types = Vec::new();
    if has_invokes {
        electron_types.push("IpcMainInvokeEvent".to_string());
    }
    if has_events {
        electron_types.push("WebContents".to_string());
    }
    let rpc_types: Vec<String> = cx
        .services
        .iter()
        .flat_map(|s| s.methods.iter())
        .flat_map(|m| {
            let mut v = vec![ts(cx, &m.rpc.output_type)];
            if !m.event {
                v.push(ts(cx, &m.rpc.input_type));
            }
            v
        })
        .collect();
    out.push_str("/** Options of the `register…` functions. */\nexport interface RegisterOptions {\n");
    out.push_str(
        "  /** Validate each request's shape at run time; a request that does not fit is answered with `INVALID_ARGUMENT`. */\n  validate?: boolean;\n}\n",
    );
    for s in cx.services {
        let invokes: Vec<_> = s.methods.iter().filter(|m| !m.event).collect();
        if !invokes.is_empty() {
            out.push('\n');
            doc(out, "", &s.service.comments);
            let _ = writeln!(out, "export interface {}Impl {{", s.service.name);
            for m in &invokes {
                doc(out, "  ", &m.rpc.comments);
                let _ = writeln!(
                    out,
                    "  {}(request: {}, event: IpcMainInvokeEvent): MaybePromise<{}>;",
                    super::impl_member(m.rpc),
                    ts(cx, &m.rpc.input_type),
                    ts(cx, &m.rpc.output_type)
                );
            }
            out.push_str("}\n\n");
            let _ = writeln!(
                out,
                "/**\n * Handles the rpcs of {} in main: one `ipcMain.handle` per rpc. Replies carry the value or\n * the error's code and message. Returns a function that removes the handlers.\n */",
                s.service.full_name
            );
            // Options only matter to rpcs with a request to validate.
            let options = if invokes.iter().all(|m| is_empty(&m.rpc.input_type)) { "_options" } else { "options" };
            let _ = writeln!(
                out,
                "export function {}(impl: {}Impl, {options}: RegisterOptions = {{}}): () => void {{",
                super::register_function(s.service),
                s.service.name
            );
            for m in &invokes {
                let member = super::impl_member(m.rpc);
                let channel = quote(&m.channel);
                if is_empty(&m.rpc.input_type) {
                    let _ = writeln!(
                        out,
                        "  ipcMain.handle({channel}, (event) => reply(() => impl.{member}({{}}, event)));"
                    );
                } else {
                    let input = ts(cx, &m.rpc.input_type);
                    let check = cx.names.check(&m.rpc.input_type).unwrap_or_else(|_| "isJson".to_string());
                    let _ = writeln!(out, "  ipcMain.handle({channel}, (event, request: unknown) =>");
                    let _ = writeln!(
                        out,
                        "    reply(() => impl.{member}(accept<{input}>(options, {check}, request), event)),\n  );"
                    );
                }
            }
            out.push_str("  return () => {\n");
            for m in &invokes {
                let _ = writeln!(out, "    ipcMain.removeHandler({});", quote(&m.channel));
            }
            out.push_str("  };\n}\n");
        }
        for m in s.methods.iter().filter(|m| m.event) {
            out.push('\n');
            doc(out, "", &m.rpc.comments);
            let _ = writeln!(
                out,
                "export function {}(target: {{ webContents: WebContents }}, payload: {}): void {{",
                super::send_function(s.service, m.rpc),
                ts(cx, &m.rpc.output_type)
            );
            let _ = writeln!(out, "  target.webContents.send({}, payload);\n}}", quote(&m.channel));
        }
    }
    let mut checks = String::new();
    let out = &mut checks;
    // Checks of the messages and enums that requests can hold.
    let roots: Vec<&str> = cx
        .services
        .iter()
        .flat_map(|s| s.methods.iter().filter(|m| !m.event).map(|m| m.rpc.input_type.as_str()))
        .collect();
    let reachable = cx.names.reachable(&roots);
    for (name, decl) in &cx.names.ordered {
        if !reachable.contains(name) {
            continue;
        }
        out.push('\n');
        match decl {
            Declared::Enum(e) => {
                let values: Vec<String> = e.values.iter().map(|v| quote(&v.name)).collect();
                let _ = writeln!(out, "function check{name}(value: unknown, path: string): string | undefined {{");
                let _ = writeln!(out, "  return oneOf([{}])(value, path);\n}}", values.join(", "));
            }
            Declared::Message(m) => {
                let _ = writeln!(out, "function check{name}(value: unknown, path: string): string | undefined {{");
                let checks: Vec<String> = m
                    .fields
                    .iter()
                    .map(|f| {
                        let optional = f.oneof.is_some() || field_type(cx.names, f).is_ok_and(|(_, o)| o);
                        let check = field_check(cx.names, f, optional).unwrap_or_else(|_| "isJson".to_string());
                        format!("{}: {check}", property(&f.json_name))
                    })
                    .collect();
                let mut groups: Vec<Vec<String>> = Vec::new();
                let mut seen: Vec<&str> = Vec::new();
                for f in &m.fields {
                    let Some(o) = f.oneof.as_deref() else { continue };
                    if !seen.contains(&o) {
                        seen.push(o);
                        groups.push(
                            m.fields
                                .iter()
                                .filter(|g| g.oneof.as_deref() == Some(o))
                                .map(|g| quote(&g.json_name))
                                .collect(),
                        );
                    }
                }
                let groups: Vec<String> = groups.iter().map(|g| format!("[{}]", g.join(", "))).collect();
                if checks.is_empty() {
                    let _ = writeln!(out, "  return fields(value, path, {{}}, []);\n}}");
                } else {
                    let _ = writeln!(out, "  return fields(\n    value,\n    path,\n    {{");
                    for c in &checks {
                        let _ = writeln!(out, "      {c},");
                    }
                    let _ = writeln!(out, "    }},\n    [{}],\n  );\n}}", groups.join(", "));
                }
            }
        }
    }

    // Only the helpers the file uses (and what they use), in a fixed order.
    let mut used: BTreeSet<&str> = BTreeSet::new();
    for (name, _, _) in MAIN_HELPERS {
        if mentions(&top, name) || mentions(&checks, name) {
            used.insert(name);
        }
    }
    loop {
        let before = used.len();
        for (name, deps, _) in MAIN_HELPERS {
            if used.contains(name) {
                used.extend(deps.iter().copied());
            }
        }
        if used.len() == before {
            break;
        }
    }
    let mut shared: Vec<&str> = Vec::new();
    if used.contains("errorData") {
        shared.push("IpcErrorData");
    }
    if used.contains("reply") {
        shared.push("IpcResult");
    }
    let types = type_imports(cx, rpc_types.iter().map(String::as_str), &shared);
    if mentions(&top, "ipcMain") {
        import_line(file, "", &["ipcMain".to_string()], "electron");
    }
    import_line(file, "type ", &electron_types, "electron");
    if used.contains("accept") {
        import_line(file, "", &["IpcError".to_string()], "./types");
    }
    import_line(file, "type ", &types, "./types");
    file.push('\n');
    file.push_str(&top);
    for (name, _, text) in MAIN_HELPERS {
        if used.contains(name) {
            file.push('\n');
            file.push_str(text);
        }
    }
    file.push_str(&checks);
}

/// Whether the code of `text` uses the identifier `name` (not as part of a longer one).
fn mentions(text: &str, name: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    // Doc comments are on lines of their own: words in them are not uses.
    text.lines().filter(|line| !matches!(line.trim_start().get(..1), Some("*" | "/"))).any(|line| {
        line.match_indices(name).any(|(at, _)| {
            !line[..at].chars().next_back().is_some_and(ident)
                && !line[at + name.len()..].chars().next().is_some_and(ident)
        })
    })
}

// ---------------------------------------------------------------------------------------------
// preload.ts

fn preload_file(cx: &Context, out: &mut String) {
    let has_events = cx.services.iter().any(|s| s.methods.iter().any(|m| m.event));
    let payloads: Vec<String> = cx
        .services
        .iter()
        .flat_map(|s| s.methods.iter())
        .filter_map(|m| match (m.event, is_empty(&m.rpc.input_type)) {
            (true, _) => Some(ts(cx, &m.rpc.output_type)),
            (false, true) => None,
            (false, false) => Some(ts(cx, &m.rpc.input_type)),
        })
        .collect();
    let types = type_imports(cx, payloads.iter().map(String::as_str), &["IpcBridge"]);
    import_line(out, "", &["contextBridge".to_string(), "ipcRenderer".to_string()], "electron");
    if has_events {
        import_line(out, "type ", &["IpcRendererEvent".to_string()], "electron");
    }
    import_line(out, "type ", &types, "./types");
    out.push('\n');
    let _ = writeln!(
        out,
        "/**\n * What the page sees as `window.{}`: one member per rpc, each a literal-channel `ipcRenderer`\n * call. Only `electron` is required at run time, so a sandboxed preload can bundle this file.\n */",
        cx.key
    );
    out.push_str("export const ipcBridge: IpcBridge = {\n");
    for s in cx.services {
        doc(out, "  ", &s.service.comments);
        let _ = writeln!(out, "  {}: {{", property(&s.member));
        for m in &s.methods {
            doc(out, "    ", &m.rpc.comments);
            let channel = quote(&m.channel);
            if m.event {
                let payload = ts(cx, &m.rpc.output_type);
                let _ = writeln!(out, "    {}: (listener: (payload: {payload}) => void) => {{", m.member);
                let _ = writeln!(
                    out,
                    "      const forward = (_event: IpcRendererEvent, payload: {payload}) => listener(payload);"
                );
                let _ = writeln!(out, "      ipcRenderer.on({channel}, forward);");
                let _ = writeln!(out, "      return () => {{\n        ipcRenderer.removeListener({channel}, forward);");
                out.push_str("      };\n    },\n");
            } else if is_empty(&m.rpc.input_type) {
                let _ = writeln!(out, "    {}: () => ipcRenderer.invoke({channel}),", m.member);
            } else {
                let input = ts(cx, &m.rpc.input_type);
                let _ =
                    writeln!(out, "    {}: (request: {input}) => ipcRenderer.invoke({channel}, request),", m.member);
            }
        }
        out.push_str("  },\n");
    }
    out.push_str("};\n\n");
    let _ = writeln!(
        out,
        "/** Exposes the bindings to the page as `window.{key}`. Call it once in the preload script. */\nexport function exposeIpc(): void {{\n  contextBridge.exposeInMainWorld({}, ipcBridge);\n}}",
        quote(cx.key),
        key = cx.key
    );
}

// ---------------------------------------------------------------------------------------------
// renderer.ts

fn renderer_file(cx: &Context, out: &mut String) {
    let used: Vec<String> = cx
        .services
        .iter()
        .flat_map(|s| s.methods.iter())
        .flat_map(|m| [ts(cx, &m.rpc.input_type), ts(cx, &m.rpc.output_type)])
        .collect();
    let types = type_imports(cx, used.iter().map(String::as_str), &["IpcBridge", "IpcResult"]);
    import_line(out, "", &["IpcError".to_string()], "./types");
    import_line(out, "type ", &types, "./types");
    let key = cx.key;
    let _ = writeln!(
        out,
        "\ndeclare global {{\n  interface Window {{\n    /** The bindings the preload script exposes (see `preload.ts`). */\n    {key}: IpcBridge;\n  }}\n}}\n"
    );
    out.push_str(
        "async function unwrap<T>(reply: Promise<IpcResult<T>>): Promise<T> {\n  const result = await reply;\n  if (result.ok) {\n    return result.value;\n  }\n  throw new IpcError(result.error.code, result.error.message);\n}\n\n",
    );
    out.push_str(
        "/**\n * The typed client of the main process. Every call resolves to the handler's value or rejects\n * with an `IpcError` carrying the handler's code and message; `on…` members subscribe to events\n * and return a function that unsubscribes.\n */\nexport const ipc = {\n",
    );
    for s in cx.services {
        doc(out, "  ", &s.service.comments);
        let _ = writeln!(out, "  {}: {{", property(&s.member));
        let path = format!("window.{key}.{}", s.member);
        for m in &s.methods {
            doc(out, "    ", &m.rpc.comments);
            let output = ts(cx, &m.rpc.output_type);
            let member = &m.member;
            if m.event {
                let _ = writeln!(
                    out,
                    "    {member}: (listener: (payload: {output}) => void): (() => void) => {path}.{member}(listener),"
                );
            } else if is_empty(&m.rpc.input_type) {
                let _ = writeln!(
                    out,
                    "    {member}: (_request: Empty = {{}}): Promise<{output}> => unwrap({path}.{member}()),"
                );
            } else {
                let input = ts(cx, &m.rpc.input_type);
                let _ = writeln!(
                    out,
                    "    {member}: (request: {input}): Promise<{output}> => unwrap({path}.{member}(request)),"
                );
            }
        }
        out.push_str("  },\n");
    }
    out.push_str("};\n");
}
