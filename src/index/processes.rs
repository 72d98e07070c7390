//! Each file's process (main, preload, renderer): from a generated file's header, the config's
//! globs, preload evidence, folder and file names, and the APIs the file uses.

use rustc_hash::FxHashMap;

use super::generated;
use super::resolve::Resolver;
use super::{rel_path, Process, Workspace};
use crate::base::FileId;
use crate::config::glob_set;
use crate::syntax::bindings;

/// Each file's process: the header of a generated file, config globs, then preload evidence, then
/// folders and names, then the APIs it uses.
pub(super) fn classify_processes(ws: &Workspace, r: &Resolver) -> FxHashMap<FileId, Process> {
    let globs = [
        (Process::Main, glob_set(&ws.config.process.main)),
        (Process::Preload, glob_set(&ws.config.process.preload)),
        (Process::Renderer, glob_set(&ws.config.process.renderer)),
    ];
    let preload_refs: Vec<&str> =
        r.summaries.values().flat_map(|s| s.preload_refs.iter().map(String::as_str)).collect();
    let mut out = FxHashMap::default();
    for (&file, summary) in r.summaries {
        let rel = rel_path(&ws.root, ws.vfs.path(file));
        let by_config = globs.iter().find(|(_, g)| g.is_match(&rel)).map(|(p, _)| *p);
        let by_header = ws.vfs.text(file).and_then(|t| bindings::role_of(t)).and_then(generated::process_of_role);
        // A generated file says what it is: that wins over globs that cover its folder.
        let process = by_header
            .or(by_config)
            .or_else(|| {
                (summary.evidence.context_bridge || preload_refs.iter().any(|r| preload_ref_matches(r, &rel)))
                    .then_some(Process::Preload)
            })
            .or_else(|| process_by_path(&rel))
            .or_else(|| {
                if summary.evidence.main_api && !summary.evidence.ipc_renderer {
                    Some(Process::Main)
                } else if summary.evidence.ipc_renderer || summary.evidence.window_use || summary.evidence.dom {
                    Some(Process::Renderer)
                } else if summary.evidence.main_api {
                    Some(Process::Main)
                } else {
                    None
                }
            })
            .unwrap_or(Process::Unknown);
        out.insert(file, process);
    }
    out
}

/// A process from folder and file names (`src/main/`, `preload.ts`, `renderer/`).
pub(super) fn process_by_path(rel: &str) -> Option<Process> {
    let lower = rel.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    let (file, dirs) = parts.split_last()?;
    let stem = file.split('.').next().unwrap_or(file);
    match stem {
        "preload" => return Some(Process::Preload),
        "renderer" => return Some(Process::Renderer),
        _ => {}
    }
    for dir in dirs.iter().rev() {
        match *dir {
            "preload" | "preloads" => return Some(Process::Preload),
            "renderer" | "ui" | "web" | "frontend" | "electron-browser" => return Some(Process::Renderer),
            "main" | "electron" | "main-process" | "background" | "electron-main" => return Some(Process::Main),
            _ => {}
        }
    }
    match stem {
        "main" | "background" => Some(Process::Main),
        _ => None,
    }
}

/// Whether a `webPreferences.preload` string (`../preload/index.js`) names the file at `rel`.
pub(super) fn preload_ref_matches(reference: &str, rel: &str) -> bool {
    let strip_ext = |s: &str| -> String {
        let name = s.rsplit('/').next().unwrap_or(s);
        match name.split_once('.') {
            Some((stem, _)) => stem.to_string(),
            None => name.to_string(),
        }
    };
    let ref_parts: Vec<&str> =
        reference.split(['/', '\\']).filter(|p| !p.is_empty() && *p != "." && *p != "..").collect();
    let Some(ref_file) = ref_parts.last() else { return false };
    let rel_parts: Vec<&str> = rel.split('/').collect();
    let Some(file) = rel_parts.last() else { return false };
    if strip_ext(ref_file) != strip_ext(file) {
        return false;
    }
    // `index.js` and other generic names need the folder to match too.
    let generic = matches!(strip_ext(ref_file).as_str(), "index" | "main");
    match (ref_parts.len().checked_sub(2).map(|i| ref_parts[i]), rel_parts.len().checked_sub(2).map(|i| rel_parts[i])) {
        (Some(rd), Some(fd)) if !matches!(rd, "dist" | "out" | "build" | "__dirname") => rd == fd,
        (None, _) => !generic,
        _ => !generic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preload_refs() {
        assert!(preload_ref_matches("preload.js", "src/preload.ts"));
        assert!(preload_ref_matches("../preload/index.js", "src/preload/index.ts"));
        assert!(!preload_ref_matches("../preload/index.js", "src/renderer/index.ts"));
        assert!(!preload_ref_matches("index.js", "src/renderer/index.ts"));
    }

    #[test]
    fn processes_by_path() {
        assert_eq!(process_by_path("src/main/ipc.ts"), Some(Process::Main));
        assert_eq!(process_by_path("src/main/preload.ts"), Some(Process::Preload));
        assert_eq!(process_by_path("src/renderer/src/App.tsx"), Some(Process::Renderer));
        assert_eq!(process_by_path("src/shared/channels.ts"), None);
    }
}
