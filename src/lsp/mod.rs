//! The language server: the only code that knows LSP. Handlers convert in, call a feature of
//! [`Analysis`](crate::ide::Analysis) on a snapshot, and convert out.
//!
//! - `server.rs`: the `LanguageServer` implementation, one delegation per method.
//! - `handlers/`: what each request and notification does.
//! - `dispatch.rs`: runs a request on a snapshot on a blocking thread.
//! - `ordered.rs`: applies document changes in arrival order, and every other change of the state.
//! - `publish.rs`: publishes diagnostics after changes.
//! - `capabilities.rs`: what the client supports and what the server offers.
//! - `from_proto.rs`, `to_proto.rs`: every conversion between the protocol and `crate::ide`.
//!
//! Invariant: the [`State`](state::State) changes only in `ordered::apply`. Document changes, watched
//! files, workspace folders, the configuration, `initialize`, loading the workspace and settling
//! documents all go through it as one `ordered::Change`; elsewhere the state is only read or asked
//! for a snapshot (which analyses the current files and keeps the result, but changes no input).
//! A change is announced on the [`Generation`] before it waits for the state, so work on the state
//! as it was stops.

mod capabilities;
mod dispatch;
/// Conversions from the protocol, public only for the fuzz target that compares `rope_offset` with
/// `LineIndex`.
#[doc(hidden)]
pub mod from_proto;
mod handlers;
mod ordered;
mod publish;
mod server;
/// The server's state, public only for the differential tests and the session fuzz target, which
/// drive the same document-sync code path as the server.
#[doc(hidden)]
pub mod state;
mod to_proto;

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use tower_lsp_server::{LspService, Server};

use crate::base::Generation;

pub use server::Backend;

/// What the handlers, the ordered path and the publisher share.
pub(crate) struct Shared {
    state: Mutex<State>,
    /// Bumped before every change; cancels work on the state as it was.
    generation: Generation,
    /// `initialize` has been answered (document changes are applied from then on).
    initialized: AtomicBool,
    /// What the client supports, set once by `initialize`.
    client: OnceLock<capabilities::Client>,
    /// The diagnostics the publisher last derived, per folder, for code actions.
    published: publish::Latest,
}

use state::State;

impl Shared {
    fn new() -> Shared {
        Shared {
            state: Mutex::new(State::new(&[])),
            generation: Generation::default(),
            initialized: AtomicBool::new(false),
            client: OnceLock::new(),
            published: publish::Latest::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn initialized(&self) -> bool {
        self.initialized.load(Ordering::SeqCst)
    }

    /// What the client supports (a client that said nothing before `initialize`).
    fn client(&self) -> capabilities::Client {
        self.client.get().copied().unwrap_or_default()
    }
}

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
    let shared = Arc::new(Shared::new());
    let builder = LspService::build(|client| Backend::new(client, shared.clone()))
        .custom_method("ipcls/channels", Backend::channels);
    #[cfg(debug_assertions)]
    let builder = builder
        .custom_method("ipcls/debug/panic", Backend::debug_panic)
        .custom_method("ipcls/debug/waitForCancel", Backend::debug_wait_for_cancel);
    let (service, socket) = builder.finish();
    let service = ordered::Ordered::new(service, shared);
    Server::new(input, output, socket).serve(service).await;
}
