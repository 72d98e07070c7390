//! The language server end to end, over JSON-RPC on an in-memory stream: every message the server
//! sends is read, and a test fails on any message left unconsumed.

use crate::support;

use serde_json::{json, Value};
use support::{apply_edit, copy_fixture, position, Client};

fn text(root: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).expect("read")
}

fn locations(v: &Value) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = v
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|l| {
            let uri = l["uri"].as_str().unwrap_or("");
            let file = uri
                .rsplit_once("/src/")
                .map(|(_, f)| format!("src/{f}"))
                .or_else(|| uri.rsplit_once("/proto/").map(|(_, f)| format!("proto/{f}")))
                .unwrap_or_default();
            (file, l["range"]["start"]["line"].as_u64().unwrap_or(0) + 1)
        })
        .collect();
    out.sort();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn article_navigation_hover_references() {
    let dir = copy_fixture("article");
    let root = dir.path();
    let mut c = Client::in_process(root);
    let init = c.initialize().await;
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 2, "incremental sync");
    c.open("src/renderer.ts").await;
    let renderer = text(root, "src/renderer.ts");
    let uri = c.file_uri("src/renderer.ts");

    // window.electronAPI.openFile() → preload member → main handler → rpc.
    let def = c
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": uri}, "position": position(&renderer, "openFile()", 2)}),
        )
        .await;
    assert_eq!(
        locations(&def),
        vec![("proto/dialog.proto".into(), 12), ("src/main.ts".into(), 46), ("src/preload.ts".into(), 5)],
        "{def}"
    );

    // From the rpc in the .proto: its handler.
    c.open("proto/dialog.proto").await;
    let proto = text(root, "proto/dialog.proto");
    let proto_uri = c.file_uri("proto/dialog.proto");
    let def = c
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": proto_uri}, "position": position(&proto, "OpenFile(", 1)}),
        )
        .await;
    assert_eq!(locations(&def), vec![("src/main.ts".into(), 46)], "{def}");

    // Hover on the handler's channel string: rpc signature, comments, handlers, callers.
    let main = text(root, "src/main.ts");
    let main_uri = c.file_uri("src/main.ts");
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": main_uri}, "position": position(&main, "'dialog:openFile'", 3)}),
        )
        .await;
    let md = hover["contents"]["value"].as_str().unwrap_or("");
    for want in [
        "rpc OpenFile(google.protobuf.Empty) returns (google.protobuf.StringValue)",
        "Opens the native file dialog",
        "Callers: 2",
        "renderer → main",
    ] {
        assert!(md.contains(want), "hover lacks {want:?}:\n{md}");
    }

    let refs = c
        .request(
            "textDocument/references",
            json!({"textDocument": {"uri": main_uri}, "position": position(&main, "'dialog:openFile'", 3), "context": {"includeDeclaration": true}}),
        )
        .await;
    assert_eq!(
        locations(&refs),
        vec![
            ("proto/dialog.proto".into(), 12),
            ("src/main.ts".into(), 46),
            ("src/preload.ts".into(), 5),
            ("src/preload.ts".into(), 5),
            ("src/renderer.ts".into(), 7)
        ],
        "{refs}"
    );

    let channels = c.request("ipcls/channels", json!({})).await;
    let names: Vec<&str> = channels["channels"]
        .as_array()
        .map(|a| a.iter().filter_map(|c| c["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names, vec!["dialog:openFile", "dialog:saveFile"]);
    // Indexing was reported with work-done progress: begin, a percentage, end.
    let kinds: Vec<&str> = c
        .pending
        .iter()
        .filter(|m| m["method"] == "$/progress")
        .filter_map(|m| m["params"]["value"]["kind"].as_str())
        .collect();
    assert_eq!(kinds, vec!["begin", "report", "end"], "{:?}", c.pending);
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rename_rpc_changes_proto_main_preload_renderer_and_window_declaration() {
    let dir = copy_fixture("article");
    let root = dir.path();
    let mut c = Client::in_process(root);
    c.initialize().await;
    c.open("proto/dialog.proto").await;
    let proto = text(root, "proto/dialog.proto");
    let uri = c.file_uri("proto/dialog.proto");
    let at = position(&proto, "OpenFile(", 2);
    let prepared = c.request("textDocument/prepareRename", json!({"textDocument": {"uri": uri}, "position": at})).await;
    assert_eq!(prepared["placeholder"], "OpenFile");
    let edit = c
        .request("textDocument/rename", json!({"textDocument": {"uri": uri}, "position": at, "newName": "PickFile"}))
        .await;
    for change in edit["documentChanges"].as_array().expect("documentChanges") {
        assert!(change["textDocument"].get("version").is_some(), "versioned: {change}");
    }
    let before: Vec<(String, String)> =
        ["proto/dialog.proto", "src/main.ts", "src/preload.ts", "src/renderer.ts", "src/electron-api.d.ts"]
            .iter()
            .map(|f| (f.to_string(), text(root, f)))
            .collect();
    let touched = apply_edit(root, &edit);
    assert_eq!(
        touched,
        vec!["proto/dialog.proto", "src/electron-api.d.ts", "src/main.ts", "src/preload.ts", "src/renderer.ts"]
    );
    // Exactly the names changed: every other byte is the same.
    let expected = |f: &str, from: &str| -> String {
        let old = &before.iter().find(|(n, _)| n == f).expect("file").1;
        match f {
            "proto/dialog.proto" => old.replace("rpc OpenFile(", "rpc PickFile("),
            "src/main.ts" | "src/preload.ts" => {
                old.replace("'dialog:openFile'", "'dialog:pickFile'").replace("  openFile:", "  pickFile:")
            }
            "src/renderer.ts" => old.replace("electronAPI.openFile()", "electronAPI.pickFile()"),
            _ => old.replace(from, "  pickFile:"),
        }
    };
    for f in ["proto/dialog.proto", "src/main.ts", "src/preload.ts", "src/renderer.ts"] {
        assert_eq!(text(root, f), expected(f, ""), "{f}");
    }
    assert_eq!(text(root, "src/electron-api.d.ts"), expected("src/electron-api.d.ts", "  openFile:"));
    // Re-indexed from disk, the new channel is consistent everywhere.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ipcls")).arg("check").arg(root).output().expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));

    // A channel name the template cannot express is refused with a reason.
    c.open("src/main.ts").await;
    let main = text(root, "src/main.ts");
    let main_uri = c.file_uri("src/main.ts");
    let id = c
        .request_id(
            "textDocument/rename",
            json!({"textDocument": {"uri": main_uri}, "position": position(&main, "'dialog:saveFile'", 2), "newName": "files-save"}),
        )
        .await;
    let response = c.response(id).await;
    let message = response["error"]["message"].as_str().unwrap_or("");
    assert!(message.contains("cannot express 'files-save'"), "{response}");
    // And a clash with an existing channel.
    let id = c
        .request_id(
            "textDocument/rename",
            json!({"textDocument": {"uri": main_uri}, "position": position(&main, "'dialog:saveFile'", 2), "newName": "dialog:pickFile"}),
        )
        .await;
    let response = c.response(id).await;
    assert!(response["error"]["message"].as_str().unwrap_or("").contains("already exists"), "{response}");
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diagnostics_follow_edits_in_other_files() {
    let dir = copy_fixture("article");
    let root = dir.path();
    let mut c = Client::in_process(root);
    c.initialize().await;
    c.open("src/main.ts").await;
    let main = text(root, "src/main.ts");
    // Delete the handler line: the preload's invoke gets `no-handler` at once.
    let start = position(&main, "  ipcMain.handle('dialog:openFile'", 0);
    let end = position(&main, "  ipcMain.handle('dialog:saveFile'", 0);
    c.change("src/main.ts", json!({"start": start, "end": end}), "").await;
    let diags = c.diagnostics_until("src/preload.ts", |d| d.iter().any(|d| d["code"] == "no-handler")).await;
    assert!(
        diags[0]["message"].as_str().unwrap_or("").contains("No handler registered for 'dialog:openFile'"),
        "{diags:?}"
    );
    // Put it back: cleared.
    c.change(
        "src/main.ts",
        json!({"start": start, "end": start}),
        "  ipcMain.handle('dialog:openFile', handleFileOpen);\n",
    )
    .await;
    c.diagnostics_until("src/preload.ts", |d| d.is_empty()).await;
    c.shutdown().await;
}

/// Hundreds of quick incremental edits interleaved with requests: every edit is applied in order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quick_edits_apply_in_order() {
    let dir = support::workspace_with(&[(
        "src/main/index.ts",
        "import { ipcMain } from 'electron';\nipcMain.handle('', () => 1);\n",
    )]);
    let root = dir.path();
    let mut c = Client::in_process(root);
    c.initialize().await;
    c.open("src/main/index.ts").await;
    let uri = c.file_uri("src/main/index.ts");
    let typed: String = (0..300).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
    let mut ids = Vec::new();
    for (i, ch) in typed.chars().enumerate() {
        let col = 16 + i as u64;
        c.change(
            "src/main/index.ts",
            json!({"start": {"line": 1, "character": col}, "end": {"line": 1, "character": col}}),
            &ch.to_string(),
        )
        .await;
        if i % 7 == 0 {
            ids.push(
                c.request_id(
                    "textDocument/hover",
                    json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 17}}),
                )
                .await,
            );
        }
    }
    for id in ids {
        // Answered, or refused as stale because the text moved on while it was computed.
        let r = c.response(id).await;
        assert!(r.get("error").is_none() || r["error"]["code"] == -32801, "{r}");
    }
    let channels = c.request("ipcls/channels", json!({})).await;
    assert_eq!(channels["channels"][0]["name"], Value::String(typed.clone()), "edits applied out of order");
    // A change whose version does not go up is refused, not applied.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 1}, "contentChanges": [{"text": "garbage"}]}),
    )
    .await;
    let channels = c.request("ipcls/channels", json!({})).await;
    assert_eq!(channels["channels"][0]["name"], Value::String(typed));
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn positions_in_utf16_and_utf8() {
    let source = "import { ipcMain } from 'electron';\n/* é – 😀 */ ipcMain.handle('ümlaut:ok', () => 1);\n";
    let dir = support::workspace_with(&[("src/main/index.ts", source)]);
    let root = dir.path();
    for (offered, negotiated, col) in [(json!(["utf-16"]), "utf-16", 28u64), (json!(["utf-8", "utf-16"]), "utf-8", 33)]
    {
        let mut c = Client::in_process(root);
        let init = c.initialize_with(json!({"general": {"positionEncodings": offered}})).await;
        assert_eq!(init["capabilities"]["positionEncoding"], negotiated);
        let uri = c.file_uri("src/main/index.ts");
        let refs = c
            .request(
                "textDocument/references",
                json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": col + 2}, "context": {"includeDeclaration": true}}),
            )
            .await;
        assert_eq!(refs[0]["range"]["start"], json!({"line": 1, "character": col}), "{negotiated}: {refs}");
        // Out-of-range positions are clamped, not a crash.
        let r = c
            .request(
                "textDocument/hover",
                json!({"textDocument": {"uri": uri}, "position": {"line": 999, "character": 999}}),
            )
            .await;
        assert!(r.is_null(), "{r}");
        c.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completion_code_actions_symbols() {
    let dir = copy_fixture("demo");
    let root = dir.path();
    let mut c = Client::in_process(root);
    c.initialize().await;
    c.open("src/preload/index.ts").await;
    let preload = text(root, "src/preload/index.ts");
    let uri = c.file_uri("src/preload/index.ts");
    let diags = c.diagnostics_until("src/preload/index.ts", |d| d.iter().any(|d| d["code"] == "no-handler")).await;
    let typo = diags.iter().find(|d| d["code"] == "no-handler").expect("no-handler").clone();
    assert!(typo["message"].as_str().unwrap_or("").contains("did you mean 'notes:list'"), "{typo}");

    let items = c
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": position(&preload, "'notes:lst'", 1)}),
        )
        .await;
    let labels: Vec<&str> =
        items.as_array().map(|a| a.iter().filter_map(|i| i["label"].as_str()).collect()).unwrap_or_default();
    assert!(labels.contains(&"notes:list"), "{labels:?}");
    assert!(!labels.contains(&"notes:lst"), "only handled channels: {labels:?}");

    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": typo["range"], "context": {"diagnostics": [typo]}}),
        )
        .await;
    let titles: Vec<&str> =
        actions.as_array().map(|a| a.iter().filter_map(|x| x["title"].as_str()).collect()).unwrap_or_default();
    assert!(titles.contains(&"Change to 'notes:list'"), "{titles:?}");
    assert!(titles.iter().any(|t| t.starts_with("Create a handler for 'notes:lst'")), "{titles:?}");
    let fix = actions
        .as_array()
        .and_then(|a| a.iter().find(|x| x["title"] == "Change to 'notes:list'"))
        .expect("fix")
        .clone();
    apply_edit(root, &fix["edit"]);
    assert_eq!(text(root, "src/preload/index.ts"), preload.replace("'notes:lst'", "'notes:list'"));

    let symbols = c
        .request("textDocument/documentSymbol", json!({"textDocument": {"uri": c.file_uri("proto/notes.proto")}}))
        .await;
    assert_eq!(symbols[0]["name"], "NotesService", "{symbols}");
    let found = c.request("workspace/symbol", json!({"query": "nolist"})).await;
    assert!(found.as_array().is_some_and(|a| a.iter().any(|s| s["name"] == "notes:list")), "{found}");
    let lenses =
        c.request("textDocument/codeLens", json!({"textDocument": {"uri": c.file_uri("src/main/ipc.ts")}})).await;
    assert!(
        lenses
            .as_array()
            .is_some_and(|a| a.iter().any(|l| l["command"]["title"].as_str().unwrap_or("").contains("caller"))),
        "{lenses}"
    );
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn protocol_errors() {
    let dir = copy_fixture("article");
    let mut c = Client::in_process(dir.path());
    // Before initialize: -32002.
    let id = c
        .request_id(
            "textDocument/hover",
            json!({"textDocument": {"uri": "file:///x.ts"}, "position": {"line": 0, "character": 0}}),
        )
        .await;
    assert_eq!(c.response(id).await["error"]["code"], -32002);
    c.initialize().await;
    let id = c.request_id("ipcls/unknownMethod", json!({})).await;
    assert_eq!(c.response(id).await["error"]["code"], -32601);
    let id = c.request_id("textDocument/hover", json!({"textDocument": 42})).await;
    assert_eq!(c.response(id).await["error"]["code"], -32602);
    // Cancelling a request that is running, finished, or unknown: the server answers (with the
    // result or -32800) and carries on.
    let id = c.request_id("ipcls/channels", json!({})).await;
    c.notify("$/cancelRequest", json!({"id": id})).await;
    let r = c.response(id).await;
    assert!(r.get("result").is_some() || r["error"]["code"] == -32800, "{r}");
    c.notify("$/cancelRequest", json!({"id": id})).await;
    c.notify("$/cancelRequest", json!({"id": 987654})).await;
    // A feature that panics is answered with an error, and the server keeps going.
    let id = c.request_id("ipcls/debug/panic", json!({})).await;
    let r = c.response(id).await;
    assert_eq!(r["error"]["code"], -32603, "{r}");
    assert!(c.request("ipcls/channels", json!({})).await["channels"].is_array());
    // A file outside the workspace: an empty answer.
    let r = c
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": "file:///elsewhere/x.ts"}, "position": {"line": 0, "character": 0}}),
        )
        .await;
    assert!(r.is_null());
    c.shutdown().await;
}

/// Files not open follow the disk: through `workspace/didChangeWatchedFiles` when the client
/// watches files, and by looking again on open and save when it does not (Neovim 0.7).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unopened_files_follow_the_disk() {
    for watches in [true, false] {
        let dir = copy_fixture("article");
        let root = dir.path();
        let mut c = Client::in_process(root);
        c.initialize_with(json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": watches}}})).await;
        c.open("src/preload.ts").await;
        // Rename the handler's channel on disk, behind the editor's back.
        let main = text(root, "src/main.ts").replace("'dialog:openFile'", "'dialog:openFileX'");
        std::fs::write(root.join("src/main.ts"), main).expect("write");
        if watches {
            c.notify(
                "workspace/didChangeWatchedFiles",
                json!({"changes": [{"uri": c.file_uri("src/main.ts"), "type": 2}]}),
            )
            .await;
        } else {
            c.notify("textDocument/didSave", json!({"textDocument": {"uri": c.file_uri("src/preload.ts")}})).await;
        }
        let diags = c.diagnostics_until("src/preload.ts", |d| d.iter().any(|d| d["code"] == "no-handler")).await;
        assert!(
            diags.iter().any(|d| d["message"].as_str().unwrap_or("").contains("did you mean 'dialog:openFileX'")),
            "{diags:?}"
        );
        // A deleted file disappears from the index.
        std::fs::remove_file(root.join("src/main.ts")).expect("rm");
        if watches {
            c.notify(
                "workspace/didChangeWatchedFiles",
                json!({"changes": [{"uri": c.file_uri("src/main.ts"), "type": 3}]}),
            )
            .await;
        } else {
            c.notify("textDocument/didSave", json!({"textDocument": {"uri": c.file_uri("src/preload.ts")}})).await;
        }
        c.diagnostics_until("src/preload.ts", |d| {
            d.iter().any(|d| d["code"] == "no-handler" && !d["message"].as_str().unwrap_or("").contains("did you mean"))
        })
        .await;
        c.shutdown().await;
    }
}

/// A `git checkout`: thousands of files created at once, reported in one watcher notification.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_thousands_of_watched_file_events() {
    let dir = copy_fixture("article");
    let root = dir.path();
    let mut c = Client::in_process(root);
    c.initialize().await;
    let mut changes = Vec::new();
    for i in 0..3000 {
        let rel = format!("src/generated/m{i}.ts");
        let body = if i % 100 == 0 {
            format!("import {{ ipcMain }} from 'electron';\nipcMain.handle('gen:{i}', () => {i});\n")
        } else {
            format!("export const value{i} = {i};\n")
        };
        std::fs::create_dir_all(root.join("src/generated")).expect("mkdir");
        std::fs::write(root.join(&rel), body).expect("write");
        changes.push(json!({"uri": c.file_uri(&rel), "type": 1}));
    }
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": changes})).await;
    let channels = c.request("ipcls/channels", json!({})).await;
    let names = channels["channels"].as_array().map_or(0, Vec::len);
    assert_eq!(names, 2 + 30, "{channels}");
    // And all deleted again.
    let mut changes = Vec::new();
    for i in 0..3000 {
        let rel = format!("src/generated/m{i}.ts");
        std::fs::remove_file(root.join(&rel)).expect("rm");
        changes.push(json!({"uri": c.file_uri(&rel), "type": 3}));
    }
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": changes})).await;
    let channels = c.request("ipcls/channels", json!({})).await;
    assert_eq!(channels["channels"].as_array().map_or(0, Vec::len), 2, "{channels}");
    c.shutdown().await;
}

/// Settings from the editor (`workspace/configuration`, pulled again on `didChangeConfiguration`)
/// apply without a restart when the workspace has no `ipcls.toml`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editor_settings_apply_without_restart() {
    let dir = support::workspace_with(&[(
        "src/main/index.ts",
        "import { ipcMain } from 'electron';\nipcMain.handle('lib:internal', () => 1);\n",
    )]);
    let root = dir.path();
    let mut c = Client::in_process(root);
    c.initialize_with(json!({"workspace": {"configuration": true}})).await;
    c.open("src/main/index.ts").await;
    c.diagnostics_until("src/main/index.ts", |d| d.iter().any(|d| d["code"] == "unused-handler")).await;
    c.settings = json!({"channels": {"ignore": ["lib:*"]}});
    c.notify("workspace/didChangeConfiguration", json!({"settings": null})).await;
    c.diagnostics_until("src/main/index.ts", |d| d.is_empty()).await;
    c.shutdown().await;
}

/// A client that sets `experimental.ipclsIndexChanged` is told when a new index generation was
/// published, with the channel count; the others never are (every other test would see it unread).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn index_changed_notification_for_clients_that_ask() {
    let dir = copy_fixture("demo");
    let root = dir.path();
    let mut c = Client::in_process(root);
    c.initialize_with(json!({"experimental": {"ipclsIndexChanged": true}})).await;
    let first = c.notification_until("ipcls/indexChanged", |_| true).await;
    // Counted as `ipcls/channels` counts them: `notes:pin` is only in the contract.
    let channels = c.request("ipcls/channels", json!({})).await;
    assert_eq!(channels["channels"].as_array().map(Vec::len), Some(7));
    assert_eq!(first["channels"], 7, "{first}");
    let generation = first["generation"].as_u64().expect("generation");
    // A new handler in main adds a channel: a later generation with one more.
    c.open("src/main/ipc.ts").await;
    let ipc = text(root, "src/main/ipc.ts");
    let end = ipc.lines().count() as u64;
    c.change(
        "src/main/ipc.ts",
        json!({"start": {"line": end, "character": 0}, "end": {"line": end, "character": 0}}),
        "ipcMain.handle('app:quit', () => undefined);\n",
    )
    .await;
    let next = c.notification_until("ipcls/indexChanged", |p| p["channels"] == 8).await;
    assert!(next["generation"].as_u64().expect("generation") > generation, "{next}");
    let channels = c.request("ipcls/channels", json!({})).await;
    assert_eq!(channels["channels"].as_array().map(Vec::len), Some(8));
    c.pending.retain(|m| m["method"] != "ipcls/indexChanged");
    c.shutdown().await;
}

/// Two workspace folders, each its own app: a file is answered from the folder that holds it, and
/// a folder added later is indexed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn multi_root_workspaces() {
    let parent = support::workspace_with(&[
        ("a/src/main/index.ts", "import { ipcMain } from 'electron';\nipcMain.handle('a:only', () => 1);\n"),
        ("b/src/main/index.ts", "import { ipcMain } from 'electron';\nipcMain.handle('b:only', () => 1);\n"),
        ("b/src/preload/index.ts", "import { ipcRenderer } from 'electron';\nipcRenderer.invoke('a:only');\n"),
    ]);
    let root = parent.path();
    let mut c = Client::in_process(root);
    let a = support::uri(&root.join("a"));
    c.request(
        "initialize",
        json!({"processId": null, "capabilities": {}, "workspaceFolders": [{"uri": a, "name": "a"}]}),
    )
    .await;
    c.notify("initialized", json!({})).await;
    // Folder b comes later; its preload invokes a channel that only app a handles: no-handler in b.
    let b = support::uri(&root.join("b"));
    c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [{"uri": b, "name": "b"}], "removed": []}}),
    )
    .await;
    c.open("b/src/preload/index.ts").await;
    let diags = c.diagnostics_until("b/src/preload/index.ts", |d| d.iter().any(|d| d["code"] == "no-handler")).await;
    assert!(diags[0]["message"].as_str().unwrap_or("").contains("'a:only'"), "{diags:?}");
    // Definition in app a stays in app a.
    let text = std::fs::read_to_string(root.join("a/src/main/index.ts")).expect("read");
    c.open("a/src/main/index.ts").await;
    let refs = c
        .request(
            "textDocument/references",
            json!({"textDocument": {"uri": c.file_uri("a/src/main/index.ts")}, "position": position(&text, "'a:only'", 2), "context": {"includeDeclaration": true}}),
        )
        .await;
    assert_eq!(refs.as_array().map_or(0, Vec::len), 1, "{refs}");
    c.shutdown().await;
}

/// Channels written as constants: rename edits the constant's value once where it is declared,
/// inlay hints show resolved values, implementation lists the handlers; `initializationOptions`
/// and a changed `ipcls.toml` apply without a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn constants_rename_inlay_hints_implementation_and_config() {
    let dir = copy_fixture("constants");
    let root = dir.path();
    let mut c = Client::in_process(root);
    let root_uri = support::uri(root);
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": root_uri, "capabilities": {"workspace": {"workspaceEdit": {"documentChanges": true}}},
               "initializationOptions": {"channels": {"strict": true}}}),
    )
    .await;
    c.notify("initialized", json!({})).await;
    c.open("src/main/ipc.ts").await;
    let ipc = text(root, "src/main/ipc.ts");
    let uri = c.file_uri("src/main/ipc.ts");
    let at = position(&ipc, "IpcChannel.GetSettings", 12);

    let hints = c.request("textDocument/inlayHint", json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 200, "character": 0}}})).await;
    let labels: Vec<&str> =
        hints.as_array().map(|a| a.iter().filter_map(|h| h["label"].as_str()).collect()).unwrap_or_default();
    assert!(labels.contains(&"= 'settings:get'"), "{labels:?}");

    let imp = c.request("textDocument/implementation", json!({"textDocument": {"uri": uri}, "position": at})).await;
    assert_eq!(imp.as_array().map_or(0, Vec::len), 1, "{imp}");

    let before = text(root, "src/shared/channels.ts");
    let edit = c
        .request(
            "textDocument/rename",
            json!({"textDocument": {"uri": uri}, "position": at, "newName": "settings:read"}),
        )
        .await;
    let touched = apply_edit(root, &edit);
    assert_eq!(touched, vec!["src/shared/channels.ts"], "only the enum member's value changes: {edit}");
    assert_eq!(
        text(root, "src/shared/channels.ts"),
        before.replace("GetSettings = 'settings:get'", "GetSettings = 'settings:read'")
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ipcls")).arg("channels").arg(root).output().expect("run");
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("settings:read") && !table.contains("settings:get"), "{table}");

    // An ipcls.toml appears on disk and applies at once: here it (wrongly) calls main a renderer.
    std::fs::write(root.join("ipcls.toml"), "[process]\nrenderer = [\"src/main/**\"]\n").expect("write");
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": c.file_uri("ipcls.toml"), "type": 1}]}))
        .await;
    c.diagnostics_until("src/main/ipc.ts", |d| d.iter().any(|d| d["code"] == "wrong-process")).await;
    c.shutdown().await;
}

/// A code action asked right after an edit, before the diagnostics of the new text were published:
/// it answers for the new text (the published diagnostics belong to the text before the edit).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn code_action_right_after_an_edit() {
    let dir = copy_fixture("demo");
    let root = dir.path();
    let mut c = Client::in_process(root);
    c.initialize().await;
    c.open("src/preload/index.ts").await;
    let preload = text(root, "src/preload/index.ts");
    let uri = c.file_uri("src/preload/index.ts");
    c.diagnostics_until("src/preload/index.ts", |d| d.iter().any(|d| d["code"] == "no-handler")).await;

    // `'notes:lst'` becomes `'notes:lis'`, and the fixes are asked for at once.
    let (start, end) = (position(&preload, "'notes:lst'", 0), position(&preload, "'notes:lst'", 11));
    c.change(
        "src/preload/index.ts",
        json!({"start": position(&preload, "'notes:lst'", 7), "end": position(&preload, "'notes:lst'", 10)}),
        "lis",
    )
    .await;
    let actions = c
        .request("textDocument/codeAction", json!({"textDocument": {"uri": uri}, "range": {"start": start, "end": end}, "context": {"diagnostics": []}}))
        .await;
    let titles: Vec<&str> =
        actions.as_array().map(|a| a.iter().filter_map(|x| x["title"].as_str()).collect()).unwrap_or_default();
    assert!(titles.contains(&"Change to 'notes:list'"), "{titles:?}");
    assert!(titles.iter().any(|t| t.starts_with("Create a handler for 'notes:lis'")), "{titles:?}");

    // Once the new diagnostics are out, the same request answers the same from them.
    c.diagnostics_until("src/preload/index.ts", |d| {
        d.iter().any(|d| d["message"].as_str().unwrap_or("").contains("'notes:lis'"))
    })
    .await;
    let again = c
        .request("textDocument/codeAction", json!({"textDocument": {"uri": uri}, "range": {"start": start, "end": end}, "context": {"diagnostics": []}}))
        .await;
    assert_eq!(again, actions);
    c.shutdown().await;
}
