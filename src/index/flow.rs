//! The value flow of IPC-capable values across files: which declared types are Electron objects.
//!
//! A file's summary says which type names each alias stands for (`type Target = WebContents |
//! WebFrameMain`) and which calls are made on a receiver known only by its declared type names
//! (`Call::declared`). The flow follows those names through aliases, imports and re-exports to
//! Electron's types; `sites` makes a site of each such call of an IPC method.

use super::resolve::{export_name, Resolver};
use crate::base::FileId;
use crate::syntax::ts::{typed_recv, Api};

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
