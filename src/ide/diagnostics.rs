//! The checks of DESIGN §3: every channel's senders against its receivers, the contract against
//! the code, bridges, processes. Messages reuse Electron's own words.

use rustc_hash::FxHashSet;

use crate::base::{Cancel, Cancelled, FileId, TextRange};
use crate::config::glob_set;
use crate::index::{Index, Process, Site, SiteId};
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

/// [`diagnostics`] that stops with `Cancelled` at the next channel (or section) once `cancel` says
/// so: the server does not finish diagnostics of an index that a change made stale.
pub fn diagnostics_cancellable(index: &Index, cancel: &Cancel) -> Result<Vec<Diagnostic>, Cancelled> {
    let mut out = Vec::new();
    let ignore = glob_set(&index.config.channels.ignore);
    let ignored = |c: &str| ignore.is_match(c);
    let unresolved: Vec<&Site> = index.unresolved.iter().map(|id| index.site(*id)).collect();
    let could_explain = |channel: &str, kinds: &[Kind]| {
        unresolved.iter().any(|s| kinds.contains(&s.kind) && s.unresolved.as_ref().is_some_and(|u| u.could_be(channel)))
    };

    for (channel, ids) in &index.channels {
        cancel.check()?;
        if ignored(channel) {
            continue;
        }
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
        let rpc = index.rpc_for(channel);
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
                if let Some((required, all)) = h.listener_params {
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
    }

    cancel.check()?;
    // Channels the contract does not declare.
    if !index.rpcs.is_empty() {
        let declared: FxHashSet<&str> = index.rpcs.iter().map(|r| r.channel.as_str()).collect();
        let severity = if index.config.channels.strict { Severity::Error } else { Severity::Warning };
        for (channel, ids) in &index.channels {
            if declared.contains(channel.as_str()) || ignored(channel) {
                continue;
            }
            for id in ids {
                let s = index.site(*id);
                if s.kind == Kind::Remove || s.derived {
                    continue;
                }
                out.push(diag(
                    s,
                    Code::NotInContract,
                    severity,
                    format!("'{channel}' is not declared in the contract"),
                ));
            }
        }
        // Rpcs nobody implements.
        for r in &index.rpcs {
            if ignored(&r.channel) {
                continue;
            }
            let service = &index.contract.services[r.service];
            let method = &service.methods[r.method];
            let implemented = index.channel_sites(&r.channel).any(|s| {
                if method.server_streaming {
                    s.kind == Kind::Push
                } else {
                    matches!(s.kind, Kind::Handle | Kind::On)
                }
            });
            if !implemented {
                let what = if method.server_streaming {
                    "nothing in main sends it (server-streaming rpcs are main → renderer events)"
                } else {
                    "main has no handler for it"
                };
                out.push(Diagnostic {
                    code: Code::UnimplementedRpc,
                    severity: Severity::Warning,
                    channel: Some(r.channel.clone()),
                    message: format!(
                        "rpc {}.{} ('{}') is not implemented: {what}",
                        service.name, method.name, r.channel
                    ),
                    file: r.file,
                    range: method.name_range,
                    related: Vec::new(),
                    suggestion: None,
                });
            }
        }
    }

    for u in &index.unknown_members {
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

    cancel.check()?;
    // Electron objects used in the wrong process.
    // Only direct calls: a wrapper's or a bridge's Electron call is checked where it is written.
    for s in index.sites.iter().filter(|s| s.via.is_none()) {
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
                    channel: s.channel.clone(),
                    message,
                    file: s.file,
                    range,
                    related: Vec::new(),
                    suggestion: None,
                });
            }
        }
    }

    for id in &index.unresolved {
        let s = index.site(*id);
        let Some(u) = &s.unresolved else { continue };
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
    cancel.check()?;

    out.sort_by(|a, b| (a.file, a.range.start, a.code, &a.message).cmp(&(b.file, b.range.start, b.code, &b.message)));
    out.dedup();
    Ok(out)
}

/// How a site calls, for messages: `ipcRenderer.send`, or `window.api.save` for a bridge call.
fn how(s: &Site) -> String {
    match &s.bridge {
        Some((key, path)) => format!("window.{key}.{} (ipcRenderer.{})", path.join("."), s.method),
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
        channel: s.channel.clone(),
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

/// The closest channel that has a receiver of `kinds`, if it is close enough to be a typo: at most
/// two edits, or at most one edit in five chars (insertions, deletions, substitutions, adjacent
/// transpositions). Ties go to the name that sorts first.
pub fn near_miss<'a>(index: &'a Index, channel: &str, kinds: &[Kind]) -> Option<(String, &'a Site)> {
    let query: Vec<char> = channel.chars().collect();
    // A candidate of length `lb` is close when d <= max(2, len/5) with len = max(la, lb); since
    // d >= |la - lb|, a longer candidate can only be close when d <= la/4.
    let widest = 2.max(query.len() / 4);
    let mut best: Option<(f64, &str, SiteId)> = None;
    for &kind in kinds {
        for r in index.channels_with_kind(kind) {
            if r.name == channel {
                continue;
            }
            let longest = query.len().max(r.chars.len());
            let allowed = 2.max(longest / 5).min(widest);
            let Some(d) = crate::base::typo::bounded_distance(&query, &r.chars, allowed) else { continue };
            let score = if longest == 0 { 1.0 } else { 1.0 - d as f64 / longest as f64 };
            if best.is_some_and(|(b, n, _)| score < b || (score == b && n <= r.name.as_str())) {
                continue;
            }
            best = Some((score, &r.name, r.site));
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
