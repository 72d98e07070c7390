//! Cancellation of stale work. Long work (an analysis, the diagnostics of a large workspace) takes a
//! [`Cancel`] token and checks it at safe points; once the documents it was started for have changed,
//! or whoever asked for it has gone, it stops with [`Cancelled`] instead of finishing a result that
//! nobody will read. Cancellation is a value, never a panic.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

/// Work stopped early because its result would be stale or unwanted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancelled;

impl std::fmt::Display for Cancelled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("cancelled: the input changed or the result is no longer wanted")
    }
}

impl std::error::Error for Cancelled {}

/// The result of work that may stop early: its value, or [`Cancelled`].
pub type Cancellable<T> = Result<T, Cancelled>;

/// The generation of the inputs, shared between whoever changes them and the work that reads them.
/// A change is announced *before* it waits for the state, so that work holding the state sees at
/// once that it is stale and lets go; it is settled once applied.
#[derive(Clone, Debug, Default)]
pub struct Generation {
    /// The last change announced.
    latest: Arc<AtomicU64>,
    /// The last change applied (every one before it is applied too).
    settled: Arc<AtomicU64>,
}

/// A change announced and not yet applied; settled when dropped.
#[must_use = "the change counts as applied when this is dropped"]
pub struct Change {
    settled: Arc<AtomicU64>,
    generation: u64,
}

impl Drop for Change {
    fn drop(&mut self) {
        self.settled.fetch_max(self.generation, Ordering::SeqCst);
    }
}

impl Generation {
    /// Announces a change: work on the inputs as they are stops. Keep the result until the change
    /// is applied.
    pub fn announce(&self) -> Change {
        let generation = self.latest.fetch_add(1, Ordering::SeqCst) + 1;
        Change { settled: self.settled.clone(), generation }
    }

    /// A token for work on the inputs as they are now (take it while holding them): cancelled by the
    /// next announced change, and at once while a change announced earlier is still to be applied,
    /// since the inputs are about to change.
    pub fn token(&self) -> Cancel {
        Cancel { generation: Some((self.latest.clone(), self.settled.load(Ordering::SeqCst))), ..Cancel::never() }
    }
}

/// Whether some work should stop. Cheap to check (one or two atomic loads) and to clone; every
/// condition it watches only ever goes from "go on" to "stop", so a token that said stop says so
/// for ever after.
#[derive(Clone, Debug, Default)]
pub struct Cancel {
    /// The shared latest generation and the one the work started for.
    generation: Option<(Arc<AtomicU64>, u64)>,
    /// Set when the requester gave up (a request the client cancelled).
    abandoned: Option<Arc<AtomicBool>>,
    /// Checks left before the token trips, for tests that cancel at every possible point.
    budget: Option<Arc<AtomicU64>>,
}

impl Cancel {
    /// A token that is never cancelled: the CLI, tests, and work that must finish.
    pub fn never() -> Cancel {
        Cancel::default()
    }

    /// A token that says go on for the first `n` checks and stop from then on. Lets tests cancel
    /// an analysis at each of its checkpoints in turn, deterministically; with `u64::MAX` it counts
    /// the checkpoints of a whole run ([`Self::checks`]).
    pub fn after(n: u64) -> Cancel {
        Cancel { budget: Some(Arc::new(AtomicU64::new(n))), ..Cancel::never() }
    }

    /// The same token, also cancelled once `flag` is set.
    pub fn or_abandoned(mut self, flag: Arc<AtomicBool>) -> Cancel {
        self.abandoned = Some(flag);
        self
    }

    /// How many checks a token made by [`Self::after`]`(u64::MAX)` has answered; 0 for others.
    pub fn checks(&self) -> u64 {
        self.budget.as_ref().map_or(0, |b| u64::MAX - b.load(Ordering::SeqCst))
    }

    /// Whether the requester gave up (as opposed to the inputs having moved on).
    pub fn is_abandoned(&self) -> bool {
        self.abandoned.as_ref().is_some_and(|f| f.load(Ordering::SeqCst))
    }

    pub fn is_cancelled(&self) -> bool {
        if let Some((latest, started)) = &self.generation {
            if latest.load(Ordering::SeqCst) != *started {
                return true;
            }
        }
        if self.is_abandoned() {
            return true;
        }
        match &self.budget {
            Some(b) => b.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| left.checked_sub(1)).is_err(),
            None => false,
        }
    }

    /// `Err(Cancelled)` when the work should stop: `cancel.check()?` at a checkpoint.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }
}

/// Sets a flag when dropped: an async request handler holds one while its work runs on a blocking
/// thread, so that when the handler's future is dropped (the client cancelled the request) the work
/// sees [`Cancel::is_abandoned`] and stops.
pub struct AbandonOnDrop(pub Arc<AtomicBool>);

impl Drop for AbandonOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_cancels_tokens_taken_before_it_is_applied() {
        let g = Generation::default();
        let before = g.token();
        assert!(!before.is_cancelled());
        let first = g.announce();
        let second = g.announce();
        assert!(before.is_cancelled());
        assert_eq!(before.check(), Err(Cancelled));
        assert!(g.token().is_cancelled(), "pending changes");
        drop(first);
        assert!(g.token().is_cancelled(), "one change still pending");
        drop(second);
        let after = g.token();
        assert!(!after.is_cancelled());
        assert!(before.is_cancelled());
    }

    #[test]
    fn after_n_trips_at_the_n_plus_first_check_and_stays_tripped() {
        let c = Cancel::after(3);
        let seen: Vec<bool> = (0..6).map(|_| c.is_cancelled()).collect();
        assert_eq!(seen, [false, false, false, true, true, true]);
        let counter = Cancel::after(u64::MAX);
        for _ in 0..5 {
            assert!(!counter.is_cancelled());
        }
        assert_eq!(counter.checks(), 5);
    }

    #[test]
    fn a_dropped_guard_abandons_the_work() {
        let flag = Arc::new(AtomicBool::new(false));
        let c = Generation::default().token().or_abandoned(flag.clone());
        let guard = AbandonOnDrop(flag);
        assert!(!c.is_cancelled());
        drop(guard);
        assert!(c.is_cancelled() && c.is_abandoned());
        assert!(!Cancel::never().is_cancelled());
    }
}
