//! Hostile workspaces over the LSP: files too large or unreadable reported by the file watcher,
//! files deleted or renamed while open, a workspace folder removed, a 5 MB single-line bundle
//! opened and edited. Nothing crashes, each case is logged, and an open buffer is never dropped.
//! (Thousands of files created and deleted at once: `lsp::a_burst_of_thousands_of_watched_file_events`.)

use crate::support;

use serde_json::{json, Value};
use support::{workspace_with, Client};

const MAIN: &str = "import { ipcMain } from 'electron';\nipcMain.handle('files:open', () => 1);\n";
const PRELOAD: &str = "import { ipcRenderer } from 'electron';\nipcRenderer.invoke('files:open');\n";

/// The files (relative to `root`) that have a site of `channel`, from `ipcls/channels`.
async fn files_of(c: &mut Client, channel: &str) -> Vec<String> {
    let v = c.request("ipcls/channels", json!({})).await;
    let mut files: Vec<String> = v["channels"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|ch| ch["name"] == channel)
        .flat_map(|ch| ch["sites"].as_array().cloned().unwrap_or_default())
        .filter_map(|s| s["file"].as_str().map(str::to_string))
        .collect();
    files.sort();
    files
}

async fn watched(c: &mut Client, changes: &[(&str, u32)]) {
    let changes: Vec<Value> = changes.iter().map(|(rel, typ)| json!({"uri": c.file_uri(rel), "type": typ})).collect();
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": changes})).await;
}

async fn watching_client(root: &std::path::Path) -> Client {
    let mut c = Client::in_process(root);
    c.initialize().await;
    c
}

/// A 100 MB file and a file that cannot be read (a folder where a file was: unreadable even as
/// root) reported by the watcher: both are logged, neither is read, and the unreadable file keeps
/// what was indexed from it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_and_unreadable_files_from_the_watcher_are_logged() {
    let dir = workspace_with(&[("src/main/index.ts", MAIN), ("src/preload/index.ts", PRELOAD)]);
    let root = dir.path();
    let mut c = watching_client(root).await;
    assert_eq!(files_of(&mut c, "files:open").await, vec!["src/main/index.ts", "src/preload/index.ts"]);
    let huge = root.join("src/renderer/huge.ts");
    std::fs::create_dir_all(huge.parent().expect("parent")).expect("mkdir");
    std::fs::File::create(&huge).and_then(|f| f.set_len(100 * 1024 * 1024)).expect("sparse file");
    watched(&mut c, &[("src/renderer/huge.ts", 1)]).await;
    let log = c.log_containing("huge.ts").await;
    assert!(log.contains("larger than 2097152 bytes ([limits] max_file_size); not read"), "{log}");
    // The preload file becomes unreadable: its sites stay.
    let preload = root.join("src/preload/index.ts");
    std::fs::remove_file(&preload).expect("rm");
    std::fs::create_dir(&preload).expect("mkdir");
    watched(&mut c, &[("src/preload/index.ts", 2)]).await;
    let log = c.log_containing("cannot read").await;
    assert!(log.contains("src/preload/index.ts"), "{log}");
    assert_eq!(files_of(&mut c, "files:open").await, vec!["src/main/index.ts", "src/preload/index.ts"]);
    c.shutdown().await;
}

/// A file deleted on disk while open keeps its buffer's sites until it is closed; a file renamed
/// while open is indexed under both names until the old buffer is closed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_deleted_or_renamed_while_open_keep_their_buffers() {
    let dir = workspace_with(&[("src/main/index.ts", MAIN), ("src/preload/index.ts", PRELOAD)]);
    let root = dir.path();
    let mut c = watching_client(root).await;
    c.open("src/main/index.ts").await;
    c.open("src/preload/index.ts").await;
    // Deleted while open.
    std::fs::remove_file(root.join("src/main/index.ts")).expect("rm");
    watched(&mut c, &[("src/main/index.ts", 3)]).await;
    assert_eq!(files_of(&mut c, "files:open").await, vec!["src/main/index.ts", "src/preload/index.ts"]);
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": c.file_uri("src/main/index.ts")}})).await;
    assert_eq!(files_of(&mut c, "files:open").await, vec!["src/preload/index.ts"]);
    let diags = c.diagnostics_until("src/preload/index.ts", |d| d.iter().any(|d| d["code"] == "no-handler")).await;
    assert!(diags[0]["message"].as_str().unwrap_or("").contains("files:open"), "{diags:?}");
    // Renamed while open.
    std::fs::rename(root.join("src/preload/index.ts"), root.join("src/preload/bridge.ts")).expect("mv");
    watched(&mut c, &[("src/preload/index.ts", 3), ("src/preload/bridge.ts", 1)]).await;
    assert_eq!(files_of(&mut c, "files:open").await, vec!["src/preload/bridge.ts", "src/preload/index.ts"]);
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": c.file_uri("src/preload/index.ts")}})).await;
    assert_eq!(files_of(&mut c, "files:open").await, vec!["src/preload/bridge.ts"]);
    c.shutdown().await;
}

/// A workspace folder removed while one of its files is open: its channels go, requests on its
/// files answer nothing, edits to its buffers are accepted, and the other folder carries on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_workspace_folder_is_forgotten() {
    let parent = workspace_with(&[
        ("a/src/main/index.ts", "import { ipcMain } from 'electron';\nipcMain.handle('a:only', () => 1);\n"),
        ("b/src/main/index.ts", "import { ipcMain } from 'electron';\nipcMain.handle('b:only', () => 1);\n"),
    ]);
    let root = parent.path();
    let mut c = Client::in_process(root);
    let (a, b) = (support::uri(&root.join("a")), support::uri(&root.join("b")));
    c.request(
        "initialize",
        json!({"processId": null, "capabilities": {}, "workspaceFolders": [{"uri": a, "name": "a"}, {"uri": b, "name": "b"}]}),
    )
    .await;
    c.notify("initialized", json!({})).await;
    c.open("b/src/main/index.ts").await;
    let hover_b = |line: u32| json!({"textDocument": {"uri": support::uri(&root.join("b/src/main/index.ts"))}, "position": {"line": line, "character": 18}});
    let hover = c.request("textDocument/hover", hover_b(1)).await;
    assert!(hover["contents"]["value"].as_str().unwrap_or("").contains("b:only"), "{hover}");
    c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [], "removed": [{"uri": b, "name": "b"}]}}),
    )
    .await;
    assert_eq!(files_of(&mut c, "a:only").await, vec!["src/main/index.ts"]);
    let range = json!({"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}});
    c.change("b/src/main/index.ts", range, "// edited\n").await;
    let hover = c.request("textDocument/hover", hover_b(2)).await;
    assert!(hover.is_null(), "{hover}");
    c.shutdown().await;
}

/// A 5 MB minified bundle on one line, opened and edited at its end: answered, not hung.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_five_megabyte_single_line_buffer() {
    let dir = workspace_with(&[(
        "src/main/index.ts",
        "import { ipcMain } from 'electron';\nipcMain.on('bundle:tick', () => {});\n",
    )]);
    let mut c = watching_client(dir.path()).await;
    // Mostly embedded data, as bundles carry (a debug build walks dense code slowly), with a
    // non-ASCII character first so that every UTF-16 column on the line is counted the long way.
    let mut bundle =
        String::from("var é=1;var ipcRenderer=require('electron').ipcRenderer;ipcRenderer.send('bundle:tick');");
    bundle.push_str("var data=\"");
    bundle.push_str(&"QUJDRA==".repeat(5 * 1024 * 1024 / 8));
    bundle.push_str("\";function a(b){return b+1};");
    c.open_text("src/renderer/bundle.js", &bundle).await;
    let end = bundle.encode_utf16().count() as u64;
    let range = json!({"start": {"line": 0, "character": end}, "end": {"line": 0, "character": end}});
    c.change("src/renderer/bundle.js", range, "ipcRenderer.send('bundle:last');").await;
    let at = end + "ipcRenderer.send('".len() as u64 + 2;
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": c.file_uri("src/renderer/bundle.js")}, "position": {"line": 0, "character": at}}),
        )
        .await;
    assert!(hover["contents"]["value"].as_str().unwrap_or("").contains("bundle:last"), "{hover}");
    assert_eq!(files_of(&mut c, "bundle:tick").await, vec!["src/main/index.ts", "src/renderer/bundle.js"]);
    c.shutdown().await;
}
