//! The `ipcls` binary run as a process on every fixture: `check` (text and JSON) and
//! `channels --format json` must match the reviewed snapshots in `tests/snapshots/`
//! (`UPDATE_EXPECT=1 cargo test --test it cli::` rewrites them), and exit codes follow the contract.

use std::path::Path;
use std::process::Command;

fn ipcls(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_ipcls")).args(args).output().expect("run ipcls");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name).to_string_lossy().into_owned()
}

macro_rules! fixture_tests {
    ($($test:ident: $name:literal, exit $code:literal;)*) => {$(
        #[test]
        fn $test() {
            let dir = fixture($name);
            let (text, _, code) = ipcls(&["check", &dir]);
            expect_test::expect_file![concat!("../snapshots/", $name, ".check.txt")].assert_eq(&text);
            assert_eq!(code, $code, "exit code of `ipcls check` on {}", $name);
            let (json, _, code) = ipcls(&["check", "--format", "json", &dir]);
            expect_test::expect_file![concat!("../snapshots/", $name, ".check.json")].assert_eq(&json);
            assert_eq!(code, $code);
            let (channels, _, code) = ipcls(&["channels", "--format", "json", &dir]);
            expect_test::expect_file![concat!("../snapshots/", $name, ".channels.json")].assert_eq(&channels);
            assert_eq!(code, 0);
        }
    )*};
}

fixture_tests! {
    article: "article", exit 0;
    constants: "constants", exit 0;
    wrappers: "wrappers", exit 1;
    generic_bridge: "generic-bridge", exit 0;
    commonjs: "commonjs", exit 0;
    react: "react", exit 0;
    sentry: "sentry", exit 0;
    broken: "broken", exit 1;
    demo: "demo", exit 1;
    generated: "generated", exit 0;
    article_generated: "article-generated", exit 0;
}

/// Look-alikes (an `EventEmitter` bus, a Vue bus, DOM events, a WebSocket client's `send`,
/// worker and port `postMessage`, all with `ns:name` strings) are not sites: the check is clean
/// and the catalogue lists only the real channels.
#[test]
fn look_alikes_are_not_channels() {
    let dir = fixture("flow/lookalikes");
    let (text, _, code) = ipcls(&["check", &dir]);
    assert_eq!(code, 0, "{text}");
    expect_test::expect![[r#"
        0 errors, 0 warnings in 2 channels (6 sites, 0 unresolved) across 8 files
    "#]]
    .assert_eq(&text);
    let (channels, _, code) = ipcls(&["channels", "--format", "json", &dir]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&channels).expect("valid JSON");
    let names: Vec<&str> = v["channels"].as_array().into_iter().flatten().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!(names, ["chat:incoming", "chat:join"]);
    assert_eq!(v["unresolved"].as_array().map(Vec::len), Some(0));
}

/// Properties of bridge members that are values are not missing members, and an unknown member
/// of an open bridge is a hint: the check has no error.
#[test]
fn bridges_of_values_and_spreads_raise_no_error() {
    let (json, _, code) = ipcls(&["check", "--format", "json", &fixture("flow/precision")]);
    assert_eq!(code, 0, "{json}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let found: Vec<(String, String)> = v["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| (d["severity"].as_str().unwrap_or("").to_string(), d["message"].as_str().unwrap_or("").to_string()))
        .collect();
    assert_eq!(
        found,
        [("hint".to_string(), "window.tools.beep is not among the members ipcls can see of 'tools'".to_string())]
    );
}

/// `check --explain` lists the channel's sites, the calls that might be sites, its diagnostics.
#[test]
fn explain_prints_a_channel_s_whole_story() {
    let (text, _, code) = ipcls(&["check", &fixture("demo"), "--explain", "notes:lst"]);
    assert_eq!(code, 0);
    expect_test::expect![[r#"
        channel 'notes:lst': 2 sites
          src/preload/index.ts:16:24  invoke in preload through `invoke` (literal)
          src/renderer/app.ts:23:48  invoke in renderer through `invoke` (bridge, derived from the preload)
        calls that might be sites: 0
        diagnostics: 2
          src/preload/index.ts:16:24  error: no-handler No handler registered for 'notes:lst'; did you mean 'notes:list'?
          src/preload/index.ts:16:24  warning: not-in-contract 'notes:lst' is not declared in the contract
    "#]]
    .assert_eq(&text);
}

#[test]
fn json_diagnostics_have_the_documented_shape() {
    let (json, _, _) = ipcls(&["check", "--format", "json", &fixture("demo")]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let diags = v["diagnostics"].as_array().expect("diagnostics array");
    assert!(!diags.is_empty());
    for d in diags {
        for key in ["code", "severity", "message", "file", "line", "column", "end_line", "end_column", "related"] {
            assert!(d.get(key).is_some(), "missing {key} in {d}");
        }
        assert!(!d["file"].as_str().unwrap_or("/").starts_with('/'), "paths are relative: {d}");
    }
    assert!(diags.iter().any(|d| d["code"] == "no-handler" && d["channel"] == "notes:lst"));
}

#[test]
fn other_formats() {
    let dir = fixture("demo");
    let (sarif, _, code) = ipcls(&["check", "--format", "sarif", &dir]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&sarif).expect("valid SARIF JSON");
    assert_eq!(v["version"], "2.1.0");
    assert!(v["runs"][0]["results"].as_array().is_some_and(|r| !r.is_empty()));
    let (github, _, _) = ipcls(&["check", "--format", "github", &dir]);
    assert!(
        github.lines().all(|l| l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice ")),
        "{github}"
    );
    let (table, _, code) = ipcls(&["channels", &dir]);
    assert_eq!(code, 0);
    assert!(table.starts_with("CHANNEL"), "{table}");
    let (md, _, _) = ipcls(&["channels", "--format", "markdown", &dir]);
    assert!(md.starts_with("| Channel |"), "{md}");
    let (mermaid, _, code) = ipcls(&["graph", &dir]);
    assert_eq!(code, 0);
    assert!(mermaid.starts_with("flowchart LR") && mermaid.contains("-->"), "{mermaid}");
    let (dot, _, _) = ipcls(&["graph", "--format", "dot", &dir]);
    assert!(dot.starts_with("digraph ipc") && dot.contains("->"), "{dot}");
}

#[test]
fn usage_and_io_errors_exit_2() {
    let (_, err, code) = ipcls(&["check", "/definitely/not/here"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cannot open"), "{err}");
    let (_, _, code) = ipcls(&["check", "--format", "yaml", "."]);
    assert_eq!(code, 2);
}
