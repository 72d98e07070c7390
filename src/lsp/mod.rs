//! The language server: the only code that knows LSP. Handlers convert in, call a feature of
//! `crate::ide` on a snapshot, and convert out.

/// Position conversions, public only for the fuzz targets that compare them with `LineIndex`.
#[doc(hidden)]
pub mod convert;
mod ordered;
mod server;
/// The server's state, public only for the differential tests and the session fuzz target, which
/// drive the same document-sync code path as the server.
#[doc(hidden)]
pub mod state;

use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use tower_lsp_server::{LspService, Server};

pub use server::Backend;

/// Runs the server on stdio until the client exits. Logs go to stderr (`IPCLS_LOG` filters them).
pub fn run_stdio() -> ExitCode {
    let filter = tracing_subscriber::EnvFilter::try_from_env("IPCLS_LOG").unwrap_or_else(|_| "warn".into());
    let _ = tracing_subscriber::fmt().with_writer(std::io::stderr).with_env_filter(filter).with_ansi(false).try_init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("ipcls: cannot start the runtime: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    ExitCode::SUCCESS
}

/// Serves LSP over any byte streams (stdio, or an in-memory duplex in tests).
pub async fn serve<I, O>(input: I, output: O)
where
    I: tokio::io::AsyncRead + Unpin,
    O: tokio::io::AsyncWrite,
{
    let state = Arc::new(Mutex::new(state::State::new(&[])));
    let generation = crate::base::Generation::default();
    let builder = LspService::build(|client| Backend::new(client, state.clone(), generation.clone()))
        .custom_method("ipcls/channels", Backend::channels);
    #[cfg(debug_assertions)]
    let builder = builder
        .custom_method("ipcls/debug/panic", Backend::debug_panic)
        .custom_method("ipcls/debug/waitForCancel", Backend::debug_wait_for_cancel);
    let (service, socket) = builder.finish();
    let service = ordered::Ordered::new(service, state, generation);
    Server::new(input, output, socket).serve(service).await;
}
