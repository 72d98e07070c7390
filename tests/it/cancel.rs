//! Cancellation of stale work. An analysis cancelled at each of its checkpoints in turn returns
//! `Cancelled` and leaves the workspace's caches such that the next analysis equals one from scratch
//! (and does no more work than without the cancellation); the diagnostics stop the same way; over
//! the protocol, a burst of edits during the first analysis ends with diagnostics that match every
//! published version, and a request the client cancels (or a change makes stale) stops its work.

use crate::support;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use ipcls::base::vfs::FileText;
use ipcls::base::{Cancel, Cancelled, Generation};
use ipcls::index::{Index, Workspace};
use serde_json::json;
use support::Client;

/// What an analysis is judged by: its sites, diagnostics, channels and counts.
fn snapshot(index: &Index) -> String {
    let mut sites: Vec<String> = index.sites.iter().map(|s| format!("{} {s:?}", index.rel_path(s.file))).collect();
    sites.sort();
    let mut diagnostics: Vec<String> = ipcls::ide::diagnostics(index, &ipcls::base::Cancel::never())
        .expect("never cancelled")
        .iter()
        .map(|d| format!("{} {:?} {:?} {}", index.rel_path(d.file), d.range, d.code, d.message))
        .collect();
    diagnostics.sort();
    format!(
        "{}\n--\n{}\n--\n{:?}\n--\n{:?}",
        sites.join("\n"),
        diagnostics.join("\n"),
        index.channels.keys().collect::<Vec<_>>(),
        index.stats
    )
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name).canonicalize().expect("fixture")
}

/// A workspace that takes every path of the analysis: files parsed eagerly, a constants module
/// reached only through imports, a wrapper whose callers never mention IPC (their text is dropped
/// at load and searched again on disk), a bridge, missing handlers.
fn generated_workspace() -> tempfile::TempDir {
    let mut files: Vec<(String, String)> = vec![
        (
            "src/main/ipc.ts".into(),
            "import { ipcMain } from 'electron';\nexport function handleIpc(channel: string, fn: () => unknown): void {\n  ipcMain.handle(channel, fn);\n}\n".into(),
        ),
        ("src/shared/channels.ts".into(), "export const Channels = { ping: 'app:ping', quit: 'app:quit' } as const;\n".into()),
        (
            "src/main/index.ts".into(),
            "import { ipcMain } from 'electron';\nimport { Channels } from '../shared/channels';\nipcMain.handle(Channels.ping, () => 'pong');\nipcMain.on(Channels.quit, () => {});\n".into(),
        ),
        (
            "src/preload/index.ts".into(),
            "import { contextBridge, ipcRenderer } from 'electron';\ncontextBridge.exposeInMainWorld('api', {\n  ping: () => ipcRenderer.invoke('app:ping'),\n  missing: () => ipcRenderer.invoke('app:missing'),\n});\n".into(),
        ),
    ];
    for i in 0..24 {
        files.push((
            format!("src/main/features/f{i}.ts"),
            format!("import {{ handleIpc }} from '../ipc';\nhandleIpc('feature:{i}', () => {i});\n"),
        ));
        // Every third feature is never invoked; every fifth invoke has no handler.
        if i % 3 != 0 {
            let channel = if i % 5 == 0 { format!("feature:{i}x") } else { format!("feature:{i}") };
            files.push((
                format!("src/renderer/r{i}.ts"),
                format!("import {{ ipcRenderer }} from 'electron';\nexport const r{i} = () => ipcRenderer.invoke('{channel}');\nwindow.api.ping();\n"),
            ));
        }
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    support::workspace_with(&refs)
}

/// The analysis of `root` after setting `texts`, from scratch.
fn scratch(root: &Path, texts: &[(PathBuf, String)]) -> String {
    let mut ws = Workspace::load(root);
    for (p, t) in texts {
        set(&mut ws, p, t);
    }
    snapshot(&ws.analyze(&ipcls::base::Cancel::never()).expect("never cancelled"))
}

fn set(ws: &mut Workspace, path: &Path, text: &str) {
    ws.set_file(path, FileText { text: Arc::from(text), lossy: false, version: Some(1) });
}

/// How many checkpoints `analyze` passes with `ws` as it is (without changing `ws`).
fn checkpoints(ws: &Workspace) -> u64 {
    let counter = Cancel::after(u64::MAX);
    ws.clone().analyze(&counter).expect("never cancelled");
    counter.checks()
}

/// The first script of the workspace that handles a channel in main.
fn main_script(root: &Path) -> PathBuf {
    let mut scripts: Vec<PathBuf> = Workspace::load(root)
        .vfs()
        .iter()
        .filter(|(_, p, t)| p.extension().is_some_and(|e| e == "ts") && t.text.contains("ipcMain"))
        .map(|(_, p, _)| p.to_path_buf())
        .collect();
    scripts.sort();
    scripts.into_iter().next().expect("a main script")
}

/// A cold analysis cancelled at every checkpoint, then one that completes; then the same on a
/// warm workspace after an edit that keeps every interface (the site cache is kept, minus the
/// edited file) and after one that changes an interface (the site cache is dropped), with a second
/// edit between the cancelled and the complete analysis.
fn check_cancelled_everywhere(root: &Path) -> u64 {
    let name = root.display();
    let clean = scratch(root, &[]);
    let total = checkpoints(&Workspace::load(root));
    assert!(total > 5, "{name}: only {total} checkpoints");
    for n in 0..total {
        let mut ws = Workspace::load(root);
        assert_eq!(ws.analyze(&Cancel::after(n)).err(), Some(Cancelled), "{name}: check {n} of {total}");
        assert_eq!(
            snapshot(&ws.analyze(&ipcls::base::Cancel::never()).expect("never cancelled")),
            clean,
            "{name}: after a cancellation at check {n}"
        );
    }

    let main = main_script(root);
    let original = std::fs::read_to_string(&main).expect("read");
    let comment = format!("{original}\n// edited\n");
    let export = format!("{original}\nexport const cancelAdded = 'cancel:added';\n");
    let second = format!("{original}\nipcMain.handle('cancel:second', () => 2);\n");
    let quiet = format!("{original}\n// edited again\n");
    let mut runs = 0;
    for first in [&comment, &export] {
        let mut warm = Workspace::load(root);
        warm.analyze(&ipcls::base::Cancel::never()).expect("never cancelled");
        set(&mut warm, &main, first);
        let edited_total = checkpoints(&warm);
        let uncancelled_next = {
            let mut ws = warm.clone();
            ws.analyze(&ipcls::base::Cancel::never()).expect("never cancelled");
            set(&mut ws, &main, &quiet);
            checkpoints(&ws)
        };
        let expected = scratch(root, &[(main.clone(), second.clone())]);
        for n in 0..edited_total {
            let mut ws = warm.clone();
            assert!(ws.analyze(&Cancel::after(n)).is_err(), "{name}: warm, check {n}");
            // Nothing the cancelled run did is lost: after an edit that keeps every interface, the
            // next run does at most the work it would have done had the cancelled one completed
            // (the site cache was put back as it was, not dropped).
            if first == &comment {
                let mut quietly = ws.clone();
                set(&mut quietly, &main, &quiet);
                let after_cancel = checkpoints(&quietly);
                assert!(after_cancel <= uncancelled_next, "{name}: check {n}: {after_cancel} > {uncancelled_next}");
            }
            set(&mut ws, &main, &second);
            assert_eq!(
                snapshot(&ws.analyze(&ipcls::base::Cancel::never()).expect("never cancelled")),
                expected,
                "{name}: warm, cancelled at check {n}"
            );
            runs += 1;
        }
    }
    total + runs
}

#[test]
fn analysis_cancelled_at_every_checkpoint_then_equals_analysis_from_scratch() {
    let generated = generated_workspace();
    let mut runs = check_cancelled_everywhere(&generated.path().canonicalize().expect("root"));
    for name in ["article", "wrappers", "generic-bridge", "constants", "demo", "generated", "broken"] {
        runs += check_cancelled_everywhere(&fixture(name));
    }
    assert!(runs > 100, "{runs}");
}

#[test]
fn a_cancelled_token_does_no_parsing() {
    let dir = generated_workspace();
    let root = dir.path().canonicalize().expect("root");
    let generation = Generation::default();
    let stale = generation.token();
    drop(generation.announce());
    let mut ws = Workspace::load(&root);
    assert_eq!(ws.analyze(&stale).err(), Some(Cancelled));
    assert_eq!(ws.parsed_files(), 0);
    let abandoned = Arc::new(AtomicBool::new(true));
    assert_eq!(ws.analyze(&generation.token().or_abandoned(abandoned)).err(), Some(Cancelled));
    assert_eq!(ws.parsed_files(), 0);
    // While a change is announced and not applied, a new token is cancelled at once.
    let pending = generation.announce();
    assert_eq!(ws.analyze(&generation.token()).err(), Some(Cancelled));
    assert_eq!(ws.parsed_files(), 0);
    drop(pending);
    // A current token analyses everything, wrapper callers found on disk included.
    let index = ws.analyze(&generation.token()).expect("not cancelled");
    assert!(index.channels.contains_key("feature:7"), "{:?}", index.channels.keys().collect::<Vec<_>>());
    assert!(ws.parsed_files() > 40, "{}", ws.parsed_files());
}

#[test]
fn diagnostics_cancelled_at_every_checkpoint() {
    let dir = generated_workspace();
    let index = Workspace::load(&dir.path().canonicalize().expect("root"))
        .analyze(&ipcls::base::Cancel::never())
        .expect("never cancelled");
    let all = ipcls::ide::diagnostics(&index, &ipcls::base::Cancel::never()).expect("never cancelled");
    assert!(all.len() > 5, "{all:?}");
    let counter = Cancel::after(u64::MAX);
    assert_eq!(ipcls::ide::diagnostics(&index, &counter).as_ref(), Ok(&all));
    let total = counter.checks();
    assert!(total > index.channels.len() as u64, "one check per channel at least: {total}");
    for n in 0..total {
        assert_eq!(ipcls::ide::diagnostics(&index, &Cancel::after(n)), Err(Cancelled), "check {n}");
    }
}

/// The channel typed so far after `version` (version 1 is the text as opened).
fn typed_channel(version: i64, typed: &str) -> String {
    format!("burst:{}", &typed[..(version - 1) as usize])
}

/// A burst of keystrokes during the first analysis of a few hundred files: every diagnostics
/// notification for the edited file matches the version it names (never a stale analysis under a
/// newer version), the file whose diagnostics never change is published once and never cleared,
/// and the last notification is for the final text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn burst_of_edits_publishes_diagnostics_of_the_versions_they_name() {
    let typed = "handled-by-nobody-at-all";
    let mut files: Vec<(String, String)> = vec![
        (
            "src/main/index.ts".into(),
            "import { ipcMain } from 'electron';\nipcMain.handle('other:handled', () => 1);\n".into(),
        ),
        (
            "src/renderer/app.ts".into(),
            "import { ipcRenderer } from 'electron';\nipcRenderer.invoke('burst:');\n".into(),
        ),
        (
            "src/renderer/stable.ts".into(),
            "import { ipcRenderer } from 'electron';\nipcRenderer.invoke('zzzz:never-handled');\n".into(),
        ),
    ];
    for i in 0..300 {
        files.push((
            format!("src/renderer/filler{i}.ts"),
            format!("export const f{i} = () => window.api.ping({i});\nexport const g{i} = (x: number) => x + {i};\n"),
        ));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = support::workspace_with(&refs);
    let root = dir.path().canonicalize().expect("root");
    let mut c = Client::in_process(&root);
    c.initialize().await;
    c.open("src/renderer/app.ts").await;
    // The files are read; the first analysis is starting.
    c.notification_until("$/progress", |p| p["value"]["kind"] == "report").await;
    for (i, ch) in typed.chars().enumerate() {
        let col = 26 + i as u64;
        c.change(
            "src/renderer/app.ts",
            json!({"start": {"line": 1, "character": col}, "end": {"line": 1, "character": col}}),
            &ch.to_string(),
        )
        .await;
    }
    let final_version = typed.len() as i64 + 1;
    let app = c.file_uri("src/renderer/app.ts");
    let stable = c.file_uri("src/renderer/stable.ts");
    let mut published = Vec::new();
    let mut stable_published = Vec::new();
    // Until the final version's diagnostics and the stable file's, then
    // what arrived before an answer to a later request.
    let mut after = None;
    loop {
        let msg = match c.pending.iter().position(|m| m["method"] == "textDocument/publishDiagnostics") {
            Some(i) if after.is_some() => c.pending.remove(i).unwrap_or_default(),
            None if after.is_some() => break,
            _ => c.next_message().await,
        };
        if msg["method"] != "textDocument/publishDiagnostics" {
            c.pending.push_back(msg);
            continue;
        }
        let params = &msg["params"];
        let messages: Vec<String> = params["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| d["message"].as_str().map(str::to_string))
            .collect();
        if params["uri"] == stable {
            stable_published.push(messages);
        } else if params["uri"] == app {
            let version = params["version"].as_i64().expect("an open document's diagnostics carry its version");
            published.push((version, messages));
        }
        if after.is_none() && published.last().is_some_and(|p| p.0 == final_version) && !stable_published.is_empty() {
            after = Some(c.request("ipcls/channels", json!({})).await);
        }
    }
    // The stable file's error was published once and never cleared by a cancelled round.
    assert_eq!(stable_published, [vec!["No handler registered for 'zzzz:never-handled'".to_string()]]);
    for (version, messages) in &published {
        let channel = typed_channel(*version, typed);
        // No handler for any channel typed: one error naming the channel of that version.
        assert_eq!(messages.len(), 1, "version {version}: {messages:?}");
        assert!(messages[0].contains(&format!("'{channel}'")), "version {version} ({channel}): {messages:?}");
    }
    assert!(published.windows(2).all(|w| w[0].0 < w[1].0), "versions go up: {:?}", published.iter().map(|p| p.0));
    let channels = after.unwrap_or_default();
    let names: Vec<&str> = channels["channels"]
        .as_array()
        .map(|a| a.iter().filter_map(|c| c["name"].as_str()).collect())
        .unwrap_or_default();
    assert!(names.contains(&"burst:handled-by-nobody-at-all") && !names.contains(&"burst:handled"), "{names:?}");
    c.shutdown().await;
}

/// `$/cancelRequest` stops the blocking work of the request it cancels (the work waits for its
/// token and would otherwise run on), and a change stops the work of a request it made stale,
/// which is answered `ContentModified`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelled_and_stale_requests_stop_their_work() {
    let dir = support::workspace_with(&[(
        "src/main/index.ts",
        "import { ipcMain } from 'electron';\nipcMain.handle('a:b', () => 1);\n",
    )]);
    let root = dir.path().canonicalize().expect("root");
    let mut c = Client::in_process(&root);
    c.initialize().await;
    c.open("src/main/index.ts").await;

    // Cancelled once its work has started (it logs so), else nothing would be running.
    let id = c.request_id("ipcls/debug/waitForCancel", json!({})).await;
    c.log_containing("debug work waiting").await;
    c.notify("$/cancelRequest", json!({"id": id})).await;
    assert_eq!(c.response(id).await["error"]["code"], -32800);
    let log = c.log_containing("debug work stopped").await;
    assert!(log.contains("abandoned: true"), "{log}");

    // While it waits it holds no lock: another request is answered. Then a change makes it stale.
    let id = c.request_id("ipcls/debug/waitForCancel", json!({})).await;
    c.log_containing("debug work waiting").await;
    let uri = c.file_uri("src/main/index.ts");
    c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 17}}))
        .await;
    c.change(
        "src/main/index.ts",
        json!({"start": {"line": 1, "character": 18}, "end": {"line": 1, "character": 18}}),
        "c",
    )
    .await;
    assert_eq!(c.response(id).await["error"]["code"], -32801);
    let log = c.log_containing("debug work stopped").await;
    assert!(log.contains("abandoned: false"), "{log}");
    c.shutdown().await;
}
