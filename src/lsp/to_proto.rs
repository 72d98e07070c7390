//! Conversions to the protocol: byte offsets to LSP positions in the negotiated encoding, and the
//! answers of `crate::ide` to LSP types. With `from_proto.rs`, the only code that knows UTF-16.

use serde_json::Value;
use tower_lsp_server::ls_types::*;

use crate::base::{FileId, TextRange, WideEncoding};
use crate::ide::actions::REGENERATE_TITLE;
use crate::ide::complete::CompletionItem as Completion;
use crate::ide::generated::FileRewrite;
use crate::ide::hover::HoverResult;
use crate::ide::inlay_hints::InlayHint as Hint;
use crate::ide::lens::Lens;
use crate::ide::nav::NavTarget;
use crate::ide::source_change::SourceChange;
use crate::ide::symbols::{self, Symbol};
use crate::ide::{self, CodeActions, Severity};
use crate::index::Index;

pub fn encoding_kind(enc: WideEncoding) -> PositionEncodingKind {
    match enc {
        WideEncoding::Utf8 => PositionEncodingKind::UTF8,
        WideEncoding::Utf16 => PositionEncodingKind::UTF16,
        WideEncoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

pub fn position(index: &Index, file: FileId, offset: u32, enc: WideEncoding) -> Position {
    let lines = index.line_index(file);
    let lc = lines.to_wide(index.text(file), offset, enc);
    Position { line: lc.line, character: lc.col }
}

pub fn range(index: &Index, file: FileId, range: TextRange, enc: WideEncoding) -> Range {
    Range { start: position(index, file, range.start, enc), end: position(index, file, range.end, enc) }
}

pub fn uri(index: &Index, file: FileId) -> Option<Uri> {
    Uri::from_file_path(index.vfs.path(file))
}

pub fn location(index: &Index, file: FileId, range: TextRange, enc: WideEncoding) -> Option<Location> {
    Some(Location { uri: uri(index, file)?, range: self::range(index, file, range, enc) })
}

/// Navigation targets as locations; `None` when there are none.
pub fn goto(index: &Index, targets: &[NavTarget], enc: WideEncoding) -> Option<GotoDefinitionResponse> {
    let locations = locations(index, targets, enc);
    (!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations))
}

pub fn locations(index: &Index, targets: &[NavTarget], enc: WideEncoding) -> Vec<Location> {
    targets.iter().filter_map(|t| location(index, t.file, t.range, enc)).collect()
}

pub fn hover(index: &Index, file: FileId, h: HoverResult, enc: WideEncoding) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: h.markdown }),
        range: Some(range(index, file, h.range, enc)),
    }
}

/// Completions as items that replace the text inside the quotes; `None` when there are none.
pub fn completions(
    index: &Index,
    file: FileId,
    items: Vec<Completion>,
    enc: WideEncoding,
) -> Option<CompletionResponse> {
    let items: Vec<CompletionItem> = items
        .into_iter()
        .map(|c| CompletionItem {
            label: c.label.clone(),
            kind: Some(if c.contract { CompletionItemKind::INTERFACE } else { CompletionItemKind::EVENT }),
            detail: Some(c.detail),
            sort_text: Some(format!("{}{}", if c.preferred { "0" } else { "1" }, c.label)),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: range(index, file, c.replace, enc),
                new_text: c.label,
            })),
            ..Default::default()
        })
        .collect();
    (!items.is_empty()).then_some(CompletionResponse::Array(items))
}

pub fn prepare_rename(
    index: &Index,
    file: FileId,
    (at, placeholder): (TextRange, String),
    enc: WideEncoding,
) -> PrepareRenameResponse {
    PrepareRenameResponse::RangeWithPlaceholder { range: range(index, file, at, enc), placeholder }
}

pub fn diagnostic(index: &Index, d: &ide::Diagnostic, enc: WideEncoding) -> Diagnostic {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Hint => DiagnosticSeverity::HINT,
    };
    let related = d
        .related
        .iter()
        .filter_map(|r| {
            Some(DiagnosticRelatedInformation {
                location: Location { uri: uri(index, r.file)?, range: range(index, r.file, r.range, enc) },
                message: r.message.clone(),
            })
        })
        .collect::<Vec<_>>();
    let mut data = serde_json::Map::new();
    if let Some(c) = &d.channel {
        data.insert("channel".into(), Value::String(c.clone()));
    }
    Diagnostic {
        range: range(index, d.file, d.range, enc),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.code.as_str().into())),
        source: Some("ipcls".into()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: (d.code == ide::Code::UnusedHandler).then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: (!data.is_empty()).then_some(Value::Object(data)),
        ..Default::default()
    }
}

pub fn workspace_edit(index: &Index, change: &SourceChange, enc: WideEncoding) -> WorkspaceEdit {
    let mut document_changes = Vec::new();
    for (file, edits) in &change.edits {
        let Some(uri) = uri(index, *file) else { continue };
        let version = index.vfs.get(*file).and_then(|t| t.version);
        let edits = edits
            .iter()
            .map(|e| OneOf::Left(TextEdit { range: range(index, *file, e.range, enc), new_text: e.new_text.clone() }))
            .collect();
        document_changes
            .push(TextDocumentEdit { text_document: OptionalVersionedTextDocumentIdentifier { uri, version }, edits });
    }
    WorkspaceEdit { document_changes: Some(DocumentChanges::Edits(document_changes)), ..Default::default() }
}

/// Whole generated files replaced (or created) with what `ipcls generate` writes.
pub fn rewrite_edit(index: &Index, rewrites: &[FileRewrite], enc: WideEncoding) -> WorkspaceEdit {
    let mut operations = Vec::new();
    for r in rewrites {
        let (uri, version, range) = match r.file {
            Some(file) => {
                let Some(uri) = uri(index, file) else { continue };
                (uri, index.vfs.get(file).and_then(|t| t.version), range(index, file, r.range, enc))
            }
            None => {
                let Some(uri) = Uri::from_file_path(index.root.join(&r.path)) else { continue };
                operations.push(DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                    uri: uri.clone(),
                    options: Some(CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(true) }),
                    annotation_id: None,
                })));
                (uri, None, Range::default())
            }
        };
        operations.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri, version },
            edits: vec![OneOf::Left(TextEdit { range, new_text: r.text.clone() })],
        }));
    }
    WorkspaceEdit { document_changes: Some(DocumentChanges::Operations(operations)), ..Default::default() }
}

/// The quick fixes, then the regeneration of stale bindings.
pub fn code_actions(index: &Index, actions: CodeActions, enc: WideEncoding) -> CodeActionResponse {
    let mut out: Vec<CodeActionOrCommand> = actions
        .fixes
        .into_iter()
        .map(|a| {
            CodeActionOrCommand::CodeAction(CodeAction {
                title: a.title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic(index, &a.fixes, enc)]),
                edit: Some(workspace_edit(index, &a.change, enc)),
                is_preferred: Some(a.preferred),
                ..Default::default()
            })
        })
        .collect();
    if let Some(r) = actions.regenerate {
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: REGENERATE_TITLE.into(),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![diagnostic(index, &r.fixes, enc)]),
            edit: Some(rewrite_edit(index, &r.rewrites, enc)),
            is_preferred: Some(true),
            ..Default::default()
        }));
    }
    out
}

#[allow(deprecated)]
pub fn document_symbol(index: &Index, s: &Symbol, enc: WideEncoding) -> DocumentSymbol {
    let range = range(index, s.file, s.range, enc);
    DocumentSymbol {
        name: s.name.clone(),
        detail: Some(s.detail.clone()),
        kind: match s.kind {
            symbols::SymbolKind::Channel => SymbolKind::EVENT,
            symbols::SymbolKind::Service => SymbolKind::INTERFACE,
            symbols::SymbolKind::Rpc => SymbolKind::METHOD,
        },
        tags: None,
        deprecated: None,
        range,
        selection_range: range,
        children: Some(s.children.iter().map(|c| document_symbol(index, c, enc)).collect()),
    }
}

#[allow(deprecated)]
pub fn workspace_symbols(index: &Index, symbols: &[Symbol], enc: WideEncoding) -> WorkspaceSymbolResponse {
    let symbols = symbols
        .iter()
        .filter_map(|s| {
            Some(SymbolInformation {
                name: s.name.clone(),
                kind: SymbolKind::EVENT,
                tags: None,
                deprecated: None,
                location: location(index, s.file, s.range, enc)?,
                container_name: Some(s.detail.clone()),
            })
        })
        .collect();
    WorkspaceSymbolResponse::Flat(symbols)
}

/// A lens that only shows its title (no command runs when it is clicked).
pub fn code_lens(index: &Index, file: FileId, lens: Lens, enc: WideEncoding) -> CodeLens {
    CodeLens {
        range: range(index, file, lens.range, enc),
        command: Some(Command { title: lens.title, command: String::new(), arguments: None }),
        data: None,
    }
}

pub fn inlay_hint(index: &Index, file: FileId, hint: Hint, enc: WideEncoding) -> InlayHint {
    InlayHint {
        position: position(index, file, hint.offset, enc),
        label: InlayHintLabel::String(hint.label),
        kind: None,
        text_edits: None,
        tooltip: None,
        padding_left: Some(true),
        padding_right: None,
        data: None,
    }
}
