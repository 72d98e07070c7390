//! Capabilities: what the client said it supports, parsed once at `initialize` into [`Client`], and
//! what the server offers, built in [`server_capabilities`].

use serde_json::Value;
use tower_lsp_server::ls_types::*;

use crate::base::WideEncoding;

use super::to_proto;

/// The command that regenerates the bindings (`workspace/executeCommand`; a VS Code command can call it).
pub const GENERATE_COMMAND: &str = "ipcls.generate";

/// What the client supports, as the rest of the server asks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Client {
    /// The position encoding both sides use: UTF-8 when the client offers it, else UTF-16.
    pub encoding: WideEncoding,
    /// The client registers file watchers dynamically (`workspace/didChangeWatchedFiles`).
    pub watches_files: bool,
    /// The client answers `workspace/configuration`.
    pub pull_configuration: bool,
    /// The client asked for `ipcls/indexChanged` (experimental capability `ipclsIndexChanged`).
    pub index_changed: bool,
    /// The client shows work-done progress (`window.workDoneProgress`).
    pub work_done_progress: bool,
}

impl Default for Client {
    /// A client that said nothing: UTF-16 and no optional feature.
    fn default() -> Client {
        Client {
            encoding: WideEncoding::Utf16,
            watches_files: false,
            pull_configuration: false,
            index_changed: false,
            work_done_progress: false,
        }
    }
}

impl Client {
    pub fn parse(caps: &ClientCapabilities) -> Client {
        Client {
            encoding: negotiate(caps.general.as_ref().and_then(|g| g.position_encodings.as_deref())),
            watches_files: caps
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            pull_configuration: caps.workspace.as_ref().and_then(|w| w.configuration).unwrap_or(false),
            index_changed: caps
                .experimental
                .as_ref()
                .and_then(|e| e.get("ipclsIndexChanged"))
                .and_then(Value::as_bool)
                .unwrap_or(false),
            work_done_progress: caps.window.as_ref().and_then(|w| w.work_done_progress).unwrap_or(false),
        }
    }
}

/// UTF-8 when the client offers it, else UTF-16 (the LSP default).
fn negotiate(offered: Option<&[PositionEncodingKind]>) -> WideEncoding {
    match offered {
        Some(list) if list.contains(&PositionEncodingKind::UTF8) => WideEncoding::Utf8,
        _ => WideEncoding::Utf16,
    }
}

/// Everything the server offers, in the encoding negotiated with the client.
pub fn server_capabilities(encoding: WideEncoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(to_proto::encoding_kind(encoding)),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::Supported(true)),
            ..Default::default()
        })),
        definition_provider: Some(OneOf::Left(true)),
        implementation_provider: Some(ImplementationProviderCapability::Simple(true)),
        references_provider: Some(OneOf::Left(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["'".into(), "\"".into(), "`".into(), ":".into()]),
            ..Default::default()
        }),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![GENERATE_COMMAND.to_string()],
            ..Default::default()
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        code_lens_provider: Some(CodeLensOptions { resolve_provider: Some(false) }),
        inlay_hint_provider: Some(OneOf::Left(true)),
        ..Default::default()
    }
}
