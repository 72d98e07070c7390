//! The value flow of IPC-capable values across files: which declared types are Electron objects.
//!
//! A file's summary says which type names each alias stands for (`type Target = WebContents |
//! WebFrameMain`) and which calls are made on a receiver known only by its declared type names
//! (`Call::declared`). The flow follows those names through aliases, imports and re-exports to
//! Electron's types; `sites` makes a site of each such call of an IPC method. Items of tables of
//! class instances are followed to the class, whose methods may be wrappers.

use super::resolve::{export_name, Resolver};
use super::{BoundName, Bridge, FnKey};
use crate::base::FileId;
use crate::syntax::ts::{typed_recv, Api, Expr, FnName};

/// How many aliases and imports a type name is followed through: a cycle of aliases stops here.
const MAX_TYPE_DEPTH: u32 = 8;

/// The Electron object a receiver declared with `types` (written in `file`) is, if any: the first
/// of its type names that is one.
pub(super) fn declared_api(r: &Resolver, file: FileId, types: &[String]) -> Option<Api> {
    types.iter().find_map(|t| type_api(r, file, t, 0))
}

fn type_api(r: &Resolver, file: FileId, name: &str, depth: u32) -> Option<Api> {
    if depth > MAX_TYPE_DEPTH {
        return None;
    }
    if let Some(api) = typed_recv(name) {
        return Some(api);
    }
    let summary = r.summary(file)?;
    if let Some(alias) = summary.type_aliases.iter().find(|a| a.name == name) {
        return alias.types.iter().find_map(|t| type_api(r, file, t, depth + 1));
    }
    let import = summary.imports.iter().find(|i| i.local == name)?;
    let target = r.import_target(file, &import.source)?;
    let imported = export_name(&import.imported)?;
    // `export type Target = …` is a declaration of the module itself.
    let (f, local) = r.export_site(target, imported, 0).unwrap_or((target, imported.to_string()));
    type_api(r, f, &local, depth + 1)
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
        Expr::Array(items) => items.iter().find_map(|i| instance_class(r, file, i, depth + 1)),
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
