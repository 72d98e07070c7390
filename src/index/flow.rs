//! The value flow of IPC-capable values across files: which declared types are Electron objects.
//!
//! A file's summary says which type names each alias stands for (`type Target = WebContents |
//! WebFrameMain`) and which calls are made on a receiver known only by its declared type names
//! (`Call::declared`). The flow follows those names through aliases, imports and re-exports to
//! Electron's types; `sites` makes a site of each such call of an IPC method. Items of tables of
//! class instances, and names bound to instances made elsewhere (a function's result, a class
//! imported from another module), are followed to the class, whose methods may be wrappers.

use super::resolve::{export_name, Resolver};
use super::{BoundName, Bridge, FnKey};
use crate::base::FileId;
use crate::syntax::ts::{typed_recv, Api, Expr, FnName, WEB_CONTENTS_OF};
use rustc_hash::FxHashSet;

/// How many aliases and imports a type name is followed through: a cycle of aliases stops here.
const MAX_TYPE_DEPTH: u32 = 8;

/// The Electron object a receiver declared with `types` (written in `file`) is, if any: the first
/// of its type names that is one.
pub(super) fn declared_api(r: &Resolver, file: FileId, types: &[String]) -> Option<Api> {
    types.iter().find_map(|t| type_api(r, file, t, 0))
}

fn type_api(r: &Resolver, file: FileId, name: &str, depth: u32) -> Option<Api> {
    match resolve_type(r, file, name, depth)? {
        Resolved::Api(api) => Some(api),
        Resolved::Window => None,
    }
}

/// What a declared type name stands for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Resolved {
    Api(Api),
    /// A window or view, whose `webContents` is a `WebContents`.
    Window,
}

/// A type name, followed through aliases, imports and re-exports, to an Electron object or a
/// window. `g()` stands for the declared result of function `g` (a type predicate's type
/// included); `T#webContents` for the `webContents` of a `T` (`syntax::ts::WEB_CONTENTS_OF`).
fn resolve_type(r: &Resolver, file: FileId, name: &str, depth: u32) -> Option<Resolved> {
    if depth > MAX_TYPE_DEPTH {
        return None;
    }
    if let Some(owner) = name.strip_suffix(WEB_CONTENTS_OF) {
        return match resolve_type(r, file, owner, depth + 1)? {
            Resolved::Window => Some(Resolved::Api(Api::WebContents)),
            Resolved::Api(_) => None,
        };
    }
    if let Some(api) = typed_recv(name) {
        return Some(Resolved::Api(api));
    }
    if matches!(name.strip_prefix("Electron.").unwrap_or(name), "BrowserWindow" | "BrowserView" | "WebContentsView") {
        return Some(Resolved::Window);
    }
    let summary = r.summary(file)?;
    if let Some(function) = name.strip_suffix("()") {
        let (f, local) = declared_at(r, file, function)?;
        let fs = r.summary(f)?;
        let def = fs.functions.get(fs.function_named(&FnName::Plain(local))? as usize)?;
        return def.returns.iter().find_map(|t| resolve_type(r, f, t, depth + 1));
    }
    if let Some(alias) = summary.type_aliases.iter().find(|a| a.name == name) {
        return alias.types.iter().find_map(|t| resolve_type(r, file, t, depth + 1));
    }
    let import = summary.imports.iter().find(|i| i.local == name)?;
    let target = r.import_target(file, &import.source)?;
    let imported = export_name(&import.imported)?;
    // `export type Target = …` is a declaration of the module itself.
    let (f, local) = r.export_site(target, imported, 0).unwrap_or((target, imported.to_string()));
    resolve_type(r, f, &local, depth + 1)
}

/// The method `method` of the class whose instance `receiver` (written in `file`) holds: an item of
/// a table of instances (`const managers = [ipcManager]` with `export const ipcManager = new
/// IpcManager()` in another file).
pub(super) fn instance_method(r: &Resolver, file: FileId, receiver: &Expr, method: &str) -> Option<FnKey> {
    let class = instance_class(r, file, receiver, 0)?;
    r.methods_named(method).into_iter().find(|k| {
        r.summary(k.file)
            .and_then(|s| s.functions.get(k.func as usize))
            .is_some_and(|f| matches!(&f.name, FnName::Method { class: c, .. } if *c == class))
    })
}

fn instance_class(r: &Resolver, file: FileId, value: &Expr, depth: u32) -> Option<String> {
    if depth > MAX_TYPE_DEPTH {
        return None;
    }
    match value {
        Expr::Each(inner) => instance_class(r, file, inner, depth + 1),
        Expr::Array(items) | Expr::Either(items) => items.iter().find_map(|i| instance_class(r, file, i, depth + 1)),
        Expr::Ident(name) => {
            let summary = r.summary(file)?;
            if let Some((_, class)) = summary.instances.iter().find(|(n, _)| n == name) {
                return Some(class.clone());
            }
            if let Some(c) = summary.const_def(name) {
                return instance_class(r, file, &c.value, depth + 1);
            }
            let import = summary.imports.iter().find(|i| &i.local == name)?;
            let target = r.import_target(file, &import.source)?;
            let (f, local) = r.export_site(target, export_name(&import.imported)?, 0)?;
            instance_class(r, f, &Expr::Ident(local), depth + 1)
        }
        _ => None,
    }
}

/// The methods named `method` of the classes whose instances the top-level name `object` (used in
/// `file`) holds, where the class is not declared beside the name: `export const transport:
/// Transport = createTransport()` with `createTransport` returning `new IpcTransport()` or `new
/// HttpTransport(…)`, or `new IpcTransport()` of an imported class. Each class is looked up where
/// its `new` is written, following its import.
pub(super) fn held_methods(r: &Resolver, file: FileId, object: &str, method: &str) -> Vec<FnKey> {
    let mut out = Vec::new();
    let Some((f, local)) = declared_at(r, file, object) else { return out };
    let Some(s) = r.summary(f) else { return out };
    let mut add = |k: Option<FnKey>| {
        if let Some(k) = k.filter(|k| !out.contains(k)) {
            out.push(k);
        }
    };
    for (_, class) in s.instances.iter().filter(|(n, _)| *n == local) {
        add(class_method(r, f, class, method));
    }
    for (_, func) in s.call_results.iter().filter(|(n, _)| *n == local) {
        let Some((ff, fname)) = declared_at(r, f, func) else { continue };
        let Some(fs) = r.summary(ff) else { continue };
        for (_, class) in fs.returned_instances.iter().filter(|(n, _)| *n == fname) {
            add(class_method(r, ff, class, method));
        }
    }
    if !out.is_empty() {
        return out;
    }
    // Known only by its declared type (`export const transport: Transport = pick()`): an instance
    // of any class of the workspace that implements that interface.
    for (_, types) in s.typed_bindings.iter().filter(|(n, _)| *n == local) {
        for t in types {
            let Some(decl) = declared_at(r, f, t) else { continue };
            for (cf, class) in implementers(r, &decl) {
                if let Some(k) = class_method(r, cf, &class, method).filter(|k| !out.contains(k)) {
                    out.push(k);
                }
            }
        }
    }
    out
}

/// The top-level classes (file, name) that implement the interface declared at `interface`.
fn implementers(r: &Resolver, interface: &(FileId, String)) -> Vec<(FileId, String)> {
    let mut out = Vec::new();
    for (&file, s) in r.summaries {
        for (class, iface) in &s.implementations {
            if declared_at(r, file, iface).as_ref() == Some(interface) {
                out.push((file, class.clone()));
            }
        }
    }
    out.sort();
    out
}

/// The file and local name of the declaration a top-level name of `file` refers to: its own, or
/// the one an import of it names.
fn declared_at(r: &Resolver, file: FileId, name: &str) -> Option<(FileId, String)> {
    let summary = r.summary(file)?;
    match summary.imports.iter().find(|i| i.local == name) {
        Some(import) => {
            let target = r.import_target(file, &import.source)?;
            r.export_site(target, export_name(&import.imported)?, 0)
        }
        None => Some((file, name.to_string())),
    }
}

/// The method `method` of the class named `class` in `file` (declared there or imported).
fn class_method(r: &Resolver, file: FileId, class: &str, method: &str) -> Option<FnKey> {
    let (f, local) = declared_at(r, file, class)?;
    let want = FnName::Method { class: local, name: method.to_string() };
    r.summary(f)?.function_named(&want).map(|func| FnKey { file: f, func })
}

/// The names other files may call a wrapper method of `classes` through: the top-level names
/// bound to instances of them made with `new` or returned by a function, or declared with an
/// interface one of them implements (for the discovery of the files that call them).
pub(super) fn instance_names(r: &Resolver, classes: &FxHashSet<&str>) -> Vec<String> {
    let mut names = Vec::new();
    let mut makers: FxHashSet<&str> = FxHashSet::default();
    let mut interfaces: FxHashSet<&str> = FxHashSet::default();
    for s in r.summaries.values() {
        for (c, i) in &s.implementations {
            if classes.contains(c.as_str()) {
                interfaces.insert(i.as_str());
            }
        }
        for (n, c) in &s.instances {
            if classes.contains(c.as_str()) {
                names.push(n.clone());
            }
        }
        for (f, c) in &s.returned_instances {
            if classes.contains(c.as_str()) {
                makers.insert(f.as_str());
            }
        }
    }
    for s in r.summaries.values() {
        names.extend(s.call_results.iter().filter(|(_, f)| makers.contains(f.as_str())).map(|(n, _)| n.clone()));
        let typed = s.typed_bindings.iter().filter(|(_, ts)| ts.iter().any(|t| interfaces.contains(t.as_str())));
        names.extend(typed.map(|(n, _)| n.clone()));
    }
    names
}

/// Where a type or value name used in `file` is declared, followed through imports and re-exports,
/// as `(file, name)`; `None` for a name imported from outside the workspace.
pub(super) fn declaration_of(r: &Resolver, file: FileId, name: &str) -> Option<(FileId, String)> {
    let Some(import) = r.summary(file).and_then(|s| s.imports.iter().find(|i| i.local == name)) else {
        return Some((file, name.to_string()));
    };
    let target = r.import_target(file, &import.source)?;
    let imported = export_name(&import.imported)?;
    Some(r.export_site(target, imported, 0).unwrap_or((target, imported.to_string())))
}

/// The bridge binding of a receiver declared with `types` (written in `file`): the first of its
/// type names that a bridge is bound to ([`Bridge::bound`]).
pub(super) fn declared_bridge<'b>(
    r: &Resolver,
    file: FileId,
    types: &[String],
    bridges: &'b [Bridge],
) -> Option<&'b BoundName> {
    types.iter().find_map(|t| {
        let (df, dn) = declaration_of(r, file, t)?;
        bridges.iter().flat_map(|b| &b.bound).find(|b| b.file == df && b.name == dn)
    })
}
