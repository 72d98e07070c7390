//! Each file's sites: direct Electron calls (one site per channel value, a table's entries where
//! they are written) and calls of wrappers, expanded through the wrapper levels to the calls they
//! reach.

use std::collections::BTreeMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::flow;
use super::processes::Processes;
use super::resolve::{call_candidates, callee_candidates, Env, Resolver, Values};
use super::tables::{callback_entries, local_table_ranges, table_ranges};
use super::wrappers::{Target, Wrapper};
use super::{
    Branch, ChannelRef, Channels, FnKey, ListenerParams, Process, Site, SiteId, Sites, UnknownMember, Unresolved,
    Written,
};
use crate::base::{FileId, FileRange, TextRange};
use crate::syntax::ts::{self, Api, Callee, Expr, FileSummary, FnName, Kind};

/// One file's sites besides its direct ones (those are in the [`SiteCache`](super::analysis::SiteCache)).
#[derive(Clone, Debug, Default)]
pub(super) struct FileSites {
    /// Bridge uses, valid while the bridges are the same.
    pub(super) uses: Arc<Vec<Site>>,
    pub(super) unknown: Arc<Vec<UnknownMember>>,
    /// Uses of generated bindings.
    pub(super) generated: Arc<Vec<Site>>,
    /// Every site of the file, sorted and deduplicated as in [`Index::sites`](super::Index::sites).
    pub(super) all: Arc<Vec<Site>>,
    /// The text they were found in: the next analysis tells by it which sites an edit only moved.
    pub(super) text: Option<Arc<str>>,
}

/// Channel → its sites, in site order, and the unresolved sites.
pub(super) fn channel_map(sites: &Sites) -> (Channels, Vec<SiteId>) {
    let mut map: BTreeMap<&str, Vec<SiteId>> = BTreeMap::new();
    let mut unresolved = Vec::new();
    for (id, site) in sites.iter_ids() {
        match site.channel.known() {
            Some(c) => map.entry(c).or_default().push(id),
            None => unresolved.push(id),
        }
    }
    (map.into_iter().map(|(c, ids)| (c.to_string(), Arc::new(ids))).collect(), unresolved)
}

/// The persistent maps of an analysis: each file's sites, every site, channels, unresolved sites,
/// unknown bridge members.
#[derive(Clone, Debug, Default)]
pub(super) struct Maps {
    pub(super) files: imbl::OrdMap<FileId, FileSites>,
    pub(super) sites: Sites,
    pub(super) channels: Channels,
    pub(super) unresolved: Arc<Vec<SiteId>>,
    pub(super) unknown: Arc<Vec<UnknownMember>>,
}

/// How a file's sites are ordered (and deduplicated) in the index.
pub(super) fn site_order(s: &Site) -> (FileId, TextRange, Kind, Option<&str>) {
    (s.file, s.range, s.kind, s.channel.known())
}

pub(super) fn sorted_and_unique(sites: &[Site]) -> bool {
    sites.windows(2).all(|w| site_order(&w[0]) < site_order(&w[1]))
}

/// The most wrapper levels a call is expanded through: wrappers that call each other in a cycle
/// stop here.
const MAX_WRAPPER_DEPTH: u32 = 8;

/// Finds sites: those of one file at a time, into `sites` (with their `origins`).
pub(super) struct Builder<'a> {
    pub(super) r: &'a Resolver<'a>,
    pub(super) processes: &'a Processes,
    pub(super) wrappers: &'a FxHashMap<FnKey, Wrapper>,
    pub(super) sites: Vec<Site>,
    /// For `file_sites`: the origin of each site (see [`Direct`](super::analysis::Direct)).
    pub(super) origins: Vec<u32>,
    /// Other files whose summaries or texts the sites were looked for in beyond their interfaces:
    /// the modules of imported tables, the functions that call a callback with table entries, the
    /// callers that pass a wrapper as a function's parameter.
    pub(super) depends: Vec<FileId>,
    /// Wrappers passed by name as an argument (`register(sendEvent)`), by the function and
    /// parameter they are passed to: `(caller's file, wrapper)`.
    pub(super) passed: &'a PassedWrappers,
}

/// One channel reached through a wrapper or generic bridge.
pub(super) struct Expanded {
    pub(super) kind: Kind,
    pub(super) api: Api,
    pub(super) method: String,
    pub(super) values: Values,
    pub(super) via: FileRange,
    pub(super) once: bool,
}

impl Builder<'_> {
    pub(super) fn process(&self, file: FileId) -> Process {
        self.processes.file(file)
    }

    /// Direct Electron sites and wrapper calls of one file.
    pub(super) fn file_sites(&mut self, file: FileId) {
        let Some(summary) = self.r.summary(file) else { return };
        let text = self.r.vfs.text(file).cloned().unwrap_or_else(|| Arc::from(""));
        let process = self.process(file);
        for (i, raw) in summary.sites.iter().enumerate() {
            self.raw_site_sites(file, summary, &text, process, raw);
            self.origins.resize(self.sites.len(), i as u32);
        }
        let calls_from = summary.sites.len();
        for (j, call) in summary.calls.iter().enumerate() {
            self.call_sites(file, summary, &text, process, call);
            self.origins.resize(self.sites.len(), (calls_from + j) as u32);
        }
    }

    /// The sites of one raw site of `file`.
    pub(super) fn raw_site_sites(
        &mut self,
        file: FileId,
        summary: &FileSummary,
        text: &str,
        process: Process,
        raw: &ts::RawSite,
    ) {
        let (kind, api) = renderer_event_sender(raw, text, process).unwrap_or((raw.kind, raw.api));
        let values = self.r.values(file, &raw.channel, &Env::default());
        if let Expr::Param { func, index } = raw.channel {
            if let Some(entries) = callback_entries(self.r, file, summary, func, index, &mut self.depends) {
                let expression = text.get(raw.range.start as usize..raw.range.end as usize).unwrap_or("");
                for (v, at, written) in entries {
                    let single = Values::Known(vec![v]);
                    self.push(file, at.range, process, kind, api, &raw.method, single, written, expression, |s| {
                        s.arg_count = raw.arg_count;
                        s.listener_params = ListenerParams::of(raw.listener_params);
                        s.once = raw.once;
                        s.file = at.file;
                        s.via = Some(FileRange { file, range: raw.range });
                    });
                }
                return;
            }
        }
        if let Some((func, _)) = raw.channel.first_param() {
            let anonymous = summary.functions.get(func as usize).is_none_or(|f| f.name == FnName::Anonymous);
            if !anonymous && !matches!(values, Values::Known(_)) {
                return; // inside a wrapper: its callers are the sites
            }
            // A parameter of a callback nobody calls by name: kept as unresolved.
        }
        let expression = text.get(raw.range.start as usize..raw.range.end as usize).unwrap_or("");
        let written = written_of(&raw.channel, expression);
        if let (Expr::Each(_) | Expr::Member(..), Values::Known(vs)) = (&raw.channel, &values) {
            // A table: each entry is a site where it is written, in this file or the table's module
            // (or, for a table bound inside a function, where its literal is written before the call).
            let ranges = table_ranges(self.r, file, summary, &raw.channel, text, vs, &mut self.depends).or_else(|| {
                local_table_ranges(summary, &raw.channel, raw.func, raw.range.start, text, vs)
                    .map(|rs| rs.into_iter().map(|range| (FileRange { file, range }, Written::Literal)).collect())
            });
            if let Some(ranges) = ranges {
                for (v, (at, written)) in vs.iter().zip(ranges) {
                    let single = Values::Known(vec![v.clone()]);
                    self.push(file, at.range, process, kind, api, &raw.method, single, written, expression, |s| {
                        s.arg_count = raw.arg_count;
                        s.listener_params = ListenerParams::of(raw.listener_params);
                        s.once = raw.once;
                        if at.file == file {
                            s.callee_range = Some(raw.callee_range);
                        } else {
                            // An entry of another file's table: the call is where it is iterated.
                            s.file = at.file;
                            s.via = Some(FileRange { file, range: raw.range });
                        }
                    });
                }
                return;
            }
        }
        self.push(file, raw.range, process, kind, api, &raw.method, values, written, expression, |s| {
            s.arg_count = raw.arg_count;
            s.listener_params = ListenerParams::of(raw.listener_params);
            s.once = raw.once;
            s.branches = Branch::all_of(&raw.branches);
            s.callee_range = Some(raw.callee_range);
        });
    }

    /// The sites found from one call of `file` (of a wrapper, or passing an Electron object on).
    pub(super) fn call_sites(
        &mut self,
        file: FileId,
        summary: &FileSummary,
        text: &str,
        process: Process,
        call: &ts::Call,
    ) {
        if !call.arg_apis.is_empty() {
            self.param_receiver_sites(file, summary, call, process, text);
        }
        self.forwarded_sites(file, summary, text, process, call);
        if self.imported_api_site(file, summary, text, process, call) {
            return;
        }
        if !call.declared.is_empty() && self.declared_sites(file, call, process, text) {
            return;
        }
        let mut callee_key = call_candidates(self.r, file, summary, call)
            .into_iter()
            .find(|k| self.wrappers.contains_key(k))
            .or_else(|| match (&call.receiver, &call.callee) {
                (Some(receiver), Callee::Member { method, .. }) => {
                    flow::instance_method(self.r, file, receiver, method).filter(|k| self.wrappers.contains_key(k))
                }
                _ => None,
            });
        if callee_key.is_none() {
            callee_key = self.passed_wrapper(file, summary, call);
        }
        let declared = self.declared_wrapper(&call.callee);
        let channel_arg = match (callee_key.and_then(|k| self.wrappers.get(&k)), declared) {
            (Some(w), _) => w.channel_param,
            (None, Some((_, arg))) => arg,
            _ => return,
        };
        if let (Some(&Expr::Param { func, index }), Some(key)) = (call.args.get(channel_arg as usize), callee_key) {
            if let Some(entries) = callback_entries(self.r, file, summary, func, index, &mut self.depends) {
                self.callback_wrapper_sites(file, text, process, call, key, (func, index), entries);
                return;
            }
        }
        // A wrapper calling a wrapper is found through its own callers; an object given to one
        // (`deliver({ type: 'x', info })`) is a site when the channel it carries is known here.
        let object_arg = matches!(call.args.get(channel_arg as usize), Some(Expr::Object(_)));
        if !object_arg && call.args.get(channel_arg as usize).is_some_and(|a| a.first_param().is_some()) {
            return;
        }
        let (expanded, channel_param) = match (callee_key.and_then(|k| self.wrappers.get(&k).map(|w| (k, w))), declared)
        {
            (Some((key, w)), _) => {
                let env = env_for(self.r, file, key.func, &call.args, &Env::default());
                let mut out = Vec::new();
                self.expand(key, &env, 0, &mut out);
                (out, w.channel_param)
            }
            (None, Some((kind, channel_arg))) => {
                let Some(arg) = call.args.get(channel_arg as usize) else { return };
                let values = self.r.values(file, arg, &Env::default());
                let e = Expanded {
                    kind,
                    api: Api::Library,
                    method: callee_text(&call.callee),
                    values,
                    via: FileRange { file, range: call.range },
                    once: false,
                };
                (vec![e], channel_arg)
            }
            _ => return,
        };
        let Some(&range) = call.arg_ranges.get(channel_param as usize) else { return };
        let passes_on = call.args.get(channel_param as usize).is_some_and(|a| a.first_param().is_some());
        if passes_on && !expanded.iter().all(|e| matches!(e.values, Values::Known(_))) {
            return;
        }
        // An object literal is no channel: given to a wrapper that does not read a known channel
        // out of it (`client.sendMessage({ type: 'sync' })` into `send(message)`), it is no site.
        if object_arg && !expanded.iter().any(|e| matches!(e.values, Values::Known(_))) {
            return;
        }
        let expression = text.get(range.start as usize..range.end as usize).unwrap_or("");
        let arg_count = (!call.spread).then(|| (call.args.len() as u32).saturating_sub(channel_param + 1));
        for e in expanded {
            // A table passed on entry by entry: each entry is a site where it is written.
            let entries = match (call.args.get(channel_param as usize), &e.values) {
                (Some(arg), Values::Known(vs)) => table_ranges(self.r, file, summary, arg, text, vs, &mut self.depends),
                _ => None,
            };
            if let (Some(entries), Values::Known(vs)) = (entries, &e.values) {
                for (v, (at, written)) in vs.iter().zip(entries) {
                    let single = Values::Known(vec![v.clone()]);
                    self.push(file, at.range, process, e.kind, e.api, &e.method, single, written, expression, |s| {
                        s.file = at.file;
                        s.via = Some(e.via);
                        s.once = e.once;
                        s.arg_count = arg_count;
                    });
                }
                continue;
            }
            self.push(file, range, process, e.kind, e.api, &e.method, e.values, Written::Wrapper, expression, |s| {
                s.via = Some(e.via);
                s.once = e.once;
                s.arg_count = arg_count;
            });
        }
    }

    /// The sites of a wrapper call in a callback whose parameter `param` is each entry of a table
    /// (see [`callback_entries`]): one per entry, at the entry when the wrapper passes it on as it
    /// is, else at the call's channel argument.
    #[allow(clippy::too_many_arguments)]
    fn callback_wrapper_sites(
        &mut self,
        file: FileId,
        text: &str,
        process: Process,
        call: &ts::Call,
        key: FnKey,
        param: (u32, u32),
        entries: Vec<(String, FileRange, Written)>,
    ) {
        let Some(w) = self.wrappers.get(&key) else { return };
        let channel_param = w.channel_param;
        let Some(&range) = call.arg_ranges.get(channel_param as usize) else { return };
        let expression = text.get(range.start as usize..range.end as usize).unwrap_or("");
        let arg_count = (!call.spread).then(|| (call.args.len() as u32).saturating_sub(channel_param + 1));
        for (v, at, written) in entries {
            let mut outer = Env::default();
            outer.params.insert(param, Values::Known(vec![v.clone()]));
            let env = env_for(self.r, file, key.func, &call.args, &outer);
            let mut out = Vec::new();
            self.expand(key, &env, 0, &mut out);
            for e in out {
                let as_is = matches!(&e.values, Values::Known(vs) if vs.len() == 1 && vs[0] == v);
                let (site_range, written) = if as_is { (at.range, written) } else { (range, Written::Wrapper) };
                self.push(file, site_range, process, e.kind, e.api, &e.method, e.values, written, expression, |s| {
                    if as_is {
                        s.file = at.file;
                    }
                    s.via = Some(e.via);
                    s.once = e.once;
                    s.arg_count = arg_count;
                });
            }
        }
    }

    /// `ipcMain.on('x', fn)` where `ipcMain` is imported from a module of the workspace that binds it
    /// to an Electron object (`export const ipcMain: TypedIpcMain = untypedIpcMain`). Returns whether
    /// the call was one.
    fn imported_api_site(
        &mut self,
        file: FileId,
        summary: &FileSummary,
        text: &str,
        process: Process,
        call: &ts::Call,
    ) -> bool {
        let Callee::Member { object, .. } = &call.callee else { return false };
        let [name] = object.as_slice() else { return false };
        let Some(api) = self.r.imported_api(file, summary, name) else { return false };
        self.api_call_site(file, text, process, call, api)
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
        for FnKey { file: cfile, func } in call_candidates(self.r, file, summary, call) {
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
                let expression = text.get(range.start as usize..range.end as usize).unwrap_or("");
                self.push(file, range, process, kind, api, &pc.method, values, Written::Wrapper, expression, |s| {
                    s.once = once;
                    s.via = Some(FileRange { file: cfile, range: TextRange::default() });
                });
            }
        }
    }

    /// `bus.on('x', fn)`, `this.once('x', fn)` on an object whose IPC listener re-emits under the
    /// same channel (a [`ts::Forwarder`]): a receiver of `x` of the forwarder's kind, when `x` is
    /// among the channels it forwards (any, when those are not known).
    fn forwarded_sites(&mut self, file: FileId, summary: &FileSummary, text: &str, process: Process, call: &ts::Call) {
        let Callee::Member { object, method } = &call.callee else { return };
        let once = matches!(method.as_str(), "once" | "prependOnceListener");
        let dom = method == "addEventListener";
        if !once && !dom && !matches!(method.as_str(), "on" | "addListener" | "prependListener") {
            return;
        }
        let (Some(arg), Some(&range), [name]) = (call.args.first(), call.arg_ranges.first(), object.as_slice()) else {
            return;
        };
        let found = if dom {
            // `window.addEventListener(ch, …)` in the page: a preload that re-dispatches as DOM events.
            if !matches!(name.as_str(), "window" | "document" | "globalThis") || process == Process::Main {
                return;
            }
            dom_forwarder(self.r, &self.r.values(file, arg, &Env::default()))
        } else {
            forwarder_of(self.r, file, summary, name, call.func)
        };
        let Some((ffile, fwd)) = found else { return };
        let values = self.r.values(file, arg, &Env::default());
        if let (Values::Known(forwarded), Values::Known(vs)) =
            (self.r.values(ffile, &fwd.channel, &Env::default()), &values)
        {
            if !vs.iter().all(|v| forwarded.contains(v)) {
                return;
            }
        }
        let expression = text.get(range.start as usize..range.end as usize).unwrap_or("");
        self.push(file, range, process, fwd.kind, Api::Library, method, values, Written::Wrapper, expression, |s| {
            s.once = once;
            s.via = Some(FileRange { file: ffile, range: TextRange::default() });
        });
    }

    /// A call of an IPC method on a receiver whose declared type is an Electron object
    /// (`target.send('x')` with `target: Target`, `type Target = WebContents | WebFrameMain`);
    /// returns whether it was one.
    fn declared_sites(&mut self, file: FileId, call: &ts::Call, process: Process, text: &str) -> bool {
        let Some(api) = flow::declared_api(self.r, file, &call.declared) else { return false };
        self.api_call_site(file, text, process, call, api)
    }

    /// The site of `call` as a call of an IPC method on `api`; returns whether it was one. A channel
    /// that is the function's own parameter is not: the function is a wrapper, its callers are the sites.
    fn api_call_site(&mut self, file: FileId, text: &str, process: Process, call: &ts::Call, api: Api) -> bool {
        let Callee::Member { method, .. } = &call.callee else { return false };
        let Some((kind, channel_arg, once)) = ts::api_method(api, method, call.args.len()) else { return false };
        let (Some(arg), Some(&range)) = (call.args.get(channel_arg), call.arg_ranges.get(channel_arg)) else {
            return false;
        };
        if arg.first_param().is_some() {
            return false;
        }
        let values = self.r.values(file, arg, &Env::default());
        let expression = text.get(range.start as usize..range.end as usize).unwrap_or("");
        let written = written_of(arg, expression);
        let summary = self.r.summary(file);
        if let (Expr::Each(_) | Expr::Member(..), Values::Known(vs), Some(summary)) = (arg, &values, summary) {
            // A table: each entry is a site where it is written, in this file or the table's module.
            let ranges = table_ranges(self.r, file, summary, arg, text, vs, &mut self.depends).or_else(|| {
                local_table_ranges(summary, arg, call.func, range.start, text, vs)
                    .map(|rs| rs.into_iter().map(|range| (FileRange { file, range }, Written::Literal)).collect())
            });
            if let Some(ranges) = ranges {
                for (v, (at, written)) in vs.iter().zip(ranges) {
                    let single = Values::Known(vec![v.clone()]);
                    self.push(file, at.range, process, kind, api, method, single, written, expression, |s| {
                        s.once = once;
                        s.arg_count = (!call.spread).then(|| call.args.len().saturating_sub(channel_arg + 1) as u32);
                        if at.file == file {
                            s.callee_range = Some(call.name_range);
                        } else {
                            s.file = at.file;
                            s.via = Some(FileRange { file, range });
                        }
                    });
                }
                return true;
            }
        }
        self.push(file, range, process, kind, api, method, values, written, expression, |s| {
            s.once = once;
            s.arg_count = (!call.spread).then(|| call.args.len().saturating_sub(channel_arg + 1) as u32);
            s.callee_range = Some(call.name_range);
        });
        true
    }

    /// The wrapper a call of a parameter reaches (`sendEvent(EVENTS.added, list)` inside
    /// `register(sendEvent)`) when the function's callers pass one by name (`register(sendEvent)`
    /// with `sendEvent` a wrapper over `webContents.send`); the caller's file is recorded as one the
    /// sites depend on.
    fn passed_wrapper(&mut self, file: FileId, summary: &FileSummary, call: &ts::Call) -> Option<FnKey> {
        let Callee::Ident(name) = &call.callee else { return None };
        let mut cur = call.func;
        for _ in 0..summary.functions.len() {
            let f = cur?;
            let def = summary.functions.get(f as usize)?;
            if let Some(k) = def.params.iter().position(|p| p == name) {
                let &(caller, wrapper) = self.passed.get(&(FnKey { file, func: f }, k as u32))?.first()?;
                self.depends.push(caller);
                return Some(wrapper);
            }
            cur = def.parent;
        }
        None
    }

    fn declared_wrapper(&self, callee: &Callee) -> Option<(Kind, u32)> {
        let text = callee_text(callee);
        let w = self.r.config.wrappers.iter().find(|w| w.name == text)?;
        Some((Kind::parse(&w.kind)?, w.channel_arg))
    }

    /// The channels a call of wrapper `key` with parameters `env` reaches.
    pub(super) fn expand(&self, key: FnKey, env: &Env, depth: u32, out: &mut Vec<Expanded>) {
        if depth > MAX_WRAPPER_DEPTH {
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
                        via: FileRange { file: *file, range: raw.range },
                        once: raw.once,
                    });
                }
                Target::Call { file, call, callee } => {
                    let Some(c) = self.r.summary(*file).and_then(|s| s.calls.get(*call)) else { continue };
                    let inner = env_for(self.r, *file, callee.func, &c.args, env);
                    self.expand(*callee, &inner, depth + 1, out);
                }
                Target::Helper { file, call, callee, param_call, api } => {
                    let Some(c) = self.r.summary(*file).and_then(|s| s.calls.get(*call)) else { continue };
                    let Some(pc) = self.r.summary(callee.file).and_then(|s| s.param_calls.get(*param_call)) else {
                        continue;
                    };
                    let Some((kind, _, once)) = ts::api_method(*api, &pc.method, pc.arg_count) else { continue };
                    let inner = env_for(self.r, *file, callee.func, &c.args, env);
                    out.push(Expanded {
                        kind,
                        api: *api,
                        method: pc.method.clone(),
                        values: self.r.values(callee.file, &pc.channel, &inner),
                        via: FileRange { file: *file, range: c.range },
                        once,
                    });
                }
                // Reached once bridges are known: `Builder::bridged_sites`.
                Target::Bridge { .. } => {}
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn push(
        &mut self,
        file: FileId,
        range: TextRange,
        process: Process,
        kind: Kind,
        api: Api,
        method: &str,
        values: Values,
        written: Written,
        expression: &str,
        with: impl Fn(&mut Site),
    ) {
        // The channel is set below, site by site; a module shared by several processes, or one no
        // entry reaches, gives each site the process of its API (docs/design.md § Processes): a
        // bridge is used by page code.
        let process = match (written, process) {
            (Written::Bridge, Process::Unknown) => Process::Renderer,
            (Written::Bridge, process) => process,
            _ => self.processes.site(file, api),
        };
        let unset = ChannelRef::Known(String::new());
        let base = Site { written, ..Site::new(unset, file, range, kind, api, method, process) };
        match values {
            Values::Known(vs) => {
                let written = if vs.len() > 1 && written != Written::Wrapper && written != Written::Bridge {
                    Written::Table
                } else {
                    written
                };
                // One site per value; the last one takes `base` over.
                let last = vs.len().saturating_sub(1);
                let mut base = Some(base);
                for (i, v) in vs.into_iter().enumerate() {
                    let Some(mut s) = (if i == last { base.take() } else { base.clone() }) else { break };
                    s.channel = ChannelRef::Known(v);
                    s.written = written;
                    with(&mut s);
                    self.sites.push(s);
                }
            }
            Values::Partial { prefix, suffix } => {
                let mut s = base;
                s.channel = ChannelRef::Unresolved(Unresolved { expression: expression.to_string(), prefix, suffix });
                with(&mut s);
                self.sites.push(s);
            }
        }
    }
}

/// A listener of any file that re-dispatches `values` as DOM events ([`ts::DOM_EVENTS`]).
fn dom_forwarder<'s>(r: &'s Resolver, values: &Values) -> Option<(FileId, &'s ts::Forwarder)> {
    let Values::Known(vs) = values else { return None };
    r.dom_forwarders().iter().find_map(|&(f, i)| {
        let w = r.summary(f)?.forwarders.get(i)?;
        match r.values(f, &w.channel, &Env::default()) {
            Values::Known(forwarded) if vs.iter().all(|v| forwarded.contains(v)) => Some((f, w)),
            _ => None,
        }
    })
}

/// The forwarder an object name of `file` denotes: `this` in a forwarding class, a forwarding
/// top-level object, an instance of a forwarding class, or one of these imported.
fn forwarder_of<'s>(
    r: &'s Resolver,
    file: FileId,
    summary: &'s FileSummary,
    name: &str,
    func: Option<u32>,
) -> Option<(FileId, &'s ts::Forwarder)> {
    if name == "this" {
        let mut cur = func;
        while let Some(c) = cur {
            let f = summary.functions.get(c as usize)?;
            if let FnName::Method { class, .. } = &f.name {
                let found = summary.forwarders.iter().find(|w| w.object == "this" && w.class.as_ref() == Some(class));
                return found.map(|w| (file, w));
            }
            cur = f.parent;
        }
        return None;
    }
    let local = |s: &'s FileSummary, f: FileId, local: &str| -> Option<(FileId, &'s ts::Forwarder)> {
        if let Some(w) = s.forwarders.iter().find(|w| w.object == local) {
            return Some((f, w));
        }
        let (_, class) = s.instances.iter().find(|(n, _)| n == local)?;
        let by_class = |t: &'s FileSummary| t.forwarders.iter().find(|w| w.class.as_ref() == Some(class));
        if let Some(w) = by_class(s) {
            return Some((f, w));
        }
        let import = s.imports.iter().find(|i| &i.local == class)?;
        let target = r.import_target(f, &import.source)?;
        by_class(r.summary(target)?).map(|w| (target, w))
    };
    if let Some(found) = local(summary, file, name) {
        return Some(found);
    }
    let import = summary.imports.iter().find(|i| i.local == name)?;
    let target = r.import_target(file, &import.source)?;
    let (f, exported) = r.export_site(target, super::resolve::export_name(&import.imported)?, 0)?;
    local(r.summary(f)?, f, &exported)
}

/// Parameters of function `func` bound to a call's arguments (resolved in the caller's file).
/// An argument that is an object (written inline or a constant) binds its members too, and one that
/// is the caller's own parameter passes on the members bound to it.
pub(super) fn env_for(r: &Resolver, file: FileId, func: u32, args: &[Expr], outer: &Env) -> Env {
    let mut env = Env::default();
    for (i, arg) in args.iter().enumerate() {
        let index = i as u32;
        env.params.insert((func, index), r.values(file, arg, outer));
        match arg {
            Expr::Param { func: f, index: p } => {
                for ((of, op, name), v) in &outer.members {
                    if (of, op) == (f, p) {
                        env.members.insert((func, index, name.clone()), v.clone());
                    }
                }
            }
            _ => {
                let (f, members) = match arg {
                    Expr::Object(members) => (file, members),
                    Expr::Ident(name) => match r.binding(file, name, 0) {
                        Some((f, Expr::Object(members))) => (f, members),
                        _ => continue,
                    },
                    _ => continue,
                };
                for (name, value) in members {
                    let outer = if f == file { outer } else { &Env::default() };
                    env.members.insert((func, index, name.clone()), r.values(f, value, outer));
                }
            }
        }
    }
    env
}

/// Wrappers passed by name, by the function and parameter they are given for: `(caller's file,
/// wrapper)`.
pub(super) type PassedWrappers = FxHashMap<(FnKey, u32), Vec<(FileId, FnKey)>>;

/// Every call that passes a wrapper by name (`register(sendEvent)`), by the function it calls and
/// the parameter the wrapper is given for.
pub(super) fn passed_wrappers(r: &Resolver, wrappers: &FxHashMap<FnKey, Wrapper>) -> PassedWrappers {
    let mut out = PassedWrappers::default();
    let mut files: Vec<_> = r.summaries.iter().collect();
    files.sort_by_key(|(id, _)| **id);
    for (&file, summary) in files {
        for call in &summary.calls {
            for (k, arg) in call.args.iter().enumerate() {
                let Expr::Ident(name) = arg else { continue };
                let named = Callee::Ident(name.clone());
                let Some(w) =
                    callee_candidates(r, file, summary, &named, None).into_iter().find(|w| wrappers.contains_key(w))
                else {
                    continue;
                };
                for target in call_candidates(r, file, summary, call) {
                    out.entry((target, k as u32)).or_default().push((file, w));
                }
            }
        }
    }
    out
}

pub(super) fn callee_text(callee: &Callee) -> String {
    match callee {
        Callee::Ident(n) => n.clone(),
        Callee::Member { object, method } => format!("{}.{method}", object.join(".")),
    }
}

/// `event.sender.send(…)` in a renderer or preload file: the sender of an `IpcRendererEvent` is
/// `ipcRenderer`, so the call is that method of `ipcRenderer` (the walker, which does not know the
/// process, takes an event's sender for the main side's `WebContents`).
fn renderer_event_sender(raw: &ts::RawSite, text: &str, process: Process) -> Option<(Kind, Api)> {
    if raw.api != Api::WebContents || !matches!(process, Process::Renderer | Process::Preload) {
        return None;
    }
    let callee = text.get(raw.callee_range.start as usize..raw.callee_range.end as usize)?;
    let receiver = callee.strip_suffix(raw.method.as_str())?.strip_suffix('.')?;
    let (_, last) = receiver.rsplit_once('.')?;
    if last.trim() != "sender" {
        return None;
    }
    let argc = raw.arg_count.map_or(1, |n| n as usize + 1);
    ts::api_method(Api::IpcRenderer, &raw.method, argc).map(|(kind, _, _)| (kind, Api::IpcRenderer))
}

pub(super) fn written_of(expr: &Expr, source: &str) -> Written {
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
