//! The layering of `docs/architecture.md`, checked on the source: each top-level module of the
//! library names only the modules below it (`base < syntax < config < index < ide < {lsp, cli}`,
//! `codegen` beside `ide`), the walker never names the incremental extraction that drives it, and
//! no source file outside tests grows past the size a reader can hold.

use std::path::{Path, PathBuf};

/// The modules each top-level module may name (`crate::<module>`), besides itself.
const ALLOWED: &[(&str, &[&str])] = &[
    ("base", &[]),
    ("syntax", &["base"]),
    ("config", &["base", "syntax"]),
    ("index", &["base", "syntax", "config"]),
    ("codegen", &["base", "syntax"]),
    ("ide", &["base", "syntax", "config", "index", "codegen"]),
    ("lsp", &["base", "syntax", "config", "index", "ide", "codegen"]),
    ("cli", &["base", "syntax", "config", "index", "ide", "codegen"]),
];

const MODULES: &[&str] = &["base", "syntax", "config", "index", "codegen", "ide", "lsp", "cli", "test_fixture"];

/// Lines of a source file (unit-test files aside) above which it is split.
const MAX_LINES: usize = 850;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`src/index/sites.rs` → `index`, `src/config.rs` →
/// `config`).
fn top_module(file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src()).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_string())
}

/// The top-level modules a text names as `crate::<module>`.
fn named_modules(text: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        // Only whole names: `crate::index::Site`, not `my_crate::…` (checked by the byte before).
        if at > 0 && (text.as_bytes()[at - 1].is_ascii_alphanumeric() || text.as_bytes()[at - 1] == b'_') {
            continue;
        }
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if let Some(m) = MODULES.iter().find(|m| **m == name) {
            out.push(*m);
        }
    }
    out
}

#[test]
fn every_module_names_only_the_layers_below_it() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    assert!(files.len() > 50, "the source tree was not found under {}", src().display());
    let mut wrong = Vec::new();
    for file in &files {
        let Some(module) = top_module(file) else { continue };
        let Some((_, allowed)) = ALLOWED.iter().find(|(m, _)| *m == module) else { continue };
        let text = std::fs::read_to_string(file).expect("source is UTF-8");
        for named in named_modules(&text) {
            // Test fixtures are for unit tests of the layers that build an index (`#[cfg(test)]`).
            let test_support = named == "test_fixture" && ["index", "ide"].contains(&module.as_str());
            if named != module && !allowed.contains(&named) && !test_support {
                wrong.push(format!("{} names crate::{named}", file.strip_prefix(src()).unwrap_or(file).display()));
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(wrong.is_empty(), "imports against the layering:\n{}", wrong.join("\n"));
}

#[test]
fn the_walker_never_names_the_incremental_extraction() {
    let mut files = Vec::new();
    rust_files(&src().join("syntax/ts/walker"), &mut files);
    assert!(!files.is_empty());
    for file in files {
        let text = std::fs::read_to_string(&file).expect("source is UTF-8");
        assert!(!text.contains("incremental::"), "{} names the incremental extraction", file.display());
    }
}

#[test]
fn no_source_file_is_too_long_to_read() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut long = Vec::new();
    for file in files {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let in_tests_dir = file.components().any(|c| c.as_os_str() == "tests");
        if name == "tests.rs" || name.ends_with("_tests.rs") || in_tests_dir {
            continue;
        }
        let lines = std::fs::read_to_string(&file).expect("source is UTF-8").lines().count();
        if lines > MAX_LINES {
            long.push(format!("{}: {lines} lines", file.display()));
        }
    }
    assert!(long.is_empty(), "files over {MAX_LINES} lines:\n{}", long.join("\n"));
}

#[test]
fn the_import_scan_sees_what_it_checks() {
    assert_eq!(named_modules("use crate::index::Site;\nlet x = crate::base::plural(2);"), ["index", "base"]);
    assert!(named_modules("use my_crate::index::X; // crate::nothing").is_empty());
}
