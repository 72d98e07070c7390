//! Context objects: an object whose members wrap Electron IPC, built by a function whose declared
//! result names its type (`function createBackendContext(win): BackendContext { return { ipc: {
//! handle: (ch, fn) => ipcMain.handle(ch, …) } } }`) and handed to code that uses it through a
//! parameter of that type: declared (`register(ctx: BackendContext)`, `({ ipc }: BackendContext)`)
//! or given by where the function is passed (`backend({ ipc }) {…}` inside the object given to
//! `definePlugin(plugin: Plugin)`, whose `backend?: (context: BackendContext) => void` types it).
//! A call of a member of such a parameter (`ctx.ipc.handle('x', …)`, `ipc.handle('x', …)`) reaches
//! the member's function, which the wrapper analysis follows like any other (docs/design.md
//! § Context objects).

use rustc_hash::{FxHashMap, FxHashSet};

use super::resolve::{callee_candidates, Resolver};
use super::FnKey;
use crate::base::FileId;
use crate::syntax::ts::{Call, Expr, FileSummary, FnName};

/// What the workspace declares about context objects.
#[derive(Default)]
pub(super) struct Contexts {
    /// The functions of each context type's members, by member path.
    members: FxHashMap<String, Vec<(Vec<String>, FnKey)>>,
    /// Every member path of some context type: a call whose path is none of these is not looked
    /// at further.
    paths: FxHashSet<Vec<String>>,
    /// Function-typed members of interfaces and object types, `(type, member)` → the type names
    /// of each parameter.
    callbacks: FxHashMap<(String, String), Vec<Vec<String>>>,
}

impl Contexts {
    pub(super) fn new(r: &Resolver) -> Contexts {
        let mut out = Contexts::default();
        let mut files: Vec<_> = r.summaries.iter().collect();
        files.sort_by_key(|(id, _)| **id);
        for (&file, s) in files {
            for (i, f) in s.functions.iter().enumerate() {
                let Some(parent) = f.parent else { continue };
                let FnName::Member { object, path } = &f.name else { continue };
                if !object.is_empty() {
                    continue;
                }
                let Some(owner) = s.functions.get(parent as usize) else { continue };
                for ty in &owner.returns {
                    let key = FnKey { file, func: i as u32 };
                    out.members.entry(ty.clone()).or_default().push((path.clone(), key));
                    out.paths.insert(path.clone());
                }
            }
            for t in &s.type_decls {
                for (member, params) in &t.callbacks {
                    out.callbacks.entry((t.name.clone(), member.clone())).or_insert_with(|| params.clone());
                }
            }
        }
        out
    }

    pub(super) fn is_empty(&self) -> bool {
        self.members.is_empty()
    }
}

/// The member function of a context object that a call reaches, if its callee is a member path
/// of a parameter typed (or contextually typed) as a context type.
pub(super) fn context_callee(r: &Resolver, file: FileId, summary: &FileSummary, call: &Call) -> Option<FnKey> {
    let contexts = r.contexts();
    if contexts.is_empty() {
        return None;
    }
    let (func, index, path) = member_path(call.callee_value.as_ref()?)?;
    if !contexts.paths.contains(&path) {
        return None;
    }
    for ty in param_types(r, file, summary, func, index, 0) {
        if let Some((_, key)) = contexts.members.get(&ty).and_then(|ms| ms.iter().find(|(p, _)| *p == path)) {
            return Some(*key);
        }
    }
    None
}

/// `Member(Member(Param, a), b)` as `(func, param, [a, b])`.
fn member_path(value: &Expr) -> Option<(u32, u32, Vec<String>)> {
    match value {
        Expr::Param { func, index } => Some((*func, *index, Vec::new())),
        Expr::Member(inner, name) => {
            let (f, i, mut path) = member_path(inner)?;
            path.push(name.clone());
            Some((f, i, path))
        }
        _ => None,
    }
}

/// How many functions passed into functions are followed for a contextual type.
const MAX_CONTEXT_DEPTH: u32 = 4;

/// The type names of parameter `index` of function `func`: declared, or else given by the
/// interface member the function is passed as (`definePlugin({ backend(ctx) {…} })` with
/// `definePlugin(plugin: Plugin)` and `Plugin.backend?: (context: BackendContext) => void`).
fn param_types(r: &Resolver, file: FileId, summary: &FileSummary, func: u32, index: u32, depth: u32) -> Vec<String> {
    let Some(f) = summary.functions.get(func as usize) else { return Vec::new() };
    if let Some(declared) = f.param_types.get(index as usize).filter(|t| !t.is_empty()) {
        return declared.clone();
    }
    if depth > MAX_CONTEXT_DEPTH {
        return Vec::new();
    }
    let FnName::Member { object, path } = &f.name else { return Vec::new() };
    let [member] = path.as_slice() else { return Vec::new() };
    let contexts = r.contexts();
    let mut out = Vec::new();
    for call in summary.calls.iter().filter(|c| c.func == f.parent) {
        // The object is written in the argument, or is a top-level object passed by name.
        let arg = if object.is_empty() {
            call.arg_ranges.iter().position(|a| a.start <= f.range.start && f.range.end <= a.end)
        } else {
            call.args.iter().position(|a| matches!(a, Expr::Ident(n) if n == object))
        };
        let Some(arg) = arg else { continue };
        for callee in callee_candidates(r, file, summary, &call.callee, call.func) {
            let Some(cs) = r.summary(callee.file) else { continue };
            for iface in param_types(r, callee.file, cs, callee.func, arg as u32, depth + 1) {
                if let Some(types) =
                    contexts.callbacks.get(&(iface, member.clone())).and_then(|p| p.get(index as usize))
                {
                    out.extend(types.iter().cloned());
                }
            }
        }
    }
    out
}

/// Names to search unparsed files for, so that the modules using a context are parsed: each
/// context type, the interfaces whose function members take one (`Plugin`), and the named
/// functions that take such an interface (`definePlugin`).
pub(super) fn context_words(r: &Resolver) -> Vec<String> {
    let contexts = r.contexts();
    if contexts.is_empty() {
        return Vec::new();
    }
    let mut types: FxHashSet<&str> = contexts.members.keys().map(String::as_str).collect();
    for ((iface, _), params) in &contexts.callbacks {
        if params.iter().flatten().any(|t| contexts.members.contains_key(t)) {
            types.insert(iface);
        }
    }
    let mut words: Vec<String> = types.iter().map(|t| t.to_string()).collect();
    for s in r.summaries.values() {
        for f in &s.functions {
            if let FnName::Plain(name) = &f.name {
                if f.param_types.iter().flatten().any(|t| types.contains(t.as_str())) {
                    words.push(name.clone());
                }
            }
        }
    }
    words.sort();
    words.dedup();
    words
}
