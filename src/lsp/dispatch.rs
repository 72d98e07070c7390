//! The blocking runner: a request takes the snapshot of its folder and runs its feature on a
//! blocking thread, under a [`Cancel`](crate::base::Cancel) token of the current [`Generation`](crate::base::Generation).
//! A panic becomes an `InternalError` reply; a change that makes an answer tied to positions stale
//! makes it `ContentModified`; a request the client cancelled stops its work (tower-lsp answers it
//! `RequestCancelled`).

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};

use crate::base::cancel::AbandonOnDrop;
use crate::base::{Cancellable, Cancelled, WideEncoding};
use crate::ide::Analysis;

use super::Shared;

/// What a change made while a request is answered does to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Staleness {
    /// The answer holds positions in documents: once they changed it is `ContentModified`.
    ContentModified,
    /// The answer is computed again on the new texts.
    Retry,
}

/// Runs `f` on an analysis of the snapshot of the folder holding `path` (the first folder without
/// one). When the client cancels the request, tower-lsp drops this future, and the guard stops the
/// blocking work.
pub async fn run<T, F>(shared: &Arc<Shared>, staleness: Staleness, path: Option<PathBuf>, f: F) -> Result<T>
where
    T: Send + 'static,
    F: Fn(&Analysis, WideEncoding) -> Cancellable<T> + Send + 'static,
{
    let shared = shared.clone();
    let abandoned = Arc::new(AtomicBool::new(false));
    let _guard = AbandonOnDrop(abandoned.clone());
    let retry = staleness == Staleness::Retry;
    let task = tokio::task::spawn_blocking(move || loop {
        let (analysis, enc) = current_snapshot(&shared, path.as_deref(), &abandoned, retry).ok()?;
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| f(&analysis, enc)));
        let cancel = analysis.cancel();
        match result {
            Ok(Err(Cancelled)) if retry && !cancel.is_abandoned() => std::thread::yield_now(),
            Ok(Err(Cancelled)) => return None,
            _ if !retry && cancel.is_cancelled() => return None,
            Ok(Ok(v)) => return Some(Ok(v)),
            Err(panic) => return Some(Err(panic)),
        }
    });
    match task.await {
        Ok(None) => Err(Error::content_modified()),
        Ok(Some(Ok(v))) => Ok(v),
        Ok(Some(Err(panic))) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            tracing::error!("request failed: {msg}");
            Err(Error {
                code: ErrorCode::InternalError,
                message: format!("ipcls failed on this request: {msg}").into(),
                data: None,
            })
        }
        Err(e) => Err(Error { code: ErrorCode::InternalError, message: e.to_string().into(), data: None }),
    }
}

/// An analysis of the snapshot of the folder holding `path`, with the token it was analysed under
/// (the current generation, and `abandoned`), and the encoding. A change that arrives during the
/// analysis cancels it: with `retry` it starts again once the change is applied, else the caller
/// gets `Cancelled`. Work the requester abandoned is never retried.
pub fn current_snapshot(
    shared: &Shared,
    path: Option<&Path>,
    abandoned: &Arc<AtomicBool>,
    retry: bool,
) -> Cancellable<(Analysis, WideEncoding)> {
    loop {
        let mut s = shared.lock();
        let cancel = shared.generation.token().or_abandoned(abandoned.clone());
        match s.snapshot(path, &cancel) {
            Ok(index) => return Ok((Analysis::new(index, cancel), s.encoding)),
            Err(Cancelled) if !retry || cancel.is_abandoned() => return Err(Cancelled),
            Err(Cancelled) => {
                // Let the change that cancelled the analysis take the state first.
                drop(s);
                std::thread::yield_now();
            }
        }
    }
}

/// A token for work that nobody abandons.
pub fn never_abandoned() -> Arc<AtomicBool> {
    Arc::new(AtomicBool::new(false))
}
