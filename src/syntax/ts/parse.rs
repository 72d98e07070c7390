//! Parsing: the TypeScript and TSX parsers of each thread, whole files and islands (one statement of a text).

use std::cell::RefCell;

use tree_sitter::{Parser, Tree};

use crate::base::TextRange;

thread_local! {
    /// Parsers for whole files.
    static PARSERS: RefCell<Option<Parsers>> = const { RefCell::new(None) };
    /// Parsers for one statement of a text (`parse_island`): their included ranges change per call.
    static ISLAND_PARSERS: RefCell<Option<Parsers>> = const { RefCell::new(None) };
}

/// The grammar a file is parsed with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// `.ts`, `.mts`, `.cts`: the TypeScript grammar (no JSX, so `<T>x` casts parse).
    TypeScript,
    /// `.tsx`, `.js`, `.jsx`, `.mjs`, `.cjs`: the TSX grammar, which also reads plain JavaScript.
    Tsx,
    /// `.vue`, `.svelte`: the `<script>` blocks, parsed as TypeScript with offsets kept.
    ScriptBlocks,
}

impl Dialect {
    /// The dialect for a file name, or `None` for files that are not scripts.
    pub fn from_path(path: &str) -> Option<Dialect> {
        let ext = path.rsplit_once('.')?.1;
        match ext {
            "ts" | "mts" | "cts" => Some(Dialect::TypeScript),
            "tsx" | "js" | "jsx" | "mjs" | "cjs" => Some(Dialect::Tsx),
            "vue" | "svelte" => Some(Dialect::ScriptBlocks),
            _ => None,
        }
    }
}

/// A TypeScript and a TSX parser.
struct Parsers {
    typescript: Parser,
    tsx: Parser,
}

impl Parsers {
    fn new() -> Option<Parsers> {
        let mut typescript = Parser::new();
        typescript.set_language(&tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into()).ok()?;
        let mut tsx = Parser::new();
        tsx.set_language(&tree_sitter_typescript::LANGUAGE_TSX.into()).ok()?;
        Some(Parsers { typescript, tsx })
    }

    /// The parser of `dialect`'s grammar.
    fn of(&mut self, dialect: Dialect) -> &mut Parser {
        match dialect {
            Dialect::Tsx => &mut self.tsx,
            Dialect::TypeScript | Dialect::ScriptBlocks => &mut self.typescript,
        }
    }
}

/// Parses `text` with the grammar of `dialect`.
pub fn parse(text: &str, dialect: Dialect) -> Option<Tree> {
    PARSERS.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            *cell = Some(Parsers::new()?);
        }
        cell.as_mut()?.of(dialect).parse(text, None)
    })
}

/// Reparses `text` after edits described on `old` (with [`Tree::edit`]), reusing its unchanged parts.
///
/// When the result has syntax errors the text is parsed again from scratch: tree-sitter's error
/// recovery can end differently when it reuses old subtrees, and a summary must depend only on
/// the text (found by `tests/it/differential.rs`; regression test
/// `incremental_reparse_of_broken_code_equals_a_fresh_parse`).
pub fn parse_with_old(text: &str, dialect: Dialect, old: &Tree) -> Option<Tree> {
    PARSERS
        .with(|cell| {
            let mut cell = cell.borrow_mut();
            cell.as_mut()?.of(dialect).parse(text, Some(old))
        })
        .filter(|tree| !tree.root_node().has_error())
        .or_else(|| parse(text, dialect))
}

/// Parses only `range` of `text` (one statement), with the offsets of the whole text: what an
/// edit inside one statement needs before the whole file is parsed again (see `incremental`).
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
            *cell = Some(Parsers::new()?);
        }
        let parser = cell.as_mut()?.of(dialect);
        parser.set_included_ranges(&[included]).ok()?;
        parser.parse(text, None)
    })
}
