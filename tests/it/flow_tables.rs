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
        0 errors, 0 warnings in 9 channels (25 sites, 0 unresolved) across 6 files
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

        0 errors, 2 warnings in 10 channels (25 sites, 0 unresolved) across 6 files
    "#]]
    .assert_eq(&text);
}
