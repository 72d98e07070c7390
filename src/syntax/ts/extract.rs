//! The walker that turns one script's syntax tree into a [`FileSummary`].
//!
//! One pass in source order. Electron objects are recognised by what names are bound to
//! (imports, `require`, destructuring, typed parameters, handler events), not only by their names.
//! Local bindings inside functions are resolved here (parameters become [`Expr::Param`], loop
//! variables over tables [`Expr::Each`]); top-level names stay [`Expr::Ident`] for the index.

use std::cell::{Cell, RefCell};

use rustc_hash::{FxHashMap, FxHashSet};
use tree_sitter::{Node, Parser, Tree};

use super::*;

/// Nesting deeper than this is not followed by default (`[limits] max_nesting`).
pub const DEFAULT_MAX_NESTING: u32 = 400;
/// Expressions nested deeper than this evaluate to [`Expr::Unknown`].
const MAX_EVAL_DEPTH: u32 = 48;
const MAX_SYNTAX_ERRORS: usize = 8;

thread_local! {
    static PARSERS: RefCell<Option<(Parser, Parser)>> = const { RefCell::new(None) };
    /// Parsers for one statement of a text (`parse_island`): their included ranges change per call.
    static ISLAND_PARSERS: RefCell<Option<(Parser, Parser)>> = const { RefCell::new(None) };
    /// Field ids of the language being walked, by name: `child_by_field_name` compares the name
    /// with every field name of the grammar on each call, which showed as the top symbol.
    static FIELDS: RefCell<(Option<&'static str>, FieldIds)> = RefCell::new((None, FxHashMap::default()));
    /// Node kind names of the language being walked, by kind id.
    static KINDS: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

type FieldIds = FxHashMap<&'static str, Option<u16>>;

/// Children by field name through the per-language cache of field ids.
trait NodeFields<'t> {
    fn field(&self, name: &'static str) -> Option<Node<'t>>;
    /// `Node::kind` through the per-language table: `kind()` converts a C string every call.
    fn kind_name(&self) -> &'t str;
}

impl<'t> NodeFields<'t> for Node<'t> {
    fn field(&self, name: &'static str) -> Option<Node<'t>> {
        let id = FIELDS.with(|f| {
            let mut f = f.borrow_mut();
            match f.1.get(name) {
                Some(&id) => id,
                None => {
                    let id = self.language().field_id_for_name(name).map(|id| id.get());
                    f.1.insert(name, id);
                    id
                }
            }
        })?;
        self.child_by_field_id(id)
    }

    fn kind_name(&self) -> &'t str {
        let id = self.kind_id() as usize;
        KINDS.with(|k| k.borrow().get(id).copied()).unwrap_or_else(|| self.kind())
    }
}

/// The grammars, kept for the whole run so that their kind names are `'static`.
fn static_language(name: &str) -> Option<&'static tree_sitter::Language> {
    static LANGUAGES: std::sync::OnceLock<(tree_sitter::Language, tree_sitter::Language)> = std::sync::OnceLock::new();
    let (ts, tsx) = LANGUAGES.get_or_init(|| {
        (tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(), tree_sitter_typescript::LANGUAGE_TSX.into())
    });
    match name {
        "typescript" => Some(ts),
        "tsx" => Some(tsx),
        _ => None,
    }
}

/// Points the field cache at `tree`'s grammar (TypeScript and TSX number fields differently).
pub(super) fn use_fields_of(tree: &Tree) {
    // The grammars carry no name here; their numbers of node kinds tell them apart.
    let count = tree.language().node_kind_count();
    let name: Option<&'static str> =
        ["typescript", "tsx"].into_iter().find(|n| static_language(n).is_some_and(|l| l.node_kind_count() == count));
    FIELDS.with(|f| {
        let mut f = f.borrow_mut();
        if f.0 != name || name.is_none() {
            f.0 = name;
            f.1.clear();
            let kinds: Vec<&'static str> = match name.and_then(static_language) {
                Some(language) => (0..language.node_kind_count())
                    .map(|id| language.node_kind_for_id(id as u16).unwrap_or(""))
                    .collect(),
                None => Vec::new(),
            };
            KINDS.with(|k| *k.borrow_mut() = kinds);
        }
    });
}

/// Runs `f`, first moving to a fresh stack segment when less than 64 KiB of stack is left: the
/// walk recurses along the syntax tree, and input nested thousands of levels deep (minified code,
/// hostile files) must not overflow the stack of whatever thread parses it (regression test
/// `hostile::deep_nesting_does_not_overflow`).
fn deep<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, f)
}

/// A TypeScript and a TSX parser.
fn new_parsers() -> Option<(Parser, Parser)> {
    let mut ts = Parser::new();
    ts.set_language(&tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into()).ok()?;
    let mut tsx = Parser::new();
    tsx.set_language(&tree_sitter_typescript::LANGUAGE_TSX.into()).ok()?;
    Some((ts, tsx))
}

/// Parses `text` with the grammar of `dialect`.
pub fn parse(text: &str, dialect: Dialect) -> Option<Tree> {
    PARSERS.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            *cell = Some(new_parsers()?);
        }
        let (ts, tsx) = cell.as_mut()?;
        match dialect {
            Dialect::Tsx => tsx.parse(text, None),
            Dialect::TypeScript | Dialect::ScriptBlocks => ts.parse(text, None),
        }
    })
}

/// Reparses `text` after edits described on `old` (with [`Tree::edit`]), reusing its unchanged parts.
///
/// When the result has syntax errors the text is parsed again from scratch: tree-sitter's error
/// recovery can end differently when it reuses old subtrees, and a summary must depend only on
/// the text (found by `tests/differential.rs`; regression test
/// `incremental_reparse_of_broken_code_equals_a_fresh_parse`).
pub fn parse_with_old(text: &str, dialect: Dialect, old: &Tree) -> Option<Tree> {
    PARSERS
        .with(|cell| {
            let mut cell = cell.borrow_mut();
            let (ts, tsx) = cell.as_mut()?;
            match dialect {
                Dialect::Tsx => tsx.parse(text, Some(old)),
                Dialect::TypeScript | Dialect::ScriptBlocks => ts.parse(text, Some(old)),
            }
        })
        .filter(|tree| !tree.root_node().has_error())
        .or_else(|| parse(text, dialect))
}

/// Parses only `range` of `text` (one statement), with the offsets of the whole text: what an
/// edit inside one statement needs before the whole file is parsed again (see `incremental.rs`).
pub fn parse_island(text: &str, dialect: Dialect, range: TextRange) -> Option<Tree> {
    if range.end as usize > text.len() || range.start >= range.end {
        return None;
    }
    let start = text.get(..range.start as usize)?;
    let end = text.get(..range.end as usize)?;
    let point = |before: &str| tree_sitter::Point {
        row: before.bytes().filter(|&b| b == b'\n').count(),
        column: before.len() - before.rfind('\n').map_or(0, |p| p + 1),
    };
    let included = tree_sitter::Range {
        start_byte: range.start as usize,
        end_byte: range.end as usize,
        start_point: point(start),
        end_point: point(end),
    };
    ISLAND_PARSERS.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            *cell = Some(new_parsers()?);
        }
        let (ts, tsx) = cell.as_mut()?;
        let parser = match dialect {
            Dialect::Tsx => tsx,
            Dialect::TypeScript | Dialect::ScriptBlocks => ts,
        };
        parser.set_included_ranges(&[included]).ok()?;
        parser.parse(text, None)
    })
}

/// Extracts the IPC summary of one file. Never fails: broken code yields what can be found.
pub fn extract(text: &str, dialect: Dialect) -> FileSummary {
    extract_limited(text, dialect, DEFAULT_MAX_NESTING)
}

/// [`extract`], following syntax nested at most `max_nesting` levels deep (`[limits] max_nesting`);
/// deeper code is left out and the summary is marked `too_deep`.
pub fn extract_limited(text: &str, dialect: Dialect, max_nesting: u32) -> FileSummary {
    if dialect == Dialect::ScriptBlocks {
        let blanked = script_blocks_only(text);
        return match parse(&blanked, dialect) {
            Some(tree) => extract_tree_limited(&blanked, &tree, max_nesting),
            None => FileSummary::default(),
        };
    }
    match parse(text, dialect) {
        Some(tree) => extract_tree_limited(text, &tree, max_nesting),
        None => FileSummary::default(),
    }
}

/// Extracts from an already parsed tree of `text`.
pub fn extract_tree(text: &str, tree: &Tree) -> FileSummary {
    extract_tree_limited(text, tree, DEFAULT_MAX_NESTING)
}

/// [`extract_tree`] with a nesting limit (see [`extract_limited`]).
pub fn extract_tree_limited(text: &str, tree: &Tree, max_nesting: u32) -> FileSummary {
    use_fields_of(tree);
    let mut w = Walker::new(text, max_nesting, false);
    w.visit(tree.root_node());
    w.finish().0
}

/// What a name is bound to, as far as IPC is concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Recv {
    /// The `electron` module itself.
    Electron,
    Api(Api),
    ContextBridge,
    /// A method taken off an Electron object: `const { invoke } = ipcRenderer`.
    Method(Api, String),
    /// `@electron-toolkit/typed-ipc`: `IpcListener` / `IpcEmitter` instances, main or renderer side.
    TypedListener {
        main: bool,
    },
    TypedEmitter {
        main: bool,
    },
    /// The classes themselves, before `new`.
    TypedListenerClass {
        main: bool,
    },
    TypedEmitterClass {
        main: bool,
    },
    /// `electronAPI` from `@electron-toolkit/preload`.
    ToolkitApi,
    /// The event of an `ipcRenderer.on` listener: its `sender` is `ipcRenderer`.
    RendererEvent,
}

#[derive(Clone, Debug)]
enum Local {
    Value(Expr),
    Recv(Recv),
    Opaque,
}

pub(super) struct Walker<'a> {
    src: &'a str,
    pub(super) out: FileSummary,
    /// Local scopes, innermost last.
    scopes: Vec<Vec<(String, Local)>>,
    /// Enclosing functions, innermost last (indices into `out.functions`).
    funcs: Vec<u32>,
    /// File-level bindings of Electron objects.
    bindings: FxHashMap<String, Recv>,
    /// Names declared at the top level (constants, functions, classes, imports).
    top_names: FxHashSet<String>,
    /// Top-level object literals by name, for `exposeInMainWorld('k', api)`.
    objects: FxHashMap<String, Node<'a>>,
    /// Function nodes passed as listeners: their first parameter is an event of this side.
    event_callbacks: FxHashMap<usize, Recv>,
    /// Function nodes passed to `forEach`/`map` over a table: their first parameter's value.
    each_callbacks: FxHashMap<usize, Expr>,
    /// Local names bound to a bridge path (`const api = window.api`).
    aliases: FxHashMap<String, Vec<String>>,
    /// Enclosing `if` branches, outermost first.
    branches: Vec<(u32, u8)>,
    /// The callee of the IPC call being recorded.
    callee_range: TextRange,
    /// Names for function and object nodes about to be visited, by node id (set by the parent, so
    /// that no `Node::parent` walk is needed: it is linear in the number of siblings).
    pending_names: FxHashMap<usize, FnName>,
    /// Enclosing classes, innermost last.
    classes: Vec<String>,
    /// Class fields whose declared type holds `WebContents` (`views: Set<WebContents>`).
    webcontents_fields: FxHashSet<String>,
    depth: u32,
    /// `[limits] max_nesting`.
    max_depth: u32,
    /// Changes to the file-level state (`top_names`, `bindings`, `objects`, `aliases`,
    /// `webcontents_fields`) in order, when recording for incremental extraction.
    pub(super) journal: Option<Vec<StateOp>>,
    /// Set when the walk reads functions recorded earlier in the file (a bridge member named by
    /// a function declared elsewhere): such a statement's output depends on other statements.
    pub(super) read_functions: Cell<bool>,
    /// The lookups of `out` are already up to date (an incremental update moved them along).
    pub(super) keep_lookups: bool,
}

/// One change to the walker's file-level state, recorded so that a later walk can start at any
/// top-level statement with the state the statements before it left (see `incremental.rs`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum StateOp {
    TopName(String),
    Binding(String, Recv),
    /// An object literal bound to a name, by its range (nodes do not outlive their tree).
    Object(String, TextRange),
    Alias(String, Vec<String>),
    WebContentsField(String),
}

impl<'a> Walker<'a> {
    pub(super) fn new(src: &'a str, max_nesting: u32, record: bool) -> Walker<'a> {
        Walker {
            src,
            out: FileSummary::default(),
            scopes: Vec::new(),
            funcs: Vec::new(),
            bindings: FxHashMap::default(),
            top_names: FxHashSet::default(),
            objects: FxHashMap::default(),
            event_callbacks: FxHashMap::default(),
            each_callbacks: FxHashMap::default(),
            aliases: FxHashMap::default(),
            branches: Vec::new(),
            callee_range: TextRange::default(),
            pending_names: FxHashMap::default(),
            classes: Vec::new(),
            webcontents_fields: FxHashSet::default(),
            depth: 0,
            max_depth: max_nesting,
            journal: record.then(Vec::new),
            read_functions: Cell::new(false),
            keep_lookups: false,
        }
    }

    // ----- file-level state (journaled) -----

    fn record(&mut self, op: impl FnOnce() -> StateOp) {
        if let Some(journal) = &mut self.journal {
            journal.push(op());
        }
    }

    fn add_top_name(&mut self, name: String) {
        self.record(|| StateOp::TopName(name.clone()));
        self.top_names.insert(name);
    }

    fn set_binding(&mut self, name: String, recv: Recv) {
        self.record(|| StateOp::Binding(name.clone(), recv.clone()));
        self.bindings.insert(name, recv);
    }

    fn set_object(&mut self, name: String, node: Node<'a>) {
        self.record(|| StateOp::Object(name.clone(), Self::range(node)));
        self.objects.insert(name, node);
    }

    fn set_alias(&mut self, name: String, path: Vec<String>) {
        self.record(|| StateOp::Alias(name.clone(), path.clone()));
        self.aliases.insert(name, path);
    }

    fn add_webcontents_field(&mut self, name: String) {
        self.record(|| StateOp::WebContentsField(name.clone()));
        self.webcontents_fields.insert(name);
    }

    /// Applies recorded state changes (of statements that are not walked again); objects are
    /// found again in `root`'s tree by their range. `false` when one is not there.
    pub(super) fn replay(&mut self, ops: &[StateOp], root: Node<'a>) -> bool {
        for op in ops {
            match op {
                StateOp::TopName(n) => {
                    self.top_names.insert(n.clone());
                }
                StateOp::Binding(n, r) => {
                    self.bindings.insert(n.clone(), r.clone());
                }
                StateOp::Object(n, range) => {
                    let found = root
                        .descendant_for_byte_range(range.start as usize, range.end as usize)
                        .filter(|node| Self::range(*node) == *range && node.kind_name() == "object");
                    let Some(node) = found else { return false };
                    self.objects.insert(n.clone(), node);
                }
                StateOp::Alias(n, p) => {
                    self.aliases.insert(n.clone(), p.clone());
                }
                StateOp::WebContentsField(n) => {
                    self.webcontents_fields.insert(n.clone());
                }
            }
        }
        true
    }

    fn text(&self, node: Node) -> &'a str {
        self.src.get(node.start_byte()..node.end_byte()).unwrap_or("")
    }

    pub(super) fn range(node: Node) -> TextRange {
        TextRange::new(node.start_byte() as u32, node.end_byte() as u32)
    }

    /// The summary, and the bridge uses left out because the file declares their root (with their
    /// positions, so that an incremental update can put them back: see `incremental.rs`).
    pub(super) fn finish(mut self) -> (FileSummary, Vec<(usize, BridgeUse)>) {
        // Exported objects, for preloads that expose them by import.
        let mut exported: Vec<String> = self
            .out
            .exports
            .iter()
            .filter_map(|e| match e {
                Export::Local { local, .. } if self.objects.contains_key(local) => Some(local.clone()),
                _ => None,
            })
            .collect();
        exported.sort();
        exported.dedup();
        for name in exported {
            if let Some(obj) = self.objects.get(&name).copied() {
                let mut members = Vec::new();
                let mut toolkit = false;
                self.bridge_members(obj, &[], &mut members, &mut toolkit);
                if !members.is_empty() {
                    self.out.object_defs.push(ObjectDef { name, members });
                }
            }
        }
        // Link bridge members to their functions, now that every function is known.
        let functions = &self.out.functions;
        let members = self
            .out
            .bridges
            .iter_mut()
            .flat_map(|b| b.members.iter_mut())
            .chain(self.out.object_defs.iter_mut().flat_map(|o| o.members.iter_mut()));
        for member in members {
            member.func = functions.iter().position(|f| f.range == member.value_range).map(|i| i as u32);
        }
        // A free root is only a bridge use when nothing in the file declares it.
        let mut removed = Vec::new();
        if self.out.bridge_uses.iter().any(|u| u.root == BridgeRoot::Free && self.top_names.contains(&u.path[0])) {
            let uses = std::mem::take(&mut self.out.bridge_uses);
            for (i, u) in uses.into_iter().enumerate() {
                if u.root == BridgeRoot::Global || !self.top_names.contains(&u.path[0]) {
                    self.out.bridge_uses.push(u);
                } else {
                    removed.push((i, u));
                }
            }
        }
        let mut aliases: Vec<_> = self.aliases.into_iter().collect();
        aliases.sort();
        self.out.bridge_aliases = aliases;
        if !self.keep_lookups {
            self.out.build_lookups();
        }
        (self.out, removed)
    }

    // ----- scopes -----

    fn lookup(&self, name: &str) -> Option<&Local> {
        for scope in self.scopes.iter().rev() {
            if let Some((_, local)) = scope.iter().rev().find(|(n, _)| n == name) {
                return Some(local);
            }
        }
        None
    }

    fn bind_local(&mut self, name: &str, local: Local) {
        if let Some(scope) = self.scopes.last_mut() {
            scope.push((name.to_string(), local));
        }
    }

    fn at_top_level(&self) -> bool {
        self.scopes.is_empty()
    }

    fn recv_of_name(&self, name: &str) -> Option<Recv> {
        match self.lookup(name) {
            Some(Local::Recv(r)) => return Some(r.clone()),
            Some(_) => return None,
            None => {}
        }
        if let Some(r) = self.bindings.get(name) {
            return Some(r.clone());
        }
        if self.top_names.contains(name) {
            return None;
        }
        // Unbound names that only Electron uses (globals with nodeIntegration, or declared).
        match name {
            "ipcMain" => Some(Recv::Api(Api::IpcMain)),
            "ipcRenderer" => Some(Recv::Api(Api::IpcRenderer)),
            "contextBridge" => Some(Recv::ContextBridge),
            _ => name_shaped_recv(name),
        }
    }

    // ----- the walk -----

    /// Walks the program's top-level statements as visiting the program would, recording after
    /// each one what it added (see `incremental.rs`).
    pub(super) fn visit_statements(&mut self, nodes: &[Node<'a>], segments: &mut Vec<super::incremental::Segment>) {
        self.depth = 1;
        for &node in nodes {
            let before = std::mem::take(&mut self.out.evidence);
            self.read_functions.set(false);
            self.visit(node);
            let evidence = std::mem::replace(&mut self.out.evidence, before);
            super::incremental::union(&mut self.out.evidence, &evidence);
            segments.push(super::incremental::Segment {
                range: Self::range(node),
                kind: node.kind_id(),
                ends: super::incremental::Marks::of(&self.out),
                journal_end: self.journal.as_ref().map_or(0, |j| j.len() as u32),
                evidence,
                reads_functions: self.read_functions.get(),
                clean_end: super::incremental::ends_cleanly(node, self.src),
                comment: node.kind_name() == "comment",
            });
        }
        self.depth = 0;
    }

    pub(super) fn visit(&mut self, node: Node<'a>) {
        deep(|| {
            if self.depth >= self.max_depth {
                self.out.too_deep = true;
                return;
            }
            self.depth += 1;
            self.visit_inner(node);
            self.depth -= 1;
        })
    }

    fn visit_children(&mut self, node: Node<'a>) {
        let mut cursor = node.walk();
        if !cursor.goto_first_child() {
            return;
        }
        loop {
            let child = cursor.node();
            if child.is_named() {
                self.visit(child);
            }
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }

    fn visit_inner(&mut self, node: Node<'a>) {
        if (node.is_error() || node.is_missing()) && self.out.syntax_errors.len() < MAX_SYNTAX_ERRORS {
            self.out.syntax_errors.push(Self::range(node));
        }
        match node.kind_name() {
            "import_statement" => self.import_statement(node),
            "lexical_declaration" | "variable_declaration" => {
                let mut cursor = node.walk();
                let decls: Vec<Node<'a>> = node.named_children(&mut cursor).collect();
                let is_const = self.text(node).starts_with("const");
                for d in decls {
                    if d.kind_name() == "variable_declarator" {
                        self.declarator(d, is_const);
                    } else {
                        self.visit(d);
                    }
                }
            }
            "export_statement" => self.export_statement(node),
            "enum_declaration" => self.enum_declaration(node),
            "function_declaration"
            | "generator_function_declaration"
            | "function_expression"
            | "function"
            | "generator_function"
            | "arrow_function"
            | "method_definition" => self.function(node),
            "class_declaration" | "abstract_class_declaration" | "class" => {
                let name = node.field("name").map(|n| self.text(n).to_string());
                if let (Some(n), true) = (&name, self.at_top_level()) {
                    self.add_top_name(n.clone());
                }
                self.classes.push(name.unwrap_or_default());
                self.visit_children(node);
                self.classes.pop();
            }
            "object" => self.object(node),
            "public_field_definition" => {
                if let (Some(n), Some(t)) = (node.field("name"), node.field("type")) {
                    if self.text(t).contains("WebContents") {
                        self.add_webcontents_field(self.text(n).to_string());
                    }
                }
                if let (Some(n), Some(v), Some(class)) = (node.field("name"), node.field("value"), self.classes.last())
                {
                    let name = FnName::Method { class: class.clone(), name: property_name(self.text(n)).to_string() };
                    self.pending_names.insert(unwrap_expr(v).id(), name);
                }
                self.visit_children(node);
            }
            "call_expression" => self.call(node),
            "new_expression" => self.visit_children(node),
            "pair" => {
                if let Some(key) = node.field("key") {
                    if property_name(self.text(key)) == "preload" {
                        if let Some(value) = node.field("value") {
                            self.collect_preload_refs(value);
                        }
                    }
                }
                self.visit_children(node);
            }
            "statement_block" => {
                self.scopes.push(Vec::new());
                self.visit_children(node);
                self.scopes.pop();
            }
            "for_in_statement" => self.for_in(node),
            "if_statement" => self.if_statement(node),
            "assignment_expression" => self.assignment(node),
            "interface_declaration" => self.interface(node),
            "type_alias_declaration" => self.type_alias(node),
            "member_expression" => {
                if self.text(node).starts_with("document.") {
                    self.out.evidence.dom = true;
                }
                self.visit_children(node);
            }
            "jsx_element" | "jsx_self_closing_element" => {
                self.out.evidence.dom = true;
                self.visit_children(node);
            }
            "comment" | "string" | "template_string" | "number" | "regex" => {
                if node.kind_name() == "template_string" {
                    self.visit_children(node);
                }
            }
            _ => self.visit_children(node),
        }
    }

    // ----- imports and exports -----

    fn import_statement(&mut self, node: Node<'a>) {
        let Some(source) = node.field("source") else { return };
        let source = string_value(self.src, source).unwrap_or_default();
        let mut cursor = node.walk();
        let clause = node.named_children(&mut cursor).find(|c| c.kind_name() == "import_clause");
        let Some(clause) = clause else { return };
        let mut cursor = clause.walk();
        for part in clause.named_children(&mut cursor) {
            match part.kind_name() {
                "identifier" => self.add_import(self.text(part), &source, Imported::Default),
                "namespace_import" => {
                    let mut c = part.walk();
                    let id = part.named_children(&mut c).find(|n| n.kind_name() == "identifier");
                    if let Some(id) = id {
                        self.add_import(self.text(id), &source, Imported::Namespace);
                    }
                }
                "named_imports" => {
                    let mut c = part.walk();
                    for spec in part.named_children(&mut c) {
                        if spec.kind_name() != "import_specifier" {
                            continue;
                        }
                        let Some(name) = spec.field("name") else { continue };
                        let name = string_value(self.src, name).unwrap_or_else(|| self.text(name).to_string());
                        let local = spec.field("alias").map_or(name.clone(), |a| self.text(a).to_string());
                        self.add_import(&local, &source, Imported::Named(name));
                    }
                }
                _ => {}
            }
        }
    }

    fn add_import(&mut self, local: &str, source: &str, imported: Imported) {
        if let Some(recv) = module_recv(source, &imported) {
            match &recv {
                Recv::Api(Api::IpcRenderer) => self.out.evidence.ipc_renderer = true,
                Recv::ContextBridge => self.out.evidence.context_bridge = true,
                _ => {}
            }
            self.set_binding(local.to_string(), recv);
        }
        if is_electron_module(source) {
            if let Imported::Named(n) = &imported {
                if MAIN_ONLY_APIS.contains(&n.as_str()) {
                    self.out.evidence.main_api = true;
                }
            }
        }
        if source == "react" || source == "react-dom" || source == "vue" || source.starts_with("react-dom/") {
            self.out.evidence.dom = true;
        }
        self.add_top_name(local.to_string());
        self.out.imports.push(Import { local: local.to_string(), source: source.to_string(), imported });
    }

    fn export_statement(&mut self, node: Node<'a>) {
        let source = node.field("source").and_then(|s| string_value(self.src, s));
        if let Some(decl) = node.field("declaration") {
            for name in declared_names(self.src, decl) {
                self.out.exports.push(Export::Local { exported: name.clone(), local: name });
            }
            self.visit(decl);
            return;
        }
        if let Some(value) = node.field("value") {
            if value.kind_name() == "identifier" {
                let local = self.text(value).to_string();
                self.out.exports.push(Export::Local { exported: "default".into(), local });
            } else if let Some(expr) = Some(self.eval(value, 0)).filter(|e| *e != Expr::Unknown) {
                let local = "default".to_string();
                self.out.consts.push(ConstDef {
                    name: local.clone(),
                    value: expr,
                    name_range: Self::range(value),
                    value_range: None,
                    member_ranges: Vec::new(),
                    item_ranges: Vec::new(),
                });
                self.out.exports.push(Export::Local { exported: "default".into(), local });
            }
            self.visit(value);
            return;
        }
        let mut cursor = node.walk();
        let children: Vec<Node<'a>> = node.named_children(&mut cursor).collect();
        let mut saw_clause = false;
        for child in children {
            match child.kind_name() {
                "export_clause" => {
                    saw_clause = true;
                    let mut c = child.walk();
                    for spec in child.named_children(&mut c) {
                        let Some(name) = spec.field("name") else { continue };
                        let name = string_value(self.src, name).unwrap_or_else(|| self.text(name).to_string());
                        let exported = spec
                            .field("alias")
                            .map(|a| string_value(self.src, a).unwrap_or_else(|| self.text(a).to_string()))
                            .unwrap_or_else(|| name.clone());
                        let export = match &source {
                            Some(source) => Export::From {
                                exported,
                                source: source.clone(),
                                imported: if name == "default" { Imported::Default } else { Imported::Named(name) },
                            },
                            None => Export::Local { exported, local: name },
                        };
                        self.out.exports.push(export);
                    }
                }
                "namespace_export" => {
                    saw_clause = true;
                    if let (Some(source), Some(id)) = (&source, child.named_child(0)) {
                        let exported = self.text(id).to_string();
                        self.out.exports.push(Export::From {
                            exported,
                            source: source.clone(),
                            imported: Imported::Namespace,
                        });
                    }
                }
                _ => {}
            }
        }
        if !saw_clause {
            if let Some(source) = source {
                self.out.exports.push(Export::Star { source });
            }
        }
    }

    // ----- declarations -----

    fn declarator(&mut self, node: Node<'a>, is_const: bool) {
        let Some(name) = node.field("name") else { return };
        let value = node.field("value");
        let top = self.at_top_level();
        if top {
            for n in pattern_names(self.src, name) {
                self.add_top_name(n);
            }
        }
        if let Some(value) = value {
            let value_inner = unwrap_expr(value);
            // `require(...)`: an import.
            if let Some((source, member)) = self.require_of(value_inner) {
                self.require_binding(name, &source, member.as_deref());
                self.visit(value);
                return;
            }
            // `new IpcListener()`, `new IpcMainManager()`.
            if value_inner.kind_name() == "new_expression" {
                if let Some(ctor) = value_inner.field("constructor") {
                    if top && name.kind_name() == "identifier" && ctor.kind_name() == "identifier" {
                        self.out.instances.push((self.text(name).to_string(), self.text(ctor).to_string()));
                    }
                    let ctor_recv = self.recv_of_name(self.text(ctor));
                    let inst = match ctor_recv {
                        Some(Recv::TypedListenerClass { main }) => Some(Recv::TypedListener { main }),
                        Some(Recv::TypedEmitterClass { main }) => Some(Recv::TypedEmitter { main }),
                        _ => None,
                    };
                    if let (Some(inst), "identifier") = (inst, name.kind_name()) {
                        self.bind_recv(self.text(name), inst);
                    }
                }
            }
            // An Electron object under another name, or methods taken off it.
            if let Some(recv) = self.receiver(value_inner) {
                match name.kind_name() {
                    "identifier" => self.bind_recv(self.text(name), recv),
                    "object_pattern" => {
                        if let Recv::Api(api) = recv {
                            self.destructure_methods(name, api);
                        }
                    }
                    _ => {}
                }
            }
            // A bridge under another name: `const api = window.electronAPI`, `const { f } = window.api`,
            // also behind a guard: `const ipc = isElectron() ? window.electron.ipc : null`.
            if let Some(path) = self.guarded_global_path(value_inner) {
                match name.kind_name() {
                    "identifier" => {
                        self.set_alias(self.text(name).to_string(), path);
                    }
                    "object_pattern" => {
                        let mut c = name.walk();
                        for field in name.named_children(&mut c) {
                            let (key, local) = match field.kind_name() {
                                "shorthand_property_identifier_pattern" => (self.text(field), self.text(field)),
                                "pair_pattern" => {
                                    let (Some(k), Some(v)) = (field.field("key"), field.field("value")) else {
                                        continue;
                                    };
                                    (self.text(k), self.text(v))
                                }
                                _ => continue,
                            };
                            let mut p = path.clone();
                            p.push(key.to_string());
                            // The destructuring names the member: it is the use.
                            let key_node =
                                if field.kind_name() == "pair_pattern" { field.field("key") } else { Some(field) };
                            if let Some(k) = key_node {
                                self.out.evidence.window_use = true;
                                self.out.bridge_uses.push(BridgeUse {
                                    root: BridgeRoot::Global,
                                    path: p.clone(),
                                    ranges: vec![Self::range(k); p.len()],
                                    args: None,
                                    arg_ranges: Vec::new(),
                                    spread: false,
                                    func: self.funcs.last().copied(),
                                    via_alias: false,
                                });
                            }
                            self.set_alias(local.to_string(), p);
                        }
                    }
                    _ => {}
                }
            }
        }
        match name.kind_name() {
            "identifier" => {
                let n = self.text(name).to_string();
                if let Some(value) = value {
                    let v = unwrap_expr(value);
                    if v.kind_name() == "object" {
                        self.set_object(n.clone(), v);
                    }
                    if top {
                        if is_const || !matches!(v.kind_name(), "call_expression" | "new_expression") {
                            self.top_const(&n, name, value);
                        }
                    } else if !self.bindings.contains_key(&n) && !matches!(self.lookup(&n), Some(Local::Recv(_))) {
                        let e = if is_const { self.eval(value, 0) } else { Expr::Unknown };
                        self.bind_local(&n, Local::Value(e));
                    }
                } else if !top {
                    self.bind_local(&n, Local::Opaque);
                }
            }
            "array_pattern" if !top => {
                // `const [channel, listener] = args` with `...args` a rest parameter.
                let base = value.map(|v| self.eval(v, 0));
                let mut c = name.walk();
                for (i, el) in name.named_children(&mut c).enumerate() {
                    if el.kind_name() != "identifier" {
                        continue;
                    }
                    let local = match &base {
                        Some(Expr::Param { func, index }) if self.is_rest(*func, *index) => {
                            Local::Value(Expr::Param { func: *func, index: index + i as u32 })
                        }
                        _ => Local::Opaque,
                    };
                    self.bind_local(self.text(el), local);
                }
            }
            _ => {
                if !top {
                    for n in pattern_names(self.src, name) {
                        self.bind_local(&n, Local::Opaque);
                    }
                }
            }
        }
        if let Some(value) = value {
            if name.kind_name() == "identifier" {
                let n = self.text(name).to_string();
                let inner = unwrap_expr(value);
                let pending = if inner.kind_name() == "object" {
                    FnName::Member { object: n, path: Vec::new() }
                } else {
                    FnName::Plain(n)
                };
                self.pending_names.insert(inner.id(), pending);
            }
            self.visit(value);
        }
    }

    /// An object literal: names its members' functions and nested objects by their path.
    fn object(&mut self, node: Node<'a>) {
        let (root, path) = match self.pending_names.remove(&node.id()) {
            Some(FnName::Member { object, path }) => (object, path),
            _ => (String::new(), Vec::new()),
        };
        let mut c = node.walk();
        let members: Vec<Node<'a>> = node.named_children(&mut c).collect();
        for m in members {
            let key = match m.kind_name() {
                "pair" => m.field("key"),
                "method_definition" => m.field("name"),
                _ => None,
            };
            if let Some(k) = key {
                let mut p = path.clone();
                p.push(property_name(self.text(k)).to_string());
                let target = if m.kind_name() == "pair" { m.field("value").map(unwrap_expr) } else { Some(m) };
                if let Some(t) = target {
                    self.pending_names.insert(t.id(), FnName::Member { object: root.clone(), path: p });
                }
            }
            self.visit(m);
        }
    }

    fn is_rest(&self, func: u32, index: u32) -> bool {
        self.out.functions.get(func as usize).is_some_and(|f| f.rest == Some(index))
    }

    fn bind_recv(&mut self, name: &str, recv: Recv) {
        if matches!(recv, Recv::Api(Api::IpcRenderer)) {
            self.out.evidence.ipc_renderer = true;
        }
        if self.at_top_level() {
            self.set_binding(name.to_string(), recv);
        } else {
            self.bind_local(name, Local::Recv(recv));
        }
    }

    /// `const { invoke, send: s } = ipcRenderer`.
    fn destructure_methods(&mut self, pattern: Node<'a>, api: Api) {
        let mut c = pattern.walk();
        for field in pattern.named_children(&mut c) {
            match field.kind_name() {
                "shorthand_property_identifier_pattern" => {
                    let n = self.text(field);
                    self.bind_recv(n, Recv::Method(api, n.to_string()));
                }
                "pair_pattern" => {
                    if let (Some(k), Some(v)) = (field.field("key"), field.field("value")) {
                        if v.kind_name() == "identifier" {
                            let method = property_name(self.text(k)).to_string();
                            self.bind_recv(self.text(v), Recv::Method(api, method));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// `require('m')` or `require('m').name` (also `window.require`): the module and member.
    fn require_of(&self, node: Node<'a>) -> Option<(String, Option<String>)> {
        deep(|| {
            match node.kind_name() {
                "call_expression" => {
                    let f = node.field("function")?;
                    let ft = self.text(f);
                    if ft != "require" && ft != "window.require" {
                        return None;
                    }
                    let args = node.field("arguments")?;
                    let first = args.named_child(0)?;
                    Some((string_value(self.src, first)?, None))
                }
                "member_expression" => {
                    // Only `require('m').name`: looking further down a long member chain at every
                    // level made `a.b.c…` quadratic in its length (hostile test `deep_nesting_does_not_overflow`).
                    let object = unwrap_expr(node.field("object")?);
                    if object.kind_name() != "call_expression" {
                        return None;
                    }
                    let (source, member) = self.require_of(object)?;
                    if member.is_some() {
                        return None;
                    }
                    let prop = node.field("property")?;
                    Some((source, Some(self.text(prop).to_string())))
                }
                _ => None,
            }
        })
    }

    fn require_binding(&mut self, pattern: Node<'a>, source: &str, member: Option<&str>) {
        match (pattern.kind_name(), member) {
            ("identifier", None) => self.add_import(self.text(pattern), source, Imported::Namespace),
            ("identifier", Some(m)) => self.add_import(self.text(pattern), source, Imported::Named(m.to_string())),
            ("object_pattern", None) => {
                let mut c = pattern.walk();
                for field in pattern.named_children(&mut c) {
                    match field.kind_name() {
                        "shorthand_property_identifier_pattern" => {
                            let n = self.text(field);
                            self.add_import(n, source, Imported::Named(n.to_string()));
                        }
                        "pair_pattern" => {
                            let (Some(k), Some(v)) = (field.field("key"), field.field("value")) else {
                                continue;
                            };
                            let key = property_name(self.text(k)).to_string();
                            match v.kind_name() {
                                "identifier" => self.add_import(self.text(v), source, Imported::Named(key)),
                                // `const { ipcRenderer: { invoke: ipcInvoke } } = require('electron')`
                                "object_pattern" => {
                                    if let Some(Recv::Api(api)) = module_recv(source, &Imported::Named(key)) {
                                        if api == Api::IpcRenderer {
                                            self.out.evidence.ipc_renderer = true;
                                        }
                                        self.destructure_methods(v, api);
                                    }
                                }
                                _ => {}
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }

    fn top_const(&mut self, name: &str, name_node: Node<'a>, value: Node<'a>) {
        let expr = self.eval(value, 0);
        if expr == Expr::Unknown {
            return;
        }
        let inner = unwrap_expr(value);
        let value_range = matches!(inner.kind_name(), "string" | "template_string").then(|| Self::range(inner));
        let member_ranges = if inner.kind_name() == "object" || is_freeze_call(self.src, inner) {
            self.member_ranges(inner, "", 0)
        } else {
            Vec::new()
        };
        let item_ranges = if inner.kind_name() == "array" {
            let mut c = inner.walk();
            inner
                .named_children(&mut c)
                .map(unwrap_expr)
                .filter(|n| matches!(n.kind_name(), "string" | "template_string"))
                .map(Self::range)
                .collect()
        } else {
            Vec::new()
        };
        self.out.consts.push(ConstDef {
            name: name.to_string(),
            value: expr,
            name_range: Self::range(name_node),
            value_range,
            member_ranges,
            item_ranges,
        });
    }

    /// String-valued members of an object literal, with dotted paths for nested objects (at most
    /// `MAX_EVAL_DEPTH` levels: deeper objects are not channel tables, and following them would
    /// overflow the stack; regression test `hostile::deep_nesting_does_not_overflow`).
    fn member_ranges(&self, node: Node<'a>, prefix: &str, depth: u32) -> Vec<(String, TextRange)> {
        if depth > MAX_EVAL_DEPTH {
            return Vec::new();
        }
        let node = if is_freeze_call(self.src, node) {
            match node.field("arguments").and_then(|a| a.named_child(0)) {
                Some(n) => unwrap_expr(n),
                None => return Vec::new(),
            }
        } else {
            node
        };
        let mut out = Vec::new();
        let mut c = node.walk();
        for pair in node.named_children(&mut c) {
            if pair.kind_name() != "pair" {
                continue;
            }
            let (Some(k), Some(v)) = (pair.field("key"), pair.field("value")) else {
                continue;
            };
            let key = format!("{prefix}{}", property_name(self.text(k)));
            let v = unwrap_expr(v);
            match v.kind_name() {
                "string" | "template_string" => out.push((key, Self::range(v))),
                "object" => out.extend(self.member_ranges(v, &format!("{key}."), depth + 1)),
                _ => {}
            }
        }
        out
    }

    fn enum_declaration(&mut self, node: Node<'a>) {
        let (Some(name), Some(body)) = (node.field("name"), node.field("body")) else {
            return;
        };
        let mut members = Vec::new();
        let mut member_ranges = Vec::new();
        let mut c = body.walk();
        for m in body.named_children(&mut c) {
            match m.kind_name() {
                "enum_assignment" => {
                    let (Some(k), Some(v)) = (m.field("name"), m.field("value")) else {
                        continue;
                    };
                    let key = property_name(self.text(k)).to_string();
                    if matches!(v.kind_name(), "string" | "template_string") {
                        member_ranges.push((key.clone(), Self::range(v)));
                    }
                    members.push((key, self.eval(v, 0)));
                }
                "property_identifier" => members.push((self.text(m).to_string(), Expr::Unknown)),
                _ => {}
            }
        }
        let n = self.text(name).to_string();
        if self.at_top_level() {
            self.add_top_name(n.clone());
        }
        self.out.consts.push(ConstDef {
            name: n,
            value: Expr::Object(members),
            name_range: Self::range(name),
            value_range: None,
            member_ranges,
            item_ranges: Vec::new(),
        });
    }

    /// `module.exports = {...}`, `exports.X = ...`, `module.exports.X = ...`.
    fn assignment(&mut self, node: Node<'a>) {
        let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
            return;
        };
        if self.at_top_level() || self.funcs.is_empty() {
            let lt = self.text(left);
            if lt == "module.exports" {
                let right_inner = unwrap_expr(right);
                if right_inner.kind_name() == "object" {
                    let mut c = right_inner.walk();
                    let pairs: Vec<Node<'a>> = right_inner.named_children(&mut c).collect();
                    for p in pairs {
                        match p.kind_name() {
                            "shorthand_property_identifier" => {
                                let n = self.text(p).to_string();
                                self.out.exports.push(Export::Local { exported: n.clone(), local: n });
                            }
                            "pair" => {
                                let (Some(k), Some(v)) = (p.field("key"), p.field("value")) else {
                                    continue;
                                };
                                let key = property_name(self.text(k)).to_string();
                                if v.kind_name() == "identifier" {
                                    let local = self.text(v).to_string();
                                    self.out.exports.push(Export::Local { exported: key, local });
                                } else {
                                    let local = format!("exports.{key}");
                                    self.top_const(&local, k, v);
                                    self.out.exports.push(Export::Local { exported: key, local });
                                }
                            }
                            _ => {}
                        }
                    }
                } else if right_inner.kind_name() == "identifier" {
                    let local = self.text(right_inner).to_string();
                    self.out.exports.push(Export::Local { exported: "default".into(), local });
                }
            } else if let Some(key) = lt.strip_prefix("module.exports.").or_else(|| lt.strip_prefix("exports.")) {
                if !key.contains('.') {
                    let local = format!("exports.{key}");
                    self.top_const(&local, left, right);
                    self.out.exports.push(Export::Local { exported: key.to_string(), local });
                }
            }
        }
        let lt = self.text(left);
        let name = if let Some(k) = lt.strip_prefix("module.exports.").or_else(|| lt.strip_prefix("exports.")) {
            Some(FnName::Plain(k.to_string()))
        } else if let Some((class, m)) = lt.split_once(".prototype.") {
            Some(FnName::Method { class: class.to_string(), name: m.to_string() })
        } else if left.kind_name() == "identifier" {
            Some(FnName::Plain(lt.to_string()))
        } else {
            None
        };
        if let Some(name) = name {
            self.pending_names.insert(unwrap_expr(right).id(), name);
        }
        self.visit(right);
        if left.kind_name() != "identifier" {
            self.visit(left);
        }
    }

    fn interface(&mut self, node: Node<'a>) {
        let (Some(name), Some(body)) = (node.field("name"), node.field("body")) else {
            return;
        };
        let name = self.text(name).to_string();
        let members = self.type_members(body);
        if name == "Window" {
            for (m, range, _) in &members {
                self.out.window_decls.push(WindowDecl { path: vec![m.clone()], name_range: *range });
            }
        }
        self.out.type_decls.push(TypeDecl { name, members });
        self.inline_window_members(body);
    }

    fn type_alias(&mut self, node: Node<'a>) {
        let (Some(name), Some(value)) = (node.field("name"), node.field("value")) else {
            return;
        };
        if value.kind_name() == "object_type" {
            let members = self.type_members(value);
            self.out.type_decls.push(TypeDecl { name: self.text(name).to_string(), members });
        }
    }

    /// `(name, name range, named type)` of each property of an interface body or object type.
    fn type_members(&self, body: Node<'a>) -> Vec<(String, TextRange, Option<String>)> {
        let mut out = Vec::new();
        let mut c = body.walk();
        for m in body.named_children(&mut c) {
            if !matches!(m.kind_name(), "property_signature" | "method_signature") {
                continue;
            }
            let Some(n) = m.field("name") else { continue };
            let ty = m
                .field("type")
                .and_then(|t| t.named_child(0))
                .filter(|t| t.kind_name() == "type_identifier")
                .map(|t| self.text(t).to_string());
            out.push((property_name(self.text(n)).to_string(), Self::range(n), ty));
        }
        out
    }

    /// Members of inline type literals under `interface Window { key: { member(): ... } }`.
    fn inline_window_members(&mut self, body: Node<'a>) {
        let mut c = body.walk();
        let props: Vec<Node<'a>> = body.named_children(&mut c).collect();
        for p in props {
            if p.kind_name() != "property_signature" {
                continue;
            }
            let (Some(n), Some(t)) = (p.field("name"), p.field("type")) else {
                continue;
            };
            let Some(obj) = t.named_child(0).filter(|t| t.kind_name() == "object_type") else {
                continue;
            };
            let key = property_name(self.text(n)).to_string();
            let is_window = body.parent().and_then(|i| i.field("name")).is_some_and(|n| self.text(n) == "Window");
            if !is_window {
                continue;
            }
            for (m, range, _) in self.type_members(obj) {
                self.out.window_decls.push(WindowDecl { path: vec![key.clone(), m], name_range: range });
            }
        }
    }

    // ----- functions -----

    fn function(&mut self, node: Node<'a>) {
        let name = self.function_name(node);
        let name_range = node
            .field("name")
            .map(Self::range)
            .unwrap_or_else(|| TextRange::new(node.start_byte() as u32, node.start_byte() as u32));
        if self.at_top_level() {
            if let FnName::Plain(n) = &name {
                if node.kind_name().ends_with("declaration") {
                    self.add_top_name(n.clone());
                }
            }
        }
        let index = self.out.functions.len() as u32;
        let mut params = Vec::new();
        let mut rest = None;
        let mut locals: Vec<(String, Local)> = Vec::new();
        let event_callback = self.event_callbacks.get(&node.id()).cloned();
        let each = self.each_callbacks.get(&node.id()).cloned();
        if let Some(p) = node.field("parameter") {
            params.push(self.text(p).to_string());
        }
        if let Some(ps) = node.field("parameters") {
            let mut c = ps.walk();
            for p in ps.named_children(&mut c) {
                if !matches!(p.kind_name(), "required_parameter" | "optional_parameter" | "identifier" | "rest_pattern")
                {
                    continue;
                }
                let pat = p.field("pattern").or_else(|| p.field("name")).unwrap_or(p);
                let (pat, is_rest) = if pat.kind_name() == "rest_pattern" {
                    (pat.named_child(0).unwrap_or(pat), true)
                } else {
                    (pat, false)
                };
                if is_rest {
                    rest = Some(params.len() as u32);
                }
                let ty = p.field("type").map(|t| self.text(t)).unwrap_or("");
                let i = params.len() as u32;
                if pat.kind_name() == "identifier" {
                    let pname = self.text(pat).to_string();
                    let local = if let Some(api) = typed_recv(ty) {
                        Local::Recv(Recv::Api(api))
                    } else if pname == "ipcRenderer" || pname == "ipcMain" {
                        // Passed in (`createBridge(ipcRenderer: IpcRendererLike)`): the name is telling.
                        let api = if pname == "ipcMain" { Api::IpcMain } else { Api::IpcRenderer };
                        Local::Recv(Recv::Api(api))
                    } else if let (0, Some(event)) = (i, &event_callback) {
                        Local::Recv(event.clone())
                    } else if i == 0 && each.is_some() {
                        Local::Value(each.clone().unwrap_or(Expr::Unknown))
                    } else {
                        Local::Value(Expr::Param { func: index, index: i })
                    };
                    locals.push((pname.clone(), local));
                    params.push(pname);
                } else if pat.kind_name() == "array_pattern" && i == 0 {
                    // `Object.entries(t).forEach(([channel, fn]) => ...)`.
                    let mut c2 = pat.walk();
                    for (j, el) in pat.named_children(&mut c2).enumerate() {
                        if el.kind_name() == "identifier" {
                            let local = match (&each, j) {
                                (Some(Expr::Each(inner)), 0) if matches!(**inner, Expr::Keys(_)) => {
                                    Local::Value((**inner).clone())
                                }
                                _ => Local::Opaque,
                            };
                            locals.push((self.text(el).to_string(), local));
                        }
                    }
                    params.push(String::new());
                } else {
                    for n in pattern_names(self.src, pat) {
                        locals.push((n, Local::Opaque));
                    }
                    params.push(String::new());
                }
            }
        }
        self.out.functions.push(FunctionDef {
            name,
            params,
            rest,
            name_range,
            range: Self::range(node),
            parent: self.funcs.last().copied(),
        });
        self.scopes.push(locals);
        self.funcs.push(index);
        if let Some(body) = node.field("body") {
            if body.kind_name() == "statement_block" {
                self.visit_children(body);
            } else {
                self.visit(body);
            }
        }
        self.funcs.pop();
        self.scopes.pop();
    }

    /// How a function is named: by its own name, or by what its parent said when visiting it.
    fn function_name(&mut self, node: Node<'a>) -> FnName {
        if matches!(node.kind_name(), "function_declaration" | "generator_function_declaration") {
            if let Some(n) = node.field("name") {
                return FnName::Plain(self.text(n).to_string());
            }
        }
        if let Some(name) = self.pending_names.remove(&node.id()) {
            return name;
        }
        if node.kind_name() == "method_definition" {
            if let (Some(n), Some(class)) = (node.field("name"), self.classes.last()) {
                return FnName::Method { class: class.clone(), name: property_name(self.text(n)).to_string() };
            }
        }
        FnName::Anonymous
    }

    fn if_statement(&mut self, node: Node<'a>) {
        let id = node.start_byte() as u32;
        if let Some(c) = node.field("condition") {
            self.visit(c);
        }
        for (branch, field) in [(0u8, "consequence"), (1, "alternative")] {
            if let Some(b) = node.field(field) {
                self.branches.push((id, branch));
                self.visit(b);
                self.branches.pop();
            }
        }
    }

    fn for_in(&mut self, node: Node<'a>) {
        let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
            self.visit_children(node);
            return;
        };
        let is_in = node.field("operator").is_some_and(|o| self.text(o) == "in");
        let source = self.eval(right, 0);
        let mut locals = Vec::new();
        match left.kind_name() {
            "identifier" if !is_in && self.holds_webcontents(unwrap_expr(right)) => {
                locals.push((self.text(left).to_string(), Local::Recv(Recv::Api(Api::WebContents))));
            }
            "identifier" => {
                let v = if is_in { Expr::Each(Box::new(Expr::Keys(Box::new(source)))) } else { each_of(source) };
                locals.push((self.text(left).to_string(), Local::Value(v)));
            }
            "array_pattern" => {
                // `for (const [channel, fn] of Object.entries(t))`
                let mut c = left.walk();
                for (j, el) in left.named_children(&mut c).enumerate() {
                    if el.kind_name() != "identifier" {
                        continue;
                    }
                    let local = match (&source, j) {
                        (Expr::Keys(inner), 0) => Local::Value(Expr::Each(Box::new(Expr::Keys(inner.clone())))),
                        _ => Local::Opaque,
                    };
                    locals.push((self.text(el).to_string(), local));
                }
            }
            _ => {
                for n in pattern_names(self.src, left) {
                    locals.push((n, Local::Opaque));
                }
            }
        }
        self.visit(right);
        self.scopes.push(locals);
        if let Some(body) = node.field("body") {
            self.visit(body);
        }
        self.scopes.pop();
    }

    // ----- calls -----

    fn call(&mut self, node: Node<'a>) {
        let Some(callee) = node.field("function") else {
            self.visit_children(node);
            return;
        };
        let callee = unwrap_expr(callee);
        let args_node = node.field("arguments");
        let args: Vec<Node<'a>> = match args_node {
            Some(a) if a.kind_name() == "arguments" => {
                let mut c = a.walk();
                a.named_children(&mut c).filter(|n| n.kind_name() != "comment").collect()
            }
            _ => Vec::new(),
        };
        // `session.registerPreloadScript({ filePath })`, `session.setPreloads([...])`: preload evidence.
        if callee.kind_name() == "member_expression" {
            let method = callee.field("property").map(|p| self.text(p));
            if matches!(method, Some("registerPreloadScript" | "setPreloads")) {
                for a in &args {
                    self.collect_preload_refs(*a);
                }
            }
        }
        let handled = self.ipc_call(node, callee, &args) || self.table_call(callee, &args);
        if !handled {
            self.bridge_or_plain_call(node, callee, &args);
        }
        self.visit(callee);
        if let Some(a) = args_node {
            self.visit(a);
        }
    }

    /// An Electron IPC call: records a site or a bridge; returns whether it was one.
    fn ipc_call(&mut self, call: Node<'a>, callee: Node<'a>, args: &[Node<'a>]) -> bool {
        let (recv, method) = match callee.kind_name() {
            "member_expression" => {
                let (Some(object), Some(prop)) = (callee.field("object"), callee.field("property")) else {
                    return false;
                };
                if self.global_path(unwrap_expr(object)).is_some() {
                    return false;
                }
                let Some(recv) = self.receiver(unwrap_expr(object)) else {
                    return false;
                };
                (recv, self.text(prop).to_string())
            }
            "identifier" => match self.recv_of_name(self.text(callee)) {
                Some(Recv::Method(api, m)) => (Recv::Api(api), m),
                _ => return false,
            },
            _ => return false,
        };
        if recv == Recv::ContextBridge {
            return self.expose(call, &method, args);
        }
        self.callee_range = Self::range(callee);
        let Some(spec) = method_spec(&recv, &method, args.len()) else {
            return false;
        };
        let Some(channel_node) = args.get(spec.channel_arg) else {
            return true;
        };
        let spread = args.iter().any(|a| a.kind_name() == "spread_element");
        if channel_node.kind_name() == "spread_element" {
            // `ipcRenderer.send(...args)`: a pass-through whose channel is the rest parameter.
            let channel = self.eval(*channel_node, 0);
            self.push_site(spec, &method, channel, Self::range(*channel_node), None, None);
            return true;
        }
        let channel = self.eval(*channel_node, 0);
        let arg_count = (!spread).then(|| (args.len() - spec.channel_arg - 1) as u32);
        let listener = args.get(spec.channel_arg + 1).map(|n| unwrap_expr(*n));
        let mut listener_params = None;
        if spec.kind.is_receiver() || spec.kind == Kind::Remove {
            if let Some(l) = listener {
                if is_function(l) {
                    match spec.api {
                        Api::IpcMain | Api::ScopedIpc => {
                            self.event_callbacks.insert(l.id(), Recv::Api(Api::Event));
                        }
                        Api::IpcRenderer => {
                            self.event_callbacks.insert(l.id(), Recv::RendererEvent);
                        }
                        _ => {}
                    }
                    listener_params =
                        function_param_count(l).map(|(req, all)| (req.saturating_sub(1), all.saturating_sub(1)));
                }
            }
        }
        self.push_site(spec, &method, channel, Self::range(*channel_node), arg_count, listener_params);
        true
    }

    fn push_site(
        &mut self,
        spec: MethodSpec,
        method: &str,
        channel: Expr,
        range: TextRange,
        arg_count: Option<u32>,
        listener_params: Option<(u32, u32)>,
    ) {
        self.out.sites.push(RawSite {
            kind: spec.kind,
            api: spec.api,
            method: method.to_string(),
            channel,
            range,
            arg_count,
            listener_params,
            func: self.funcs.last().copied(),
            once: spec.once,
            branches: self.branches.clone(),
            callee_range: self.callee_range,
        });
    }

    /// `contextBridge.exposeInMainWorld(key, api)` / `exposeInIsolatedWorld(id, key, api)`.
    fn expose(&mut self, call: Node<'a>, method: &str, args: &[Node<'a>]) -> bool {
        let key_arg = match method {
            "exposeInMainWorld" => 0,
            "exposeInIsolatedWorld" => 1,
            _ => return false,
        };
        self.out.evidence.context_bridge = true;
        let (Some(key), Some(api)) = (args.get(key_arg), args.get(key_arg + 1)) else {
            return true;
        };
        let api = unwrap_expr(*api);
        let mut members = Vec::new();
        let mut toolkit = false;
        match api.kind_name() {
            "object" => self.bridge_members(api, &[], &mut members, &mut toolkit),
            "identifier" => {
                let n = self.text(api);
                if self.recv_of_name(n) == Some(Recv::ToolkitApi) {
                    toolkit = true;
                } else if let Some(obj) = self.objects.get(n).copied() {
                    self.bridge_members(obj, &[], &mut members, &mut toolkit);
                }
            }
            _ => {}
        }
        self.out.bridges.push(BridgeDef {
            key: self.eval(*key, 0),
            key_range: Self::range(*key),
            members,
            toolkit,
            range: Self::range(call),
        });
        true
    }

    fn bridge_members(&self, obj: Node<'a>, prefix: &[String], out: &mut Vec<BridgeMember>, toolkit: &mut bool) {
        deep(|| {
            let mut c = obj.walk();
            for m in obj.named_children(&mut c) {
                match m.kind_name() {
                    "pair" => {
                        let (Some(k), Some(v)) = (m.field("key"), m.field("value")) else {
                            continue;
                        };
                        let mut path = prefix.to_vec();
                        path.push(property_name(self.text(k)).to_string());
                        let v = unwrap_expr(v);
                        out.push(BridgeMember {
                            path: path.clone(),
                            name_range: Self::range(k),
                            value_range: Self::range(v),
                            func: None,
                            import: None,
                        });
                        if v.kind_name() == "object" {
                            self.bridge_members(v, &path, out, toolkit);
                        }
                    }
                    "method_definition" => {
                        let Some(k) = m.field("name") else { continue };
                        let mut path = prefix.to_vec();
                        path.push(property_name(self.text(k)).to_string());
                        out.push(BridgeMember {
                            path,
                            name_range: Self::range(k),
                            value_range: Self::range(m),
                            func: None,
                            import: None,
                        });
                    }
                    "shorthand_property_identifier" => {
                        let n = self.text(m);
                        let mut path = prefix.to_vec();
                        path.push(n.to_string());
                        // The function is declared elsewhere in the file: use its range.
                        self.read_functions.set(true);
                        let value_range = self
                            .out
                            .functions
                            .iter()
                            .rev()
                            .find(|f| f.name == FnName::Plain(n.to_string()))
                            .map_or(Self::range(m), |f| f.range);
                        if let Some(Recv::ToolkitApi) = self.recv_of_name(n) {
                            *toolkit = true;
                        }
                        let import = self.out.imports.iter().any(|i| i.local == n).then(|| n.to_string());
                        out.push(BridgeMember {
                            path: path.clone(),
                            name_range: Self::range(m),
                            value_range,
                            func: None,
                            import,
                        });
                        // A local object: its members are members below this one.
                        if let Some(obj) = self.objects.get(n).copied() {
                            if prefix.len() < 8 {
                                self.bridge_members(obj, &path, out, toolkit);
                            }
                        }
                    }
                    "spread_element" => {
                        if let Some(inner) = m.named_child(0) {
                            if self.recv_of_name(self.text(inner)) == Some(Recv::ToolkitApi) {
                                *toolkit = true;
                            }
                        }
                    }
                    _ => {}
                }
            }
        })
    }

    /// `TABLE.forEach(ch => ...)`, `Object.keys(t).forEach(...)`: binds the callback's parameter.
    fn table_call(&mut self, callee: Node<'a>, args: &[Node<'a>]) -> bool {
        if callee.kind_name() != "member_expression" {
            return false;
        }
        let Some(prop) = callee.field("property") else {
            return false;
        };
        if !matches!(self.text(prop), "forEach" | "map" | "flatMap") {
            return false;
        }
        let (Some(object), Some(cb)) = (callee.field("object"), args.first()) else {
            return false;
        };
        let cb = unwrap_expr(*cb);
        if !is_function(cb) {
            return false;
        }
        if self.holds_webcontents(unwrap_expr(object)) {
            self.event_callbacks.insert(cb.id(), Recv::Api(Api::WebContents));
            return true;
        }
        let source = self.eval(object, 0);
        if source == Expr::Unknown {
            return false;
        }
        self.each_callbacks.insert(cb.id(), each_of(source));
        true
    }

    /// A collection of `WebContents`: `webContents.getAllWebContents()`, a field typed `Set<WebContents>`.
    fn holds_webcontents(&self, node: Node<'a>) -> bool {
        let text = self.text(node);
        if text.ends_with("getAllWebContents()") {
            return true;
        }
        let name = match node.kind_name() {
            "member_expression" => node.field("property").map(|p| self.text(p)),
            "identifier" => Some(text),
            _ => None,
        };
        name.is_some_and(|n| self.webcontents_fields.contains(n))
    }

    fn bridge_or_plain_call(&mut self, node: Node<'a>, callee: Node<'a>, args: &[Node<'a>]) {
        let spread = args.iter().any(|a| a.kind_name() == "spread_element");
        let arg_exprs: Vec<Expr> = args.iter().map(|a| self.eval(*a, 0)).collect();
        let arg_ranges: Vec<TextRange> = args.iter().map(|a| Self::range(*a)).collect();
        // A bridge use: `window.api.openFile(...)`, or through an alias.
        if let Some((root, path, ranges, via_alias)) = self.bridge_chain(callee) {
            self.out.evidence.window_use |= root == BridgeRoot::Global;
            self.out.bridge_uses.push(BridgeUse {
                root,
                path,
                ranges,
                args: Some(arg_exprs),
                arg_ranges,
                spread,
                func: self.funcs.last().copied(),
                via_alias,
            });
            return;
        }
        if args.is_empty() {
            // `ipc.dialog.openFile()` on an imported object is kept: generated clients are called so.
            let imported_root = callee.kind_name() == "member_expression"
                && self
                    .name_path(callee)
                    .is_some_and(|p| p.len() >= 3 && self.out.imports.iter().any(|i| i.local == p[0]));
            if !imported_root {
                return;
            }
        }
        let (callee_ref, name_range) = match callee.kind_name() {
            "identifier" => (Callee::Ident(self.text(callee).to_string()), Self::range(callee)),
            "member_expression" => {
                let (Some(object), Some(prop)) = (callee.field("object"), callee.field("property")) else {
                    return;
                };
                let Some(path) = self.name_path(object) else { return };
                (Callee::Member { object: path, method: self.text(prop).to_string() }, Self::range(prop))
            }
            _ => return,
        };
        let arg_apis = args
            .iter()
            .enumerate()
            .filter_map(|(i, a)| match self.receiver(unwrap_expr(*a)) {
                Some(Recv::Api(api)) => Some((i as u32, api)),
                _ => None,
            })
            .collect();
        // `emitter.on(signal, fn)` with `emitter` a parameter: a site where an Electron object is passed.
        if let Callee::Member { object, method } = &callee_ref {
            if let ([name], Some(Local::Value(Expr::Param { func, index }))) =
                (object.as_slice(), self.lookup(&object[0]))
            {
                let _ = name;
                let probe = [Recv::Api(Api::IpcMain), Recv::Api(Api::IpcRenderer), Recv::Api(Api::WebContents)];
                if probe.iter().any(|r| method_spec(r, method, args.len()).is_some()) {
                    if let Some(channel) = arg_exprs.first() {
                        self.out.param_calls.push(ParamCall {
                            func: *func,
                            receiver: *index,
                            method: method.clone(),
                            channel: channel.clone(),
                            arg_count: args.len(),
                        });
                    }
                }
            }
        }
        let object_members = args.first().map(|a| self.object_members(unwrap_expr(*a))).unwrap_or_default();
        self.out.calls.push(Call {
            callee: callee_ref,
            args: arg_exprs,
            arg_ranges,
            spread,
            range: Self::range(node),
            name_range,
            func: self.funcs.last().copied(),
            arg_apis,
            object_members,
        });
    }

    /// The member names of an object literal, or of the top-level object a name refers to.
    fn object_members(&self, node: Node<'a>) -> Vec<(String, TextRange)> {
        let obj = match node.kind_name() {
            "object" => node,
            "identifier" => match self.objects.get(self.text(node)) {
                Some(obj) => *obj,
                None => return Vec::new(),
            },
            _ => return Vec::new(),
        };
        let mut out = Vec::new();
        let mut c = obj.walk();
        for m in obj.named_children(&mut c) {
            let key = match m.kind_name() {
                "pair" => m.child_by_field_name("key"),
                "method_definition" => m.child_by_field_name("name"),
                "shorthand_property_identifier" => Some(m),
                _ => None,
            };
            if let Some(k) = key {
                out.push((property_name(self.text(k)).to_string(), Self::range(k)));
            }
        }
        out
    }

    /// `a.b.c` as names, `this` included; `None` for anything else.
    fn name_path(&self, node: Node<'a>) -> Option<Vec<String>> {
        deep(|| {
            let node = unwrap_expr(node);
            match node.kind_name() {
                "identifier" | "this" => Some(vec![self.text(node).to_string()]),
                "member_expression" => {
                    let mut p = self.name_path(node.field("object")?)?;
                    p.push(self.text(node.field("property")?).to_string());
                    Some(p)
                }
                _ => None,
            }
        })
    }

    /// A member chain that starts at `window`/`globalThis`/`self`, a bridge alias, or a free name.
    fn bridge_chain(&self, callee: Node<'a>) -> Option<(BridgeRoot, Vec<String>, Vec<TextRange>, bool)> {
        let mut names = Vec::new();
        let mut cur = unwrap_expr(callee);
        loop {
            match cur.kind_name() {
                "member_expression" => {
                    let prop = cur.field("property")?;
                    names.push((self.text(prop).to_string(), Self::range(prop)));
                    cur = unwrap_expr(cur.field("object")?);
                }
                "subscript_expression" => {
                    let index = cur.field("index")?;
                    let key = string_value(self.src, index)?;
                    names.push((key, Self::range(index)));
                    cur = unwrap_expr(cur.field("object")?);
                }
                "identifier" => break,
                _ => return None,
            }
        }
        names.reverse();
        let root = self.text(cur);
        let root_range = Self::range(cur);
        if matches!(root, "window" | "globalThis" | "self") && self.lookup(root).is_none() {
            if names.len() < 2 {
                return None;
            }
            let (path, ranges) = names.into_iter().unzip();
            return Some((BridgeRoot::Global, path, ranges, false));
        }
        if let Some(alias) = self.aliases.get(root) {
            let via_alias = names.is_empty();
            let mut path = alias.clone();
            let mut ranges = vec![root_range; alias.len()];
            for (n, r) in names {
                path.push(n);
                ranges.push(r);
            }
            return Some((BridgeRoot::Global, path, ranges, via_alias));
        }
        if names.is_empty()
            || self.lookup(root).is_some()
            || self.bindings.contains_key(root)
            || self.top_names.contains(root)
            || WELL_KNOWN_GLOBALS.contains(&root)
        {
            return None;
        }
        let mut path = vec![root.to_string()];
        let mut ranges = vec![root_range];
        for (n, r) in names {
            path.push(n);
            ranges.push(r);
        }
        Some((BridgeRoot::Free, path, ranges, false))
    }

    /// `window.a.b` (or through an alias) as the path `[a, b]`.
    fn global_path(&self, node: Node<'a>) -> Option<Vec<String>> {
        let mut names = Vec::new();
        let mut cur = node;
        while cur.kind_name() == "member_expression" {
            names.push(self.text(cur.field("property")?).to_string());
            cur = unwrap_expr(cur.field("object")?);
        }
        if cur.kind_name() != "identifier" {
            return None;
        }
        names.reverse();
        let root = self.text(cur);
        if matches!(root, "window" | "globalThis" | "self") && !names.is_empty() && self.lookup(root).is_none() {
            return Some(names);
        }
        let alias = self.aliases.get(root)?;
        let mut path = alias.clone();
        path.extend(names);
        Some(path)
    }

    /// [`Self::global_path`] of either side of `c ? a : b`, `a || b`, `a && b`, `a ?? b`.
    fn guarded_global_path(&self, node: Node<'a>) -> Option<Vec<String>> {
        deep(|| match node.kind_name() {
            "ternary_expression" => ["consequence", "alternative"]
                .iter()
                .filter_map(|f| node.field(f))
                .find_map(|n| self.guarded_global_path(unwrap_expr(n))),
            "binary_expression" => {
                let op = node.field("operator").map(|o| self.text(o))?;
                if !matches!(op, "||" | "&&" | "??") {
                    return None;
                }
                ["right", "left"]
                    .iter()
                    .filter_map(|f| node.field(f))
                    .find_map(|n| self.guarded_global_path(unwrap_expr(n)))
            }
            _ => self.global_path(node),
        })
    }

    /// What Electron object an expression denotes, if any.
    fn receiver(&self, node: Node<'a>) -> Option<Recv> {
        deep(|| {
            let node = unwrap_expr(node);
            match node.kind_name() {
                "identifier" => self.recv_of_name(self.text(node)),
                "this" => None,
                "member_expression" => {
                    let object = unwrap_expr(node.field("object")?);
                    let prop = self.text(node.field("property")?);
                    let object_recv = self.receiver(object);
                    if let Some((source, None)) = self.require_of(object) {
                        return module_recv(&source, &Imported::Named(prop.to_string()));
                    }
                    if object_recv == Some(Recv::Electron) {
                        return module_recv("electron", &Imported::Named(prop.to_string()));
                    }
                    match prop {
                        "ipcMain" if self.global_path(object).is_none() => Some(Recv::Api(Api::IpcMain)),
                        "ipcRenderer" if self.global_path(object).is_none() && object.kind_name() != "identifier" => {
                            Some(Recv::Api(Api::IpcRenderer))
                        }
                        "webContents" | "hostWebContents" => Some(Recv::Api(Api::WebContents)),
                        "sender" if object_recv == Some(Recv::RendererEvent) => Some(Recv::Api(Api::IpcRenderer)),
                        "sender"
                            if matches!(object_recv, Some(Recv::Api(Api::Event)))
                                || is_event_name(self.text(object)) =>
                        {
                            Some(Recv::Api(Api::WebContents))
                        }
                        "mainFrame" | "senderFrame" => Some(Recv::Api(Api::WebFrameMain)),
                        "ipc" if matches!(object_recv, Some(Recv::Api(Api::WebContents | Api::WebFrameMain))) => {
                            Some(Recv::Api(Api::ScopedIpc))
                        }
                        _ => None,
                    }
                }
                "call_expression" => {
                    let f = unwrap_expr(node.field("function")?);
                    if f.kind_name() != "member_expression" {
                        return None;
                    }
                    let obj = self.text(f.field("object")?);
                    let m = self.text(f.field("property")?);
                    match (obj, m) {
                        ("webContents", "fromId" | "fromFrame" | "fromDevToolsTargetId" | "getFocusedWebContents") => {
                            Some(Recv::Api(Api::WebContents))
                        }
                        ("webFrameMain", "fromId" | "fromFrameToken") => Some(Recv::Api(Api::WebFrameMain)),
                        _ => None,
                    }
                }
                _ => None,
            }
        })
    }

    /// String fragments of a `preload:` value (`path.join(__dirname, 'preload.js')`).
    fn collect_preload_refs(&mut self, node: Node<'a>) {
        deep(|| {
            if matches!(node.kind_name(), "string" | "template_string") {
                if let Some(s) = string_value(self.src, node).or_else(|| template_tail(self.src, node)) {
                    if !s.is_empty() {
                        self.out.preload_refs.push(s);
                    }
                }
                return;
            }
            let mut c = node.walk();
            let children: Vec<Node<'a>> = node.named_children(&mut c).collect();
            for child in children {
                self.collect_preload_refs(child);
            }
        })
    }

    // ----- expressions -----

    fn eval(&self, node: Node<'a>, depth: u32) -> Expr {
        deep(|| {
            if depth > MAX_EVAL_DEPTH {
                return Expr::Unknown;
            }
            let node = unwrap_expr(node);
            match node.kind_name() {
                "string" => string_value(self.src, node).map_or(Expr::Unknown, Expr::Str),
                "number" => Expr::Str(self.text(node).to_string()),
                "template_string" => {
                    let mut parts = Vec::new();
                    let mut lit = String::new();
                    let mut c = node.walk();
                    for part in node.named_children(&mut c) {
                        match part.kind_name() {
                            "string_fragment" => lit.push_str(self.text(part)),
                            "escape_sequence" => lit.push_str(&unescape(self.text(part))),
                            "template_substitution" => {
                                if !lit.is_empty() {
                                    parts.push(Expr::Str(std::mem::take(&mut lit)));
                                }
                                let inner = part.named_child(0).map_or(Expr::Unknown, |e| self.eval(e, depth + 1));
                                parts.push(inner);
                            }
                            _ => {}
                        }
                    }
                    if parts.is_empty() {
                        return Expr::Str(lit);
                    }
                    if !lit.is_empty() {
                        parts.push(Expr::Str(lit));
                    }
                    Expr::Concat(parts)
                }
                "identifier" => {
                    let name = self.text(node);
                    match self.lookup(name) {
                        Some(Local::Value(e)) => e.clone(),
                        Some(_) => Expr::Unknown,
                        None if name == "undefined" => Expr::Unknown,
                        None => Expr::Ident(name.to_string()),
                    }
                }
                "member_expression" => {
                    let (Some(object), Some(prop)) = (node.field("object"), node.field("property")) else {
                        return Expr::Unknown;
                    };
                    let base = self.eval(object, depth + 1);
                    if base == Expr::Unknown && object.kind_name() != "this" {
                        return Expr::Unknown;
                    }
                    let base = if object.kind_name() == "this" { Expr::Ident("this".into()) } else { base };
                    member(base, self.text(prop))
                }
                "subscript_expression" => {
                    let (Some(object), Some(index)) = (node.field("object"), node.field("index")) else {
                        return Expr::Unknown;
                    };
                    let key = match self.eval(index, depth + 1) {
                        Expr::Str(s) => s,
                        _ => return Expr::Unknown,
                    };
                    let base = self.eval(object, depth + 1);
                    if base == Expr::Unknown {
                        return Expr::Unknown;
                    }
                    member(base, &key)
                }
                "binary_expression" => {
                    let op = node.field("operator").map(|o| self.text(o));
                    if op != Some("+") {
                        return Expr::Unknown;
                    }
                    let (Some(l), Some(r)) = (node.field("left"), node.field("right")) else {
                        return Expr::Unknown;
                    };
                    let mut parts = Vec::new();
                    for side in [self.eval(l, depth + 1), self.eval(r, depth + 1)] {
                        match side {
                            Expr::Concat(p) => parts.extend(p),
                            other => parts.push(other),
                        }
                    }
                    Expr::Concat(parts)
                }
                "object" => {
                    let mut members = Vec::new();
                    let mut c = node.walk();
                    for m in node.named_children(&mut c) {
                        match m.kind_name() {
                            "pair" => {
                                let (Some(k), Some(v)) = (m.field("key"), m.field("value")) else {
                                    continue;
                                };
                                let key = match k.kind_name() {
                                    "computed_property_name" => match k.named_child(0).map(|e| self.eval(e, depth + 1))
                                    {
                                        Some(Expr::Str(s)) => s,
                                        _ => continue,
                                    },
                                    _ => property_name(self.text(k)).to_string(),
                                };
                                let v =
                                    if is_function(unwrap_expr(v)) { Expr::Unknown } else { self.eval(v, depth + 1) };
                                members.push((key, v));
                            }
                            "shorthand_property_identifier" => {
                                let n = self.text(m);
                                members.push((n.to_string(), self.eval(m, depth + 1)));
                            }
                            "method_definition" => {
                                if let Some(k) = m.field("name") {
                                    members.push((property_name(self.text(k)).to_string(), Expr::Unknown));
                                }
                            }
                            _ => {}
                        }
                    }
                    Expr::Object(members)
                }
                "array" => {
                    let mut c = node.walk();
                    let items = node.named_children(&mut c).map(|e| self.eval(e, depth + 1)).collect();
                    Expr::Array(items)
                }
                "call_expression" => {
                    let f = node.field("function").map(|f| self.text(f)).unwrap_or("");
                    let arg = node.field("arguments").and_then(|a| a.named_child(0));
                    match (f, arg) {
                        ("Object.freeze", Some(a)) | ("Object.values", Some(a)) => self.eval(a, depth + 1),
                        ("Object.keys", Some(a)) => Expr::Keys(Box::new(self.eval(a, depth + 1))),
                        ("Object.entries", Some(a)) => Expr::Keys(Box::new(self.eval(a, depth + 1))),
                        ("String", Some(a)) => self.eval(a, depth + 1),
                        _ => Expr::Unknown,
                    }
                }
                "spread_element" => node.named_child(0).map_or(Expr::Unknown, |e| self.eval(e, depth + 1)),
                _ => Expr::Unknown,
            }
        })
    }
}

/// `base.name`, folding known object members at once.
fn member(base: Expr, name: &str) -> Expr {
    if let Expr::Object(members) = &base {
        if let Some((_, v)) = members.iter().find(|(k, _)| k == name).filter(|(_, v)| *v != Expr::Unknown) {
            return v.clone();
        }
    }
    Expr::Member(Box::new(base), name.to_string())
}

/// The values a loop over `source` takes.
fn each_of(source: Expr) -> Expr {
    Expr::Each(Box::new(source))
}

#[derive(Clone, Copy, Debug)]
struct MethodSpec {
    kind: Kind,
    api: Api,
    channel_arg: usize,
    once: bool,
}

/// The kind of `method` called on `api`, where its channel argument is, and whether it is `once`.
pub fn api_method(api: Api, method: &str, argc: usize) -> Option<(Kind, usize, bool)> {
    method_spec(&Recv::Api(api), method, argc).map(|s| (s.kind, s.channel_arg, s.once))
}

/// Which methods of which Electron objects are IPC, and where their channel is.
fn method_spec(recv: &Recv, method: &str, argc: usize) -> Option<MethodSpec> {
    let spec = |kind, api, channel_arg, once| Some(MethodSpec { kind, api, channel_arg, once });
    match recv {
        Recv::Api(api @ (Api::IpcMain | Api::ScopedIpc)) => match method {
            "handle" => spec(Kind::Handle, *api, 0, false),
            "handleOnce" => spec(Kind::Handle, *api, 0, true),
            "on" | "addListener" | "prependListener" => spec(Kind::On, *api, 0, false),
            "once" | "prependOnceListener" => spec(Kind::On, *api, 0, true),
            "removeHandler" | "removeListener" | "off" | "removeAllListeners" => spec(Kind::Remove, *api, 0, false),
            "emit" if *api == Api::IpcMain => spec(Kind::Emit, *api, 0, false),
            // electron-better-ipc
            "answerRenderer" => spec(Kind::Handle, *api, usize::from(argc >= 3), false),
            "callRenderer" => spec(Kind::Push, *api, 1, false),
            "callFocusedRenderer" => spec(Kind::Push, *api, 0, false),
            _ => None,
        },
        Recv::Api(Api::IpcRenderer) => {
            let api = Api::IpcRenderer;
            match method {
                "invoke" | "callMain" => spec(Kind::Invoke, api, 0, false),
                "send" | "postMessage" => spec(Kind::Send, api, 0, false),
                "sendSync" => spec(Kind::SendSync, api, 0, false),
                "sendToHost" => spec(Kind::Host, api, 0, false),
                "sendTo" => spec(Kind::Push, api, 1, false),
                "on" | "addListener" | "prependListener" | "answerMain" => spec(Kind::Listen, api, 0, false),
                "once" | "prependOnceListener" => spec(Kind::Listen, api, 0, true),
                "removeListener" | "off" | "removeAllListeners" => spec(Kind::Remove, api, 0, false),
                "emit" => spec(Kind::Emit, api, 0, false),
                _ => None,
            }
        }
        Recv::Api(api @ (Api::WebContents | Api::WebFrameMain)) => match method {
            "send" | "postMessage" => spec(Kind::Push, *api, 0, false),
            "sendToFrame" if *api == Api::WebContents => spec(Kind::Push, *api, 1, false),
            _ => None,
        },
        Recv::Api(Api::Event) => match method {
            "reply" => spec(Kind::Push, Api::Event, 0, false),
            _ => None,
        },
        Recv::Api(Api::Webview) => match method {
            "send" => spec(Kind::Guest, Api::Webview, 0, false),
            _ => None,
        },
        Recv::TypedListener { main: true } => match method {
            "handle" => spec(Kind::Handle, Api::Library, 0, false),
            "on" => spec(Kind::On, Api::Library, 0, false),
            _ => None,
        },
        Recv::TypedListener { main: false } => match method {
            "on" => spec(Kind::Listen, Api::Library, 0, false),
            _ => None,
        },
        Recv::TypedEmitter { main: true } => match method {
            "send" => spec(Kind::Push, Api::Library, 1, false),
            _ => None,
        },
        Recv::TypedEmitter { main: false } => match method {
            "invoke" => spec(Kind::Invoke, Api::Library, 0, false),
            "send" => spec(Kind::Send, Api::Library, 0, false),
            _ => None,
        },
        _ => None,
    }
}

const MAIN_ONLY_APIS: &[&str] = &[
    "ipcMain",
    "BrowserWindow",
    "app",
    "dialog",
    "Menu",
    "MenuItem",
    "Tray",
    "webContents",
    "session",
    "protocol",
    "globalShortcut",
    "nativeTheme",
    "autoUpdater",
    "utilityProcess",
    "MessageChannelMain",
    "webFrameMain",
    "BrowserView",
    "WebContentsView",
    "BaseWindow",
    "powerMonitor",
    "screen",
    "systemPreferences",
];

const WELL_KNOWN_GLOBALS: &[&str] = &[
    "console",
    "Math",
    "JSON",
    "Object",
    "Array",
    "Promise",
    "document",
    "navigator",
    "process",
    "require",
    "module",
    "exports",
    "Number",
    "String",
    "Date",
    "Reflect",
    "Symbol",
    "React",
    "Buffer",
    "Intl",
    "Error",
    "Map",
    "Set",
    "URL",
    "location",
    "localStorage",
    "sessionStorage",
    "history",
    "performance",
    "crypto",
    "setTimeout",
    "path",
    "fs",
    "os",
    "super",
    "import",
    "chrome",
    "jest",
    "vi",
    "expect",
    "describe",
    "it",
    "test",
];

/// `electron` and its entry points, and modules that re-export it (`@theia/electron/shared/electron`).
fn is_electron_module(source: &str) -> bool {
    matches!(source, "electron" | "electron/main" | "electron/renderer" | "electron/common" | "electron/utility")
        || (source.ends_with("/electron") && !source.starts_with('.'))
}

/// What importing `imported` from `source` binds.
fn module_recv(source: &str, imported: &Imported) -> Option<Recv> {
    if is_electron_module(source) {
        return match imported {
            Imported::Namespace | Imported::Default => Some(Recv::Electron),
            Imported::Named(n) => match n.as_str() {
                "ipcMain" => Some(Recv::Api(Api::IpcMain)),
                "ipcRenderer" => Some(Recv::Api(Api::IpcRenderer)),
                "contextBridge" => Some(Recv::ContextBridge),
                _ => None,
            },
        };
    }
    match (source, imported) {
        ("electron-better-ipc", Imported::Named(n)) => match n.as_str() {
            "ipcMain" => Some(Recv::Api(Api::IpcMain)),
            "ipcRenderer" => Some(Recv::Api(Api::IpcRenderer)),
            _ => None,
        },
        ("@electron-toolkit/preload", Imported::Named(n)) if n == "electronAPI" => Some(Recv::ToolkitApi),
        (s, Imported::Named(n)) if s.starts_with("@electron-toolkit/typed-ipc") => {
            let main = s.ends_with("/main");
            match n.as_str() {
                "IpcListener" => Some(Recv::TypedListenerClass { main }),
                "IpcEmitter" => Some(Recv::TypedEmitterClass { main }),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Receivers recognised from a type annotation: `(wc: WebContents)`, `(e: IpcMainEvent)`.
fn typed_recv(ty: &str) -> Option<Api> {
    let ty = ty.trim_start_matches(':').trim();
    let ty = ty.strip_prefix("Electron.").unwrap_or(ty);
    match ty {
        "IpcMainEvent" | "IpcMainInvokeEvent" | "IpcMainServiceWorkerEvent" => Some(Api::Event),
        "WebContents" => Some(Api::WebContents),
        "WebFrameMain" => Some(Api::WebFrameMain),
        "WebviewTag" => Some(Api::Webview),
        "IpcMain" => Some(Api::IpcMain),
        "IpcRenderer" => Some(Api::IpcRenderer),
        _ => None,
    }
}

/// Receivers recognised by a telling name when nothing binds it (`wc.send`, `webview.send`).
fn name_shaped_recv(name: &str) -> Option<Recv> {
    let lower = name.to_ascii_lowercase();
    if lower == "wc" || lower == "contents" || lower.ends_with("webcontents") {
        return Some(Recv::Api(Api::WebContents));
    }
    if lower == "webview" || lower.ends_with("webview") || lower == "webviewtag" {
        return Some(Recv::Api(Api::Webview));
    }
    None
}

fn is_event_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "e" || lower.contains("event") || lower.contains("evt")
}

fn is_function(node: Node) -> bool {
    matches!(node.kind_name(), "arrow_function" | "function_expression" | "function" | "generator_function")
}

fn is_freeze_call(src: &str, node: Node) -> bool {
    node.kind_name() == "call_expression"
        && node.field("function").is_some_and(|f| src.get(f.byte_range()) == Some("Object.freeze"))
}

/// (required, all) parameters of a function; `None` with a rest parameter.
fn function_param_count(node: Node) -> Option<(u32, u32)> {
    if node.field("parameter").is_some() {
        return Some((1, 1));
    }
    let ps = node.field("parameters")?;
    let mut c = ps.walk();
    let (mut required, mut all) = (0, 0);
    for p in ps.named_children(&mut c) {
        if p.kind_name() == "comment" {
            continue;
        }
        let pat = p.field("pattern").unwrap_or(p);
        if pat.kind_name() == "rest_pattern" {
            return None;
        }
        all += 1;
        if p.kind_name() == "required_parameter" && p.field("value").is_none() {
            required = all;
        }
    }
    Some((required, all))
}

/// Strips parentheses, `as`, `satisfies`, `!` and `await`, which do not change a channel's value.
fn unwrap_expr(mut node: Node) -> Node {
    loop {
        match node.kind_name() {
            "parenthesized_expression"
            | "as_expression"
            | "satisfies_expression"
            | "non_null_expression"
            | "await_expression"
            | "type_assertion" => match node.named_child(0) {
                Some(inner) => node = inner,
                None => return node,
            },
            _ => return node,
        }
    }
}

/// The value of a string literal, with escapes decoded.
fn string_value(src: &str, node: Node) -> Option<String> {
    match node.kind_name() {
        "string" => {
            let mut out = String::new();
            let mut c = node.walk();
            for part in node.named_children(&mut c) {
                let t = src.get(part.byte_range()).unwrap_or("");
                match part.kind_name() {
                    "string_fragment" => out.push_str(t),
                    "escape_sequence" => out.push_str(&unescape(t)),
                    _ => {}
                }
            }
            Some(out)
        }
        "template_string" => {
            let mut out = String::new();
            let mut c = node.walk();
            for part in node.named_children(&mut c) {
                let t = src.get(part.byte_range()).unwrap_or("");
                match part.kind_name() {
                    "string_fragment" => out.push_str(t),
                    "escape_sequence" => out.push_str(&unescape(t)),
                    _ => return None,
                }
            }
            Some(out)
        }
        _ => None,
    }
}

/// The literal text after the last substitution of a template (`${dir}/preload.js` → `/preload.js`).
fn template_tail(src: &str, node: Node) -> Option<String> {
    let mut c = node.walk();
    let last = node.named_children(&mut c).filter(|p| p.kind_name() == "string_fragment").last()?;
    src.get(last.byte_range()).map(str::to_string)
}

fn unescape(esc: &str) -> String {
    let body = esc.strip_prefix('\\').unwrap_or(esc);
    match body {
        "n" => "\n".into(),
        "t" => "\t".into(),
        "r" => "\r".into(),
        "0" => "\0".into(),
        "\n" | "\r\n" => String::new(),
        _ if body.starts_with('u') || body.starts_with('x') => {
            let hex = body[1..].trim_matches(|c| c == '{' || c == '}');
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32).map_or_else(|| esc.to_string(), String::from)
        }
        _ => body.to_string(),
    }
}

/// A property key without quotes.
fn property_name(key: &str) -> &str {
    key.trim_matches(|c| c == '\'' || c == '"' || c == '`')
}

/// Names bound by a declaration (`const a = 1, {b} = c`, `function f`, `class C`, `enum E`).
fn declared_names(src: &str, decl: Node) -> Vec<String> {
    let text = |n: Node| src.get(n.byte_range()).unwrap_or("").to_string();
    match decl.kind_name() {
        "lexical_declaration" | "variable_declaration" => {
            let mut c = decl.walk();
            decl.named_children(&mut c)
                .filter(|d| d.kind_name() == "variable_declarator")
                .filter_map(|d| d.field("name"))
                .flat_map(|n| pattern_names(src, n))
                .collect()
        }
        _ => decl.field("name").map(text).into_iter().collect(),
    }
}

/// Every name a binding pattern binds.
fn pattern_names(src: &str, pattern: Node) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![(pattern, 0u32)];
    while let Some((n, depth)) = stack.pop() {
        if depth > MAX_EVAL_DEPTH {
            continue;
        }
        match n.kind_name() {
            "identifier" | "shorthand_property_identifier_pattern" => {
                out.push(src.get(n.byte_range()).unwrap_or("").to_string())
            }
            "pair_pattern" => {
                if let Some(v) = n.field("value") {
                    stack.push((v, depth + 1));
                }
            }
            "assignment_pattern" | "object_assignment_pattern" => {
                if let Some(l) = n.field("left") {
                    stack.push((l, depth + 1));
                }
            }
            _ => {
                let mut c = n.walk();
                for child in n.named_children(&mut c) {
                    stack.push((child, depth + 1));
                }
            }
        }
    }
    out
}
