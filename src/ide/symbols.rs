//! Document symbols (the IPC sites of a file, the services and rpcs of a `.proto`) and workspace
//! symbols (channels, fuzzy-matched).

use crate::base::{FileId, TextRange};
use crate::index::{ChannelRef, Index};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Channel,
    Service,
    Rpc,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: String,
    pub kind: SymbolKind,
    pub file: FileId,
    pub range: TextRange,
    pub children: Vec<Symbol>,
}

pub fn document_symbols(index: &Index, file: FileId) -> Vec<Symbol> {
    let mut out = Vec::new();
    for (si, service) in index.contract.services.iter().enumerate() {
        if index.file_for_rel(&service.file) != Some(file) {
            continue;
        }
        let children = service
            .methods
            .iter()
            .enumerate()
            .map(|(mi, m)| {
                let channel = index.rpcs.iter().find(|r| r.service == si && r.method == mi).map(|r| r.channel.clone());
                Symbol {
                    name: m.name.clone(),
                    detail: channel.unwrap_or_default(),
                    kind: SymbolKind::Rpc,
                    file,
                    range: m.name_range,
                    children: Vec::new(),
                }
            })
            .collect();
        out.push(Symbol {
            name: service.name.clone(),
            detail: service.full_name.clone(),
            kind: SymbolKind::Service,
            file,
            range: service.name_range,
            children,
        });
    }
    for s in index.sites.iter().filter(|s| s.file == file) {
        let name = match &s.channel {
            ChannelRef::Known(c) => c.clone(),
            ChannelRef::Unresolved(u) => u.expression.clone(),
        };
        out.push(Symbol {
            name,
            detail: format!("{} ({})", s.kind.as_str(), s.method),
            kind: SymbolKind::Channel,
            file,
            range: s.range,
            children: Vec::new(),
        });
    }
    out
}

/// Channels whose name contains the query's characters in order (case-insensitive).
pub fn workspace_symbols(index: &Index, query: &str) -> Vec<Symbol> {
    let q: Vec<char> = query.to_lowercase().chars().collect();
    let matches = |name: &str| {
        let mut it = q.iter().peekable();
        for c in name.to_lowercase().chars() {
            if it.peek() == Some(&&c) {
                it.next();
            }
        }
        it.peek().is_none()
    };
    let mut out = Vec::new();
    for (name, ids) in &index.channels {
        if !matches(name) {
            continue;
        }
        let sites: Vec<_> = ids.iter().map(|id| index.site(*id)).collect();
        let Some(site) = sites.iter().find(|s| s.kind.is_receiver()).or(sites.first()) else { continue };
        out.push(Symbol {
            name: name.clone(),
            detail: format!("{} site{}", sites.len(), crate::base::plural(sites.len())),
            kind: SymbolKind::Channel,
            file: site.file,
            range: site.range,
            children: Vec::new(),
        });
    }
    for r in index.rpcs.iter() {
        if index.channels.contains_key(&r.channel) || !matches(&r.channel) {
            continue;
        }
        let rpc = &index.contract.services[r.service].methods[r.method];
        out.push(Symbol {
            name: r.channel.clone(),
            detail: format!("rpc {} (no sites)", rpc.name),
            kind: SymbolKind::Rpc,
            file: r.file,
            range: rpc.name_range,
            children: Vec::new(),
        });
    }
    out
}
