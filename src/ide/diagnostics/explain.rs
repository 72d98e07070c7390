//! `ipcls check --explain CHANNEL`: every site of a channel, every call that might be one with why
//! it was or was not taken, and the channel's diagnostics (docs/design.md § Diagnostics).

use crate::base::{Cancel, Cancellable, FileId, TextRange};
use crate::index::Index;
use crate::syntax::ts::{Callee, Expr};

use super::Diagnostic;

/// One line of an explanation: a place and what ipcls made of it, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub file: FileId,
    pub range: TextRange,
    pub text: String,
}

/// What ipcls knows of one channel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub channel: String,
    pub sites: Vec<Entry>,
    /// Unresolved sites that could be the channel, and calls named like IPC methods that pass its
    /// string but are not sites.
    pub candidates: Vec<Entry>,
    pub diagnostics: Vec<Diagnostic>,
}

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

pub fn explain(index: &Index, channel: &str, cancel: &Cancel) -> Cancellable<Explanation> {
    let mut sites = Vec::new();
    for s in index.channel_sites(channel) {
        let how = if s.derived { ", derived from the preload" } else { "" };
        sites.push(Entry {
            file: s.file,
            range: s.range,
            text: format!(
                "{} in {} through `{}` ({}{how})",
                s.kind.as_str(),
                s.process.as_str(),
                s.method,
                s.written.as_str()
            ),
        });
    }
    let mut candidates = Vec::new();
    for &id in index.unresolved.iter() {
        let s = index.site(id);
        let Some(u) = s.channel.unresolved() else { continue };
        let fits = u.could_be(channel);
        let verdict = if fits {
            "could be this channel (its known parts fit)"
        } else {
            "cannot be this channel: its known parts do not fit"
        };
        if fits || !u.prefix.is_empty() || !u.suffix.is_empty() {
            candidates.push(Entry {
                file: s.file,
                range: s.range,
                text: format!("unresolved {} `{}` {verdict}", s.kind.as_str(), u.expression),
            });
        }
    }
    for (&file, summary) in index.summaries.iter() {
        cancel.check()?;
        let taken: Vec<TextRange> = index.sites.in_file(file).map(|s| s.range).collect();
        for call in &summary.calls {
            let Callee::Member { object, method } = &call.callee else { continue };
            if !IPC_LIKE.contains(&method.as_str()) {
                continue;
            }
            let Some(i) = call.args.iter().position(|a| matches!(a, Expr::Str(s) if s == channel)) else {
                continue;
            };
            let Some(&range) = call.arg_ranges.get(i) else { continue };
            if taken.contains(&range) {
                continue;
            }
            candidates.push(Entry {
                file,
                range,
                text: format!(
                    "not taken: `{}.{method}(…)` passes the channel's string, but `{}` is not an Electron object, a wrapper or a bridge ipcls can follow",
                    object.join("."),
                    object.join(".")
                ),
            });
        }
    }
    let diagnostics =
        super::diagnostics(index, cancel)?.into_iter().filter(|d| d.channel.as_deref() == Some(channel)).collect();
    Ok(Explanation { channel: channel.to_string(), sites, candidates, diagnostics })
}
