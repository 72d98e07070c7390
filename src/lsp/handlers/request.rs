//! Request handlers: convert in, call the facade on a snapshot, convert out.

use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;

use crate::base::{Cancellable, FileId, WideEncoding};
use crate::ide::Analysis;

use crate::lsp::capabilities::GENERATE_COMMAND;
use crate::lsp::dispatch::{self, Staleness};
use crate::lsp::from_proto::{self, uri_path};
use crate::lsp::server::Backend;
use crate::lsp::to_proto;

/// Runs `f` at the file and offset of a position; the answer is stale once the documents change.
/// A position outside the snapshot is `null`.
async fn at_position<T, F>(server: &Backend, p: TextDocumentPositionParams, f: F) -> Result<Option<T>>
where
    T: Send + 'static,
    F: Fn(&Analysis, FileId, u32, WideEncoding) -> Cancellable<Option<T>> + Send + 'static,
{
    dispatch::run(&server.shared, Staleness::ContentModified, uri_path(&p.text_document.uri), move |analysis, enc| {
        let Some((file, offset)) = from_proto::locate(analysis.index(), &p.text_document.uri, p.position, enc) else {
            return Ok(None);
        };
        f(analysis, file, offset, enc)
    })
    .await
}

/// Runs `f` on a whole file, computed again on the new texts when the documents change. A file
/// outside the snapshot is `null`.
async fn in_file<T, F>(server: &Backend, uri: Uri, f: F) -> Result<Option<T>>
where
    T: Send + 'static,
    F: Fn(&Analysis, FileId, WideEncoding) -> Cancellable<T> + Send + 'static,
{
    dispatch::run(&server.shared, Staleness::Retry, uri_path(&uri), move |analysis, enc| {
        let Some(file) = from_proto::file(analysis.index(), &uri) else { return Ok(None) };
        f(analysis, file, enc).map(Some)
    })
    .await
}

fn invalid_params(message: impl Into<String>) -> Error {
    Error { code: ErrorCode::InvalidParams, message: message.into().into(), data: None }
}

pub async fn goto_definition(server: &Backend, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
    at_position(server, params.text_document_position_params, |analysis, file, offset, enc| {
        Ok(to_proto::goto(analysis.index(), &analysis.definition(file, offset)?, enc))
    })
    .await
}

pub async fn goto_implementation(
    server: &Backend,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    at_position(server, params.text_document_position_params, |analysis, file, offset, enc| {
        Ok(to_proto::goto(analysis.index(), &analysis.implementation(file, offset)?, enc))
    })
    .await
}

pub async fn references(server: &Backend, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
    let declaration = params.context.include_declaration;
    at_position(server, params.text_document_position, move |analysis, file, offset, enc| {
        Ok(Some(to_proto::locations(analysis.index(), &analysis.references(file, offset, declaration)?, enc)))
    })
    .await
}

pub async fn hover(server: &Backend, params: HoverParams) -> Result<Option<Hover>> {
    at_position(server, params.text_document_position_params, |analysis, file, offset, enc| {
        Ok(analysis.hover(file, offset)?.map(|h| to_proto::hover(analysis.index(), file, h, enc)))
    })
    .await
}

pub async fn completion(server: &Backend, params: CompletionParams) -> Result<Option<CompletionResponse>> {
    at_position(server, params.text_document_position, |analysis, file, offset, enc| {
        Ok(to_proto::completions(analysis.index(), file, analysis.completions(file, offset)?, enc))
    })
    .await
}

/// Nothing renamable here is `null`, as the protocol asks (the client then says so).
pub async fn prepare_rename(
    server: &Backend,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    at_position(server, params, |analysis, file, offset, enc| {
        let prepared = analysis.prepare_rename(file, offset)?.ok();
        Ok(prepared.map(|p| to_proto::prepare_rename(analysis.index(), file, p, enc)))
    })
    .await
}

pub async fn rename(server: &Backend, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let new_name = params.new_name;
    let edit = at_position(server, params.text_document_position, move |analysis, file, offset, enc| {
        let change = analysis.rename(file, offset, &new_name)?;
        Ok(Some(change.map(|c| to_proto::workspace_edit(analysis.index(), &c, enc))))
    })
    .await?;
    edit.unwrap_or_else(|| Err("not in the workspace".to_string())).map(Some).map_err(invalid_params)
}

/// The fixes of the diagnostics the publisher derived for this snapshot, when it got that far;
/// else the analysis derives them.
pub async fn code_action(server: &Backend, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
    let shared = server.shared.clone();
    let path = uri_path(&params.text_document.uri);
    dispatch::run(&server.shared, Staleness::ContentModified, path, move |analysis, enc| {
        let index = analysis.index();
        let Some((file, range)) = from_proto::file_range(index, &params.text_document.uri, params.range, enc) else {
            return Ok(None);
        };
        let published = shared.published.of_file(analysis.snapshot(), file);
        let actions = analysis.code_actions(file, range, published.as_deref())?;
        Ok(Some(to_proto::code_actions(index, actions, enc)))
    })
    .await
}

pub async fn execute_command(server: &Backend, params: ExecuteCommandParams) -> Result<Option<Value>> {
    if params.command != GENERATE_COMMAND {
        return Err(invalid_params(format!("unknown command {}", params.command)));
    }
    let edit = dispatch::run(&server.shared, Staleness::Retry, None, |analysis, enc| {
        let rewrites = analysis.generate_rewrites()?;
        Ok(rewrites.map(|r| (r.len(), to_proto::rewrite_edit(analysis.index(), &r, enc))))
    })
    .await?;
    let (count, edit) = edit.map_err(invalid_params)?;
    if count == 0 {
        return Ok(Some(serde_json::json!({ "changed": 0 })));
    }
    let applied = server.client.apply_edit(edit).await.map_err(|e| Error {
        code: ErrorCode::InternalError,
        message: e.message,
        data: None,
    })?;
    Ok(Some(serde_json::json!({ "changed": count, "applied": applied.applied })))
}

pub async fn document_symbol(server: &Backend, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
    in_file(server, params.text_document.uri, |analysis, file, enc| {
        let symbols = analysis.document_symbols(file)?;
        let index = analysis.index();
        Ok(DocumentSymbolResponse::Nested(symbols.iter().map(|s| to_proto::document_symbol(index, s, enc)).collect()))
    })
    .await
}

pub async fn workspace_symbol(
    server: &Backend,
    params: WorkspaceSymbolParams,
) -> Result<Option<WorkspaceSymbolResponse>> {
    dispatch::run(&server.shared, Staleness::Retry, None, move |analysis, enc| {
        let symbols = analysis.workspace_symbols(&params.query)?;
        Ok(Some(to_proto::workspace_symbols(analysis.index(), &symbols, enc)))
    })
    .await
}

pub async fn code_lens(server: &Backend, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
    in_file(server, params.text_document.uri, |analysis, file, enc| {
        let lenses = analysis.code_lenses(file)?;
        Ok(lenses.into_iter().map(|l| to_proto::code_lens(analysis.index(), file, l, enc)).collect())
    })
    .await
}

pub async fn inlay_hint(server: &Backend, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
    in_file(server, params.text_document.uri, |analysis, file, enc| {
        let hints = analysis.inlay_hints(file)?;
        Ok(hints.into_iter().map(|h| to_proto::inlay_hint(analysis.index(), file, h, enc)).collect())
    })
    .await
}

/// The `ipcls/channels` request: the same JSON as `ipcls channels --format json`.
pub async fn channels(server: &Backend) -> Result<Value> {
    dispatch::run(&server.shared, Staleness::Retry, None, |analysis, _| {
        Ok(serde_json::to_value(analysis.catalogue()?).unwrap_or(Value::Null))
    })
    .await
}

/// `ipcls/debug/panic` (debug builds only): a read-only request whose feature panics, to test that
/// the panic is answered as an error and the server keeps running.
#[cfg(debug_assertions)]
pub async fn debug_panic(server: &Backend) -> Result<Value> {
    dispatch::run(&server.shared, Staleness::Retry, None, |_, _| -> Cancellable<Value> {
        panic!("deliberate panic for testing")
    })
    .await
}

/// `ipcls/debug/waitForCancel` (debug builds only): a request whose work runs until its token is
/// cancelled (`$/cancelRequest`, or a change), then logs why, so that tests can see without timing
/// that cancelled work stops.
#[cfg(debug_assertions)]
pub async fn debug_wait_for_cancel(server: &Backend) -> Result<Value> {
    let client = server.client.clone();
    let runtime = tokio::runtime::Handle::current();
    dispatch::run(&server.shared, Staleness::ContentModified, None, move |analysis, _| {
        let cancel = analysis.cancel();
        let waiting = client.clone();
        runtime.spawn(async move { waiting.log_message(MessageType::INFO, "ipcls: debug work waiting").await });
        let start = std::time::Instant::now();
        while !cancel.is_cancelled() && start.elapsed() < std::time::Duration::from_secs(60) {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        let message = format!("ipcls: debug work stopped (abandoned: {})", cancel.is_abandoned());
        let stopped = client.clone();
        runtime.spawn(async move { stopped.log_message(MessageType::INFO, message).await });
        Ok(Value::Null)
    })
    .await
}
