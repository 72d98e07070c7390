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
//! `tests` and `tests/it/differential.rs` compare every incremental result with a whole
//! extraction of the same text.
//!
//! `segments` records what each statement left (list lengths, journal length, evidence) and cuts
//! and joins summaries at those marks; `splice` walks the statements an edit touched between the
//! kept ones; `shift` moves the kept statements' offsets and function indices.

mod segments;
mod shift;
mod splice;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use tree_sitter::{Node, Tree};

use super::node_kinds::{use_fields_of, PROGRAM};
use super::summary::{BridgeUse, FileSummary};
use super::walker::{Finished, StateOp, Walker};
use crate::base::{EditSpan, TextRange};
use segments::{ends_cleanly, visit_statements, Segment};
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
            visit_statements(&mut w, text, &children, &mut segments);
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

    fn finish(mut w: Walker, segments: Vec<Segment>, max_nesting: u32, reused: usize, walked: usize) -> Extraction {
        let journal = w.journal.take().unwrap_or_default();
        let Finished { summary, removed_uses } = w.finish();
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
    max_nesting > 1 && root.kind() == PROGRAM && !root.has_error()
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

fn shifted(range: TextRange, delta: i64) -> Option<TextRange> {
    let start = u32::try_from(range.start as i64 + delta).ok()?;
    let end = u32::try_from(range.end as i64 + delta).ok()?;
    Some(TextRange { start, end })
}
