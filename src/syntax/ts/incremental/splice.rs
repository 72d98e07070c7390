//! An update's middle: the statements an edit touched walked again between the kept ones, and the
//! kept ones after them moved along (or walked again when the state they start from changed).

use std::sync::Arc;

use tree_sitter::Node;

use super::segments::{
    append_shifted, local_edit, split_off, visit_statements, Marks, Segment, CALLS, CONSTS, FUNCTIONS, IMPORTS, SITES,
};
use super::shift::{Shift, Shifter};
use super::{children_between, Extraction, ListSpan, LocalEdit, Plan};
use crate::syntax::ts::summary::{BridgeUse, FileSummary, ProcessEvidence};
use crate::syntax::ts::walker::{StateOp, Walker};

impl Extraction {
    /// Walks `mid_children` in place of the statements between the first `p` and the last `q`,
    /// and moves the last `q` along, or walks them again (from `root`) when the state they start
    /// from changed. `None` when an object of the journal is not found in `root`.
    pub(super) fn splice(
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
            w.out.evidence.union(&s.evidence);
        }
        let mut mid_segments = Vec::with_capacity(mid_children.len());
        visit_statements(&mut w, text, &mid_children, &mut mid_segments);
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
            // Where the walked statements' items of a list were and are.
            let list = |i: usize| ListSpan {
                start: start_marks.get(i) as u32,
                old_end: old_mid_marks.get(i) as u32,
                new_end: new_mid_marks.get(i) as u32,
            };
            let local_edit = local_edit(&old_mid_raw, &w.out, start_marks, new_mid_marks, &shift).then(|| LocalEdit {
                span,
                sites: list(SITES),
                calls: list(CALLS),
                functions: (start_marks.get(FUNCTIONS) as u32, new_mid_marks.get(FUNCTIONS) as u32),
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
                w.out.evidence.union(&s.evidence);
            }
            // The lookups follow the functions and constants that moved, left or came.
            let out = &mut w.out;
            let (functions, consts) = (&out.functions, &out.consts);
            update_lookup(&mut out.function_index, functions, |f| &f.name, list(FUNCTIONS));
            update_lookup(&mut out.const_index, consts, |c| &c.name, list(CONSTS));
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
            visit_statements(&mut w, text, &rest, &mut segments);
            w.out.function_index.clear();
            w.out.const_index.clear();
            let walked = walked + rest.len();
            let reused = segments.len() - walked;
            Some(Self::finish(w, segments, max_nesting, reused, walked))
        }
    }
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
    moved: ListSpan,
) {
    let ListSpan { start, old_end, new_end } = moved;
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
