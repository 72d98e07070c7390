//! The notes of an index: what the walk left out or could not read, and `tsconfig` problems, one
//! sentence each.

use super::modules::ModuleResolver;
use super::{rel_path, Workspace};
use crate::base::plural;

/// At most this many files are named in a note (then `…`): a note is one line.
const NAMED_FILES: usize = 3;

/// At most this many notes come from each list of problems (the walk's, the `tsconfig` files').
const NOTES_PER_SOURCE: usize = 5;

/// The notes of an index: what the walk left out or could not read, and `tsconfig` problems.
pub(super) fn notes(ws: &Workspace, modules: &ModuleResolver) -> Vec<String> {
    let mut notes = Vec::new();
    let large = &ws.walk.too_large;
    if !large.is_empty() {
        let names: Vec<String> = large.iter().map(|p| rel_path(&ws.root, p)).collect();
        notes.push(format!(
            "skipped {} file{} larger than {} bytes ([limits] max_file_size): {}",
            large.len(),
            plural(large.len()),
            ws.config.limits.max_file_size,
            some_of(&names)
        ));
    }
    if ws.walk.over_limit > 0 {
        notes.push(format!(
            "skipped {} files over the limit of {} files ([limits] max_files)",
            ws.walk.over_limit, ws.config.limits.max_files
        ));
    }
    let mut deep: Vec<String> =
        ws.summaries.iter().filter(|(_, s)| s.too_deep).map(|(id, _)| rel_path(&ws.root, ws.vfs.path(*id))).collect();
    if !deep.is_empty() {
        deep.sort();
        notes.push(format!(
            "code nested more than {} levels deep is not followed ([limits] max_nesting) in {}",
            ws.config.limits.max_nesting,
            some_of(&deep)
        ));
    }
    if ws.walk.symlinks > 0 {
        notes.push(format!(
            "did not follow {} symbolic link{} (links are never followed, in or out of the workspace)",
            ws.walk.symlinks,
            plural(ws.walk.symlinks)
        ));
    }
    let mut lossy: Vec<String> =
        ws.vfs.iter().filter(|(_, _, t)| t.lossy).map(|(_, p, _)| rel_path(&ws.root, p)).collect();
    if !lossy.is_empty() {
        lossy.sort();
        notes.push(format!(
            "not valid UTF-8, decoded with replacement characters (no edits are proposed for them): {}",
            some_of(&lossy)
        ));
    }
    notes.extend(ws.walk.errors.iter().take(NOTES_PER_SOURCE).cloned());
    notes.extend(modules.problems.iter().take(NOTES_PER_SOURCE).cloned());
    notes
}

/// The first few of `names`, then `…` when there are more.
fn some_of(names: &[String]) -> String {
    let mut s = names.iter().take(NAMED_FILES).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > NAMED_FILES {
        s.push_str(", …");
    }
    s
}
