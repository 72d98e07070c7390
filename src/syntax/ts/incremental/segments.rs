//! What each top-level statement left in a summary, and summaries cut and joined at those marks.

use tree_sitter::Node;

use super::shift::{Shift, Shifter};
use crate::base::TextRange;
use crate::syntax::ts::node_kinds::*;
use crate::syntax::ts::summary::{FileSummary, ProcessEvidence};
use crate::syntax::ts::walker::Walker;

/// How many items each list of a [`FileSummary`] held after a statement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Marks([u32; LISTS]);

const LISTS: usize = 23;
pub(super) const IMPORTS: usize = 0;
pub(super) const CONSTS: usize = 2;
pub(super) const SITES: usize = 3;
pub(super) const FUNCTIONS: usize = 4;
pub(super) const CALLS: usize = 5;

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
        $m!(14, global_writes);
        $m!(15, forwarders);
        $m!(16, type_aliases);
        $m!(17, api_bindings);
        $m!(18, returned_instances);
        $m!(19, call_results);
        $m!(20, implementations);
        $m!(21, typed_bindings);
        $m!(22, bridge_providers);
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
            forwarders: _,
            type_decls: _,
            preload_refs: _,
            global_writes: _,
            type_aliases: _,
            api_bindings: _,
            returned_instances: _,
            call_results: _,
            implementations: _,
            typed_bindings: _,
            bridge_providers: _,
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

    pub(super) fn get(self, list: usize) -> usize {
        self.0[list] as usize
    }

    /// These marks with `from` taken away and `to` added (a suffix moved after a new middle).
    pub(super) fn rebase(self, from: Marks, to: Marks) -> Marks {
        let mut m = self.0;
        for (i, v) in m.iter_mut().enumerate() {
            *v = *v - from.0[i] + to.0[i];
        }
        Marks(m)
    }
}

/// Splits every list of `s` at `at`: `s` keeps the items before, the result holds the rest.
pub(super) fn split_off(s: &mut FileSummary, at: Marks) -> FileSummary {
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
pub(super) fn local_edit(
    old_mid: &FileSummary,
    new: &FileSummary,
    start: Marks,
    new_end: Marks,
    shift: &Shifter,
) -> bool {
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
pub(super) fn append_shifted(s: &mut FileSummary, tail: FileSummary, shift: &Shifter) {
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
        FUNCTION_DECLARATION,
        GENERATOR_FUNCTION_DECLARATION,
        CLASS_DECLARATION,
        ABSTRACT_CLASS_DECLARATION,
        INTERFACE_DECLARATION,
        ENUM_DECLARATION,
    ];
    match last {
        Some(b';') => node.end_byte() > node.start_byte(),
        Some(b'}') => {
            let declaration =
                if node.kind() == EXPORT_STATEMENT { node.child_by_field_name(FIELD_DECLARATION) } else { Some(node) };
            declaration.is_some_and(|d| DECLARATIONS.contains(&d.kind()))
        }
        _ => false,
    }
}

/// Walks the program's top-level statements as visiting the program would, recording after each
/// one what it added.
pub(super) fn visit_statements<'a>(w: &mut Walker<'a>, text: &str, nodes: &[Node<'a>], segments: &mut Vec<Segment>) {
    for &node in nodes {
        let walk = w.visit_statement(node);
        segments.push(Segment {
            range: Walker::range(node),
            kind: node.kind_id(),
            ends: Marks::of(&w.out),
            journal_end: w.journal_len() as u32,
            evidence: walk.evidence,
            reads_functions: walk.reads_functions,
            clean_end: ends_cleanly(node, text),
            comment: node.kind_name() == COMMENT,
        });
    }
}
