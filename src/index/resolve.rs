//! Resolution across files: channel values (constants, imports, re-exports, object and enum
//! members, concatenation, tables, parameters bound by a wrapper's caller) and callees (the
//! functions a call may reach).

use rustc_hash::FxHashMap;

use super::modules::ModuleResolver;
use super::FnKey;
use crate::base::{FileId, Vfs};
use crate::config::Config;
use crate::syntax::ts::{Api, Call, Callee, Export, Expr, FileSummary, FnName, Imported};

/// The most values a concatenation may produce (a product of alternatives) before it is given up
/// as unknown.
const MAX_VALUES: usize = 256;
/// The most entries a table may have before it is given up as unknown. Never truncated: a cut
/// table would report its missing entries as channels without handlers.
const MAX_TABLE: usize = 8192;
/// The longest chain of bindings (constants, imports, re-exports) followed from one expression: a
/// cycle of imports stops here.
const MAX_DEPTH: u32 = 24;

/// The result of resolving a channel expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Values {
    /// Every value the expression can take (one for a plain constant, several for a table).
    Known(Vec<String>),
    /// Not statically certain; what is known of its start and end.
    Partial { prefix: String, suffix: String },
}

impl Values {
    fn unknown() -> Values {
        Values::Partial { prefix: String::new(), suffix: String::new() }
    }
}

/// Parameters bound by a wrapper's caller: `(function, index) → values`, and the members of those
/// given an object (`deliver({ type: 'x' })` for `deliver(action)`): `(function, index, member) →
/// values`.
#[derive(Clone, Debug, Default)]
pub(super) struct Env {
    pub(super) params: FxHashMap<(u32, u32), Values>,
    pub(super) members: FxHashMap<(u32, u32, String), Values>,
}

/// An object-like value: where its members are written.
/// Borrowed from the summaries: resolving `CHANNELS.x` must not copy a 2,000-member object.
#[derive(Clone, Copy, Debug)]
enum Obj<'e> {
    Members(FileId, &'e [(String, Expr)]),
    Items(FileId, &'e [Expr]),
    /// `Object.keys(o)`: the member names of `o`, as items (a computed key is its expression,
    /// written in that file).
    Keys(FileId, &'e [(String, Expr)]),
    /// `import * as ns`: the members are the module's exports.
    Module(FileId),
}

/// One entry of a table: an expression (written in that file), or a key of an object.
#[derive(Clone, Copy, Debug)]
enum Entry<'e> {
    Expr(FileId, &'e Expr),
    Key(&'e String),
}

/// Resolves values and imports over a workspace's summaries, remembering what it looked up.
pub(super) struct Resolver<'a> {
    pub(super) vfs: &'a Vfs,
    pub(super) summaries: &'a super::Summaries,
    modules: &'a ModuleResolver,
    pub(super) config: &'a Config,
    /// Memo of `import_target`: (importing file, specifier) → the file.
    imports: std::cell::RefCell<FxHashMap<(FileId, String), Option<FileId>>>,
    /// Class methods of the workspace by name, built on first use.
    methods: std::cell::OnceCell<FxHashMap<String, Vec<FnKey>>>,
    /// The workspace's context objects, built on first use.
    contexts: std::cell::OnceCell<super::contexts::Contexts>,
    /// Listeners that re-dispatch IPC as DOM events, `(file, forwarder)`, in file order; built on
    /// first use.
    dom_forwarders: std::cell::OnceCell<Vec<(FileId, usize)>>,
}

impl<'a> Resolver<'a> {
    pub(super) fn new(
        vfs: &'a Vfs,
        summaries: &'a super::Summaries,
        modules: &'a ModuleResolver,
        config: &'a Config,
    ) -> Resolver<'a> {
        Resolver {
            vfs,
            summaries,
            modules,
            config,
            imports: Default::default(),
            methods: Default::default(),
            contexts: Default::default(),
            dom_forwarders: Default::default(),
        }
    }

    pub(super) fn summary(&self, file: FileId) -> Option<&'a FileSummary> {
        self.summaries.get(&file).map(|s| &**s)
    }

    /// Listeners of the workspace that re-dispatch IPC as DOM events ([`crate::syntax::ts::DOM_EVENTS`]).
    pub(super) fn dom_forwarders(&self) -> &[(FileId, usize)] {
        self.dom_forwarders.get_or_init(|| {
            let mut out: Vec<(FileId, usize)> = self
                .summaries
                .iter()
                .flat_map(|(&f, s)| {
                    let dom =
                        s.forwarders.iter().enumerate().filter(|(_, w)| w.object == crate::syntax::ts::DOM_EVENTS);
                    dom.map(move |(i, _)| (f, i))
                })
                .collect();
            out.sort();
            out
        })
    }

    /// The workspace's context objects (`index::contexts`).
    pub(super) fn contexts(&self) -> &super::contexts::Contexts {
        self.contexts.get_or_init(|| super::contexts::Contexts::new(self))
    }

    /// Every class method named `name` in the workspace, as `(file, function)`.
    pub(super) fn methods_named(&self, name: &str) -> Vec<FnKey> {
        let map = self.methods.get_or_init(|| {
            let mut map: FxHashMap<String, Vec<FnKey>> = FxHashMap::default();
            let mut files: Vec<_> = self.summaries.iter().collect();
            files.sort_by_key(|(id, _)| **id);
            for (&file, s) in files {
                for (i, f) in s.functions.iter().enumerate() {
                    if let crate::syntax::ts::FnName::Method { name, .. } = &f.name {
                        map.entry(name.clone()).or_default().push(FnKey { file, func: i as u32 });
                    }
                }
            }
            map
        });
        map.get(name).cloned().unwrap_or_default()
    }

    /// The file an import of `source` from `file` names.
    pub(super) fn import_target(&self, file: FileId, source: &str) -> Option<FileId> {
        if let Some(hit) = self.imports.borrow().get(&(file, source.to_string())) {
            return *hit;
        }
        let target = self.modules.resolve(self.vfs, self.vfs.path(file), source);
        self.imports.borrow_mut().insert((file, source.to_string()), target);
        target
    }

    /// All values `expr` (written in `file`) can take.
    pub(super) fn values(&self, file: FileId, expr: &Expr, env: &Env) -> Values {
        self.values_at(file, expr, env, 0)
    }

    fn values_at(&self, file: FileId, expr: &Expr, env: &Env, depth: u32) -> Values {
        if depth > MAX_DEPTH {
            return Values::unknown();
        }
        if let Some(v) = self.defined(expr) {
            return Values::Known(vec![v]);
        }
        match expr {
            Expr::Str(s) => Values::Known(vec![s.clone()]),
            Expr::Ident(name) => match self.binding(file, name, depth) {
                Some((f, e)) => self.values_at(f, e, &Env::default(), depth + 1),
                None => Values::unknown(),
            },
            Expr::Member(base, name) if matches!(**base, Expr::Each(_)) => {
                // `h.channel` for each `h` of a table of records (`for (const h of HANDLERS)`).
                let Expr::Each(inner) = &**base else { return Values::unknown() };
                match self.entries(file, inner, false, depth + 1) {
                    Some(entries) => {
                        self.union(entries.into_iter().map(|e| self.entry_values(e, Some(name), depth + 1)))
                    }
                    None => Values::unknown(),
                }
            }
            Expr::Member(base, name) if matches!(**base, Expr::Param { .. }) => {
                // `action.type` of a parameter its caller gave an object.
                let Expr::Param { func, index } = **base else { return Values::unknown() };
                env.members.get(&(func, index, name.clone())).cloned().unwrap_or_else(Values::unknown)
            }
            Expr::Member(base, name) => match self.object(file, base, depth + 1) {
                Some(Obj::Members(f, members)) => match members.iter().find(|(k, _)| k == name) {
                    Some((_, v)) => self.values_at(f, v, &Env::default(), depth + 1),
                    None => Values::unknown(),
                },
                Some(Obj::Module(f)) => match self.export(f, name, depth + 1) {
                    Some((f, e)) => self.values_at(f, e, &Env::default(), depth + 1),
                    None => Values::unknown(),
                },
                Some(Obj::Items(f, items)) => match name.parse::<usize>().ok().and_then(|i| items.get(i)) {
                    Some(v) => self.values_at(f, v, &Env::default(), depth + 1),
                    None => Values::unknown(),
                },
                Some(Obj::Keys(f, members)) => match name.parse::<usize>().ok().and_then(|i| members.get(i)) {
                    Some((_, Expr::Keyed { key, .. })) => self.values_at(f, key, &Env::default(), depth + 1),
                    Some((k, _)) => Values::Known(vec![k.clone()]),
                    None => Values::unknown(),
                },
                None => Values::unknown(),
            },
            Expr::Concat(parts) => {
                let mut acc: Vec<String> = vec![String::new()];
                for (i, part) in parts.iter().enumerate() {
                    match self.values_at(file, part, env, depth + 1) {
                        Values::Known(vs) => {
                            if acc.len().saturating_mul(vs.len()) > MAX_VALUES {
                                return Values::unknown();
                            }
                            let mut next = Vec::new();
                            for a in &acc {
                                for v in &vs {
                                    next.push(format!("{a}{v}"));
                                }
                            }
                            acc = next;
                        }
                        Values::Partial { prefix, .. } => {
                            // Known head + this part's prefix; the tail from the remaining literal parts.
                            let head =
                                if acc.len() == 1 { format!("{}{}", acc[0], prefix) } else { common_prefix(&acc) };
                            let mut suffix = String::new();
                            for rest in parts[i + 1..].iter().rev() {
                                match self.values_at(file, rest, env, depth + 1) {
                                    Values::Known(vs) if vs.len() == 1 => suffix.insert_str(0, &vs[0]),
                                    _ => break,
                                }
                            }
                            return Values::Partial { prefix: head, suffix };
                        }
                    }
                }
                Values::Known(acc)
            }
            Expr::Param { func, index } => match env.params.get(&(*func, *index)) {
                Some(v) => v.clone(),
                // Unbound: a `define`d or namespace parameter name (`hookupIpc(namespace = DEFAULT)`).
                None => self
                    .summary(file)
                    .and_then(|s| s.functions.get(*func as usize))
                    .and_then(|f| f.params.get(*index as usize))
                    .and_then(|name| self.defined(&Expr::Ident(name.clone())))
                    .map_or_else(Values::unknown, |v| Values::Known(vec![v])),
            },
            Expr::Each(inner) => match self.entries(file, inner, true, depth + 1) {
                Some(entries) => self.union(entries.into_iter().map(|e| self.entry_values(e, None, depth + 1))),
                None => Values::unknown(),
            },
            Expr::Keyed { value, .. } => self.values_at(file, value, env, depth + 1),
            // Every branch's values; unresolved when one branch is.
            Expr::Either(alternatives) => {
                self.union(alternatives.iter().map(|a| self.values_at(file, a, env, depth + 1)))
            }
            Expr::Keys(_) | Expr::Object(_) | Expr::Array(_) | Expr::Unknown => Values::unknown(),
        }
    }

    /// The entries a loop over `table` (written in `file`) visits: the values of an object or an
    /// enum, the items of an array (arrays and, when `strings` asks for channel values, objects
    /// spread or listed by name are flattened: `[...Object.values(A), ...B]`), or the keys of
    /// `Object.keys`/`Object.entries`. `None` when `table` is not a table.
    fn entries<'e>(&self, file: FileId, table: &'e Expr, strings: bool, depth: u32) -> Option<Vec<Entry<'e>>>
    where
        'a: 'e,
    {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut out = Vec::new();
        match self.object(file, table, depth + 1)? {
            Obj::Members(f, members) => out.extend(members.iter().map(|(_, v)| Entry::Expr(f, v))),
            Obj::Keys(f, members) => out.extend(members.iter().map(|(k, v)| match v {
                Expr::Keyed { key, .. } => Entry::Expr(f, key),
                _ => Entry::Key(k),
            })),
            Obj::Items(f, items) => {
                for item in items {
                    // A name is a table spread in; an inline array is one only where strings are asked
                    // for (`[[source, channel], …]` holds tuples).
                    let named = matches!(item, Expr::Ident(_) | Expr::Member(..))
                        || (strings && matches!(item, Expr::Array(_)));
                    let nested = if named { self.object(f, item, depth + 1) } else { None };
                    match nested {
                        Some(Obj::Items(..)) => out.extend(self.entries(f, item, strings, depth + 1)?),
                        Some(Obj::Members(..) | Obj::Keys(..)) if strings => {
                            out.extend(self.entries(f, item, strings, depth + 1)?)
                        }
                        _ => out.push(Entry::Expr(f, item)),
                    }
                    if out.len() > MAX_TABLE {
                        return None;
                    }
                }
            }
            Obj::Module(_) => return None,
        }
        Some(out)
    }

    /// The values of one table entry, or of its member `member` (`h.channel`, `[source, channel]`).
    fn entry_values(&self, entry: Entry, member: Option<&str>, depth: u32) -> Values {
        match (entry, member) {
            (Entry::Key(k), None) => Values::Known(vec![k.clone()]),
            (Entry::Key(_), Some(_)) => Values::unknown(),
            (Entry::Expr(f, e), None) => self.values_at(f, e, &Env::default(), depth + 1),
            (Entry::Expr(f, e), Some(name)) => match self.object(f, e, depth + 1) {
                Some(Obj::Members(g, members)) => match members.iter().find(|(k, _)| k == name) {
                    Some((_, v)) => self.values_at(g, v, &Env::default(), depth + 1),
                    None => Values::unknown(),
                },
                Some(Obj::Items(g, items)) => match name.parse::<usize>().ok().and_then(|i| items.get(i)) {
                    Some(v) => self.values_at(g, v, &Env::default(), depth + 1),
                    None => Values::unknown(),
                },
                _ => Values::unknown(),
            },
        }
    }

    fn union(&self, parts: impl Iterator<Item = Values>) -> Values {
        let mut out = Vec::new();
        for p in parts {
            match p {
                Values::Known(vs) => out.extend(vs),
                partial => return partial,
            }
            if out.len() > MAX_TABLE {
                return Values::unknown();
            }
        }
        Values::Known(out)
    }

    /// A value from `[channels] define` or `namespace` for an expression the app computes at run time.
    fn defined(&self, expr: &Expr) -> Option<String> {
        let last = match expr {
            Expr::Ident(n) | Expr::Member(_, n) => n,
            _ => return None,
        };
        if let Some(v) = dotted(expr).and_then(|path| self.config.channels.define.get(&path)) {
            return Some(v.clone());
        }
        let ns = self.config.channels.namespace.as_ref()?;
        last.to_ascii_lowercase().contains("namespace").then(|| ns.clone())
    }

    /// What `expr` denotes as an object (members or items), following names across files.
    fn object<'e>(&self, file: FileId, expr: &'e Expr, depth: u32) -> Option<Obj<'e>>
    where
        'a: 'e,
    {
        if depth > MAX_DEPTH {
            return None;
        }
        match expr {
            Expr::Object(members) => Some(Obj::Members(file, members)),
            Expr::Array(items) => Some(Obj::Items(file, items)),
            Expr::Ident(name) => {
                if let Some(module) = self.namespace_import(file, name) {
                    return Some(Obj::Module(module));
                }
                let (f, e) = self.binding(file, name, depth)?;
                self.object(f, e, depth + 1)
            }
            Expr::Member(base, name) => match self.object(file, base, depth + 1)? {
                Obj::Members(f, members) => {
                    let (_, v) = members.iter().find(|(k, _)| k == name)?;
                    self.object(f, v, depth + 1)
                }
                Obj::Module(f) => {
                    let (f, e) = self.export(f, name, depth + 1)?;
                    self.object(f, e, depth + 1)
                }
                Obj::Items(..) | Obj::Keys(..) => None,
            },
            Expr::Keys(inner) => match self.object(file, inner, depth + 1)? {
                Obj::Members(f, members) => Some(Obj::Keys(f, members)),
                _ => None,
            },
            Expr::Keyed { value, .. } => self.object(file, value, depth + 1),
            Expr::Param { .. } | Expr::Each(_) => None,
            _ => None,
        }
    }

    fn namespace_import(&self, file: FileId, name: &str) -> Option<FileId> {
        let summary = self.summary(file)?;
        let import = summary.imports.iter().find(|i| i.local == name && i.imported == Imported::Namespace)?;
        self.import_target(file, &import.source)
    }

    /// The expression a top-level name of `file` is bound to, and the file it is written in.
    pub(super) fn binding(&self, file: FileId, name: &str, depth: u32) -> Option<(FileId, &'a Expr)> {
        if depth > MAX_DEPTH {
            return None;
        }
        let summary = self.summary(file)?;
        if let Some(c) = summary.const_def(name) {
            return Some((file, &c.value));
        }
        if let Some(function) = name.strip_suffix("()") {
            // What an imported function returns: the constant `name()` of its module.
            let import = summary.imports.iter().find(|i| i.local == function)?;
            let target = self.import_target(file, &import.source)?;
            let (f, local) = self.export_site(target, export_name(&import.imported)?, depth + 1)?;
            let c = self.summary(f)?.const_def(&format!("{local}()"))?;
            return Some((f, &c.value));
        }
        let import = summary.imports.iter().find(|i| i.local == name)?;
        let target = self.import_target(file, &import.source)?;
        self.export(target, export_name(&import.imported)?, depth + 1)
    }

    /// The Electron object a local name of `file` denotes through an import of a workspace module
    /// that binds it at its top level (`export const ipcMain: Typed = untypedIpcMain`).
    pub(super) fn imported_api(&self, file: FileId, summary: &FileSummary, name: &str) -> Option<Api> {
        let import = summary.imports.iter().find(|i| i.local == name)?;
        let target = self.import_target(file, &import.source)?;
        let (f, local) = self.export_site(target, export_name(&import.imported)?, 0)?;
        self.summary(f)?.api_bindings.iter().find(|(n, _)| *n == local).map(|(_, api)| *api)
    }

    /// The expression `file` exports as `name`, through re-exports and `export *`.
    pub(super) fn export(&self, file: FileId, name: &str, depth: u32) -> Option<(FileId, &'a Expr)> {
        self.export_site(file, name, depth).and_then(|(f, local)| {
            let s = self.summary(f)?;
            s.const_def(&local).map(|c| (f, &c.value)).or_else(|| self.binding(f, &local, depth + 1))
        })
    }

    /// The file and local name behind export `name` of `file`.
    pub(super) fn export_site(&self, file: FileId, name: &str, depth: u32) -> Option<(FileId, String)> {
        if depth > MAX_DEPTH {
            return None;
        }
        let summary = self.summary(file)?;
        for export in &summary.exports {
            match export {
                Export::Local { exported, local } if exported == name => return Some((file, local.clone())),
                Export::From { exported, source, imported } if exported == name => {
                    let target = self.import_target(file, source)?;
                    return self.export_site(target, export_name(imported)?, depth + 1);
                }
                _ => {}
            }
        }
        for export in &summary.exports {
            if let Export::Star { source } = export {
                if let Some(target) = self.import_target(file, source) {
                    if let Some(found) = self.export_site(target, name, depth + 1) {
                        return Some(found);
                    }
                }
            }
        }
        // An exported declaration without an export entry (e.g. `export function`): same file.
        None
    }
}

/// The name an import takes from its module's exports (`default` for a default import); `None`
/// for a namespace import, which takes the module whole.
pub(super) fn export_name(imported: &Imported) -> Option<&str> {
    match imported {
        Imported::Named(n) => Some(n),
        Imported::Default => Some("default"),
        Imported::Namespace => None,
    }
}

/// `a.b.c` for identifiers and members, for `define` lookups.
fn dotted(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Ident(n) => Some(n.clone()),
        Expr::Member(base, n) => Some(format!("{}.{n}", dotted(base)?)),
        _ => None,
    }
}

fn common_prefix(values: &[String]) -> String {
    let Some(first) = values.first() else { return String::new() };
    let mut len = first.len();
    for v in &values[1..] {
        len = first.bytes().zip(v.bytes()).take(len).take_while(|(a, b)| a == b).count();
    }
    while !first.is_char_boundary(len) {
        len -= 1;
    }
    first[..len].to_string()
}

/// The functions a call may reach: the one its names resolve to, or else, for
/// `this.win.sendToRenderer(ch)` and `MainWindow.sendToRenderer(ch)`, the few class methods of the
/// workspace with that distinctive name (the caller keeps the one that is a wrapper).
pub(super) fn callee_candidates(
    r: &Resolver,
    file: FileId,
    summary: &FileSummary,
    callee: &Callee,
    func: Option<u32>,
) -> Vec<FnKey> {
    if let Some(key) = resolve_callee(r, file, summary, callee, func) {
        return vec![key];
    }
    let Callee::Member { object, method } = callee else { return Vec::new() };
    if let [first] = object.as_slice() {
        let held = super::flow::held_methods(r, file, first, method);
        if !held.is_empty() {
            return held;
        }
    }
    if !distinctive_method(method) {
        return Vec::new();
    }
    let found = r.methods_named(method);
    if found.len() > MAX_SAME_NAME_METHODS {
        return Vec::new();
    }
    found
}

/// The functions a call may reach: a member of a context object its callee is taken from, or else
/// [`callee_candidates`].
pub(super) fn call_candidates(r: &Resolver, file: FileId, summary: &FileSummary, call: &Call) -> Vec<FnKey> {
    if let Some(key) = super::contexts::context_callee(r, file, summary, call) {
        return vec![key];
    }
    callee_candidates(r, file, summary, &call.callee, call.func)
}

/// The function a call's callee names, following imports (and `this.method` in a class).
fn resolve_callee(
    r: &Resolver,
    file: FileId,
    summary: &FileSummary,
    callee: &Callee,
    func: Option<u32>,
) -> Option<FnKey> {
    let find = |s: &FileSummary, name: &FnName| s.function_named(name);
    match callee {
        Callee::Ident(name) => {
            if let Some(i) = find(summary, &FnName::Plain(name.clone())) {
                return Some(FnKey { file, func: i });
            }
            let import = summary.imports.iter().find(|i| &i.local == name)?;
            let target = r.import_target(file, &import.source)?;
            let (f, local) = r.export_site(target, export_name(&import.imported)?, 0)?;
            let s = r.summary(f)?;
            find(s, &FnName::Plain(local)).map(|i| FnKey { file: f, func: i })
        }
        Callee::Member { object, method } => {
            let (first, rest) = object.split_first()?;
            if first == "this" && rest.is_empty() {
                let mut cur = func;
                while let Some(c) = cur {
                    let f = summary.functions.get(c as usize)?;
                    if let FnName::Method { class, .. } = &f.name {
                        let want = FnName::Method { class: class.clone(), name: method.to_string() };
                        return find(summary, &want).map(|i| FnKey { file, func: i });
                    }
                    cur = f.parent;
                }
                return None;
            }
            let mut path: Vec<String> = rest.to_vec();
            path.push(method.clone());
            let found = if first == "this" {
                None
            } else {
                resolve_member_callee(r, file, summary, first, rest, method, &path, &find)
            };
            if found.is_some() {
                return found;
            }
            None
        }
    }
}

/// Whether a method name is distinctive enough to resolve a call by the name alone.
pub(super) fn distinctive_method(method: &str) -> bool {
    method.len() >= MIN_METHOD_NAME && !COMMON_METHODS.contains(&method)
}

/// Method names shorter than this are too common to resolve by name alone (`send`, `emit`).
const MIN_METHOD_NAME: usize = 8;

/// A method name that more class methods of the workspace have than this is not distinctive: the
/// call is left unresolved rather than taken for each of them.
const MAX_SAME_NAME_METHODS: usize = 4;

/// Method names too common to resolve by name alone.
pub(super) const COMMON_METHODS: &[&str] =
    &["addListener", "removeListener", "dispatch", "postMessage", "subscribe", "register"];

#[allow(clippy::too_many_arguments)]
fn resolve_member_callee(
    r: &Resolver,
    file: FileId,
    summary: &FileSummary,
    first: &str,
    rest: &[String],
    method: &str,
    path: &[String],
    find: &dyn Fn(&FileSummary, &FnName) -> Option<u32>,
) -> Option<FnKey> {
    let in_file = |s: &FileSummary, f: FileId, local: &str| -> Option<FnKey> {
        if let Some(i) = find(s, &FnName::Member { object: local.to_string(), path: path.to_vec() }) {
            return Some(FnKey { file: f, func: i });
        }
        if rest.is_empty() {
            let (_, class) = s.instances.iter().find(|(n, _)| n == local)?;
            let want = FnName::Method { class: class.clone(), name: method.to_string() };
            return find(s, &want).map(|i| FnKey { file: f, func: i });
        }
        None
    };
    if let Some(found) = in_file(summary, file, first) {
        return Some(found);
    }
    let import = summary.imports.iter().find(|i| i.local == first)?;
    let target = r.import_target(file, &import.source)?;
    match (&import.imported, export_name(&import.imported)) {
        (Imported::Namespace, _) if rest.is_empty() => {
            let (f, local) = r.export_site(target, method, 0)?;
            find(r.summary(f)?, &FnName::Plain(local)).map(|i| FnKey { file: f, func: i })
        }
        (_, Some(exported)) => {
            let (f, local) = r.export_site(target, exported, 0)?;
            in_file(r.summary(f)?, f, &local)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_prefix_of_values() {
        assert_eq!(common_prefix(&["app:a".into(), "app:b".into()]), "app:");
        assert_eq!(common_prefix(&[]), "");
    }
}
