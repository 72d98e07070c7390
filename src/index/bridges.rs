//! Preload bridges (`contextBridge.exposeInMainWorld(key, api)`) with their members, and the
//! renderer's uses of them: a fixed member's channels are the sites in its body, a generic member's
//! are those of the wrapper behind it, called with the renderer's arguments.

use rustc_hash::FxHashMap;

use super::analysis::Direct;
use super::flow;
use super::resolve::{call_candidates, export_name, Env, Values};
use super::sites::{env_for, Builder, Expanded};
use super::wrappers::Target;
use super::{
    BoundName, Bridge, BridgeMemberInfo, BridgeRef, ChannelRef, FnKey, MemberChannel, Process, Site, UnknownMember,
    Written,
};
use crate::base::{FileId, FileRange, TextRange};
use crate::syntax::ts::{self, Api, BridgeRoot, FileSummary};

/// A bridge member's function: the member of `bridges[bridge]` at `path`, and the function its
/// value is, if any (a generic member's wrapper).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct MemberFunc {
    pub(super) bridge: usize,
    pub(super) path: Vec<String>,
    pub(super) func: Option<FnKey>,
}

impl Builder<'_> {
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
            let Some(exported) = export_name(&import.imported) else { continue };
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

    /// The bridges exposed by preload files, and the function behind each member (for generic
    /// members); a fixed member's channels are the direct sites in its value (`direct`, by file).
    pub(super) fn bridge_defs(
        &self,
        files: &[FileId],
        direct: &FxHashMap<FileId, Direct>,
    ) -> (Vec<Bridge>, Vec<MemberFunc>) {
        let mut bridges = Vec::new();
        let mut member_funcs: Vec<MemberFunc> = Vec::new();
        // Each member file's direct sites by start (positions in its list): a preload exposing
        // hundreds of members is not searched whole for each.
        let mut by_start: FxHashMap<FileId, Vec<(u32, usize)>> = FxHashMap::default();
        let written: rustc_hash::FxHashSet<&str> = files
            .iter()
            .filter_map(|&f| self.r.summary(f))
            .flat_map(|s| s.global_writes.iter().map(String::as_str))
            .collect();
        for &file in files {
            let Some(summary) = self.r.summary(file) else { continue };
            for def in &summary.bridges {
                if def.assigned && self.process(file) != Process::Preload {
                    continue; // `window.key = {…}` in the page: the page's own global
                }
                let key = match self.r.values(file, &def.key, &Env::default()) {
                    Values::Known(vs) if vs.len() == 1 => vs[0].clone(),
                    _ => continue,
                };
                let mut members = Vec::new();
                for (mfile, path, m) in self.expand_members(file, summary, &def.members) {
                    let generic = m.func.is_some_and(|f| self.wrappers.contains_key(&FnKey { file: mfile, func: f }));
                    let sites = direct.get(&mfile).map_or(&[][..], |d| d.sites.as_slice());
                    let starts = by_start.entry(mfile).or_insert_with(|| {
                        let mut v: Vec<(u32, usize)> =
                            sites.iter().enumerate().map(|(i, s)| (s.range.start, i)).collect();
                        v.sort();
                        v
                    });
                    let first = starts.partition_point(|(start, _)| *start < m.value_range.start);
                    let mut inside: Vec<usize> = starts[first..]
                        .iter()
                        .take_while(|(start, _)| *start <= m.value_range.end)
                        .map(|&(_, i)| i)
                        .filter(|&i| m.value_range.contains_range(sites[i].range))
                        .collect();
                    inside.sort();
                    let channels: Vec<MemberChannel> = inside
                        .iter()
                        .filter_map(|&i| {
                            let s = &sites[i];
                            Some(MemberChannel {
                                channel: s.channel.known()?.to_string(),
                                kind: s.kind,
                                method: s.method.clone(),
                            })
                        })
                        .collect();
                    member_funcs.push(MemberFunc {
                        bridge: bridges.len(),
                        path: path.clone(),
                        func: m.func.map(|f| FnKey { file: mfile, func: f }),
                    });
                    members.push(BridgeMemberInfo { path, file: mfile, name_range: m.name_range, channels, generic });
                }
                if def.toolkit {
                    for method in ts::toolkit_methods() {
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
                let open = def.open
                    || if def.assigned {
                        self.written_besides(files, file, &key)
                    } else {
                        written.contains(key.as_str())
                    };
                bridges.push(Bridge { key, file, key_range: def.key_range, members, opaque, open, bound: Vec::new() });
            }
        }
        let bound = self.bound_names(files);
        for b in &mut bridges {
            b.bound = bound.iter().filter(|n| n.path.first() == Some(&b.key)).cloned().collect();
        }
        (bridges, member_funcs)
    }

    /// The renderer's uses of bridges in one file: sites, and uses of members no preload exposes.
    pub(super) fn bridge_uses(
        &self,
        file: FileId,
        bridges: &[Bridge],
        member_funcs: &[MemberFunc],
    ) -> (Vec<Site>, Vec<UnknownMember>) {
        let mut sites = Vec::new();
        let mut unknown = Vec::new();
        {
            let Some(summary) = self.r.summary(file) else { return (sites, unknown) };
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
                    // A property of a member whose own members are not listed (`clock: clock`,
                    // `versions: process.versions`, `store: {}`): that value's, not the bridge's.
                    let of_leaf_member = candidates.iter().any(|(_, b)| {
                        b.members.iter().any(|m| {
                            m.path.len() < rest.len()
                                && rest.starts_with(&m.path)
                                && !b.members.iter().any(|c| c.path.len() > m.path.len() && c.path.starts_with(&m.path))
                        })
                    });
                    let opaque = candidates.iter().any(|(_, b)| b.opaque);
                    let open = candidates.iter().any(|(_, b)| b.open);
                    let telling = u.root == BridgeRoot::Global || rest.len() == 1;
                    if !opaque && !prefix_of_member && !of_leaf_member && telling {
                        let range = u.ranges.last().copied().unwrap_or_default();
                        unknown.push(UnknownMember {
                            file,
                            range,
                            key: key.clone(),
                            path: rest.to_vec(),
                            bridge_file: first.file,
                            bridge_range: first.key_range,
                            open,
                        });
                    }
                    continue;
                };
                let name_range = u.ranges.last().copied().unwrap_or_default();
                let member_name = rest.last().cloned().unwrap_or_default();
                let bridge_ref = Some(BridgeRef { key: key.clone(), path: rest.to_vec() });
                if member.generic {
                    let Some(args) = &u.args else { continue }; // a reference: no channel here
                    let Some((expanded, channel_param)) =
                        self.generic_member(file, bi, bridge, rest, &member_name, member_funcs, args, &Env::default())
                    else {
                        continue;
                    };
                    if self.wrappers.get(&FnKey { file, func: u.func.unwrap_or(u32::MAX) }).is_some_and(|w| {
                        w.targets.iter().any(
                            |t| matches!(t, Target::Bridge { file: f, arg, .. } if *f == file && *arg == channel_param),
                        )
                    }) && args.get(channel_param as usize).is_some_and(|a| a.first_param().is_some())
                    {
                        continue; // inside a wrapper of the bridge: its callers are the sites
                    }
                    let Some(&range) = u.arg_ranges.get(channel_param as usize) else { continue };
                    let Some(arg) = args.get(channel_param as usize) else { continue };
                    let text = self.r.vfs.text(file).map_or("", |t| t);
                    let expression = text.get(range.start as usize..range.end as usize).unwrap_or("");
                    for (e, range) in
                        expanded.into_iter().flat_map(|e| at_entries(self.r, file, summary, arg, text, e, range))
                    {
                        self.bridge_site(&mut sites, file, range, process, e, expression, |s| {
                            s.bridge = bridge_ref.clone();
                            s.arg_count = (!u.spread).then(|| (args.len() as u32).saturating_sub(channel_param + 1));
                        });
                    }
                } else {
                    for MemberChannel { channel, kind, method } in &member.channels {
                        sites.push(Site {
                            written: Written::Bridge,
                            bridge: bridge_ref.clone(),
                            via: Some(FileRange { file: member.file, range: member.name_range }),
                            derived: true,
                            ..Site::new(
                                ChannelRef::Known(channel.clone()),
                                file,
                                name_range,
                                *kind,
                                Api::IpcRenderer,
                                method,
                                process,
                            )
                        });
                    }
                }
            }
            self.bridged_sites(file, summary, process, bridges, member_funcs, &mut sites);
            self.declared_bridge_sites(file, summary, process, bridges, member_funcs, &mut sites);
        }
        (sites, unknown)
    }

    /// The channels a generic member at `rest` of `bridges[bi]` reaches when called with `args`
    /// (in `env`), with the argument that carries the channel.
    #[allow(clippy::too_many_arguments)]
    fn generic_member(
        &self,
        file: FileId,
        bi: usize,
        bridge: &Bridge,
        rest: &[String],
        member_name: &str,
        member_funcs: &[MemberFunc],
        args: &[ts::Expr],
        env: &Env,
    ) -> Option<(Vec<Expanded>, u32)> {
        let func = member_funcs.iter().find(|f| f.bridge == bi && f.path.as_slice() == rest).and_then(|f| f.func);
        match func.and_then(|k| self.wrappers.get(&k).map(|w| (k, w))) {
            Some((key_fn, w)) => {
                let inner = env_for(self.r, file, key_fn.func, args, env);
                let mut out = Vec::new();
                self.expand(key_fn, &inner, 0, &mut out);
                Some((out, w.channel_param))
            }
            None => {
                // The toolkit's `electronAPI.ipcRenderer.*`: the channel is the first argument.
                let kind = ts::toolkit_method_kind(member_name)?;
                let values = self.r.values(file, args.first()?, env);
                let e = Expanded {
                    kind,
                    api: Api::IpcRenderer,
                    method: member_name.to_string(),
                    values,
                    via: FileRange { file: bridge.file, range: bridge.key_range },
                    once: false,
                };
                Some((vec![e], 0))
            }
        }
    }

    /// The generic member a use in `file` calls, by the bridges of other files exposing its key.
    fn generic_use<'b>(&self, file: FileId, bridges: &'b [Bridge], u: &ts::BridgeUse) -> Option<(usize, &'b Bridge)> {
        let (key, rest) = u.path.split_first()?;
        bridges
            .iter()
            .enumerate()
            .filter(|(_, b)| &b.key == key && b.file != file)
            .find(|(_, b)| b.members.iter().any(|m| m.generic && m.path.as_slice() == rest))
    }

    /// The channels a call of wrapper `key` reaches through generic bridge members, with the
    /// member each goes through.
    fn expand_bridged(
        &self,
        key: FnKey,
        env: &Env,
        depth: u32,
        bridges: &[Bridge],
        member_funcs: &[MemberFunc],
        out: &mut Vec<(Expanded, BridgeRef)>,
    ) {
        if depth > MAX_BRIDGED_DEPTH {
            return;
        }
        let Some(w) = self.wrappers.get(&key) else { return };
        for target in &w.targets {
            match target {
                Target::Call { file, call, callee } => {
                    let Some(c) = self.r.summary(*file).and_then(|s| s.calls.get(*call)) else { continue };
                    let inner = env_for(self.r, *file, callee.func, &c.args, env);
                    self.expand_bridged(*callee, &inner, depth + 1, bridges, member_funcs, out);
                }
                Target::Bridge { file, bridge_use, arg } => {
                    let Some(u) = self.r.summary(*file).and_then(|s| s.bridge_uses.get(*bridge_use)) else { continue };
                    let (Some(args), Some((_, rest))) = (&u.args, u.path.split_first()) else { continue };
                    let Some((bi, bridge)) = self.generic_use(*file, bridges, u) else { continue };
                    let member_name = rest.last().cloned().unwrap_or_default();
                    let Some((expanded, channel_param)) =
                        self.generic_member(*file, bi, bridge, rest, &member_name, member_funcs, args, env)
                    else {
                        continue;
                    };
                    if channel_param != *arg {
                        continue;
                    }
                    let bridge_ref = BridgeRef { key: bridge.key.clone(), path: rest.to_vec() };
                    out.extend(expanded.into_iter().map(|e| (e, bridge_ref.clone())));
                }
                Target::Site { .. } | Target::Helper { .. } => {}
            }
        }
    }

    /// Calls in `file` of wrappers over a generic bridge member (`transport.invoke('x')` where
    /// `invoke(ch, ...a)` calls `window.api.invoke(ch, ...a)`): sites of the member's kind.
    fn bridged_sites(
        &self,
        file: FileId,
        summary: &FileSummary,
        process: super::Process,
        bridges: &[Bridge],
        member_funcs: &[MemberFunc],
        sites: &mut Vec<Site>,
    ) {
        let text = self.r.vfs.text(file).map_or("", |t| t);
        for call in &summary.calls {
            for callee in call_candidates(self.r, file, summary, call) {
                let Some(w) = self.wrappers.get(&callee) else { continue };
                let cp = w.channel_param as usize;
                let (Some(arg), Some(&range)) = (call.args.get(cp), call.arg_ranges.get(cp)) else { continue };
                if arg.first_param().is_some() {
                    continue; // passed on: the outer wrapper's callers are the sites
                }
                let env = env_for(self.r, file, callee.func, &call.args, &Env::default());
                let mut out = Vec::new();
                self.expand_bridged(callee, &env, 0, bridges, member_funcs, &mut out);
                let expression = text.get(range.start as usize..range.end as usize).unwrap_or("");
                let out = out.into_iter().flat_map(|(e, b)| {
                    at_entries(self.r, file, summary, arg, text, e, range).map(move |x| (x, b.clone()))
                });
                for ((e, range), bridge_ref) in out {
                    self.bridge_site(sites, file, range, process, e, expression, |s| {
                        s.bridge = Some(bridge_ref.clone());
                        s.callee_range = Some(call.name_range);
                        s.arg_count =
                            (!call.spread).then(|| (call.args.len() as u32).saturating_sub(w.channel_param + 1));
                    });
                }
            }
        }
    }
}

impl Builder<'_> {
    /// Whether the global `key` that `file` assigns as a bridge is written besides that assignment
    /// (`window.key.extra = …` in the same preload, or any write in another file).
    fn written_besides(&self, files: &[FileId], file: FileId, key: &str) -> bool {
        files.iter().any(|&f| {
            let writes = self.r.summary(f).map_or(0, |s| s.global_writes.iter().filter(|w| *w == key).count());
            writes > usize::from(f == file)
        })
    }

    /// The types and injection tokens bound to a bridge path anywhere in `files`, where each is
    /// declared (see [`Bridge::bound`]).
    fn bound_names(&self, files: &[FileId]) -> Vec<BoundName> {
        let mut out = Vec::new();
        for &file in files {
            let Some(summary) = self.r.summary(file) else { continue };
            for p in &summary.bridge_providers {
                if let Some((f, name)) = flow::declaration_of(self.r, file, &p.token) {
                    out.push(BoundName { file: f, name, path: p.path.clone(), conditional: p.conditional });
                }
            }
            for t in summary.type_decls.iter().filter(|t| t.name == "Window") {
                for (member, _, ty) in &t.members {
                    let Some((f, name)) = ty.as_deref().and_then(|ty| flow::declaration_of(self.r, file, ty)) else {
                        continue;
                    };
                    out.push(BoundName { file: f, name, path: vec![member.clone()], conditional: false });
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Calls in `file` on a receiver declared with a type or token bound to a bridge
    /// (`this.mainApi.invoke('x')` with `mainApi = inject(MainApi)` and a provider of `MainApi`
    /// returning `window.api`): uses of that bridge's members, as `window.api.invoke('x')` is.
    fn declared_bridge_sites(
        &self,
        file: FileId,
        summary: &FileSummary,
        process: Process,
        bridges: &[Bridge],
        member_funcs: &[MemberFunc],
        sites: &mut Vec<Site>,
    ) {
        if bridges.iter().all(|b| b.bound.is_empty()) {
            return;
        }
        let text = self.r.vfs.text(file).map_or("", |t| t);
        for call in summary.calls.iter().filter(|c| !c.declared.is_empty()) {
            let ts::Callee::Member { method, .. } = &call.callee else { continue };
            let Some(bound) = flow::declared_bridge(self.r, file, &call.declared, bridges) else { continue };
            let conditional = bound.conditional;
            let Some((key, below)) = bound.path.split_first() else { continue };
            let mut rest = below.to_vec();
            rest.push(method.clone());
            let found = bridges
                .iter()
                .enumerate()
                .filter(|(_, b)| &b.key == key && b.file != file)
                .find_map(|(bi, b)| b.members.iter().find(|m| m.path == rest).map(|m| (bi, b, m)));
            let Some((bi, bridge, member)) = found else { continue };
            let bridge_ref = Some(BridgeRef { key: key.clone(), path: rest.clone() });
            if !member.generic {
                for MemberChannel { channel, kind, method } in &member.channels {
                    sites.push(Site {
                        written: Written::Bridge,
                        bridge: bridge_ref.clone(),
                        via: Some(FileRange { file: member.file, range: member.name_range }),
                        derived: true,
                        conditional,
                        ..Site::new(
                            ChannelRef::Known(channel.clone()),
                            file,
                            call.name_range,
                            *kind,
                            Api::IpcRenderer,
                            method,
                            process,
                        )
                    });
                }
                continue;
            }
            let Some((expanded, channel_param)) =
                self.generic_member(file, bi, bridge, &rest, method, member_funcs, &call.args, &Env::default())
            else {
                continue;
            };
            let cp = channel_param as usize;
            let (Some(arg), Some(&range)) = (call.args.get(cp), call.arg_ranges.get(cp)) else { continue };
            if arg.first_param().is_some() {
                continue; // passed on: a wrapper of the bridge, whose callers are not followed here
            }
            let expression = text.get(range.start as usize..range.end as usize).unwrap_or("");
            for e in expanded {
                self.bridge_site(sites, file, range, process, e, expression, |s| {
                    s.bridge = bridge_ref.clone();
                    s.callee_range = Some(call.name_range);
                    s.conditional = conditional;
                    s.arg_count = (!call.spread).then(|| (call.args.len() as u32).saturating_sub(channel_param + 1));
                });
            }
        }
    }

    /// The sites of one expanded bridge call at `range`, written `Bridge` and reached through
    /// `e.via`, appended to `sites` (bridge sites are made after every file's own sites).
    #[allow(clippy::too_many_arguments)]
    fn bridge_site(
        &self,
        sites: &mut Vec<Site>,
        file: FileId,
        range: TextRange,
        process: Process,
        e: Expanded,
        expression: &str,
        with: impl Fn(&mut Site),
    ) {
        let mut tmp = Builder {
            r: self.r,
            processes: self.processes,
            wrappers: self.wrappers,
            passed: self.passed,
            sites: Vec::new(),
            origins: Vec::new(),
            depends: Vec::new(),
        };
        let via = e.via;
        tmp.push(file, range, process, e.kind, e.api, &e.method, e.values, Written::Bridge, expression, |s| {
            s.via = Some(via);
            with(s);
        });
        sites.extend(tmp.sites);
    }
}

/// One expanded bridge call per site to make: a channel argument that is an item of a table of
/// this file (`for (const event of NAT_EVENTS) transport.on(event, reload)`) gives a call per
/// entry, at the entry, as a direct call over a table does; anything else (a table imported from
/// another module included) stays at `range`.
fn at_entries(
    r: &super::resolve::Resolver,
    file: FileId,
    summary: &FileSummary,
    arg: &ts::Expr,
    text: &str,
    e: Expanded,
    range: TextRange,
) -> impl Iterator<Item = (Expanded, TextRange)> {
    let placed = match &e.values {
        Values::Known(vs) if vs.len() > 1 => {
            super::tables::table_ranges(r, file, summary, arg, text, vs, &mut Vec::new())
                .filter(|ranges| ranges.iter().all(|(at, _)| at.file == file))
                .map(|ranges| vs.iter().cloned().zip(ranges.into_iter().map(|(at, _)| at.range)).collect::<Vec<_>>())
        }
        _ => None,
    };
    let out: Vec<(Expanded, TextRange)> = match placed {
        Some(entries) => entries
            .into_iter()
            .map(|(v, r)| {
                let values = Values::Known(vec![v]);
                (Expanded { kind: e.kind, api: e.api, method: e.method.clone(), values, via: e.via, once: e.once }, r)
            })
            .collect(),
        None => vec![(e, range)],
    };
    out.into_iter()
}

/// The most wrapper levels a call is followed through to a bridge: wrappers that call each other
/// in a cycle stop here.
const MAX_BRIDGED_DEPTH: u32 = 8;
