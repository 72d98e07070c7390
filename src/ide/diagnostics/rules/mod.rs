//! One rule per diagnostic code, and the drivers that call them: per channel (its senders against
//! its receivers and the contract's view of it), per file (the Electron objects a file uses, its
//! unresolved channels), for the workspace (bridges, the contract, generated bindings), and per
//! rpc that no site uses.
//!
//! A driver builds what its rules read once and calls them in a fixed order; a file's diagnostics
//! are then sorted by position, code and message, so the order only decides ties of one code.

mod arity_mismatch;
mod config;
mod contract;
mod duplicate_handler;
mod kind_mismatch;
mod no_handler;
mod no_listener;
mod not_in_contract;
mod stale_bindings;
mod unimplemented_rpc;
mod unknown_bridge_member;
mod unresolved_channel;
mod unused_handler;
mod wrong_process;

use std::cell::Cell;

use super::lookalikes::Lookalike;
use super::near_miss::{near_miss, NearMiss, NearMisses};
use super::Diagnostic;
use crate::base::FileId;
use crate::index::{Index, RpcRef, Site, SiteId};
use crate::syntax::ts::{Api, Kind};
use rustc_hash::FxHashMap;

/// What the checks of every channel read besides its own sites.
pub(super) struct Context<'a> {
    pub(super) ignore: &'a globset::GlobSet,
    pub(super) unresolved: Vec<&'a Site>,
    /// Calls that look like IPC but are not sites, by the channel string they pass.
    pub(super) lookalikes: FxHashMap<&'a str, (FileId, &'a Lookalike)>,
}

impl Context<'_> {
    pub(super) fn ignored(&self, channel: &str) -> bool {
        self.ignore.is_match(channel)
    }
}

/// One channel's diagnostics, and what they consulted beyond its sites.
pub(super) struct ChannelResult {
    pub(super) diagnostics: Vec<Diagnostic>,
    /// Kinds whose receivers a near-miss search looked through.
    pub(super) near: Vec<Kind>,
    /// Whether unresolved sites were asked to explain a missing side.
    pub(super) explained: bool,
}

/// What the rules of one channel read: its sites by role, its rpcs, and the memos of what was
/// consulted elsewhere (near misses, unresolved sites).
pub(super) struct ChannelCx<'a> {
    index: &'a Index,
    cx: &'a Context<'a>,
    channel: &'a str,
    sites: Vec<&'a Site>,
    handles: Vec<&'a Site>,
    ons: Vec<&'a Site>,
    listens: Vec<&'a Site>,
    invokes: Vec<&'a Site>,
    sends: Vec<&'a Site>,
    pushes: Vec<&'a Site>,
    /// `emit` in main (reaches `ipcMain.on`) and elsewhere (reaches renderer listeners).
    main_emits: Vec<&'a Site>,
    renderer_emits: Vec<&'a Site>,
    /// The channel's rpcs, as positions in `Index::rpcs`.
    rpcs: &'a [usize],
    near: NearMisses<'a>,
    explained: Cell<bool>,
}

impl<'a> ChannelCx<'a> {
    fn new(index: &'a Index, cx: &'a Context<'a>, channel: &'a str, ids: &[SiteId]) -> ChannelCx<'a> {
        let sites: Vec<&Site> = ids.iter().map(|id| index.site(*id)).collect();
        // A handler implemented through generated bindings (`registerXService({ openFile })`) is
        // registered once, by the generated code: its members are not registrations of their own.
        let of = |kinds: &[Kind]| -> Vec<&Site> {
            sites
                .iter()
                .copied()
                .filter(|s| kinds.contains(&s.kind) && !(s.derived && s.kind == Kind::Handle))
                .collect()
        };
        let emits = |main: bool| -> Vec<&Site> {
            sites.iter().copied().filter(|s| s.kind == Kind::Emit && (s.api == Api::IpcMain) == main).collect()
        };
        ChannelCx {
            index,
            cx,
            channel,
            handles: of(&[Kind::Handle]),
            ons: of(&[Kind::On]),
            listens: of(&[Kind::Listen]),
            invokes: of(&[Kind::Invoke]),
            sends: of(&[Kind::Send, Kind::SendSync]),
            pushes: of(&[Kind::Push]),
            main_emits: emits(true),
            renderer_emits: emits(false),
            rpcs: index.rpcs_of_channel(channel),
            sites,
            near: NearMisses::default(),
            explained: Cell::new(false),
        }
    }

    /// The sites the channel's code writes (not those derived from generated bindings).
    fn written(&self) -> impl Iterator<Item = &'a Site> + '_ {
        self.sites.iter().copied().filter(|s| !s.derived)
    }

    /// Whether an unresolved site of one of `kinds` could be using this channel.
    fn could_explain(&self, kinds: &[Kind]) -> bool {
        self.explained.set(true);
        self.cx
            .unresolved
            .iter()
            .any(|s| kinds.contains(&s.kind) && s.channel.unresolved().is_some_and(|u| u.could_be(self.channel)))
    }

    /// A call ipcls could not follow that passes this channel's string (the first one).
    fn lookalike(&self) -> Option<(FileId, &'a Lookalike)> {
        self.cx.lookalikes.get(self.channel).copied()
    }

    /// The closest other channel with a receiver of `kind` (looked up once per kind).
    fn near_miss(&self, kind: Kind) -> NearMiss<'a> {
        self.near.get(kind, || near_miss(self.index, self.channel, &[kind]))
    }

    /// The rpc of the channel, if the contract declares it.
    fn rpc(&self) -> Option<&'a RpcRef> {
        self.rpcs.first().and_then(|&i| self.index.rpcs.get(i))
    }
}

/// The checks of one channel: its senders against its receivers, duplicates, arity, and the
/// contract's view of it (not declared, its rpcs not implemented). An ignored channel has none.
pub(super) fn channel(index: &Index, cx: &Context, channel: &str, ids: &[SiteId]) -> ChannelResult {
    if cx.ignored(channel) {
        return ChannelResult { diagnostics: Vec::new(), near: Vec::new(), explained: false };
    }
    let ch = ChannelCx::new(index, cx, channel, ids);
    let mut out = Vec::new();
    kind_mismatch::check(&ch, &mut out);
    no_handler::check(&ch, &mut out);
    no_listener::check(&ch, &mut out);
    duplicate_handler::check(&ch, &mut out);
    unused_handler::check(&ch, &mut out);
    arity_mismatch::check(&ch, &mut out);
    not_in_contract::check(&ch, &mut out);
    unimplemented_rpc::check(&ch, &mut out);
    ChannelResult { diagnostics: out, near: ch.near.into_kinds(), explained: ch.explained.get() }
}

/// The checks of one file's sites: Electron objects used in the wrong process, unresolved channels.
pub(super) fn file(index: &Index, file: FileId) -> Vec<Diagnostic> {
    let sites = index.sites.of_file(file);
    let mut out = Vec::new();
    wrong_process::check(index, sites, &mut out);
    unresolved_channel::check(sites, &mut out);
    out
}

/// The checks of the workspace as a whole: unknown bridge members, contract errors, stale
/// generated bindings. (`ipcls.toml` problems are not diagnostics: see [`config`].)
pub(super) fn workspace(index: &Index) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    unknown_bridge_member::check(index, &mut out);
    contract::check(index, &mut out);
    stale_bindings::check(index, &mut out);
    out
}

/// The check of an rpc whose channel no site uses (none when the channel is ignored).
pub(super) fn unused_rpc(index: &Index, cx: &Context, r: &RpcRef) -> Option<Diagnostic> {
    let unused = !cx.ignored(&r.channel) && !index.channels.contains_key(&r.channel);
    unused.then(|| unimplemented_rpc::unimplemented(index, r, &[])).flatten()
}
