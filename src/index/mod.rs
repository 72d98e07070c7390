//! The cross-file model of a workspace: it resolves channels across files, finds wrappers, bridges
//! and processes, and maps every channel to its sites and its contract rpc.
//!
//! [`Workspace`] holds the files and their per-file summaries and is updated one file at a time;
//! [`Workspace::analyze`] derives an immutable [`Index`] that features read.

pub mod model;
pub mod modules;
pub mod resolve;

#[cfg(test)]
mod site_tests;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use aho_corasick::AhoCorasick;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::base::vfs::FileText;
use crate::base::walk::{self, WalkOptions, WalkResult};
use crate::base::{FileId, LineIndex, TextRange, Vfs};
use crate::config::{glob_set, Config, ConfigError};
use crate::syntax::proto::{self, Contract, ContractInput, ProtoSource};
use crate::syntax::ts::{self, Api, BridgeRoot, Callee, Dialect, Expr, FileSummary, FnName, Imported, Kind};

pub use model::*;
use modules::ModuleResolver;
use resolve::{Env, Resolver, Values};

/// Words whose presence makes a file worth parsing eagerly (the byte-level prefilter).
pub const PREFILTER_WORDS: &[&str] = &[
    "electron",
    "ipcMain",
    "ipcRenderer",
    "contextBridge",
    "webContents",
    "exposeInMainWorld",
    "window.",
    "globalThis.",
    ".send(",
    "better-ipc",
    "typed-ipc",
];

/// The files of one workspace and what is known of each; updated file by file.
#[derive(Clone, Debug)]
pub struct Workspace {
    pub root: PathBuf,
    pub vfs: Vfs,
    pub config: Arc<Config>,
    pub config_errors: Vec<ConfigError>,
    summaries: FxHashMap<FileId, Arc<FileSummary>>,
    /// Files whose current text failed the prefilter, and the wrapper names it was last searched
    /// for (a hash): unchanged files are not scanned again on every analysis.
    scanned: FxHashMap<FileId, u64>,
    pub walk: WalkResult,
}

impl Workspace {
    /// An empty workspace at `root` with `config`.
    pub fn new(root: &Path, config: Config) -> Workspace {
        Workspace {
            root: root.to_path_buf(),
            vfs: Vfs::new(),
            config: Arc::new(config),
            config_errors: Vec::new(),
            summaries: FxHashMap::default(),
            scanned: FxHashMap::default(),
            walk: WalkResult::default(),
        }
    }

    /// Reads `ipcls.toml`, walks `root` and reads every relevant file.
    pub fn load(root: &Path) -> Workspace {
        let (config, config_errors) = match std::fs::read_to_string(root.join(crate::config::FILE_NAME)) {
            Ok(text) => Config::from_toml(&text),
            Err(_) => (Config::default(), Vec::new()),
        };
        let mut ws = Workspace::new(root, config);
        ws.config_errors = config_errors;
        ws.rescan();
        ws
    }

    /// Walks the disk again and reads every file that is not open in an editor.
    pub fn rescan(&mut self) {
        let options =
            WalkOptions { max_file_size: self.config.limits.max_file_size, max_files: self.config.limits.max_files };
        let mut walked = walk::walk(&self.root, &options);
        let keep: FxHashSet<&Path> = walked.files.iter().map(|p| p.as_path()).collect();
        let gone: Vec<PathBuf> = self
            .vfs
            .iter()
            .filter(|(_, p, t)| t.version.is_none() && !keep.contains(p))
            .map(|(_, p, _)| p.to_path_buf())
            .collect();
        for p in gone {
            self.remove_file(&p);
        }
        for path in &walked.files {
            if self.vfs.file_id(path).and_then(|id| self.vfs.get(id)).is_some_and(|t| t.version.is_some()) {
                continue;
            }
            match Vfs::read_disk(path) {
                Ok(text) => {
                    let same = self.vfs.file_id(path).and_then(|id| self.vfs.text(id)).is_some_and(|t| *t == text.text);
                    if !same {
                        self.set_file(path, text);
                    }
                }
                Err(e) => {
                    // A file that was read before keeps its text: a failed read drops nothing.
                    tracing::warn!("cannot read {}: {e}", path.display());
                    if walked.errors.len() < 20 {
                        walked.errors.push(format!("cannot read {}: {e}", rel_path(&self.root, path)));
                    }
                }
            }
        }
        self.walk = walked;
    }

    pub fn set_config(&mut self, config: Config, errors: Vec<ConfigError>) {
        if config.limits.max_nesting != self.config.limits.max_nesting {
            // Summaries depend on the nesting limit: extract again.
            self.summaries.clear();
            self.scanned.clear();
        }
        self.config = Arc::new(config);
        self.config_errors = errors;
    }

    /// Sets the text of a file (from disk or an editor buffer).
    pub fn set_file(&mut self, path: &Path, text: FileText) {
        let id = self.vfs.set(path, text);
        self.summaries.remove(&id);
        self.scanned.remove(&id);
    }

    /// Sets a file's text together with a summary computed elsewhere (an incremental reparse).
    pub fn set_file_with_summary(&mut self, path: &Path, text: FileText, summary: Arc<FileSummary>) {
        let id = self.vfs.set(path, text);
        self.summaries.insert(id, summary);
        self.scanned.remove(&id);
    }

    pub fn remove_file(&mut self, path: &Path) {
        if let Some(id) = self.vfs.remove(path) {
            self.summaries.remove(&id);
            self.scanned.remove(&id);
        }
    }

    /// Parses the given files (in parallel) unless their summaries are known.
    fn parse(&mut self, ids: &[FileId]) {
        let todo: Vec<(FileId, Arc<str>, Dialect)> = ids
            .iter()
            .filter(|id| !self.summaries.contains_key(id))
            .filter_map(|&id| {
                let text = self.vfs.text(id)?.clone();
                let dialect = Dialect::from_path(self.vfs.path(id).to_str()?)?;
                Some((id, text, dialect))
            })
            .collect();
        if todo.is_empty() {
            return;
        }
        let max_nesting = self.config.limits.max_nesting;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(todo.len()).max(1);
        let chunk = todo.len().div_ceil(threads);
        let results: Vec<(FileId, FileSummary)> = std::thread::scope(|scope| {
            let handles: Vec<_> = todo
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|(id, text, dialect)| (*id, ts::extract_limited(text, *dialect, max_nesting)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
        });
        for (id, summary) in results {
            self.summaries.insert(id, Arc::new(summary));
        }
    }

    /// The summary of a script file, parsing it if needed.
    pub fn summary(&mut self, id: FileId) -> Option<Arc<FileSummary>> {
        self.parse(&[id]);
        self.summaries.get(&id).cloned()
    }

    /// Builds the index: prefilter, parse, follow imports, find wrappers (parsing their callers'
    /// files), resolve, and map channels.
    pub fn analyze(&mut self) -> Index {
        let scripts: Vec<FileId> = self
            .vfs
            .iter()
            .filter(|(_, p, _)| p.to_str().and_then(Dialect::from_path).is_some())
            .map(|(id, _, _)| id)
            .collect();
        let prefilter = AhoCorasick::new(PREFILTER_WORDS).ok();
        let eager: Vec<FileId> = scripts
            .iter()
            .copied()
            .filter(|&id| {
                !self.summaries.contains_key(&id)
                    && !self.scanned.contains_key(&id)
                    && match (&prefilter, self.vfs.text(id)) {
                        (Some(ac), Some(text)) => ac.is_match(text.as_bytes()),
                        _ => false,
                    }
            })
            .collect();

        self.parse(&eager);
        // What is still unparsed failed the prefilter: not scanned again until it changes.
        for &id in &scripts {
            if !self.summaries.contains_key(&id) {
                self.scanned.entry(id).or_insert(0);
            }
        }
        let modules = ModuleResolver::new(&self.vfs);
        // Follow imports that resolutions need, and find callers of wrappers in other files.
        for _round in 0..4 {
            self.follow_imports(&modules);
            let names = {
                let resolver = self.resolver(&modules);
                let wrappers = find_wrappers(&resolver);
                wrapper_names(&resolver, &wrappers)
            };
            let unparsed: Vec<FileId> = scripts.iter().copied().filter(|id| !self.summaries.contains_key(id)).collect();
            if names.is_empty() || unparsed.is_empty() {
                break;
            }
            let Ok(ac) = AhoCorasick::new(&names) else { break };
            let key = {
                use std::hash::{Hash, Hasher};
                let mut h = rustc_hash::FxHasher::default();
                names.hash(&mut h);
                h.finish() | 1
            };
            let mut hits = Vec::new();
            for id in unparsed {
                if self.scanned.get(&id) == Some(&key) {
                    continue;
                }
                if self.vfs.text(id).is_some_and(|t| ac.is_match(t.as_bytes())) {
                    hits.push(id);
                } else {
                    self.scanned.insert(id, key);
                }
            }
            if hits.is_empty() {
                break;
            }
            self.parse(&hits);
        }
        let contract = self.compile_contract();
        build_index(self, &modules, contract, scripts.len())
    }

    fn resolver<'a>(&'a self, modules: &'a ModuleResolver) -> Resolver<'a> {
        Resolver {
            vfs: &self.vfs,
            summaries: &self.summaries,
            modules,
            config: &self.config,
            imports: Default::default(),
            methods: Default::default(),
        }
    }

    /// Parses the files that parsed files import names from (constants modules, re-export indexes).
    fn follow_imports(&mut self, modules: &ModuleResolver) {
        let mut seen: FxHashSet<FileId> = FxHashSet::default();
        for _ in 0..32 {
            let mut wanted = Vec::new();
            for (&id, summary) in &self.summaries {
                if !seen.insert(id) {
                    continue;
                }
                let from = self.vfs.path(id);
                for import in &summary.imports {
                    if !import.source.starts_with('.') && modules.resolve(&self.vfs, from, &import.source).is_none() {
                        continue;
                    }
                    if let Some(target) = modules.resolve(&self.vfs, from, &import.source) {
                        if !self.summaries.contains_key(&target) {
                            wanted.push(target);
                        }
                    }
                }
                for export in &summary.exports {
                    let source = match export {
                        ts::Export::From { source, .. } | ts::Export::Star { source } => source,
                        ts::Export::Local { .. } => continue,
                    };
                    if let Some(target) = modules.resolve(&self.vfs, from, source) {
                        if !self.summaries.contains_key(&target) {
                            wanted.push(target);
                        }
                    }
                }
            }
            if wanted.is_empty() {
                break;
            }
            wanted.sort();
            wanted.dedup();
            self.parse(&wanted);
        }
    }

    fn compile_contract(&self) -> Contract {
        let include = glob_set(&self.config.contract.include);
        let files: Vec<ProtoSource> = self
            .vfs
            .iter()
            .filter(|(_, p, _)| p.extension().is_some_and(|e| e == "proto"))
            .filter_map(|(_, p, t)| {
                let rel = rel_path(&self.root, p);
                if !self.config.contract.include.is_empty() && !include.is_match(&rel) {
                    return None;
                }
                Some(ProtoSource { path: rel, text: t.text.clone() })
            })
            .collect();
        proto::compile(&ContractInput { files: &files, roots: &self.config.contract.roots })
    }
}

/// A workspace-relative path with `/` separators.
pub fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let s = rel.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        s.into_owned()
    } else {
        s.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// A function in a file: `(file, index into FileSummary::functions)`.
pub type FnKey = (FileId, u32);

/// Where a wrapper's channel parameter goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Into an Electron call: `summaries[file].sites[site]`.
    Site { file: FileId, site: usize },
    /// Into a call of another wrapper: `summaries[file].calls[call]`.
    Call { file: FileId, call: usize, callee: FnKey },
    /// A wrapper declared in `ipcls.toml`.
    Declared { kind: Kind, channel_arg: u32 },
    /// Into a helper that calls an IPC method on an Electron object it is given:
    /// `summaries[file].calls[call]` passes `api` to `callee`, whose `param_calls[param_call]` listens.
    Helper { file: FileId, call: usize, callee: FnKey, param_call: usize, api: Api },
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Wrapper {
    pub targets: Vec<Target>,
    /// The parameter that carries the channel.
    pub channel_param: u32,
}

/// Functions whose parameter flows into a channel, through any number of wrapper levels.
pub fn find_wrappers(r: &Resolver) -> FxHashMap<FnKey, Wrapper> {
    let mut wrappers: FxHashMap<FnKey, Wrapper> = FxHashMap::default();
    for (&file, summary) in r.summaries {
        for (i, site) in summary.sites.iter().enumerate() {
            if let Some((func, index)) = site.channel.first_param() {
                let w = wrappers
                    .entry((file, func))
                    .or_insert_with(|| Wrapper { targets: Vec::new(), channel_param: index });
                w.targets.push(Target::Site { file, site: i });
            }
        }
    }
    // Only calls that pass a parameter on can make their function a wrapper; resolve those once.
    let mut passing: Vec<(FileId, usize, FnKey)> = Vec::new();
    for (&file, summary) in r.summaries {
        for (i, call) in summary.calls.iter().enumerate() {
            if call.args.iter().any(|a| a.first_param().is_some()) {
                for callee in callee_candidates(r, file, summary, &call.callee, call.func) {
                    passing.push((file, i, callee));
                }
            }
        }
    }
    passing.sort();
    // `listen(emitter, signal, fn)` helpers called with an Electron object and a parameter.
    for (&file, summary) in r.summaries {
        for (i, call) in summary.calls.iter().enumerate().filter(|(_, c)| !c.arg_apis.is_empty()) {
            for callee in callee_candidates(r, file, summary, &call.callee, call.func) {
                let Some(cs) = r.summary(callee.0) else { continue };
                for (pi, pc) in cs.param_calls.iter().enumerate().filter(|(_, p)| p.func == callee.1) {
                    let Some(&(_, api)) = call.arg_apis.iter().find(|(a, _)| *a == pc.receiver) else { continue };
                    let Some((cf, cp)) = pc.channel.first_param() else { continue };
                    if cf != callee.1 {
                        continue;
                    }
                    let Some((func, index)) = call.args.get(cp as usize).and_then(Expr::first_param) else { continue };
                    let target = Target::Helper { file, call: i, callee, param_call: pi, api };
                    let w = wrappers
                        .entry((file, func))
                        .or_insert_with(|| Wrapper { targets: Vec::new(), channel_param: index });
                    if !w.targets.contains(&target) {
                        w.targets.push(target);
                    }
                }
            }
        }
    }
    for _ in 0..6 {
        let mut added = false;
        for &(file, i, callee) in &passing {
            {
                let Some(summary) = r.summary(file) else { continue };
                let call = &summary.calls[i];
                let Some(w) = wrappers.get(&callee) else { continue };
                let Some(arg) = call.args.get(w.channel_param as usize) else { continue };
                let Some((func, index)) = arg.first_param() else { continue };
                let target = Target::Call { file, call: i, callee };
                let entry = wrappers
                    .entry((file, func))
                    .or_insert_with(|| Wrapper { targets: Vec::new(), channel_param: index });
                if !entry.targets.contains(&target) {
                    entry.targets.push(target);
                    added = true;
                }
            }
        }
        if !added {
            break;
        }
    }
    wrappers
}

/// Names to search unparsed files for: the wrappers' names (and their classes' and objects').
fn wrapper_names(r: &Resolver, wrappers: &FxHashMap<FnKey, Wrapper>) -> Vec<String> {
    let mut names: FxHashSet<String> = FxHashSet::default();
    for &(file, func) in wrappers.keys() {
        let Some(f) = r.summary(file).and_then(|s| s.functions.get(func as usize)) else { continue };
        match &f.name {
            FnName::Plain(n) => {
                names.insert(n.clone());
            }
            FnName::Method { class, .. } => {
                names.insert(class.clone());
                let s = r.summary(file);
                for (inst, c) in s.map(|s| s.instances.as_slice()).unwrap_or(&[]) {
                    if c == class {
                        names.insert(inst.clone());
                    }
                }
            }
            FnName::Member { object, .. } if !object.is_empty() => {
                names.insert(object.clone());
            }
            _ => {}
        }
    }
    for w in &r.config.wrappers {
        names.insert(w.name.split('.').next().unwrap_or(&w.name).to_string());
    }
    let mut names: Vec<String> = names.into_iter().filter(|n| n.len() >= 3).collect();
    names.sort();
    names
}

/// The function a call's callee names, following imports.
/// The functions a call may reach: the one its names resolve to, or else, for
/// `this.win.sendToRenderer(ch)` and `MainWindow.sendToRenderer(ch)`, the few class methods of the
/// workspace with that distinctive name (the caller keeps the one that is a wrapper).
pub fn callee_candidates(
    r: &Resolver,
    file: FileId,
    summary: &FileSummary,
    callee: &Callee,
    func: Option<u32>,
) -> Vec<FnKey> {
    if let Some(key) = resolve_callee(r, file, summary, callee, func) {
        return vec![key];
    }
    let Callee::Member { method, .. } = callee else { return Vec::new() };
    if method.len() < 8 || COMMON_METHODS.contains(&method.as_str()) {
        return Vec::new();
    }
    let found = r.methods_named(method);
    if found.len() > 4 {
        return Vec::new();
    }
    found
}

pub fn resolve_callee(
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
                return Some((file, i));
            }
            let import = summary.imports.iter().find(|i| &i.local == name)?;
            let target = r.import_target(file, &import.source)?;
            let exported = match &import.imported {
                Imported::Named(n) => n.as_str(),
                Imported::Default => "default",
                Imported::Namespace => return None,
            };
            let (f, local) = r.export_site(target, exported, 0)?;
            let s = r.summary(f)?;
            find(s, &FnName::Plain(local)).map(|i| (f, i))
        }
        Callee::Member { object, method } => {
            let (first, rest) = object.split_first()?;
            if first == "this" && rest.is_empty() {
                let mut cur = func;
                while let Some(c) = cur {
                    let f = summary.functions.get(c as usize)?;
                    if let FnName::Method { class, .. } = &f.name {
                        let want = FnName::Method { class: class.clone(), name: method.to_string() };
                        return find(summary, &want).map(|i| (file, i));
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

/// Method names too common to resolve by name alone.
const COMMON_METHODS: &[&str] = &["addListener", "removeListener", "dispatch", "postMessage", "subscribe", "register"];

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
    {
        {
            let in_file = |s: &FileSummary, f: FileId, local: &str| -> Option<FnKey> {
                if let Some(i) = find(s, &FnName::Member { object: local.to_string(), path: path.to_vec() }) {
                    return Some((f, i));
                }
                if rest.is_empty() {
                    let (_, class) = s.instances.iter().find(|(n, _)| n == local)?;
                    let want = FnName::Method { class: class.clone(), name: method.to_string() };
                    return find(s, &want).map(|i| (f, i));
                }
                None
            };
            if let Some(found) = in_file(summary, file, first) {
                return Some(found);
            }
            let import = summary.imports.iter().find(|i| i.local == first)?;
            let target = r.import_target(file, &import.source)?;
            match &import.imported {
                Imported::Namespace if rest.is_empty() => {
                    let (f, local) = r.export_site(target, method, 0)?;
                    find(r.summary(f)?, &FnName::Plain(local)).map(|i| (f, i))
                }
                Imported::Named(n) => {
                    let (f, local) = r.export_site(target, n, 0)?;
                    in_file(r.summary(f)?, f, &local)
                }
                Imported::Default => {
                    let (f, local) = r.export_site(target, "default", 0)?;
                    in_file(r.summary(f)?, f, &local)
                }
                _ => None,
            }
        }
    }
}

/// The immutable model that features read.
#[derive(Clone, Debug)]
pub struct Index {
    pub root: PathBuf,
    pub vfs: Vfs,
    pub config: Arc<Config>,
    pub config_errors: Vec<ConfigError>,
    pub summaries: FxHashMap<FileId, Arc<FileSummary>>,
    pub processes: FxHashMap<FileId, Process>,
    pub sites: Vec<Site>,
    /// Channel → its sites, sorted by channel name.
    pub channels: BTreeMap<String, Vec<SiteId>>,
    pub unresolved: Vec<SiteId>,
    pub bridges: Vec<Bridge>,
    pub unknown_members: Vec<UnknownMember>,
    pub contract: Arc<Contract>,
    pub rpcs: Vec<RpcRef>,
    pub stats: Stats,
    /// What the index had to leave out or could not read (files over a limit, unreadable files,
    /// `tsconfig.json` problems), one sentence each, for the CLI's notes and the server's log.
    pub notes: Vec<String>,
    /// Line indexes, built on first use.
    line_indexes: Arc<std::sync::Mutex<FxHashMap<FileId, Arc<LineIndex>>>>,
}

/// Counts for the summary line and for logs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub files: usize,
    pub scripts: usize,
    pub parsed: usize,
    pub protos: usize,
    pub too_large: usize,
    pub skipped_dirs: usize,
}

impl Index {
    pub fn site(&self, id: SiteId) -> &Site {
        &self.sites[id.0 as usize]
    }

    pub fn rel_path(&self, file: FileId) -> String {
        rel_path(&self.root, self.vfs.path(file))
    }

    /// The file of a workspace-relative path.
    pub fn file_for_rel(&self, rel: &str) -> Option<FileId> {
        self.vfs.file_id(&self.root.join(rel))
    }

    pub fn process(&self, file: FileId) -> Process {
        self.processes.get(&file).copied().unwrap_or(Process::Unknown)
    }

    /// Sites of `channel`.
    pub fn channel_sites(&self, channel: &str) -> impl Iterator<Item = &Site> {
        self.channels.get(channel).into_iter().flatten().map(|id| self.site(*id))
    }

    /// The rpc of `channel`, if the contract declares it.
    pub fn rpc_for(&self, channel: &str) -> Option<&RpcRef> {
        self.rpcs.iter().find(|r| r.channel == channel)
    }

    pub fn text(&self, file: FileId) -> &str {
        self.vfs.text(file).map_or("", |t| t)
    }

    /// The line index of a file's current text.
    pub fn line_index(&self, file: FileId) -> Arc<LineIndex> {
        let mut cache = self.line_indexes.lock().unwrap_or_else(|e| e.into_inner());
        cache.entry(file).or_insert_with(|| Arc::new(LineIndex::new(self.text(file)))).clone()
    }
}

fn build_index(ws: &Workspace, modules: &ModuleResolver, contract: Contract, scripts: usize) -> Index {
    let r = ws.resolver(modules);
    let processes = classify_processes(ws, &r);
    let wrappers = find_wrappers(&r);
    let mut b = Builder { r: &r, processes: &processes, wrappers: &wrappers, sites: Vec::new() };

    let mut files: Vec<FileId> = ws.summaries.keys().copied().collect();
    files.sort();
    for &file in &files {
        b.file_sites(file);
    }
    let (bridges, bridge_sites, unknown_members) = b.bridges(&files);
    b.sites.extend(bridge_sites);

    // Contract rpcs and their channels.
    let template = ws.config.template();
    let mut rpcs = Vec::new();
    for (si, service) in contract.services.iter().enumerate() {
        let Some(file) = ws.vfs.file_id(&ws.root.join(&service.file)) else { continue };
        for (mi, rpc) in service.methods.iter().enumerate() {
            rpcs.push(RpcRef { service: si, method: mi, channel: proto::channel_for(template, service, rpc), file });
        }
    }

    let mut sites = b.sites;
    sites.sort_by(|a, b| (a.file, a.range, a.kind, &a.channel).cmp(&(b.file, b.range, b.kind, &b.channel)));
    sites.dedup_by(|a, b| a.file == b.file && a.range == b.range && a.kind == b.kind && a.channel == b.channel);
    let mut channels: BTreeMap<String, Vec<SiteId>> = BTreeMap::new();
    let mut unresolved = Vec::new();
    for (i, site) in sites.iter().enumerate() {
        let id = SiteId(i as u32);
        match &site.channel {
            Some(c) => channels.entry(c.clone()).or_default().push(id),
            None => unresolved.push(id),
        }
    }
    let stats = Stats {
        files: ws.vfs.iter().count(),
        scripts,
        parsed: ws.summaries.len(),
        protos: ws.vfs.iter().filter(|(_, p, _)| p.extension().is_some_and(|e| e == "proto")).count(),
        too_large: ws.walk.too_large.len(),
        skipped_dirs: ws.walk.skipped_dirs,
    };
    Index {
        root: ws.root.clone(),
        vfs: ws.vfs.clone(),
        config: ws.config.clone(),
        config_errors: ws.config_errors.clone(),
        summaries: ws.summaries.clone(),
        processes,
        sites,
        channels,
        unresolved,
        bridges,
        unknown_members,
        contract: Arc::new(contract),
        rpcs,
        stats,
        notes: notes(ws, modules),
        line_indexes: Default::default(),
    }
}

/// The notes of an index: what the walk left out or could not read, and `tsconfig` problems.
fn notes(ws: &Workspace, modules: &ModuleResolver) -> Vec<String> {
    let mut notes = Vec::new();
    let large = &ws.walk.too_large;
    if !large.is_empty() {
        let names: Vec<String> = large.iter().take(3).map(|p| rel_path(&ws.root, p)).collect();
        notes.push(format!(
            "skipped {} file{} larger than {} bytes ([limits] max_file_size): {}{}",
            large.len(),
            if large.len() == 1 { "" } else { "s" },
            ws.config.limits.max_file_size,
            names.join(", "),
            if large.len() > 3 { ", …" } else { "" }
        ));
    }
    if ws.walk.over_limit > 0 {
        notes.push(format!(
            "skipped {} files over the limit of {} files ([limits] max_files)",
            ws.walk.over_limit, ws.config.limits.max_files
        ));
    }
    let mut deep: Vec<String> =
        ws.summaries.iter().filter(|(_, s)| s.too_deep).map(|(id, _)| rel_path(&ws.root, ws.vfs.path(*id))).collect();
    if !deep.is_empty() {
        deep.sort();
        notes.push(format!(
            "code nested more than {} levels deep is not followed ([limits] max_nesting) in {}{}",
            ws.config.limits.max_nesting,
            deep.iter().take(3).cloned().collect::<Vec<_>>().join(", "),
            if deep.len() > 3 { ", …" } else { "" }
        ));
    }
    if ws.walk.symlinks > 0 {
        notes.push(format!(
            "did not follow {} symbolic link{} (links are never followed, in or out of the workspace)",
            ws.walk.symlinks,
            if ws.walk.symlinks == 1 { "" } else { "s" }
        ));
    }
    let mut lossy: Vec<String> =
        ws.vfs.iter().filter(|(_, _, t)| t.lossy).map(|(_, p, _)| rel_path(&ws.root, p)).collect();
    if !lossy.is_empty() {
        lossy.sort();
        notes.push(format!(
            "not valid UTF-8, decoded with replacement characters (no edits are proposed for them): {}{}",
            lossy.iter().take(3).cloned().collect::<Vec<_>>().join(", "),
            if lossy.len() > 3 { ", …" } else { "" }
        ));
    }
    notes.extend(ws.walk.errors.iter().take(5).cloned());
    notes.extend(modules.problems.iter().take(5).cloned());
    notes
}

struct Builder<'a> {
    r: &'a Resolver<'a>,
    processes: &'a FxHashMap<FileId, Process>,
    wrappers: &'a FxHashMap<FnKey, Wrapper>,
    sites: Vec<Site>,
}

/// One channel reached through a wrapper or generic bridge.
struct Expanded {
    kind: Kind,
    api: Api,
    method: String,
    values: Values,
    via: (FileId, TextRange),
    once: bool,
}

impl Builder<'_> {
    fn process(&self, file: FileId) -> Process {
        self.processes.get(&file).copied().unwrap_or(Process::Unknown)
    }

    /// Direct Electron sites and wrapper calls of one file.
    fn file_sites(&mut self, file: FileId) {
        let Some(summary) = self.r.summary(file) else { return };
        let text = self.r.vfs.text(file).cloned().unwrap_or_else(|| Arc::from(""));
        let process = self.process(file);
        for raw in &summary.sites {
            let values = self.r.values(file, &raw.channel, &Env::default());
            if let Some((func, _)) = raw.channel.first_param() {
                let anonymous = summary.functions.get(func as usize).is_none_or(|f| f.name == FnName::Anonymous);
                if !anonymous && !matches!(values, Values::Known(_)) {
                    continue; // inside a wrapper: its callers are the sites
                }
                // A parameter of a callback nobody calls by name: kept as unresolved.
            }
            let expression = text.get(raw.range.start as usize..raw.range.end as usize).unwrap_or("").to_string();
            let written = written_of(&raw.channel, &expression);
            if let (Expr::Each(_), Values::Known(vs)) = (&raw.channel, &values) {
                // A table: each entry is a site where it is written, when that is in this file.
                if let Some(ranges) = table_ranges(summary, &raw.channel, &text, vs) {
                    for (v, range) in vs.iter().zip(ranges) {
                        let single = Values::Known(vec![v.clone()]);
                        self.push(
                            file,
                            range,
                            process,
                            raw.kind,
                            raw.api,
                            &raw.method,
                            single,
                            Written::Literal,
                            expression.clone(),
                            |s| {
                                s.arg_count = raw.arg_count;
                                s.listener_params = raw.listener_params;
                                s.once = raw.once;
                                s.callee_range = Some(raw.callee_range);
                            },
                        );
                    }
                    continue;
                }
            }
            self.push(file, raw.range, process, raw.kind, raw.api, &raw.method, values, written, expression, |s| {
                s.arg_count = raw.arg_count;
                s.listener_params = raw.listener_params;
                s.once = raw.once;
                s.branches = raw.branches.clone();
                s.callee_range = Some(raw.callee_range);
            });
        }
        for call in &summary.calls {
            if !call.arg_apis.is_empty() {
                self.param_receiver_sites(file, summary, call, process, &text);
            }
            let callee_key = callee_candidates(self.r, file, summary, &call.callee, call.func)
                .into_iter()
                .find(|k| self.wrappers.contains_key(k));
            let declared = self.declared_wrapper(&call.callee);
            let channel_arg = match (callee_key.and_then(|k| self.wrappers.get(&k)), declared) {
                (Some(w), _) => w.channel_param,
                (None, Some((_, arg))) => arg,
                _ => continue,
            };
            if call.args.get(channel_arg as usize).is_some_and(|a| a.first_param().is_some()) {
                continue; // a wrapper calling a wrapper: found through its own callers
            }
            let (expanded, channel_param) =
                match (callee_key.and_then(|k| self.wrappers.get(&k).map(|w| (k, w))), declared) {
                    (Some((key, w)), _) => {
                        let env = env_for(self.r, file, key.1, &call.args, &Env::default());
                        let mut out = Vec::new();
                        self.expand(key, &env, 0, &mut out);
                        (out, w.channel_param)
                    }
                    (None, Some((kind, channel_arg))) => {
                        let Some(arg) = call.args.get(channel_arg as usize) else { continue };
                        let values = self.r.values(file, arg, &Env::default());
                        let e = Expanded {
                            kind,
                            api: Api::Library,
                            method: callee_text(&call.callee),
                            values,
                            via: (file, call.range),
                            once: false,
                        };
                        (vec![e], channel_arg)
                    }
                    _ => continue,
                };
            let Some(&range) = call.arg_ranges.get(channel_param as usize) else { continue };
            let expression = text.get(range.start as usize..range.end as usize).unwrap_or("").to_string();
            for e in expanded {
                self.push(
                    file,
                    range,
                    process,
                    e.kind,
                    e.api,
                    &e.method,
                    e.values,
                    Written::Wrapper,
                    expression.clone(),
                    |s| {
                        s.via = Some(e.via);
                        s.once = e.once;
                        s.arg_count =
                            (!call.spread).then(|| (call.args.len() as u32).saturating_sub(channel_param + 1));
                    },
                );
            }
        }
    }

    /// `listen(ipcMain, 'x', fn)` where `listen(emitter, signal, fn)` calls `emitter.on(signal, fn)`.
    fn param_receiver_sites(
        &mut self,
        file: FileId,
        summary: &FileSummary,
        call: &ts::Call,
        process: Process,
        text: &str,
    ) {
        for (cfile, func) in callee_candidates(self.r, file, summary, &call.callee, call.func) {
            let Some(callee) = self.r.summary(cfile) else { continue };
            for pc in callee.param_calls.iter().filter(|p| p.func == func) {
                let Some(&(_, api)) = call.arg_apis.iter().find(|(i, _)| *i == pc.receiver) else { continue };
                let Some((kind, _, once)) = ts::api_method(api, &pc.method, pc.arg_count) else { continue };
                // The channel must come from the same function's parameters (not a closure's).
                let Some((channel_func, channel_param)) = pc.channel.first_param() else { continue };
                if channel_func != func {
                    continue;
                }
                let Some(&range) = call.arg_ranges.get(channel_param as usize) else { continue };
                if call.args.get(channel_param as usize).is_some_and(|a| a.first_param().is_some()) {
                    continue; // passed on from the caller's own parameter: not a channel here
                }
                let env = env_for(self.r, file, func, &call.args, &Env::default());
                let values = self.r.values(cfile, &pc.channel, &env);
                let expression = text.get(range.start as usize..range.end as usize).unwrap_or("").to_string();
                self.push(file, range, process, kind, api, &pc.method, values, Written::Wrapper, expression, |s| {
                    s.once = once;
                    s.via = Some((cfile, TextRange::default()));
                });
            }
        }
    }

    fn declared_wrapper(&self, callee: &Callee) -> Option<(Kind, u32)> {
        let text = callee_text(callee);
        let w = self.r.config.wrappers.iter().find(|w| w.name == text)?;
        Some((Kind::parse(&w.kind)?, w.channel_arg))
    }

    /// The channels a call of wrapper `key` with parameters `env` reaches.
    fn expand(&self, key: FnKey, env: &Env, depth: u32, out: &mut Vec<Expanded>) {
        if depth > 8 {
            return;
        }
        let Some(w) = self.wrappers.get(&key) else { return };
        for target in &w.targets {
            match target {
                Target::Site { file, site } => {
                    let Some(raw) = self.r.summary(*file).and_then(|s| s.sites.get(*site)) else { continue };
                    out.push(Expanded {
                        kind: raw.kind,
                        api: raw.api,
                        method: raw.method.clone(),
                        values: self.r.values(*file, &raw.channel, env),
                        via: (*file, raw.range),
                        once: raw.once,
                    });
                }
                Target::Call { file, call, callee } => {
                    let Some(c) = self.r.summary(*file).and_then(|s| s.calls.get(*call)) else { continue };
                    let inner = env_for(self.r, *file, callee.1, &c.args, env);
                    self.expand(*callee, &inner, depth + 1, out);
                }
                Target::Declared { .. } => {}
                Target::Helper { file, call, callee, param_call, api } => {
                    let Some(c) = self.r.summary(*file).and_then(|s| s.calls.get(*call)) else { continue };
                    let Some(pc) = self.r.summary(callee.0).and_then(|s| s.param_calls.get(*param_call)) else {
                        continue;
                    };
                    let Some((kind, _, once)) = ts::api_method(*api, &pc.method, pc.arg_count) else { continue };
                    let inner = env_for(self.r, *file, callee.1, &c.args, env);
                    out.push(Expanded {
                        kind,
                        api: *api,
                        method: pc.method.clone(),
                        values: self.r.values(callee.0, &pc.channel, &inner),
                        via: (*file, c.range),
                        once,
                    });
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        file: FileId,
        range: TextRange,
        process: Process,
        kind: Kind,
        api: Api,
        method: &str,
        values: Values,
        written: Written,
        expression: String,
        with: impl Fn(&mut Site),
    ) {
        let base = Site {
            channel: None,
            unresolved: None,
            kind,
            api,
            method: method.to_string(),
            process,
            file,
            range,
            written,
            arg_count: None,
            listener_params: None,
            once: false,
            bridge: None,
            via: None,
            branches: Vec::new(),
            callee_range: None,
            derived: false,
        };
        match values {
            Values::Known(vs) => {
                let written = if vs.len() > 1 && written != Written::Wrapper && written != Written::Bridge {
                    Written::Table
                } else {
                    written
                };
                for v in vs {
                    let mut s = base.clone();
                    s.channel = Some(v);
                    s.written = written;
                    with(&mut s);
                    self.sites.push(s);
                }
            }
            Values::Partial { prefix, suffix } => {
                let mut s = base;
                s.unresolved = Some(Unresolved { expression, prefix, suffix });
                with(&mut s);
                self.sites.push(s);
            }
        }
    }

    /// Bridges exposed by preload files, and the renderer's uses of them.
    /// A bridge's members with the file each is written in; members that are imported objects
    /// (`{ ipc }`) are replaced by that object's members, one level deep.
    fn expand_members(
        &self,
        file: FileId,
        summary: &FileSummary,
        members: &[ts::BridgeMember],
    ) -> Vec<(FileId, Vec<String>, ts::BridgeMember)> {
        let mut out = Vec::new();
        for m in members {
            out.push((file, m.path.clone(), m.clone()));
            let Some(local) = &m.import else { continue };
            let Some(import) = summary.imports.iter().find(|i| &i.local == local) else { continue };
            let Some(target) = self.r.import_target(file, &import.source) else { continue };
            let exported = match &import.imported {
                Imported::Named(n) => n.as_str(),
                Imported::Default => "default",
                Imported::Namespace => continue,
            };
            let Some((f, name)) = self.r.export_site(target, exported, 0) else { continue };
            let Some(def) = self.r.summary(f).and_then(|s| s.object_defs.iter().find(|o| o.name == name)) else {
                continue;
            };
            for om in &def.members {
                let mut path = m.path.clone();
                path.extend(om.path.iter().cloned());
                out.push((f, path, om.clone()));
            }
        }
        out
    }

    fn bridges(&self, files: &[FileId]) -> (Vec<Bridge>, Vec<Site>, Vec<UnknownMember>) {
        let mut bridges = Vec::new();
        // Member function → wrapper key, for generic members.
        let mut member_funcs: Vec<(usize, Vec<String>, Option<FnKey>)> = Vec::new();
        for &file in files {
            let Some(summary) = self.r.summary(file) else { continue };
            for def in &summary.bridges {
                let key = match self.r.values(file, &def.key, &Env::default()) {
                    Values::Known(vs) if vs.len() == 1 => vs[0].clone(),
                    _ => continue,
                };
                let mut members = Vec::new();
                for (mfile, path, m) in self.expand_members(file, summary, &def.members) {
                    let generic = m.func.is_some_and(|f| self.wrappers.contains_key(&(mfile, f)));
                    let channels: Vec<(String, Kind, String)> = self
                        .sites
                        .iter()
                        .filter(|s| s.file == mfile && m.value_range.contains_range(s.range))
                        .filter_map(|s| Some((s.channel.clone()?, s.kind, s.method.clone())))
                        .collect();
                    member_funcs.push((bridges.len(), path.clone(), m.func.map(|f| (mfile, f))));
                    members.push(BridgeMemberInfo { path, file: mfile, name_range: m.name_range, channels, generic });
                }
                if def.toolkit {
                    for (method, _) in TOOLKIT_METHODS {
                        members.push(BridgeMemberInfo {
                            path: vec!["ipcRenderer".into(), method.to_string()],
                            file,
                            name_range: def.key_range,
                            channels: Vec::new(),
                            generic: true,
                        });
                    }
                }
                let opaque = def.members.is_empty() && !def.toolkit;
                bridges.push(Bridge { key, file, key_range: def.key_range, members, opaque });
            }
        }
        let mut sites = Vec::new();
        let mut unknown = Vec::new();
        for &file in files {
            let Some(summary) = self.r.summary(file) else { continue };
            let process = self.process(file);
            for u in &summary.bridge_uses {
                let Some((key, rest)) = u.path.split_first() else { continue };
                // Several preloads (one per window) may expose the same key.
                let candidates: Vec<(usize, &Bridge)> =
                    bridges.iter().enumerate().filter(|(_, b)| &b.key == key && b.file != file).collect();
                let Some(&(_, first)) = candidates.first() else { continue };
                let found = candidates
                    .iter()
                    .find_map(|&(bi, b)| b.members.iter().find(|m| m.path.as_slice() == rest).map(|m| (bi, b, m)));
                if u.via_alias && found.is_none_or(|(_, _, m)| !m.generic) {
                    continue; // the destructuring that bound the name is the use
                }
                let Some((bi, bridge, member)) = found else {
                    // A prefix of a member path (`window.api.dialog`) is an object, not a call.
                    let prefix_of_member =
                        candidates.iter().any(|(_, b)| b.members.iter().any(|m| m.path.starts_with(rest)));
                    let opaque = candidates.iter().any(|(_, b)| b.opaque);
                    let telling = u.root == BridgeRoot::Global || rest.len() == 1;
                    if !opaque && !prefix_of_member && telling {
                        let range = u.ranges.last().copied().unwrap_or_default();
                        unknown.push(UnknownMember {
                            file,
                            range,
                            key: key.clone(),
                            path: rest.to_vec(),
                            bridge_file: first.file,
                            bridge_range: first.key_range,
                        });
                    }
                    continue;
                };
                let name_range = u.ranges.last().copied().unwrap_or_default();
                let member_name = rest.last().cloned().unwrap_or_default();
                let bridge_ref = Some((key.clone(), rest.to_vec()));
                if member.generic {
                    let func =
                        member_funcs.iter().find(|(b, p, _)| *b == bi && p.as_slice() == rest).and_then(|(_, _, f)| *f);
                    let Some(args) = &u.args else { continue }; // a reference: no channel here
                    let (expanded, channel_param) = match func.and_then(|k| self.wrappers.get(&k).map(|w| (k, w))) {
                        Some((key_fn, w)) => {
                            let env = env_for(self.r, file, key_fn.1, args, &Env::default());
                            let mut out = Vec::new();
                            self.expand(key_fn, &env, 0, &mut out);
                            (out, w.channel_param)
                        }
                        None => {
                            // The toolkit's `electronAPI.ipcRenderer.*`: the channel is the first argument.
                            let Some(kind) = TOOLKIT_METHODS.iter().find(|(m, _)| *m == member_name).map(|(_, k)| *k)
                            else {
                                continue;
                            };
                            let Some(arg) = args.first() else { continue };
                            let values = self.r.values(file, arg, &Env::default());
                            let e = Expanded {
                                kind,
                                api: Api::IpcRenderer,
                                method: member_name.clone(),
                                values,
                                via: (bridge.file, bridge.key_range),
                                once: false,
                            };
                            (vec![e], 0)
                        }
                    };
                    let Some(&range) = u.arg_ranges.get(channel_param as usize) else { continue };
                    let text = self.r.vfs.text(file).map_or("", |t| t);
                    let expression = text.get(range.start as usize..range.end as usize).unwrap_or("").to_string();
                    for e in expanded {
                        let mut tmp = Builder {
                            r: self.r,
                            processes: self.processes,
                            wrappers: self.wrappers,
                            sites: Vec::new(),
                        };
                        tmp.push(
                            file,
                            range,
                            process,
                            e.kind,
                            e.api,
                            &e.method,
                            e.values,
                            Written::Bridge,
                            expression.clone(),
                            |s| {
                                s.via = Some(e.via);
                                s.bridge = bridge_ref.clone();
                                s.arg_count =
                                    (!u.spread).then(|| (args.len() as u32).saturating_sub(channel_param + 1));
                            },
                        );
                        sites.extend(tmp.sites);
                    }
                } else {
                    for (channel, kind, method) in &member.channels {
                        sites.push(Site {
                            channel: Some(channel.clone()),
                            unresolved: None,
                            kind: *kind,
                            api: Api::IpcRenderer,
                            method: method.clone(),
                            process,
                            file,
                            range: name_range,
                            written: Written::Bridge,
                            arg_count: None,
                            listener_params: None,
                            once: false,
                            bridge: bridge_ref.clone(),
                            via: Some((member.file, member.name_range)),
                            branches: Vec::new(),
                            callee_range: None,
                            derived: true,
                        });
                    }
                }
            }
        }
        (bridges, sites, unknown)
    }
}

/// `@electron-toolkit/preload`'s `electronAPI.ipcRenderer` methods and their kinds.
const TOOLKIT_METHODS: &[(&str, Kind)] = &[
    ("invoke", Kind::Invoke),
    ("send", Kind::Send),
    ("sendSync", Kind::SendSync),
    ("sendTo", Kind::Push),
    ("sendToHost", Kind::Host),
    ("postMessage", Kind::Send),
    ("on", Kind::Listen),
    ("once", Kind::Listen),
    ("removeListener", Kind::Remove),
    ("removeAllListeners", Kind::Remove),
];

/// Parameters of function `func` bound to a call's arguments (resolved in the caller's file).
fn env_for(r: &Resolver, file: FileId, func: u32, args: &[Expr], outer: &Env) -> Env {
    let mut env = Env::default();
    for (i, arg) in args.iter().enumerate() {
        env.insert((func, i as u32), r.values(file, arg, outer));
    }
    env
}

fn callee_text(callee: &Callee) -> String {
    match callee {
        Callee::Ident(n) => n.clone(),
        Callee::Member { object, method } => format!("{}.{method}", object.join(".")),
    }
}

/// Where each entry of a same-file table is written, in the order of `values`.
fn table_ranges(summary: &FileSummary, channel: &Expr, text: &str, values: &[String]) -> Option<Vec<TextRange>> {
    let Expr::Each(inner) = channel else { return None };
    let Expr::Ident(name) = &**inner else { return None };
    let def = summary.const_def(name)?;
    let ranges: Vec<TextRange> =
        def.member_ranges.iter().map(|(_, r)| *r).chain(def.item_ranges.iter().copied()).collect();
    values
        .iter()
        .map(|v| {
            ranges.iter().copied().find(|r| {
                let lit = text.get(r.start as usize..r.end as usize).unwrap_or("");
                lit.len() >= 2 && &lit[1..lit.len() - 1] == v
            })
        })
        .collect()
}

fn written_of(expr: &Expr, source: &str) -> Written {
    match expr {
        Expr::Concat(_) if source.starts_with('`') => Written::Template,
        Expr::Str(_) => Written::Literal,
        Expr::Ident(_) => Written::Constant,
        Expr::Member(..) => Written::Member,
        Expr::Concat(parts) if parts.iter().all(|p| matches!(p, Expr::Str(_))) => Written::Template,
        Expr::Concat(_) => Written::Concat,
        Expr::Each(_) | Expr::Keys(_) => Written::Table,
        _ => Written::Literal,
    }
}

/// Each file's process: config globs, then preload evidence, then folders and names, then the APIs
/// it uses.
fn classify_processes(ws: &Workspace, r: &Resolver) -> FxHashMap<FileId, Process> {
    let globs = [
        (Process::Main, glob_set(&ws.config.process.main)),
        (Process::Preload, glob_set(&ws.config.process.preload)),
        (Process::Renderer, glob_set(&ws.config.process.renderer)),
    ];
    let preload_refs: Vec<&str> =
        r.summaries.values().flat_map(|s| s.preload_refs.iter().map(String::as_str)).collect();
    let mut out = FxHashMap::default();
    for (&file, summary) in r.summaries {
        let rel = rel_path(&ws.root, ws.vfs.path(file));
        let by_config = globs.iter().find(|(_, g)| g.is_match(&rel)).map(|(p, _)| *p);
        let process = by_config
            .or_else(|| {
                (summary.evidence.context_bridge || preload_refs.iter().any(|r| preload_ref_matches(r, &rel)))
                    .then_some(Process::Preload)
            })
            .or_else(|| process_by_path(&rel))
            .or_else(|| {
                if summary.evidence.main_api && !summary.evidence.ipc_renderer {
                    Some(Process::Main)
                } else if summary.evidence.ipc_renderer || summary.evidence.window_use || summary.evidence.dom {
                    Some(Process::Renderer)
                } else if summary.evidence.main_api {
                    Some(Process::Main)
                } else {
                    None
                }
            })
            .unwrap_or(Process::Unknown);
        out.insert(file, process);
    }
    out
}

/// A process from folder and file names (`src/main/`, `preload.ts`, `renderer/`).
fn process_by_path(rel: &str) -> Option<Process> {
    let lower = rel.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    let (file, dirs) = parts.split_last()?;
    let stem = file.split('.').next().unwrap_or(file);
    match stem {
        "preload" => return Some(Process::Preload),
        "renderer" => return Some(Process::Renderer),
        _ => {}
    }
    for dir in dirs.iter().rev() {
        match *dir {
            "preload" | "preloads" => return Some(Process::Preload),
            "renderer" | "ui" | "web" | "frontend" | "electron-browser" => return Some(Process::Renderer),
            "main" | "electron" | "main-process" | "background" | "electron-main" => return Some(Process::Main),
            _ => {}
        }
    }
    match stem {
        "main" | "background" => Some(Process::Main),
        _ => None,
    }
}

/// Whether a `webPreferences.preload` string (`../preload/index.js`) names the file at `rel`.
fn preload_ref_matches(reference: &str, rel: &str) -> bool {
    let strip_ext = |s: &str| -> String {
        let name = s.rsplit('/').next().unwrap_or(s);
        match name.split_once('.') {
            Some((stem, _)) => stem.to_string(),
            None => name.to_string(),
        }
    };
    let ref_parts: Vec<&str> =
        reference.split(['/', '\\']).filter(|p| !p.is_empty() && *p != "." && *p != "..").collect();
    let Some(ref_file) = ref_parts.last() else { return false };
    let rel_parts: Vec<&str> = rel.split('/').collect();
    let Some(file) = rel_parts.last() else { return false };
    if strip_ext(ref_file) != strip_ext(file) {
        return false;
    }
    // `index.js` and other generic names need the folder to match too.
    let generic = matches!(strip_ext(ref_file).as_str(), "index" | "main");
    match (ref_parts.len().checked_sub(2).map(|i| ref_parts[i]), rel_parts.len().checked_sub(2).map(|i| rel_parts[i])) {
        (Some(rd), Some(fd)) if !matches!(rd, "dist" | "out" | "build" | "__dirname") => rd == fd,
        (None, _) => !generic,
        _ => !generic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preload_refs() {
        assert!(preload_ref_matches("preload.js", "src/preload.ts"));
        assert!(preload_ref_matches("../preload/index.js", "src/preload/index.ts"));
        assert!(!preload_ref_matches("../preload/index.js", "src/renderer/index.ts"));
        assert!(!preload_ref_matches("index.js", "src/renderer/index.ts"));
    }

    #[test]
    fn processes_by_path() {
        assert_eq!(process_by_path("src/main/ipc.ts"), Some(Process::Main));
        assert_eq!(process_by_path("src/main/preload.ts"), Some(Process::Preload));
        assert_eq!(process_by_path("src/renderer/src/App.tsx"), Some(Process::Renderer));
        assert_eq!(process_by_path("src/shared/channels.ts"), None);
    }
}
