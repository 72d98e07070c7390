//! Incremental extraction: after an edit, walk again only the top-level statements the edit
//! touched, and keep what the others produced.
//!
//! The walker is one pass in source order whose only state carried from one top-level statement
//! to the next is the file-level state (`top_names`, `bindings`, `objects`, `aliases`,
//! `webcontents_fields`: journaled as [`StateOp`]s) and, in two places, outputs of earlier
//! statements (imports by name; functions by name for a bridge member written as a shorthand,
//! flagged per statement). So the output of a file is the concatenation of its statements'
//! outputs, each a function of the statement's text and the state before it. An edit then needs:
//! - statements before the edit: their outputs as they are (same text, same offsets);
//! - the statements the edit touched: walked again, starting from the replayed journal;
//! - statements after it: their outputs moved by the edit's length (and by the change in the
//!   number of functions, whose indices they hold), when the walked statements changed the
//!   state exactly as before; else walked again too.
//!
//! Files with syntax errors, too deep nesting or no `program` root are always extracted whole.
//! `tests` below and `tests/differential.rs` compare every incremental result with a whole
//! extraction of the same text.

use std::sync::Arc;

use tree_sitter::{Node, Tree};

use super::extract::{use_fields_of, StateOp, Walker};
use super::*;

pub use crate::base::EditSpan;

/// How many items each list of a [`FileSummary`] held after a statement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Marks([u32; LISTS]);

const LISTS: usize = 14;
const IMPORTS: usize = 0;
const CONSTS: usize = 2;
const SITES: usize = 3;
const FUNCTIONS: usize = 4;
const CALLS: usize = 5;

/// Runs `$m!(position, field)` for each list of a summary that statements append to, in a fixed
/// order (the positions of [`Marks`]). `Marks::of` names every field of the summary, so that a new
/// one does not compile until it is decided whether statements append to it.
macro_rules! for_each_list {
    ($m:ident) => {
        $m!(0, imports);
        $m!(1, exports);
        $m!(2, consts);
        $m!(3, sites);
        $m!(4, functions);
        $m!(5, calls);
        $m!(6, bridges);
        $m!(7, bridge_uses);
        $m!(8, instances);
        $m!(9, window_decls);
        $m!(10, object_defs);
        $m!(11, param_calls);
        $m!(12, type_decls);
        $m!(13, preload_refs);
    };
}

impl Marks {
    pub(super) fn of(s: &FileSummary) -> Marks {
        let FileSummary {
            imports: _,
            exports: _,
            consts: _,
            sites: _,
            functions: _,
            calls: _,
            bridges: _,
            bridge_uses: _,
            instances: _,
            window_decls: _,
            object_defs: _,
            param_calls: _,
            type_decls: _,
            preload_refs: _,
            // Set once per file, not per statement:
            bridge_aliases: _,
            evidence: _,
            syntax_errors: _,
            too_deep: _,
            function_index: _,
            const_index: _,
        } = s;
        let mut m = [0; LISTS];
        macro_rules! len {
            ($i:expr, $f:ident) => {
                m[$i] = s.$f.len() as u32;
            };
        }
        for_each_list!(len);
        Marks(m)
    }

    fn get(self, list: usize) -> usize {
        self.0[list] as usize
    }

    /// These marks with `from` taken away and `to` added (a suffix moved after a new middle).
    fn rebase(self, from: Marks, to: Marks) -> Marks {
        let mut m = self.0;
        for (i, v) in m.iter_mut().enumerate() {
            *v = *v - from.0[i] + to.0[i];
        }
        Marks(m)
    }
}

/// Splits every list of `s` at `at`: `s` keeps the items before, the result holds the rest.
fn split_off(s: &mut FileSummary, at: Marks) -> FileSummary {
    let mut tail = FileSummary::default();
    macro_rules! split {
        // Clamped, so that marks from a summary that lost items cannot panic.
        ($i:expr, $f:ident) => {
            tail.$f = s.$f.split_off(at.get($i).min(s.$f.len()));
        };
    }
    for_each_list!(split);
    tail
}

/// Whether the walked statements' items (`new`'s from `start`, to `new_end`) other than sites and
/// calls are the previous ones (`old_mid`) moved by `shift`, with as many functions.
fn local_edit(old_mid: &FileSummary, new: &FileSummary, start: Marks, new_end: Marks, shift: &Shifter) -> bool {
    if shift.functions != 0 {
        return false;
    }
    let mut same = true;
    macro_rules! compare {
        ($i:expr, $f:ident) => {
            if same && $i != SITES && $i != CALLS {
                let walked = new.$f.get(start.get($i)..new_end.get($i)).unwrap_or_default();
                same = old_mid.$f.len() == walked.len()
                    && old_mid.$f.iter().zip(walked).all(|(o, n)| {
                        let mut o = o.clone();
                        o.shift(shift);
                        o == *n
                    });
            }
        };
    }
    for_each_list!(compare);
    same
}

/// Appends `tail`'s items to `s`, moved by `shift`.
fn append_shifted(s: &mut FileSummary, tail: FileSummary, shift: &Shifter) {
    let mut tail = tail;
    macro_rules! append {
        ($i:expr, $f:ident) => {
            s.$f.extend(std::mem::take(&mut tail.$f).into_iter().map(|mut x| {
                x.shift(shift);
                x
            }));
        };
    }
    for_each_list!(append);
}

pub(super) fn union(to: &mut ProcessEvidence, from: &ProcessEvidence) {
    let ProcessEvidence { main_api, ipc_renderer, context_bridge, window_use, dom } = from;
    to.main_api |= main_api;
    to.ipc_renderer |= ipc_renderer;
    to.context_bridge |= context_bridge;
    to.window_use |= window_use;
    to.dom |= dom;
}

/// What one top-level statement (or comment) of the program left.
#[derive(Clone, Debug)]
pub(super) struct Segment {
    pub(super) range: TextRange,
    pub(super) kind: u16,
    /// The summary's list lengths after it.
    pub(super) ends: Marks,
    /// The journal's length after it.
    pub(super) journal_end: u32,
    /// The process evidence it found.
    pub(super) evidence: ProcessEvidence,
    /// It read functions of other statements (see `Walker::read_functions`).
    pub(super) reads_functions: bool,
    /// Nothing after it can continue it (see [`ends_cleanly`]).
    pub(super) clean_end: bool,
    /// A comment between statements: it ends nothing and continues nothing.
    pub(super) comment: bool,
}

/// Whether no text after `node` can continue it as the same statement: it ends with `;`, or it is
/// a declaration (function, class, interface, enum; also exported) ending with `}`.
pub(super) fn ends_cleanly(node: Node, src: &str) -> bool {
    let last = src.as_bytes().get(node.end_byte().saturating_sub(1)).copied();
    const DECLARATIONS: &[&str] = &[
        "function_declaration",
        "generator_function_declaration",
        "class_declaration",
        "abstract_class_declaration",
        "interface_declaration",
        "enum_declaration",
    ];
    match last {
        Some(b';') => node.end_byte() > node.start_byte(),
        Some(b'}') => {
            let declaration =
                if node.kind() == "export_statement" { node.child_by_field_name("declaration") } else { Some(node) };
            declaration.is_some_and(|d| DECLARATIONS.contains(&d.kind()))
        }
        _ => false,
    }
}

/// Which statements an update keeps (see [`Extraction::splice`]).
struct Plan {
    span: EditSpan,
    /// Statements kept before the edit and moved after it.
    p: usize,
    q: usize,
    /// Where the first moved statement starts in the new text.
    suffix_start: u32,
    /// The statements after may be walked again from the tree given (else the update fails when
    /// they would have to be).
    walk_rest: bool,
}

/// A file's summary with what is needed to update it after an edit.
#[derive(Debug)]
pub struct Extraction {
    summary: Arc<FileSummary>,
    /// Bridge uses the summary leaves out (the file declares their root), with their positions in
    /// the walk's list.
    removed_uses: Vec<(usize, BridgeUse)>,
    /// One per top-level named node; empty when the file is always extracted whole.
    segments: Vec<Segment>,
    journal: Vec<StateOp>,
    max_nesting: u32,
    /// Statements reused and walked by the last update (for tests and logs).
    pub reused: usize,
    pub walked: usize,
    /// What the last update changed, when it changed only sites and calls (see [`LocalEdit`]).
    pub local_edit: Option<Box<LocalEdit>>,
}

/// How an update changed a summary when everything but the sites and calls of the statements it
/// walked is the previous summary's, moved through the text edit: every other item is equal to
/// the previous one once its offsets after the edit are moved (and no function came or went). Then
/// whatever is derived from a site or call outside the walked statements, reading only the rest of
/// the summary, is the previous result moved through `span`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalEdit {
    pub span: EditSpan,
    /// Positions in the `sites` list: `start..old_end` of the previous summary became
    /// `start..new_end`.
    pub sites: ListSpan,
    pub calls: ListSpan,
    /// The functions of the walked statements (positions in `functions`, the same in both).
    pub functions: (u32, u32),
}

/// Positions in a list: `start..old_end` became `start..new_end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListSpan {
    pub start: u32,
    pub old_end: u32,
    pub new_end: u32,
}

impl Extraction {
    /// Extracts `text` whole from its tree, keeping what later updates need.
    pub fn new(text: &str, tree: &Tree, max_nesting: u32) -> Extraction {
        use_fields_of(tree);
        let root = tree.root_node();
        let mut w = Walker::new(text, max_nesting, true);
        let mut segments = Vec::new();
        if incremental_shape(root, max_nesting) {
            let children = named_children(root);
            w.visit_statements(&children, &mut segments);
        } else {
            w.visit(root);
        }
        let walked = segments.len();
        Self::finish(w, segments, max_nesting, 0, walked)
    }

    pub fn summary(&self) -> Arc<FileSummary> {
        self.summary.clone()
    }

    /// The extraction of `text` (whose tree is `tree`) after `span` changed in the text this
    /// extraction was made from. Equal to [`Extraction::new`] on the same text, in less time.
    pub fn update(self, text: &str, tree: &Tree, span: EditSpan, max_nesting: u32) -> Extraction {
        use_fields_of(tree);
        let root = tree.root_node();
        if max_nesting != self.max_nesting
            || self.segments.is_empty()
            || self.summary.too_deep
            || !incremental_shape(root, max_nesting)
        {
            return Self::new(text, tree, max_nesting);
        }
        let delta = span.delta();
        let segs = &self.segments;
        // Statements wholly before the edit keep their text and offsets; those wholly after it
        // keep their text, moved by `delta`. Only the ones next to the edit can parse differently
        // (merged with an edited statement, or split): checked in the new tree. The program's
        // children are not listed: with thousands of statements that alone costs more than the
        // rest of the update.
        let p = segs.partition_point(|s| s.range.end < span.start);
        let q = segs.len() - segs.partition_point(|s| s.range.start <= span.old_end).max(p);
        let first_suffix = (q > 0).then(|| &segs[segs.len() - q]);
        let suffix_start = match first_suffix {
            Some(s) => match shifted(s.range, delta) {
                Some(r) => r.start,
                None => return Self::new(text, tree, max_nesting),
            },
            None => u32::MAX,
        };
        let prefix_ok = p == 0 || child_at(root, segs[p - 1].range, segs[p - 1].kind);
        let suffix_ok = first_suffix.is_none_or(|s| shifted(s.range, delta).is_some_and(|r| child_at(root, r, s.kind)));
        if !prefix_ok || !suffix_ok {
            return Self::new(text, tree, max_nesting);
        }
        let prefix_end = if p == 0 { 0 } else { segs[p - 1].range.end };
        let mid_children = children_between(root, prefix_end, suffix_start);
        let plan = Plan { span, p, q, suffix_start, walk_rest: true };
        self.splice(text, root, mid_children, plan, max_nesting).unwrap_or_else(|| Self::new(text, tree, max_nesting))
    }

    /// Where an edit inside one top-level statement (not at its edges) leaves that statement,
    /// when it can be parsed alone: the statement before it and the statement itself end with
    /// `;` or are declarations ending with `}`, so nothing before or after can continue it.
    /// `None` when the whole file must be parsed again.
    pub fn island(&self, text: &str, span: EditSpan) -> Option<TextRange> {
        if self.segments.is_empty() || self.summary.too_deep {
            return None;
        }
        let k = self.segments.partition_point(|s| s.range.end <= span.start);
        let seg = self.segments.get(k)?;
        if !(seg.range.start < span.start && span.old_end < seg.range.end) {
            return None;
        }
        // The statement before it (comments between them aside) must be over.
        if self.segments[..k].iter().rev().find(|s| !s.comment).is_some_and(|s| !s.clean_end) {
            return None;
        }
        let end = u32::try_from(seg.range.end as i64 + span.delta()).ok()?;
        let range = TextRange { start: seg.range.start, end };
        (range.start < range.end && range.end as usize <= text.len()).then_some(range)
    }

    /// [`Extraction::update`] for an edit inside one statement, from `island` (the tree of that
    /// statement alone, [`parse_island`] over [`Extraction::island`]) and `context` (the file's
    /// previous tree, with the edit applied by `Tree::edit` but not parsed again: its other
    /// statements are where the edit moved them). `fresh` says whether `context` was parsed whole
    /// before this edit: after updates from islands it was not, and the statements those changed
    /// are out of date in it, so nothing may be read from it (objects, statements walked again).
    /// `Err` when the island is not exactly one cleanly ending statement, or when the update would
    /// read what it may not: then the whole file must be parsed (`Err(None)`: and extracted whole).
    pub fn update_island(
        self,
        text: &str,
        context: &Tree,
        island: &Tree,
        span: EditSpan,
        max_nesting: u32,
        fresh: bool,
    ) -> Result<Extraction, Option<Extraction>> {
        use_fields_of(island);
        let Some(range) = self.island(text, span) else { return Err(Some(self)) };
        if !fresh && self.journal.iter().any(|op| matches!(op, StateOp::Object(..))) {
            return Err(Some(self));
        }
        let iroot = island.root_node();
        if max_nesting != self.max_nesting || iroot.has_error() || !incremental_shape(context.root_node(), max_nesting)
        {
            return Err(Some(self));
        }
        let statements = named_children(iroot);
        let [statement] = statements.as_slice() else { return Err(Some(self)) };
        if Walker::range(*statement) != range || !ends_cleanly(*statement, text) {
            return Err(Some(self));
        }
        let k = self.segments.partition_point(|s| s.range.end <= span.start);
        let q = self.segments.len() - k - 1;
        // Statements after it that must be walked again are taken from `context`, where the
        // edit moved them.
        let plan = Plan { span, p: k, q, suffix_start: range.end, walk_rest: fresh };
        self.splice(text, context.root_node(), vec![*statement], plan, max_nesting).ok_or(None)
    }

    /// Whether `tree` (the whole file parsed again) has exactly the top-level statements this
    /// extraction was made of: after updates from islands, the summary then equals a whole
    /// extraction of the text.
    pub fn matches(&self, tree: &Tree) -> bool {
        let root = tree.root_node();
        if !incremental_shape(root, self.max_nesting) || self.summary.too_deep {
            return false;
        }
        let children = named_children(root);
        children.len() == self.segments.len()
            && children.iter().zip(&self.segments).all(|(c, s)| Walker::range(*c) == s.range && c.kind_id() == s.kind)
    }

    /// Walks `mid_children` in place of the statements between the first `p` and the last `q`,
    /// and moves the last `q` along, or walks them again (from `root`) when the state they start
    /// from changed. `None` when an object of the journal is not found in `root`.
    fn splice(
        self,
        text: &str,
        root: Node,
        mid_children: Vec<Node>,
        plan: Plan,
        max_nesting: u32,
    ) -> Option<Extraction> {
        let Plan { span, p, q, suffix_start, walk_rest } = plan;
        let delta = span.delta();
        let Extraction { summary, removed_uses, mut segments, mut journal, .. } = self;
        let old_mid_end = segments.len() - q;
        let marks_at = |segments: &[Segment], i: usize| if i == 0 { Marks::default() } else { segments[i - 1].ends };
        let journal_at = |segments: &[Segment], i: usize| if i == 0 { 0 } else { segments[i - 1].journal_end as usize };
        let (start_marks, old_mid_marks) = (marks_at(&segments, p), marks_at(&segments, old_mid_end));
        let (start_j, old_mid_j_end) = (journal_at(&segments, p), journal_at(&segments, old_mid_end));
        let suffix_reads_functions = segments[old_mid_end..].iter().any(|s| s.reads_functions);

        let mut raw = unfinish(summary, removed_uses);
        let suffix_raw = split_off(&mut raw, old_mid_marks);
        let old_mid_raw = split_off(&mut raw, start_marks);
        let suffix_journal = journal.split_off(old_mid_j_end.min(journal.len()));
        let old_mid_journal = journal.split_off(start_j.min(journal.len()));

        let mut w = Walker::new(text, max_nesting, true);
        if !w.replay(&journal, root) {
            return None;
        }
        w.out = raw;
        w.out.evidence = ProcessEvidence::default();
        w.journal = Some(journal);
        for s in &segments[..p] {
            union(&mut w.out.evidence, &s.evidence);
        }
        let mut mid_segments = Vec::with_capacity(mid_children.len());
        w.visit_statements(&mid_children, &mut mid_segments);
        let new_mid_marks = Marks::of(&w.out);
        let new_mid_j_end = w.journal.as_ref().map_or(0, Vec::len);
        let new_mid_journal = w.journal.as_deref().map_or(&[][..], |j| &j[start_j.min(j.len())..]);
        let has_object = |ops: &[StateOp]| ops.iter().any(|op| matches!(op, StateOp::Object(..)));
        let reuse = old_mid_journal == new_mid_journal
            && !has_object(&old_mid_journal)
            && old_mid_raw.imports == w.out.imports[start_marks.get(IMPORTS)..]
            && !suffix_reads_functions;
        let walked = mid_segments.len();
        let mid_len = mid_segments.len();
        segments.splice(p..old_mid_end, mid_segments);
        if reuse {
            let shift = Shifter {
                bytes: delta,
                after: span.old_end,
                functions: new_mid_marks.get(FUNCTIONS) as i64 - old_mid_marks.get(FUNCTIONS) as i64,
                from_function: old_mid_marks.get(FUNCTIONS) as u32,
            };
            let local_edit = local_edit(&old_mid_raw, &w.out, start_marks, new_mid_marks, &shift).then(|| {
                let list = |i: usize| ListSpan {
                    start: start_marks.get(i) as u32,
                    old_end: old_mid_marks.get(i) as u32,
                    new_end: new_mid_marks.get(i) as u32,
                };
                LocalEdit {
                    span,
                    sites: list(SITES),
                    calls: list(CALLS),
                    functions: (start_marks.get(FUNCTIONS) as u32, new_mid_marks.get(FUNCTIONS) as u32),
                }
            });
            append_shifted(&mut w.out, suffix_raw, &shift);
            let mut moved_journal = suffix_journal;
            for op in &mut moved_journal {
                if let StateOp::Object(_, range) = op {
                    range.shift(&shift);
                }
            }
            if !w.replay(&moved_journal, root) {
                return None;
            }
            if let Some(j) = &mut w.journal {
                j.extend(moved_journal);
            }
            for s in &mut segments[p + mid_len..] {
                s.range.shift(&shift);
                s.ends = s.ends.rebase(old_mid_marks, new_mid_marks);
                s.journal_end = s.journal_end - old_mid_j_end as u32 + new_mid_j_end as u32;
                union(&mut w.out.evidence, &s.evidence);
            }
            // The lookups follow the functions and constants that moved, left or came.
            let out = &mut w.out;
            let (functions, consts) = (&out.functions, &out.consts);
            let moved = |list: usize| (start_marks.get(list), old_mid_marks.get(list), new_mid_marks.get(list));
            update_lookup(&mut out.function_index, functions, |f| &f.name, moved(FUNCTIONS));
            update_lookup(&mut out.const_index, consts, |c| &c.name, moved(CONSTS));
            w.keep_lookups = true;
            let reused = segments.len() - walked;
            let mut done = Self::finish(w, segments, max_nesting, reused, walked);
            done.local_edit = local_edit.map(Box::new);
            Some(done)
        } else {
            if !walk_rest {
                return None;
            }
            segments.truncate(p + mid_len);
            let rest = children_between(root, suffix_start, u32::MAX);
            w.visit_statements(&rest, &mut segments);
            w.out.function_index.clear();
            w.out.const_index.clear();
            let walked = walked + rest.len();
            let reused = segments.len() - walked;
            Some(Self::finish(w, segments, max_nesting, reused, walked))
        }
    }

    fn finish(mut w: Walker, segments: Vec<Segment>, max_nesting: u32, reused: usize, walked: usize) -> Extraction {
        let journal = w.journal.take().unwrap_or_default();
        let (summary, removed_uses) = w.finish();
        Extraction {
            summary: Arc::new(summary),
            removed_uses,
            segments,
            journal,
            max_nesting,
            reused,
            walked,
            local_edit: None,
        }
    }
}

/// Whether a tree can be extracted statement by statement.
fn incremental_shape(root: Node, max_nesting: u32) -> bool {
    max_nesting > 1 && root.kind() == "program" && !root.has_error()
}

fn named_children(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

/// Whether `root` has a child at exactly `range`, of kind `kind`.
fn child_at(root: Node, range: TextRange, kind: u16) -> bool {
    let mut cursor = root.walk();
    cursor.goto_first_child_for_byte(range.start as usize).is_some() && {
        let node = cursor.node();
        Walker::range(node) == range && node.kind_id() == kind
    }
}

/// The named children of `root` that start in `from..to`, found without walking the others.
fn children_between(root: Node, from: u32, to: u32) -> Vec<Node> {
    let mut out = Vec::new();
    let mut cursor = root.walk();
    if cursor.goto_first_child_for_byte(from as usize).is_none() {
        return out;
    }
    loop {
        let node = cursor.node();
        if node.start_byte() >= to as usize {
            break;
        }
        if node.is_named() && node.start_byte() >= from as usize {
            out.push(node);
        }
        if !cursor.goto_next_sibling() {
            break;
        }
    }
    out
}

/// The walk's own output back from a finished summary (taken over without a copy when no one else
/// holds it): `Walker::finish` adds object definitions, links bridge members to functions, leaves
/// out some bridge uses, sets the aliases and the lookups.
fn unfinish(summary: Arc<FileSummary>, removed_uses: Vec<(usize, BridgeUse)>) -> FileSummary {
    let mut s = Arc::try_unwrap(summary).unwrap_or_else(|shared| (*shared).clone());
    s.object_defs.clear();
    for b in &mut s.bridges {
        for m in &mut b.members {
            m.func = None;
        }
    }
    for (i, u) in removed_uses {
        let at = i.min(s.bridge_uses.len());
        s.bridge_uses.insert(at, u);
    }
    s.bridge_aliases.clear();
    s
}

/// Updates a first-occurrence lookup (name → index of the first item of that name) after the
/// items `start..old_end` of a list were replaced by `start..new_end`: entries after the change
/// move, entries into the replaced items go, the new items come in, and a name that lost its first
/// item looks for a later one.
fn update_lookup<K: Eq + std::hash::Hash + Clone, T>(
    map: &mut rustc_hash::FxHashMap<K, u32>,
    items: &[T],
    key: impl Fn(&T) -> &K,
    (start, old_end, new_end): (usize, usize, usize),
) {
    let (start, old_end, new_end) = (start as u32, old_end as u32, new_end as u32);
    let mut lost = Vec::new();
    map.retain(|k, i| {
        if *i < start {
            true
        } else if *i < old_end {
            lost.push(k.clone());
            false
        } else {
            *i = *i - old_end + new_end;
            true
        }
    });
    for i in start..new_end {
        let Some(item) = items.get(i as usize) else { break };
        let e = map.entry(key(item).clone()).or_insert(i);
        *e = (*e).min(i);
    }
    for k in lost {
        if let std::collections::hash_map::Entry::Vacant(e) = map.entry(k) {
            if let Some(i) = items.iter().skip(new_end as usize).position(|x| key(x) == e.key()) {
                e.insert(new_end + i as u32);
            }
        }
    }
}

fn shifted(range: TextRange, delta: i64) -> Option<TextRange> {
    let start = u32::try_from(range.start as i64 + delta).ok()?;
    let end = u32::try_from(range.end as i64 + delta).ok()?;
    Some(TextRange { start, end })
}

/// Moves offsets after the edit by `bytes`, and indices of functions after the edit by
/// `functions`. A statement's output may point before the edit (a bridge whose object is declared
/// earlier): those offsets stay. (It never points into the statements walked again: see the
/// conditions for reuse in [`Extraction::update`].)
struct Shifter {
    bytes: i64,
    after: u32,
    functions: i64,
    from_function: u32,
}

impl Shifter {
    fn offset(&self, at: &mut u32) {
        if *at > self.after {
            *at = (*at as i64 + self.bytes).max(0) as u32;
        }
    }

    fn function(&self, f: &mut u32) {
        if *f >= self.from_function {
            *f = (*f as i64 + self.functions).max(0) as u32;
        }
    }
}

/// Values holding offsets or function indices. Every impl destructures its type whole, so that a
/// new field does not compile until it is decided here whether it moves.
trait Shift {
    fn shift(&mut self, by: &Shifter);
}

impl Shift for TextRange {
    fn shift(&mut self, by: &Shifter) {
        by.offset(&mut self.start);
        by.offset(&mut self.end);
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn shift(&mut self, by: &Shifter) {
        for x in self {
            x.shift(by);
        }
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift(&mut self, by: &Shifter) {
        if let Some(x) = self {
            x.shift(by);
        }
    }
}

/// Imports, exports, instances and preload references hold no offsets or function indices.
impl Shift for Import {
    fn shift(&mut self, _: &Shifter) {}
}

impl Shift for Export {
    fn shift(&mut self, _: &Shifter) {}
}

impl Shift for (String, String) {
    fn shift(&mut self, _: &Shifter) {}
}

impl Shift for String {
    fn shift(&mut self, _: &Shifter) {}
}

impl Shift for Expr {
    fn shift(&mut self, by: &Shifter) {
        match self {
            Expr::Param { func, index: _ } => by.function(func),
            Expr::Member(e, _) | Expr::Each(e) | Expr::Keys(e) => e.shift(by),
            Expr::Concat(parts) | Expr::Array(parts) => parts.shift(by),
            Expr::Object(members) => {
                for (_, e) in members {
                    e.shift(by);
                }
            }
            Expr::Str(_) | Expr::Ident(_) | Expr::Unknown => {}
        }
    }
}

impl Shift for RawSite {
    fn shift(&mut self, by: &Shifter) {
        let RawSite {
            kind: _,
            api: _,
            method: _,
            channel,
            range,
            arg_count: _,
            listener_params: _,
            func,
            once: _,
            callee_range,
            branches,
        } = self;
        channel.shift(by);
        range.shift(by);
        if let Some(f) = func {
            by.function(f);
        }
        callee_range.shift(by);
        for (start, _) in branches {
            by.offset(start);
        }
    }
}

impl Shift for FunctionDef {
    fn shift(&mut self, by: &Shifter) {
        let FunctionDef { name: _, params: _, rest: _, name_range, range, parent } = self;
        name_range.shift(by);
        range.shift(by);
        if let Some(f) = parent {
            by.function(f);
        }
    }
}

impl Shift for Call {
    fn shift(&mut self, by: &Shifter) {
        let Call { callee: _, args, arg_ranges, spread: _, range, name_range, func, arg_apis: _, object_members } =
            self;
        args.shift(by);
        arg_ranges.shift(by);
        range.shift(by);
        name_range.shift(by);
        if let Some(f) = func {
            by.function(f);
        }
        for (_, r) in object_members {
            r.shift(by);
        }
    }
}

impl Shift for ConstDef {
    fn shift(&mut self, by: &Shifter) {
        let ConstDef { name: _, value, name_range, value_range, member_ranges, item_ranges } = self;
        value.shift(by);
        name_range.shift(by);
        value_range.shift(by);
        for (_, r) in member_ranges {
            r.shift(by);
        }
        item_ranges.shift(by);
    }
}

impl Shift for BridgeMember {
    fn shift(&mut self, by: &Shifter) {
        let BridgeMember { path: _, name_range, value_range, func, import: _ } = self;
        name_range.shift(by);
        value_range.shift(by);
        if let Some(f) = func {
            by.function(f);
        }
    }
}

impl Shift for BridgeDef {
    fn shift(&mut self, by: &Shifter) {
        let BridgeDef { key, key_range, members, toolkit: _, range } = self;
        key.shift(by);
        key_range.shift(by);
        members.shift(by);
        range.shift(by);
    }
}

impl Shift for ObjectDef {
    fn shift(&mut self, by: &Shifter) {
        let ObjectDef { name: _, members } = self;
        members.shift(by);
    }
}

impl Shift for BridgeUse {
    fn shift(&mut self, by: &Shifter) {
        let BridgeUse { root: _, path: _, ranges, args, arg_ranges, spread: _, func, via_alias: _ } = self;
        ranges.shift(by);
        args.shift(by);
        arg_ranges.shift(by);
        if let Some(f) = func {
            by.function(f);
        }
    }
}

impl Shift for WindowDecl {
    fn shift(&mut self, by: &Shifter) {
        let WindowDecl { path: _, name_range } = self;
        name_range.shift(by);
    }
}

impl Shift for TypeDecl {
    fn shift(&mut self, by: &Shifter) {
        let TypeDecl { name: _, members } = self;
        for (_, r, _) in members {
            r.shift(by);
        }
    }
}

impl Shift for ParamCall {
    fn shift(&mut self, by: &Shifter) {
        let ParamCall { func, receiver: _, method: _, channel, arg_count: _ } = self;
        by.function(func);
        channel.shift(by);
    }
}

#[cfg(test)]
mod tests {
    use tree_sitter::{InputEdit, Point};

    use super::*;

    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((self.0 >> 33) as usize) % n.max(1)
        }
    }

    fn floor_char(text: &str, mut i: usize) -> usize {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    }

    /// Replaces `start..old_end` of `text` by `inserted`, tells `tree` (not parsed again), and
    /// returns the span.
    fn apply_edit(text: &mut String, tree: &mut Tree, start: usize, old_end: usize, inserted: &str) -> EditSpan {
        let new_end = start + inserted.len();
        let (start_position, old_end_position) = (point(text, start), point(text, old_end));
        text.replace_range(start..old_end, inserted);
        tree.edit(&InputEdit {
            start_byte: start,
            old_end_byte: old_end,
            new_end_byte: new_end,
            start_position,
            old_end_position,
            new_end_position: point(text, new_end),
        });
        EditSpan { start: start as u32, old_end: old_end as u32, new_end: new_end as u32 }
    }

    fn point(text: &str, at: usize) -> Point {
        let row = text[..at].matches('\n').count();
        Point { row, column: at - text[..at].rfind('\n').map_or(0, |p| p + 1) }
    }

    /// A random edit as `(start, old_end, inserted)`: mostly edits that keep the file valid
    /// (inside strings and names, whole lines, new statements), so that the incremental path is
    /// taken, and some that break it.
    fn random_edit(text: &str, rng: &mut Lcg) -> (usize, usize, String) {
        let lines: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .filter(|&i| i <= text.len())
            .collect();
        let line_start = lines[rng.below(lines.len())];
        match rng.below(8) {
            0 => {
                let quotes: Vec<usize> = text.match_indices('\'').map(|(i, _)| i + 1).collect();
                let at = quotes.get(rng.below(quotes.len())).copied().unwrap_or(0);
                (at, at, ["x", "é", ":", ""][rng.below(4)].to_string())
            }
            1 => {
                let quotes: Vec<usize> = text.match_indices('\'').map(|(i, _)| i + 1).collect();
                let at = quotes.get(rng.below(quotes.len())).copied().unwrap_or(0);
                let end = floor_char(text, at + 1);
                if text[at..end].chars().all(|c| c.is_alphanumeric() || c == ':') {
                    (at, end, String::new())
                } else {
                    (at, at, "y".into())
                }
            }
            2 => {
                // Delete a whole line.
                let end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i + 1);
                (line_start, end, String::new())
            }
            3 => {
                // Duplicate a line.
                let end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i + 1);
                (line_start, line_start, text[line_start..end].to_string())
            }
            4 => {
                let snippets = [
                    "ipcRenderer.send('added:one', 1);\n",
                    "export const ADDED = 'added:two';\n",
                    "import { ipcMain } from 'electron';\n",
                    "const api = { go: () => ipcRenderer.invoke('added:three') };\n",
                    "function helper(ch: string) { ipcRenderer.send(ch); }\n",
                    "// a comment\n",
                    "contextBridge.exposeInMainWorld('added', { x: () => ipcRenderer.invoke('added:four') });\n",
                ];
                (line_start, line_start, snippets[rng.below(snippets.len())].to_string())
            }
            5 => {
                // Rename one identifier-like word.
                let words: Vec<(usize, &str)> = text
                    .match_indices(|c: char| c.is_ascii_alphabetic())
                    .filter(|(i, _)| *i == 0 || !text.as_bytes()[i - 1].is_ascii_alphanumeric())
                    .collect();
                let Some(&(at, _)) = words.get(rng.below(words.len())) else { return (0, 0, String::new()) };
                let end = text[at..].find(|c: char| !c.is_ascii_alphanumeric()).map_or(text.len(), |i| at + i);
                (at, end, "renamed".into())
            }
            _ => {
                let at = floor_char(text, rng.below(text.len() + 1));
                (at, at, ["a", " ", "\n", "(", "}", "'", ";"][rng.below(7)].to_string())
            }
        }
    }

    /// Applies random edits to `text`, updating an extraction incrementally, and compares it with
    /// a whole extraction after every edit. Returns the statements reused over the run.
    fn check(name: &str, text: &str, dialect: Dialect, seed: u64, edits: usize, islands: &mut usize) -> usize {
        let mut rng = Lcg(seed);
        let mut text = text.to_string();
        let Some(mut tree) = parse(&text, dialect) else { return 0 };
        let mut ex = Extraction::new(&text, &tree, DEFAULT_MAX_NESTING);
        assert_eq!(*ex.summary(), extract(&text, dialect), "{name}: first extraction");
        let mut reused = 0;
        // Whether `tree` was parsed whole after the last update from an island.
        let mut fresh = true;
        for step in 0..edits {
            let (start, old_end, inserted) = random_edit(&text, &mut rng);
            let span = apply_edit(&mut text, &mut tree, start, old_end, &inserted);
            let before = ex.summary();
            // As the server does: the edited statement alone when it can be, the tree left as it
            // is (out of date inside the statements updated from islands) and parsed whole only
            // now and then (`State::settle`); else the whole file.
            let island = ex.island(&text, span).and_then(|range| parse_island(&text, dialect, range));
            let from_island = match island {
                Some(island) => ex.update_island(&text, &tree, &island, span, DEFAULT_MAX_NESTING, fresh),
                None => Err(Some(ex)),
            };
            ex = match from_island {
                Ok(updated) => {
                    *islands += 1;
                    fresh = false;
                    updated
                }
                Err(kept) => {
                    let Some(new_tree) = parse_with_old(&text, dialect, &tree) else { return reused };
                    tree = new_tree;
                    fresh = true;
                    match kept {
                        Some(kept) => kept.update(&text, &tree, span, DEFAULT_MAX_NESTING),
                        None => Extraction::new(&text, &tree, DEFAULT_MAX_NESTING),
                    }
                }
            };
            if !fresh && step % 4 == 3 {
                let Some(new_tree) = parse_with_old(&text, dialect, &tree) else { return reused };
                tree = new_tree;
                fresh = true;
                // What `State::settle` checks once the file is parsed whole.
                assert!(ex.matches(&tree), "{name}: step {step}: the islands' statements differ from the file's");
            }
            reused += ex.reused;
            // The hash a cache keeps in place of the summary tells the same as the comparison.
            let after = ex.summary();
            assert_eq!(
                before.same_interface(&after),
                before.interface_hash() == after.interface_hash(),
                "{name}: step {step}: interface hash and comparison disagree"
            );
            drop(before);
            let (got, want) = (ex.summary(), extract(&text, dialect));
            if *got != want {
                let (g, w) = (format!("{got:#?}"), format!("{want:#?}"));
                let diff: Vec<String> = g
                    .lines()
                    .zip(w.lines())
                    .enumerate()
                    .filter(|(_, (a, b))| a != b)
                    .take(6)
                    .map(|(i, (a, b))| format!("line {i}: incremental {a:?} / whole {b:?}"))
                    .collect();
                panic!("{name}: step {step}, edit {start}..{old_end} → {inserted:?}\n{}", diff.join("\n"));
            }
        }
        reused
    }

    fn fixture_scripts() -> Vec<(String, String, Dialect)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut out = Vec::new();
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() && !p.ends_with("node_modules") {
                    stack.push(p);
                } else if let Some(d) = p.to_str().and_then(Dialect::from_path).filter(|d| *d != Dialect::ScriptBlocks)
                {
                    if let Ok(text) = std::fs::read_to_string(&p) {
                        out.push((p.display().to_string(), text, d));
                    }
                }
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    #[test]
    fn updates_equal_whole_extractions_on_every_fixture() {
        let scripts = fixture_scripts();
        assert!(scripts.len() > 50, "fixtures not found");
        let (mut reused, mut islands) = (0, 0);
        for (i, (name, text, dialect)) in scripts.iter().enumerate() {
            reused += check(name, text, *dialect, 7 + i as u64, 40, &mut islands);
        }
        // Most edits keep the files valid: the incremental paths must have been taken.
        assert!(reused > 500, "only {reused} statements reused");
        // (An edit that breaks a file keeps it whole until an edit mends it: fewer islands here.)
        assert!(islands > 40, "only {islands} updates from one statement");
    }

    #[test]
    fn an_edit_in_one_statement_walks_only_that_statement() {
        let mut text = String::from("import { ipcRenderer } from 'electron';\n");
        for i in 0..200 {
            text.push_str(&format!("export function f{i}(x: number) {{\n  ipcRenderer.send('log:t{i}', x);\n}}\n"));
        }
        let tree = parse(&text, Dialect::TypeScript).expect("parse");
        let ex = Extraction::new(&text, &tree, DEFAULT_MAX_NESTING);
        let at = text.find("'log:t100'").expect("anchor") + 1;
        let mut new_text = text.clone();
        new_text.insert(at, 'x');
        let mut tree = tree;
        tree.edit(&InputEdit {
            start_byte: at,
            old_end_byte: at,
            new_end_byte: at + 1,
            start_position: point(&text, at),
            old_end_position: point(&text, at),
            new_end_position: point(&new_text, at + 1),
        });
        let tree = parse_with_old(&new_text, Dialect::TypeScript, &tree).expect("reparse");
        let span = EditSpan { start: at as u32, old_end: at as u32, new_end: at as u32 + 1 };
        let ex = ex.update(&new_text, &tree, span, DEFAULT_MAX_NESTING);
        assert_eq!((ex.walked, ex.reused), (1, 200));
        assert_eq!(*ex.summary(), extract(&new_text, Dialect::TypeScript));
    }

    #[test]
    fn typing_in_a_statement_parses_only_that_statement() {
        let mut text = String::from("import { ipcRenderer } from 'electron';\n// Logging.\n");
        for i in 0..120 {
            match i % 3 {
                0 => text
                    .push_str(&format!("export function f{i}(x: number) {{\n  ipcRenderer.send('log:t{i}', x);\n}}\n")),
                1 => text.push_str(&format!("ipcRenderer.on('ev:e{i}', () => ipcRenderer.send('ack:{i}'));\n")),
                _ => text.push_str(&format!("// note {i}\nconst C{i} = 'const:c{i}';\n")),
            }
        }
        let mut tree = parse(&text, Dialect::TypeScript).expect("parse");
        let mut ex = Extraction::new(&text, &tree, DEFAULT_MAX_NESTING);
        let mut rng = Lcg(3);
        let (mut islands, mut fresh) = (0, true);
        for step in 0..150 {
            // Type or delete a character right after the opening quote of a random string.
            // (Not in the import: a module renamed changes what the other statements see.)
            let first_line = text.find('\n').unwrap_or(0);
            let quotes: Vec<usize> =
                text.match_indices('\'').map(|(i, _)| i + 1).step_by(2).filter(|&i| i > first_line).collect();
            let at = quotes[rng.below(quotes.len())];
            let delete = step % 2 == 1 && text.as_bytes()[at].is_ascii_alphabetic();
            let (old_end, inserted) = if delete { (at + 1, "") } else { (at, "q") };
            let span = apply_edit(&mut text, &mut tree, at, old_end, inserted);
            let range = ex.island(&text, span).expect("an edit inside a statement");
            let island = parse_island(&text, Dialect::TypeScript, range).expect("island");
            ex = match ex.update_island(&text, &tree, &island, span, DEFAULT_MAX_NESTING, fresh) {
                Ok(ex) => {
                    assert_eq!(ex.walked, 1, "step {step}");
                    islands += 1;
                    fresh = false;
                    ex
                }
                // A constant changed: the statements after it are walked again, which the tree
                // (out of date where islands changed it) cannot give: the file is parsed whole and
                // extracted again, as the server does.
                Err(kept) => {
                    tree = parse_with_old(&text, Dialect::TypeScript, &tree).expect("reparse");
                    fresh = true;
                    match kept {
                        Some(kept) => kept.update(&text, &tree, span, DEFAULT_MAX_NESTING),
                        None => Extraction::new(&text, &tree, DEFAULT_MAX_NESTING),
                    }
                }
            };
            assert_eq!(*ex.summary(), extract(&text, Dialect::TypeScript), "step {step}");
        }
        assert!(islands > 100, "{islands} of 150 edits from the statement alone");
        // The tree, never parsed whole in between, parses into the statements the summary has.
        let tree = parse_with_old(&text, Dialect::TypeScript, &tree).expect("reparse");
        assert!(ex.matches(&tree));
    }

    #[test]
    fn spans_combine() {
        // "abcdef": replace "b" by "XY" (→ "aXYcdef"), then delete "de" (at 4..6 → "aXYcf").
        let first = EditSpan { start: 1, old_end: 2, new_end: 3 };
        let both = first.then(EditSpan { start: 4, old_end: 6, new_end: 4 });
        assert_eq!(both, EditSpan { start: 1, old_end: 5, new_end: 4 });
        // A second edit before the first: "abcdef" → "aXYcdef" → "XYcdef" (delete "a").
        let both = first.then(EditSpan { start: 0, old_end: 1, new_end: 0 });
        assert_eq!(both, EditSpan { start: 0, old_end: 2, new_end: 2 });
    }
}
