//! The summary of one script file: what it imports, exports, declares and calls, as far as IPC is concerned.

use rustc_hash::FxHashMap;

pub use super::flow::TypeAlias;
use crate::base::TextRange;

/// What an IPC call does with its channel (docs/design.md § Kinds).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `ipcRenderer.invoke`: needs exactly one `handle`.
    Invoke,
    /// `ipcRenderer.send`/`postMessage`: received by `on` in main.
    Send,
    /// `ipcRenderer.sendSync`: received by `on` that sets `event.returnValue`.
    SendSync,
    /// main → renderer: `webContents.send`, `event.reply`, `event.sender.send`, `webFrameMain.send`.
    Push,
    /// `ipcRenderer.sendToHost`: received by the embedder's `<webview>` `ipc-message`.
    Host,
    /// `ipcMain.emit`/`ipcRenderer.emit`: same process, no IPC.
    Emit,
    /// `<webview>.send`: received in the guest page.
    Guest,
    /// `ipcMain.handle`/`handleOnce`, `webContents.ipc.handle`, `frame.ipc.handle`.
    Handle,
    /// `ipcMain.on/once/addListener`, `webContents.ipc.on`: main receives `send`.
    On,
    /// `ipcRenderer.on/once/addListener`: the renderer receives a push.
    Listen,
    /// `removeHandler`, `removeListener`, `off`, `removeAllListeners`: a reference only.
    Remove,
}

impl Kind {
    pub const ALL: [Kind; 11] = [
        Kind::Invoke,
        Kind::Send,
        Kind::SendSync,
        Kind::Push,
        Kind::Host,
        Kind::Emit,
        Kind::Guest,
        Kind::Handle,
        Kind::On,
        Kind::Listen,
        Kind::Remove,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Invoke => "invoke",
            Kind::Send => "send",
            Kind::SendSync => "send-sync",
            Kind::Push => "push",
            Kind::Host => "host",
            Kind::Emit => "emit",
            Kind::Guest => "guest",
            Kind::Handle => "handle",
            Kind::On => "on",
            Kind::Listen => "listen",
            Kind::Remove => "remove",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether the site sends a message (as opposed to receiving one or only naming a channel).
    pub fn is_sender(self) -> bool {
        matches!(self, Kind::Invoke | Kind::Send | Kind::SendSync | Kind::Push | Kind::Host | Kind::Emit | Kind::Guest)
    }

    pub fn is_receiver(self) -> bool {
        matches!(self, Kind::Handle | Kind::On | Kind::Listen)
    }
}

/// A channel expression, kept unevaluated so that the index can resolve it across files.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Expr {
    /// A string or a template without substitutions.
    Str(String),
    /// A name that is not bound inside the enclosing functions: a top-level constant or an import.
    Ident(String),
    /// `object.name`, `object['name']`.
    Member(Box<Expr>, String),
    /// `a + b`, or a template literal's parts.
    Concat(Vec<Expr>),
    /// The parameter `index` of the function `func` (an index into [`FileSummary::functions`]).
    Param { func: u32, index: u32 },
    /// Each value of an array, object or enum (a loop over a table of channels).
    Each(Box<Expr>),
    /// The keys of an object (`Object.keys(t)`, `for (k in t)`).
    Keys(Box<Expr>),
    /// An object literal, with its known members. A member under a computed key that is not a
    /// string where it is written (`[Channels.Open]: fn`) is named `[Channels.Open]` and holds a
    /// [`Expr::Keyed`].
    Object(Vec<(String, Expr)>),
    /// The value of a member under a computed key, with the key's expression.
    Keyed { key: Box<Expr>, value: Box<Expr> },
    /// An array literal.
    Array(Vec<Expr>),
    /// One of several values: the branches of `c ? a : b`.
    Either(Vec<Expr>),
    /// Something that cannot be evaluated statically.
    Unknown,
}

impl Expr {
    /// Whether the expression depends on a parameter of function `func`.
    pub fn mentions_param(&self, func: u32) -> bool {
        match self {
            Expr::Param { func: f, .. } => *f == func,
            Expr::Member(e, _) | Expr::Each(e) | Expr::Keys(e) => e.mentions_param(func),
            Expr::Concat(parts) | Expr::Array(parts) | Expr::Either(parts) => {
                parts.iter().any(|p| p.mentions_param(func))
            }
            Expr::Object(members) => members.iter().any(|(_, e)| e.mentions_param(func)),
            Expr::Keyed { key, value } => key.mentions_param(func) || value.mentions_param(func),
            _ => false,
        }
    }

    /// The first parameter this expression depends on, as `(func, index)`.
    pub fn first_param(&self) -> Option<(u32, u32)> {
        match self {
            Expr::Param { func, index } => Some((*func, *index)),
            Expr::Member(e, _) | Expr::Each(e) | Expr::Keys(e) => e.first_param(),
            Expr::Concat(parts) | Expr::Array(parts) | Expr::Either(parts) => parts.iter().find_map(Expr::first_param),
            Expr::Object(members) => members.iter().find_map(|(_, e)| e.first_param()),
            Expr::Keyed { key, value } => key.first_param().or_else(|| value.first_param()),
            _ => None,
        }
    }
}

/// Which Electron object a call goes through; it decides the site's process checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Api {
    IpcMain,
    IpcRenderer,
    /// `webContents.ipc` / `frame.ipc`: main-side receivers scoped to one renderer.
    ScopedIpc,
    WebContents,
    WebFrameMain,
    /// A main-side event: `event.reply`, `event.sender.send`.
    Event,
    Webview,
    /// A helper library that keeps string channels (electron-better-ipc, typed-ipc).
    Library,
}

/// One call of an Electron IPC API in this file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RawSite {
    pub kind: Kind,
    pub api: Api,
    /// The method as called, for messages (`handle`, `send`, `reply`).
    pub method: String,
    pub channel: Expr,
    /// The channel argument (the whole call when the channel is implicit).
    pub range: TextRange,
    /// Arguments after the channel (for `arity-mismatch`); `None` when a spread hides them.
    pub arg_count: Option<u32>,
    /// For `handle`/`on`: how many parameters the listener takes after `event` (required, all),
    /// when known.
    pub listener_params: Option<(u32, u32)>,
    /// The innermost named function around the call.
    pub func: Option<u32>,
    pub once: bool,
    /// The callee (`ipcMain.handle`), for diagnostics about the object used.
    pub callee_range: TextRange,
    /// The `if` branches around the call, as `(if statement start, branch)`: two sites in different
    /// branches of one `if` cannot both run.
    pub branches: Vec<(u32, u8)>,
}

/// How a function is named, for matching its callers.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FnName {
    /// `function f() {}`, `const f = () => {}`, `exports.f = ...`.
    Plain(String),
    /// A method of a class.
    Method {
        class: String,
        name: String,
    },
    /// A member of an object literal bound to a name: `const api = { f() {} }`; `path` below `object`.
    Member {
        object: String,
        path: Vec<String>,
    },
    Anonymous,
}

/// A function that may turn out to be a wrapper.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FunctionDef {
    pub name: FnName,
    pub params: Vec<String>,
    /// Index of the rest parameter, if any (`...args`).
    pub rest: Option<u32>,
    pub name_range: TextRange,
    pub range: TextRange,
    /// The enclosing function, for nested wrappers.
    pub parent: Option<u32>,
    /// The type names each parameter is declared with (`context: BackendContext`, also a
    /// destructured `{ ipc }: BackendContext`), by position; empty where there is no annotation.
    pub param_types: Vec<Vec<String>>,
    /// The type names of the declared result (`(): BackendContext`): the members of an object
    /// literal it returns make up that type's context object (docs/design.md § Context objects).
    pub returns: Vec<String>,
}

/// What a call's callee is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Callee {
    /// `f(...)`.
    Ident(String),
    /// `object.method(...)` with the object written as a path of names (`this` included).
    Member { object: Vec<String>, method: String },
}

/// A call that may reach a wrapper or a bridge member; the index decides.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Call {
    pub callee: Callee,
    pub args: Vec<Expr>,
    pub arg_ranges: Vec<TextRange>,
    /// Whether a spread argument hides how many arguments there are.
    pub spread: bool,
    pub range: TextRange,
    /// The range of the callee's last name (`handle` in `ipc.handle(...)`).
    pub name_range: TextRange,
    pub func: Option<u32>,
    /// Arguments that are Electron objects (`listen(ipcMain, 'x', fn)`), by position.
    pub arg_apis: Vec<(u32, Api)>,
    /// The members (name, name range) of the first argument when it is an object literal or a
    /// top-level object of this file: `registerDialogService({ openFile() {…} })`.
    pub object_members: Vec<(String, TextRange)>,
    /// The type names the receiver is declared with, when it is known only by them
    /// (`(target: Target) => target.send(…)`): the index's value flow says whether they are
    /// Electron objects (docs/design.md § The model).
    pub declared: Vec<String>,
    /// The value of a receiver that is an item of a table (`managers.forEach((m) => m.send(…))`):
    /// the index's value flow follows it to an instance of a class.
    pub receiver: Option<Expr>,
    /// The callee as a member path from a parameter (`context.ipc.handle`, `ipc.handle` after
    /// `({ ipc }) => …`, `invoke` after `({ ipc: { invoke } })`): a member of a context object
    /// when the parameter's type, declared or given by where the function is passed, has one.
    pub callee_value: Option<Expr>,
}

/// A call of an IPC-looking method on a parameter (`emitter.on(signal, fn)` in
/// `function listen(emitter, signal, fn)`): a site wherever the function is called with an
/// Electron object for that parameter.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ParamCall {
    pub func: u32,
    /// The parameter the method is called on.
    pub receiver: u32,
    pub method: String,
    pub channel: Expr,
    pub arg_count: usize,
}

/// [`Forwarder::object`] of a listener that re-dispatches the message as a DOM event on `window` or
/// `document` under the same name: the page's `addEventListener` calls receive it, in any file.
pub const DOM_EVENTS: &str = "<dom>";

/// A receiver whose listener re-emits the message under the same channel on an object of this
/// file (`ipcMain.on(ch, (e, ...a) => this.emit(ch, e, ...a))`, `ipcRenderer.on(ch, (_e, d) =>
/// bus.emit(ch, d))`): that object's `on(ch)` calls receive the channel with `kind`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Forwarder {
    /// A top-level name of this file, or `this` (then `class` names the class).
    pub object: String,
    pub class: Option<String>,
    pub kind: Kind,
    pub channel: Expr,
}

/// `import`/`require` of a name from a module; `local` is empty for an import for its effects
/// (`import './ipc'`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Import {
    pub local: String,
    pub source: String,
    pub imported: Imported,
    /// `import type { A }`, `import { type A }`: no code runs from it.
    pub type_only: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Imported {
    Named(String),
    Default,
    /// `import * as ns`, `const ns = require(...)`.
    Namespace,
}

/// One name this file exports.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Export {
    /// `export const X`, `export { local as X }`: `exported` names the file's own binding `local`.
    Local { exported: String, local: String },
    /// `export { a as X } from './m'`.
    From { exported: String, source: String, imported: Imported },
    /// `export * from './m'`.
    Star { source: String },
}

/// A top-level constant, object, array or enum whose value may name channels.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ConstDef {
    pub name: String,
    pub value: Expr,
    pub name_range: TextRange,
    /// The range of the string literal when the value is one (for renaming a constant's value once).
    pub value_range: Option<TextRange>,
    /// Ranges of member string values, for `Object`/enum members: (member name, range).
    pub member_ranges: Vec<(String, TextRange)>,
    /// Ranges of the string items of an array.
    pub item_ranges: Vec<TextRange>,
}

/// `contextBridge.exposeInMainWorld(key, api)`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BridgeDef {
    pub key: Expr,
    pub key_range: TextRange,
    pub members: Vec<BridgeMember>,
    /// `exposeInMainWorld('electron', electronAPI)` with `electronAPI` from `@electron-toolkit/preload`.
    pub toolkit: bool,
    /// Members are built in a way the walk cannot see (a spread of an unknown object, a computed
    /// key): uses of other members may still be exposed.
    pub open: bool,
    /// Written as `window.key = {…}`: a bridge only where the file runs as a preload (with
    /// `contextIsolation` off, the page sees what the preload assigns to `window`).
    pub assigned: bool,
    pub range: TextRange,
}

/// An object that binds a dependency-injection token to a bridge (`{ provide: MainApi,
/// useFactory: () => window.api }`, `useValue: window.api`): a value injected by the token is the
/// bridge at `path` (`[key, member, ...]`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BridgeProvider {
    /// The token as written (a class or a constant of this file, or an import).
    pub token: String,
    pub path: Vec<String>,
    /// The bridge is one side of a condition (`isWeb ? new WebApi() : window.api`).
    pub conditional: bool,
}

/// One member of an exposed API, with its path below the key (`['dialog', 'openFile']`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BridgeMember {
    pub path: Vec<String>,
    pub name_range: TextRange,
    /// The member's value: sites and calls inside it belong to the member.
    pub value_range: TextRange,
    /// The member's function, when it is one.
    pub func: Option<u32>,
    /// The member is an imported object (`{ ipc }` with `import { ipc } from './ipc'`): its members
    /// are that module's [`ObjectDef`] of this name.
    pub import: Option<String>,
}

/// An exported object literal whose members may be bridge members elsewhere
/// (`export const ipc = { restart }` exposed by a preload that imports it).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ObjectDef {
    pub name: String,
    pub members: Vec<BridgeMember>,
}

/// Where a bridge use starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BridgeRoot {
    /// `window.key`, `globalThis.key`, `self.key`.
    Global,
    /// A name not bound in this file (`electronAPI.openFile()` with a global declaration).
    Free,
}

/// A use of `window.key.member` in this file (called or not).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BridgeUse {
    pub root: BridgeRoot,
    /// `[key, member, ...]`.
    pub path: Vec<String>,
    /// Range of each name of the path (same length as `path`).
    pub ranges: Vec<TextRange>,
    pub args: Option<Vec<Expr>>,
    pub arg_ranges: Vec<TextRange>,
    pub spread: bool,
    pub func: Option<u32>,
    /// The member name is not written here: a call of a local bound to the member
    /// (`const { openFile } = window.api; openFile()`); the destructuring is the use.
    pub via_alias: bool,
}

/// A member of a `Window` declaration (`interface Window { electronAPI: ... }`), kept for rename.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct WindowDecl {
    /// `[key]` or `[key, member]` for members of an inline type literal or a named interface.
    pub path: Vec<String>,
    pub name_range: TextRange,
}

/// An interface or type literal's property names, for following `Window` declarations to members.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TypeDecl {
    pub name: String,
    pub members: Vec<(String, TextRange, Option<String>)>,
    /// Members that are functions (`backend?: (context: BackendContext) => void`,
    /// `renderer?(ctx: RendererContext): void`), with the type names of each parameter.
    pub callbacks: Vec<(String, Vec<Vec<String>>)>,
}

/// Hints about the file's process, gathered while walking.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ProcessEvidence {
    /// Imports main-only Electron APIs (`ipcMain`, `BrowserWindow`, `app`, ...).
    pub main_api: bool,
    pub ipc_renderer: bool,
    pub context_bridge: bool,
    /// Uses `window.x` / `globalThis.x` member calls.
    pub window_use: bool,
    /// Touches DOM-only globals (`document`) or React.
    pub dom: bool,
}

impl ProcessEvidence {
    /// Adds the hints of `other` to these.
    pub(super) fn union(&mut self, other: &ProcessEvidence) {
        let ProcessEvidence { main_api, ipc_renderer, context_bridge, window_use, dom } = other;
        self.main_api |= main_api;
        self.ipc_renderer |= ipc_renderer;
        self.context_bridge |= context_bridge;
        self.window_use |= window_use;
        self.dom |= dom;
    }
}

/// Everything IPC-related in one script file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileSummary {
    pub imports: Vec<Import>,
    pub exports: Vec<Export>,
    pub consts: Vec<ConstDef>,
    pub sites: Vec<RawSite>,
    pub functions: Vec<FunctionDef>,
    pub calls: Vec<Call>,
    pub bridges: Vec<BridgeDef>,
    pub bridge_uses: Vec<BridgeUse>,
    /// Local names bound to a bridge path (`const { openFile } = window.api`, `export const api = window.api`).
    pub bridge_aliases: Vec<(String, Vec<String>)>,
    /// Top-level `const name = new Class(...)`: (name, class).
    pub instances: Vec<(String, String)>,
    /// Top-level functions that return an instance (`function createTransport() { return new
    /// IpcTransport() }`): (function, class), one entry per `return`.
    pub returned_instances: Vec<(String, String)>,
    /// Top-level names bound to the result of a call of a named function (`export const
    /// transport: Transport = createTransport()`): (name, function).
    pub call_results: Vec<(String, String)>,
    /// Top-level classes and the interfaces they implement (`class IpcTransport implements
    /// Transport`): (class, interface), one entry per interface.
    pub implementations: Vec<(String, String)>,
    /// Top-level names declared with a type (`export const transport: Transport = …`): (name, the
    /// type names of the annotation).
    pub typed_bindings: Vec<(String, Vec<String>)>,
    /// Top-level names bound to an Electron object (`export const ipcMain: Typed = untypedIpcMain`):
    /// other files that import them call IPC methods on them.
    pub api_bindings: Vec<(String, Api)>,
    pub window_decls: Vec<WindowDecl>,
    pub object_defs: Vec<ObjectDef>,
    pub param_calls: Vec<ParamCall>,
    pub forwarders: Vec<Forwarder>,
    pub type_decls: Vec<TypeDecl>,
    /// `type Target = WebContents | WebFrameMain`.
    pub type_aliases: Vec<TypeAlias>,
    pub evidence: ProcessEvidence,
    /// Keys of globals this file writes (`window.key = …`, `window.key.member = …`): a bridge of
    /// such a key has members the preloads do not list.
    pub global_writes: Vec<String>,
    /// Providers that bind an injection token to a bridge.
    pub bridge_providers: Vec<BridgeProvider>,
    /// String fragments of `webPreferences.preload` values and `registerPreloadScript` paths.
    pub preload_refs: Vec<String>,
    /// Ranges of syntax errors (at most a few).
    pub syntax_errors: Vec<TextRange>,
    /// Nesting deeper than the walker follows was skipped.
    pub too_deep: bool,
    /// Lookups by name, built once per file: the first function of each name, each constant.
    pub function_index: FxHashMap<FnName, u32>,
    pub const_index: FxHashMap<String, u32>,
}

impl FileSummary {
    /// Whether `other` offers other files exactly what `self` does: everything another file's
    /// sites can depend on (imports, exports, constants, function names and parameters, wrapper
    /// bodies, bridges, objects, evidence) is equal, ranges included where another file's sites
    /// record them (wrapper bodies: the inner call is a site's `via`), and only there: typing
    /// above a constant or a bridge moves it, which changes nothing for other files. Sites and calls that only make this file's own sites are left out, so that
    /// typing in a channel or a plain call keeps every other file's resolved sites valid.
    pub fn same_interface(&self, other: &FileSummary) -> bool {
        fn functions_eq(a: &[FunctionDef], b: &[FunctionDef]) -> bool {
            a.len() == b.len()
                && a.iter().zip(b).all(|(x, y)| {
                    x.name == y.name
                        && x.params == y.params
                        && x.rest == y.rest
                        && x.parent == y.parent
                        && x.param_types == y.param_types
                        && x.returns == y.returns
                })
        }
        fn shapes_eq<'a, T, K: PartialEq>(a: &'a [T], b: &'a [T], shape: impl Fn(&'a T) -> K) -> bool {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| shape(x) == shape(y))
        }
        self.imports == other.imports
            && self.exports == other.exports
            && shapes_eq(&self.consts, &other.consts, const_shape)
            && functions_eq(&self.functions, &other.functions)
            && shapes_eq(&self.bridges, &other.bridges, bridge_shape)
            && shapes_eq(&self.object_defs, &other.object_defs, object_shape)
            && self.param_calls == other.param_calls
            && self.forwarders == other.forwarders
            && self.instances == other.instances
            && self.returned_instances == other.returned_instances
            && self.call_results == other.call_results
            && self.implementations == other.implementations
            && self.typed_bindings == other.typed_bindings
            && self.api_bindings == other.api_bindings
            && shapes_eq(&self.window_decls, &other.window_decls, window_shape)
            && shapes_eq(&self.type_decls, &other.type_decls, type_shape)
            && self.type_aliases == other.type_aliases
            && self.evidence == other.evidence
            && self.preload_refs == other.preload_refs
            && self.global_writes == other.global_writes
            && self.bridge_providers == other.bridge_providers
            && self.bridge_aliases == other.bridge_aliases
            && self.param_sites().map(|(_, s)| s).eq(other.param_sites().map(|(_, s)| s))
            && self.passing_calls().map(|(_, c)| call_shape(c)).eq(other.passing_calls().map(|(_, c)| call_shape(c)))
            && self.passing_bridge_uses().map(use_shape).eq(other.passing_bridge_uses().map(use_shape))
    }

    /// Sites whose channel is a parameter of their function (what makes the function a wrapper),
    /// with their positions in `sites`.
    pub fn param_sites(&self) -> impl Iterator<Item = (usize, &RawSite)> {
        self.sites.iter().enumerate().filter(|(_, r)| r.channel.first_param().is_some())
    }

    /// Calls that pass a parameter or an Electron object on (what makes their function a wrapper
    /// of another), or a top-level name (a wrapper given to a function that calls its parameter:
    /// `register(sendEvent)`), with their positions in `calls`.
    pub fn passing_calls(&self) -> impl Iterator<Item = (usize, &Call)> {
        self.calls.iter().enumerate().filter(|(_, c)| {
            c.args.iter().any(|a| a.first_param().is_some() || matches!(a, Expr::Ident(_))) || !c.arg_apis.is_empty()
        })
    }

    /// Bridge uses that pass a parameter of their function on (`window.api.invoke(channel)` in a
    /// method: what makes the function a wrapper over a generic bridge member), with their positions
    /// in `bridge_uses` (wrappers record them).
    pub fn passing_bridge_uses(&self) -> impl Iterator<Item = (usize, &BridgeUse)> {
        self.bridge_uses
            .iter()
            .enumerate()
            .filter(|(_, u)| u.args.as_ref().is_some_and(|args| args.iter().any(|a| a.first_param().is_some())))
    }

    /// A hash of exactly what [`FileSummary::same_interface`] compares, so that equal interfaces
    /// hash equal: lets a cache keep a number instead of the previous summary (which an
    /// incremental update then takes over without a copy). FxHash: deterministic and fast (it runs
    /// on every keystroke over the edited file's interface); a false match, as likely as a 64-bit
    /// collision, would keep other files' sites resolved against the previous interface until
    /// their next change.
    pub fn interface_hash(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        fn shapes_hash<'a, T, K: Hash>(items: &'a [T], shape: impl Fn(&'a T) -> K, h: &mut impl Hasher) {
            items.len().hash(h);
            for x in items {
                shape(x).hash(h);
            }
        }
        let mut h = rustc_hash::FxHasher::default();
        self.imports.hash(&mut h);
        self.exports.hash(&mut h);
        shapes_hash(&self.consts, const_shape, &mut h);
        self.functions.len().hash(&mut h);
        for f in &self.functions {
            (&f.name, &f.params, f.rest, f.parent, &f.param_types, &f.returns).hash(&mut h);
        }
        shapes_hash(&self.bridges, bridge_shape, &mut h);
        shapes_hash(&self.object_defs, object_shape, &mut h);
        self.param_calls.hash(&mut h);
        self.forwarders.hash(&mut h);
        self.instances.hash(&mut h);
        self.returned_instances.hash(&mut h);
        self.call_results.hash(&mut h);
        self.implementations.hash(&mut h);
        self.typed_bindings.hash(&mut h);
        self.api_bindings.hash(&mut h);
        shapes_hash(&self.window_decls, window_shape, &mut h);
        shapes_hash(&self.type_decls, type_shape, &mut h);
        self.type_aliases.hash(&mut h);
        self.evidence.hash(&mut h);
        self.preload_refs.hash(&mut h);
        self.global_writes.hash(&mut h);
        self.bridge_providers.hash(&mut h);
        self.bridge_aliases.hash(&mut h);
        let param_sites: Vec<&RawSite> = self.param_sites().map(|(_, s)| s).collect();
        param_sites.hash(&mut h);
        let passing_calls: Vec<_> = self.passing_calls().map(|(_, c)| call_shape(c)).collect();
        passing_calls.hash(&mut h);
        let passing_uses: Vec<_> = self.passing_bridge_uses().map(use_shape).collect();
        passing_uses.hash(&mut h);
        h.finish()
    }

    pub fn const_def(&self, name: &str) -> Option<&ConstDef> {
        self.const_index.get(name).and_then(|&i| self.consts.get(i as usize))
    }

    /// The first function with this name.
    pub fn function_named(&self, name: &FnName) -> Option<u32> {
        self.function_index.get(name).copied()
    }

    /// Builds the lookup tables; called once when the summary is complete.
    pub fn build_lookups(&mut self) {
        for (i, f) in self.functions.iter().enumerate() {
            self.function_index.entry(f.name.clone()).or_insert(i as u32);
        }
        for (i, c) in self.consts.iter().enumerate() {
            self.const_index.entry(c.name.clone()).or_insert(i as u32);
        }
    }
}

/// What other files see of a constant, without where it is written: positions move with every
/// edit above it, and no other file's site records them (a table's entries are sites only in its
/// own file).
fn const_shape(c: &ConstDef) -> (&String, &Expr, bool, Vec<&String>, usize) {
    let ConstDef { name, value, name_range: _, value_range, member_ranges, item_ranges } = c;
    (name, value, value_range.is_some(), member_ranges.iter().map(|(m, _)| m).collect(), item_ranges.len())
}

type MemberShape<'a> = (&'a Vec<String>, Option<u32>, &'a Option<String>);

/// A bridge member without its positions: sites that record them are found again whenever the
/// bridges change (the index compares them whole).
fn member_shape(m: &BridgeMember) -> MemberShape<'_> {
    let BridgeMember { path, name_range: _, value_range: _, func, import } = m;
    (path, *func, import)
}

fn bridge_shape(b: &BridgeDef) -> (&Expr, bool, bool, bool, Vec<MemberShape<'_>>) {
    let BridgeDef { key, key_range: _, members, toolkit, open, assigned, range: _ } = b;
    (key, *toolkit, *open, *assigned, members.iter().map(member_shape).collect())
}

fn object_shape(o: &ObjectDef) -> (&String, Vec<MemberShape<'_>>) {
    let ObjectDef { name, members } = o;
    (name, members.iter().map(member_shape).collect())
}

fn window_shape(w: &WindowDecl) -> &Vec<String> {
    let WindowDecl { path, name_range: _ } = w;
    path
}

type TypeShape<'a> = (&'a String, Vec<(&'a String, &'a Option<String>)>, &'a Vec<(String, Vec<Vec<String>>)>);

fn type_shape(t: &TypeDecl) -> TypeShape<'_> {
    let TypeDecl { name, members, callbacks } = t;
    (name, members.iter().map(|(m, _, ty)| (m, ty)).collect(), callbacks)
}

type UseShape<'a> = (usize, BridgeRoot, &'a Vec<String>, &'a Option<Vec<Expr>>, bool, Option<u32>);

/// A bridge use that passes a parameter on, as other files see it: where it is in the list (a
/// wrapper's target names it) and what it calls with what, not where it is written.
fn use_shape((i, u): (usize, &BridgeUse)) -> UseShape<'_> {
    let BridgeUse { root, path, ranges: _, args, arg_ranges: _, spread, func, via_alias: _ } = u;
    (i, *root, path, args, *spread, *func)
}

type CallShape<'a> = (
    &'a Callee,
    &'a Vec<Expr>,
    bool,
    Option<u32>,
    &'a Vec<(u32, Api)>,
    Vec<&'a String>,
    Option<TextRange>,
    &'a Option<Expr>,
);

/// A call that passes a parameter or an Electron object on, as other files see it: where it is
/// only when it passes an Electron object (the sites it makes in its callers' files record it);
/// the positions of a call that passes a parameter to another wrapper are recorded nowhere else.
fn call_shape(c: &Call) -> CallShape<'_> {
    // `declared` makes sites in this file only.
    let Call {
        callee,
        args,
        arg_ranges: _,
        spread,
        range,
        name_range: _,
        func,
        arg_apis,
        object_members,
        declared: _,
        receiver: _,
        callee_value,
    } = c;
    let recorded = (!arg_apis.is_empty()).then_some(*range);
    (callee, args, *spread, *func, arg_apis, object_members.iter().map(|(m, _)| m).collect(), recorded, callee_value)
}
