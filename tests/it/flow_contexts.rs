//! Context objects end to end (`fixtures/flow/contexts/`): a plugin host hands each plugin a
//! main-side and a page-side context whose members wrap IPC. `ipcls check` finds the clean app
//! clean and the variant's typo through the page-side context; a rename over the real protocol of
//! a channel used through both contexts edits every site and nothing else.

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

use crate::support::{apply_edit, copy_fixture, position, Client};

/// `(severity, code, channel, file:line:column)` of each diagnostic of `ipcls check` on `dir`.
fn check(dir: &Path) -> (Vec<(String, String, String, String)>, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_ipcls"))
        .args(["check", "--format", "json"])
        .arg(dir)
        .output()
        .expect("run ipcls");
    let json: Value = serde_json::from_slice(&out.stdout).expect("json output");
    let field = |d: &Value, k: &str| match &d[k] {
        Value::String(s) => s.clone(),
        v => v.to_string(),
    };
    let found = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let at = format!("{}:{}:{}", field(d, "file"), field(d, "line"), field(d, "column"));
            (field(d, "severity"), field(d, "code"), field(d, "channel"), at)
        })
        .collect();
    (found, out.status.code().unwrap_or(-1))
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/flow/contexts").join(name)
}

#[test]
fn a_plugin_app_checks_clean_through_its_contexts() {
    assert_eq!(check(&fixture("clean")), (Vec::new(), 0));
}

#[test]
fn a_typo_behind_a_page_context_is_found_at_the_plugin() {
    let d = |sev: &str, code: &str, ch: &str, at: &str| (sev.into(), code.into(), ch.into(), at.into());
    let expected = vec![
        d("warning", "unused-handler", "notes:list", "src/plugins/notes.ts:16:16"),
        d("error", "no-handler", "note:list", "src/plugins/notes.ts:31:40"),
    ];
    assert_eq!(check(&fixture("mistake")), (expected, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn renaming_a_channel_used_through_contexts_edits_both_processes_sections() {
    let dir = copy_fixture("flow/contexts/clean");
    let root = dir.path();
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).expect("read");
    let before = read("src/plugins/sync.ts");
    let mut c = Client::in_process(root);
    c.initialize().await;
    c.open("src/plugins/sync.ts").await;
    let uri = c.file_uri("src/plugins/sync.ts");
    // From the page-side listener in a helper typed with the page context.
    let at = position(&before, "'sync:status'", 2);
    let prepared = c.request("textDocument/prepareRename", json!({"textDocument": {"uri": uri}, "position": at})).await;
    assert_eq!(prepared["placeholder"], "sync:status", "{prepared}");
    let edit = c
        .request("textDocument/rename", json!({"textDocument": {"uri": uri}, "position": at, "newName": "sync:state"}))
        .await;
    assert_eq!(apply_edit(root, &edit), vec!["src/plugins/sync.ts"]);
    // The listener and both pushes of the main-side context, and not one other byte.
    assert_eq!(read("src/plugins/sync.ts"), before.replace("'sync:status'", "'sync:state'"));
    assert_eq!(before.matches("'sync:status'").count(), 3);

    // From a destructured page-side member, a channel whose handler sits in the same file.
    let notes = read("src/plugins/notes.ts");
    c.open("src/plugins/notes.ts").await;
    let uri = c.file_uri("src/plugins/notes.ts");
    let at = position(&notes, "'notes:changed', ()", 2);
    let edit = c
        .request(
            "textDocument/rename",
            json!({"textDocument": {"uri": uri}, "position": at, "newName": "notes:updated"}),
        )
        .await;
    assert_eq!(apply_edit(root, &edit), vec!["src/plugins/notes.ts"]);
    assert_eq!(read("src/plugins/notes.ts"), notes.replace("'notes:changed'", "'notes:updated'"));
    c.shutdown().await;
    assert_eq!(check(root), (Vec::new(), 0));
}
