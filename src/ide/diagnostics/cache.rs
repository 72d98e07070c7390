//! The diagnostics kept from one index to the next: which entries (channels, files, the workspace,
//! unused rpcs) are derived again after a change, which files' lists that changes, and what a
//! cancelled update leaves to do.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::lookalikes::{self, Lookalike};
use super::rules::{self, Context};
use super::Diagnostic;
use crate::base::{Cancel, Cancellable, Cancelled, FileId, TextRange};
use crate::config::glob_set;
use crate::index::{Index, Site, SiteId};
use crate::syntax::ts::Kind;

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
    /// What the unresolved sites could explain: `(kind, prefix, suffix)`, sorted.
    unresolved: Vec<(Kind, String, String)>,
    /// Each parsed file's calls that look like IPC but are not sites.
    lookalikes: FxHashMap<FileId, Vec<Lookalike>>,
    entries: Entries,
    /// Each file's diagnostics, sorted by position and deduplicated.
    by_file: BTreeMap<FileId, Vec<Diagnostic>>,
    /// The analysis of the index last brought up to (not cancelled).
    seen: Option<u64>,
}

/// The derived entries (per channel, per file, per unused rpc, for the workspace), which files
/// they have positions in, and what a cancelled update left to do.
#[derive(Debug, Default)]
struct Entries {
    channels: FxHashMap<String, ChannelEntry>,
    files: FxHashMap<FileId, FileEntry>,
    workspace: WorkspaceEntry,
    /// Which entries have diagnostics in each file.
    sources: Sources,
    /// The diagnostics of each rpc no site uses (see [`Source::Rpc`]).
    rpc_entries: FxHashMap<usize, Vec<Diagnostic>>,
    /// The text of each file that diagnostics have positions in, when they were derived: when it
    /// changes, they are derived again (an edit that only moves a channel's sites leaves its stamp).
    texts: FxHashMap<FileId, Arc<str>>,
    /// What a cancelled update left to do: channels to derive again, files to collect again.
    pending_channels: Vec<String>,
    pending_files: FxHashSet<FileId>,
}

/// What an update derives again.
struct Plan<'i> {
    /// Channels, sorted and deduplicated.
    channels: Vec<&'i str>,
    /// Rpcs (positions in `Index::rpcs`) whose channel came or went.
    rpcs: Vec<usize>,
    /// Whether a file the workspace-level diagnostics have positions in has another text.
    workspace_moved: bool,
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
    /// Stops at the next channel once `cancel` says so, keeping what is left to do for the next
    /// update (so the cache stays as consistent as if the update had not started).
    pub fn update(&mut self, index: &Index, cancel: &Cancel) -> Cancellable<Vec<FileId>> {
        cancel.check()?;
        let stamps = &index.stamps;
        let mut touched: FxHashSet<FileId> = std::mem::take(&mut self.entries.pending_files);
        if self.base != Some(stamps.base) {
            touched.extend(self.by_file.keys().copied());
            *self = DiagnosticsCache {
                base: Some(stamps.base),
                ignore: glob_set(&index.config.channels.ignore),
                by_file: std::mem::take(&mut self.by_file),
                ..DiagnosticsCache::default()
            };
        }
        // Updated from the analysis just before: only what it changed is looked at.
        let delta = stamps.since.is_some() && self.seen == stamps.since;
        self.seen = None;
        let unresolved: Vec<&Site> = index.unresolved.iter().map(|id| index.site(*id)).collect();
        let unresolved_changed = self.note_unresolved(&unresolved);
        let lookalikes_changed = self.note_lookalikes(index, delta);
        let mut by_channel: FxHashMap<&str, (FileId, &Lookalike)> = FxHashMap::default();
        let mut files: Vec<&FileId> = self.lookalikes.keys().collect();
        files.sort();
        for &file in files {
            for l in self.lookalikes.get(&file).into_iter().flatten() {
                by_channel.entry(l.channel.as_str()).or_insert((file, l));
            }
        }
        let cx = Context { ignore: &self.ignore, unresolved, lookalikes: by_channel };
        let mut plan = self.entries.plan(index, delta, unresolved_changed, &mut touched);
        // Channels whose look-alike calls came or went are derived again.
        let again: Vec<&str> = lookalikes_changed
            .iter()
            .filter_map(|c| index.channels.get_key_value(c.as_str()).map(|(k, _)| k.as_str()))
            .collect();
        if !again.is_empty() {
            plan.channels.extend(again);
            plan.channels.sort();
            plan.channels.dedup();
        }
        self.entries.derive_channels(index, &cx, &plan.channels, &mut touched, cancel)?;
        self.entries.derive_files(index, delta, &mut touched);
        self.entries.derive_rpcs(index, &cx, plan.rpcs, &mut touched);
        self.entries.derive_workspace(index, plan.workspace_moved, &mut touched);
        let mut changed = Vec::new();
        for file in touched {
            let list = self.entries.collect(file);
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

    /// Keeps what the unresolved sites could explain; returns whether it changed.
    fn note_unresolved(&mut self, unresolved: &[&Site]) -> bool {
        let mut patterns: Vec<(Kind, String, String)> = unresolved
            .iter()
            .filter_map(|s| {
                Some((s.kind, s.channel.unresolved()?.prefix.clone(), s.channel.unresolved()?.suffix.clone()))
            })
            .collect();
        patterns.sort();
        let changed = patterns != self.unresolved;
        self.unresolved = patterns;
        changed
    }

    /// Keeps the look-alike calls of the files that changed (of every file, without a delta);
    /// returns the channels whose look-alikes came or went.
    fn note_lookalikes(&mut self, index: &Index, delta: bool) -> Vec<String> {
        let files: Vec<FileId> = if delta {
            index.stamps.changed_files.clone()
        } else {
            let mut all: Vec<FileId> = index.summaries.keys().copied().collect();
            all.extend(self.lookalikes.keys().copied());
            all.sort();
            all.dedup();
            all
        };
        let mut changed = Vec::new();
        for file in files {
            let now = lookalikes::of_file(index, file);
            let before = if now.is_empty() { self.lookalikes.remove(&file) } else { self.lookalikes.insert(file, now) };
            let before = before.unwrap_or_default();
            let now = self.lookalikes.get(&file).map_or(&[][..], Vec::as_slice);
            let names = |ls: &[Lookalike]| -> BTreeSet<String> { ls.iter().map(|l| l.channel.clone()).collect() };
            let (a, b) = (names(&before), names(now));
            // A look-alike that moved within its file changes the related position too.
            if before.as_slice() != now {
                changed.extend(a.symmetric_difference(&b).cloned());
                changed.extend(a.intersection(&b).cloned());
            }
        }
        changed.sort();
        changed.dedup();
        changed
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
}

impl Entries {
    /// The channels whose sites changed, the kinds whose receivers changed with them, the channels
    /// that consulted those (and what a cancelled update left); forgets the channels that went.
    fn plan<'i>(
        &mut self,
        index: &'i Index,
        delta: bool,
        unresolved_changed: bool,
        touched: &mut FxHashSet<FileId>,
    ) -> Plan<'i> {
        let stamps = &index.stamps;
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
        let rpc_todo: Vec<usize> = came
            .iter()
            .copied()
            .chain(gone.iter().map(String::as_str))
            .flat_map(|c| index.rpcs_of_channel(c))
            .copied()
            .collect();
        for c in gone {
            if let Some(e) = self.channels.remove(&c) {
                dirty.extend(e.receivers.iter().map(|r| r.0));
                forget(&mut self.sources, Source::Channel(c), &e.diagnostics, touched);
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
        Plan { channels: todo, rpcs: rpc_todo, workspace_moved }
    }

    /// Derives the channels of `todo` again, in order; on cancellation keeps the rest for the next
    /// update.
    fn derive_channels(
        &mut self,
        index: &Index,
        cx: &Context,
        todo: &[&str],
        touched: &mut FxHashSet<FileId>,
        cancel: &Cancel,
    ) -> Cancellable<()> {
        let stamps = &index.stamps;
        for (i, &channel) in todo.iter().enumerate() {
            if cancel.is_cancelled() {
                self.pending_channels = todo[i..].iter().map(|c| c.to_string()).collect();
                self.pending_files = std::mem::take(touched);
                // The channels that came and went are forgotten: every rpc is looked at next time.
                self.workspace.computed = false;
                return Err(Cancelled);
            }
            let Some((name, ids)) = index.channels.get_key_value(channel) else { continue };
            let stamp = stamps.channels.get(name.as_str()).copied().unwrap_or(stamps.base);
            let found = rules::channel(index, cx, name, ids);
            let entry = ChannelEntry {
                stamp,
                diagnostics: found.diagnostics,
                receivers: receivers_of(index, ids),
                near: found.near,
                explained: found.explained,
            };
            let source = Source::Channel(name.clone());
            if let Some(old) = self.channels.remove(name.as_str()) {
                forget(&mut self.sources, source.clone(), &old.diagnostics, touched);
            }
            remember(&mut self.sources, &mut self.texts, index, source, &entry.diagnostics, touched);
            self.channels.insert(name.clone(), entry);
        }

        Ok(())
    }

    /// Derives again the files whose sites or text changed.
    fn derive_files(&mut self, index: &Index, delta: bool, touched: &mut FxHashSet<FileId>) {
        let stamps = &index.stamps;
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
                forget(&mut self.sources, Source::File, &old.diagnostics, touched);
            }
            if let Some(stamp) = stamp {
                let diagnostics = rules::file(index, file);
                remember(&mut self.sources, &mut self.texts, index, Source::File, &diagnostics, touched);
                self.files.insert(file, FileEntry { stamp, diagnostics });
            }
        }
    }

    /// Derives again the rpcs no site uses: all of them once per base, then those of the channels
    /// that came or went (`todo`).
    fn derive_rpcs(&mut self, index: &Index, cx: &Context, mut todo: Vec<usize>, touched: &mut FxHashSet<FileId>) {
        if !self.workspace.computed {
            todo = (0..index.rpcs.len()).collect();
        }
        todo.sort_unstable();
        todo.dedup();
        for i in todo {
            let Some(r) = index.rpcs.get(i) else { continue };
            if let Some(old) = self.rpc_entries.remove(&i) {
                forget(&mut self.sources, Source::Rpc(i), &old, touched);
            }
            let diagnostics: Vec<Diagnostic> = rules::unused_rpc(index, cx, r).into_iter().collect();
            if !diagnostics.is_empty() {
                remember(&mut self.sources, &mut self.texts, index, Source::Rpc(i), &diagnostics, touched);
                self.rpc_entries.insert(i, diagnostics);
            }
        }
    }

    /// Derives the workspace-level checks again when what they depend on changed, or when a file
    /// they have positions in has another text (`moved`).
    fn derive_workspace(&mut self, index: &Index, moved: bool, touched: &mut FxHashSet<FileId>) {
        let generated = generated_stamps(index);
        let w = &self.workspace;
        if moved || !w.computed || *w.unknown != *index.unknown_members || w.generated != generated {
            let old = std::mem::take(&mut self.workspace.diagnostics);
            forget(&mut self.sources, Source::Workspace, &old, touched);
            let diagnostics = rules::workspace(index);
            remember(&mut self.sources, &mut self.texts, index, Source::Workspace, &diagnostics, touched);
            self.workspace =
                WorkspaceEntry { computed: true, unknown: index.unknown_members.clone(), generated, diagnostics };
        }
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
