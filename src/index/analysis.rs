//! The analysis driver: from scratch (discovery, then each file's sites, bridges and the channel
//! map), or, after edits that keep every edited file's interface, as an update of the last analysis
//! that resolves only the changed files' sites again.

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::bridges::MemberFunc;
use super::generated;
use super::modules::ModuleResolver;
use super::moving::{Changes, Moved, Moving, OldAll};
use super::notes::notes;
use super::prefilter::prefilter;
use super::processes::{classify_processes, Processes};
use super::sites::{
    channel_map, passed_wrappers, site_order, sorted_and_unique, Builder, FileSites, Maps, PassedWrappers,
};
use super::stamps::Stamps;
use super::wrappers::{find_wrappers, wrapper_positions, Wrapper, WrapperPositions};
use super::{Bridge, FnKey, Index, RpcRef, Site, Stats, Workspace};
use crate::base::{Cancel, Cancellable, EditSpan, FileId};
use crate::syntax::bindings::{self, Role};
use crate::syntax::proto::{self, Contract};
use crate::syntax::ts::{Dialect, FileSummary};

/// What an analysis derives from the whole workspace before resolving sites: the module resolver,
/// the contract, wrappers and processes. Derived again only when some file's interface, the set of
/// files, a non-script file or the config changed.
#[derive(Clone, Debug)]
pub(super) struct Discovery {
    pub(super) epoch: u64,
    pub(super) modules: Arc<ModuleResolver>,
    pub(super) contract: Arc<Contract>,
    pub(super) wrappers: Arc<FxHashMap<FnKey, Wrapper>>,
    /// Wrappers passed by name to functions that call their parameter (`sites::passed_wrappers`),
    /// found with the wrappers.
    pub(super) passed: Arc<PassedWrappers>,
    pub(super) processes: Arc<Processes>,
    pub(super) rpcs: Arc<Vec<RpcRef>>,
    /// Channel → the positions of its rpcs in `rpcs`.
    pub(super) rpcs_by_channel: Arc<FxHashMap<String, Vec<usize>>>,
    /// Generated files and their roles, from their first line (it sets their process, and the
    /// sites of the files that import them).
    pub(super) generated: FxHashMap<FileId, Option<Role>>,
    /// Files decoded with replacement characters (named in a note).
    pub(super) lossy: FxHashSet<FileId>,
    pub(super) stats: Stats,
    pub(super) notes: Vec<String>,
}

/// The last analysis, kept for the next one.
#[derive(Clone, Debug)]
pub(super) struct LastAnalysis {
    pub(super) discovery: Discovery,
    pub(super) resolved: Resolved,
}

/// The bridges of an analysis, each file's sites and the stamps.
#[derive(Clone, Debug)]
pub(super) struct Resolved {
    /// The wrappers the bridges were found with.
    pub(super) wrappers: Arc<FxHashMap<FnKey, Wrapper>>,
    pub(super) bridges: Arc<Vec<Bridge>>,
    pub(super) member_funcs: Arc<Vec<MemberFunc>>,
    pub(super) maps: Maps,
    pub(super) stamps: Arc<Stamps>,
    /// Files whose sites were moved in place (see [`Moving`]).
    pub(super) moved_in_place: usize,
}

/// Each file's direct sites from the last analysis, valid while the epoch is the workspace's.
#[derive(Clone, Debug, Default)]
pub(super) struct SiteCache {
    pub(super) epoch: u64,
    pub(super) files: FxHashMap<FileId, Direct>,
}

/// A file's direct sites, with the summary they came from and the origin of each.
#[derive(Clone, Debug)]
pub(super) struct Direct {
    pub(super) mark: SummaryMark,
    pub(super) sites: Arc<Vec<Site>>,
    /// For each site, the position of the raw site (`summary.sites`) or, after them, of the call
    /// (`summary.calls`) it was found from. Sites are in the order of their origins.
    pub(super) origins: Arc<Vec<u32>>,
    /// The other files the sites depend on beyond interfaces ([`Builder::depends`]): a change of
    /// one finds them again.
    pub(super) depends: Arc<Vec<FileId>>,
}

/// What the site cache remembers of the summary a file's sites came from: enough to tell whether
/// the current summary is that one, offers the same interface, and keeps wrapper targets where they
/// were, without holding the summary itself, so that the incremental update of an open file takes
/// its previous summary over instead of copying it (`syntax::ts::Extraction::update`).
#[derive(Clone, Debug)]
pub(super) struct SummaryMark {
    /// Compared by address only (a `Weak` keeps the address from being reused).
    pub(super) summary: std::sync::Weak<FileSummary>,
    /// [`FileSummary::interface_hash`]: a false match is as likely as a 64-bit collision.
    pub(super) interface: u64,
    pub(super) too_deep: bool,
    /// Positions of the sites and calls wrapper targets point at (see [`wrapper_positions`]).
    pub(super) wrapper_positions: WrapperPositions,
}

/// New summaries' marks, by file.
pub(super) type Marks = FxHashMap<FileId, SummaryMark>;

impl SummaryMark {
    fn of(summary: &Arc<FileSummary>) -> SummaryMark {
        SummaryMark {
            summary: Arc::downgrade(summary),
            interface: summary.interface_hash(),
            too_deep: summary.too_deep,
            wrapper_positions: wrapper_positions(summary),
        }
    }

    fn is(&self, summary: &Arc<FileSummary>) -> bool {
        std::ptr::eq(self.summary.as_ptr(), Arc::as_ptr(summary))
    }

    fn same_interface(&self, summary: &FileSummary) -> bool {
        self.interface == summary.interface_hash()
    }
}

impl Workspace {
    /// Builds the index: prefilter, parse, follow imports, find wrappers (parsing their callers'
    /// files), resolve, and map channels. Stops with `Cancelled` at the next checkpoint once
    /// `cancel` says so: at the start, per file parsed or searched on disk, between discovery rounds, and before the
    /// sites are resolved (an update after edits that keep every interface takes milliseconds and
    /// is not cancelled). What it leaves behind is complete work only (summaries, which depend on
    /// their text alone, and prefilter results), so the next analysis equals one from scratch.
    pub fn analyze(&mut self, cancel: &Cancel) -> Cancellable<Index> {
        cancel.check()?;
        // Unique in the process, so that stamps of two workspaces (or of a folder removed and
        // added again) never look alike.
        static ANALYSES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        self.analyses = ANALYSES.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        let last = self.last.take();
        let index = match last.and_then(|last| self.discovery_still_valid(*last)) {
            Some((last, marks)) => self.update(last, marks),
            None => self.analyze_all(cancel)?,
        };
        self.changed.clear();
        self.local_edits.clear();
        Ok(index)
    }

    /// The last analysis when its discovery holds for the current files: same epoch, and every
    /// file changed since then was parsed then, is parsed now (again, if its text still passes the
    /// prefilter) and kept its interface, header and decoding; no other file was parsed since.
    fn discovery_still_valid(&mut self, last: LastAnalysis) -> Option<(LastAnalysis, Marks)> {
        let d = &last.discovery;
        if d.epoch != self.epoch || self.site_cache.epoch != self.epoch {
            return None;
        }
        let mut reparse = Vec::new();
        for &id in &self.changed {
            let text = self.vfs.get(id)?;
            if text.lossy || d.lossy.contains(&id) || generated_role(&text.text) != d.generated.get(&id).copied() {
                return None;
            }
            self.site_cache.files.get(&id)?;
            if !self.summaries.contains_key(&id) {
                // A file set without a summary: parsed eagerly if the prefilter still says so.
                if !prefilter().is_some_and(|ac| ac.is_match(text.text.as_bytes())) {
                    return None;
                }
                reparse.push(id);
            }
        }
        if !reparse.is_empty() {
            self.parse(&reparse, &Cancel::never()).ok()?;
        }
        if self.summaries.len() != self.site_cache.files.len() {
            return None;
        }
        // The marks of the changed files' new summaries, made once for the checks here, in
        // `update` and for the site cache.
        let mut marks = FxHashMap::default();
        for &id in &self.changed {
            let (Some(Direct { mark: old, .. }), Some(new)) = (self.site_cache.files.get(&id), self.summaries.get(&id))
            else {
                return None;
            };
            if old.is(new) {
                continue;
            }
            let mark = SummaryMark::of(new);
            if old.interface != mark.interface || old.too_deep != mark.too_deep {
                return None;
            }
            marks.insert(id, mark);
        }
        Some((last, marks))
    }

    /// An analysis from the last one: only the changed files' sites are resolved again.
    fn update(&mut self, mut last: LastAnalysis, mut marks: Marks) -> Index {
        let mut cache = std::mem::take(&mut self.site_cache);
        // Wrapper targets are positions in their files' sites and calls: found again when a
        // changed file's sites or calls that pass a parameter on moved.
        let moved = marks
            .iter()
            .any(|(id, new)| cache.files.get(id).is_none_or(|old| old.mark.wrapper_positions != new.wrapper_positions));
        if moved {
            let modules = last.discovery.modules.clone();
            let r = self.resolver(&modules);
            let wrappers = find_wrappers(&r);
            last.discovery.passed = Arc::new(passed_wrappers(&r, &wrappers));
            last.discovery.wrappers = Arc::new(wrappers);
        }
        // Files edited once inside some statements: their sites are moved in place, so nothing
        // else may hold them (the last analysis lets go of them; an index still alive keeps its
        // copy, and then they are copied).
        let mut moving: FxHashMap<FileId, Moving> = FxHashMap::default();
        for (&id, &edit) in &self.local_edits {
            if !self.changed.contains(&id) || !marks.contains_key(&id) {
                continue;
            }
            // A file whose sites depend on another changed file is found again whole.
            if cache.files.get(&id).is_some_and(|d| d.depends.iter().any(|f| *f != id && self.changed.contains(f))) {
                continue;
            }
            let Some(direct) = cache.files.remove(&id) else { continue };
            let old_all = last.resolved.maps.files.get_mut(&id).map(|f| std::mem::take(&mut f.all));
            last.resolved.maps.sites.set(id, Arc::default());
            let old_all = old_all.filter(|all| !Arc::ptr_eq(all, &direct.sites));
            moving.insert(id, Moving { edit, direct, old_all });
        }
        // Sites found in another file beyond its interface (the entries of an imported table, a
        // callback called with each entry) are found again when that file changed.
        let dependents: Vec<FileId> = cache
            .files
            .iter()
            .filter(|(id, d)| !self.changed.contains(id) && d.depends.iter().any(|f| self.changed.contains(f)))
            .map(|(&id, _)| id)
            .collect();
        for id in dependents {
            cache.files.remove(&id);
            self.changed.insert(id);
        }
        // `discovery_still_valid` compared the changed files' interfaces: only their entries go
        // (the other files' summaries did not change).
        for id in &self.changed {
            if cache.files.get(id).is_some_and(|old| self.summaries.get(id).is_none_or(|new| !old.mark.is(new))) {
                cache.files.remove(id);
            }
        }
        let changed = std::mem::take(&mut self.changed);
        let (index, resolved) =
            build_index(self, &last.discovery, &mut cache.files, Some(&last.resolved), &changed, &mut marks, moving);
        self.sites_moved += resolved.moved_in_place as u64;
        self.site_cache = cache;
        self.last = Some(Box::new(LastAnalysis { discovery: last.discovery, resolved }));
        index
    }

    /// An analysis from scratch (reusing parsed summaries, the compiled contract, and the sites of
    /// files whose resolution cannot have changed).
    fn analyze_all(&mut self, cancel: &Cancel) -> Cancellable<Index> {
        let scripts: Vec<FileId> = self
            .vfs
            .iter()
            .filter(|(_, p, _)| p.to_str().and_then(Dialect::from_path).is_some())
            .map(|(id, _, _)| id)
            .collect();
        let (modules, contract) = self.parse_needed(&scripts, cancel)?;
        // The last checkpoint: from here on the caches are updated.
        cancel.check()?;
        let mut cache = std::mem::take(&mut self.site_cache);
        self.validate_site_cache(&mut cache);
        let discovery = self.discover(modules, contract, scripts.len());
        let changed = std::mem::take(&mut self.changed);
        let (index, resolved) = build_index(
            self,
            &discovery,
            &mut cache.files,
            None,
            &changed,
            &mut Marks::default(),
            FxHashMap::default(),
        );
        self.site_cache = cache;
        self.last = Some(Box::new(LastAnalysis { discovery, resolved }));
        Ok(index)
    }

    /// Wrappers, processes, rpcs, counts and notes of the whole workspace.
    fn discover(&self, modules: ModuleResolver, contract: Arc<Contract>, scripts: usize) -> Discovery {
        let r = self.resolver(&modules);
        let processes = classify_processes(self, &r);
        let wrappers = find_wrappers(&r);
        let passed = Arc::new(passed_wrappers(&r, &wrappers));
        let wrappers = Arc::new(wrappers);
        let template = self.config.template();
        let mut rpcs = Vec::new();
        for (si, service) in contract.services.iter().enumerate() {
            let Some(file) = self.vfs.file_id(&self.root.join(&service.file)) else { continue };
            for (mi, rpc) in service.methods.iter().enumerate() {
                rpcs.push(RpcRef {
                    service: si,
                    method: mi,
                    channel: proto::channel_for(template, service, rpc),
                    file,
                });
            }
        }
        let stats = Stats {
            files: self.vfs.iter().count(),
            scripts,
            parsed: self.summaries.len(),
            protos: self.vfs.iter().filter(|(_, p, _)| p.extension().is_some_and(|e| e == "proto")).count(),
            too_large: self.walk.too_large.len(),
            skipped_dirs: self.walk.skipped_dirs,
        };
        let notes = notes(self, &modules);
        let generated = self.vfs.iter().filter_map(|(id, _, t)| Some((id, generated_role(&t.text)?))).collect();
        let lossy = self.vfs.iter().filter(|(_, _, t)| t.lossy).map(|(id, _, _)| id).collect();
        Discovery {
            epoch: self.epoch,
            modules: Arc::new(modules),
            contract,
            wrappers,
            passed,
            processes: Arc::new(processes),
            rpcs_by_channel: Arc::new(rpcs_by_channel(&rpcs)),
            rpcs: Arc::new(rpcs),
            generated,
            lossy,
            stats,
            notes,
        }
    }

    /// Drops the cached sites that can no longer be reused: all of them when the structure or
    /// some file's interface changed, else those of the files whose summary changed.
    fn validate_site_cache(&self, cache: &mut SiteCache) {
        let mut keep = cache.epoch == self.epoch;
        if keep {
            keep = self.summaries.keys().all(|id| cache.files.contains_key(id))
                && cache.files.iter().all(|(id, Direct { mark: old, .. })| {
                    self.summaries.get(id).is_some_and(|new| old.is(new) || old.same_interface(new))
                });
        }
        if keep {
            self.drop_changed_sites(cache);
        } else {
            cache.files.clear();
            cache.epoch = self.epoch;
        }
    }

    /// Drops the cached sites of the files whose summary changed, and of the files whose sites
    /// depend on one of them beyond its interface ([`Direct::depends`]).
    fn drop_changed_sites(&self, cache: &mut SiteCache) {
        cache.files.retain(|id, old| self.summaries.get(id).is_some_and(|new| old.mark.is(new)));
        let dependents: Vec<FileId> = cache
            .files
            .iter()
            .filter(|(_, d)| d.depends.iter().any(|f| !cache.files.contains_key(f)))
            .map(|(&id, _)| id)
            .collect();
        for id in dependents {
            cache.files.remove(&id);
        }
    }
}

/// Files a file's sites depend on, sorted, without the file itself.
fn dependencies(files: impl Iterator<Item = FileId>, file: FileId) -> Vec<FileId> {
    let mut v: Vec<FileId> = files.filter(|&f| f != file).collect();
    v.sort();
    v.dedup();
    v
}

/// Builds the index from a discovery: each file's direct sites (from `cache` where valid), the
/// bridges, each file's bridge uses and uses of generated bindings, and the channel map. With
/// `last` (whose discovery is `d`, over the same files), the index is the last one with the changed
/// files replaced: a file that did not change keeps what it had when the bridges are the same, and
/// only the channels of sites that changed (not merely moved by an edit) get a new stamp.
pub(super) fn build_index(
    ws: &Workspace,
    d: &Discovery,
    cache: &mut FxHashMap<FileId, Direct>,
    last: Option<&Resolved>,
    changed: &FxHashSet<FileId>,
    marks: &mut Marks,
    mut moving: FxHashMap<FileId, Moving>,
) -> (Index, Resolved) {
    let r = ws.resolver(&d.modules);
    let mut b = Builder {
        r: &r,
        processes: &d.processes,
        wrappers: &d.wrappers,
        passed: &d.passed,
        sites: Vec::new(),
        origins: Vec::new(),
        depends: Vec::new(),
    };
    let all_files = || -> Vec<FileId> { ws.summaries.keys().copied().collect() };

    // Direct sites of the files the cache lacks: on an update only changed files can.
    let mut missing: Vec<FileId> = changed.iter().copied().filter(|f| !cache.contains_key(f)).collect();
    missing.sort();
    let last = last.filter(|_| cache.len() + missing.len() == ws.summaries.len());
    if last.is_none() {
        missing = all_files().into_iter().filter(|f| !cache.contains_key(f)).collect();
    }
    let mut resolved_again: FxHashSet<FileId> = FxHashSet::default();
    // Files whose sites were moved in place, with how, and their previous lists of all sites.
    let mut moved: FxHashMap<FileId, (Moved, OldAll)> = FxHashMap::default();
    // Files that were to be moved but could not be: their previous lists of all sites.
    let mut previous: FxHashMap<FileId, Arc<Vec<Site>>> = FxHashMap::default();
    for file in missing {
        let Some(summary) = ws.summaries.get(&file) else { continue };
        resolved_again.insert(file);
        let mark = marks.remove(&file).filter(|m| m.is(summary)).unwrap_or_else(|| SummaryMark::of(summary));
        if let Some(Moving { edit, direct: Direct { mark: _, mut sites, mut origins, depends }, old_all }) =
            moving.remove(&file)
        {
            b.depends.clear();
            if let Some(m) = b.moved_sites(file, &edit, Arc::make_mut(&mut sites), Arc::make_mut(&mut origins)) {
                moved.insert(file, (m, old_all));
                // Those of the statements kept, and those of the statements walked again.
                let depends = Arc::new(dependencies(depends.iter().copied().chain(b.depends.drain(..)), file));
                cache.insert(file, Direct { mark, sites, origins, depends });
                continue;
            }
            // Not moved (the lists are as they were): the new sites are compared with these.
            previous.insert(file, old_all.unwrap_or(sites));
        }
        b.sites.clear();
        b.origins.clear();
        b.depends.clear();
        b.file_sites(file);
        let (sites, origins) = (Arc::new(std::mem::take(&mut b.sites)), Arc::new(std::mem::take(&mut b.origins)));
        let depends = Arc::new(dependencies(b.depends.drain(..), file));
        cache.insert(file, Direct { mark, sites, origins, depends });
    }
    // Bridges depend on the interfaces, the wrappers and the direct sites of the files their
    // members are written in: kept when none of those was resolved again.
    let kept = last.filter(|l| {
        Arc::ptr_eq(&l.wrappers, &d.wrappers)
            && !l
                .bridges
                .iter()
                .any(|b| resolved_again.contains(&b.file) || b.members.iter().any(|m| resolved_again.contains(&m.file)))
    });
    let (bridges, member_funcs, same_bridges) = match kept {
        Some(l) => (l.bridges.clone(), l.member_funcs.clone(), true),
        None => {
            let (bridges, member_funcs) = b.bridge_defs(&all_files(), cache);
            match last.filter(|l| *l.bridges == bridges && *l.member_funcs == member_funcs) {
                Some(l) => (l.bridges.clone(), l.member_funcs.clone(), true),
                None => (Arc::new(bridges), Arc::new(member_funcs), false),
            }
        }
    };
    let generated = generated::GeneratedSites {
        r: &r,
        contract: &d.contract,
        template: ws.config.template(),
        key: &ws.config.generate.key,
        processes: &d.processes,
    };
    let mut out = match last {
        Some(l) => Changes::from(l, ws.analyses),
        None => Changes::default(),
    };
    // With the same bridges only the changed files and those resolved again can differ.
    let visit: Vec<FileId> = match last.filter(|_| same_bridges) {
        Some(_) => {
            let mut v: Vec<FileId> = changed.iter().chain(&resolved_again).copied().collect();
            v.sort();
            v.dedup();
            v
        }
        None => all_files(),
    };
    for file in visit {
        let Some(direct) = cache.get(&file).map(|d| d.sites.clone()) else { continue };
        let before = last.and_then(|l| l.maps.files.get(&file));
        let unchanged = before.filter(|_| !changed.contains(&file));
        let (uses, unknown) = match unchanged.filter(|_| same_bridges) {
            Some(f) => (f.uses.clone(), f.unknown.clone()),
            None => {
                let (uses, unknown) = b.bridge_uses(file, &bridges, &member_funcs);
                (Arc::new(uses), Arc::new(unknown))
            }
        };
        let generated_sites = match unchanged {
            Some(f) => f.generated.clone(),
            None => Arc::new(generated.sites(&[file])),
        };
        let all = match unchanged.filter(|f| !resolved_again.contains(&file) && f.uses == uses) {
            Some(f) => f.all.clone(),
            None if uses.is_empty() && generated_sites.is_empty() && sorted_and_unique(&direct) => direct.clone(),
            None => {
                let mut all: Vec<Site> =
                    direct.iter().chain(uses.iter()).chain(generated_sites.iter()).cloned().collect();
                all.sort_by(|a, b| site_order(a).cmp(&site_order(b)));
                all.dedup_by(|a, b| site_order(a) == site_order(b));
                Arc::new(all)
            }
        };
        let text = ws.vfs.text(file).cloned();
        if let Some(f) = before {
            // How the text changed (both texts compared: not needed for sites moved in place).
            let edit = || match &text {
                Some(t) if changed.contains(&file) && !f.text.as_ref().is_some_and(|old| Arc::ptr_eq(old, t)) => {
                    f.text.as_deref().map_or(Some(EditSpan { start: 0, old_end: 0, new_end: t.len() as u32 }), |old| {
                        EditSpan::between(old, t)
                    })
                }
                _ => None,
            };
            match moved.get(&file) {
                Some((_, Some(old_all))) => out.file(file, old_all, &all, edit(), true),
                Some((m, None)) => out.file_moved(file, m, &all, Arc::ptr_eq(&all, &direct)),
                None => out.file(file, previous.get(&file).unwrap_or(&f.all), &all, edit(), changed.contains(&file)),
            }
        }
        if before.is_none_or(|f| *f.unknown != *unknown) {
            out.unknown_moved = true;
        }
        out.maps.files.insert(file, FileSites { uses, unknown, generated: generated_sites, all: all.clone(), text });
        out.maps.sites.set(file, all);
    }
    if last.is_none() {
        let (channels, unresolved) = channel_map(&out.maps.sites);
        (out.maps.channels, out.maps.unresolved) = (channels, Arc::new(unresolved));
    }
    if last.is_none() || out.unknown_moved {
        out.maps.unknown = Arc::new(out.maps.files.values().flat_map(|f| f.unknown.iter().cloned()).collect());
    }
    let stamps = Arc::new(match last {
        Some(_) => out.stamps(),
        None => Stamps::fresh(ws.analyses, &out.maps.channels, &out.maps.files),
    });
    let Maps { files, sites, channels, unresolved, unknown } = out.maps;
    let index = Index {
        root: ws.root.clone(),
        vfs: ws.vfs.clone(),
        config: ws.config.clone(),
        config_errors: ws.config_errors.clone(),
        summaries: ws.summaries.clone(),
        processes: d.processes.clone(),
        sites: sites.clone(),
        channels: channels.clone(),
        unresolved: unresolved.clone(),
        bridges: bridges.clone(),
        unknown_members: unknown.clone(),
        contract: d.contract.clone(),
        rpcs: d.rpcs.clone(),
        rpcs_by_channel: d.rpcs_by_channel.clone(),
        stats: d.stats.clone(),
        notes: d.notes.clone(),
        stamps: stamps.clone(),
        line_indexes: Default::default(),
    };
    let resolved = Resolved {
        wrappers: d.wrappers.clone(),
        bridges,
        member_funcs,
        maps: Maps { files, sites, channels, unresolved, unknown },
        stamps,
        moved_in_place: moved.len(),
    };
    (index, resolved)
}

/// Channel → the positions of its rpcs, in order.
fn rpcs_by_channel(rpcs: &[RpcRef]) -> FxHashMap<String, Vec<usize>> {
    let mut map: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (i, r) in rpcs.iter().enumerate() {
        map.entry(r.channel.clone()).or_default().push(i);
    }
    map
}

/// For a text with the generated-code header, its role (if the header names one).
pub(super) fn generated_role(text: &str) -> Option<Option<Role>> {
    text.starts_with(bindings::HEADER).then(|| bindings::role_of(text))
}
