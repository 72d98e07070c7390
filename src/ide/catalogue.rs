//! The channel catalogue (`ipcls channels`, `ipcls/channels`): every channel with its contract rpc
//! and its sites, plus what stayed unresolved. Lines and columns are 1-based, columns in characters.

use serde::Serialize;

use crate::base::{FileId, TextRange, WideEncoding};
use crate::index::{Index, Site};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Catalogue {
    pub channels: Vec<ChannelEntry>,
    pub unresolved: Vec<UnresolvedEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChannelEntry {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contract: Option<ContractEntry>,
    pub sites: Vec<SiteEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContractEntry {
    pub service: String,
    pub method: String,
    pub file: String,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SiteEntry {
    pub kind: &'static str,
    pub process: &'static str,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub written: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnresolvedEntry {
    pub kind: &'static str,
    pub process: &'static str,
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub expression: String,
}

/// 1-based line and character column of `offset` in `file`.
pub fn line_col(index: &Index, file: FileId, offset: u32) -> (u32, u32) {
    let lines = index.line_index(file);
    let pos = lines.to_wide(index.text(file), offset, WideEncoding::Utf32);
    (pos.line + 1, pos.col + 1)
}

fn site_entry(index: &Index, s: &Site) -> SiteEntry {
    let (line, column) = line_col(index, s.file, s.range.start);
    SiteEntry {
        kind: s.kind.as_str(),
        process: s.process.as_str(),
        file: index.rel_path(s.file),
        line,
        column,
        written: s.written.as_str(),
    }
}

/// The number of channels [`catalogue`] lists (those with sites and those only in the contract),
/// without building it.
pub fn channel_count(index: &Index) -> usize {
    let mut names: Vec<&String> = index.channels.keys().chain(index.rpcs.iter().map(|r| &r.channel)).collect();
    names.sort();
    names.dedup();
    names.len()
}

pub fn catalogue(index: &Index) -> Catalogue {
    let mut names: Vec<&String> = index.channels.keys().chain(index.rpcs.iter().map(|r| &r.channel)).collect();
    names.sort();
    names.dedup();
    let channels = names
        .into_iter()
        .map(|name| {
            let contract = index.rpc_for(name).map(|r| {
                let service = &index.contract.services[r.service];
                let method = &service.methods[r.method];
                ContractEntry {
                    service: service.name.clone(),
                    method: method.name.clone(),
                    file: index.rel_path(r.file),
                    line: line_col(index, r.file, method.name_range.start).0,
                }
            });
            let sites = index.channel_sites(name).map(|s| site_entry(index, s)).collect();
            ChannelEntry { name: name.clone(), contract, sites }
        })
        .collect();
    let unresolved = index
        .unresolved
        .iter()
        .map(|id| {
            let s = index.site(*id);
            let (line, column) = line_col(index, s.file, s.range.start);
            UnresolvedEntry {
                kind: s.kind.as_str(),
                process: s.process.as_str(),
                file: index.rel_path(s.file),
                line,
                column,
                expression: s.channel.unresolved().map_or(String::new(), |u| u.expression.clone()),
            }
        })
        .collect();
    Catalogue { channels, unresolved }
}

/// The range of a site as a pair of 1-based (line, column).
pub fn span(index: &Index, file: FileId, range: TextRange) -> ((u32, u32), (u32, u32)) {
    (line_col(index, file, range.start), line_col(index, file, range.end))
}
