//! Bad input never crashes the checker and always explains itself: invalid UTF-8, a huge minified
//! bundle, deep nesting, a `.proto` reaching outside the workspace, import cycles, symlink loops.

use std::path::Path;
use std::process::Command;

fn ipcls(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_ipcls")).args(args).arg(dir).output().expect("run ipcls");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

fn channels(dir: &Path) -> serde_json::Value {
    let (out, err, code) = ipcls(dir, &["channels", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("JSON")
}

fn has_channel(v: &serde_json::Value, name: &str) -> bool {
    v["channels"].as_array().is_some_and(|cs| cs.iter().any(|c| c["name"] == name))
}

#[test]
fn invalid_utf8_is_decoded_lossily_and_still_indexed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut bytes = b"import { ipcMain } from 'electron';\n// caf\xe9 \xff\xfe\n".to_vec();
    bytes.extend_from_slice(b"ipcMain.handle('bytes:ok', () => 1);\n");
    write(dir.path(), "src/main/index.ts", bytes);
    assert!(has_channel(&channels(dir.path()), "bytes:ok"));
}

#[test]
fn huge_minified_bundle_is_skipped_and_counted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut bundle = String::from("var ipcRenderer=require('electron').ipcRenderer;");
    while bundle.len() < 5 * 1024 * 1024 {
        bundle.push_str("function a(b){return b+1};ipcRenderer.send('bundle:tick',a(1));");
    }
    write(dir.path(), "src/renderer/bundle.js", &bundle);
    write(
        dir.path(),
        "src/main/index.ts",
        "import { ipcMain } from 'electron';\nipcMain.on('bundle:tick', () => {});\n",
    );
    let (out, err, code) = ipcls(dir.path(), &["check"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("skipped 1 file larger than"), "{err}");
    // With the limit raised, the bundle is parsed: one long line does not hang or crash.
    write(dir.path(), "ipcls.toml", "[limits]\nmax_file_size = 8388608\n");
    let v = channels(dir.path());
    let sites = v["channels"][0]["sites"].as_array().map_or(0, Vec::len);
    assert!(sites > 1000, "{sites} sites");
}

#[test]
fn deep_nesting_does_not_overflow() {
    let dir = tempfile::tempdir().expect("tempdir");
    let depth = 10_000;
    let ts = format!(
        "import {{ ipcRenderer }} from 'electron';\nipcRenderer.send({}'deep:x'{});\nipcRenderer.send('deep:after');\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    write(dir.path(), "src/renderer/deep.ts", ts);
    let mut proto = String::from("syntax = \"proto3\";\n");
    for _ in 0..depth {
        proto.push_str("message A { ");
    }
    for _ in 0..depth {
        proto.push('}');
    }
    write(dir.path(), "proto/deep.proto", proto);
    let (out, err, code) = ipcls(dir.path(), &["check", "--format", "json"]);
    assert!(code == 0 || code == 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let diags = v["diagnostics"].as_array().expect("array");
    assert!(diags.iter().any(|d| d["code"] == "contract" && d["file"] == "proto/deep.proto"), "{out}");
    // The site after the deep expression is still found.
    assert!(has_channel(&channels(dir.path()), "deep:after"));
}

#[test]
fn proto_import_outside_the_workspace_is_an_error_not_a_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "proto/evil.proto",
        "syntax = \"proto3\";\nimport \"../../../etc/passwd\";\nservice S { rpc M(A) returns (A); }\nmessage A {}\n",
    );
    let (out, err, code) = ipcls(dir.path(), &["check", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let d = v["diagnostics"]
        .as_array()
        .and_then(|a| a.iter().find(|d| d["code"] == "contract").cloned())
        .expect("contract error");
    assert_eq!(d["line"], 2, "{d}");
    assert!(d["message"].as_str().unwrap_or("").contains("not allowed"), "{d}");
}

#[test]
fn import_cycles_terminate() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "src/shared/a.ts", "export { B as A } from './b';\nexport const X = 'cycle:x';\n");
    write(dir.path(), "src/shared/b.ts", "export { A as B } from './a';\nexport * from './a';\n");
    write(
        dir.path(),
        "src/main/index.ts",
        "import { ipcMain } from 'electron';\nimport { A, X } from '../shared/a';\nipcMain.handle(A, () => 1);\nipcMain.handle(X, () => 1);\n",
    );
    write(dir.path(), "proto/a.proto", "syntax = \"proto3\";\nimport \"b.proto\";\n");
    write(dir.path(), "proto/b.proto", "syntax = \"proto3\";\nimport \"a.proto\";\n");
    write(dir.path(), "ipcls.toml", "[contract]\nroots = [\"proto\"]\n");
    let v = channels(dir.path());
    assert!(has_channel(&v, "cycle:x"), "{v}");
    assert_eq!(v["unresolved"].as_array().map_or(0, Vec::len), 1, "the cyclic name stays unresolved: {v}");
    let (out, _, _) = ipcls(dir.path(), &["check", "--format", "json"]);
    assert!(out.contains("import cycle"), "{out}");
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_links_out_are_not_followed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("tempdir");
    write(
        outside.path(),
        "secret.ts",
        "import { ipcMain } from 'electron';\nipcMain.handle('outside:secret', () => 1);\n",
    );
    write(
        dir.path(),
        "src/main/index.ts",
        "import { ipcMain } from 'electron';\nipcMain.handle('inside:ok', () => 1);\n",
    );
    std::os::unix::fs::symlink(dir.path().join("src"), dir.path().join("src/main/loop")).expect("symlink");
    std::os::unix::fs::symlink(outside.path(), dir.path().join("src/out")).expect("symlink");
    let v = channels(dir.path());
    assert!(has_channel(&v, "inside:ok"));
    assert!(!has_channel(&v, "outside:secret"), "{v}");
}
