//! Processes from how files are loaded and imported, through the binary: `ipcls channels --format
//! json` on a module shared by main and a preload (each site with the process of its API), and
//! `ipcls check` on the fixtures of `fixtures/flow/processes/`: the clean ones pass, and each
//! mistake variant has the one `wrong-process` error that only the right process reveals.

use std::path::Path;
use std::process::Command;

fn ipcls(args: &[&str]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_ipcls")).args(args).output().expect("run ipcls");
    (String::from_utf8_lossy(&out.stdout).into_owned(), out.status.code().unwrap_or(-1))
}

fn fixture(name: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/flow/processes").join(name);
    dir.to_string_lossy().into_owned()
}

#[test]
fn channels_of_a_shared_module() {
    let (json, code) = ipcls(&["channels", "--format", "json", &fixture("shared-module")]);
    assert_eq!(code, 0);
    expect_test::expect_file!["../snapshots/flow-processes-shared-module.channels.json"].assert_eq(&json);
}

#[test]
fn clean_fixtures_pass() {
    for name in ["webview-preload", "preload-helper", "shared-module", "forge", "electron-vite"] {
        let (json, code) = ipcls(&["check", "--format", "json", &fixture(name)]);
        let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        assert_eq!((code, &v["diagnostics"]), (0, &serde_json::json!([])), "ipcls check on {name}");
    }
}

#[test]
fn mistakes_are_found_in_the_right_process() {
    let cases = [
        ("webview-preload-mistake", "src/main/guest-preload.ts", "ipcMain"),
        ("preload-helper-mistake", "src/main/lib/settings-client.ts", "ipcMain"),
        ("forge-mistake", "src/bridge.ts", "ipcMain"),
        ("electron-vite-mistake", "src/bridge/player.ts", "webContents"),
    ];
    for (name, file, object) in cases {
        let (json, code) = ipcls(&["check", "--format", "json", &fixture(name)]);
        assert_eq!(code, 1, "ipcls check on {name}: {json}");
        let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
        let errors: Vec<(String, String, String)> = v["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["severity"] == "error")
            .map(|d| {
                let s = |k: &str| d[k].as_str().unwrap_or("").to_string();
                (s("code"), s("file"), s("message"))
            })
            .collect();
        let message = format!("`{object}` is only available in the main process, but this file runs in the preload");
        assert_eq!(errors, [("wrong-process".to_string(), file.to_string(), message)], "{name}");
    }
}

/// `package.json`'s `main` is the app's entry: it is main code whatever its APIs say, so
/// `ipcRenderer` there is in the wrong process (by its APIs alone it would pass for a renderer).
#[test]
fn the_package_main_entry_is_main_code() {
    let dir = crate::support::workspace_with(&[
        ("package.json", r#"{ "name": "notes", "main": "app.js" }"#),
        ("app.js", "const { ipcRenderer } = require('electron')\nipcRenderer.send('update:check')\n"),
        ("lib/preload.js", "const { ipcRenderer } = require('electron')\nipcRenderer.on('update:ready', () => {})\n"),
    ]);
    let out = Command::new(env!("CARGO_BIN_EXE_ipcls"))
        .args(["channels", "--format", "json"])
        .arg(dir.path())
        .output()
        .expect("run ipcls");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let text = json.to_string();
    let send = json["channels"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["sites"].as_array().cloned().unwrap_or_default())
        .find(|s| s["kind"] == "send")
        .unwrap_or_else(|| panic!("a send site: {text}"));
    assert_eq!(send["process"], "main", "{text}");
    let out = Command::new(env!("CARGO_BIN_EXE_ipcls")).arg("check").arg(dir.path()).output().expect("run ipcls");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("error[wrong-process]"), "{report}");
}
