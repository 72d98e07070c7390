//! The contract's files in memory: parsing, import resolution through the roots, built-in files,
//! import cycles, and linking one file with its imports in a fresh descriptor pool.

use std::collections::{HashMap, HashSet, VecDeque};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use prost_reflect::prost_types::FileDescriptorProto;
use prost_reflect::{DescriptorError, DescriptorPool};

use super::span::{self, LineStarts, Locations};
use super::{ContractInput, ProtoError, ProtoSource};
use crate::base::TextRange;

/// The import name of the options file that ipcls serves itself.
pub const OPTIONS_PROTO_NAME: &str = "ipcls/options.proto";

/// The text of `ipcls/options.proto`. ipcls serves this file itself, so `import
/// "ipcls/options.proto";` works with no file on disk; `option (ipcls.channel) = "files:open";`
/// in an rpc's body then names that rpc's channel instead of the naming template. The field
/// number is from the range protobuf reserves for an organisation's own options.
pub const OPTIONS_PROTO: &str = r#"// Options understood by ipcls, served by ipcls itself: no file needs to exist on disk.
syntax = "proto3";

package ipcls;

import "google/protobuf/descriptor.proto";

extend google.protobuf.MethodOptions {
  // The IPC channel of this rpc, instead of the one the naming template derives.
  string channel = 50400;
}
"#;

/// Files served by ipcls itself: `ipcls/options.proto` and Google's well-known types.
struct Builtins {
    protos: HashMap<String, FileDescriptorProto>,
}

fn builtins() -> &'static Builtins {
    static BUILTINS: OnceLock<Builtins> = OnceLock::new();
    BUILTINS.get_or_init(|| {
        let mut protos: HashMap<String, FileDescriptorProto> = DescriptorPool::global()
            .file_descriptor_protos()
            .filter(|proto| proto.name().starts_with("google/protobuf/"))
            .map(|proto| (proto.name().to_owned(), proto.clone()))
            .collect();
        if let Ok(options) = protox_parse::parse(OPTIONS_PROTO_NAME, OPTIONS_PROTO) {
            protos.insert(OPTIONS_PROTO_NAME.to_owned(), options);
        }
        Builtins { protos }
    })
}

/// How deep brackets may nest in a file. protox allows messages 31 levels deep; this leaves
/// room for option values inside them and keeps recursive parsing far from the stack's end.
const MAX_NESTING: usize = 48;

/// What an import statement names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// An input file, by index.
    Workspace(usize),
    /// A built-in file, by name.
    Builtin,
    /// Not found in the roots.
    Missing,
    /// An absolute path or one with `.`/`..` segments: never looked up.
    Invalid,
}

pub(super) struct ImportEdge {
    pub(super) name: String,
    pub(super) range: TextRange,
    pub(super) target: Target,
}

pub(super) struct WorkspaceFile {
    pub(super) source: ProtoSource,
    /// The name other files import it by.
    pub(super) name: String,
    /// The parsed, unlinked descriptor with source info; `None` when the file does not parse.
    pub(super) parsed: Option<FileDescriptorProto>,
    pub(super) imports: Vec<ImportEdge>,
    /// Problems found in this file alone: parse errors, bad imports, import cycles.
    pub(super) errors: Vec<ProtoError>,
}

impl WorkspaceFile {
    /// Whether the file itself can be linked, given linkable imports.
    fn is_sound(&self) -> bool {
        self.parsed.is_some() && self.errors.is_empty()
    }
}

pub(super) struct Workspace {
    pub(super) files: Vec<WorkspaceFile>,
}

/// A node of the import graph while linking.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Node {
    Workspace(usize),
    Builtin(String),
}

impl Workspace {
    pub(super) fn new(input: &ContractInput) -> Workspace {
        let roots = normalize_roots(input.roots);
        let mut by_path: HashMap<&str, usize> = HashMap::new();
        let mut sources: Vec<&ProtoSource> = Vec::new();
        for source in input.files {
            if !by_path.contains_key(source.path.as_str()) {
                by_path.insert(source.path.as_str(), sources.len());
                sources.push(source);
            }
        }
        let mut files: Vec<WorkspaceFile> = sources.iter().map(|source| parse_file(source, &roots, &by_path)).collect();
        report_cycles(&mut files);
        Workspace { files }
    }

    /// Links file `index` with its imports in a fresh pool and returns the linked descriptor.
    /// Errors located in this file are pushed to `errors`; errors in its imports are left to
    /// those files' own turn, so each error is reported once.
    pub(super) fn link(&self, index: usize, errors: &mut Vec<ProtoError>) -> Option<FileDescriptorProto> {
        let file = self.files.get(index)?;
        let order = self.link_order(index)?;
        let mut pool = DescriptorPool::new();
        for node in order {
            let proto = self.proto_for_pool(&node)?;
            let added = catch_unwind(AssertUnwindSafe(|| pool.add_file_descriptor_proto(proto)));
            let is_root = node == Node::Workspace(index);
            match added {
                Ok(Ok(())) => {}
                Ok(Err(error)) => {
                    if is_root {
                        errors.push(link_error(file, &error));
                    }
                    return None;
                }
                Err(_) => {
                    if is_root {
                        errors.push(ProtoError {
                            file: file.source.path.clone(),
                            range: None,
                            message: "internal error while checking this file".to_owned(),
                        });
                    }
                    return None;
                }
            }
        }
        Some(pool.get_file_by_name(&file.name)?.file_descriptor_proto().clone())
    }

    /// The files to add to a pool to link `root`, imports first; `None` if one of them is
    /// unsound (its own errors are reported with it).
    fn link_order(&self, root: usize) -> Option<Vec<Node>> {
        let mut order = Vec::new();
        let mut seen = HashSet::new();
        let mut stack: Vec<(Node, Vec<Node>)> = Vec::new();
        let root = Node::Workspace(root);
        seen.insert(root.clone());
        let deps = self.dependencies(&root)?;
        stack.push((root, deps));
        while let Some((node, deps)) = stack.last_mut() {
            match deps.pop() {
                Some(dep) => {
                    if seen.insert(dep.clone()) {
                        let dep_deps = self.dependencies(&dep)?;
                        stack.push((dep, dep_deps));
                    }
                }
                None => {
                    order.push(node.clone());
                    stack.pop();
                }
            }
        }
        Some(order)
    }

    /// The imports of a node, last first (they are popped); `None` if the node is unsound.
    fn dependencies(&self, node: &Node) -> Option<Vec<Node>> {
        let mut deps = match node {
            Node::Workspace(index) => {
                let file = self.files.get(*index)?;
                if !file.is_sound() {
                    return None;
                }
                file.imports
                    .iter()
                    .map(|import| match import.target {
                        Target::Workspace(target) => Some(Node::Workspace(target)),
                        Target::Builtin => Some(Node::Builtin(import.name.clone())),
                        Target::Missing | Target::Invalid => None,
                    })
                    .collect::<Option<Vec<_>>>()?
            }
            Node::Builtin(name) => {
                builtins().protos.get(name)?.dependency.iter().map(|dep| Node::Builtin(dep.clone())).collect()
            }
        };
        deps.reverse();
        Some(deps)
    }

    /// The descriptor to add to the pool for a node, its imports renamed to the names that
    /// the imported files are added under.
    fn proto_for_pool(&self, node: &Node) -> Option<FileDescriptorProto> {
        match node {
            Node::Builtin(name) => builtins().protos.get(name).cloned(),
            Node::Workspace(index) => {
                let file = self.files.get(*index)?;
                let mut proto = file.parsed.clone()?;
                for (dependency, import) in proto.dependency.iter_mut().zip(&file.imports) {
                    if let Target::Workspace(target) = import.target {
                        dependency.clone_from(&self.files.get(target)?.name);
                    }
                }
                Some(proto)
            }
        }
    }
}

fn normalize_roots(roots: &[String]) -> Vec<String> {
    let mut normalized: Vec<String> = roots
        .iter()
        .map(|root| {
            let root = root.trim().replace('\\', "/");
            let root = root.trim_start_matches("./").trim_end_matches('/');
            if root == "." {
                String::new()
            } else {
                root.to_owned()
            }
        })
        .collect();
    if normalized.is_empty() {
        normalized.push(String::new());
    }
    normalized
}

/// The name a file is imported by: its path relative to the first root that contains it.
fn import_name(path: &str, roots: &[String]) -> String {
    roots
        .iter()
        .find_map(|root| if root.is_empty() { Some(path) } else { path.strip_prefix(root.as_str())?.strip_prefix('/') })
        .unwrap_or(path)
        .to_owned()
}

/// Whether an import name may be looked up: relative, with no empty, `.` or `..` segments.
fn is_valid_import(name: &str) -> bool {
    let drive = name.as_bytes().get(1) == Some(&b':');
    !name.is_empty()
        && !drive
        && !name.contains(['\\', '\0'])
        && name.split('/').all(|segment| !matches!(segment, "" | "." | ".."))
}

fn parse_file(source: &ProtoSource, roots: &[String], by_path: &HashMap<&str, usize>) -> WorkspaceFile {
    let name = import_name(&source.path, roots);
    let lines = LineStarts::new(&source.text);
    let mut file =
        WorkspaceFile { source: source.clone(), name, parsed: None, imports: Vec::new(), errors: Vec::new() };
    if let Some(offset) = span::too_deep(&source.text, MAX_NESTING) {
        file.errors.push(ProtoError {
            file: source.path.clone(),
            range: Some(lines.range(offset, offset + 1)),
            message: format!("brackets are nested more than {MAX_NESTING} levels deep"),
        });
        return file;
    }
    let parsed = catch_unwind(AssertUnwindSafe(|| protox_parse::parse(&file.name, &source.text)));
    let proto = match parsed {
        Ok(Ok(proto)) => proto,
        Ok(Err(error)) => {
            let range = error.span().map(|span| lines.range(span.start, span.end));
            file.errors.push(ProtoError {
                file: source.path.clone(),
                range,
                message: parse_error_message(&error.to_string(), &source.text, range),
            });
            return file;
        }
        Err(_) => {
            file.errors.push(ProtoError {
                file: source.path.clone(),
                range: None,
                message: "internal error while parsing this file".to_owned(),
            });
            return file;
        }
    };
    let locations = Locations::new(&proto);
    let mut listed = HashSet::new();
    for (i, name) in proto.dependency.iter().enumerate() {
        let path = [3, i32::try_from(i).unwrap_or(i32::MAX)];
        let range = locations.range(&lines, &path).unwrap_or_default();
        let target = resolve_import(name, roots, by_path);
        let problem = match target {
            Target::Invalid => Some(format!("import '{name}' is not allowed: {INVALID_IMPORT}")),
            Target::Missing => {
                Some(format!("import '{name}' not found in the import roots ({})", describe_roots(roots)))
            }
            _ if !listed.insert(name.as_str()) => Some(format!("import '{name}' is listed twice")),
            _ => None,
        };
        if let Some(message) = problem {
            file.errors.push(ProtoError { file: source.path.clone(), range: Some(range), message });
        }
        file.imports.push(ImportEdge { name: name.clone(), range, target });
    }
    file.parsed = Some(proto);
    file
}

/// protox-parse's message, except for imports it refuses (`..`, absolute paths), which it
/// reports as "invalid group name" at the import's string literal.
fn parse_error_message(message: &str, text: &str, range: Option<TextRange>) -> String {
    let literal = range.and_then(|range| text.get(range.start as usize..range.end as usize));
    match literal {
        Some(literal) if message == "invalid group name" && literal.starts_with(['"', '\'']) => {
            format!("import {literal} is not allowed: {INVALID_IMPORT}")
        }
        _ => message.to_owned(),
    }
}

const INVALID_IMPORT: &str = "imports are relative to an import root and may not be absolute \
     or contain backslashes, empty, '.' or '..' segments";

fn resolve_import(name: &str, roots: &[String], by_path: &HashMap<&str, usize>) -> Target {
    if !is_valid_import(name) {
        return Target::Invalid;
    }
    // ipcls's options and the well-known types are fixed: a copy in the workspace is not used.
    if builtins().protos.contains_key(name) {
        return Target::Builtin;
    }
    for root in roots {
        let path = if root.is_empty() { name.to_owned() } else { format!("{root}/{name}") };
        if let Some(&index) = by_path.get(path.as_str()) {
            return Target::Workspace(index);
        }
    }
    Target::Missing
}

fn describe_roots(roots: &[String]) -> String {
    let described: Vec<String> = roots
        .iter()
        .map(|root| if root.is_empty() { "the workspace root".to_owned() } else { format!("'{root}'") })
        .collect();
    described.join(", ")
}

/// Reports, at each import statement that closes a cycle, the cycle it is part of.
fn report_cycles(files: &mut [WorkspaceFile]) {
    let edges: Vec<Vec<usize>> = files
        .iter()
        .map(|file| {
            file.imports
                .iter()
                .filter_map(|import| match import.target {
                    Target::Workspace(target) => Some(target),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let component = strongly_connected_components(&edges);
    let mut found = Vec::new();
    for (from, file) in files.iter().enumerate() {
        for import in &file.imports {
            let Target::Workspace(to) = import.target else {
                continue;
            };
            if component[from] != component[to] {
                continue;
            }
            let mut cycle: Vec<&str> = vec![&file.name];
            cycle.extend(path_between(&edges, to, from).iter().map(|&i| files[i].name.as_str()));
            found.push((
                from,
                ProtoError {
                    file: file.source.path.clone(),
                    range: Some(import.range),
                    message: format!("import cycle: {}", cycle.join(" -> ")),
                },
            ));
        }
    }
    for (index, error) in found {
        files[index].errors.push(error);
    }
}

/// Shortest import path from `from` to `to`, both included.
fn path_between(edges: &[Vec<usize>], from: usize, to: usize) -> Vec<usize> {
    let mut parent: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([from]);
    let mut seen = HashSet::from([from]);
    while let Some(node) = queue.pop_front() {
        if node == to {
            let mut path = vec![to];
            let mut at = to;
            while let Some(&previous) = parent.get(&at) {
                path.push(previous);
                at = previous;
            }
            path.reverse();
            return path;
        }
        for &next in edges.get(node).into_iter().flatten() {
            if seen.insert(next) {
                parent.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    vec![from, to]
}

/// Kosaraju's algorithm, iteratively: the component of each node.
fn strongly_connected_components(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut finished = Vec::with_capacity(n);
    let mut visited = vec![false; n];
    for start in 0..n {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack = vec![(start, 0usize)];
        while let Some((node, next)) = stack.last_mut() {
            match edges[*node].get(*next) {
                Some(&child) => {
                    *next += 1;
                    if child < n && !visited[child] {
                        visited[child] = true;
                        stack.push((child, 0));
                    }
                }
                None => {
                    finished.push(*node);
                    stack.pop();
                }
            }
        }
    }
    let mut reversed = vec![Vec::new(); n];
    for (from, targets) in edges.iter().enumerate() {
        for &to in targets {
            if to < n {
                reversed[to].push(from);
            }
        }
    }
    let mut component = vec![usize::MAX; n];
    for (id, &start) in finished.iter().rev().enumerate() {
        if component[start] != usize::MAX {
            continue;
        }
        component[start] = id;
        let mut stack = vec![start];
        while let Some(node) = stack.pop() {
            for &previous in &reversed[node] {
                if component[previous] == usize::MAX {
                    component[previous] = id;
                    stack.push(previous);
                }
            }
        }
    }
    component
}

/// A linking error of `file`, at the declaration it is about.
fn link_error(file: &WorkspaceFile, error: &DescriptorError) -> ProtoError {
    let lines = LineStarts::new(&file.source.text);
    if error.file().is_some_and(|name| name != file.name) {
        return ProtoError { file: file.source.path.clone(), range: None, message: error.to_string() };
    }
    let by_path =
        error.path().zip(file.parsed.as_ref()).and_then(|(path, proto)| Locations::new(proto).range(&lines, path));
    let by_position = || {
        let line = i32::try_from(error.line()?).ok()?;
        let column = i32::try_from(error.column()?).ok()?;
        Some(lines.token_at(lines.offset(line, column)?))
    };
    ProtoError { file: file.source.path.clone(), range: by_path.or_else(by_position), message: error.to_string() }
}
