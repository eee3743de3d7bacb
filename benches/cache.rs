//! Second start from the persistent cache (issue 11, §1): 10,000 revisions in 500 families
//! described and cached by a first run; the second start's first frame (read the cache's
//! front, apply it, draw 120x40) timed in-process, and the describes the screen then asks for.

use std::sync::Arc;
use std::time::Instant;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use taskdefs::app::update::{init, update};
use taskdefs::app::{Action, AppState, Effect};
use taskdefs::cache::{Cache, Front};
use taskdefs::ecs::{RevisionRef, TaskDef, TdStatus};
use taskdefs::ui::{Theme, render};

use crate::stats::summarize;

const FAMILIES: usize = 500;
const PER_FAMILY: u32 = 20;
const KEY: &str = "us-east-1 · http://127.0.0.1:5000";

fn arn(f: usize, r: u32) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:task-definition/fam-{f:03}:{r}")
}

fn described(f: usize, r: u32) -> TaskDef {
    let doc = serde_json::json!({
        "taskDefinitionArn": arn(f, r), "family": format!("fam-{f:03}"), "revision": r,
        "status": "ACTIVE", "registeredAt": 1_790_000_000.0 + f64::from(r) * 3600.0,
        "cpu": "512", "memory": "1024", "compatibilities": ["EC2", "FARGATE"],
        "requiresCompatibilities": ["FARGATE"],
        "containerDefinitions": [
            {"name": "app", "image": format!("123456789012.dkr.ecr.us-east-1.amazonaws.com/fam-{f:03}:git-{r:07x}"),
             "environment": [{"name": "DB_PASSWORD", "value": "hunter2"}]},
            {"name": "log", "image": "fluent-bit:3.0"}],
    });
    TaskDef::from_json(doc, vec![]).expect("doc")
}

/// What a first run leaves: every revision described, `fam-042` viewed last.
fn first_run(dir: &std::path::Path) {
    let cache = Cache::open(dir, KEY).expect("cache");
    for f in 0..FAMILIES {
        for r in 1..=PER_FAMILY {
            cache.put(&described(f, r));
        }
    }
    let rows: Vec<String> = (1..=PER_FAMILY).rev().map(|r| arn(42, r)).collect();
    let front = Front {
        prefix: None,
        families: (0..FAMILIES).map(|f| format!("fam-{f:03}")).collect(),
        family: Some("fam-042".into()),
        summaries: rows.iter().filter_map(|a| cache.summary(a)).collect(),
        rows,
    };
    cache.save(Some(&front)).expect("save");
}

/// Start-up up to the first frame: open, read the front, init, apply it, draw.
fn second_start(dir: &std::path::Path) -> (AppState, Vec<Effect>, Arc<Cache>) {
    let cache = Arc::new(Cache::open(dir, KEY).expect("cache"));
    let front = cache.front(None).expect("a front");
    let mut s = AppState {
        size: (120, 40),
        ..Default::default()
    };
    s.now = "2026-11-28T12:00:00Z".parse().expect("time");
    let now = s.now;
    let mut fx = init(&mut s, now);
    fx.extend(update(&mut s, front.into_action(), now));
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    term.draw(|f| render(f, &s, &Theme::new(false)))
        .expect("draw");
    (s, fx, cache)
}

pub fn run() {
    let dir = tempfile::tempdir().expect("dir");
    first_run(dir.path());
    let size = |name: &str| {
        std::fs::read_dir(dir.path())
            .expect("dir")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(name))
            .map(|e| e.metadata().map(|m| m.len()).unwrap_or(0))
            .sum::<u64>()
    };
    let mut ms = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        let _ = second_start(dir.path());
        ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let first = summarize(ms);
    let (mut s, fx, cache) = second_start(dir.path());
    let t = Instant::now();
    cache.load();
    let load_ms = t.elapsed().as_secs_f64() * 1e3;
    let asked_at_start = fx
        .iter()
        .filter(|e| matches!(e, Effect::Describe { .. }))
        .count();
    // The listings confirm the same rows; then the cursor rests and the screen asks for
    // describes of what it shows.
    let (fam_req, rev_req) = (s.families.request, s.revisions.request);
    let now = s.now;
    update(
        &mut s,
        Action::FamiliesPage {
            request: fam_req,
            names: (0..FAMILIES).map(|f| format!("fam-{f:03}")).collect(),
            done: true,
        },
        now,
    );
    let refs: Vec<RevisionRef> = (1..=PER_FAMILY)
        .rev()
        .filter_map(|r| RevisionRef::from_arn(&arn(42, r), TdStatus::Active))
        .collect();
    update(
        &mut s,
        Action::RevisionsPage {
            request: rev_req,
            refs,
            done: true,
        },
        now,
    );
    let later = now + jiff::SignedDuration::from_secs(1);
    let asked: Vec<String> = update(&mut s, Action::Tick, later)
        .into_iter()
        .flat_map(|e| match e {
            Effect::Describe { arns } => arns,
            _ => vec![],
        })
        .collect();
    let selected = s.revisions.selected().map(|r| r.arn.clone());
    let rows_asked = asked
        .iter()
        .filter(|a| Some(*a) != selected.as_ref())
        .count();
    println!(
        "cache second start, {} revisions cached ({} KiB, front {} KiB): first frame median {:.2} ms (min {:.2}, max {:.2}) with {} families and {} rows with details; describes for the rows on screen: {rows_asked} (at start {asked_at_start}; plus {} for the detail pane of the selected revision); whole cache read in the background: {load_ms:.0} ms, {} entries",
        FAMILIES as u32 * PER_FAMILY,
        size(".json") / 1024,
        size(".front.json") / 1024,
        first.median,
        first.min,
        first.max,
        s.families.names.len(),
        s.revisions.rows.len(),
        asked.len() - rows_asked,
        cache.len(),
    );
}
