//! `ipcls generate` end to end, the binary run as a process: the generated files match their
//! snapshots, generation is deterministic, `--check` and `ipcls check` find stale bindings, and a
//! broken contract generates nothing. With `IPCLS_TEST_NPM=1`, also: the generated TypeScript
//! compiles with `tsc --strict` (TypeScript 5 and Electron's own type declarations from
//! `tests/ts/`, installed there with `npm ci` when missing, which reaches the npm registry), and a
//! round trip through an in-process stand-in for Electron's IPC (`tests/ts/fake-electron.js`)
//! under Node delivers every rpc and event with its payload and every error with its code.
//! Snapshots of the generated files are in `tests/snapshots/codegen/`
//! (`UPDATE_EXPECT=1 cargo test --test it codegen::` rewrites them).
//!
//! Without `IPCLS_TEST_NPM=1`, each test that needs Node and npm skips that part, prints one line
//! saying so and how to enable it, and passes, so that `cargo test` alone needs no network;
//! `.ci/run` sets it. With it set, Node and npm are required: without them those tests fail.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn ipcls(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_ipcls")).args(args).output().expect("run ipcls");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

/// Whether the tests that need Node and npm run (`IPCLS_TEST_NPM=1`); when they do not, `test`
/// says so on the terminal (written to stderr directly, past the test harness's capture).
fn npm_enabled(test: &str) -> bool {
    if std::env::var_os("IPCLS_TEST_NPM").is_some_and(|v| v == "1") {
        return true;
    }
    let line = format!(
        "codegen::{test}: the part that needs Node and npm (tests/ts) was skipped; set IPCLS_TEST_NPM=1 to run it\n"
    );
    let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
    false
}

/// `tests/ts/` with its `node_modules`, installed from the committed lock file when missing.
fn toolchain() -> PathBuf {
    static INSTALL: Mutex<()> = Mutex::new(());
    let dir = manifest().join("tests").join("ts");
    let _guard = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let ready = |d: &Path| {
        d.join("node_modules/typescript/bin/tsc").exists() && d.join("node_modules/electron/electron.d.ts").exists()
    };
    if !ready(&dir) {
        // `--ignore-scripts`: Electron's type declarations only, no binary download.
        let status = Command::new("npm")
            .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .status()
            .unwrap_or_else(|e| panic!("the codegen tests need Node.js and npm on PATH (npm: {e})"));
        assert!(status.success(), "`npm ci` in tests/ts failed");
        assert!(ready(&dir), "`npm ci` did not install typescript and electron");
    }
    dir
}

fn node(args: &[&str], cwd: &Path) -> (String, String, bool) {
    let out = Command::new("node")
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap_or_else(|e| panic!("the codegen tests need Node.js on PATH: {e}"));
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read case").flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy");
        }
    }
}

/// A workspace with the case's `.proto` files, `ipcls.toml` and scenario, bindings in `gen/`.
fn case(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&manifest().join("tests/ts/cases").join(name), dir.path());
    let ws = dir.path().to_string_lossy().into_owned();
    let out = dir.path().join("gen").to_string_lossy().into_owned();
    let (stdout, stderr, code) = ipcls(&["generate", &ws, "--out", &out]);
    assert_eq!(code, 0, "ipcls generate failed:\n{stdout}\n{stderr}");
    dir
}

/// `tsc --strict` over `files` (relative to `dir`), emitting to `dir/dist` unless `no_emit`.
fn tsc(dir: &Path, files: &[String], no_emit: bool) {
    let ts = toolchain();
    let abs = |p: PathBuf| p.to_string_lossy().replace('\\', "/");
    let mut all = vec![abs(ts.join("node_modules/electron/electron.d.ts")), abs(ts.join("fake-electron.d.ts"))];
    all.extend(files.iter().cloned());
    let config = serde_json::json!({
        "compilerOptions": {
            "strict": true,
            "noUnusedLocals": true,
            "noUnusedParameters": true,
            "target": "ES2022",
            "module": "commonjs",
            "moduleResolution": "node",
            "lib": ["ES2022", "DOM"],
            "types": ["node"],
            "typeRoots": [abs(ts.join("node_modules/@types"))],
            "esModuleInterop": true,
            "skipLibCheck": true,
            "noEmitOnError": true,
            "noEmit": no_emit,
            "outDir": "dist",
            "rootDir": ".",
        },
        "files": all,
    });
    std::fs::write(dir.join("tsconfig.codegen.json"), config.to_string()).expect("write tsconfig");
    let tsc = ts.join("node_modules/typescript/bin/tsc").to_string_lossy().into_owned();
    let (stdout, stderr, ok) = node(&[&tsc, "-p", "tsconfig.codegen.json"], dir);
    assert!(ok, "tsc --strict failed in {}:\n{stdout}\n{stderr}", dir.display());
}

/// Compiles the generated files with the case's scenario and runs it against the stand-in.
fn round_trip(name: &str) {
    let dir = case(name);
    let files: Vec<String> =
        ["scenario.ts", "gen/types.ts", "gen/main.ts", "gen/preload.ts", "gen/renderer.ts"].map(String::from).to_vec();
    tsc(dir.path(), &files, false);
    let modules = dir.path().join("dist/node_modules");
    for (module, text) in [
        ("electron", std::fs::read_to_string(manifest().join("tests/ts/fake-electron.js")).expect("fake")),
        ("fake-electron", "module.exports = require('electron');\n".to_string()),
    ] {
        std::fs::create_dir_all(modules.join(module)).expect("mkdir");
        std::fs::write(modules.join(module).join("index.js"), text).expect("write module");
    }
    // A sandboxed preload can only `require('electron')`.
    let preload = std::fs::read_to_string(dir.path().join("dist/gen/preload.js")).expect("compiled preload");
    let requires: Vec<&str> = preload.match_indices("require(").map(|(i, _)| &preload[i..]).collect();
    assert!(!requires.is_empty() && requires.iter().all(|r| r.starts_with("require(\"electron\")")), "{preload}");
    let (stdout, stderr, ok) = node(&["dist/scenario.js"], dir.path());
    assert!(ok && stdout.trim_end().ends_with("ok"), "round trip of {name} failed:\n{stdout}\n{stderr}");
}

#[test]
fn article_round_trip() {
    if npm_enabled("article_round_trip") {
        round_trip("article");
    }
}

#[test]
fn every_field_kind_round_trip() {
    if npm_enabled("every_field_kind_round_trip") {
        round_trip("kinds");
    }
}

#[test]
fn template_option_and_key_round_trip() {
    if npm_enabled("template_option_and_key_round_trip") {
        round_trip("custom");
    }
}

#[test]
fn generated_files_match_snapshots() {
    let dir = case("kinds");
    let read = |f: &str| std::fs::read_to_string(dir.path().join("gen").join(f)).expect("generated file");
    expect_test::expect_file!["../snapshots/codegen/kinds.types.ts"].assert_eq(&read("types.ts"));
    expect_test::expect_file!["../snapshots/codegen/kinds.main.ts"].assert_eq(&read("main.ts"));
    expect_test::expect_file!["../snapshots/codegen/kinds.preload.ts"].assert_eq(&read("preload.ts"));
    expect_test::expect_file!["../snapshots/codegen/kinds.renderer.ts"].assert_eq(&read("renderer.ts"));
}

#[test]
fn generate_is_deterministic_and_check_finds_stale_files() {
    let dir = case("kinds");
    let ws = dir.path().to_string_lossy().into_owned();
    let again = dir.path().join("again").to_string_lossy().into_owned();
    for _ in 0..2 {
        let (_, stderr, code) = ipcls(&["generate", &ws, "--out", &again]);
        assert_eq!(code, 0, "{stderr}");
        for f in ["types.ts", "main.ts", "preload.ts", "renderer.ts"] {
            let a = std::fs::read(dir.path().join("gen").join(f)).expect("first");
            let b = std::fs::read(dir.path().join("again").join(f)).expect("second");
            assert!(a == b, "{f} differs between two runs");
        }
    }
    let out = dir.path().join("gen").to_string_lossy().into_owned();
    let (stdout, _, code) = ipcls(&["generate", &ws, "--out", &out, "--check"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("up to date"), "{stdout}");

    let main = dir.path().join("gen/main.ts");
    let text = std::fs::read_to_string(&main).expect("main.ts");
    std::fs::write(&main, text.replace("'store:echo'", "'store:echo2'")).expect("edit");
    std::fs::remove_file(dir.path().join("gen/renderer.ts")).expect("remove");
    let (stdout, _, code) = ipcls(&["generate", &ws, "--out", &out, "--check"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("stale: ") && stdout.contains("main.ts"), "{stdout}");
    assert!(stdout.contains("missing: ") && stdout.contains("renderer.ts"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&main).ok().as_deref(), Some(&*text.replace("'store:echo'", "'store:echo2'")));

    // A contract change makes the bindings stale too.
    let (_, _, code) = ipcls(&["generate", &ws, "--out", &out]);
    assert_eq!(code, 0);
    let proto = dir.path().join("kinds.proto");
    let p = std::fs::read_to_string(&proto).expect("proto");
    std::fs::write(&proto, p.replace("rpc Count(", "rpc Tally(")).expect("edit proto");
    let (_, _, code) = ipcls(&["generate", &ws, "--out", &out, "--check"]);
    assert_eq!(code, 1);
}

#[test]
fn a_broken_contract_generates_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.proto"), "syntax = \"proto3\";\nservice S { rpc A(Nope) returns (Nope); }\n")
        .expect("write");
    let ws = dir.path().to_string_lossy().into_owned();
    let (_, stderr, code) = ipcls(&["generate", &ws]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("Nope"), "{stderr}");
    assert!(!dir.path().join("src/ipc/generated").exists());
    let empty = tempfile::tempdir().expect("tempdir");
    let (_, stderr, code) = ipcls(&["generate", &empty.path().to_string_lossy()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("no .proto contract"), "{stderr}");
}

/// The fixtures that use generated bindings: committed files are current, and (with npm) the
/// app's own code type-checks against them.
fn fixture_is_current_and_compiles(name: &str, test: &str) {
    let dir = manifest().join("fixtures").join(name);
    let (stdout, stderr, code) = ipcls(&["generate", "--check", &dir.to_string_lossy()]);
    assert_eq!(code, 0, "{name}: committed bindings are stale:\n{stdout}\n{stderr}");
    if !npm_enabled(test) {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_dir(&dir.join("src"), &tmp.path().join("src"));
    let mut files = Vec::new();
    collect_ts(&tmp.path().join("src"), tmp.path(), &mut files);
    files.sort();
    tsc(tmp.path(), &files, true);
}

fn collect_ts(dir: &Path, root: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("read").flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_ts(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "ts") {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn generated_fixture() {
    fixture_is_current_and_compiles("generated", "generated_fixture");
}

#[test]
fn article_generated_fixture() {
    fixture_is_current_and_compiles("article-generated", "article_generated_fixture");
}

#[test]
fn check_reports_stale_bindings_where_they_are_configured() {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_dir(&manifest().join("fixtures/generated"), tmp.path());
    let ws = tmp.path().to_string_lossy().into_owned();
    let proto = tmp.path().join("proto/notes.proto");
    let text = std::fs::read_to_string(&proto).expect("proto");
    std::fs::write(&proto, text.replace("  int32 limit = 2;", "  int32 limit = 2;\n  bool archived = 3;"))
        .expect("edit");
    let (json, _, code) = ipcls(&["check", "--format", "json", &ws]);
    assert_eq!(code, 0, "a warning: {json}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let stale: Vec<&str> = v["diagnostics"]
        .as_array()
        .map(|d| d.iter().filter(|d| d["code"] == "stale-bindings").filter_map(|d| d["file"].as_str()).collect())
        .unwrap_or_default();
    // The request type changed: its interface and its run-time check.
    assert_eq!(stale, vec!["src/ipc/generated/main.ts", "src/ipc/generated/types.ts"], "{json}");
    let (_, _, code) = ipcls(&["generate", &ws]);
    assert_eq!(code, 0);
    let (json, _, _) = ipcls(&["check", "--format", "json", &ws]);
    assert!(!json.contains("stale-bindings"), "{json}");
}
