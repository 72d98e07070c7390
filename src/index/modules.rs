//! Module resolution: relative imports, index files, `tsconfig.json` `baseUrl`/`paths` (with
//! `extends`), over the files the VFS knows. No disk access.

use std::path::{Component, Path, PathBuf};

use jsonc_parser::JsonValue;

use crate::base::{FileId, Vfs};

const EXTENSIONS: &[&str] = &["ts", "tsx", "mts", "cts", "d.ts", "js", "jsx", "mjs", "cjs"];

/// The longest chain of `extends` followed from one `tsconfig.json`: deeper chains are not real
/// configurations, and the limit bounds the work a hostile workspace can ask for.
const MAX_EXTENDS: usize = 16;

/// The path aliases of one `tsconfig.json`, with `extends` applied.
#[derive(Clone, Debug, Default)]
pub(super) struct TsConfig {
    pub(super) dir: PathBuf,
    pub(super) base_url: Option<PathBuf>,
    /// `(pattern, targets)`, targets already absolute (`*` kept).
    pub(super) paths: Vec<(String, Vec<PathBuf>)>,
}

/// Resolves module specifiers to files.
#[derive(Clone, Debug, Default)]
pub(super) struct ModuleResolver {
    configs: Vec<TsConfig>,
    /// Problems found reading configs (`extends` cycles, bad JSON), for logs.
    pub(super) problems: Vec<String>,
}

impl ModuleResolver {
    /// Reads every `tsconfig*.json`/`jsconfig.json` in the VFS.
    pub(super) fn new(vfs: &Vfs) -> ModuleResolver {
        let mut resolver = ModuleResolver::default();
        let mut config_files: Vec<&Path> = vfs
            .iter()
            .map(|(_, p, _)| p)
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                name == "jsconfig.json" || (name.starts_with("tsconfig") && name.ends_with(".json"))
            })
            .collect();
        config_files.sort();
        for path in config_files {
            let mut chain = Vec::new();
            if let Some(config) = resolver.read(vfs, path, &mut chain) {
                if config.base_url.is_some() || !config.paths.is_empty() {
                    resolver.configs.push(config);
                }
            }
        }
        // Deeper configs first: the nearest one wins.
        resolver.configs.sort_by_key(|c| std::cmp::Reverse(c.dir.components().count()));
        resolver
    }

    fn read(&mut self, vfs: &Vfs, path: &Path, chain: &mut Vec<PathBuf>) -> Option<TsConfig> {
        if chain.iter().any(|p| p == path) {
            self.problems.push(format!("{}: `extends` cycle", path.display()));
            return None;
        }
        if chain.len() > MAX_EXTENDS {
            return None;
        }
        let text = vfs.file_id(path).and_then(|id| vfs.text(id))?;
        chain.push(path.to_path_buf());
        let value = match jsonc_parser::parse_to_value(text, &Default::default()) {
            Ok(Some(JsonValue::Object(o))) => o,
            Ok(_) => {
                chain.pop();
                return None;
            }
            Err(e) => {
                self.problems.push(format!("{}: {e}", path.display()));
                chain.pop();
                return None;
            }
        };
        let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let mut config = TsConfig { dir: dir.clone(), ..TsConfig::default() };
        // `extends` first, so that this file's options override.
        let extends: Vec<String> = match value.get("extends") {
            Some(JsonValue::String(s)) => vec![s.to_string()],
            Some(JsonValue::Array(items)) => items
                .iter()
                .filter_map(|v| match v {
                    JsonValue::String(s) => Some(s.to_string()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        for ext in extends {
            if !(ext.starts_with("./") || ext.starts_with("../")) {
                continue; // a package: not read (node_modules is not indexed)
            }
            let mut target = normalize(&dir.join(&ext));
            if target.extension().is_none() {
                target.set_extension("json");
            }
            if vfs.file_id(&target).and_then(|id| vfs.get(id)).is_none() {
                // Only files of the workspace are read: a base config elsewhere is left out.
                self.problems.push(format!(
                    "{}: `extends` {ext:?} is not a file of the workspace; its options are not read",
                    path.display()
                ));
                continue;
            }
            if let Some(base) = self.read(vfs, &target, chain) {
                config.base_url = base.base_url;
                config.paths = base.paths;
            }
        }
        chain.pop();
        let options = value.get_object("compilerOptions");
        if let Some(base_url) = options.and_then(|o| o.get_string("baseUrl")) {
            config.base_url = Some(normalize(&dir.join(base_url.as_ref())));
        }
        if let Some(paths) = options.and_then(|o| o.get_object("paths")) {
            let base = config.base_url.clone().unwrap_or_else(|| dir.clone());
            let mut list: Vec<(String, Vec<PathBuf>)> = paths
                .clone()
                .take_inner()
                .into_iter()
                .map(|(pattern, targets)| {
                    let targets = match targets {
                        JsonValue::Array(items) => items
                            .iter()
                            .filter_map(|t| match t {
                                JsonValue::String(t) => Some(normalize(&base.join(t.as_ref()))),
                                _ => None,
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    (pattern.to_string(), targets)
                })
                .collect();
            list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
            config.paths = list;
        }
        Some(config)
    }

    /// The file `specifier` names when imported from `from`, if the VFS has it.
    pub(super) fn resolve(&self, vfs: &Vfs, from: &Path, specifier: &str) -> Option<FileId> {
        let dir = from.parent().unwrap_or(Path::new(""));
        if specifier.starts_with("./") || specifier.starts_with("../") || specifier == "." || specifier == ".." {
            return probe(vfs, &normalize(&dir.join(specifier)));
        }
        for config in self.configs.iter().filter(|c| from.starts_with(&c.dir)) {
            for (pattern, targets) in &config.paths {
                let Some(star) = match_pattern(pattern, specifier) else { continue };
                for target in targets {
                    let t = target.to_string_lossy().replace('*', star);
                    if let Some(id) = probe(vfs, Path::new(&t)) {
                        return Some(id);
                    }
                }
            }
            if let Some(base) = &config.base_url {
                if let Some(id) = probe(vfs, &normalize(&base.join(specifier))) {
                    return Some(id);
                }
            }
        }
        None
    }
}

/// What `*` matched when `specifier` fits `pattern` (`@shared/*`), or `""` for an exact match.
fn match_pattern<'s>(pattern: &str, specifier: &'s str) -> Option<&'s str> {
    match pattern.split_once('*') {
        None => (pattern == specifier).then_some(""),
        Some((pre, post)) => {
            if specifier.len() >= pre.len() + post.len() && specifier.starts_with(pre) && specifier.ends_with(post) {
                Some(&specifier[pre.len()..specifier.len() - post.len()])
            } else {
                None
            }
        }
    }
}

/// The file for a module path: as is, with a script extension, or its `index` file.
pub(super) fn probe(vfs: &Vfs, base: &Path) -> Option<FileId> {
    let exists = |p: &Path| vfs.file_id(p).filter(|id| vfs.get(*id).is_some());
    if base.extension().is_some() {
        if let Some(id) = exists(base) {
            return Some(id);
        }
        // ESM TypeScript imports `./x.js` for `./x.ts`.
        let s = base.to_string_lossy();
        for (js, ts) in [(".js", ".ts"), (".js", ".tsx"), (".mjs", ".mts"), (".cjs", ".cts"), (".jsx", ".tsx")] {
            if let Some(stem) = s.strip_suffix(js) {
                if let Some(id) = exists(Path::new(&format!("{stem}{ts}"))) {
                    return Some(id);
                }
            }
        }
    }
    let s = base.to_string_lossy();
    for ext in EXTENSIONS {
        if let Some(id) = exists(Path::new(&format!("{s}.{ext}"))) {
            return Some(id);
        }
    }
    for ext in EXTENSIONS {
        if let Some(id) = exists(&base.join(format!("index.{ext}"))) {
            return Some(id);
        }
    }
    None
}

/// Removes `.` and `..` without touching the disk.
pub(super) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
