//! Bad input never crashes the checker and always explains itself: invalid UTF-8, a huge minified
//! bundle, a 100 MB file, deep nesting, a `.proto` or a `tsconfig.json` reaching outside the
//! workspace, import and `extends` cycles, symlink loops, unreadable files and folders.
//! The same over the LSP (watched-file events, files deleted while open, folders removed) is in
//! `hostile_lsp`.

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
    let (_, err, _) = ipcls(dir.path(), &["check"]);
    assert!(err.contains("not valid UTF-8") && err.contains("src/main/index.ts"), "{err}");
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
    // Every other shape nested as deep, each followed by a site (several overflowed the stack or
    // took quadratic time before).
    let shapes: [(&str, String); 10] = [
        ("blocks", format!("{}{}", "{".repeat(depth), "}".repeat(depth))),
        ("objects", format!("const o = {}1{};", "{ a: ".repeat(depth), " }".repeat(depth))),
        ("arrays", format!("const a = {}1{};", "[".repeat(depth), "]".repeat(depth))),
        ("members", format!("const m = a{};", ".b".repeat(depth))),
        ("arrows", format!("const f = {}1;", "() => ".repeat(depth))),
        ("functions", format!("{}{}", "function f() {".repeat(depth), "}".repeat(depth))),
        ("ternaries", format!("const t = {}c;", "a ? b : ".repeat(depth))),
        ("calls", format!("const c = {}1{};", "f(".repeat(depth), ")".repeat(depth))),
        ("templates", format!("const s = {}1{};", "`${".repeat(depth), "}`".repeat(depth))),
        ("types", format!("type T = {}string{};", "Array<".repeat(depth), ">".repeat(depth))),
    ];
    for (name, code) in &shapes {
        let text = format!("import {{ ipcRenderer }} from 'electron';\n{code}\nipcRenderer.send('deep:{name}');\n");
        write(dir.path(), &format!("src/renderer/{name}.ts"), text);
    }
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
    // The sites after the deep expressions are still found.
    let v = channels(dir.path());
    assert!(has_channel(&v, "deep:after"), "{v}");
    for (name, _) in &shapes {
        assert!(has_channel(&v, &format!("deep:{name}")), "deep:{name} missing: {v}");
    }
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
    let (_, err, _) = ipcls(dir.path(), &["check"]);
    assert!(err.contains("did not follow 2 symbolic links"), "{err}");
}

/// A 100 MB file (sparse: nothing is written) is skipped by size, never read, and named.
#[test]
fn a_hundred_megabyte_file_is_skipped_unread() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "src/main/index.ts", "import { ipcMain } from 'electron';\nipcMain.handle('big:ok', () => 1);\n");
    let huge = dir.path().join("src/renderer/huge.ts");
    std::fs::create_dir_all(huge.parent().expect("parent")).expect("mkdir");
    std::fs::File::create(&huge).and_then(|f| f.set_len(100 * 1024 * 1024)).expect("sparse file");
    let (out, err, code) = ipcls(dir.path(), &["check"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("skipped 1 file larger than 2097152 bytes") && err.contains("src/renderer/huge.ts"), "{err}");
    assert!(has_channel(&channels(dir.path()), "big:ok"));
}

/// `tsconfig.json` files that extend each other: the cycle is named and resolution still works.
#[test]
fn tsconfig_extends_cycle_is_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "tsconfig.json",
        r#"{ "extends": "./tsconfig.base.json", "compilerOptions": { "baseUrl": "." } }"#,
    );
    write(dir.path(), "tsconfig.base.json", r#"{ "extends": "./tsconfig.json" }"#);
    write(dir.path(), "src/shared/channels.ts", "export const CH = 'cycle:tsconfig';\n");
    write(
        dir.path(),
        "src/main/index.ts",
        "import { ipcMain } from 'electron';\nimport { CH } from 'src/shared/channels';\nipcMain.handle(CH, () => 1);\n",
    );
    let (out, err, code) = ipcls(dir.path(), &["check"]);
    assert!(code == 0 || code == 1, "{out}{err}");
    assert!(err.contains("`extends` cycle"), "{err}");
    assert!(has_channel(&channels(dir.path()), "cycle:tsconfig"));
}

/// `extends` and `paths` that point out of the workspace are not followed: the constant defined
/// outside stays unresolved, and the `extends` is named in a note.
#[test]
fn tsconfig_extends_and_paths_outside_the_workspace_are_not_read() {
    let parent = tempfile::tempdir().expect("tempdir");
    let dir = parent.path().join("app");
    let outside = parent.path().join("outside");
    write(&outside, "tsconfig.json", r#"{ "compilerOptions": { "baseUrl": ".", "paths": { "@out/*": ["./*"] } } }"#);
    write(&outside, "consts.ts", "export const CH = 'outside:secret';\n");
    write(
        &dir,
        "tsconfig.json",
        r#"{ "extends": "../outside/tsconfig.json", "compilerOptions": { "paths": { "@x/*": ["../outside/*"] } } }"#,
    );
    write(
        &dir,
        "src/main/index.ts",
        "import { ipcMain } from 'electron';\nimport { CH } from '@x/consts';\nimport { CH as C2 } from '@out/consts';\nipcMain.handle(CH, () => 1);\nipcMain.handle(C2, () => 1);\n",
    );
    let (_, err, _) = ipcls(&dir, &["check"]);
    assert!(err.contains("`extends` \"../outside/tsconfig.json\" is not a file of the workspace"), "{err}");
    let v = channels(&dir);
    assert!(!has_channel(&v, "outside:secret"), "{v}");
    assert_eq!(v["unresolved"].as_array().map_or(0, Vec::len), 2, "{v}");
}

/// Import roots and imports that reach out of the workspace: nothing outside is read, and the
/// import is an error at its line.
#[test]
fn proto_imports_outside_the_workspace_and_the_roots_are_errors() {
    let parent = tempfile::tempdir().expect("tempdir");
    let dir = parent.path().join("app");
    let outside = parent.path().join("outside");
    write(
        &outside,
        "secret.proto",
        "syntax = \"proto3\";\nservice SecretService { rpc Leak(A) returns (A); }\nmessage A {}\n",
    );
    write(&dir, "ipcls.toml", "[contract]\nroots = [\"proto\", \"../outside\"]\n");
    write(
        &dir,
        "proto/app.proto",
        "syntax = \"proto3\";\nimport \"secret.proto\";\nservice AppService { rpc Ping(B) returns (B); }\nmessage B {}\n",
    );
    write(&dir, "proto/abs.proto", "syntax = \"proto3\";\n\nimport \"/etc/passwd\";\n");
    let (out, err, code) = ipcls(&dir, &["check", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let errors: Vec<(String, i64, String)> = v["diagnostics"]
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| d["code"] == "contract")
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or("").to_string();
            (s("file"), d["line"].as_i64().unwrap_or(0), s("message"))
        })
        .collect();
    assert!(errors.iter().any(|(f, l, m)| f == "proto/app.proto" && *l == 2 && m.contains("not found")), "{out}");
    assert!(errors.iter().any(|(f, l, m)| f == "proto/abs.proto" && *l == 3 && m.contains("not allowed")), "{out}");
    let v = channels(&dir);
    assert!(!has_channel(&v, "secret:leak"), "{v}");
}

/// Unreadable files and folders are named in a note and the rest is indexed. As root, `chmod 000`
/// does not block reads: the test then checks that the files are simply read.
#[cfg(unix)]
#[test]
fn unreadable_files_and_folders_are_noted() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "src/main/index.ts",
        "import { ipcMain } from 'electron';\nipcMain.handle('open:ok', () => 1);\n",
    );
    write(
        dir.path(),
        "src/renderer/locked.ts",
        "import { ipcRenderer } from 'electron';\nipcRenderer.send('locked:file');\n",
    );
    write(
        dir.path(),
        "src/sealed/inner.ts",
        "import { ipcMain } from 'electron';\nipcMain.on('locked:folder', () => 1);\n",
    );
    let locked = dir.path().join("src/renderer/locked.ts");
    let sealed = dir.path().join("src/sealed");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    std::fs::set_permissions(&sealed, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let blocked = std::fs::read(&locked).is_err();
    let (_, err, code) = ipcls(dir.path(), &["check"]);
    let v = channels(dir.path());
    std::fs::set_permissions(&sealed, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    assert!(code == 0 || code == 1, "{err}");
    assert!(has_channel(&v, "open:ok"), "{v}");
    if blocked {
        assert!(err.contains("cannot read src/renderer/locked.ts") && err.contains("Permission denied"), "{err}");
        assert!(err.contains("src/sealed"), "{err}");
        assert!(!has_channel(&v, "locked:file") && !has_channel(&v, "locked:folder"), "{v}");
    } else {
        eprintln!("running as root: chmod 000 does not block reads, so the files are read");
        assert!(has_channel(&v, "locked:file") && has_channel(&v, "locked:folder"), "{v}");
    }
}

/// `[limits] max_nesting`: a site nested deeper than the limit is not followed, and a note names
/// the file; with the limit raised it is found.
#[test]
fn the_nesting_limit_is_configurable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let code = format!(
        "import {{ ipcRenderer }} from 'electron';\n{}ipcRenderer.send('nested:deep');{}\nipcRenderer.send('nested:top');\n",
        "{".repeat(600),
        "}".repeat(600)
    );
    write(dir.path(), "src/renderer/deep.ts", code);
    let (_, err, _) = ipcls(dir.path(), &["check"]);
    assert!(err.contains("nested more than 400 levels deep") && err.contains("src/renderer/deep.ts"), "{err}");
    let v = channels(dir.path());
    assert!(has_channel(&v, "nested:top") && !has_channel(&v, "nested:deep"), "{v}");
    write(dir.path(), "ipcls.toml", "[limits]\nmax_nesting = 5000\n");
    let (_, err, _) = ipcls(dir.path(), &["check"]);
    assert!(!err.contains("levels deep"), "{err}");
    let v = channels(dir.path());
    assert!(has_channel(&v, "nested:top") && has_channel(&v, "nested:deep"), "{v}");
}
