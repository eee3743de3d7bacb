//! Rendering, filtering, bytes per key press and memory with a large account loaded.

use std::io::Write;

use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::{CrosstermBackend, TestBackend};
use taskdefs::app::state::{Focus, Load};
use taskdefs::app::update::update;
use taskdefs::app::{Action, AppState};
use taskdefs::ecs::{RevisionRef, TdStatus};
use taskdefs::ui::{Theme, render};

use crate::stats::time_us;

const FAMILIES: usize = 5_000;
const REVISIONS: u32 = 100_000;

fn big_state(size: (u16, u16)) -> AppState {
    let mut s = AppState {
        size,
        ..Default::default()
    };
    s.now = "2026-11-28T12:00:00Z".parse::<Timestamp>().expect("time");
    s.families.names = (0..FAMILIES)
        .map(|i| format!("service-{i:05}-{}", ["api", "worker", "cron", "web"][i % 4]))
        .collect();
    s.families.visible = (0..FAMILIES).collect();
    s.families.load = Load::Done;
    s.families.cursor.selected = 17;
    let fam = "service-00017-worker";
    s.revisions.family = Some(fam.to_string());
    s.revisions.rows = (1..=REVISIONS)
        .rev()
        .map(|r| {
            let arn = format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{fam}:{r}");
            RevisionRef::from_arn(
                &arn,
                if r > 99_900 {
                    TdStatus::Active
                } else {
                    TdStatus::Inactive
                },
            )
            .expect("arn")
        })
        .collect();
    s.revisions.visible = (0..REVISIONS as usize).collect();
    s.revisions.load = Load::Done;
    s.focus = Focus::Revisions;
    s
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.to_string())
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

pub fn run_render() {
    let before = rss_kib();
    let theme = Theme::new(false);
    for size in [(120u16, 40u16), (200, 60)] {
        let state = big_state(size);
        let mut term = Terminal::new(TestBackend::new(size.0, size.1)).expect("terminal");
        term.draw(|f| render(f, &state, &theme)).expect("draw");
        let s = time_us(500, || {
            term.draw(|f| render(f, &state, &theme)).expect("draw");
        });
        println!(
            "render {}x{} with {FAMILIES} families and {REVISIONS} revisions: median {:.0} µs (min {:.0}, max {:.0}) per frame; goal ≤ 1000 µs",
            size.0, size.1, s.median, s.min, s.max
        );
    }
    println!(
        "peak RSS of this bench process with the 100,000-revision state built: {} MiB (before: {} MiB)",
        rss_kib() / 1024,
        before / 1024
    );

    // Bytes a cursor move sends to the terminal (what an SSH link carries).
    let mut state = big_state((120, 40));
    let counter = CountingWriter::default();
    let bytes = counter.0.clone();
    let mut term = Terminal::new(CrosstermBackend::new(counter)).expect("terminal");
    term.resize(ratatui::layout::Rect::new(0, 0, 120, 40))
        .expect("resize");
    term.draw(|f| render(f, &state, &theme)).expect("draw");
    let full = bytes.get();
    let mut per_key = Vec::new();
    let now = state.now;
    for i in 0..200 {
        let before = bytes.get();
        let a = if i % 40 < 20 {
            Action::Down
        } else {
            Action::Up
        };
        update(&mut state, a, now);
        term.draw(|f| render(f, &state, &theme)).expect("draw");
        per_key.push((bytes.get() - before) as f64);
    }
    let b = crate::stats::summarize(per_key);
    println!(
        "bytes per cursor move at 120x40: median {:.0} B (min {:.0}, max {:.0}); first full frame {full} B; goal ≤ 1024 B",
        b.median, b.min, b.max
    );
}

pub fn run_filter() {
    let mut state = big_state((120, 40));
    state.focus = Focus::Families;
    let now = state.now;
    update(&mut state, Action::StartFilter, now);
    let s = time_us(200, || {
        update(&mut state, Action::Input('9'), now);
        update(&mut state, Action::Backspace, now);
    });
    println!(
        "filter keystroke over {FAMILIES} families (type + backspace, two refilters): median {:.0} µs (min {:.0}, max {:.0}) for both; goal ≤ 5000 µs each",
        s.median, s.min, s.max
    );
}

/// Counts bytes written to the "terminal".
#[derive(Default)]
pub struct CountingWriter(pub std::rc::Rc<std::cell::Cell<usize>>);

impl Write for CountingWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
