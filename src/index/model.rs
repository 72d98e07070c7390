//! The cross-file model: sites with resolved channels, bridges, processes, the channel catalogue.

use std::sync::Arc;

use crate::base::{FileId, FileRange, TextRange};
use crate::syntax::ts::{Api, Kind};

/// Which Electron process a file runs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Process {
    Main,
    Preload,
    Renderer,
    Unknown,
}

impl Process {
    pub fn as_str(self) -> &'static str {
        match self {
            Process::Main => "main",
            Process::Preload => "preload",
            Process::Renderer => "renderer",
            Process::Unknown => "unknown",
        }
    }
}

/// How a site's channel is written in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Written {
    Literal,
    Template,
    Constant,
    /// An object or enum member.
    Member,
    Concat,
    /// A call of a function that passes its parameter on as the channel.
    Wrapper,
    /// A renderer call of a preload bridge member.
    Bridge,
    /// An entry of a table of channels iterated into a registration.
    Table,
}

impl Written {
    pub fn as_str(self) -> &'static str {
        match self {
            Written::Literal => "literal",
            Written::Template => "template",
            Written::Constant => "constant",
            Written::Member => "member",
            Written::Concat => "concat",
            Written::Wrapper => "wrapper",
            Written::Bridge => "bridge",
            Written::Table => "table",
        }
    }
}

/// A site of an index: its file and its place in the file's sorted list. Ids of one file's sites
/// stay the same while the file's list keeps its length, so the channel map outlives an edit that
/// only moves sites.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SiteId {
    pub file: FileId,
    pub n: u32,
}

/// Every site of an index, file by file in file order, each file's sorted by position. Persistent:
/// a file's list is shared with the next index while it does not change, and the next index
/// replaces the lists of the files that changed without copying the others' entries.
///
/// A file's list holds the sites found from that file. Most sit in it; an entry of a table written
/// in another module and iterated here sits at the entry ([`Site::file`] is the table's file), and
/// the list of the file it sits in does not hold it: [`Sites::in_file`] finds both.
#[derive(Clone, Debug, Default)]
pub struct Sites {
    files: imbl::OrdMap<FileId, Arc<Vec<Site>>>,
    /// For each file, the sites of other files' lists that sit in it.
    hosted: imbl::OrdMap<FileId, imbl::OrdSet<SiteId>>,
    len: usize,
}

impl Sites {
    /// The sites of files in file order, each list sorted; empty lists are left out.
    pub fn new(files: impl IntoIterator<Item = (FileId, Arc<Vec<Site>>)>) -> Sites {
        let mut sites = Sites::default();
        for (file, list) in files {
            sites.set(file, list);
        }
        sites
    }

    /// Replaces the sites of `file`.
    pub fn set(&mut self, file: FileId, list: Arc<Vec<Site>>) {
        let old = if list.is_empty() { self.files.remove(&file) } else { self.files.insert(file, list.clone()) };
        if let Some(old) = &old {
            for (n, s) in old.iter().enumerate().filter(|(_, s)| s.file != file) {
                let id = SiteId { file, n: n as u32 };
                if let Some(set) = self.hosted.get_mut(&s.file) {
                    set.remove(&id);
                    if set.is_empty() {
                        self.hosted.remove(&s.file);
                    }
                }
            }
        }
        for (n, s) in list.iter().enumerate().filter(|(_, s)| s.file != file) {
            self.hosted.entry(s.file).or_default().insert(SiteId { file, n: n as u32 });
        }
        self.len -= old.map_or(0, |l| l.len());
        self.len += list.len();
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, id: SiteId) -> Option<&Site> {
        self.files.get(&id.file)?.get(id.n as usize)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Site> + '_ {
        self.files.values().flat_map(|list| list.iter())
    }

    /// Every site with its id, in order.
    pub fn iter_ids(&self) -> impl Iterator<Item = (SiteId, &Site)> + '_ {
        self.files
            .iter()
            .flat_map(|(&file, list)| list.iter().enumerate().map(move |(n, s)| (SiteId { file, n: n as u32 }, s)))
    }

    /// The sites found from one file (its list, sorted by position), including entries of a table
    /// in another file that it iterates; [`Sites::in_file`] gives the sites that sit in a file.
    pub fn of_file(&self, file: FileId) -> &[Site] {
        self.files.get(&file).map_or(&[], |l| l.as_slice())
    }

    /// The sites that sit in `file`: those of its list that do, then the entries of its tables
    /// that other files iterate.
    pub fn in_file(&self, file: FileId) -> impl Iterator<Item = &Site> + '_ {
        let own = self.of_file(file).iter().filter(move |s| s.file == file);
        let hosted = self.hosted.get(&file).into_iter().flat_map(|ids| ids.iter()).filter_map(|&id| self.get(id));
        own.chain(hosted)
    }
}

/// A channel that could not be resolved, with what is known of it (`app:` + something).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unresolved {
    /// The source text of the channel expression.
    pub expression: String,
    pub prefix: String,
    pub suffix: String,
}

impl Unresolved {
    /// Whether this site could be using `channel`.
    pub fn could_be(&self, channel: &str) -> bool {
        channel.len() >= self.prefix.len() + self.suffix.len()
            && channel.starts_with(&self.prefix)
            && channel.ends_with(&self.suffix)
    }
}

/// A site's channel: resolved, or not statically certain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChannelRef {
    Known(String),
    Unresolved(Unresolved),
}

impl ChannelRef {
    /// The resolved channel; `None` when it is unresolved.
    pub fn known(&self) -> Option<&str> {
        match self {
            ChannelRef::Known(c) => Some(c),
            ChannelRef::Unresolved(_) => None,
        }
    }

    /// The resolved channel, taken; `None` when it is unresolved.
    pub fn into_known(self) -> Option<String> {
        match self {
            ChannelRef::Known(c) => Some(c),
            ChannelRef::Unresolved(_) => None,
        }
    }

    /// What is known of an unresolved channel; `None` when it is resolved.
    pub fn unresolved(&self) -> Option<&Unresolved> {
        match self {
            ChannelRef::Known(_) => None,
            ChannelRef::Unresolved(u) => Some(u),
        }
    }
}

/// One place in the source that names a channel (docs/design.md § Sites).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    /// The channel: resolved, or what is known of it.
    pub channel: ChannelRef,
    pub kind: Kind,
    pub api: Api,
    /// The Electron method that carries the channel (`handle`, `send`); for a call through a bridge
    /// member, the method the preload calls (`invoke`), with the member in [`Site::bridge`].
    pub method: String,
    pub process: Process,
    pub file: FileId,
    /// The channel expression (or the member name of a bridge call).
    pub range: TextRange,
    pub written: Written,
    pub arg_count: Option<u32>,
    /// For `handle`/`on`: how many parameters the listener takes after `event`, when known.
    pub listener_params: Option<ListenerParams>,
    pub once: bool,
    /// For bridge sites: the bridge key and member path used.
    pub bridge: Option<BridgeRef>,
    /// For sites found through a wrapper or a generic bridge member: where the inner call is; for
    /// an entry of a table in another file: the channel argument of the call that iterates it.
    pub via: Option<FileRange>,
    /// The `if` branches around the call: two sites in different branches of one `if` cannot both
    /// run.
    pub branches: Vec<Branch>,
    /// The callee of a direct Electron call (`ipcRenderer.invoke`), for `wrong-process`.
    pub callee_range: Option<TextRange>,
    /// The channel is written elsewhere (a renderer call of a fixed bridge member): diagnostics about
    /// the channel go where it is written, not here.
    pub derived: bool,
    /// The call goes through a value that is the bridge only under a condition (an injected
    /// `isWeb ? new WebApi() : window.api`): that nothing answers it is a warning, not an error.
    pub conditional: bool,
}

impl Site {
    /// A site of `channel` with none of the optional details; callers set what they know (the one
    /// place that lists every field).
    pub(super) fn new(
        channel: ChannelRef,
        file: FileId,
        range: TextRange,
        kind: Kind,
        api: Api,
        method: &str,
        process: Process,
    ) -> Site {
        Site {
            channel,
            kind,
            api,
            method: method.to_string(),
            process,
            file,
            range,
            written: Written::Literal,
            arg_count: None,
            listener_params: None,
            once: false,
            bridge: None,
            via: None,
            branches: Vec::new(),
            callee_range: None,
            derived: false,
            conditional: false,
        }
    }

    /// Whether this site and `other` sit in different branches of one `if`, so cannot both run.
    pub fn exclusive_with(&self, other: &Site) -> bool {
        self.file == other.file
            && self.branches.iter().any(|b| other.branches.iter().any(|o| b.if_start == o.if_start && b.arm != o.arm))
    }
}

/// A branch of an `if` around a site: the `if` statement, by where it starts, and which branch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Branch {
    pub if_start: u32,
    pub arm: u8,
}

impl Branch {
    /// From the syntax summary's `(if statement start, branch)` pairs.
    pub(super) fn all_of(branches: &[(u32, u8)]) -> Vec<Branch> {
        branches.iter().map(|&(if_start, arm)| Branch { if_start, arm }).collect()
    }
}

/// The bridge member a renderer site calls: `window.<key>.<path>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BridgeRef {
    pub key: String,
    pub path: Vec<String>,
}

/// How many parameters a listener takes after `event`: `required` of `all` (the others are
/// optional or have defaults).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListenerParams {
    pub required: u32,
    pub all: u32,
}

impl ListenerParams {
    /// From the syntax summary's `(required, all)`.
    pub(super) fn of(params: Option<(u32, u32)>) -> Option<ListenerParams> {
        params.map(|(required, all)| ListenerParams { required, all })
    }
}

/// A preload bridge: `contextBridge.exposeInMainWorld(key, api)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bridge {
    pub key: String,
    pub file: FileId,
    pub key_range: TextRange,
    pub members: Vec<BridgeMemberInfo>,
    /// The api object could not be read (built elsewhere): unknown members are not reported.
    pub opaque: bool,
    /// Some members are built in a way ipcls cannot see (a spread of an unknown object, a
    /// computed key, a global the workspace writes as `window.key = …`): an unknown member may
    /// still exist, so it is at most a hint.
    pub open: bool,
    /// Types and injection tokens that stand for this bridge: the tokens of
    /// providers (`{ provide: MainApi, useFactory: () => window.api }`) and the types of `Window`
    /// members (`interface Window { api: MainApi }`).
    pub bound: Vec<BoundName>,
}

/// A type or an injection token bound to a bridge path (see [`Bridge::bound`]).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct BoundName {
    /// Where the name is declared.
    pub file: FileId,
    pub name: String,
    /// The bridge path a value of it is (`[key, member, ...]`).
    pub path: Vec<String>,
    /// The value is the bridge only under a condition (`isWeb ? new WebApi() : window.api`).
    pub conditional: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BridgeMemberInfo {
    pub path: Vec<String>,
    /// The file the member is written in (a preload, or a module whose object it exposes).
    pub file: FileId,
    pub name_range: TextRange,
    /// Channels the member's body uses, with their kinds and methods (a fixed member).
    pub channels: Vec<MemberChannel>,
    /// The member passes its parameter on as a channel (a generic member).
    pub generic: bool,
}

/// A channel a fixed bridge member's body uses, with the kind and method of its call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberChannel {
    pub channel: String,
    pub kind: Kind,
    pub method: String,
}

/// A renderer use of `window.key.member` that no preload exposes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownMember {
    pub file: FileId,
    pub range: TextRange,
    pub key: String,
    pub path: Vec<String>,
    /// The bridge's file, for related information.
    pub bridge_file: FileId,
    pub bridge_range: TextRange,
    /// The bridge is open ([`Bridge::open`]): the member may exist after all.
    pub open: bool,
}

/// A contract rpc with its channel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RpcRef {
    pub service: usize,
    pub method: usize,
    pub channel: String,
    pub file: FileId,
}

/// Like a slice, an id that names no site panics: ids come from the same index.
impl std::ops::Index<SiteId> for Sites {
    type Output = Site;

    fn index(&self, id: SiteId) -> &Site {
        &self.files[&id.file][id.n as usize]
    }
}
