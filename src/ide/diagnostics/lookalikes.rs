//! Calls that look like IPC but that ipcls could not attach: a method named like an IPC method
//! (`bus.handle('notes:list', …)`, `this.channel.send('sync:start')`) on an object that is not an
//! Electron object, a wrapper or a bridge it can follow, passing a channel's string. Such a call
//! may be the missing side of a channel, so an error that says a side is missing becomes a warning
//! that names the call (docs/design.md § Diagnostics), and `--explain` lists it.

use crate::base::{FileId, TextRange};
use crate::index::Index;
use crate::syntax::ts::{Callee, Expr};

/// Method names of Electron's IPC objects and of the usual wrappers around them.
const IPC_LIKE: &[&str] = &[
    "send",
    "invoke",
    "handle",
    "handleOnce",
    "on",
    "once",
    "sendSync",
    "postMessage",
    "sendTo",
    "sendToHost",
    "addListener",
    "removeListener",
    "removeHandler",
    "off",
    "emit",
    "reply",
];

/// One call that passes a channel's string and is not a site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Lookalike {
    pub(super) channel: String,
    pub(super) range: TextRange,
    /// The callee as written: `bus.handle`.
    pub(super) callee: String,
}

/// The look-alike calls of one file, in the order written.
pub(super) fn of_file(index: &Index, file: FileId) -> Vec<Lookalike> {
    let Some(summary) = index.summaries.get(&file) else { return Vec::new() };
    let sites: Vec<TextRange> = index.sites.in_file(file).map(|s| s.range).collect();
    let mut out = Vec::new();
    for call in &summary.calls {
        let Callee::Member { object, method } = &call.callee else { continue };
        if !IPC_LIKE.contains(&method.as_str()) {
            continue;
        }
        for (arg, &range) in call.args.iter().zip(&call.arg_ranges) {
            let Expr::Str(channel) = arg else { continue };
            if channel.is_empty() || sites.contains(&range) {
                continue;
            }
            out.push(Lookalike { channel: channel.clone(), range, callee: format!("{}.{method}", object.join(".")) });
        }
    }
    out
}
