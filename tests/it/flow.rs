//! The value flow on its fixtures (`fixtures/flow/`), through the binary: each clean app checks
//! clean, and each variant's mistake is found through the shape that reaches it.

use std::path::Path;
use std::process::Command;

use serde_json::json;

use crate::support::{self, apply_edit, position, Client};

/// `(severity, code, channel, file:line)` of each diagnostic of `ipcls check` on `fixtures/<name>`.
fn diagnostics(name: &str) -> Vec<(String, String, String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name);
    let out = Command::new(env!("CARGO_BIN_EXE_ipcls"))
        .args(["check", "--format", "json"])
        .arg(&dir)
        .output()
        .expect("run ipcls");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json output");
    let field = |d: &serde_json::Value, k: &str| match &d[k] {
        serde_json::Value::String(s) => s.clone(),
        v => v.to_string(),
    };
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                field(d, "severity"),
                field(d, "code"),
                field(d, "channel"),
                format!("{}:{}", field(d, "file"), field(d, "line")),
            )
        })
        .collect()
}

fn diag(severity: &str, code: &str, channel: &str, at: &str) -> (String, String, String, String) {
    (severity.into(), code.into(), channel.into(), at.into())
}

#[test]
fn declared_types_reach_their_sites() {
    assert_eq!(diagnostics("flow/declared-types"), []);
    let found = diagnostics("flow/declared-types-typo");
    assert!(
        found.contains(&diag("warning", "no-listener", "status:dnoe", "src/main/notify.ts:18")),
        "the typo'd push through a declared `Targets` receiver: {found:#?}"
    );
}

#[test]
fn service_worker_and_scoped_receivers() {
    assert_eq!(diagnostics("flow/scoped-receivers"), []);
    let found = diagnostics("flow/scoped-receivers-typo");
    assert!(
        found.contains(&diag("error", "no-handler", "cache:stast", "src/preload/worker.ts:4")),
        "the typo'd invoke of a service worker's `ipc.handle`: {found:#?}"
    );
}

#[test]
fn instances_of_a_wrapper_class_in_a_table() {
    assert_eq!(diagnostics("flow/instance-tables"), []);
    let found = diagnostics("flow/instance-tables-typo");
    assert!(
        found.contains(&diag("warning", "no-listener", "theme:chnaged", "src/main/index.ts:7")),
        "the typo'd push through an item of a table of instances: {found:#?}"
    );
}

/// `ipcls check` as text on a fixture, its paths relative to the fixture.
fn check_text(name: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name);
    let out = Command::new(env!("CARGO_BIN_EXE_ipcls")).arg("check").arg(&dir).output().expect("run ipcls");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn bridges_injected_through_a_provider() {
    assert_eq!(diagnostics("flow/injected-bridge"), []);
    let found = diagnostics("flow/injected-bridge-typo");
    assert!(
        found.contains(&diag("error", "no-handler", "files:opne", "src/renderer/app/services/files.service.ts:10")),
        "the typo'd invoke through `inject(DeskApi)`: {found:#?}"
    );
    expect_test::expect_file!["../snapshots/flow-injected-bridge-typo.check.txt"]
        .assert_eq(&check_text("flow/injected-bridge-typo"));
}

#[test]
fn bridges_a_preload_assigns_to_window() {
    assert_eq!(diagnostics("flow/assigned-bridge"), []);
    let found = diagnostics("flow/assigned-bridge-typo");
    assert!(
        found.contains(&diag("warning", "no-listener", "meeting:opne", "src/app/Welcome.tsx:8")),
        "the typo'd send through `window.huddle.ipc.send`: {found:#?}"
    );
    expect_test::expect_file!["../snapshots/flow-assigned-bridge-typo.check.txt"]
        .assert_eq(&check_text("flow/assigned-bridge-typo"));
}

/// Renames a channel from a renderer call through a bridge over the LSP, applies the edit and
/// compares every file of the fixture with the expected text.
async fn rename_through(fixture: &str, file: &str, marker: &str, new_name: &str, changed: &[(&str, &str, &str)]) {
    let dir = support::copy_fixture(fixture);
    let root = dir.path();
    let read = |rel: &str| std::fs::read_to_string(root.join(rel)).expect("read");
    let before: Vec<(String, String)> = walk(root).into_iter().map(|rel| (rel.clone(), read(&rel))).collect();
    let mut c = Client::in_process(root);
    c.initialize().await;
    c.open(file).await;
    let text = read(file);
    let edit = c
        .request(
            "textDocument/rename",
            json!({"textDocument": {"uri": c.file_uri(file)}, "position": position(&text, marker, 2), "newName": new_name}),
        )
        .await;
    let touched = apply_edit(root, &edit);
    let mut expected_touched: Vec<String> = changed.iter().map(|(f, _, _)| f.to_string()).collect();
    expected_touched.sort();
    expected_touched.dedup();
    assert_eq!(touched, expected_touched, "{edit}");
    for (rel, old) in before {
        let mut want = old;
        for (f, from, to) in changed {
            if *f == rel {
                assert!(want.contains(from), "{from} in {rel}");
                want = want.replace(from, to);
            }
        }
        assert_eq!(read(&rel), want, "{rel} after the rename");
    }
    c.shutdown().await;
}

/// The files under `root`, relative, sorted.
fn walk(root: &Path) -> Vec<String> {
    fn go(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                go(root, &path, out);
            } else if let Ok(rel) = path.strip_prefix(root) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    go(root, root, &mut out);
    out.sort();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rename_through_an_injected_bridge() {
    rename_through(
        "flow/injected-bridge",
        "src/renderer/app/services/files.service.ts",
        "'files:open'",
        "files:choose",
        &[
            ("src/main/index.ts", "ipcMain.handle('files:open'", "ipcMain.handle('files:choose'"),
            ("src/renderer/app/services/files.service.ts", "invoke('files:open')", "invoke('files:choose')"),
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rename_through_a_bridge_a_preload_assigns() {
    rename_through(
        "flow/assigned-bridge",
        "src/app/Welcome.tsx",
        "'meeting:open'",
        "meeting:join",
        &[
            ("src/main.ts", "ipcMain.on('meeting:open'", "ipcMain.on('meeting:join'"),
            // The preload's allow-list of the generic member follows.
            ("src/preload.ts", "['meeting:open'", "['meeting:join'"),
            ("src/app/Welcome.tsx", "send('meeting:open'", "send('meeting:join'"),
        ],
    )
    .await;
}

#[test]
fn channels_in_object_arguments_and_local_tables() {
    assert_eq!(diagnostics("flow/object-arguments"), []);
    let found = diagnostics("flow/object-arguments-typo");
    assert!(
        found.contains(&diag("warning", "no-listener", "updates:avialable", "src/main/updates.ts:20")),
        "the typo'd channel in the object given to `deliverLater`: {found:#?}"
    );
    assert!(
        found.contains(&diag("warning", "unused-handler", "updates:available", "src/preload/index.ts:12")),
        "the listener of the local table's entry, where the entry is written: {found:#?}"
    );
}

#[test]
fn destructured_and_bound_methods_reach_their_sites() {
    assert_eq!(diagnostics("flow/aliases/clean"), []);
    let found = diagnostics("flow/aliases/mistake");
    assert_eq!(
        found,
        [
            diag("warning", "unused-handler", "clips:copy", "src/main/index.ts:15"),
            diag("error", "no-handler", "clip:copy", "src/preload/index.ts:6"),
        ],
        "the typo behind `ipcRenderer: {{ invoke }}` destructured from require: {found:#?}"
    );
}
