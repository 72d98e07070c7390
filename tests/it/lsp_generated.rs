//! The language server on generated bindings, over JSON-RPC on an in-memory stream: navigation from
//! the typed client to the rpc and to the implementation passed to `registerDialogService`,
//! references, hover, rename through generated and user code (generated files replaced by what
//! `ipcls generate` writes), the `stale-bindings` diagnostic with its fix, and `ipcls.generate`.

use crate::support;

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};
use support::{apply_edit, copy_fixture, position, Client};

fn text(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).expect("read")
}

/// `(file, 1-based line)` of each location, sorted, files relative to the workspace.
fn locations(root: &Path, v: &Value) -> Vec<(String, u64)> {
    let prefix = format!("file://{}/", root.display());
    let mut out: Vec<(String, u64)> = v
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|l| {
            let uri = l["uri"].as_str().unwrap_or("");
            let file = uri.strip_prefix(&prefix).unwrap_or(uri).to_string();
            (file, l["range"]["start"]["line"].as_u64().unwrap_or(0) + 1)
        })
        .collect();
    out.sort();
    out
}

/// `ipcls generate --check` on the workspace: whether the generated files are current.
fn bindings_are_current(root: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ipcls")).arg("generate").arg("--check").arg(root).output().expect("run");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
}

fn check_is_clean(root: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_ipcls")).arg("check").arg(root).output().expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_call_leads_to_rpc_and_implementation() {
    let dir = copy_fixture("article-generated");
    let root = dir.path();
    let mut c = Client::in_process(root);
    c.initialize().await;
    c.open("src/renderer.ts").await;
    let renderer = text(root, "src/renderer.ts");
    let uri = c.file_uri("src/renderer.ts");
    let at = position(&renderer, "openFile({})", 3);

    let def = c.request("textDocument/definition", json!({"textDocument": {"uri": uri}, "position": at})).await;
    assert_eq!(
        locations(root, &def),
        vec![("proto/dialog.proto".into(), 12), ("src/ipc/main.ts".into(), 31), ("src/main.ts".into(), 21)],
        "{def}"
    );

    let hover = c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": at})).await;
    let md = hover["contents"]["value"].as_str().unwrap_or("");
    for want in
        ["rpc OpenFile(google.protobuf.Empty) returns (google.protobuf.StringValue)", "Opens the native file dialog"]
    {
        assert!(md.contains(want), "hover lacks {want:?}:\n{md}");
    }

    // From the implementation in main: references across generated and user code.
    c.open("src/main.ts").await;
    let main = text(root, "src/main.ts");
    let main_uri = c.file_uri("src/main.ts");
    let refs = c
        .request(
            "textDocument/references",
            json!({"textDocument": {"uri": main_uri}, "position": position(&main, "openFile() {", 2), "context": {"includeDeclaration": true}}),
        )
        .await;
    let found = locations(root, &refs);
    for want in [
        ("proto/dialog.proto", 12),
        ("src/ipc/main.ts", 31),
        ("src/ipc/preload.ts", 18),
        ("src/ipc/renderer.ts", 34),
        ("src/main.ts", 21),
        ("src/renderer.ts", 10),
    ] {
        assert!(found.contains(&(want.0.to_string(), want.1)), "references lack {want:?}: {found:?}");
    }
    // From the implementation: the rpc.
    let def = c
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": main_uri}, "position": position(&main, "saveFile(request", 1)}),
        )
        .await;
    assert_eq!(locations(root, &def), vec![("proto/dialog.proto".into(), 15)], "{def}");
    c.drain_expected();
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rename_rpc_renames_user_code_and_regenerates_bindings() {
    let dir = copy_fixture("article-generated");
    let root = dir.path();
    let mut c = Client::in_process(root);
    c.initialize().await;
    c.open("proto/dialog.proto").await;
    let proto = text(root, "proto/dialog.proto");
    let uri = c.file_uri("proto/dialog.proto");
    let edit = c
        .request(
            "textDocument/rename",
            json!({"textDocument": {"uri": uri}, "position": position(&proto, "OpenFile(", 2), "newName": "PickFile"}),
        )
        .await;
    let main_before = text(root, "src/main.ts");
    let renderer_before = text(root, "src/renderer.ts");
    let touched = apply_edit(root, &edit);
    assert_eq!(
        touched,
        vec![
            "proto/dialog.proto",
            "src/ipc/main.ts",
            "src/ipc/preload.ts",
            "src/ipc/renderer.ts",
            "src/ipc/types.ts",
            "src/main.ts",
            "src/renderer.ts"
        ]
    );
    // Generated files are replaced whole, with exactly what `ipcls generate` writes.
    for change in edit["documentChanges"].as_array().expect("documentChanges") {
        let file = change["textDocument"]["uri"].as_str().unwrap_or("");
        if file.contains("/src/ipc/") {
            let edits = change["edits"].as_array().expect("edits");
            assert_eq!(edits.len(), 1, "{file}");
            assert_eq!(edits[0]["range"]["start"], json!({"line": 0, "character": 0}), "{file}");
        }
    }
    let (current, out) = bindings_are_current(root);
    assert!(current, "{out}");
    assert_eq!(text(root, "src/main.ts"), main_before.replace("async openFile()", "async pickFile()"));
    assert_eq!(text(root, "src/renderer.ts"), renderer_before.replace("ipc.dialog.openFile(", "ipc.dialog.pickFile("));
    assert!(text(root, "proto/dialog.proto").contains("rpc PickFile("));
    check_is_clean(root);
    // The editor closes the contract; the other files follow the disk.
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}})).await;
    let changes: Vec<Value> = touched.iter().map(|f| json!({"uri": c.file_uri(f), "type": 2})).collect();
    c.notify("workspace/didChangeWatchedFiles", json!({ "changes": changes })).await;

    // From the client call in the renderer, the new name is the member's.
    c.open("src/renderer.ts").await;
    let renderer = text(root, "src/renderer.ts");
    let r_uri = c.file_uri("src/renderer.ts");
    let at = position(&renderer, "saveFile({", 2);
    let prepared =
        c.request("textDocument/prepareRename", json!({"textDocument": {"uri": r_uri}, "position": at})).await;
    assert_eq!(prepared["placeholder"], "saveFile", "{prepared}");
    let edit = c
        .request("textDocument/rename", json!({"textDocument": {"uri": r_uri}, "position": at, "newName": "storeFile"}))
        .await;
    apply_edit(root, &edit);
    assert!(text(root, "proto/dialog.proto").contains("rpc StoreFile(SaveFileRequest)"));
    assert!(text(root, "src/main.ts").contains("async storeFile(request, event)"));
    assert!(text(root, "src/renderer.ts").contains("ipc.dialog.storeFile({"));
    let (current, out) = bindings_are_current(root);
    assert!(current, "{out}");
    check_is_clean(root);
    c.drain_expected();
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stale_bindings_are_reported_and_fixed() {
    let dir = copy_fixture("generated");
    let root = dir.path();
    let mut c = Client::in_process(root);
    c.initialize().await;
    c.open("proto/notes.proto").await;
    let proto = text(root, "proto/notes.proto");
    // Add a field to a message in the editor, unsaved.
    let at = position(&proto, "  map<string, string> components = 2;", 0);
    c.change("proto/notes.proto", json!({"start": at, "end": at}), "  // The build's commit.\n  string commit = 3;\n")
        .await;
    let diags =
        c.diagnostics_until("src/ipc/generated/types.ts", |d| d.iter().any(|d| d["code"] == "stale-bindings")).await;
    let stale = diags.iter().find(|d| d["code"] == "stale-bindings").expect("stale-bindings");
    assert_eq!(stale["range"]["start"]["line"], 0, "{stale}");
    assert!(stale["message"].as_str().unwrap_or("").contains("ipcls generate"), "{stale}");

    let uri = c.file_uri("src/ipc/generated/types.ts");
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": stale["range"], "context": {"diagnostics": [stale]}}),
        )
        .await;
    let fix = actions
        .as_array()
        .and_then(|a| a.iter().find(|a| a["title"].as_str().unwrap_or("").contains("Regenerate")))
        .cloned()
        .expect("a regenerate action");
    let touched = apply_edit(root, &fix["edit"]);
    // `Version` is only a response: no run-time check of it in main.ts changes.
    assert_eq!(touched, vec!["src/ipc/generated/types.ts"]);
    // With the contract saved, the files are exactly what `ipcls generate` writes.
    let edited = proto.replace(
        "  map<string, string> components = 2;",
        "  // The build's commit.\n  string commit = 3;\n  map<string, string> components = 2;",
    );
    std::fs::write(root.join("proto/notes.proto"), edited).expect("save");
    let (current, out) = bindings_are_current(root);
    assert!(current, "{out}");
    assert!(text(root, "src/ipc/generated/types.ts").contains("  /** The build's commit. */\n  commit: string;"));
    c.drain_expected();
    c.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generate_command_writes_missing_bindings() {
    let dir = copy_fixture("article");
    let root = dir.path();
    let mut c = Client::in_process(root);
    let init = c.initialize().await;
    let commands = &init["capabilities"]["executeCommandProvider"]["commands"];
    assert_eq!(commands, &json!(["ipcls.generate"]));
    let result = c.request("workspace/executeCommand", json!({"command": "ipcls.generate", "arguments": []})).await;
    assert_eq!(result, json!({"changed": 4, "applied": true}));
    assert_eq!(c.applied_edits.len(), 1);
    let edit = c.applied_edits.remove(0);
    let touched = apply_edit(root, &edit);
    assert_eq!(
        touched,
        vec![
            "src/ipc/generated/main.ts",
            "src/ipc/generated/preload.ts",
            "src/ipc/generated/renderer.ts",
            "src/ipc/generated/types.ts"
        ]
    );
    let (current, out) = bindings_are_current(root);
    assert!(current, "{out}");
    c.drain_expected();
    c.shutdown().await;
}
