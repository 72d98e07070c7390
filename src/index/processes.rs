//! Each file's process (main, preload, renderer): from a generated file's header, the config's
//! globs, how the file is loaded (a preload reference names it) and imported (the import graph from
//! the files whose process is certain), folder and file names, and the APIs the file uses; and each
//! site's process, which in a module shared by several processes is the process of its API.

use rustc_hash::FxHashMap;

use super::generated;
use super::resolve::Resolver;
use super::{rel_path, Process, Workspace};
use crate::base::FileId;
use crate::config::glob_set;
use crate::syntax::bindings;
use crate::syntax::ts::{Api, Export, Kind, ProcessEvidence};

/// Script extensions a built preload path (`../preload/index.js`) may have in its source.
const SCRIPT_EXTS: &[&str] = &["ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs"];

/// The processes of a workspace's files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Processes {
    files: FxHashMap<FileId, FileProcess>,
}

/// A file's process, the processes whose code imports it, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileProcess {
    pub process: Process,
    /// The processes that run the file: more than one for a module shared by main and a preload.
    pub reached: Reach,
    pub origin: Origin,
}

/// A set of processes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Reach(u8);

impl Reach {
    fn bit(p: Process) -> u8 {
        match p {
            Process::Main => 1,
            Process::Preload => 2,
            Process::Renderer => 4,
            Process::Unknown => 0,
        }
    }

    fn of(p: Process) -> Reach {
        Reach(Reach::bit(p))
    }

    pub fn has(self, p: Process) -> bool {
        self.0 & Reach::bit(p) != 0
    }

    fn with(self, p: Process) -> Reach {
        Reach(self.0 | Reach::bit(p))
    }

    /// More than one process runs the file.
    pub fn shared(self) -> bool {
        self.0.count_ones() > 1
    }

    fn single(self) -> Option<Process> {
        [Process::Main, Process::Preload, Process::Renderer].into_iter().find(|&p| Reach::of(p) == self)
    }
}

/// Why a file runs in its process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The first line of a generated file.
    Generated,
    /// `[process]` globs of `ipcls.toml`.
    Config,
    /// A `webPreferences.preload`, `<webview preload>`, `registerPreloadScript` or `setPreloads`
    /// value names it.
    LoadedAsPreload,
    /// It calls `contextBridge`.
    ContextBridge,
    /// `package.json`'s `main` names it (the app's entry, when it is a source file).
    PackageMain,
    /// It uses Electron objects that exist only in main (`ipcMain`, `BrowserWindow`, `app`).
    MainApis,
    /// It is imported (directly or not) only by code of its process.
    Imported,
    /// Code of several processes imports it: each site has the process of its API.
    Shared,
    /// Its folder or file name.
    Path,
    /// The APIs it uses (`ipcRenderer`, `window.x`, the DOM).
    Apis,
    /// Nothing says.
    Unknown,
}

impl Origin {
    /// A few words for explanations.
    pub fn describe(self) -> &'static str {
        match self {
            Origin::Generated => "the generated file's first line",
            Origin::Config => "a [process] glob of ipcls.toml",
            Origin::LoadedAsPreload => "loaded as a preload",
            Origin::ContextBridge => "it calls contextBridge",
            Origin::PackageMain => "package.json's main names it",
            Origin::MainApis => "it uses main-only Electron APIs",
            Origin::Imported => "imported by code of this process only",
            Origin::Shared => "imported by code of several processes",
            Origin::Path => "its folder or file name",
            Origin::Apis => "the APIs it uses",
            Origin::Unknown => "nothing says",
        }
    }
}

impl Processes {
    /// The process of a file (`unknown` for a file nothing says about).
    pub fn file(&self, file: FileId) -> Process {
        self.files.get(&file).map_or(Process::Unknown, |f| f.process)
    }

    /// What is known of a file's process.
    pub fn get(&self, file: FileId) -> Option<&FileProcess> {
        self.files.get(&file)
    }

    /// The process of a site of `file` that uses `api`: the file's, except in a module shared by
    /// several processes, where `ipcMain` and the other main objects are main code and
    /// `ipcRenderer` is preload code when a preload imports the module, else renderer code. In a
    /// module of no known process (loaded by a glob or a plugin loader), the main objects are
    /// still main code.
    pub fn site(&self, file: FileId, api: Api) -> Process {
        let main_api = matches!(api, Api::IpcMain | Api::ScopedIpc | Api::WebContents | Api::WebFrameMain | Api::Event);
        let Some(f) = self.files.get(&file) else {
            return if main_api { Process::Main } else { Process::Unknown };
        };
        if f.process == Process::Unknown && main_api {
            return Process::Main;
        }
        if !f.reached.shared() {
            return f.process;
        }
        match api {
            Api::IpcMain | Api::ScopedIpc | Api::WebContents | Api::WebFrameMain | Api::Event => Process::Main,
            Api::IpcRenderer if f.reached.has(Process::Preload) => Process::Preload,
            Api::IpcRenderer | Api::Webview => Process::Renderer,
            Api::Library => f.process,
        }
    }
}

/// The script `package.json`'s `main` names, resolved as Node resolves it (as is, with a script
/// extension, `.js` for `.ts`, or its `index`), when that is a source file of the workspace; a
/// build output (`out/main/index.js`) is no file of the workspace and names nothing.
pub(super) fn package_main(ws: &Workspace) -> Option<FileId> {
    let text = ws.vfs.file_id(&ws.root.join("package.json")).and_then(|id| ws.vfs.text(id))?;
    let Ok(Some(jsonc_parser::JsonValue::Object(manifest))) = jsonc_parser::parse_to_value(text, &Default::default())
    else {
        return None;
    };
    let Some(jsonc_parser::JsonValue::String(main)) = manifest.get("main") else { return None };
    super::modules::probe(&ws.vfs, &super::modules::normalize(&ws.root.join(main.as_ref())))
}

/// What fixes a file's process before the import graph is looked at.
fn certain(ws: &Workspace, file: FileId, rel: &str, preloads: &[FileId], globs: &Globs) -> Option<(Process, Origin)> {
    if let Some(p) = ws.vfs.text(file).and_then(|t| bindings::role_of(t)).and_then(generated::process_of_role) {
        // A generated file says what it is: that wins over globs that cover its folder.
        return Some((p, Origin::Generated));
    }
    if let Some((p, _)) = globs.iter().find(|(_, g)| g.is_match(rel)) {
        return Some((*p, Origin::Config));
    }
    if preloads.contains(&file) {
        return Some((Process::Preload, Origin::LoadedAsPreload));
    }
    None
}

type Globs = [(Process, globset::GlobSet); 3];

/// Each file's process: the header of a generated file, config globs, a preload reference or a
/// `contextBridge` call, main-only APIs; then, for the other files, the processes of the files that
/// import them (through any number of imports); then folders and names, then the APIs used.
pub(super) fn classify_processes(ws: &Workspace, r: &Resolver) -> Processes {
    let globs: Globs = [
        (Process::Main, glob_set(&ws.config.process.main)),
        (Process::Preload, glob_set(&ws.config.process.preload)),
        (Process::Renderer, glob_set(&ws.config.process.renderer)),
    ];
    let mut files: Vec<FileId> = r.summaries.keys().copied().collect();
    files.sort();
    let rels: FxHashMap<FileId, String> = files.iter().map(|&f| (f, rel_path(&ws.root, ws.vfs.path(f)))).collect();
    let preloads = preload_files(r, &files, &rels);
    let entry = package_main(ws);

    // Seeds: files whose process is certain, or that are entries of their process.
    // Renderer code found by its APIs may be a preload's helper that touches the DOM: other code
    // may reach it too.
    let mut seeds: FxHashMap<FileId, (Process, Origin)> = FxHashMap::default();
    let mut reached: FxHashMap<FileId, Reach> = FxHashMap::default();
    for &file in &files {
        let (Some(summary), Some(rel)) = (r.summary(file), rels.get(&file)) else { continue };
        let e = &summary.evidence;
        let seed = certain(ws, file, rel, &preloads, &globs)
            .or_else(|| (entry == Some(file)).then_some((Process::Main, Origin::PackageMain)))
            .or_else(|| e.context_bridge.then_some((Process::Preload, Origin::ContextBridge)))
            .or_else(|| main_only(e).then_some((Process::Main, Origin::MainApis)));
        if let Some(seed) = seed {
            seeds.insert(file, seed);
        } else if renderer_entry(e, rel) {
            reached.insert(file, Reach::of(Process::Renderer));
        }
    }

    // The import graph, from each seed and renderer entry with its process; a seed is not reached
    // by others.
    let mut work: Vec<(FileId, Process)> =
        seeds.iter().map(|(&f, &(p, _))| (f, p)).chain(reached.iter().map(|(&f, _)| (f, Process::Renderer))).collect();
    work.sort();
    while let Some((file, p)) = work.pop() {
        for target in imported_files(r, file) {
            if seeds.contains_key(&target) {
                continue;
            }
            let reach = reached.entry(target).or_default();
            if !reach.has(p) {
                *reach = reach.with(p);
                work.push((target, p));
            }
        }
    }

    let mut out = Processes::default();
    for &file in &files {
        let (Some(summary), Some(rel)) = (r.summary(file), rels.get(&file)) else { continue };
        let e = &summary.evidence;
        let fp = match (seeds.get(&file), reached.get(&file).copied()) {
            (Some(&(process, origin)), _) => FileProcess { process, reached: Reach::of(process), origin },
            (None, Some(mut reach)) => {
                // `ipcRenderer` in a module only main code imports: main imports it for a type, or
                // it is shared; its sites go by their API.
                if e.ipc_renderer && reach == Reach::of(Process::Main) {
                    let side = match process_by_path(rel) {
                        Some(Process::Preload) => Process::Preload,
                        _ => Process::Renderer,
                    };
                    reach = reach.with(side);
                }
                match reach.single() {
                    Some(process) => FileProcess { process, reached: reach, origin: Origin::Imported },
                    None => {
                        let process = [by_apis(e), process_by_path(rel)]
                            .into_iter()
                            .flatten()
                            .find(|p| reach.has(*p))
                            .or_else(|| {
                                [Process::Main, Process::Preload, Process::Renderer].into_iter().find(|p| reach.has(*p))
                            })
                            .unwrap_or(Process::Unknown);
                        FileProcess { process, reached: reach, origin: Origin::Shared }
                    }
                }
            }
            (None, None) => {
                // `ipcRenderer.sendToHost` talks to the embedding `<webview>`: a guest's preload.
                let guest = summary.sites.iter().any(|s| s.kind == Kind::Host);
                let (process, origin) = match (process_by_path(rel), by_apis(e)) {
                    (Some(p), _) => (p, Origin::Path),
                    (None, Some(_)) if guest => (Process::Preload, Origin::Apis),
                    (None, Some(p)) => (p, Origin::Apis),
                    (None, None) => (Process::Unknown, Origin::Unknown),
                };
                FileProcess { process, reached: Reach::of(process), origin }
            }
        };
        out.files.insert(file, fp);
    }
    out
}

/// Uses Electron objects that exist only in main, and nothing of a renderer or preload.
fn main_only(e: &ProcessEvidence) -> bool {
    e.main_api && !e.ipc_renderer && !e.context_bridge && !e.window_use && !e.dom
}

/// Renderer code by its APIs (the DOM, bridge uses), where nothing says preload or main.
fn renderer_entry(e: &ProcessEvidence, rel: &str) -> bool {
    (e.dom || e.window_use)
        && !e.main_api
        && !e.context_bridge
        && !matches!(process_by_path(rel), Some(Process::Preload | Process::Main))
}

/// A process from the APIs a file uses.
fn by_apis(e: &ProcessEvidence) -> Option<Process> {
    if e.main_api && !e.ipc_renderer {
        Some(Process::Main)
    } else if e.ipc_renderer || e.window_use || e.dom {
        Some(Process::Renderer)
    } else if e.main_api {
        Some(Process::Main)
    } else {
        None
    }
}

/// The files a file imports from or re-exports (the edges of the import graph).
fn imported_files(r: &Resolver, file: FileId) -> Vec<FileId> {
    let Some(summary) = r.summary(file) else { return Vec::new() };
    let sources = summary.imports.iter().filter(|i| !i.type_only).map(|i| i.source.as_str()).chain(
        summary.exports.iter().filter_map(|e| match e {
            Export::From { source, .. } | Export::Star { source } => Some(source.as_str()),
            Export::Local { .. } => None,
        }),
    );
    let mut out: Vec<FileId> = sources.filter_map(|s| r.import_target(file, s)).filter(|&t| t != file).collect();
    out.sort();
    out.dedup();
    out
}

/// The files that preload references name: a reference resolved against the folder of the file
/// that writes it, with a built extension (`.js`) taken for any script extension; else, by name
/// (see [`preload_ref_matches`]), for references to build output (`out/preload/index.js`).
fn preload_files(r: &Resolver, files: &[FileId], rels: &FxHashMap<FileId, String>) -> Vec<FileId> {
    let by_path: FxHashMap<&str, FileId> = files
        .iter()
        .filter_map(|f| {
            let rel = rels.get(f)?;
            Some((strip_script_ext(rel), *f))
        })
        .collect();
    let mut out = Vec::new();
    for &file in files {
        let Some(summary) = r.summary(file) else { continue };
        let Some(rel) = rels.get(&file) else { continue };
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        // A preload is a script file: a reference names one with its extension.
        for reference in summary.preload_refs.iter().filter(|r| strip_script_ext(r).len() < r.len()) {
            let joined = normalize(dir, reference);
            let exact = joined.as_deref().and_then(|j| by_path.get(strip_script_ext(j)).copied());
            match exact {
                Some(target) => out.push(target),
                None => {
                    out.extend(files.iter().filter(|f| rels.get(f).is_some_and(|t| preload_ref_matches(reference, t))))
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A path without its script extension (`src/preload/index.ts` → `src/preload/index`).
fn strip_script_ext(path: &str) -> &str {
    match path.rsplit_once('.') {
        Some((stem, ext)) if SCRIPT_EXTS.contains(&ext) && !stem.ends_with('/') => stem,
        _ => path,
    }
}

/// `reference` (`../preload/index.js`, `/preload.js` from `${__dirname}/preload.js`) taken from
/// the folder `dir`, as a workspace-relative path; `None` when it leaves the workspace.
fn normalize(dir: &str, reference: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in reference.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
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

/// Whether a preload reference (`../preload/index.js`) names the file at `rel` by its name: the
/// same stem, and for generic names (`index`, `main`) the same folder.
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
    fn references_resolved_from_their_folder() {
        assert_eq!(normalize("src/main", "../preload/index.js").as_deref(), Some("src/preload/index.js"));
        assert_eq!(normalize("src", "/preload.js").as_deref(), Some("src/preload.js"));
        assert_eq!(normalize("", "../x.js"), None);
        assert_eq!(strip_script_ext("src/preload/index.ts"), "src/preload/index");
        assert_eq!(strip_script_ext("src/preload/index.html"), "src/preload/index.html");
    }

    #[test]
    fn processes_by_path() {
        assert_eq!(process_by_path("src/main/ipc.ts"), Some(Process::Main));
        assert_eq!(process_by_path("src/main/preload.ts"), Some(Process::Preload));
        assert_eq!(process_by_path("src/renderer/src/App.tsx"), Some(Process::Renderer));
        assert_eq!(process_by_path("src/shared/channels.ts"), None);
    }
}
