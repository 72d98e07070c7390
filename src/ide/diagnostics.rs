//! The checks of DESIGN §3: every channel's senders against its receivers, the contract against
//! the code, bridges, processes. Messages reuse Electron's own words.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::base::{Cancel, Cancelled, FileId, TextRange};
use crate::config::glob_set;
use crate::index::{Index, Process, RpcRef, Site, SiteId};
use crate::syntax::ts::{Api, Kind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Hint => "hint",
        }
    }
}

/// The stable diagnostic codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    NoHandler,
    NoListener,
    KindMismatch,
    DuplicateHandler,
    UnusedHandler,
    NotInContract,
    UnimplementedRpc,
    ArityMismatch,
    UnknownBridgeMember,
    WrongProcess,
    UnresolvedChannel,
    Contract,
    Config,
    StaleBindings,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::NoHandler => "no-handler",
            Code::NoListener => "no-listener",
            Code::KindMismatch => "kind-mismatch",
            Code::DuplicateHandler => "duplicate-handler",
            Code::UnusedHandler => "unused-handler",
            Code::NotInContract => "not-in-contract",
            Code::UnimplementedRpc => "unimplemented-rpc",
            Code::ArityMismatch => "arity-mismatch",
            Code::UnknownBridgeMember => "unknown-bridge-member",
            Code::WrongProcess => "wrong-process",
            Code::UnresolvedChannel => "unresolved-channel",
            Code::Contract => "contract",
            Code::Config => "config",
            Code::StaleBindings => "stale-bindings",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub file: FileId,
    pub range: TextRange,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub channel: Option<String>,
    pub message: String,
    pub file: FileId,
    pub range: TextRange,
    pub related: Vec<Related>,
    /// A near-miss channel name, for "did you mean" and its quick fix.
    pub suggestion: Option<String>,
}

/// Every diagnostic of the workspace, sorted by file and position.
pub fn diagnostics(index: &Index) -> Vec<Diagnostic> {
    match diagnostics_cancellable(index, &Cancel::never()) {
        Ok(diagnostics) => diagnostics,
        Err(Cancelled) => unreachable!("a token that is never cancelled was cancelled"),
    }
}

/// [`diagnostics`] that stops with `Cancelled` at the next channel once `cancel` says so: the
/// server does not finish diagnostics of an index that a change made stale.
pub fn diagnostics_cancellable(index: &Index, cancel: &Cancel) -> Result<Vec<Diagnostic>, Cancelled> {
    let mut cache = DiagnosticsCache::default();
    cache.update_cancellable(index, cancel)?;
    Ok(cache.all().cloned().collect())
}

/// Diagnostics kept from one index to the next and derived again only where the index changed
/// (its [`Stamps`](crate::index::Stamps)): per channel (the checks of its sites, did-you-mean, the
/// contract's view of it), per file (wrong process, unresolved channels) and for the workspace
/// (unknown bridge members, rpcs without sites, contract errors, stale bindings).
///
/// A channel's result is also derived again when what it consulted beyond its own sites changed:
/// the receivers of a kind it searched for a near miss, or the unresolved sites that could explain
/// a missing side.
#[derive(Debug, Default)]
pub struct DiagnosticsCache {
    base: Option<u64>,
    ignore: globset::GlobSet,
    /// Channel → its rpcs (positions in `Index::rpcs`), for this `base`.
    rpcs: FxHashMap<String, Vec<usize>>,
    channels: FxHashMap<String, ChannelEntry>,
    files: FxHashMap<FileId, FileEntry>,
    workspace: WorkspaceEntry,
    /// What the unresolved sites could explain: `(kind, prefix, suffix)`, sorted.
    unresolved: Vec<(Kind, String, String)>,
    /// Which entries have diagnostics in each file.
    sources: Sources,
    /// Each file's diagnostics, sorted by position and deduplicated.
    by_file: BTreeMap<FileId, Vec<Diagnostic>>,
    /// The diagnostics of each rpc no site uses (see [`Source::Rpc`]).
    rpc_entries: FxHashMap<usize, Vec<Diagnostic>>,
    /// The text of each file that diagnostics have positions in, when they were derived: when it
    /// changes, they are derived again (an edit that only moves a channel's sites leaves its stamp).
    texts: FxHashMap<FileId, Arc<str>>,
    /// The analysis of the index last brought up to (not cancelled).
    seen: Option<u64>,
    /// What a cancelled update left to do: channels to derive again, files to collect again.
    pending_channels: Vec<String>,
    pending_files: FxHashSet<FileId>,
}

/// Where a file's diagnostics (or their related information) come from; the order makes a file's list independent of history.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Source {
    Channel(String),
    File,
    Workspace,
    /// A contract rpc (by position in `Index::rpcs`) that no site uses.
    Rpc(usize),
}

#[derive(Debug)]
struct ChannelEntry {
    stamp: u64,
    diagnostics: Vec<Diagnostic>,
    /// The first site of each kind: what near-miss searches of other channels find here.
    receivers: Vec<(Kind, FileId, TextRange)>,
    /// Kinds whose receivers a near-miss search looked through.
    near: Vec<Kind>,
    /// Whether unresolved sites were asked to explain a missing side.
    explained: bool,
}

#[derive(Debug)]
struct FileEntry {
    stamp: u64,
    diagnostics: Vec<Diagnostic>,
}

/// The workspace-level checks, and what they depend on besides `base` and the set of channels:
/// the unknown bridge members, the stamps of the files generated bindings go to.
#[derive(Debug, Default)]
struct WorkspaceEntry {
    /// Whether the checks ran since `base` moved.
    computed: bool,
    unknown: Arc<Vec<crate::index::UnknownMember>>,
    generated: Vec<Option<u64>>,
    diagnostics: Vec<Diagnostic>,
}

impl DiagnosticsCache {
    /// Brings the diagnostics up to `index`; returns the files whose diagnostics changed, sorted.
    pub fn update(&mut self, index: &Index) -> Vec<FileId> {
        match self.update_cancellable(index, &Cancel::never()) {
            Ok(changed) => changed,
            Err(Cancelled) => unreachable!("a token that is never cancelled was cancelled"),
        }
    }

    /// [`DiagnosticsCache::update`] that stops at the next channel once `cancel` says so, keeping
    /// what is left to do for the next update (so the cache stays as consistent as if the update
    /// had not started).
    pub fn update_cancellable(&mut self, index: &Index, cancel: &Cancel) -> Result<Vec<FileId>, Cancelled> {
        cancel.check()?;
        let stamps = &index.stamps;
        let mut touched: FxHashSet<FileId> = std::mem::take(&mut self.pending_files);
        if self.base != Some(stamps.base) {
            touched.extend(self.by_file.keys().copied());
            *self = DiagnosticsCache {
                base: Some(stamps.base),
                ignore: glob_set(&index.config.channels.ignore),
                rpcs: rpcs_by_channel(index),
                by_file: std::mem::take(&mut self.by_file),
                ..DiagnosticsCache::default()
            };
        }
        // Updated from the analysis just before: only what it changed is looked at.
        let delta = stamps.since.is_some() && self.seen == stamps.since;
        self.seen = None;
        let unresolved: Vec<&Site> = index.unresolved.iter().map(|id| index.site(*id)).collect();
        let mut patterns: Vec<(Kind, String, String)> = unresolved
            .iter()
            .filter_map(|s| {
                Some((s.kind, s.channel.unresolved()?.prefix.clone(), s.channel.unresolved()?.suffix.clone()))
            })
            .collect();
        patterns.sort();
        let unresolved_changed = patterns != self.unresolved;
        self.unresolved = patterns;
        let cx = Context { ignore: &self.ignore, unresolved, rpcs: &self.rpcs };

        // Channels whose sites changed, and the kinds whose receivers changed with them (and what
        // a cancelled update left).
        let pending = std::mem::take(&mut self.pending_channels);
        let mut todo: Vec<&str> =
            pending.iter().filter_map(|c| index.channels.get_key_value(c.as_str()).map(|(k, _)| k.as_str())).collect();
        let mut dirty: Vec<Kind> = Vec::new();
        // Channels that came or went: the rpcs of their names may have sites now, or no more.
        let mut came: Vec<&str> = Vec::new();
        let mut gone: Vec<String> = Vec::new();
        let candidates: Vec<&str> = if delta {
            stamps.changed_channels.iter().map(String::as_str).collect()
        } else {
            gone.extend(self.channels.keys().filter(|c| !index.channels.contains_key(c.as_str())).cloned());
            index.channels.keys().map(String::as_str).collect()
        };
        for channel in candidates {
            let Some((name, ids)) = index.channels.get_key_value(channel) else {
                if self.channels.contains_key(channel) {
                    gone.push(channel.to_string());
                }
                continue;
            };
            let stamp = stamps.channels.get(name.as_str()).copied().unwrap_or(stamps.base);
            match self.channels.get(name.as_str()) {
                Some(e) if e.stamp == stamp => {}
                Some(e) => {
                    let receivers = receivers_of(index, ids);
                    if receivers != e.receivers {
                        dirty.extend(e.receivers.iter().chain(&receivers).map(|r| r.0));
                    }
                    todo.push(name.as_str());
                }
                None => {
                    dirty.extend(receivers_of(index, ids).iter().map(|r| r.0));
                    todo.push(name.as_str());
                    came.push(name.as_str());
                }
            }
        }
        gone.sort();
        gone.dedup();
        let mut rpc_todo: Vec<usize> = came
            .iter()
            .copied()
            .chain(gone.iter().map(String::as_str))
            .flat_map(|c| self.rpcs.get(c))
            .flatten()
            .copied()
            .collect();
        for c in gone {
            if let Some(e) = self.channels.remove(&c) {
                dirty.extend(e.receivers.iter().map(|r| r.0));
                forget(&mut self.sources, Source::Channel(c), &e.diagnostics, &mut touched);
            }
        }
        if !dirty.is_empty() || unresolved_changed {
            for (channel, e) in &self.channels {
                let consulted = e.near.iter().any(|k| dirty.contains(k)) || (unresolved_changed && e.explained);
                if consulted && e.stamp == stamps.channels.get(channel.as_str()).copied().unwrap_or(stamps.base) {
                    todo.push(index.channels.get_key_value(channel.as_str()).map_or("", |(k, _)| k.as_str()));
                }
            }
        }
        // Diagnostics with a position in a file whose text changed are derived again, though
        // their channel's sites only moved.
        let mut workspace_moved = false;
        let files: Vec<FileId> =
            if delta { stamps.changed_files.clone() } else { self.texts.keys().copied().collect() };
        for file in files {
            let Some(old) = self.texts.get(&file) else { continue };
            if index.vfs.text(file).is_some_and(|new| Arc::ptr_eq(old, new) || **old == **new) {
                continue;
            }
            self.texts.remove(&file);
            for source in self.sources.get(&file).into_iter().flatten() {
                match source {
                    Source::Channel(c) => {
                        if let Some((name, _)) = index.channels.get_key_value(c.as_str()) {
                            todo.push(name.as_str());
                        }
                    }
                    Source::Workspace => workspace_moved = true,
                    // Derived again by its stamp; in a `.proto` file, by a new base.
                    Source::File | Source::Rpc(_) => {}
                }
            }
        }
        todo.sort_unstable();
        todo.dedup();
        for (i, &channel) in todo.iter().enumerate() {
            if cancel.is_cancelled() {
                self.pending_channels = todo[i..].iter().map(|c| c.to_string()).collect();
                self.pending_files = touched;
                // The channels that came and went are forgotten: every rpc is looked at next time.
                self.workspace.computed = false;
                return Err(Cancelled);
            }
            let Some((name, ids)) = index.channels.get_key_value(channel) else { continue };
            let stamp = stamps.channels.get(name.as_str()).copied().unwrap_or(stamps.base);
            let entry = channel_diagnostics(index, &cx, name, ids, stamp);
            let source = Source::Channel(name.clone());
            if let Some(old) = self.channels.remove(name.as_str()) {
                forget(&mut self.sources, source.clone(), &old.diagnostics, &mut touched);
            }
            remember(&mut self.sources, &mut self.texts, index, source, &entry.diagnostics, &mut touched);
            self.channels.insert(name.clone(), entry);
        }

        // Files whose sites or text changed.
        let files: Vec<FileId> = if delta {
            stamps.changed_files.clone()
        } else {
            stamps.files.keys().chain(self.files.keys()).copied().collect()
        };
        for file in files {
            let stamp = stamps.files.get(&file).copied();
            if stamp.is_some() && self.files.get(&file).map(|e| e.stamp) == stamp {
                continue;
            }
            if let Some(old) = self.files.remove(&file) {
                forget(&mut self.sources, Source::File, &old.diagnostics, &mut touched);
            }
            if let Some(stamp) = stamp {
                let diagnostics = file_diagnostics(index, file);
                remember(&mut self.sources, &mut self.texts, index, Source::File, &diagnostics, &mut touched);
                self.files.insert(file, FileEntry { stamp, diagnostics });
            }
        }

        // The rpcs no site uses: all of them once per base, then those of the channels that came or
        // went.
        if !self.workspace.computed {
            rpc_todo = (0..index.rpcs.len()).collect();
        }
        rpc_todo.sort_unstable();
        rpc_todo.dedup();
        for i in rpc_todo {
            let Some(r) = index.rpcs.get(i) else { continue };
            if let Some(old) = self.rpc_entries.remove(&i) {
                forget(&mut self.sources, Source::Rpc(i), &old, &mut touched);
            }
            let unused = !cx.ignored(&r.channel) && !index.channels.contains_key(&r.channel);
            let diagnostics: Vec<Diagnostic> =
                unused.then(|| unimplemented(index, r, &[])).flatten().into_iter().collect();
            if !diagnostics.is_empty() {
                remember(&mut self.sources, &mut self.texts, index, Source::Rpc(i), &diagnostics, &mut touched);
                self.rpc_entries.insert(i, diagnostics);
            }
        }

        // The workspace-level checks.
        let generated = generated_stamps(index);
        let w = &self.workspace;
        if workspace_moved || !w.computed || *w.unknown != *index.unknown_members || w.generated != generated {
            let old = std::mem::take(&mut self.workspace.diagnostics);
            forget(&mut self.sources, Source::Workspace, &old, &mut touched);
            let diagnostics = workspace_diagnostics(index);
            remember(&mut self.sources, &mut self.texts, index, Source::Workspace, &diagnostics, &mut touched);
            self.workspace =
                WorkspaceEntry { computed: true, unknown: index.unknown_members.clone(), generated, diagnostics };
        }

        let mut changed = Vec::new();
        for file in touched {
            let list = self.collect(file);
            let before = self.by_file.get(&file).map_or(&[][..], Vec::as_slice);
            if before != list.as_slice() {
                changed.push(file);
                if list.is_empty() {
                    self.by_file.remove(&file);
                } else {
                    self.by_file.insert(file, list);
                }
            }
        }
        changed.sort();
        self.seen = Some(stamps.now);
        Ok(changed)
    }

    /// Every diagnostic, sorted by file and position.
    pub fn all(&self) -> impl Iterator<Item = &Diagnostic> {
        self.by_file.values().flatten()
    }

    /// The diagnostics of one file, sorted by position.
    pub fn of_file(&self, file: FileId) -> &[Diagnostic] {
        self.by_file.get(&file).map_or(&[], Vec::as_slice)
    }

    /// Files that have diagnostics.
    pub fn files(&self) -> impl Iterator<Item = FileId> + '_ {
        self.by_file.keys().copied()
    }

    /// A file's diagnostics from the entries that have some in it.
    fn collect(&self, file: FileId) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = Vec::new();
        for source in self.sources.get(&file).into_iter().flatten() {
            let from = match source {
                Source::Channel(c) => self.channels.get(c).map_or(&[][..], |e| e.diagnostics.as_slice()),
                Source::File => self.files.get(&file).map_or(&[][..], |e| e.diagnostics.as_slice()),
                Source::Workspace => self.workspace.diagnostics.as_slice(),
                Source::Rpc(i) => self.rpc_entries.get(i).map_or(&[][..], Vec::as_slice),
            };
            out.extend(from.iter().filter(|d| d.file == file).cloned());
        }
        out.sort_by(|a, b| (a.range.start, a.code, &a.message).cmp(&(b.range.start, b.code, &b.message)));
        out.dedup();
        out
    }
}

type Sources = FxHashMap<FileId, BTreeSet<Source>>;

/// An entry's old diagnostics are gone: their files are looked at again.
fn forget(sources: &mut Sources, source: Source, diagnostics: &[Diagnostic], touched: &mut FxHashSet<FileId>) {
    for d in diagnostics {
        touched.insert(d.file);
        for file in positions(d) {
            if let Some(set) = sources.get_mut(&file) {
                set.remove(&source);
            }
        }
    }
}

/// An entry's new diagnostics: their files are looked at again, and every file they have a
/// position in knows the entry, and the text the positions are in.
fn remember(
    sources: &mut Sources,
    texts: &mut FxHashMap<FileId, Arc<str>>,
    index: &Index,
    source: Source,
    diagnostics: &[Diagnostic],
    touched: &mut FxHashSet<FileId>,
) {
    for d in diagnostics {
        touched.insert(d.file);
        for file in positions(d) {
            sources.entry(file).or_default().insert(source.clone());
            if let Some(text) = index.vfs.text(file) {
                texts.entry(file).or_insert_with(|| text.clone());
            }
        }
    }
}

/// The files a diagnostic has a position in: its own, and those of its related information.
fn positions(d: &Diagnostic) -> impl Iterator<Item = FileId> + '_ {
    std::iter::once(d.file).chain(d.related.iter().map(|r| r.file))
}

/// What the checks of one channel read besides its sites.
struct Context<'a> {
    ignore: &'a globset::GlobSet,
    unresolved: Vec<&'a Site>,
    rpcs: &'a FxHashMap<String, Vec<usize>>,
}

impl Context<'_> {
    fn ignored(&self, channel: &str) -> bool {
        self.ignore.is_match(channel)
    }

    /// Whether an unresolved site of one of `kinds` could be using `channel`.
    fn could_explain(&self, channel: &str, kinds: &[Kind]) -> bool {
        self.unresolved
            .iter()
            .any(|s| kinds.contains(&s.kind) && s.channel.unresolved().is_some_and(|u| u.could_be(channel)))
    }

    /// The rpc of `channel`, if the contract declares it.
    fn rpc_for<'i>(&self, index: &'i Index, channel: &str) -> Option<&'i RpcRef> {
        self.rpcs.get(channel).and_then(|v| v.first()).and_then(|&i| index.rpcs.get(i))
    }
}

fn rpcs_by_channel(index: &Index) -> FxHashMap<String, Vec<usize>> {
    let mut out: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (i, r) in index.rpcs.iter().enumerate() {
        out.entry(r.channel.clone()).or_default().push(i);
    }
    out
}

/// The first site of each kind of a channel: what a near-miss search of another channel finds.
fn receivers_of(index: &Index, ids: &[SiteId]) -> Vec<(Kind, FileId, TextRange)> {
    let mut out: Vec<(Kind, FileId, TextRange)> = Vec::new();
    for &id in ids {
        let s = index.site(id);
        if !out.iter().any(|r| r.0 == s.kind) {
            out.push((s.kind, s.file, s.range));
        }
    }
    out
}

/// The stamps of the files generated bindings are written to (they decide `stale-bindings`).
fn generated_stamps(index: &Index) -> Vec<Option<u64>> {
    let Some(out) = index.config.generate.out.as_deref() else { return Vec::new() };
    crate::codegen::Role::ALL
        .iter()
        .map(|role| {
            let path = format!("{}/{}", out.trim_end_matches('/'), role.file_name());
            index.file_for_rel(&path).map(|f| index.stamps.files.get(&f).copied().unwrap_or(u64::MAX))
        })
        .collect()
}

/// The checks of one channel: its senders against its receivers, duplicates, arity, and the
/// contract's view of it (not declared, its rpcs not implemented).
fn channel_diagnostics(index: &Index, cx: &Context, channel: &str, ids: &[SiteId], stamp: u64) -> ChannelEntry {
    let receivers = receivers_of(index, ids);
    if cx.ignored(channel) {
        return ChannelEntry { stamp, diagnostics: Vec::new(), receivers, near: Vec::new(), explained: false };
    }
    let mut out = Vec::new();
    let explained = std::cell::Cell::new(false);
    let could_explain = |channel: &str, kinds: &[Kind]| {
        explained.set(true);
        cx.could_explain(channel, kinds)
    };
    let sites: Vec<&Site> = ids.iter().map(|id| index.site(*id)).collect();
    // A handler implemented through generated bindings (`registerXService({ openFile })`) is
    // registered once, by the generated code: its members are not registrations of their own.
    let of = |kinds: &[Kind]| -> Vec<&Site> {
        sites.iter().copied().filter(|s| kinds.contains(&s.kind) && !(s.derived && s.kind == Kind::Handle)).collect()
    };
    let handles = of(&[Kind::Handle]);
    let ons = of(&[Kind::On]);
    let listens = of(&[Kind::Listen]);
    let main_emits: Vec<&Site> =
        sites.iter().copied().filter(|s| s.kind == Kind::Emit && s.api == Api::IpcMain).collect();
    let renderer_emits: Vec<&Site> =
        sites.iter().copied().filter(|s| s.kind == Kind::Emit && s.api != Api::IpcMain).collect();

    // Near misses are looked up once per channel and receiving kind, not once per site.
    let near = NearMisses::default();
    for s in sites.iter().filter(|s| !s.derived) {
        match s.kind {
            Kind::Invoke if handles.is_empty() => {
                if let Some(on) = ons.first() {
                    out.push(diag(s, Code::KindMismatch, Severity::Error, format!(
                        "'{channel}' is invoked, but main only listens with `{}`: `invoke` needs `ipcMain.handle` (No handler registered for '{channel}')",
                        on.method
                    )).related(on, "registered here with `on`, which does not answer `invoke`"));
                } else if !could_explain(channel, &[Kind::Handle]) {
                    let near = near.get(Kind::Handle, || near_miss(index, channel, &[Kind::Handle]));
                    out.push(no_side(
                        s,
                        Code::NoHandler,
                        Severity::Error,
                        format!("No handler registered for '{channel}'"),
                        near,
                        index,
                    ));
                }
            }
            Kind::Send | Kind::SendSync if ons.is_empty() => {
                if let Some(h) = handles.first() {
                    out.push(diag(s, Code::KindMismatch, Severity::Error, format!(
                        "'{channel}' is sent with `{}`, but main registers it with `handle`, which only answers `invoke`",
                        how(s)
                    )).related(h, "registered here with `handle`"));
                } else if !could_explain(channel, &[Kind::On]) {
                    let near = near.get(Kind::On, || near_miss(index, channel, &[Kind::On]));
                    out.push(no_side(
                        s,
                        Code::NoListener,
                        Severity::Warning,
                        format!("No listener in main for '{channel}': the message would be dropped"),
                        near,
                        index,
                    ));
                }
            }
            Kind::Push if listens.is_empty() && !could_explain(channel, &[Kind::Listen]) => {
                let near = near.get(Kind::Listen, || near_miss(index, channel, &[Kind::Listen]));
                out.push(no_side(
                    s,
                    Code::NoListener,
                    Severity::Warning,
                    format!("No renderer listens for '{channel}': the message would be dropped"),
                    near,
                    index,
                ));
            }
            Kind::Emit => {
                let receivers = if s.api == Api::IpcMain { &ons } else { &listens };
                let kinds = if s.api == Api::IpcMain { [Kind::On] } else { [Kind::Listen] };
                if receivers.is_empty() && !could_explain(channel, &kinds) {
                    out.push(diag(s, Code::NoListener, Severity::Warning, format!("No listener in this process for '{channel}': `emit` reaches only listeners of the same process")));
                }
            }
            _ => {}
        }
    }

    // Two handlers for one channel: Electron throws on the second.
    let removed = sites.iter().any(|s| s.kind == Kind::Remove && s.method == "removeHandler");
    let global_handles: Vec<&&Site> = handles.iter().filter(|s| matches!(s.api, Api::IpcMain) && !s.once).collect();
    if global_handles.len() > 1 && !removed {
        for (i, s) in global_handles.iter().enumerate() {
            // Reported at every registration after the first that can run with an earlier one.
            let Some(first) = global_handles[..i].iter().find(|o| !s.exclusive_with(o)) else { continue };
            out.push(
                diag(
                    s,
                    Code::DuplicateHandler,
                    Severity::Error,
                    format!("Attempted to register a second handler for '{channel}'"),
                )
                .related(first, "the first handler"),
            );
        }
    }

    // Receivers nobody sends to.
    let invokes = of(&[Kind::Invoke]);
    let sends = of(&[Kind::Send, Kind::SendSync]);
    let pushes = of(&[Kind::Push]);
    let rpc = cx.rpc_for(index, channel);
    for h in &handles {
        // A wrong-kind sender is already a `kind-mismatch`.
        if invokes.is_empty() && sends.is_empty() && !could_explain(channel, &[Kind::Invoke]) {
            out.push(diag(
                h,
                Code::UnusedHandler,
                Severity::Warning,
                format!("Nothing in the workspace invokes '{channel}'"),
            ));
        }
    }
    for h in &ons {
        if sends.is_empty()
            && invokes.is_empty()
            && main_emits.is_empty()
            && !could_explain(channel, &[Kind::Send, Kind::SendSync, Kind::Emit])
        {
            out.push(diag(
                h,
                Code::UnusedHandler,
                Severity::Warning,
                format!("Nothing in the workspace sends '{channel}' to main"),
            ));
        }
    }
    for h in &listens {
        if pushes.is_empty() && renderer_emits.is_empty() && !could_explain(channel, &[Kind::Push, Kind::Emit]) {
            out.push(diag(
                h,
                Code::UnusedHandler,
                Severity::Warning,
                format!("Nothing in the workspace sends '{channel}' to the renderer"),
            ));
        }
    }

    // Arity: an invoke passes what the handler (or the rpc's one request message) takes.
    for s in &invokes {
        let Some(passed) = s.arg_count else { continue };
        if let Some(r) = rpc {
            let method = &index.contract.services[r.service].methods[r.method];
            let expected = if method.input_type.ends_with("google.protobuf.Empty") { 0 } else { 1 };
            if passed != expected {
                out.push(diag(
                    s,
                    Code::ArityMismatch,
                    Severity::Warning,
                    format!(
                        "'{channel}' passes {passed} argument{}, but rpc {} takes {}",
                        plural(passed),
                        method.name,
                        if expected == 0 {
                            "no request (google.protobuf.Empty)".to_string()
                        } else {
                            format!("one request message ({})", method.input_type)
                        }
                    ),
                ));
                continue;
            }
        }
        if let [h] = handles.as_slice() {
            if let Some(crate::index::ListenerParams { required, all }) = h.listener_params {
                // A listener that takes nothing after the event ignores what it is sent.
                if passed < required || (passed > all && all > 0) {
                    let takes = if required == all { format!("{all}") } else { format!("{required} to {all}") };
                    out.push(
                        diag(
                            s,
                            Code::ArityMismatch,
                            Severity::Warning,
                            format!(
                                "'{channel}' passes {passed} argument{}, but its handler takes {takes} after the event",
                                plural(passed)
                            ),
                        )
                        .related(h, "the handler"),
                    );
                }
            }
        }
    }

    // A channel the contract does not declare.
    if !index.rpcs.is_empty() && !cx.rpcs.contains_key(channel) {
        let severity = if index.config.channels.strict { Severity::Error } else { Severity::Warning };
        for s in sites.iter().filter(|s| s.kind != Kind::Remove && !s.derived) {
            out.push(diag(s, Code::NotInContract, severity, format!("'{channel}' is not declared in the contract")));
        }
    }
    for r in cx.rpcs.get(channel).into_iter().flatten().filter_map(|&i| index.rpcs.get(i)) {
        if let Some(d) = unimplemented(index, r, &sites) {
            out.push(d);
        }
    }
    let near = near.found.into_inner().into_iter().map(|(k, _)| k).collect();
    ChannelEntry { stamp, diagnostics: out, receivers, near, explained: explained.get() }
}

/// `unimplemented-rpc` for rpc `r`, whose channel has `sites`.
fn unimplemented(index: &Index, r: &RpcRef, sites: &[&Site]) -> Option<Diagnostic> {
    let service = &index.contract.services[r.service];
    let method = &service.methods[r.method];
    let implemented = sites.iter().any(|s| {
        if method.server_streaming {
            s.kind == Kind::Push
        } else {
            matches!(s.kind, Kind::Handle | Kind::On)
        }
    });
    if implemented {
        return None;
    }
    let what = if method.server_streaming {
        "nothing in main sends it (server-streaming rpcs are main → renderer events)"
    } else {
        "main has no handler for it"
    };
    Some(Diagnostic {
        code: Code::UnimplementedRpc,
        severity: Severity::Warning,
        channel: Some(r.channel.clone()),
        message: format!("rpc {}.{} ('{}') is not implemented: {what}", service.name, method.name, r.channel),
        file: r.file,
        range: method.name_range,
        related: Vec::new(),
        suggestion: None,
    })
}

/// The checks of one file's sites: Electron objects used in the wrong process, unresolved channels.
fn file_diagnostics(index: &Index, file: FileId) -> Vec<Diagnostic> {
    let sites = index.sites.of_file(file).iter();
    let mut out: Vec<Diagnostic> = Vec::new();
    // Electron objects used in the wrong process.
    // Only direct calls: a wrapper's or a bridge's Electron call is checked where it is written.
    for s in sites.clone().filter(|s| s.via.is_none()) {
        let wrong = match (s.api, s.process) {
            (
                Api::IpcMain | Api::ScopedIpc | Api::WebContents | Api::WebFrameMain | Api::Event,
                Process::Renderer | Process::Preload,
            ) => Some(format!(
                "`{}` is only available in the main process, but this file runs in the {}",
                api_name(s.api),
                s.process.as_str()
            )),
            (Api::IpcRenderer, Process::Main) if s.written != crate::index::Written::Bridge => Some(
                "`ipcRenderer` is only available in renderer and preload scripts, but this file runs in main"
                    .to_string(),
            ),
            _ => None,
        };
        if let Some(message) = wrong {
            // At the Electron object used (`ipcRenderer` of `ipcRenderer.invoke`).
            let range = s.callee_range.map_or(s.range, |c| {
                let text = index.text(s.file);
                let callee = text.get(c.start as usize..c.end as usize).unwrap_or("");
                let object_len = callee.rfind('.').unwrap_or(callee.len());
                TextRange::new(c.start, c.start + object_len as u32)
            });
            if !out.iter().any(|d| d.code == Code::WrongProcess && d.file == s.file && d.range == range) {
                out.push(Diagnostic {
                    code: Code::WrongProcess,
                    severity: Severity::Error,
                    channel: s.channel.known().map(str::to_string),
                    message,
                    file: s.file,
                    range,
                    related: Vec::new(),
                    suggestion: None,
                });
            }
        }
    }

    for s in sites {
        let Some(u) = s.channel.unresolved() else { continue };
        out.push(Diagnostic {
            code: Code::UnresolvedChannel,
            severity: Severity::Hint,
            channel: None,
            message: format!("channel `{}` cannot be resolved statically", u.expression),
            file: s.file,
            range: s.range,
            related: Vec::new(),
            suggestion: None,
        });
    }

    out
}

/// The checks of the workspace as a whole: unknown bridge members, rpcs whose channel has no
/// site, contract errors, stale generated bindings.
fn workspace_diagnostics(index: &Index) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for u in index.unknown_members.iter() {
        let member = u.path.join(".");
        out.push(Diagnostic {
            code: Code::UnknownBridgeMember,
            severity: Severity::Error,
            channel: None,
            message: format!("window.{}.{member} is not exposed by any preload script", u.key),
            file: u.file,
            range: u.range,
            related: vec![Related {
                file: u.bridge_file,
                range: u.bridge_range,
                message: format!("'{}' is exposed here", u.key),
            }],
            suggestion: None,
        });
    }

    for e in &index.contract.errors {
        let Some(file) = index.file_for_rel(&e.file) else { continue };
        out.push(Diagnostic {
            code: Code::Contract,
            severity: Severity::Error,
            channel: None,
            message: e.message.clone(),
            file,
            range: e.range.unwrap_or_default(),
            related: Vec::new(),
            suggestion: None,
        });
    }

    stale_bindings(index, &mut out);
    out
}

/// How a site calls, for messages: `ipcRenderer.send`, or `window.api.save` for a bridge call.
fn how(s: &Site) -> String {
    match &s.bridge {
        Some(crate::index::BridgeRef { key, path }) => {
            format!("window.{key}.{} (ipcRenderer.{})", path.join("."), s.method)
        }
        None => s.method.clone(),
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn api_name(api: Api) -> &'static str {
    match api {
        Api::IpcMain => "ipcMain",
        Api::ScopedIpc => "webContents.ipc",
        Api::WebContents => "webContents",
        Api::WebFrameMain => "webFrameMain",
        Api::Event => "event.reply",
        Api::IpcRenderer => "ipcRenderer",
        Api::Webview => "<webview>",
        Api::Library => "the IPC library",
    }
}

fn diag(s: &Site, code: Code, severity: Severity, message: String) -> Diagnostic {
    Diagnostic {
        code,
        severity,
        channel: s.channel.known().map(str::to_string),
        message,
        file: s.file,
        range: s.range,
        related: Vec::new(),
        suggestion: None,
    }
}

impl Diagnostic {
    fn related(mut self, s: &Site, message: &str) -> Diagnostic {
        self.related.push(Related { file: s.file, range: s.range, message: message.to_string() });
        self
    }
}

/// A "nothing on the other side" diagnostic with "did you mean" when a near name exists.
fn no_side(
    s: &Site,
    code: Code,
    severity: Severity,
    message: String,
    near: Option<(String, &Site)>,
    _index: &Index,
) -> Diagnostic {
    match near {
        Some((name, other)) => {
            let mut d = diag(s, code, severity, format!("{message}; did you mean '{name}'?"));
            d.suggestion = Some(name);
            d.related(other, "the near-miss channel is received here")
        }
        None => diag(s, code, severity, message),
    }
}

/// A near-miss channel and a site that receives it.
type NearMiss<'a> = Option<(String, &'a Site)>;

/// A per-channel memo of [`near_miss`] by receiving kind.
#[derive(Default)]
struct NearMisses<'a> {
    found: std::cell::RefCell<Vec<(Kind, NearMiss<'a>)>>,
}

impl<'a> NearMisses<'a> {
    fn get(&self, kind: Kind, compute: impl FnOnce() -> Option<(String, &'a Site)>) -> Option<(String, &'a Site)> {
        if let Some((_, v)) = self.found.borrow().iter().find(|(k, _)| *k == kind) {
            return v.clone();
        }
        let v = compute();
        self.found.borrow_mut().push((kind, v.clone()));
        v
    }
}

/// The characters of a name, each in one of 64 buckets.
fn char_set(chars: impl Iterator<Item = char>) -> u64 {
    chars.fold(0, |set, c| set | 1 << (c as u32 % 64))
}

/// The closest channel that has a receiver of `kinds`, if it is close enough to be a typo: at most
/// two edits, or at most one edit in five chars (insertions, deletions, substitutions, adjacent
/// transpositions). Ties go to the name that sorts first.
pub fn near_miss<'a>(index: &'a Index, channel: &str, kinds: &[Kind]) -> Option<(String, &'a Site)> {
    let query: Vec<char> = channel.chars().collect();
    let query_set = char_set(query.iter().copied());
    // A candidate of length `lb` is close when d <= max(2, len/5) with len = max(la, lb); since
    // d >= |la - lb|, a longer candidate can only be close when d <= la/4.
    let widest = 2.max(query.len() / 4);
    let mut best: Option<(f64, &str, SiteId)> = None;
    // The candidates are read from the channel map itself (no list of receivers to build per index:
    // an index per keystroke would build it again each time); names too long or too short to be
    // close are skipped before their characters are compared.
    let mut chars: Vec<char> = Vec::new();
    for (name, ids) in &index.channels {
        if name == channel {
            continue;
        }
        let len = name.chars().count();
        let longest = query.len().max(len);
        let allowed = 2.max(longest / 5).min(widest);
        if query.len().abs_diff(len) > allowed {
            continue;
        }
        // Each edit adds or removes at most one character of each side's set: names whose
        // characters differ more cannot be close (a set of 64 buckets, so a cheap lower bound).
        let set = char_set(name.chars());
        if (query_set & !set).count_ones().max((set & !query_set).count_ones()) as usize > allowed {
            continue;
        }
        chars.clear();
        chars.extend(name.chars());
        let Some(d) = crate::base::typo::bounded_distance(&query, &chars, allowed) else { continue };
        let score = if longest == 0 { 1.0 } else { 1.0 - d as f64 / longest as f64 };
        if best.is_some_and(|(b, n, _)| score < b || (score == b && n <= name.as_str())) {
            continue;
        }
        // The first kind (in the order asked) that the channel has a site of.
        let site = kinds.iter().find_map(|&kind| ids.iter().find(|id| index.site(**id).kind == kind));
        if let Some(&site) = site {
            best = Some((score, name, site));
        }
    }
    best.map(|(_, n, s)| (n.to_string(), index.site(s)))
}

/// Generated bindings (`[generate] out`) that differ from what the contract gives: on each stale
/// file's first line, or on the contract when a file is missing.
fn stale_bindings(index: &Index, out: &mut Vec<Diagnostic>) {
    let Some(rewrites) = crate::ide::generated::stale(index) else { return };
    for r in rewrites {
        let (file, range, message) = match r.file {
            Some(file) => {
                let text = index.text(file);
                let end = text.find('\n').unwrap_or(text.len()) as u32;
                (
                    file,
                    TextRange::new(0, end),
                    format!(
                        "{} is stale: the contract has changed since it was generated; run `ipcls generate`",
                        r.path
                    ),
                )
            }
            None => {
                let Some((file, range)) = index
                    .contract
                    .services
                    .first()
                    .and_then(|s| Some((index.file_for_rel(&s.file)?, s.name_range)))
                    .or_else(|| {
                        let f = index.contract.files.first()?;
                        Some((index.file_for_rel(&f.path)?, TextRange::default()))
                    })
                else {
                    continue;
                };
                (file, range, format!("{} is missing: run `ipcls generate` to write the bindings", r.path))
            }
        };
        out.push(Diagnostic {
            code: Code::StaleBindings,
            severity: Severity::Warning,
            channel: None,
            message,
            file,
            range,
            related: Vec::new(),
            suggestion: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::char_set;
    use crate::base::typo::bounded_distance;

    /// The character-set filter of the near-miss search never drops a close name: the number of
    /// buckets only one side has is a lower bound of the edit distance.
    #[test]
    fn character_sets_bound_the_edit_distance() {
        let alphabet: Vec<char> = "ab:-xyzé😀A".chars().collect();
        let mut seed = 11u64;
        let mut below = |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % n.max(1)
        };
        for _ in 0..20_000 {
            let a: Vec<char> = (0..below(9)).map(|_| alphabet[below(alphabet.len())]).collect();
            let mut b = a.clone();
            for _ in 0..below(4) {
                match below(3) {
                    0 if !b.is_empty() => {
                        let i = below(b.len());
                        b.remove(i);
                    }
                    1 => {
                        let i = below(b.len() + 1);
                        b.insert(i, alphabet[below(alphabet.len())]);
                    }
                    _ if !b.is_empty() => {
                        let i = below(b.len());
                        b[i] = alphabet[below(alphabet.len())];
                    }
                    _ => {}
                }
            }
            let d = bounded_distance(&a, &b, 64).expect("within 64");
            let (sa, sb) = (char_set(a.iter().copied()), char_set(b.iter().copied()));
            let bound = (sa & !sb).count_ones().max((sb & !sa).count_ones()) as usize;
            assert!(bound <= d, "{a:?} {b:?}: bound {bound} > distance {d}");
        }
    }
}
