//! Hover on a channel or rpc: the rpc signature and comments, request and response fields, kind and
//! direction, where it is handled and how many places call it (Markdown).

use std::fmt::Write;

use crate::base::{FileId, TextRange};
use crate::ide::catalogue::line_col;
use crate::ide::nav::{channel_of, target_at, Target};
use crate::index::{Index, Process};
use crate::syntax::proto::{FieldLabel, Message};
use crate::syntax::ts::Kind;

pub struct HoverResult {
    pub range: TextRange,
    pub markdown: String,
}

pub fn hover(index: &Index, file: FileId, offset: u32) -> Option<HoverResult> {
    let target = target_at(index, file, offset)?;
    let channel = channel_of(index, &target)?;
    let range = match &target {
        Target::Channel { range, .. } | Target::Rpc { range, .. } => *range,
    };
    let mut md = format!("**IPC channel** `{channel}`\n");
    if let Some(r) = index.rpc_for(&channel) {
        let service = &index.contract.services[r.service];
        let rpc = &service.methods[r.method];
        let stream = |s: bool| if s { "stream " } else { "" };
        let _ = write!(
            md,
            "\n```proto\nrpc {}({}{}) returns ({}{})\n```\n",
            rpc.name,
            stream(rpc.client_streaming),
            rpc.input_type,
            stream(rpc.server_streaming),
            rpc.output_type
        );
        let _ = writeln!(md, "`{}` in `{}`", service.full_name, index.rel_path(r.file));
        if !rpc.comments.is_empty() {
            let _ = writeln!(md, "\n{}", rpc.comments);
        }
        for (label, ty) in [("Request", &rpc.input_type), ("Response", &rpc.output_type)] {
            if let Some(m) = message(index, ty) {
                let _ = writeln!(md, "\n{label} `{}`{}", m.name, fields(m));
            }
        }
    } else if !index.rpcs.is_empty() {
        md.push_str("\n_Not declared in the contract._\n");
    }
    // Kind and direction, handlers, callers.
    let sites: Vec<_> = index.channel_sites(&channel).filter(|s| !s.derived).collect();
    let handlers: Vec<String> = sites
        .iter()
        .filter(|s| s.kind.is_receiver())
        .map(|s| {
            let (line, _) = line_col(index, s.file, s.range.start);
            format!("`{}` in {} (`{}:{line}`)", s.kind.as_str(), s.process.as_str(), index.rel_path(s.file))
        })
        .collect();
    let callers = sites.iter().filter(|s| s.kind.is_sender()).count()
        + index.channel_sites(&channel).filter(|s| s.derived && s.kind.is_sender()).count();
    let mut kinds: Vec<&str> = sites.iter().map(|s| s.kind.as_str()).collect();
    kinds.sort();
    kinds.dedup();
    let direction = direction(&sites.iter().map(|s| (s.kind, s.process)).collect::<Vec<_>>());
    let _ = write!(md, "\n---\n\nKinds: {} · {direction}\n\n", kinds.join(", "));
    if handlers.is_empty() {
        md.push_str("Handled: **nowhere**\n\n");
    } else {
        let _ = writeln!(md, "Handled: {}\n", handlers.join(", "));
    }
    let _ = writeln!(md, "Callers: {callers}");
    Some(HoverResult { range, markdown: md })
}

fn direction(sites: &[(Kind, Process)]) -> &'static str {
    let to_main =
        sites.iter().any(|(k, _)| matches!(k, Kind::Invoke | Kind::Send | Kind::SendSync | Kind::Handle | Kind::On));
    let to_renderer = sites.iter().any(|(k, _)| matches!(k, Kind::Push | Kind::Listen));
    match (to_main, to_renderer) {
        (true, true) => "renderer ⇄ main",
        (true, false) => "renderer → main",
        (false, true) => "main → renderer",
        _ => "same process",
    }
}

fn message<'a>(index: &'a Index, full_name: &str) -> Option<&'a Message> {
    let name = full_name.trim_start_matches('.');
    index.contract.messages.iter().find(|m| m.full_name == name)
}

fn fields(m: &Message) -> String {
    if m.fields.is_empty() {
        return " (no fields)".to_string();
    }
    let mut out = String::from("\n");
    for f in &m.fields {
        let short = |name: &str| name.rsplit('.').next().unwrap_or(name).to_string();
        // Written as the page sees the field in protobuf's JSON mapping: a list, an optional key, a
        // map as an object; the member of a oneof says which oneof it is one of.
        let (name, ty) = match &f.label {
            FieldLabel::Repeated => (f.json_name.clone(), format!("{}[]", short(&f.type_name))),
            FieldLabel::Map(key, value) => (f.json_name.clone(), format!("Record<{}, {}>", short(key), short(value))),
            FieldLabel::Optional => (format!("{}?", f.json_name), short(&f.type_name)),
            FieldLabel::Singular | FieldLabel::Required if f.oneof.is_some() => {
                (format!("{}?", f.json_name), short(&f.type_name))
            }
            FieldLabel::Singular | FieldLabel::Required => (f.json_name.clone(), short(&f.type_name)),
        };
        let _ = write!(out, "\n- `{name}: {ty}`");
        if let Some(oneof) = &f.oneof {
            let _ = write!(out, " (one of `{oneof}`)");
        }
        if !f.comments.is_empty() {
            let _ = write!(out, " — {}", f.comments.lines().next().unwrap_or(""));
        }
    }
    out.push('\n');
    out
}
