//! The `LanguageServer` implementation: each method delegates to its handler in `handlers/`.

use std::sync::Arc;

use serde_json::Value;
use tokio::sync::Notify;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::handlers::{notification, request};
use super::Shared;

/// The server as tower-lsp sees it: the client, what the server shares, and the publisher's bell.
pub struct Backend {
    pub(super) client: Client,
    pub(super) shared: Arc<Shared>,
    /// Wakes the publisher after a change.
    pub(super) dirty: Arc<Notify>,
}

impl Backend {
    pub(super) fn new(client: Client, shared: Arc<Shared>) -> Backend {
        Backend { client, shared, dirty: Arc::new(Notify::new()) }
    }

    /// The `ipcls/channels` request: the same JSON as `ipcls channels --format json`.
    pub async fn channels(&self, _params: Option<Value>) -> Result<Value> {
        request::channels(self).await
    }

    /// `ipcls/debug/panic` (debug builds only).
    #[cfg(debug_assertions)]
    pub async fn debug_panic(&self, _params: Option<Value>) -> Result<Value> {
        request::debug_panic(self).await
    }

    /// `ipcls/debug/waitForCancel` (debug builds only).
    #[cfg(debug_assertions)]
    pub async fn debug_wait_for_cancel(&self, _params: Option<Value>) -> Result<Value> {
        request::debug_wait_for_cancel(self).await
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        notification::initialize(self, params)
    }

    async fn initialized(&self, _: InitializedParams) {
        notification::initialized(self).await
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, _: DidOpenTextDocumentParams) {
        notification::changed(self)
    }

    async fn did_change(&self, _: DidChangeTextDocumentParams) {
        notification::changed(self)
    }

    async fn did_close(&self, _: DidCloseTextDocumentParams) {
        notification::changed(self)
    }

    async fn did_save(&self, _: DidSaveTextDocumentParams) {
        notification::changed(self)
    }

    async fn did_change_workspace_folders(&self, _: DidChangeWorkspaceFoldersParams) {
        notification::changed(self)
    }

    async fn did_change_watched_files(&self, _: DidChangeWatchedFilesParams) {
        notification::did_change_watched_files(self).await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        notification::did_change_configuration(self, params).await
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        request::goto_definition(self, params).await
    }

    async fn goto_implementation(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        request::goto_implementation(self, params).await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        request::references(self, params).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        request::hover(self, params).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        request::completion(self, params).await
    }

    async fn prepare_rename(&self, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>> {
        request::prepare_rename(self, params).await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        request::rename(self, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        request::code_action(self, params).await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        request::execute_command(self, params).await
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        request::document_symbol(self, params).await
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        request::workspace_symbol(self, params).await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        request::code_lens(self, params).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        request::inlay_hint(self, params).await
    }
}
