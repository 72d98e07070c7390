//! Completion of channel names inside the channel argument of an IPC call, filtered by what the
//! call needs: `invoke` offers handled channels, `send` channels with a listener in main, a receiver
//! the channels sent to it; contract channels are offered and marked.

use crate::base::{FileId, TextRange};
use crate::ide::nav::sites_at;
use crate::index::Index;
use crate::syntax::ts::Kind;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub detail: String,
    /// Declared in the contract.
    pub contract: bool,
    /// The range inside the quotes that the label replaces.
    pub replace: TextRange,
    /// Sorts before the others (the call's counterpart exists).
    pub preferred: bool,
}

pub fn completions(index: &Index, file: FileId, offset: u32) -> Vec<CompletionItem> {
    let text = index.text(file);
    let Some(site) = sites_at(index, file, offset).into_iter().find(|s| {
        let lit = text.get(s.range.start as usize..s.range.end as usize).unwrap_or("");
        lit.starts_with(['\'', '"', '`']) && s.range.start < offset
    }) else {
        return Vec::new();
    };
    let replace = TextRange::new(site.range.start + 1, site.range.end.saturating_sub(1).max(site.range.start + 1));
    let wanted: &[Kind] = match site.kind {
        Kind::Invoke => &[Kind::Handle],
        Kind::Send | Kind::SendSync => &[Kind::On],
        Kind::Push => &[Kind::Listen],
        Kind::Handle => &[Kind::Invoke],
        Kind::On => &[Kind::Send, Kind::SendSync],
        Kind::Listen => &[Kind::Push],
        _ => &[Kind::Handle, Kind::On, Kind::Listen],
    };
    let mut names: Vec<&String> = index.channels.keys().chain(index.rpcs.iter().map(|r| &r.channel)).collect();
    names.sort();
    names.dedup();
    let mut out = Vec::new();
    for name in names {
        let counterpart = index.channel_sites(name).find(|s| wanted.contains(&s.kind) && !s.derived);
        let rpc = index.rpc_for(name);
        if counterpart.is_none() && rpc.is_none() {
            continue;
        }
        let detail = match (counterpart, rpc) {
            (Some(s), _) => format!("{} in {} · {}", s.kind.as_str(), s.process.as_str(), index.rel_path(s.file)),
            (None, Some(r)) => {
                let service = &index.contract.services[r.service];
                format!("contract: {}.{} (not implemented)", service.name, service.methods[r.method].name)
            }
            (None, None) => String::new(),
        };
        out.push(CompletionItem {
            label: name.clone(),
            detail,
            contract: rpc.is_some(),
            replace,
            preferred: counterpart.is_some(),
        });
    }
    out.sort_by(|a, b| b.preferred.cmp(&a.preferred).then(a.label.cmp(&b.label)));
    out
}
