//! Finding the workspace's files: `.gitignore` respected, dependencies and build output skipped,
//! files over the size limit counted and left out.

use std::path::{Path, PathBuf};

/// Folders that never hold the app's own sources.
pub const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    "dist",
    "out",
    "build",
    ".webpack",
    ".vite",
    ".git",
    "target",
    // Tests: mocks of `ipcMain` and fake windows are not the app's IPC.
    "__tests__",
    "__mocks__",
    "e2e",
];

#[derive(Clone, Debug)]
pub struct WalkOptions {
    pub max_file_size: u64,
    pub max_files: usize,
}

/// What a walk found and what it left out, by reason.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WalkResult {
    /// Script, `.proto`, `tsconfig.json`/`jsconfig.json` and `ipcls.toml` files, sorted.
    pub files: Vec<PathBuf>,
    pub skipped_dirs: usize,
    pub too_large: Vec<PathBuf>,
    pub over_limit: usize,
    /// Symbolic links seen and not followed.
    pub symlinks: usize,
    pub errors: Vec<String>,
}

/// Whether the walk keeps a file of this name.
pub fn is_relevant(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else { return false };
    if name == "tsconfig.json" || name == "jsconfig.json" || name == crate::config::FILE_NAME {
        return true;
    }
    if name.starts_with("tsconfig.") && name.ends_with(".json") {
        return true;
    }
    if name.ends_with(".min.js") || name.contains(".test.") || name.contains(".spec.") {
        return false;
    }
    name.ends_with(".proto") || crate::syntax::ts::Dialect::from_path(name).is_some()
}

/// Walks `root`, following no symbolic links out of it (links are not followed at all).
pub fn walk(root: &Path, options: &WalkOptions) -> WalkResult {
    let mut result = WalkResult::default();
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .hidden(false)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .follow_links(false)
        .parents(false)
        .filter_entry(|entry| {
            let name = entry.file_name().to_str().unwrap_or("");
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            !(is_dir && entry.depth() > 0 && SKIPPED_DIRS.contains(&name))
        });
    let mut skipped_dirs = 0usize;
    for entry in builder.build() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                if result.errors.len() < 20 {
                    result.errors.push(e.to_string());
                }
                continue;
            }
        };
        let Some(ft) = entry.file_type() else { continue };
        if ft.is_dir() {
            continue;
        }
        if ft.is_symlink() {
            result.symlinks += 1;
            continue;
        }
        if !ft.is_file() || !is_relevant(entry.path()) {
            continue;
        }
        if result.files.len() >= options.max_files {
            result.over_limit += 1;
            continue;
        }
        match entry.metadata() {
            Ok(m) if m.len() > options.max_file_size => {
                result.too_large.push(entry.path().to_path_buf());
                continue;
            }
            Ok(_) => {}
            Err(e) => {
                if result.errors.len() < 20 {
                    result.errors.push(format!("{}: {e}", entry.path().display()));
                }
                continue;
            }
        }
        result.files.push(entry.path().to_path_buf());
    }
    // Count the skipped folders that exist at the top levels, for the summary line.
    for dir in SKIPPED_DIRS {
        if root.join(dir).is_dir() {
            skipped_dirs += 1;
        }
    }
    result.skipped_dirs = skipped_dirs;
    result.files.sort();
    result
}
