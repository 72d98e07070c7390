//! Quick fixes for diagnostics: fix a near-miss channel name, create a missing handler stub in the
//! main file, add the rpc to the contract, regenerate stale bindings.

use crate::base::{FileId, TextRange};
use crate::ide::diagnostics::{Code, Diagnostic};
use crate::ide::generated::{self, FileRewrite};
use crate::ide::source_change::SourceChange;
use crate::index::{Index, Process};
use crate::syntax::proto::{self, upper_camel};
use crate::syntax::ts::Kind;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub title: String,
    pub change: SourceChange,
    /// The diagnostic it fixes.
    pub fixes: Diagnostic,
    pub preferred: bool,
}

/// Fixes for the diagnostics of `file` that touch `range`.
pub fn actions(index: &Index, diagnostics: &[Diagnostic], file: FileId, range: TextRange) -> Vec<Action> {
    let mut out = Vec::new();
    for d in diagnostics.iter().filter(|d| d.file == file && d.range.start <= range.end && range.start <= d.range.end) {
        if let (Some(suggestion), Some(channel)) = (&d.suggestion, &d.channel) {
            let text = index.text(file);
            let lit = text.get(d.range.start as usize..d.range.end as usize).unwrap_or("");
            if lit.len() >= 2 && lit.starts_with(['\'', '"', '`']) && &lit[1..lit.len() - 1] == channel {
                let mut change = SourceChange::default();
                change.insert(file, TextRange::new(d.range.start + 1, d.range.end - 1), suggestion.clone());
                out.push(Action {
                    title: format!("Change to '{suggestion}'"),
                    change,
                    fixes: d.clone(),
                    preferred: true,
                });
            }
        }
        if d.code == Code::NoHandler {
            if let Some(a) = handler_stub(index, d) {
                out.push(a);
            }
        }
        if d.code == Code::NotInContract {
            if let Some(a) = add_rpc(index, d) {
                out.push(a);
            }
        }
    }
    out
}

/// The fix of a `stale-bindings` diagnostic of `file` that touches `range`: the generated files
/// rewritten whole (or created) with what `ipcls generate` writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Regenerate {
    /// The first `stale-bindings` diagnostic in the range.
    pub fixes: Diagnostic,
    pub rewrites: Vec<FileRewrite>,
}

/// The title of the [`Regenerate`] fix.
pub const REGENERATE_TITLE: &str = "Regenerate the IPC bindings (ipcls generate)";

/// The [`Regenerate`] fix for the diagnostics of `file` that touch `range`, when one of them says the
/// bindings are stale.
pub fn regenerate(index: &Index, diagnostics: &[Diagnostic], file: FileId, range: TextRange) -> Option<Regenerate> {
    let first = diagnostics
        .iter()
        .filter(|d| d.code == Code::StaleBindings && d.file == file)
        .find(|d| d.range.start <= range.end && range.start <= d.range.end)?;
    Some(Regenerate { fixes: first.clone(), rewrites: generated::stale(index)? })
}

/// `ipcMain.handle('x', ...)` appended to the main file that registers the most handlers.
fn handler_stub(index: &Index, d: &Diagnostic) -> Option<Action> {
    let channel = d.channel.as_ref()?;
    let mut counts: Vec<(usize, FileId)> = Vec::new();
    for s in index.sites.iter().filter(|s| s.kind == Kind::Handle && s.process == Process::Main && s.via.is_none()) {
        match counts.iter_mut().find(|(_, f)| *f == s.file) {
            Some((n, _)) => *n += 1,
            None => counts.push((1, s.file)),
        }
    }
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let (_, file) = counts.first()?;
    let text = index.text(*file);
    let end = text.len() as u32;
    let lead = if text.ends_with('\n') || text.is_empty() { "" } else { "\n" };
    let stub =
        format!("{lead}\nipcMain.handle('{channel}', async (_event) => {{\n  // TODO: handle '{channel}'\n}});\n");
    let mut change = SourceChange::default();
    change.insert(*file, TextRange::new(end, end), stub);
    Some(Action {
        title: format!("Create a handler for '{channel}' in {}", index.rel_path(*file)),
        change,
        fixes: d.clone(),
        preferred: d.suggestion.is_none(),
    })
}

/// `rpc Method(google.protobuf.Empty) returns (google.protobuf.Empty);` in the service the channel's
/// prefix names (or the only service).
fn add_rpc(index: &Index, d: &Diagnostic) -> Option<Action> {
    let channel = d.channel.as_ref()?;
    let template = index.config.template();
    let services = &index.contract.services;
    let (service, method) = services
        .iter()
        .filter_map(|s| proto::method_for_channel(template, s, channel).map(|m| (s, m)))
        .next()
        .or_else(|| {
            let s = (services.len() == 1).then(|| &services[0])?;
            Some((s, upper_camel(channel.rsplit([':', '.', '/']).next().unwrap_or(channel))))
        })?;
    let file = index.file_for_rel(&service.file)?;
    let text = index.text(file);
    let close = service.range.end.checked_sub(1)?;
    if text.as_bytes().get(close as usize) != Some(&b'}') {
        return None;
    }
    let mut change = SourceChange::default();
    let mut rpc = format!("  rpc {method}(google.protobuf.Empty) returns (google.protobuf.Empty);\n");
    if proto::channel_for(template, service, &{
        let mut r = service.methods.first().cloned()?;
        r.name = method.clone();
        r.channel_option = None;
        r
    }) != *channel
    {
        rpc = format!(
            "  rpc {method}(google.protobuf.Empty) returns (google.protobuf.Empty) {{\n    option (ipcls.channel) = \"{channel}\";\n  }}\n"
        );
    }
    change.insert(file, TextRange::new(close, close), rpc);
    if !text.contains("google/protobuf/empty.proto") {
        let at =
            text.find("\nimport ").or_else(|| text.find("\npackage ")).or_else(|| text.find("\nsyntax ")).map(|i| {
                let line_end = text[i + 1..].find('\n').map_or(text.len(), |e| i + 1 + e + 1);
                line_end as u32
            });
        if let Some(at) = at {
            change.insert(file, TextRange::new(at, at), "import \"google/protobuf/empty.proto\";\n");
        }
    }
    Some(Action {
        title: format!("Add rpc {method} to {} for '{channel}'", service.name),
        change,
        fixes: d.clone(),
        preferred: false,
    })
}

#[cfg(test)]
mod tests {
    use std::fmt::Write;
    use std::sync::Arc;

    use expect_test::expect;

    use crate::base::{Cancel, TextRange};
    use crate::ide::{Analysis, CodeActions};
    use crate::test_fixture::Fixture;

    /// The fixes at the fixture's annotated range (or its cursor), each with its edits.
    fn render(text: &str) -> String {
        let fixture = Fixture::parse(text);
        let analysis = Analysis::new(Arc::new(fixture.index()), Cancel::never());
        let index = analysis.index();
        let (path, range) = match (&fixture.cursor, fixture.annotations.first()) {
            (Some((path, at)), _) => (path.clone(), TextRange::new(*at, *at)),
            (None, Some((path, range, _))) => (path.clone(), *range),
            (None, None) => panic!("the fixture marks no range"),
        };
        let file = index.file_for_rel(&path).expect("file");
        let computed = analysis.code_actions(file, range, None).expect("never cancelled");
        // The published diagnostics of the file give the same fixes.
        let diagnostics = analysis.diagnostics().expect("never cancelled");
        let of_file: Vec<_> = diagnostics.into_iter().filter(|d| d.file == file).collect();
        assert_eq!(analysis.code_actions(file, range, Some(&of_file)).expect("never cancelled"), computed);
        let CodeActions { fixes, regenerate } = computed;
        let mut out = String::new();
        for a in fixes {
            let _ = writeln!(
                out,
                "{} ({}{})",
                a.title,
                a.fixes.code.as_str(),
                if a.preferred { ", preferred" } else { "" }
            );
            for (file, edits) in &a.change.edits {
                for e in edits {
                    let _ = writeln!(
                        out,
                        "  {} {}..{}: {:?}",
                        index.rel_path(*file),
                        e.range.start,
                        e.range.end,
                        e.new_text
                    );
                }
            }
        }
        if let Some(r) = regenerate {
            let _ = writeln!(out, "{} ({})", super::REGENERATE_TITLE, r.fixes.code.as_str());
            for w in &r.rewrites {
                let _ = writeln!(out, "  {} {}", w.path, if w.file.is_some() { "replaced" } else { "created" });
            }
        }
        out
    }

    #[test]
    fn a_near_miss_is_renamed_and_a_missing_handler_created() {
        let text = r#"
//- /src/main/index.ts
import { ipcMain } from 'electron';
ipcMain.handle('notes:list', () => []);
//- /src/renderer/app.ts
import { ipcRenderer } from 'electron';
ipcRenderer.invoke('notes:lst');
//                 ^^^^^^^^^^^ no-handler
"#;
        expect![[r#"
            Change to 'notes:list' (no-handler, preferred)
              src/renderer/app.ts 60..69: "notes:list"
            Create a handler for 'notes:lst' in src/main/index.ts (no-handler)
              src/main/index.ts 76..76: "\nipcMain.handle('notes:lst', async (_event) => {\n  // TODO: handle 'notes:lst'\n});\n"
        "#]]
        .assert_eq(&render(text));
    }

    #[test]
    fn stale_bindings_are_regenerated() {
        let text = r#"
//- /ipcls.toml
[generate]
out = "src/ipc/generated"
//- /proto/app.proto
syntax = "proto3";
package app;
service App {
  rpc GetVersion(VersionRequest) returns (Version);
}
message VersionRequest {}
message Version {
  string name = 1;
}
//- /src/ipc/generated/types.ts
// An old$0 version.
export {};
"#;
        expect![[r#"
            Regenerate the IPC bindings (ipcls generate) (stale-bindings)
              src/ipc/generated/types.ts replaced
              src/ipc/generated/main.ts created
              src/ipc/generated/preload.ts created
              src/ipc/generated/renderer.ts created
        "#]]
        .assert_eq(&render(text));
    }
}
