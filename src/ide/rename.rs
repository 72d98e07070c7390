//! Rename a channel or an rpc across `.proto`, main, preload and renderer in one change.
//!
//! Literal sites are edited in place; a constant's value is edited once where it is declared; the
//! rpc follows the naming template, and bridge members named after the rpc are renamed with their
//! renderer uses and `Window` declarations. What cannot be rewritten safely is refused.

use crate::base::{FileId, TextRange};
use crate::codegen;
use crate::ide::generated;
use crate::ide::nav::{channel_of, sites_at, target_at, Target};
pub use crate::ide::source_change::{SourceChange, TextEdit};
use crate::index::{Index, RpcRef, Site, Written};
use crate::syntax::proto::{self, lower_camel, upper_camel};

/// The range to rename at `offset` and its current text.
pub fn prepare_rename(index: &Index, file: FileId, offset: u32) -> Result<(TextRange, String), String> {
    match target_at(index, file, offset) {
        Some(Target::Rpc { service, method, range }) => {
            Ok((range, index.contract.services[service].methods[method].name.clone()))
        }
        Some(Target::Channel { name, range }) => {
            let text = index.text(file);
            if sites_at(index, file, offset).iter().any(|s| s.range == range && generated_binding(index, s)) {
                if let Some(member) = text.get(range.start as usize..range.end as usize) {
                    if is_identifier(member) && !generated::is_generated(index, file) {
                        return Ok((range, member.to_string()));
                    }
                }
            }
            let lit = text.get(range.start as usize..range.end as usize).unwrap_or("");
            let inner = if lit.len() >= 2 && lit.starts_with(['\'', '"', '`']) {
                TextRange::new(range.start + 1, range.end - 1)
            } else {
                range
            };
            Ok((inner, name))
        }
        None => Err("No IPC channel or rpc here".to_string()),
    }
}

pub fn rename(index: &Index, file: FileId, offset: u32, new_name: &str) -> Result<SourceChange, String> {
    let mut target = target_at(index, file, offset).ok_or("No IPC channel or rpc here")?;
    // On a member of generated bindings in user code (`ipc.dialog.openFile`, `{ openFile() {…} }`),
    // the new name is the member's: the rpc is renamed after it.
    let mut new_name = new_name.to_string();
    if let Some((service, method, rpc_name)) = generated_member_rename(index, file, offset, &new_name) {
        let range = index.contract.services[service].methods[method].name_range;
        target = Target::Rpc { service, method, range };
        new_name = rpc_name;
    }
    let new_name = new_name.as_str();
    let old_channel = channel_of(index, &target).ok_or("No IPC channel here")?;
    let template = index.config.template();
    let rpc = index.rpc_for(&old_channel).cloned();
    let (new_channel, new_method) = match &target {
        Target::Rpc { service, method, .. } => {
            if !is_identifier(new_name) {
                return Err(format!("'{new_name}' is not a valid rpc name"));
            }
            let s = &index.contract.services[*service];
            let mut renamed = s.methods[*method].clone();
            renamed.name = new_name.to_string();
            (proto::channel_for(template, s, &renamed), Some(new_name.to_string()))
        }
        Target::Channel { .. } => {
            if new_name.is_empty() || new_name.contains(['\'', '"', '`', '\\', '\n', '\r']) {
                return Err(format!("'{new_name}' is not a valid channel name"));
            }
            let method = match &rpc {
                Some(r) if !has_option(index, r) => {
                    let s = &index.contract.services[r.service];
                    let m = proto::method_for_channel(template, s, new_name).ok_or_else(|| {
                        format!(
                            "The naming template '{template}' cannot express '{new_name}' for service {}: rename the rpc in the .proto file, or give it `option (ipcls.channel) = \"{new_name}\";`",
                            s.name
                        )
                    })?;
                    Some(m)
                }
                _ => None,
            };
            (new_name.to_string(), method)
        }
    };
    if new_channel != old_channel && index.channels.contains_key(&new_channel) {
        return Err(format!("A channel named '{new_channel}' already exists"));
    }
    let mut change = SourceChange::default();
    if new_channel != old_channel {
        channel_edits(index, &old_channel, &new_channel, &mut change)?;
    }
    if let (Some(r), Some(m)) = (&rpc, &new_method) {
        let service = &index.contract.services[r.service];
        let old_method = &service.methods[r.method];
        if &old_method.name != m {
            change.insert(r.file, old_method.name_range, m.clone());
            member_edits(index, &old_channel, &lower_camel(&old_method.name), &lower_camel(m), &mut change);
        }
    }
    if let (Some(r), Some(m)) = (&rpc, &new_method) {
        generated_user_edits(index, r, m, &mut change);
    }
    regenerate_generated_files(index, &mut change);
    for file in change.edits.keys() {
        if index.vfs.get(*file).is_some_and(|t| t.lossy) {
            return Err(format!("{} is not valid UTF-8; ipcls does not edit it", index.rel_path(*file)));
        }
    }
    change.normalize()
}

/// The rpc to rename, and its new name, when the cursor is on a member of generated bindings in
/// user code and `new_name` is a member name for it.
fn generated_member_rename(index: &Index, file: FileId, offset: u32, new_name: &str) -> Option<(usize, usize, String)> {
    if generated::is_generated(index, file) {
        return None;
    }
    let site = sites_at(index, file, offset)
        .into_iter()
        .find(|s| s.channel.known().is_some() && generated_binding(index, s))?;
    let r = index.rpc_for(site.channel.known()?)?;
    let rpc = &index.contract.services[r.service].methods[r.method];
    let text = index.text(file);
    let current = text.get(site.range.start as usize..site.range.end as usize)?;
    let member = if current == codegen::client_member(rpc) || current == codegen::impl_member(rpc) {
        new_name.strip_prefix("on").filter(|_| rpc.server_streaming).unwrap_or(new_name)
    } else if current == codegen::send_function(&index.contract.services[r.service], rpc) {
        let base = format!("send{}", upper_camel(&proto::service_camel(&index.contract.services[r.service].name)));
        new_name.strip_prefix(base.as_str())?
    } else {
        return None;
    };
    is_identifier(member).then(|| (r.service, r.method, upper_camel(member)))
}

/// A site in user code of generated bindings: a client call (a bridge site with no preload member
/// of its own) or an implementation member or event sender (through a generated file).
fn generated_binding(index: &Index, s: &Site) -> bool {
    s.derived
        && match s.written {
            Written::Bridge => s.via.is_none() && s.bridge.as_ref().is_some_and(|b| b.key == index.config.generate.key),
            Written::Wrapper => s.via.is_some_and(|v| generated::is_generated(index, v.file)),
            _ => false,
        }
}

/// User code of generated bindings that names the rpc: client calls, implementation members,
/// calls (and imports) of event senders.
fn generated_user_edits(index: &Index, r: &RpcRef, new_method: &str, change: &mut SourceChange) {
    let service = &index.contract.services[r.service];
    let old = &service.methods[r.method];
    if old.name == new_method {
        return;
    }
    let mut new = old.clone();
    new.name = new_method.to_string();
    let renames = [
        (codegen::client_member(old), codegen::client_member(&new)),
        (codegen::impl_member(old), codegen::impl_member(&new)),
    ];
    let (old_send, new_send) = (codegen::send_function(service, old), codegen::send_function(service, &new));
    let mut senders: Vec<FileId> = Vec::new();
    for s in index.channel_sites(&r.channel).filter(|s| s.derived && !generated::is_generated(index, s.file)) {
        let text = index.text(s.file);
        let current = text.get(s.range.start as usize..s.range.end as usize).unwrap_or("");
        if !generated_binding(index, s) {
            continue;
        }
        if current == old_send {
            senders.push(s.file);
        } else if let Some((_, to)) = renames.iter().find(|(from, _)| from == current) {
            change.insert(s.file, s.range, to.clone());
        }
    }
    // An event sender is an imported function: every use of its name in the file.
    senders.sort();
    senders.dedup();
    for file in senders {
        let text = index.text(file);
        for (at, _) in text.match_indices(old_send.as_str()) {
            let before = text[..at].chars().next_back();
            let after = text[at + old_send.len()..].chars().next();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
            if !word(before) && !word(after) {
                change.insert(file, TextRange::new(at as u32, (at + old_send.len()) as u32), new_send.clone());
            }
        }
    }
}

/// Generated files are not edited piecemeal: their edits are dropped and each is replaced whole by
/// what `ipcls generate` writes for the renamed contract.
fn regenerate_generated_files(index: &Index, change: &mut SourceChange) {
    let proto_edits: Vec<(FileId, Vec<(TextRange, String)>)> = change
        .edits
        .iter()
        .filter(|(f, _)| index.vfs.path(**f).extension().is_some_and(|e| e == "proto"))
        .map(|(f, edits)| (*f, edits.iter().map(|e| (e.range, e.new_text.clone())).collect()))
        .collect();
    let had_generated = change.edits.keys().any(|f| generated::is_generated(index, *f));
    if proto_edits.is_empty() && !had_generated {
        return;
    }
    change.edits.retain(|f, _| !generated::is_generated(index, *f));
    for rewrite in generated::regenerated_after(index, &proto_edits) {
        if let Some(file) = rewrite.file {
            change.edits.insert(file, vec![TextEdit { range: rewrite.range, new_text: rewrite.text }]);
        }
    }
}

fn has_option(index: &Index, r: &RpcRef) -> bool {
    index.contract.services[r.service].methods[r.method].channel_option.is_some()
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The inside of a string literal at `range` if it is one whose value is `value`.
fn literal_inside(text: &str, range: TextRange, value: &str) -> Option<TextRange> {
    let lit = text.get(range.start as usize..range.end as usize)?;
    let quote = lit.chars().next()?;
    if !matches!(quote, '\'' | '"' | '`') || lit.len() < 2 || !lit.ends_with(quote) {
        return None;
    }
    (&lit[1..lit.len() - 1] == value).then(|| TextRange::new(range.start + 1, range.end - 1))
}

/// Every place the channel's string is written: literal sites, constant values, the rpc option.
fn channel_edits(index: &Index, old: &str, new: &str, change: &mut SourceChange) -> Result<(), String> {
    // Constants and object/enum/array members whose value is the channel: edited once, where declared.
    let mut const_literals: Vec<(FileId, TextRange)> = Vec::new();
    for (&file, summary) in &index.summaries {
        let text = index.text(file);
        for c in &summary.consts {
            let ranges = c
                .value_range
                .into_iter()
                .chain(c.member_ranges.iter().map(|(_, r)| *r))
                .chain(c.item_ranges.iter().copied());
            for r in ranges {
                if let Some(inside) = literal_inside(text, r, old) {
                    const_literals.push((file, inside));
                }
            }
        }
    }
    for s in index.channel_sites(old) {
        if s.derived {
            continue; // the channel is written in the preload member
        }
        let text = index.text(s.file);
        if let Some(inside) = literal_inside(text, s.range, old) {
            change.insert(s.file, inside, new);
        } else if const_literals.is_empty() {
            let (line, _) = crate::ide::catalogue::line_col(index, s.file, s.range.start);
            let expr = text.get(s.range.start as usize..s.range.end as usize).unwrap_or("");
            return Err(format!(
                "'{old}' is built at {}:{line} (`{expr}`) in a way ipcls cannot rewrite safely",
                index.rel_path(s.file)
            ));
        }
    }
    for (file, range) in const_literals {
        change.insert(file, range, new);
    }
    if let Some(r) = index.rpc_for(old) {
        if let Some((_, range)) = &index.contract.services[r.service].methods[r.method].channel_option {
            let text = index.text(r.file);
            if let Some(inside) = literal_inside(text, *range, old) {
                change.insert(r.file, inside, new);
            }
        }
    }
    Ok(())
}

/// Bridge members named after the rpc (`openFile` for `OpenFile`), their renderer uses and the
/// `Window` declarations that name them.
fn member_edits(index: &Index, channel: &str, old: &str, new: &str, change: &mut SourceChange) {
    let mut keys = Vec::new();
    for b in index.bridges.iter() {
        for m in &b.members {
            if m.path.last().map(String::as_str) == Some(old) && m.channels.iter().any(|c| c.channel == channel) {
                change.insert(m.file, m.name_range, new);
                keys.push(b.key.clone());
            }
        }
    }
    if keys.is_empty() {
        return;
    }
    for s in index.channel_sites(channel).filter(|s| s.derived) {
        if s.bridge.as_ref().is_some_and(|b| b.path.last().map(String::as_str) == Some(old)) {
            let text = index.text(s.file);
            if text.get(s.range.start as usize..s.range.end as usize) == Some(old) {
                change.insert(s.file, s.range, new);
            }
        }
    }
    for (&file, summary) in &index.summaries {
        let text = index.text(file);
        for d in &summary.window_decls {
            let named = d.path.last().map(String::as_str) == Some(old)
                && (d.path.len() == 1 || keys.iter().any(|k| d.path.first() == Some(k)));
            if named
                && d.path.len() > 1
                && text.get(d.name_range.start as usize..d.name_range.end as usize) == Some(old)
            {
                change.insert(file, d.name_range, new);
            }
        }
        for t in &summary.type_decls {
            for (name, range, _) in &t.members {
                // Members of the interface a `Window` key is declared with (`electronAPI: IElectronAPI`).
                let typed = summary.type_decls.iter().any(|w| {
                    w.name == "Window"
                        && w.members.iter().any(|(k, _, ty)| keys.contains(k) && ty.as_deref() == Some(t.name.as_str()))
                });
                if typed && name == old {
                    change.insert(file, *range, new);
                }
            }
        }
    }
}
