//! Per-operation timings next to criterion's estimates. Criterion estimates the mean time of an
//! operation from batches; the goals are written as the median and 99th percentile of single
//! operations (a keystroke, a cold index) and as ratios between two measurements of the same run,
//! so the benches time each operation they hand to criterion (`iter_custom`), keep every timing
//! here, and print these figures and ratios once criterion is done.

#![allow(dead_code)]

use std::time::Duration;

/// The workspace sizes to measure: `IPCLS_BENCH_FILES` (a comma-separated list such as
/// `1000,10000,50000`), or `default`. Large sizes stay opt-in, so that CI can run every bench once
/// on a tiny workspace.
pub fn sizes(default: &[usize]) -> Vec<usize> {
    let Ok(list) = std::env::var("IPCLS_BENCH_FILES") else { return default.to_vec() };
    let parsed: Vec<usize> = list.split(',').filter_map(|s| s.trim().parse().ok()).collect();
    if parsed.is_empty() {
        default.to_vec()
    } else {
        parsed
    }
}

/// Timings of single operations, by name, in the order the names were first recorded.
#[derive(Default)]
pub struct Samples {
    rows: Vec<(String, Vec<Duration>)>,
}

impl Samples {
    /// Runs `f` `iters` times, recording each run under `name`; returns the total (what
    /// criterion's `iter_custom` wants).
    pub fn timed(&mut self, name: &str, iters: u64, mut f: impl FnMut()) -> Duration {
        let mut sum = Duration::ZERO;
        for _ in 0..iters {
            let t = std::time::Instant::now();
            f();
            let took = t.elapsed();
            self.record(name, took);
            sum += took;
        }
        sum
    }

    pub fn record(&mut self, name: &str, took: Duration) {
        match self.rows.iter_mut().find(|(n, _)| n == name) {
            Some((_, v)) => v.push(took),
            None => self.rows.push((name.to_string(), vec![took])),
        }
    }

    fn sorted(&self, name: &str) -> Option<Vec<Duration>> {
        let (_, v) = self.rows.iter().find(|(n, _)| n == name)?;
        let mut v = v.clone();
        v.sort();
        Some(v)
    }

    /// The `p` quantile (0.5 is the median) of the timings of `name`, if it ran.
    pub fn quantile(&self, name: &str, p: f64) -> Option<Duration> {
        let sorted = self.sorted(name)?;
        let last = sorted.len().checked_sub(1)?;
        sorted.get(((last as f64) * p).round() as usize).copied()
    }

    /// A table of every operation that ran: median, 99th percentile and count. Criterion's warm-up
    /// runs are real operations too and are included.
    pub fn print_table(&self) {
        if self.rows.is_empty() {
            return;
        }
        println!("\n{:<52} {:>12} {:>12} {:>7}", "operation (single runs)", "median", "p99", "runs");
        for (name, v) in &self.rows {
            let (Some(median), Some(p99)) = (self.quantile(name, 0.5), self.quantile(name, 0.99)) else { continue };
            println!("{name:<52} {:>12} {:>12} {:>7}", show(median), show(p99), v.len());
        }
    }

    /// Prints `label: numerator / denominator = ratio` of two medians measured in this run, when
    /// both ran (a bench filter may have skipped one).
    pub fn print_ratio(&self, label: &str, numerator: &str, denominator: &str) {
        let (Some(n), Some(d)) = (self.quantile(numerator, 0.5), self.quantile(denominator, 0.5)) else { return };
        if d.is_zero() {
            return;
        }
        println!("{label:<52} {} / {} = {:.3}", show(n), show(d), n.as_secs_f64() / d.as_secs_f64());
    }
}

/// A duration in the unit that suits it.
pub fn show(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms >= 1000.0 {
        format!("{:.3} s", ms / 1e3)
    } else {
        format!("{ms:.3} ms")
    }
}
