//! The IPC map as Mermaid or DOT: renderer → preload → main, with the contract's services.

use std::collections::BTreeSet;
use std::fmt::Write;

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
        let sites: Vec<_> = ids.iter().map(|id| index.site(*id)).collect();
        for s in sites.iter().filter(|s| s.kind.is_sender()) {
            for r in sites.iter().filter(|r| receives(s.kind, r.kind)) {
                let from = index.rel_path(s.file);
                let to = index.rel_path(r.file);
                nodes.insert((s.process, from.clone()));
                nodes.insert((r.process, to.clone()));
                edges.insert(Edge { from, to, label: format!("{} {channel}", s.kind.as_str()) });
            }
            if let Some((_, via)) = s.bridge.as_ref().zip(s.via) {
                let preload = index.rel_path(via.file);
                let from = index.rel_path(s.file);
                nodes.insert((Process::Preload, preload.clone()));
                edges.insert(Edge { from, to: preload, label: format!("bridge {}", s.method) });
            }
        }
        if let Some(r) = index.rpc_for(channel) {
            let service = &index.contract.services[r.service];
            let contract = format!("{} (contract)", service.name);
            for h in sites.iter().filter(|s| s.kind.is_receiver() && s.process == Process::Main) {
                let file = index.rel_path(h.file);
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

fn node_id(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect()
}

fn mermaid(nodes: &BTreeSet<(Process, String)>, edges: &BTreeSet<Edge>) -> String {
    let mut out = String::from("flowchart LR\n");
    for process in [Process::Renderer, Process::Preload, Process::Main, Process::Unknown] {
        let members: Vec<_> = nodes.iter().filter(|(p, _)| *p == process).collect();
        if members.is_empty() {
            continue;
        }
        let title = if process == Process::Unknown { "contract / other" } else { process.as_str() };
        let _ = writeln!(out, "  subgraph {}[\"{title}\"]", node_id(&format!("process {title}")));
        for (_, name) in members {
            let _ = writeln!(out, "    {}[\"{name}\"]", node_id(name));
        }
        out.push_str("  end\n");
    }
    for e in edges {
        let _ = writeln!(out, "  {} -->|\"{}\"| {}", node_id(&e.from), e.label.replace('"', "'"), node_id(&e.to));
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
