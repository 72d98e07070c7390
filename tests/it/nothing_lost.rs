//! Nothing lost: every workspace edit ipcls produces (rename, code actions) is versioned for open
//! documents, has disjoint edits, and is exact (applied, it changes the channel everywhere and no
//! other byte: whole files are compared); the CLI never writes a source file; and a file that can
//! no longer be read never takes an open buffer's sites with it.

use crate::support;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value};
use support::{apply_edit, position, workspace_with, Client};

const MAIN: &str = "import { ipcMain } from 'electron';\n// 'files:open' in a comment is not a channel.\nipcMain.handle('files:open', () => 1);\n";
const MORE: &str =
    "import { ipcMain } from 'electron';\nimport { OPEN } from '../shared/channels';\nipcMain.on(OPEN, () => {});\n";
const CHANNELS: &str = "export const OPEN = 'files:open';\nexport const OTHER = 'files:other';\n";
const PRELOAD: &str = "import { contextBridge, ipcRenderer } from 'electron';\nconst s = 'é😀'; contextBridge.exposeInMainWorld('api', { open: () => ipcRenderer.invoke(\"files:open\") });\n";
const RENDERER: &str = "const s = '😀';\nwindow.api.open();\n";

/// Every file under `root` with its bytes.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read_dir").flatten() {
            let path = entry.path();
            if entry.file_type().expect("type").is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root).expect("under root").display().to_string();
                out.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    out
}

/// Checks the shape of a workspace edit: one `TextDocumentEdit` per file, the version of open
/// documents (`null` for the others), edits disjoint.
fn check_versions(c: &Client, edit: &Value) {
    let changes = edit["documentChanges"].as_array().expect("documentChanges");
    let mut uris: Vec<&str> = changes.iter().filter_map(|ch| ch["textDocument"]["uri"].as_str()).collect();
    let count = uris.len();
    uris.sort();
    uris.dedup();
    assert_eq!(uris.len(), count, "a file appears twice: {edit}");
    for change in changes {
        let uri = change["textDocument"]["uri"].as_str().expect("uri");
        let rel = uri.strip_prefix(&format!("{}/", support::uri(&c.root))).expect("in the workspace");
        assert_eq!(change["textDocument"]["version"], json!(c.version(rel)), "version of {rel}: {edit}");
    }
}

async fn channel_sites(c: &mut Client, channel: &str) -> usize {
    let v = c.request("ipcls/channels", json!({})).await;
    v["channels"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|ch| ch["name"] == channel)
        .map(|ch| ch["sites"].as_array().map_or(0, Vec::len))
        .sum()
}

/// After an edit was applied on disk: open buffers get the new text (as the editor would apply
/// it), other files are reported by the watcher.
async fn reindex(c: &mut Client, touched: &[String]) {
    for rel in touched {
        let text = std::fs::read_to_string(c.root.join(rel)).expect("read");
        if let Some(v) = c.version(rel) {
            let uri = c.file_uri(rel);
            c.notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": v + 1}, "contentChanges": [{"text": text}]}),
            )
            .await;
        } else {
            let uri = c.file_uri(rel);
            c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": uri, "type": 2}]})).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rename_is_versioned_disjoint_and_exact() {
    let dir = workspace_with(&[
        ("src/main/index.ts", MAIN),
        ("src/main/more.ts", MORE),
        ("src/shared/channels.ts", CHANNELS),
        ("src/preload/index.ts", PRELOAD),
        ("src/renderer/app.ts", RENDERER),
    ]);
    let root = dir.path();
    let before = tree(root);
    let mut c = Client::in_process(root);
    c.initialize().await;
    c.open("src/main/index.ts").await;
    c.open("src/preload/index.ts").await;
    // The preload buffer moves to version 2 (a change that leaves the text as it is on disk).
    let range = json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}});
    c.change("src/preload/index.ts", range, "").await;
    let sites = channel_sites(&mut c, "files:open").await;
    assert_eq!(sites, 4, "handle, on (constant), invoke, bridge use");
    let edit = c
        .request(
            "textDocument/rename",
            json!({"textDocument": {"uri": c.file_uri("src/preload/index.ts")}, "position": position(PRELOAD, "\"files:open\"", 3), "newName": "files:opened"}),
        )
        .await;
    check_versions(&c, &edit);
    let touched = apply_edit(root, &edit);
    assert_eq!(touched, vec!["src/main/index.ts", "src/preload/index.ts", "src/shared/channels.ts"], "{edit}");
    // Exactly the channel's literals changed: not the comment, not the other constant.
    let mut expected = before.clone();
    let replace = |text: &str, from: &str, to: &str| text.replacen(from, to, 1).into_bytes();
    expected.insert("src/main/index.ts".into(), replace(MAIN, "handle('files:open'", "handle('files:opened'"));
    expected.insert("src/shared/channels.ts".into(), replace(CHANNELS, "'files:open'", "'files:opened'"));
    expected.insert("src/preload/index.ts".into(), replace(PRELOAD, "\"files:open\"", "\"files:opened\""));
    let after = tree(root);
    for (rel, bytes) in &expected {
        assert_eq!(String::from_utf8_lossy(&after[rel]), String::from_utf8_lossy(bytes), "{rel} after the rename");
    }
    assert_eq!(after, expected);
    // Re-indexed, the new channel has every site and the old one none.
    reindex(&mut c, &touched).await;
    assert_eq!(channel_sites(&mut c, "files:opened").await, sites);
    assert_eq!(channel_sites(&mut c, "files:open").await, 0);
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn code_actions_are_versioned_disjoint_and_exact() {
    let typo = "import { ipcRenderer } from 'electron';\nconst s = '😀'; ipcRenderer.invoke('files:opne');\nipcRenderer.invoke('files:missing');\n";
    let dir = workspace_with(&[("src/main/index.ts", MAIN), ("src/renderer/app.ts", typo)]);
    let root = dir.path();
    let before = tree(root);
    let mut c = Client::in_process(root);
    c.initialize().await;
    c.open("src/renderer/app.ts").await;
    let diags = c.diagnostics_until("src/renderer/app.ts", |d| d.len() >= 2).await;
    // The near-miss fix changes the one literal.
    let at = position(typo, "'files:opne'", 3);
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": c.file_uri("src/renderer/app.ts")}, "range": {"start": at, "end": at}, "context": {"diagnostics": diags}}),
        )
        .await;
    let fix = actions
        .as_array()
        .expect("actions")
        .iter()
        .find(|a| a["title"].as_str().unwrap_or("").contains("'files:open'"))
        .unwrap_or_else(|| panic!("a near-miss fix: {actions}"))
        .clone();
    check_versions(&c, &fix["edit"]);
    let touched = apply_edit(root, &fix["edit"]);
    assert_eq!(touched, vec!["src/renderer/app.ts"]);
    let mut expected = before.clone();
    expected.insert("src/renderer/app.ts".into(), typo.replace("'files:opne'", "'files:open'").into_bytes());
    assert_eq!(tree(root), expected);
    reindex(&mut c, &touched).await;
    // The handler stub for the missing channel: an insertion into main, nothing else.
    let text = std::fs::read_to_string(root.join("src/renderer/app.ts")).expect("read");
    let at = position(&text, "'files:missing'", 3);
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": c.file_uri("src/renderer/app.ts")}, "range": {"start": at, "end": at}, "context": {"diagnostics": []}}),
        )
        .await;
    let stub = actions
        .as_array()
        .expect("actions")
        .iter()
        .find(|a| a["title"].as_str().unwrap_or("").to_lowercase().contains("handler"))
        .unwrap_or_else(|| panic!("a handler stub: {actions}"))
        .clone();
    check_versions(&c, &stub["edit"]);
    let before_stub = tree(root);
    let touched = apply_edit(root, &stub["edit"]);
    assert_eq!(touched, vec!["src/main/index.ts"]);
    let main = String::from_utf8(tree(root)["src/main/index.ts"].clone()).expect("UTF-8");
    assert!(main.starts_with(MAIN.trim_end()) || main.contains(MAIN.trim_end()), "the old text is kept: {main}");
    assert!(main.contains("'files:missing'"), "{main}");
    let mut others = tree(root);
    others.remove("src/main/index.ts");
    let mut before_others = before_stub;
    before_others.remove("src/main/index.ts");
    assert_eq!(others, before_others);
    reindex(&mut c, &touched).await;
    let diags = c.diagnostics_until("src/renderer/app.ts", |d| !d.iter().any(|d| d["code"] == "no-handler")).await;
    assert!(diags.iter().all(|d| d["code"] != "no-handler"), "{diags:?}");
    c.shutdown().await;
}

/// Every CLI command, in every format, over every fixture: the tree is the same byte for byte.
#[test]
fn the_cli_never_writes() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let runs: &[&[&str]] = &[
        &["check"],
        &["check", "--format", "json"],
        &["check", "--format", "sarif"],
        &["check", "--format", "github"],
        &["check", "--hints"],
        &["channels"],
        &["channels", "--format", "json"],
        &["channels", "--format", "markdown"],
        &["graph"],
        &["graph", "--format", "dot"],
    ];
    for entry in std::fs::read_dir(&fixtures).expect("fixtures").flatten() {
        if !entry.file_type().expect("type").is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let dir = support::copy_fixture(&name);
        let before = tree(dir.path());
        for args in runs {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_ipcls"))
                .args(*args)
                .arg(dir.path())
                .output()
                .expect("run ipcls");
            assert!(matches!(out.status.code(), Some(0 | 1)), "{name} {args:?}: {out:?}");
            // Also from inside the folder, with no path.
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_ipcls"))
                .args(*args)
                .current_dir(dir.path())
                .output()
                .expect("run ipcls");
            assert!(matches!(out.status.code(), Some(0 | 1)), "{name} {args:?}: {out:?}");
        }
        assert!(tree(dir.path()) == before, "ipcls changed files of {name}");
    }
}

/// A file that can no longer be read (deleted, or replaced by a folder) never drops what was
/// indexed from its open buffer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_read_keeps_the_open_buffer() {
    let dir = workspace_with(&[("src/main/index.ts", MAIN), ("src/preload/index.ts", PRELOAD)]);
    let root = dir.path();
    let mut c = Client::in_process(root);
    c.initialize().await;
    c.open("src/main/index.ts").await;
    // The buffer differs from the disk: an unsaved handler.
    let range = json!({"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 0}});
    c.change("src/main/index.ts", range, "ipcMain.handle('files:unsaved', () => 2);\n").await;
    let main = root.join("src/main/index.ts");
    for step in ["deleted", "replaced by a folder"] {
        if step == "deleted" {
            std::fs::remove_file(&main).expect("rm");
            c.notify(
                "workspace/didChangeWatchedFiles",
                json!({"changes": [{"uri": c.file_uri("src/main/index.ts"), "type": 3}]}),
            )
            .await;
        } else {
            std::fs::create_dir(&main).expect("mkdir");
            c.notify(
                "workspace/didChangeWatchedFiles",
                json!({"changes": [{"uri": c.file_uri("src/main/index.ts"), "type": 2}]}),
            )
            .await;
        }
        assert_eq!(channel_sites(&mut c, "files:unsaved").await, 1, "after the file was {step}");
        assert_eq!(channel_sites(&mut c, "files:open").await, 2, "after the file was {step}");
    }
    c.shutdown().await;
}
