//! What `prune` prints: the plan and the outcomes, as text (ECS strings escaped) or as JSON
//! lines on stdout, and a progress bar on stderr when stderr is a terminal.
//!
//! JSON record types (one object per line, `type` first):
//! - `plan_family`: `family`, `kept`, `deregister`, `protected`, `too_young`, `unknown_age` (counts);
//! - `plan_item`: `action` (`deregister` | `delete` | `protected` | `protected_delete`),
//!   `family`, `revision`, `arn`, `users` (who uses a protected revision);
//! - `plan_total`: `families`, `deregister`, `delete`, `protected`, `too_young`, `unknown_age`,
//!   `in_use_scan` (`complete` | the error);
//! - `outcome`: `action` (`deregister` | `delete`), `family`, `revision`, `arn`, `result`
//!   (`done` | `dry_run` | `skipped` | `failed`), `reason`;
//! - `summary`: `done`, `dry_run`, `skipped`, `failed`, `cancelled`, `exit`.

use std::io::{IsTerminal as _, Write};

use serde_json::json;

use super::apply::{Item, Outcome};
use super::plan::Plan;
use crate::app::JobKind;
use crate::contexts::Context;
use crate::text::escape;

/// Writes to stdout; a closed pipe is not an error (the reader has what it wanted).
pub fn out(line: &str) {
    let mut o = std::io::stdout().lock();
    let _ = writeln!(o, "{line}");
}

fn action(kind: JobKind) -> &'static str {
    match kind {
        JobKind::Deregister => "deregister",
        JobKind::Delete => "delete",
    }
}

/// Adds the context's account, region and profile to a JSON record (several contexts only).
pub fn tag(mut v: serde_json::Value, ctx: Option<&Context>) -> serde_json::Value {
    if let (Some(c), Some(obj)) = (ctx, v.as_object_mut()) {
        obj.insert("account".into(), json!(c.account));
        obj.insert("region".into(), json!(c.region));
        obj.insert("profile".into(), json!(c.profile));
    }
    v
}

/// Prints the plan: per family what is kept, deregistered, protected and too young; totals.
pub fn plan(p: &Plan, json: bool) {
    plan_in(p, json, None);
}

/// Prints one context's plan; its JSON records carry the context when there are several.
pub fn plan_in(p: &Plan, json: bool, ctx: Option<&Context>) {
    let mut protected = 0;
    let (mut deregister, mut too_young, mut unknown) = (0, 0, 0);
    for f in &p.families {
        protected += f.protected_in_use.len();
        deregister += f.selected.len();
        too_young += f.too_young;
        unknown += f.unknown_age;
        if json {
            out(&tag(
                json!({"type": "plan_family", "family": f.family, "kept": f.kept,
                "deregister": f.selected.len(), "protected": f.protected_in_use.len(),
                "too_young": f.too_young, "unknown_age": f.unknown_age}),
                ctx,
            )
            .to_string());
        } else {
            out(&format!(
                "{}: keep {}, deregister {}, protected {}, too young {}{}",
                escape(&f.family),
                f.kept,
                f.selected.len(),
                f.protected_in_use.len(),
                f.too_young,
                match f.unknown_age {
                    0 => String::new(),
                    n => format!(", age unknown {n}"),
                }
            ));
        }
        for r in &f.selected {
            item_line(json, "deregister", r, &[], ctx);
        }
        for r in &f.protected_in_use {
            item_line(json, "protected", r, &p.users_of(r), ctx);
        }
    }
    for r in &p.delete {
        item_line(json, "delete", r, &[], ctx);
    }
    for pr in &p.delete_protected {
        item_line(json, "protected_delete", &pr.revision, &pr.users, ctx);
    }
    let scan = match &p.in_use {
        Ok(_) => "complete".to_string(),
        Err(e) => e.clone(),
    };
    if json {
        out(&tag(
            json!({"type": "plan_total", "families": p.families.len(),
            "deregister": deregister, "delete": p.delete.len(),
            "protected": protected + p.delete_protected.len(),
            "too_young": too_young + p.delete_too_young, "unknown_age": unknown,
            "in_use_scan": scan}),
            ctx,
        )
        .to_string());
        return;
    }
    out(&format!(
        "total: {} families, deregister {deregister}, delete {}, protected {}, too young {}{}",
        p.families.len(),
        p.delete.len(),
        protected + p.delete_protected.len(),
        too_young + p.delete_too_young,
        match unknown {
            0 => String::new(),
            n => format!(", age unknown {n}"),
        }
    ));
    if let Err(e) = &p.in_use {
        out(&format!(
            "in-use protection unavailable: the scan failed ({}); nothing is protected",
            escape(e)
        ));
    }
}

fn item_line(
    json: bool,
    what: &str,
    r: &crate::ecs::RevisionRef,
    users: &[String],
    ctx: Option<&Context>,
) {
    if json {
        out(&tag(
            json!({"type": "plan_item", "action": what, "family": r.family,
            "revision": r.revision, "arn": r.arn, "users": users}),
            ctx,
        )
        .to_string());
    } else if users.is_empty() {
        out(&format!("  {what:<10} {}", escape(&r.label())));
    } else {
        out(&format!(
            "  {:<10} {}  used by {}",
            "protected",
            escape(&r.label()),
            escape(&users.join(", "))
        ));
    }
}

/// Reports outcomes as they arrive: a progress bar when stderr is a terminal, and one line per
/// item on stdout unless stdout is that terminal (then only failed and skipped items).
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
    /// Several contexts on a terminal: the total bar and one per context, drawn together.
    multi: Option<(
        indicatif::MultiProgress,
        Vec<(String, indicatif::ProgressBar)>,
    )>,
    json: bool,
    every_item: bool,
    /// Counts per result.
    pub counts: Counts,
    /// Items that failed, with why and their context (when there are several), for the summary.
    pub failed: Vec<(Item, Option<String>)>,
}

/// Outcome counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Done.
    pub done: usize,
    /// Dry run.
    pub dry_run: usize,
    /// Skipped.
    pub skipped: usize,
    /// Failed.
    pub failed: usize,
}

impl Progress {
    /// A reporter; the bar only when stderr is a terminal.
    pub fn new(json: bool) -> Progress {
        Progress {
            bar: None,
            multi: None,
            json,
            every_item: json || !std::io::stdout().is_terminal(),
            counts: Counts::default(),
            failed: Vec::new(),
        }
    }

    /// Starts a phase of `total` items.
    pub fn start(&mut self, kind: JobKind, total: usize) {
        self.start_named(action(kind), total);
    }

    /// Starts a bar of `total` items named `what`.
    fn start_named(&mut self, what: &'static str, total: usize) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
        if total == 0 || !std::io::stderr().is_terminal() {
            return;
        }
        let bar = indicatif::ProgressBar::new(total as u64);
        let style = indicatif::ProgressStyle::with_template(
            "{msg} {bar:30} {pos}/{len} ({per_sec}, ETA {eta})",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_message(what);
        self.bar = Some(bar);
    }

    /// Records and prints one outcome.
    pub fn item(&mut self, it: Item) {
        self.item_in(it, None);
    }

    /// Makes room in the bar for `n` more items (several contexts share one bar).
    pub fn grow(&mut self, n: usize) {
        match &self.bar {
            Some(b) => b.inc_length(n as u64),
            None => self.start_named("prune", n),
        }
    }

    /// Makes room for `n` more items of context `ctx`: on a terminal each context has its own
    /// bar (rate and ETA) under the total one.
    pub fn grow_in(&mut self, ctx: &Context, n: usize) {
        self.grow(n);
        let Some(total) = &self.bar else {
            return;
        };
        let (multi, bars) = self.multi.get_or_insert_with(|| {
            let multi = indicatif::MultiProgress::new();
            multi.add(total.clone());
            (multi, Vec::new())
        });
        let label = ctx.label();
        if let Some((_, b)) = bars.iter().find(|(l, _)| *l == label) {
            b.inc_length(n as u64);
            return;
        }
        let bar = multi.add(indicatif::ProgressBar::new(n as u64));
        let style = indicatif::ProgressStyle::with_template(
            "  {prefix} {bar:20} {pos}/{len} ({per_sec}, ETA {eta})",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_prefix(escape(&label).into_owned());
        bars.push((label, bar));
    }

    /// Records and prints one outcome of context `ctx` (named when there are several).
    pub fn item_in(&mut self, it: Item, ctx: Option<&Context>) {
        if let (Some(c), Some((_, bars))) = (ctx, &self.multi) {
            let label = c.label();
            if let Some((_, b)) = bars.iter().find(|(l, _)| *l == label) {
                b.inc(1);
            }
        }
        match it.result {
            Outcome::Done => self.counts.done += 1,
            Outcome::DryRun => self.counts.dry_run += 1,
            Outcome::Skipped => self.counts.skipped += 1,
            Outcome::Failed => self.counts.failed += 1,
        }
        let line = if self.json {
            tag(
                json!({"type": "outcome", "action": action(it.kind), "family": it.revision.family,
                "revision": it.revision.revision, "arn": it.revision.arn,
                "result": it.result.as_str(), "reason": it.reason}),
                ctx,
            )
            .to_string()
        } else {
            format!(
                "{}{} {} {}{}",
                ctx.map(|c| format!("{}: ", escape(&c.label())))
                    .unwrap_or_default(),
                action(it.kind),
                escape(&it.revision.label()),
                it.result.as_str(),
                it.reason
                    .as_deref()
                    .map(|r| format!(": {}", escape(r)))
                    .unwrap_or_default()
            )
        };
        let attention = matches!(it.result, Outcome::Failed | Outcome::Skipped);
        match &self.bar {
            // A file, a pipe or JSON gets every item; a terminal reading stdout has the bar
            // and sees only what needs attention.
            Some(bar) if self.every_item => {
                bar.inc(1);
                bar.suspend(|| out(&line));
            }
            Some(bar) => {
                bar.inc(1);
                if attention {
                    bar.println(line);
                }
            }
            None => out(&line),
        }
        if it.result == Outcome::Failed {
            self.failed.push((it, ctx.map(Context::label)));
        }
    }

    /// Removes every bar from the terminal, so that the lines after it print cleanly.
    pub fn clear_bars(&mut self) {
        if let Some((_, bars)) = self.multi.take() {
            for (_, b) in bars {
                b.finish_and_clear();
            }
        }
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }

    /// Clears the bar and prints the summary (failed items each with its reason).
    pub fn summary(&mut self, cancelled: bool, exit: u8) {
        self.clear_bars();
        let c = self.counts;
        if self.json {
            out(
                &json!({"type": "summary", "done": c.done, "dry_run": c.dry_run,
                "skipped": c.skipped, "failed": c.failed, "cancelled": cancelled, "exit": exit})
                .to_string(),
            );
            return;
        }
        for (it, ctx) in &self.failed {
            out(&format!(
                "failed: {}{} {}: {}",
                ctx.as_deref()
                    .map(|c| format!("{}: ", escape(c)))
                    .unwrap_or_default(),
                action(it.kind),
                escape(&it.revision.label()),
                escape(it.reason.as_deref().unwrap_or("unknown reason"))
            ));
        }
        out(&format!(
            "summary: {} done, {} dry run, {} skipped, {} failed{}",
            c.done,
            c.dry_run,
            c.skipped,
            c.failed,
            if cancelled { " (cancelled)" } else { "" }
        ));
    }
}
