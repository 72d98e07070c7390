//! The walker that turns one script's syntax tree into a [`FileSummary`].
//!
//! One pass in source order. Electron objects are recognised by what names are bound to
//! (imports, `require`, destructuring, typed parameters, handler events), not only by their names.
//! Local bindings inside functions are resolved here (parameters become [`Expr::Param`], loop
//! variables over tables [`Expr::Each`]); top-level names stay [`Expr::Ident`] for the index.
//!
//! The walk is split by concern: `decls` (imports, exports, declarations and bindings), `types`
//! (interfaces and type literals), `functions` (functions and the scopes they open), `calls`
//! (calls, IPC sites and receivers), `bridge` (`contextBridge` and the uses of what it exposes) and
//! `eval` (channel expressions and constants). The walker knows nothing of incremental extraction:
//! it records its file-level state as [`StateOp`]s, and walks one statement on request.

mod bridge;
mod calls;
mod decls;
mod eval;
mod functions;
mod types;

use std::cell::Cell;

use rustc_hash::{FxHashMap, FxHashSet};
use tree_sitter::{Node, Tree};

use super::electron_api::{global_recv, Recv};
use super::node_kinds::*;
use super::parse::{parse, Dialect};
use super::script_blocks::script_blocks_only;
use super::summary::*;
use crate::base::TextRange;
use eval::{property_name, unwrap_expr};

/// Nesting deeper than this is not followed by default (`[limits] max_nesting`).
pub const DEFAULT_MAX_NESTING: u32 = 400;
/// Expressions nested deeper than this evaluate to [`Expr::Unknown`].
pub(super) const MAX_EVAL_DEPTH: u32 = 48;
/// Syntax errors recorded per file, at most.
const MAX_SYNTAX_ERRORS: usize = 8;

/// Runs `f`, first moving to a fresh stack segment when less than 64 KiB of stack is left: the
/// walk recurses along the syntax tree, and input nested thousands of levels deep (minified code,
/// hostile files) must not overflow the stack of whatever thread parses it (regression test
/// `hostile::deep_nesting_does_not_overflow`).
pub(super) fn deep<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, f)
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
    w.finish().summary
}

/// What a local name is bound to.
#[derive(Clone, Debug)]
enum Local {
    /// A value: a parameter, a loop variable over a table, a constant.
    Value(Expr),
    /// An Electron object.
    Recv(Recv),
    /// A value known by the type names it is declared with or narrowed to (`const w: AppWindow`,
    /// `for (const f of this.frames)`, `if (isWebContents(t))`): a call of a function `g` stands
    /// as `g()`, the type its result is declared with (docs/design.md § Value flow).
    Typed(Vec<String>),
    /// Something that cannot be followed.
    Opaque,
}

/// The state of one walk over a file's tree.
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
    /// The declared type names of parameters, by `(function, parameter)`, for calls on them.
    param_types: FxHashMap<(u32, u32), Vec<String>>,
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
    /// The declared type names of each enclosing class's fields, innermost last (see
    /// [`Walker::field_types`]).
    class_fields: Vec<FxHashMap<String, Vec<String>>>,
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
    read_functions: Cell<bool>,
    /// The lookups of `out` are already up to date (an incremental update moved them along).
    pub(super) keep_lookups: bool,
}

/// One change to the walker's file-level state, recorded so that a later walk can start at any
/// top-level statement with the state the statements before it left (see `incremental`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum StateOp {
    TopName(String),
    Binding(String, Recv),
    /// An object literal bound to a name, by its range (nodes do not outlive their tree).
    Object(String, TextRange),
    Alias(String, Vec<String>),
    WebContentsField(String),
}

/// What walking one top-level statement found besides its items (see [`Walker::visit_statement`]).
pub(super) struct StatementWalk {
    pub(super) evidence: ProcessEvidence,
    /// It read functions of other statements (see `Walker::read_functions`).
    pub(super) reads_functions: bool,
}

/// A finished walk (see [`Walker::finish`]).
pub(super) struct Finished {
    pub(super) summary: FileSummary,
    /// The bridge uses left out because the file declares their root, with their positions in the
    /// walk's list, so that an incremental update can put them back.
    pub(super) removed_uses: Vec<(usize, BridgeUse)>,
}

impl<'a> Walker<'a> {
    /// A walk over `src`; `record` keeps the journal of file-level state.
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
            param_types: FxHashMap::default(),
            aliases: FxHashMap::default(),
            branches: Vec::new(),
            callee_range: TextRange::default(),
            pending_names: FxHashMap::default(),
            classes: Vec::new(),
            class_fields: Vec::new(),
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
                        .filter(|node| Self::range(*node) == *range && node.kind_name() == OBJECT);
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

    /// The summary, and the bridge uses it leaves out.
    pub(super) fn finish(mut self) -> Finished {
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
                let mut flags = bridge::MemberFlags::default();
                self.bridge_members(obj, &[], &mut members, &mut flags);
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
        Finished { summary: self.out, removed_uses: removed }
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
        global_recv(name)
    }

    // ----- the walk -----

    /// Walks one top-level statement of the program as visiting the program would: returns the
    /// process evidence it found (also added to the summary's) and whether it read functions of
    /// other statements.
    pub(super) fn visit_statement(&mut self, node: Node<'a>) -> StatementWalk {
        self.depth = 1;
        let before = std::mem::take(&mut self.out.evidence);
        self.read_functions.set(false);
        self.visit(node);
        let evidence = std::mem::replace(&mut self.out.evidence, before);
        self.out.evidence.union(&evidence);
        self.depth = 0;
        StatementWalk { evidence, reads_functions: self.read_functions.get() }
    }

    /// The length of the journal (0 when not recording).
    pub(super) fn journal_len(&self) -> usize {
        self.journal.as_ref().map_or(0, Vec::len)
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
            IMPORT_STATEMENT => self.import_statement(node),
            LEXICAL_DECLARATION | VARIABLE_DECLARATION => {
                let mut cursor = node.walk();
                let decls: Vec<Node<'a>> = node.named_children(&mut cursor).collect();
                let is_const = self.text(node).starts_with("const");
                for d in decls {
                    if d.kind_name() == VARIABLE_DECLARATOR {
                        if let (Some(name), Some(value)) = (d.field(FIELD_NAME), d.field(FIELD_VALUE)) {
                            self.preload_named(self.text(name), value);
                        }
                        self.declarator(d, is_const);
                    } else {
                        self.visit(d);
                    }
                }
            }
            EXPORT_STATEMENT => self.export_statement(node),
            ENUM_DECLARATION => self.enum_declaration(node),
            FUNCTION_DECLARATION
            | GENERATOR_FUNCTION_DECLARATION
            | FUNCTION_EXPRESSION
            | GENERATOR_FUNCTION
            | ARROW_FUNCTION
            | METHOD_DEFINITION => self.function(node),
            CLASS_DECLARATION | ABSTRACT_CLASS_DECLARATION | CLASS => {
                let name = node.field(FIELD_NAME).map(|n| self.text(n).to_string());
                if let (Some(n), true) = (&name, self.at_top_level()) {
                    self.add_top_name(n.clone());
                    self.implements_clause(node, n);
                }
                self.classes.push(name.unwrap_or_default());
                self.class_fields.push(self.field_types(node));
                self.visit_children(node);
                self.class_fields.pop();
                self.classes.pop();
            }
            OBJECT => {
                self.bridge_provider(node);
                self.object(node)
            }
            PUBLIC_FIELD_DEFINITION => {
                if let (Some(n), Some(t)) = (node.field(FIELD_NAME), node.field(FIELD_TYPE)) {
                    if self.text(t).contains("WebContents") {
                        self.add_webcontents_field(self.text(n).to_string());
                    }
                }
                self.class_field_table(node);
                if let (Some(n), Some(v), Some(class)) =
                    (node.field(FIELD_NAME), node.field(FIELD_VALUE), self.classes.last())
                {
                    let name = FnName::Method { class: class.clone(), name: property_name(self.text(n)).to_string() };
                    self.pending_names.insert(unwrap_expr(v).id(), name);
                }
                self.visit_children(node);
            }
            CALL_EXPRESSION => self.call(node),
            RETURN_STATEMENT => {
                if let Some(value) = node.named_child(0) {
                    self.returned(value);
                }
                self.visit_children(node);
            }
            NEW_EXPRESSION => self.visit_children(node),
            PAIR => {
                if let (Some(key), Some(value)) = (node.field(FIELD_KEY), node.field(FIELD_VALUE)) {
                    self.preload_named(property_name(self.text(key)), value);
                }
                self.visit_children(node);
            }
            JSX_ATTRIBUTE => {
                let mut c = node.walk();
                let parts: Vec<Node<'a>> = node.named_children(&mut c).collect();
                if let [name, value] = parts.as_slice() {
                    if self.text(*name) == "preload" {
                        self.collect_preload_refs(*value);
                    }
                }
                self.visit_children(node);
            }
            STATEMENT_BLOCK => {
                self.scopes.push(Vec::new());
                self.visit_children(node);
                self.scopes.pop();
            }
            FOR_IN_STATEMENT => self.for_in(node),
            IF_STATEMENT => self.if_statement(node),
            ASSIGNMENT_EXPRESSION => {
                // `webPreferences.preload = join(__dirname, 'guest.js')` (in `will-attach-webview`).
                let left = node.field(FIELD_LEFT).filter(|l| l.kind_name() == MEMBER_EXPRESSION);
                if let (Some(p), Some(v)) = (left.and_then(|l| l.field(FIELD_PROPERTY)), node.field(FIELD_RIGHT)) {
                    self.preload_named(self.text(p), v);
                }
                self.assignment(node)
            }
            INTERFACE_DECLARATION => self.interface(node),
            TYPE_ALIAS_DECLARATION => self.type_alias(node),
            MEMBER_EXPRESSION => {
                if self.text(node).starts_with("document.") {
                    self.out.evidence.dom = true;
                }
                self.visit_children(node);
            }
            JSX_ELEMENT | JSX_SELF_CLOSING_ELEMENT => {
                self.out.evidence.dom = true;
                self.visit_children(node);
            }
            COMMENT | STRING | TEMPLATE_STRING | NUMBER | REGEX => {
                if node.kind_name() == TEMPLATE_STRING {
                    self.visit_children(node);
                }
            }
            _ => self.visit_children(node),
        }
    }
}
