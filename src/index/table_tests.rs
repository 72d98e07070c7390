//! Sites of the fixtures under `fixtures/flow/`, marked in their sources: channel tables
//! (`tables/`) iterated into Electron calls in main and preload, each clean and with a mistake
//! that only the table shows.

use std::path::Path;

use super::site_tests::check_sites;

/// The scripts of a fixture folder as one marker fixture (`//- /path` before each file).
fn fixture_text(dir: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(dir);
    let mut files = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("fixture folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "ts" || e == "js" || e == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(!files.is_empty(), "no files in {dir}");
    let mut text = String::new();
    for path in files {
        let rel = path.strip_prefix(&root).expect("inside").to_string_lossy().replace('\\', "/");
        text.push_str(&format!("//- /{rel}\n"));
        text.push_str(&std::fs::read_to_string(&path).expect("fixture file"));
    }
    text
}

#[test]
fn tables_clean() {
    check_sites(&fixture_text("flow/tables/clean"));
}

#[test]
fn tables_with_an_entry_nobody_handles() {
    check_sites(&fixture_text("flow/tables/mistake"));
}
