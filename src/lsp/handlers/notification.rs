//! The lifecycle (`initialize`, `initialized`) and notification handlers. Document changes were
//! applied in order by `Ordered`; their handlers only wake the publisher.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use crate::config::Config;

use crate::lsp::capabilities::{self, server_capabilities};
use crate::lsp::ordered::{self, Change};
use crate::lsp::publish::Publisher;
use crate::lsp::server::Backend;
use crate::lsp::{dispatch, from_proto};

pub fn initialize(server: &Backend, params: InitializeParams) -> Result<InitializeResult> {
    let client = capabilities::Client::parse(&params.capabilities);
    // A second `initialize` is refused by tower-lsp before it gets here.
    let _ = server.shared.client.set(client);
    let roots = from_proto::roots(&params);
    let editor_config = params.initialization_options.and_then(|v| serde_json::from_value::<Config>(v).ok());
    let change = Change::Initialize {
        roots,
        encoding: client.encoding,
        watches_files: client.watches_files,
        editor_config: editor_config.map(|c| c.validate(None).0),
    };
    ordered::apply(&server.shared, change);
    server.shared.initialized.store(true, std::sync::atomic::Ordering::SeqCst);
    Ok(InitializeResult {
        server_info: Some(ServerInfo { name: "ipcls".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
        capabilities: server_capabilities(client.encoding),
        ..Default::default()
    })
}

/// Registers the file watchers, loads the workspace, asks for the settings, and starts the publisher.
pub async fn initialized(server: &Backend) {
    if server.shared.client().watches_files {
        register_watchers(server).await;
    }
    load_workspace(server).await;
    pull_configuration(server).await;
    Publisher::new(server.client.clone(), server.shared.clone(), server.dirty.clone()).spawn();
}

/// Wakes the publisher after a change `Ordered` applied.
pub fn changed(server: &Backend) {
    server.dirty.notify_one();
}

pub async fn did_change_watched_files(server: &Backend) {
    let notes = ordered::apply(&server.shared, Change::TakeNotes).notes;
    for note in notes {
        server.client.log_message(MessageType::WARNING, format!("ipcls: {note}")).await;
    }
    server.dirty.notify_one();
}

pub async fn did_change_configuration(server: &Backend, params: DidChangeConfigurationParams) {
    // Clients that pull send an empty notification and expect the server to ask.
    if server.shared.client().pull_configuration {
        pull_configuration(server).await;
        return;
    }
    if let Ok(config) = from_proto::settings(params.settings) {
        ordered::apply(&server.shared, Change::EditorConfig(config.validate(None).0));
    }
    server.dirty.notify_one();
}

/// Asks the client for the `ipcls` settings (`workspace/configuration`) and applies them when the
/// workspace has no `ipcls.toml`.
async fn pull_configuration(server: &Backend) {
    if !server.shared.client().pull_configuration {
        return;
    }
    let item = ConfigurationItem { scope_uri: None, section: Some("ipcls".into()) };
    let Ok(values) = server.client.configuration(vec![item]).await else { return };
    let Some(value) = values.into_iter().next().filter(|v| v.is_object()) else { return };
    match serde_json::from_value::<Config>(value) {
        Ok(config) => {
            let (config, errors) = config.validate(None);
            for e in errors {
                server.client.log_message(MessageType::WARNING, format!("ipcls settings: {}", e.message)).await;
            }
            ordered::apply(&server.shared, Change::EditorConfig(config));
        }
        Err(e) => server.client.log_message(MessageType::WARNING, format!("ipcls settings: {e}")).await,
    }
    server.dirty.notify_one();
}

async fn register_watchers(server: &Backend) {
    let watchers = [
        "**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,vue,svelte}",
        "**/*.proto",
        "**/ipcls.toml",
        "**/{tsconfig,jsconfig}*.json",
        "**/package.json",
    ]
    .iter()
    .map(|g| FileSystemWatcher { glob_pattern: GlobPattern::String(g.to_string()), kind: None })
    .collect();
    let registration = Registration {
        id: "ipcls-watch".into(),
        method: "workspace/didChangeWatchedFiles".into(),
        register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions { watchers }).ok(),
    };
    if let Err(e) = server.client.register_capability(vec![registration]).await {
        tracing::warn!("file watchers not registered: {e}");
    }
}

/// Reads the workspace and analyses it, with work-done progress for clients that show it; logs
/// the configuration's problems and what was indexed.
async fn load_workspace(server: &Backend) {
    let client = &server.client;
    let token = NumberOrString::String("ipcls/index".into());
    let progress = server.shared.client().work_done_progress
        && client
            .send_request::<request::WorkDoneProgressCreate>(WorkDoneProgressCreateParams { token: token.clone() })
            .await
            .is_ok();
    if progress {
        let begin = WorkDoneProgress::Begin(WorkDoneProgressBegin {
            title: "ipcls: indexing".into(),
            cancellable: Some(false),
            message: Some("reading files".into()),
            percentage: Some(0),
        });
        report(server, &token, begin).await;
    }
    let shared = server.shared.clone();
    let _ = tokio::task::spawn_blocking(move || ordered::apply(&shared, Change::Load)).await;
    if progress {
        let halfway = WorkDoneProgress::Report(WorkDoneProgressReport {
            cancellable: Some(false),
            message: Some("resolving channels".into()),
            percentage: Some(50),
        });
        report(server, &token, halfway).await;
    }
    let index = {
        let shared = server.shared.clone();
        // Changes that arrive meanwhile (the editor opens its files at once) cancel the first
        // analysis; it starts again on the new texts, keeping the files it already parsed.
        let never_abandoned = dispatch::never_abandoned();
        tokio::task::spawn_blocking(move || dispatch::current_snapshot(&shared, None, &never_abandoned, true))
            .await
            .ok()
            .and_then(|r| r.ok())
            .map(|(analysis, _)| analysis.snapshot().clone())
    };
    let Some(index) = index else {
        // The analysis panicked (answered and logged where it ran); the next request analyses again.
        if progress {
            let end = WorkDoneProgressEnd { message: Some("indexing failed".into()) };
            report(server, &token, WorkDoneProgress::End(end)).await;
        }
        return;
    };
    for e in &index.config_errors {
        client.log_message(MessageType::WARNING, format!("ipcls: {e}")).await;
    }
    for note in &index.notes {
        client.log_message(MessageType::WARNING, format!("ipcls: {note}")).await;
    }
    if progress {
        let message =
            format!("{} channels in {} files", index.channels.len(), index.stats.scripts + index.stats.protos);
        report(server, &token, WorkDoneProgress::End(WorkDoneProgressEnd { message: Some(message) })).await;
    }
    let message = format!("ipcls: indexed {} channels, {} sites", index.channels.len(), index.sites.len());
    client.log_message(MessageType::INFO, message).await;
}

async fn report(server: &Backend, token: &NumberOrString, value: WorkDoneProgress) {
    let params = ProgressParams { token: token.clone(), value: ProgressParamsValue::WorkDone(value) };
    server.client.send_notification::<notification::Progress>(params).await;
}
