//! Finding the workspace's files: `.gitignore` respected, the folders the caller names skipped,
//! files over the size limit counted and left out. What is worth finding is the caller's to say.

use std::path::{Path, PathBuf};

/// What a walk keeps and leaves out.
#[derive(Clone, Copy)]
pub struct WalkOptions<'a> {
    pub max_file_size: u64,
    pub max_files: usize,
    /// Whether a file is kept, by its path.
    pub relevant: &'a dyn Fn(&Path) -> bool,
    /// Names of folders that are never entered below the root.
    pub skipped_dirs: &'a [&'a str],
}

/// At most this many errors are kept: a folder of unreadable files must not flood the notes.
pub const MAX_ERRORS: usize = 20;

/// What a walk found and what it left out, by reason.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WalkResult {
    /// The relevant files, sorted.
    pub files: Vec<PathBuf>,
    pub skipped_dirs: usize,
    pub too_large: Vec<PathBuf>,
    pub over_limit: usize,
    /// Symbolic links seen and not followed.
    pub symlinks: usize,
    pub errors: Vec<String>,
}

/// Walks `root`, following no symbolic links out of it (links are not followed at all).
pub fn walk(root: &Path, options: &WalkOptions) -> WalkResult {
    let mut result = WalkResult::default();
    let mut builder = ignore::WalkBuilder::new(root);
    // The filter outlives this call (the walker requires it), so it owns the names.
    let skipped: Vec<String> = options.skipped_dirs.iter().map(|d| d.to_string()).collect();
    builder
        .hidden(false)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .follow_links(false)
        .parents(false)
        .filter_entry(move |entry| {
            let name = entry.file_name().to_str().unwrap_or("");
            let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
            !(is_dir && entry.depth() > 0 && skipped.iter().any(|d| d == name))
        });
    let mut skipped_dirs = 0usize;
    for entry in builder.build() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                if result.errors.len() < MAX_ERRORS {
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
        if !ft.is_file() || !(options.relevant)(entry.path()) {
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
                if result.errors.len() < MAX_ERRORS {
                    result.errors.push(format!("{}: {e}", entry.path().display()));
                }
                continue;
            }
        }
        result.files.push(entry.path().to_path_buf());
    }
    // Count the skipped folders that exist at the top levels, for the summary line.
    for dir in options.skipped_dirs {
        if root.join(dir).is_dir() {
            skipped_dirs += 1;
        }
    }
    result.skipped_dirs = skipped_dirs;
    result.files.sort();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The walk keeps what the caller calls relevant and never enters the folders it names.
    #[test]
    fn the_caller_says_what_is_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        for rel in ["a.keep", "b.drop", "skipped/c.keep", "sub/d.keep"] {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(p, "x").expect("write");
        }
        let relevant = |p: &Path| p.extension().is_some_and(|e| e == "keep");
        let options = WalkOptions { max_file_size: 10, max_files: 10, relevant: &relevant, skipped_dirs: &["skipped"] };
        let walked = walk(dir.path(), &options);
        let rel: Vec<String> = walked
            .files
            .iter()
            .map(|p| p.strip_prefix(dir.path()).expect("inside").to_string_lossy().replace('\\', "/"))
            .collect();
        assert_eq!(rel, ["a.keep", "sub/d.keep"]);
        assert_eq!(walked.skipped_dirs, 1);
    }
}
