//! What an update changed in a file's sites, and sites moved in place: after a local edit the
//! sites of the statements the edit walked are found again and the others only moved; the diff of a
//! file's old and new sites updates the channel map and says which channels changed.

use std::collections::BTreeMap;
use std::sync::Arc;

use rustc_hash::FxHashSet;

use super::analysis::{Direct, Resolved};
use super::sites::{Builder, Maps};
use super::stamps::Stamps;
use super::{Site, SiteId};
use crate::base::{EditSpan, FileId, FileRange, TextRange};
use crate::syntax::ts;

/// A file whose sites an analysis moves in place: the local edit, its previous direct sites, and
/// its previous list of all sites when that was another list (merged with bridge uses).
pub(super) struct Moving {
    pub(super) edit: ts::LocalEdit,
    pub(super) direct: Direct,
    pub(super) old_all: Option<Arc<Vec<Site>>>,
}

/// A file's previous list of all sites, when it was not its list of direct sites.
pub(super) type OldAll = Option<Arc<Vec<Site>>>;

/// How moving a file's sites in place changed them: the channels of the sites removed and added,
/// and whether every site kept its position in the list and its channel.
pub(super) struct Moved {
    pub(super) removed: Vec<Option<String>>,
    pub(super) added: Vec<Option<String>>,
    /// Every site kept its position in the list (as many removed as added, in each part).
    pub(super) same_positions: bool,
}

/// An index under construction from the last one: its maps, with the files that changed replaced
/// one by one, and what changed, for the stamps.
#[derive(Default)]
pub(super) struct Changes {
    pub(super) now: u64,
    pub(super) last_stamps: Option<Arc<Stamps>>,
    pub(super) maps: Maps,
    /// Some file's unknown bridge members changed.
    pub(super) unknown_moved: bool,
    /// Channels whose sites changed (not only moved by an edit), files whose text or sites changed.
    pub(super) touched: FxHashSet<String>,
    pub(super) moved_files: Vec<FileId>,
}

impl Changes {
    pub(super) fn from(last: &Resolved, now: u64) -> Changes {
        Changes { now, last_stamps: Some(last.stamps.clone()), maps: last.maps.clone(), ..Changes::default() }
    }

    /// A file's sites are now `new` (from `old`); `edit` is how its text changed, if it did. The
    /// channel map follows, and the channels of the sites that changed are touched. Sites that the
    /// edit only moved touch nothing (positions derived from them are the file's stamp's concern).
    pub(super) fn file(
        &mut self,
        file: FileId,
        old: &Arc<Vec<Site>>,
        new: &Arc<Vec<Site>>,
        edit: Option<EditSpan>,
        text_changed: bool,
    ) {
        if text_changed {
            self.moved_files.push(file);
        }
        if Arc::ptr_eq(old, new) {
            return;
        }
        // Sites equal from the start, then sites equal (once moved through the edit) from the end.
        let prefix = old.iter().zip(new.iter()).take_while(|(a, b)| a == b).count();
        if prefix == old.len() && prefix == new.len() {
            return;
        }
        let room = old.len().min(new.len()) - prefix;
        let suffix = old
            .iter()
            .rev()
            .zip(new.iter().rev())
            .take(room)
            .take_while(|(a, b)| edit.is_some_and(|e| moved_equal(a, b, file, e)))
            .count();
        if !text_changed {
            self.moved_files.push(file);
        }
        let (old_mid, new_mid) = (&old[prefix..old.len() - suffix], &new[prefix..new.len() - suffix]);
        self.touched.extend(old_mid.iter().chain(new_mid.iter()).filter_map(|s| s.channel.known().map(str::to_string)));
        let unresolved = old_mid.iter().chain(new_mid.iter()).any(|s| s.channel.known().is_none());
        if old.len() == new.len() {
            // Ids stay: only the channels of the positions whose channel changed move.
            let changed = old.iter().zip(new.iter()).filter(|(a, b)| a.channel.known() != b.channel.known());
            let affected = changed.flat_map(|(a, b)| [a.channel.known(), b.channel.known()]).flatten();
            self.ids(file, affected, new, true, unresolved);
        } else {
            self.ids(file, old.iter().filter_map(|s| s.channel.known()), new, false, true);
        }
    }

    /// A file's sites are now `new`, moved in place as `m` says. With `all_direct` false (`new`
    /// holds bridge uses or uses of generated bindings too), every channel of `new` is touched.
    pub(super) fn file_moved(&mut self, file: FileId, m: &Moved, new: &Arc<Vec<Site>>, all_direct: bool) {
        self.moved_files.push(file);
        self.touched.extend(m.removed.iter().chain(&m.added).flatten().cloned());
        if !all_direct {
            self.touched.extend(new.iter().filter_map(|s| s.channel.known().map(str::to_string)));
        }
        let unresolved = m.removed.iter().chain(&m.added).any(Option::is_none);
        let removed = m.removed.iter().flatten().map(String::as_str);
        if m.same_positions && all_direct {
            // Ids stay: only the channels of the sites removed and added move.
            let affected = removed.chain(m.added.iter().flatten().map(String::as_str));
            self.ids(file, affected, new, true, unresolved);
        } else {
            // The channels the file had sites of: those it keeps, and those of the sites removed.
            let kept = new.iter().filter_map(|s| s.channel.known());
            self.ids(file, kept.chain(removed), new, false, true);
        }
    }

    /// The channel map and the unresolved list after a file's sites became `new`. With `only`,
    /// every site kept its position and only the channels in `channels` (those of the sites that
    /// changed) can have other ids in this file; else `channels` are all it had sites of before.
    /// With `unresolved` false no unresolved site came, went or moved.
    fn ids<'s>(
        &mut self,
        file: FileId,
        channels: impl Iterator<Item = &'s str>,
        new: &[Site],
        only: bool,
        unresolved: bool,
    ) {
        if unresolved {
            let ids: Vec<SiteId> = new
                .iter()
                .enumerate()
                .filter(|(_, s)| s.channel.known().is_none())
                .map(|(n, _)| SiteId { file, n: n as u32 })
                .collect();
            let range = ids_of(&self.maps.unresolved, file);
            if self.maps.unresolved[range.clone()] != ids[..] {
                Arc::make_mut(&mut self.maps.unresolved).splice(range, ids);
            }
        }
        // The lists of the channels this file's ids moved in.
        let mut lists: BTreeMap<&str, Vec<SiteId>> = BTreeMap::new();
        for c in channels {
            lists.entry(c).or_default();
        }
        if only && lists.is_empty() {
            return;
        }
        for (n, s) in new.iter().enumerate() {
            if let Some(c) = s.channel.known() {
                let id = SiteId { file, n: n as u32 };
                match lists.get_mut(c) {
                    Some(list) => list.push(id),
                    None if !only => lists.entry(c).or_default().push(id),
                    None => {}
                }
            }
        }
        for (channel, ids) in lists {
            let mut list = self.maps.channels.get(channel).map_or_else(Vec::new, |l| l.to_vec());
            let range = ids_of(&list, file);
            if list[range.clone()] == ids[..] {
                continue;
            }
            list.splice(range, ids);
            if list.is_empty() {
                self.maps.channels.remove(channel);
            } else {
                self.maps.channels.insert(channel.to_string(), Arc::new(list));
            }
        }
    }
}

/// The positions of `file`'s ids in a sorted list of ids.
pub(super) fn ids_of(list: &[SiteId], file: FileId) -> std::ops::Range<usize> {
    list.partition_point(|id| id.file < file)..list.partition_point(|id| id.file <= file)
}

/// Whether `new` is `old` moved through `edit` of its file's text: every position in the file
/// mapped, everything else equal.
pub(super) fn moved_equal(old: &Site, new: &Site, file: FileId, edit: EditSpan) -> bool {
    let Site {
        channel,
        kind,
        api,
        method,
        process,
        file: site_file,
        range,
        written,
        arg_count,
        listener_params,
        once,
        bridge,
        via,
        branches,
        callee_range,
        derived,
        conditional,
    } = old;
    let map = |r: TextRange| edit.map_range(r);
    let via_moved = match via {
        Some(FileRange { file: f, range: r }) if *f == file => map(*r).map(|r| Some(FileRange { file: *f, range: r })),
        other => Some(*other),
    };
    *site_file == file
        && new.file == file
        && map(*range) == Some(new.range)
        && *channel == new.channel
        && *kind == new.kind
        && *api == new.api
        && *written == new.written
        && *arg_count == new.arg_count
        && *listener_params == new.listener_params
        && *once == new.once
        && *derived == new.derived
        && *conditional == new.conditional
        && *process == new.process
        && *method == new.method
        && *bridge == new.bridge
        && via_moved == Some(new.via)
        && callee_range.map(map) == new.callee_range.map(Some)
        && branches.len() == new.branches.len()
        && branches
            .iter()
            .zip(&new.branches)
            .all(|(a, b)| edit.map_offset(a.if_start) == Some(b.if_start) && a.arm == b.arm)
}

/// Whether every position of a site of `file` can be moved through `edit` (none falls inside it).
pub(super) fn movable(site: &Site, file: FileId, edit: EditSpan) -> bool {
    let via = site.via.filter(|v| v.file == file).map(|v| v.range);
    site.file == file
        && [Some(site.range), site.callee_range, via].into_iter().flatten().all(|r| edit.map_range(r).is_some())
        && site.branches.iter().all(|b| edit.map_offset(b.if_start).is_some())
}

/// Moves a site of `file` through `edit` of its text: every position in the file. `false` when a
/// position falls inside the edit (see [`movable`]).
pub(super) fn move_site(site: &mut Site, file: FileId, edit: EditSpan) -> bool {
    let Site {
        channel: _,
        kind: _,
        api: _,
        method: _,
        process: _,
        file: site_file,
        range,
        written: _,
        arg_count: _,
        listener_params: _,
        once: _,
        bridge: _,
        via,
        branches,
        callee_range,
        derived: _,
        conditional: _,
    } = site;
    if *site_file != file {
        return false;
    }
    let mut ok = true;
    let mut map = |r: &mut TextRange| match edit.map_range(*r) {
        Some(moved) => *r = moved,
        None => ok = false,
    };
    map(range);
    if let Some(r) = callee_range {
        map(r);
    }
    if let Some(FileRange { file: f, range: r }) = via {
        if *f == file {
            map(r);
        }
    }
    for b in branches.iter_mut() {
        match edit.map_offset(b.if_start) {
            Some(moved) => b.if_start = moved,
            None => ok = false,
        }
    }
    ok
}

impl Builder<'_> {
    /// `file`'s direct sites after a local edit (see [`ts::LocalEdit`]), from the previous ones
    /// (`sites` and `origins`, changed in place): those of the walked raw sites and calls are
    /// found again, the others moved through the text edit. `None`, with the lists unchanged, when
    /// that cannot be done (a wrapper is defined in the walked statements, a position falls inside
    /// the edit): then the sites are found whole.
    pub(super) fn moved_sites(
        &mut self,
        file: FileId,
        edit: &ts::LocalEdit,
        sites: &mut Vec<Site>,
        origins: &mut Vec<u32>,
    ) -> Option<Moved> {
        let summary = self.r.summary(file)?;
        let (f0, f1) = edit.functions;
        if self.wrappers.keys().any(|k| k.file == file && (f0..f1).contains(&k.func)) {
            return None;
        }
        let (ls, lc) = (edit.sites, edit.calls);
        let n_new = summary.sites.len() as i64;
        let site_delta = ls.new_end as i64 - ls.old_end as i64;
        let call_delta = lc.new_end as i64 - lc.old_end as i64;
        let n_old = n_new - site_delta;
        if n_old < 0 || sites.len() != origins.len() {
            return None;
        }
        let at = |o: i64| origins.partition_point(|&x| (x as i64) < o);
        let (a, b) = (at(ls.start as i64), at(ls.old_end as i64));
        let (c, d) = (at(n_old + lc.start as i64), at(n_old + lc.old_end as i64));
        // Everything is checked before anything changes: when this fails, the caller still has
        // the previous sites.
        let kept = || (0..a).chain(b..c).chain(d..sites.len());
        if ls.new_end as usize > summary.sites.len()
            || lc.new_end as usize > summary.calls.len()
            || !kept().all(|k| movable(&sites[k], file, edit.span))
        {
            return None;
        }
        // Sites of the walked raw sites and calls, found again.
        let text = self.r.vfs.text(file).cloned().unwrap_or_else(|| Arc::from(""));
        let process = self.process(file);
        self.sites.clear();
        self.origins.clear();
        for (i, raw) in summary.sites.iter().enumerate().take(ls.new_end as usize).skip(ls.start as usize) {
            self.raw_site_sites(file, summary, &text, process, raw);
            self.origins.resize(self.sites.len(), i as u32);
        }
        let split = self.sites.len();
        for (j, call) in summary.calls.iter().enumerate().take(lc.new_end as usize).skip(lc.start as usize) {
            self.call_sites(file, summary, &text, process, call);
            self.origins.resize(self.sites.len(), (n_new + j as i64) as u32);
        }
        // The others: positions moved, origins numbered as in the new summary.
        for k in (0..a).chain(b..c).chain(d..sites.len()) {
            let moved = move_site(&mut sites[k], file, edit.span);
            debug_assert!(moved, "`movable` and `move_site` disagree on a site's positions");
        }
        for (k, o) in origins.iter_mut().enumerate().skip(b) {
            *o = (*o as i64 + site_delta + if k >= d { call_delta } else { 0 }) as u32;
        }
        let fresh_calls = self.sites.split_off(split);
        let fresh_call_origins = self.origins.split_off(split);
        let channels = |list: &[Site]| -> Vec<Option<String>> {
            list.iter().map(|s| s.channel.known().map(str::to_string)).collect()
        };
        let added: Vec<Option<String>> = channels(&self.sites).into_iter().chain(channels(&fresh_calls)).collect();
        let removed_calls: Vec<Option<String>> =
            sites.splice(c..d, fresh_calls).map(|s| s.channel.into_known()).collect();
        origins.splice(c..d, fresh_call_origins);
        let mut removed: Vec<Option<String>> =
            sites.splice(a..b, std::mem::take(&mut self.sites)).map(|s| s.channel.into_known()).collect();
        origins.splice(a..b, std::mem::take(&mut self.origins));
        let same_positions = b - a == split && d - c == added.len() - split;
        removed.extend(removed_calls);
        Some(Moved { removed, added, same_positions })
    }
}
