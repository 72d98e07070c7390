//! The checks of a workspace: every channel's senders against its receivers, the contract against
//! the code, bridges, processes. Messages reuse Electron's own words.
//!
//! [`diagnostics`] is the entry point; [`DiagnosticsCache`] keeps them from one index to the next.
//! Each code is decided by one rule in [`rules`], called by a driver per channel, per file or for
//! the workspace.

mod cache;
pub mod explain;
mod lookalikes;
mod near_miss;
mod rules;
#[cfg(test)]
mod tests;

pub use cache::DiagnosticsCache;

use crate::base::{Cancel, Cancellable, FileId, TextRange};
use crate::index::{Index, Site};

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

/// Every diagnostic of the workspace, sorted by file and position. Stops with `Cancelled` at the
/// next channel once `cancel` says so: the server does not finish diagnostics of an index that a
/// change made stale.
pub fn diagnostics(index: &Index, cancel: &Cancel) -> Cancellable<Vec<Diagnostic>> {
    let mut cache = DiagnosticsCache::default();
    cache.update(index, cancel)?;
    Ok(cache.all().cloned().collect())
}

impl Diagnostic {
    /// A diagnostic at a site, on its channel.
    fn at_site(s: &Site, code: Code, severity: Severity, message: String) -> Diagnostic {
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

    /// A diagnostic with no channel and no related information.
    fn at(file: FileId, range: TextRange, code: Code, severity: Severity, message: String) -> Diagnostic {
        Diagnostic { code, severity, channel: None, message, file, range, related: Vec::new(), suggestion: None }
    }

    /// The same diagnostic with a site as related information.
    fn related(mut self, s: &Site, message: &str) -> Diagnostic {
        self.related.push(Related { file: s.file, range: s.range, message: message.to_string() });
        self
    }

    /// An error that a call ipcls could not follow may explain, made a warning that names the call.
    fn unsure(mut self, lookalike: Option<(FileId, &lookalikes::Lookalike)>) -> Diagnostic {
        let Some((file, l)) = lookalike else { return self };
        if self.severity == Severity::Error {
            self.severity = Severity::Warning;
        }
        self.message.push_str(&format!(
            " (unless `{}(…)` is IPC: it passes this channel, but ipcls cannot follow it)",
            l.callee
        ));
        self.related.push(Related {
            file,
            range: l.range,
            message: format!("`{}(…)` passes '{}' here, through an object ipcls cannot follow", l.callee, l.channel),
        });
        self
    }
}
