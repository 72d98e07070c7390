//! `ipcls check` as a process on the channel-table fixtures (`fixtures/flow/tables/`): the clean
//! app reports nothing and resolves every site; the app with a mistake reports exactly the table
//! entry nobody handles, at the entry; the same for buses that re-emit IPC (`fixtures/flow/reemit/`),
//! for handler maps built by functions (`fixtures/flow/tables-built/`) and for tables kept in a
//! module of their own (`fixtures/flow/tables-imported/`).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// `ipcls check --hints` in the human format: its stdout and exit code.
fn check_text(dir: &str) -> (String, i32) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(dir);
    let out =
        Command::new(env!("CARGO_BIN_EXE_ipcls")).args(["check", "--hints"]).arg(&dir).output().expect("run ipcls");
    (String::from_utf8_lossy(&out.stdout).into_owned(), out.status.code().unwrap_or(-1))
}

fn check_json(dir: &str) -> (Value, i32) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(dir);
    let out = Command::new(env!("CARGO_BIN_EXE_ipcls"))
        .args(["check", "--format", "json", "--hints"])
        .arg(&dir)
        .output()
        .expect("run ipcls");
    let json = serde_json::from_slice(&out.stdout).expect("JSON output");
    (json, out.status.code().unwrap_or(-1))
}

/// `(code, channel, file, line, column)` of each diagnostic.
fn diagnostics(json: &Value) -> Vec<(String, String, String, u64, u64)> {
    let text = |d: &Value, k: &str| d[k].as_str().unwrap_or_default().to_string();
    json["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            let number = |k: &str| d[k].as_u64().unwrap_or_default();
            (text(d, "code"), text(d, "channel"), text(d, "file"), number("line"), number("column"))
        })
        .collect()
}

#[test]
fn a_clean_app_of_tables_reports_nothing() {
    let (json, code) = check_json("flow/tables/clean");
    assert_eq!(diagnostics(&json), Vec::new());
    assert_eq!(code, 0);
}

#[test]
fn a_table_entry_nobody_handles_is_reported_at_the_entry() {
    let (json, code) = check_json("flow/tables/mistake");
    let found = diagnostics(&json);
    let expected =
        vec![("no-handler".to_string(), "stats:disk".to_string(), "src/preload/index.ts".to_string(), 12, 45)];
    assert_eq!(found, expected);
    assert_eq!(code, 1);
}

#[test]
fn re_emitted_channels_are_checked_at_the_bus() {
    let (json, code) = check_json("flow/reemit/clean");
    assert_eq!(diagnostics(&json), Vec::new());
    assert_eq!(code, 0);
    let (json, code) = check_json("flow/reemit/mistake");
    let warning = |file: &str, line, column| {
        ("unused-handler".to_string(), "player:ended".to_string(), file.to_string(), line, column)
    };
    assert_eq!(diagnostics(&json), vec![warning("src/preload/bus.ts", 20, 32), warning("src/preload/index.ts", 9, 11)]);
    assert_eq!(code, 0);
}

#[test]
fn maps_built_by_functions_are_checked_entry_by_entry() {
    let (text, code) = check_text("flow/tables-built/clean");
    assert_eq!(code, 0, "{text}");
    expect_test::expect![[r#"
        0 errors, 0 warnings in 7 channels (19 sites, 0 unresolved) across 8 files
    "#]]
    .assert_eq(&text);
    let (text, code) = check_text("flow/tables-built/mistake");
    assert_eq!(code, 1, "{text}");
    expect_test::expect![[r#"
        warning[unused-handler]: Nothing in the workspace sends 'event:noteMoved' to the renderer
           ┌─ src/preload/index.ts:12:3
           │
        12 │   Events.NoteMoved,
           │   ^^^^^^^^^^^^^^^^

        error[no-handler]: No handler registered for 'command:pinNote'
           ┌─ src/preload/index.ts:35:64
           │
        35 │   pinNote: (id: string, pinned: boolean) => ipcRenderer.invoke(Commands.PinNote, id, pinned),
           │                                                                ^^^^^^^^^^^^^^^^

        1 error, 1 warning in 8 channels (18 sites, 0 unresolved) across 8 files
    "#]]
    .assert_eq(&text);
}

#[test]
fn tables_of_a_channels_module_are_checked_at_their_entries() {
    let (text, code) = check_text("flow/tables-imported/clean");
    assert_eq!(code, 0, "{text}");
    expect_test::expect![[r#"
        0 errors, 0 warnings in 11 channels (29 sites, 0 unresolved) across 9 files
    "#]]
    .assert_eq(&text);
    let (text, code) = check_text("flow/tables-imported/mistake");
    assert_eq!(code, 0, "{text}");
    expect_test::expect![[r#"
        warning[unused-handler]: Nothing in the workspace sends 'clips:pinned' to the renderer
           ┌─ src/shared/channels.ts:16:63
           │
        16 │ export const PUSH_CHANNELS = ['clips:added', 'clips:cleared', 'clips:pinned'];
           │                                                               ^^^^^^^^^^^^^^

        warning[unused-handler]: Nothing in the workspace sends 'shortcut:paste' to main
           ┌─ src/shared/channels.ts:25:10
           │
        25 │   paste: 'shortcut:paste',
           │          ^^^^^^^^^^^^^^^^

        0 errors, 2 warnings in 12 channels (29 sites, 0 unresolved) across 9 files
    "#]]
    .assert_eq(&text);
}

/// Over the language server: at an entry of the channels module, hover and the document symbols
/// show the channel, references list the entry and the channel's other sites, and a rename asked
/// from main's literal edits the entry, main and the renderer, and nothing else.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rename_of_a_channel_in_an_imported_table_edits_the_entry() {
    use crate::support::{apply_edit, copy_fixture, position, Client};
    use serde_json::json;
    let dir = copy_fixture("flow/tables-imported/clean");
    let root = dir.path();
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).expect("read");
    let mut c = Client::in_process(root);
    c.initialize().await;
    c.open("src/shared/channels.ts").await;
    let channels = read("src/shared/channels.ts");
    let channels_uri = c.file_uri("src/shared/channels.ts");
    let at_entry = position(&channels, "'clips:list'", 2);
    let refs = c
        .request(
            "textDocument/references",
            json!({"textDocument": {"uri": channels_uri}, "position": at_entry, "context": {"includeDeclaration": true}}),
        )
        .await;
    let mut lines: Vec<(String, u64)> = refs
        .as_array()
        .into_iter()
        .flatten()
        .map(|l| {
            let uri = l["uri"].as_str().unwrap_or("");
            let file = uri.rsplit_once("/src/").map(|(_, f)| format!("src/{f}")).unwrap_or_default();
            (file, l["range"]["start"]["line"].as_u64().unwrap_or(0) + 1)
        })
        .collect();
    lines.sort();
    let expected = vec![
        ("src/main/ipc.ts".to_string(), 19),
        ("src/renderer/app.ts".to_string(), 24),
        ("src/shared/channels.ts".to_string(), 12),
    ];
    assert_eq!(lines, expected, "{refs}");
    let hover =
        c.request("textDocument/hover", json!({"textDocument": {"uri": channels_uri}, "position": at_entry})).await;
    let shown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(shown.contains("clips:list") && shown.contains("handle"), "{hover}");
    let symbols = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": channels_uri}})).await;
    assert!(symbols.to_string().contains("clips:list"), "{symbols}");
    let prepared = c
        .request("textDocument/prepareRename", json!({"textDocument": {"uri": channels_uri}, "position": at_entry}))
        .await;
    assert_eq!(prepared["placeholder"], "clips:list", "{prepared}");

    c.open("src/main/ipc.ts").await;
    let ipc = read("src/main/ipc.ts");
    let ipc_uri = c.file_uri("src/main/ipc.ts");
    let before: Vec<(&str, String)> =
        ["src/shared/channels.ts", "src/main/ipc.ts", "src/renderer/app.ts", "src/preload/index.ts"]
            .into_iter()
            .map(|f| (f, read(f)))
            .collect();
    let edit = c
        .request(
            "textDocument/rename",
            json!({"textDocument": {"uri": ipc_uri}, "position": position(&ipc, "'clips:list'", 2), "newName": "clips:all"}),
        )
        .await;
    let touched = apply_edit(root, &edit);
    assert_eq!(touched, vec!["src/main/ipc.ts", "src/renderer/app.ts", "src/shared/channels.ts"], "{edit}");
    for (f, old) in &before {
        assert_eq!(read(f), old.replace("'clips:list'", "'clips:all'"), "{f}");
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ipcls")).arg("check").arg(root).output().expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    c.shutdown().await;
}

/// `ipcls graph` draws a table's entries from the file of the call that iterates them: the
/// channels module is no node of the graph.
#[test]
fn the_graph_of_imported_tables_joins_the_files_of_the_calls() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/flow/tables-imported/clean");
    let out = Command::new(env!("CARGO_BIN_EXE_ipcls")).arg("graph").arg(&dir).output().expect("run ipcls");
    let graph = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{graph}");
    assert!(!graph.contains("channels.ts"), "{graph}");
    assert!(graph.contains(r#"src_main_ipc_ts -->|"push clips:cleared"| src_preload_index_ts"#), "{graph}");
    assert!(graph.contains(r#"src_renderer_app_ts -->|"send shortcut:toggle"| src_main_ipc_ts"#), "{graph}");
    // Pushed from the callback that `onHistoryEvent` calls with each entry.
    assert!(graph.contains(r#"src_main_forwarding_ts -->|"push history:changed"| src_preload_index_ts"#), "{graph}");
}
