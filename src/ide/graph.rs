//! The IPC map as Mermaid or DOT: renderer → preload → main, with the contract's services.

use std::collections::BTreeSet;
use std::fmt::Write;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::index::{Index, Process};
use crate::syntax::ts::Kind;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    Mermaid,
    Dot,
}

/// One edge: a file in one process talks to a file in another over a channel.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    from: String,
    to: String,
    label: String,
}

pub fn graph(index: &Index, format: GraphFormat) -> String {
    let mut nodes: BTreeSet<(Process, String)> = BTreeSet::new();
    let mut edges: BTreeSet<Edge> = BTreeSet::new();
    for (channel, ids) in &index.channels {
        // Each site with the file it was found from: the file of the call, also for an entry of a
        // table written in another module.
        let sites: Vec<_> = ids.iter().map(|id| (id.file, index.site(*id))).collect();
        for (s_file, s) in sites.iter().filter(|(_, s)| s.kind.is_sender()) {
            for (r_file, r) in sites.iter().filter(|(_, r)| receives(s.kind, r.kind)) {
                let from = index.rel_path(*s_file);
                let to = index.rel_path(*r_file);
                nodes.insert((s.process, from.clone()));
                nodes.insert((r.process, to.clone()));
                edges.insert(Edge { from, to, label: format!("{} {channel}", s.kind.as_str()) });
            }
            if let Some((_, via)) = s.bridge.as_ref().zip(s.via) {
                let preload = index.rel_path(via.file);
                let from = index.rel_path(*s_file);
                nodes.insert((Process::Preload, preload.clone()));
                edges.insert(Edge { from, to: preload, label: format!("bridge {}", s.method) });
            }
        }
        if let Some(r) = index.rpc_for(channel) {
            let service = &index.contract.services[r.service];
            let contract = format!("{} (contract)", service.name);
            for (h_file, _) in sites.iter().filter(|(_, s)| s.kind.is_receiver() && s.process == Process::Main) {
                let file = index.rel_path(*h_file);
                nodes.insert((Process::Unknown, contract.clone()));
                edges.insert(Edge {
                    from: file,
                    to: contract.clone(),
                    label: format!("implements {}", service.methods[r.method].name),
                });
            }
        }
    }
    match format {
        GraphFormat::Mermaid => mermaid(&nodes, &edges),
        GraphFormat::Dot => dot(&nodes, &edges),
    }
}

fn receives(sender: Kind, receiver: Kind) -> bool {
    matches!(
        (sender, receiver),
        (Kind::Invoke, Kind::Handle)
            | (Kind::Send | Kind::SendSync, Kind::On)
            | (Kind::Push, Kind::Listen)
            | (Kind::Emit, Kind::On | Kind::Listen)
    )
}

/// Mermaid ids of the nodes: the name with every character but ASCII letters and digits turned into
/// `_`, and a number added where that makes two names one id (`settings-page.ts`,
/// `settings_page.ts`).
fn node_ids<'a>(names: impl Iterator<Item = &'a str>) -> FxHashMap<&'a str, String> {
    let mut ids: FxHashMap<&str, String> = FxHashMap::default();
    let mut taken: FxHashSet<String> = FxHashSet::default();
    for name in names {
        if ids.contains_key(name) {
            continue;
        }
        let base: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        let mut id = base.clone();
        let mut n = 2;
        while !taken.insert(id.clone()) {
            id = format!("{base}_{n}");
            n += 1;
        }
        ids.insert(name, id);
    }
    ids
}

fn mermaid(nodes: &BTreeSet<(Process, String)>, edges: &BTreeSet<Edge>) -> String {
    let mut out = String::from("flowchart LR\n");
    let names = nodes.iter().map(|(_, name)| name.as_str());
    let ids = node_ids(names.chain(edges.iter().flat_map(|e| [e.from.as_str(), e.to.as_str()])));
    for process in [Process::Renderer, Process::Preload, Process::Main, Process::Unknown] {
        let members: Vec<_> = nodes.iter().filter(|(p, _)| *p == process).collect();
        if members.is_empty() {
            continue;
        }
        let title = if process == Process::Unknown { "contract / other" } else { process.as_str() };
        let _ = writeln!(out, "  subgraph process_{}[\"{title}\"]", title.replace(['/', ' '], "_"));
        for (_, name) in members {
            let _ = writeln!(out, "    {}[\"{name}\"]", ids[name.as_str()]);
        }
        out.push_str("  end\n");
    }
    for e in edges {
        let _ =
            writeln!(out, "  {} -->|\"{}\"| {}", ids[e.from.as_str()], e.label.replace('"', "'"), ids[e.to.as_str()]);
    }
    out
}

fn dot(nodes: &BTreeSet<(Process, String)>, edges: &BTreeSet<Edge>) -> String {
    let mut out = String::from("digraph ipc {\n  rankdir=LR;\n  node [shape=box];\n");
    for process in [Process::Renderer, Process::Preload, Process::Main, Process::Unknown] {
        let members: Vec<_> = nodes.iter().filter(|(p, _)| *p == process).collect();
        if members.is_empty() {
            continue;
        }
        let title = if process == Process::Unknown { "contract / other" } else { process.as_str() };
        let _ = writeln!(out, "  subgraph \"cluster_{title}\" {{\n    label=\"{title}\";");
        for (_, name) in members {
            let _ = writeln!(out, "    \"{name}\";");
        }
        out.push_str("  }\n");
    }
    for e in edges {
        let _ = writeln!(out, "  \"{}\" -> \"{}\" [label=\"{}\"];", e.from, e.to, e.label.replace('"', "'"));
    }
    out.push_str("}\n");
    out
}
