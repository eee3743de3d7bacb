//! Median / min / max of repeated measurements.

/// Summary of samples.
pub struct Summary {
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

pub fn summarize(mut xs: Vec<f64>) -> Summary {
    xs.sort_by(|a, b| a.total_cmp(b));
    let n = xs.len();
    let median = if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    };
    Summary {
        median,
        min: xs[0],
        max: xs[n - 1],
    }
}

/// Times `f` `n` times, returning microseconds.
pub fn time_us(n: usize, mut f: impl FnMut()) -> Summary {
    let mut xs = Vec::with_capacity(n);
    for _ in 0..n {
        let t = std::time::Instant::now();
        f();
        xs.push(t.elapsed().as_secs_f64() * 1e6);
    }
    summarize(xs)
}

/// A current-thread runtime on paused time: the rate-limit benchmarks run in simulated
/// seconds, deterministic and quick.
pub fn paused_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("runtime")
}
