//! The value flow on its fixtures (`fixtures/flow/`), through the binary: each clean app checks
//! clean, and each variant's mistake is found through the shape that reaches it.

use std::path::Path;
use std::process::Command;

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
