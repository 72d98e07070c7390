//! What is under the cursor, and where it leads: definition, implementation, references.

use crate::base::{FileId, TextRange};
use crate::index::{Index, Site};
use crate::syntax::ts::Kind;

/// Something a position can name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A channel, named at a site (or a site's range).
    Channel { name: String, range: TextRange },
    /// A contract rpc, named in a `.proto` file.
    Rpc { service: usize, method: usize, range: TextRange },
}

/// A place to go to, with the range to highlight.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct NavTarget {
    pub file: FileId,
    pub range: TextRange,
}

/// Sites of `file` whose range holds `offset` (a cursor right after a token counts).
pub fn sites_at(index: &Index, file: FileId, offset: u32) -> Vec<&Site> {
    index.sites.in_file(file).filter(|s| s.range.contains_inclusive(offset)).collect()
}

/// The channel or rpc at `offset`: a site, a preload bridge member, or an rpc name.
pub fn target_at(index: &Index, file: FileId, offset: u32) -> Option<Target> {
    if let Some(s) = sites_at(index, file, offset).into_iter().find(|s| s.channel.known().is_some()) {
        return Some(Target::Channel { name: s.channel.known()?.to_string(), range: s.range });
    }
    for b in index.bridges.iter() {
        for m in &b.members {
            if m.file == file && m.name_range.contains_inclusive(offset) {
                if let Some(c) = m.channels.first() {
                    return Some(Target::Channel { name: c.channel.clone(), range: m.name_range });
                }
            }
        }
    }
    for r in index.rpcs.iter() {
        let rpc = &index.contract.services[r.service].methods[r.method];
        if r.file == file && rpc.name_range.contains_inclusive(offset) {
            return Some(Target::Rpc { service: r.service, method: r.method, range: rpc.name_range });
        }
        if r.file == file && rpc.channel_option.as_ref().is_some_and(|(_, range)| range.contains_inclusive(offset)) {
            return Some(Target::Rpc { service: r.service, method: r.method, range: rpc.name_range });
        }
    }
    None
}

/// The channel a target is about.
pub fn channel_of(index: &Index, target: &Target) -> Option<String> {
    match target {
        Target::Channel { name, .. } => Some(name.clone()),
        Target::Rpc { service, method, .. } => {
            index.rpcs.iter().find(|r| r.service == *service && r.method == *method).map(|r| r.channel.clone())
        }
    }
}

fn rpc_location(index: &Index, channel: &str) -> Option<NavTarget> {
    let r = index.rpc_for(channel)?;
    let rpc = &index.contract.services[r.service].methods[r.method];
    Some(NavTarget { file: r.file, range: rpc.name_range })
}

/// The receiving side of a sender kind.
fn receivers(kind: Kind) -> &'static [Kind] {
    match kind {
        Kind::Invoke => &[Kind::Handle],
        Kind::Send | Kind::SendSync => &[Kind::On],
        Kind::Push | Kind::Guest => &[Kind::Listen],
        Kind::Emit => &[Kind::On, Kind::Listen],
        Kind::Handle => &[Kind::Invoke],
        Kind::On => &[Kind::Send, Kind::SendSync, Kind::Emit],
        Kind::Listen => &[Kind::Push],
        _ => &[Kind::Handle, Kind::On, Kind::Listen],
    }
}

/// Definition: from a bridge call, the preload member; from a sender, its receivers; then the
/// contract rpc. From an rpc, its handlers.
pub fn definition(index: &Index, file: FileId, offset: u32) -> Vec<NavTarget> {
    let mut out = Vec::new();
    let sites = sites_at(index, file, offset);
    if let Some(site) = sites.iter().find(|s| s.channel.known().is_some()) {
        let channel = site.channel.known().unwrap_or_default();
        if let (Some(_), Some(via)) = (&site.bridge, site.via) {
            out.push(NavTarget { file: via.file, range: via.range });
        }
        let kinds = if site.kind.is_sender() || site.kind == Kind::Remove { receivers(site.kind) } else { &[] };
        let before = out.len();
        // Implementations passed to generated `register…Service` functions are derived handlers.
        for s in
            index.channel_sites(channel).filter(|s| kinds.contains(&s.kind) && (!s.derived || s.kind == Kind::Handle))
        {
            out.push(NavTarget { file: s.file, range: s.range });
        }
        if out.len() == before && site.kind.is_sender() {
            // A kind mismatch (`send` to a `handle`): the receiver that is there is still the place to go.
            for s in index.channel_sites(channel).filter(|s| s.kind.is_receiver() && !s.derived) {
                out.push(NavTarget { file: s.file, range: s.range });
            }
        }
        out.extend(rpc_location(index, channel));
        if out.is_empty() && site.kind.is_receiver() {
            // A receiver with nothing above it: its senders.
            for s in index.channel_sites(channel).filter(|s| receivers(site.kind).contains(&s.kind)) {
                out.push(NavTarget { file: s.file, range: s.range });
            }
        }
        return dedup(out);
    }
    if let Some(found) = bridge_declaration(index, file, offset) {
        return found;
    }
    match target_at(index, file, offset) {
        Some(t @ Target::Rpc { .. }) => implementation_of(index, &t),
        Some(t @ Target::Channel { .. }) => {
            let channel = channel_of(index, &t).unwrap_or_default();
            let mut out: Vec<NavTarget> = index
                .channel_sites(&channel)
                .filter(|s| s.kind.is_receiver() && !s.derived)
                .map(|s| NavTarget { file: s.file, range: s.range })
                .collect();
            out.extend(rpc_location(index, &channel));
            dedup(out)
        }
        None => Vec::new(),
    }
}

/// From the key of `window.electronAPI.openFile()`, the `exposeInMainWorld('electronAPI', …)` that
/// defines it; from a member of a `Window` declaration (`.d.ts`), the preload member.
fn bridge_declaration(index: &Index, file: FileId, offset: u32) -> Option<Vec<NavTarget>> {
    let summary = index.summaries.get(&file)?;
    for u in &summary.bridge_uses {
        let (Some(key), Some(range)) = (u.path.first(), u.ranges.first()) else { continue };
        if range.contains_inclusive(offset) && u.ranges.len() > 1 && u.ranges[0] != u.ranges[1] {
            let out: Vec<NavTarget> = index
                .bridges
                .iter()
                .filter(|b| &b.key == key)
                .map(|b| NavTarget { file: b.file, range: b.key_range })
                .collect();
            if !out.is_empty() {
                return Some(out);
            }
        }
    }
    // Members of the interface a `Window` key is declared with, or of an inline type literal.
    let window_types: Vec<(&String, &String)> = summary
        .type_decls
        .iter()
        .filter(|t| t.name == "Window")
        .flat_map(|t| t.members.iter().filter_map(|(k, _, ty)| Some((k, ty.as_ref()?))))
        .collect();
    let mut candidates: Vec<(String, String)> = Vec::new();
    for t in &summary.type_decls {
        for (name, range, _) in &t.members {
            if range.contains_inclusive(offset) {
                for (key, ty) in &window_types {
                    if **ty == t.name {
                        candidates.push(((*key).clone(), name.clone()));
                    }
                }
            }
        }
    }
    for d in &summary.window_decls {
        if d.name_range.contains_inclusive(offset) && d.path.len() == 2 {
            candidates.push((d.path[0].clone(), d.path[1].clone()));
        }
    }
    let out: Vec<NavTarget> = candidates
        .iter()
        .flat_map(|(key, member)| {
            index.bridges.iter().filter(move |b| &b.key == key).flat_map(move |b| {
                b.members
                    .iter()
                    .filter(move |m| m.path.len() == 1 && &m.path[0] == member)
                    .map(|m| NavTarget { file: m.file, range: m.name_range })
            })
        })
        .collect();
    (!out.is_empty()).then_some(out)
}

/// Implementation: the handlers and listeners of the channel at `offset`.
pub fn implementation(index: &Index, file: FileId, offset: u32) -> Vec<NavTarget> {
    match target_at(index, file, offset) {
        Some(t) => implementation_of(index, &t),
        None => Vec::new(),
    }
}

fn implementation_of(index: &Index, target: &Target) -> Vec<NavTarget> {
    let Some(channel) = channel_of(index, target) else { return Vec::new() };
    dedup(
        index
            .channel_sites(&channel)
            .filter(|s| matches!(s.kind, Kind::Handle | Kind::On))
            .map(|s| NavTarget { file: s.file, range: s.range })
            .collect(),
    )
}

/// References: every site of the channel, the bridge members that carry it, and its rpc.
pub fn references(index: &Index, file: FileId, offset: u32, include_declaration: bool) -> Vec<NavTarget> {
    let Some(target) = target_at(index, file, offset) else { return Vec::new() };
    let Some(channel) = channel_of(index, &target) else { return Vec::new() };
    let mut out: Vec<NavTarget> =
        index.channel_sites(&channel).map(|s| NavTarget { file: s.file, range: s.range }).collect();
    for b in index.bridges.iter() {
        for m in &b.members {
            if m.channels.iter().any(|c| c.channel == channel) {
                out.push(NavTarget { file: m.file, range: m.name_range });
            }
        }
    }
    if include_declaration {
        out.extend(rpc_location(index, &channel));
    }
    dedup(out)
}

fn dedup(mut v: Vec<NavTarget>) -> Vec<NavTarget> {
    let mut seen = std::collections::BTreeSet::new();
    v.retain(|t| seen.insert(t.clone()));
    v
}

#[cfg(test)]
mod tests {
    use crate::test_fixture::Fixture;

    /// The text of every definition target of the cursor, as `file: text`.
    fn definitions(text: &str) -> Vec<String> {
        let fixture = Fixture::parse(text);
        let index = fixture.index();
        let (path, offset) = fixture.cursor.clone().expect("cursor");
        let file = index.file_for_rel(&path).expect("file");
        let mut out: Vec<String> = super::definition(&index, file, offset)
            .iter()
            .map(|t| {
                format!(
                    "{}: {}",
                    index.rel_path(t.file),
                    &index.text(t.file)[t.range.start as usize..t.range.end as usize]
                )
            })
            .collect();
        out.sort();
        out
    }

    const APP: &str = r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.handle('dialog:openFile', () => '');
//- /src/preload/index.ts
import { contextBridge, ipcRenderer } from 'electron';
contextBridge.exposeInMainWorld('electronAPI', {
  openFile: () => ipcRenderer.invoke('dialog:openFile'),
});
"#;

    #[test]
    fn from_a_renderer_call_to_the_member_and_the_handler() {
        let text = format!("{APP}//- /src/renderer/app.ts\nwindow.electronAPI.open$0File();\n");
        assert_eq!(definitions(&text), vec!["src/main/index.ts: 'dialog:openFile'", "src/preload/index.ts: openFile"]);
    }

    #[test]
    fn from_the_bridge_key_to_expose_in_main_world() {
        let text = format!("{APP}//- /src/renderer/app.ts\nwindow.electron$0API.openFile();\n");
        assert_eq!(definitions(&text), vec!["src/preload/index.ts: 'electronAPI'"]);
    }

    #[test]
    fn from_a_window_declaration_to_the_preload_member() {
        let text = format!(
            "{APP}//- /src/renderer/env.d.ts\nexport interface ElectronAPI {{\n  open$0File: () => Promise<string>;\n}}\ndeclare global {{\n  interface Window {{\n    electronAPI: ElectronAPI;\n  }}\n}}\n"
        );
        assert_eq!(definitions(&text), vec!["src/preload/index.ts: openFile"]);
    }
}
