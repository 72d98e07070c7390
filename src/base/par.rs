//! Work spread over every core: a parallel map that keeps the order of its items.

/// `f` over `items` on every core; results in order, `None` where a thread failed.
pub fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<Option<R>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len()).max(1);
    if threads == 1 {
        return items.iter().map(|i| Some(f(i))).collect();
    }
    // Each thread takes the next item when it is done with one: a large file does not hold up
    // the items that a fixed share would have queued behind it.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (f, next) = (&f, &next);
    let mut out: Vec<Option<R>> = items.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break done };
                        done.push((i, f(item)));
                    }
                })
            })
            .collect();
        // A thread that failed leaves its items `None`.
        for (i, r) in handles.into_iter().filter_map(|h| h.join().ok()).flatten() {
            out[i] = Some(r);
        }
    });
    out
}
