//! Snapshots of every screen at 80x24 and 120x40 with a fixed clock, plus the checks a
//! snapshot cannot make by eye: masked secrets absent, no colour under NO_COLOR, no panic
//! when tiny, and the rows drawn agree with `layout::list_rows`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod render_fixtures;

use jiff::SignedDuration;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use render_fixtures as fx;
use taskdefs::app::AppState;
use taskdefs::app::JobKind;
use taskdefs::app::state::{
    Confirm, Described, Focus, JobFlow, JobView, KeepPrompt, Level, Load, Modal,
};
use taskdefs::domain::{ItemFailure, SkipReason};
use taskdefs::ecs::{EcsError, ErrorKind, StatusFilter, TdStatus};
use taskdefs::journal::{Entry, Phase};
use taskdefs::ui::{MASK, Theme, layout, render};

fn draw_with(state: &AppState, theme: &Theme, size: (u16, u16)) -> Buffer {
    let mut term = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    term.draw(|f| render(f, state, theme)).unwrap();
    term.backend().buffer().clone()
}

/// Renders `make(size)` at both sizes, snapshots each, returns the screens.
fn snap(name: &str, make: impl Fn((u16, u16)) -> AppState) -> Vec<String> {
    fx::SIZES
        .iter()
        .map(|&size| {
            let state = make(size);
            let screen = fx::text(&draw_with(&state, &Theme::new(false), size));
            insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), screen);
            screen
        })
        .collect()
}

fn confirm(kind: JobKind, revs: &[u32]) -> Confirm {
    Confirm {
        kind,
        items: revs
            .iter()
            .map(|&r| fx::rref("payments-api", r, TdStatus::Active))
            .collect(),
        in_use: 0,
        hidden: 0,
        required: None,
        typed: String::new(),
        second_stage: false,
        scroll: 0,
        notes: vec![],
        recheck_failed: None,
        added_marks: vec![],
    }
}

fn running_job(s: &mut AppState) {
    let items: Vec<_> = (1..=500)
        .map(|r| fx::rref("payments-worker", r, TdStatus::Active))
        .collect();
    let refused = |kind, message| {
        ItemFailure::Refused(EcsError::new("DeregisterTaskDefinition", kind, message))
    };
    let failures = vec![
        (
            items[7].clone(),
            refused(
                ErrorKind::Client,
                "The revision is used by an active deployment.",
            ),
        ),
        (
            items[9].clone(),
            refused(
                ErrorKind::AccessDenied,
                "not authorized to perform ecs:DeregisterTaskDefinition.",
            ),
        ),
    ];
    let items_sent = items[122..130].iter().map(|r| r.arn.clone()).collect();
    s.job = Some(JobView {
        id: 9,
        kind: JobKind::Deregister,
        items,
        done: 120,
        failures,
        started: fx::now() - SignedDuration::from_secs(120),
        finished: None,
        cancelled: false,
        dry_run: false,
        flow: JobFlow {
            open: items_sent,
            in_flight: 8,
            per_sec: 0.8,
            ..JobFlow::default()
        },
    });
}

#[test]
fn families_states() {
    snap("families_loading", fx::families_loading);
    snap("families_loading_partial", |size| {
        let mut s = fx::families_loading(size);
        s.families.names = fx::FAMILIES[..5].iter().map(|f| f.to_string()).collect();
        s.families.visible = (0..5).collect();
        s.families.load = Load::Loading { pages: 1 };
        s
    });
    let empty = snap("families_empty", |size| {
        let mut s = fx::families_loading(size);
        s.families.load = Load::Done;
        s.family_prefix = Some("payments".into());
        s
    });
    assert!(empty[0].contains("no ACTIVE families") && empty[0].contains("with prefix 'payments'"));
    let failed = snap("families_failed", |size| {
        let mut s = fx::families_loading(size);
        s.families.load = Load::Failed(EcsError::new(
            "ListTaskDefinitionFamilies",
            ErrorKind::AccessDenied,
            "not authorized to perform ecs:ListTaskDefinitionFamilies.",
        ));
        s
    });
    assert!(failed[1].contains("║✗ listing failed"));
    assert!(
        failed[0]
            .contains("Listing families failed: AccessDenied on ecs:ListTaskDefinitionFamilies")
    );
    let loaded = snap("families_loaded", fx::families_focus);
    assert!(loaded[0].contains("Families ACTIVE 14"));
    assert!(
        loaded[0].contains("orders-api") && loaded[0].contains("●1"),
        "marks per family"
    );
    let filtered = snap("families_filtered", |size| {
        let mut s = fx::families_focus(size);
        s.families.filter.text = "pay".into();
        s.families.filter.editing = true;
        s.families.visible = vec![6, 7, 8];
        s.families.cursor.selected = 0;
        s
    });
    assert!(filtered[0].contains("Families ACTIVE 3/14") && filtered[0].contains("/pay▏"));
    assert!(!filtered[0].contains("auth-service"));
    let nomatch = snap("families_no_match", |size| {
        let mut s = fx::families_focus(size);
        s.families.filter.text = "zzz".into();
        s.families.visible.clear();
        s.families.cursor = Default::default();
        s.revisions = Default::default();
        s
    });
    assert!(nomatch[0].contains("no family matches") && nomatch[0].contains("'zzz' (Esc clears)"));
}

#[test]
fn revisions_states() {
    let screens = snap("revisions_loaded", fx::loaded);
    for s in &screens {
        assert!(s.contains("payments-api revisions 24 (ACTIVE)"));
        assert!(s.contains("●  307 ACTIVE"), "mark glyph");
        assert!(s.contains(" ⚑ 312 ACTIVE"), "in-use badge");
        assert!(s.contains(" api:1.311.0"), "last path segment and tag");
        assert!(
            !s.contains("dkr.ecr.us-east-1.amazonaws.com/payments/api:1.311"),
            "registry host dropped"
        );
        assert!(s.contains("● 4 marked"));
        assert!(s.contains("3d ago"));
    }
    assert!(screens[0].contains("1024/2048"), "CPU/memory at 80 columns");
    let big = &screens[1];
    assert!(big.contains("deregistering…") && big.contains("queued") && big.contains("✗ error"));
    assert!(
        big.contains("301 INACTIVE"),
        "our own result beats the stale listing"
    );
    let loading = snap("revisions_loading", |size| {
        let mut s = fx::loaded(size);
        s.revisions.rows.clear();
        s.revisions.visible.clear();
        s.revisions.cursor = Default::default();
        s.revisions.load = Load::Loading { pages: 0 };
        s
    });
    assert!(loading[0].contains("Loading revisions of payments-api…"));
    let empty = snap("revisions_empty", |size| {
        let mut s = fx::loaded(size);
        s.status_filter = StatusFilter::Inactive;
        s.revisions.rows.clear();
        s.revisions.visible.clear();
        s.revisions.cursor = Default::default();
        s
    });
    assert!(empty[1].contains("no INACTIVE revisions in payments-api"));
    let failed = snap("revisions_failed", |size| {
        let mut s = fx::loaded(size);
        s.revisions.rows.clear();
        s.revisions.visible.clear();
        s.revisions.cursor = Default::default();
        s.revisions.load = Load::Failed(EcsError::new(
            "ListTaskDefinitions",
            ErrorKind::Server,
            "internal error.",
        ));
        s
    });
    assert!(failed[1].contains("Listing revisions failed: ServerError on"));
    snap("revisions_scrolled_range", |size| {
        let mut s = fx::loaded(size);
        let rows = layout::list_rows(size).revisions;
        s.revisions.cursor.selected = 15;
        s.revisions.cursor.offset = 16 - rows.min(16);
        s.revisions.range_anchor = Some(12);
        s
    });
}

#[test]
fn detail_masks_env_values_until_revealed() {
    let masked = snap("detail_summary", |size| {
        let mut s = fx::loaded(size);
        s.focus = Focus::Detail;
        s
    });
    // The secret sits below the first screen at 80x24: scroll to it and check too.
    let scrolled = snap("detail_summary_env", |size| {
        let mut s = fx::loaded(size);
        s.focus = Focus::Detail;
        s.detail.scroll = 20;
        s
    });
    for screen in masked.iter().chain(&scrolled) {
        assert!(!screen.contains(fx::SECRET), "secret on screen:\n{screen}");
    }
    assert!(
        scrolled
            .iter()
            .any(|s| s.contains("DB_PASSWORD") && s.contains(MASK))
    );
    assert!(masked[0].contains("arn:aws:iam::123456789012:role/payments-api-task"));
    assert!(masked[1].contains("2026-11-25 10:00:00 UTC (3d ago)"));
    assert!(masked[1].contains("prod/payments-api (service)"));
    let revealed = snap("detail_revealed", |size| {
        let mut s = fx::loaded(size);
        s.focus = Focus::Detail;
        s.detail.reveal = true;
        s.detail.scroll = 20;
        s
    });
    assert!(revealed.iter().any(|s| s.contains(fx::SECRET)));
    snap("detail_bottom", |size| {
        let mut s = fx::loaded(size);
        s.focus = Focus::Detail;
        s.detail.scroll = u16::MAX / 2;
        s
    });
    let loading = snap("detail_loading", |size| {
        let mut s = fx::loaded(size);
        s.revisions.cursor.selected = 23;
        s.revisions.cursor.offset = (23 + 1usize).saturating_sub(layout::list_rows(size).revisions);
        s
    });
    assert!(loading[0].contains("loading details…"));
    let failed = snap("detail_failed", |size| {
        let mut s = fx::loaded(size);
        s.described.insert(
            fx::arn("payments-api", 312),
            Described::Failed(EcsError::new(
                "DescribeTaskDefinition",
                ErrorKind::Throttled,
                "rate exceeded.",
            )),
        );
        s
    });
    assert!(failed[0].contains("failed: Throttled on ecs:DescribeTaskDefinition"));
}

#[test]
fn log_options_and_labels_masked_until_revealed() {
    let masked = snap("detail_log_options", |size| {
        let mut s = fx::loaded_with_log_secrets(size);
        s.focus = Focus::Detail;
        s.detail.scroll = u16::MAX / 2;
        s
    });
    let json: Vec<String> = fx::SIZES
        .iter()
        .flat_map(|&size| {
            [0u16, 40, 80, u16::MAX / 2].map(|scroll| {
                let mut s = fx::loaded_with_log_secrets(size);
                s.detail.json = true;
                s.detail.scroll = scroll;
                fx::text(&draw_with(&s, &Theme::new(false), size))
            })
        })
        .collect();
    for screen in masked.iter().chain(&json) {
        for secret in [fx::LOG_SECRET, fx::LABEL_SECRET] {
            assert!(!screen.contains(secret), "{secret} on screen:\n{screen}");
        }
    }
    assert!(masked[1].contains("splunk-token") && masked[1].contains(MASK));
    assert!(json.iter().any(|s| s.contains("splunk-token")));
    let revealed = snap("detail_log_options_revealed", |size| {
        let mut s = fx::loaded_with_log_secrets(size);
        s.focus = Focus::Detail;
        s.detail.reveal = true;
        s.detail.scroll = u16::MAX / 2;
        s
    });
    assert!(revealed[0].contains(fx::LOG_SECRET) && revealed[0].contains(fx::LABEL_SECRET));
    // The status bar says in words that values are on screen.
    assert!(revealed.iter().all(|s| s.contains("values revealed")));
    assert!(masked.iter().all(|s| !s.contains("values revealed")));
}

/// The JSON line where the first container's environment starts (key order is ECS's).
fn env_line(s: &taskdefs::app::AppState) -> u16 {
    let arn = &s.revisions.selected().expect("a revision is selected").arn;
    let json = s.task_def(arn).expect("described").pretty_json();
    json.lines()
        .position(|l| l.contains("\"environment\""))
        .expect("has environment") as u16
}

#[test]
fn json_view_masks_env_values_until_revealed() {
    let masked = snap("json_view", |size| {
        let mut s = fx::loaded(size);
        s.focus = Focus::Detail;
        s.detail.json = true;
        s
    });
    let scrolled = snap("json_view_env", |size| {
        let mut s = fx::loaded(size);
        s.focus = Focus::Detail;
        s.detail.json = true;
        s.detail.scroll = env_line(&s);
        s
    });
    for screen in masked.iter().chain(&scrolled) {
        assert!(!screen.contains(fx::SECRET), "secret on screen:\n{screen}");
    }
    assert!(scrolled.iter().any(|s| s.contains(&format!("\"{MASK}\""))));
    assert!(masked[1].contains("\"compatibilities\""));
    let revealed: Vec<String> = fx::SIZES
        .iter()
        .map(|&size| {
            let mut s = fx::loaded(size);
            s.focus = Focus::Detail;
            s.detail.json = true;
            s.detail.reveal = true;
            s.detail.scroll = env_line(&s);
            fx::text(&draw_with(&s, &Theme::new(false), size))
        })
        .collect();
    assert!(revealed.iter().any(|s| s.contains(fx::SECRET)));
    // JSON keys, strings and numbers are coloured differently.
    let mut s = fx::loaded((120, 40));
    s.detail.json = true;
    let buf = draw_with(&s, &Theme::new(false), (120, 40));
    let colours: std::collections::HashSet<Color> = buf.content.iter().map(|c| c.fg).collect();
    assert!(colours.len() >= 5, "syntax colours: {colours:?}");
}

#[test]
fn confirmations() {
    let single = snap("confirm_single", |size| {
        let mut s = fx::loaded(size);
        s.modal = Some(Modal::Confirm(confirm(JobKind::Deregister, &[311])));
        s
    });
    assert!(single[0].contains("Deregister payments-api:311?"));
    assert!(single[0].contains("y = yes, n/Esc = no (default)"));
    let bulk = snap("confirm_bulk", |size| {
        let mut s = fx::loaded(size);
        let mut c = confirm(JobKind::Deregister, &[312, 311, 310, 308, 307, 306]);
        c.items.push(fx::rref("orders-api", 41, TdStatus::Active));
        c.in_use = 2;
        c.hidden = 1;
        s.modal = Some(Modal::Confirm(c));
        s
    });
    assert!(bulk[0].contains("Deregister 7 revisions across 2 families?"));
    assert!(bulk[1].contains("1 is hidden by the current filter"));
    assert!(bulk[1].contains("2 are in use"));
    assert!(bulk[1].contains("⚑ payments-api:312"));
    let typed = snap("confirm_typed", |size| {
        let mut s = fx::loaded(size);
        let revs: Vec<u32> = (290..=311).rev().collect();
        let mut c = confirm(JobKind::Deregister, &revs);
        c.required = Some("22".into());
        c.in_use = 1;
        c.typed = "2".into();
        c.scroll = 3;
        c.notes = vec!["Keep newest 2: payments-api 22 of 24.".into()];
        s.modal = Some(Modal::Confirm(c));
        s
    });
    assert!(typed[0].contains("type 22 to confirm: 2▏"));
    let again = snap("confirm_in_use_again", |size| {
        let mut s = fx::loaded(size);
        let mut c = confirm(JobKind::Deregister, &[312, 308, 300]);
        c.in_use = 2;
        c.second_stage = true;
        s.modal = Some(Modal::Confirm(c));
        s
    });
    assert!(again[1].contains("IN USE by services/tasks: confirm again"));
    let delete = snap("confirm_delete", |size| {
        let mut s = fx::loaded(size);
        let mut c = confirm(JobKind::Delete, &[299, 298, 297]);
        c.required = Some("delete".into());
        c.typed = "del".into();
        s.modal = Some(Modal::Confirm(c));
        s
    });
    assert!(delete[0].contains("DELETE: permanent"));
    assert!(delete[1].contains("Deletion cannot be undone"));
    assert!(delete[0].contains("type delete to confirm: del▏"));
    let off = snap("confirm_protection_off", |size| {
        let mut s = fx::loaded(size);
        s.in_use.map = None;
        s.in_use.error = Some(EcsError::new("ListServices", ErrorKind::AccessDenied, ""));
        s.dry_run = true;
        s.modal = Some(Modal::Confirm(confirm(JobKind::Deregister, &[311, 310])));
        s
    });
    assert!(off[1].contains("In-use protection is OFF"));
    let aged = snap("confirm_scan_age", |size| {
        let mut s = fx::loaded(size);
        s.in_use.scanned_at = Some(fx::now() - SignedDuration::from_mins(4));
        s.modal = Some(Modal::Confirm(confirm(
            JobKind::Deregister,
            &[307, 306, 305],
        )));
        s
    });
    for screen in &aged {
        assert!(
            screen.contains("In-use scan 4m ago; every revision is re-checked before the first"),
            "{screen}"
        );
    }
    let unchecked = snap("confirm_recheck_failed", |size| {
        let mut s = fx::loaded(size);
        let mut c = confirm(JobKind::Deregister, &[307, 306, 305]);
        c.recheck_failed = Some(EcsError::new(
            "ListServices",
            ErrorKind::AccessDenied,
            "not authorized.",
        ));
        s.modal = Some(Modal::Confirm(c));
        s
    });
    assert!(unchecked[1].contains("could not be re-checked"));
    assert!(unchecked[1].contains("confirming runs WITHOUT"));
    assert!(!unchecked[1].contains("re-checked before the first call"));
    let cancel = snap("confirm_cancel_job", |size| {
        let mut s = fx::loaded(size);
        running_job(&mut s);
        s.modal = Some(Modal::ConfirmCancel);
        s
    });
    assert!(cancel[0].contains("Stop the running deregister job?"));
}

#[test]
fn help_lists_every_binding() {
    let screens = snap("help", |size| {
        let mut s = fx::loaded(size);
        s.modal = Some(Modal::Help { scroll: 0 });
        s
    });
    assert!(screens[1].contains("Everywhere") && screens[1].contains("show this help"));
    snap("help_scrolled", |size| {
        let mut s = fx::loaded(size);
        s.modal = Some(Modal::Help { scroll: 30 });
        s
    });
    // Every description of the keymap is somewhere in the help, when scrolled through.
    let mut seen = String::new();
    for scroll in (0..200).step_by(5) {
        let mut s = fx::loaded((120, 40));
        s.modal = Some(Modal::Help { scroll });
        seen.push_str(&fx::text(&draw_with(&s, &Theme::new(false), (120, 40))));
    }
    for b in taskdefs::app::keymap::BINDINGS {
        assert!(seen.contains(b.desc), "help misses {:?}", b.desc);
    }
}

#[test]
fn keep_prompt() {
    let one = snap("keep_family", |size| {
        let mut s = fx::loaded(size);
        s.modal = Some(Modal::Keep(KeepPrompt {
            keep: "3".into(),
            older_than_days: String::new(),
            field: 0,
            all_families: false,
            include_managed: false,
        }));
        s
    });
    assert!(one[0].contains("this family (payments-api)"));
    let all = snap("keep_all_families", |size| {
        let mut s = fx::families_focus(size);
        s.families.filter.text = "pay".into();
        s.families.visible = vec![6, 7, 8];
        s.families.cursor.selected = 0;
        s.modal = Some(Modal::Keep(KeepPrompt {
            keep: "5".into(),
            older_than_days: "30".into(),
            field: 1,
            all_families: true,
            include_managed: false,
        }));
        s
    });
    assert!(all[0].contains("every family shown (3 from the families pane"));
}

#[test]
fn job_progress_and_summary() {
    let running = snap("job_progress", |size| {
        let mut s = fx::loaded(size);
        running_job(&mut s);
        s
    });
    for screen in &running {
        assert!(screen.contains("Deregistering 500 revisions"));
        assert!(screen.contains("✓ 120 done") && screen.contains("✗ 2 failed"));
        // 370 queued at 0.8/s after the burst: the ETA comes from the bucket model.
        assert!(
            screen.contains("8 sent")
                && screen.contains("370 queued")
                && screen.contains("0.8/s")
                && screen.contains("ETA 7m 43s")
        );
    }
    let summary = snap("job_summary", |size| {
        let mut s = fx::loaded(size);
        running_job(&mut s);
        if let Some(j) = s.job.as_mut() {
            j.done = 496;
            j.flow.already = 1;
            j.flow.cancelled = 1;
            j.flow.skipped = vec![(
                fx::rref("payments-worker", 12, TdStatus::Active),
                SkipReason::NowInUse {
                    first: "prod/payments (service)".into(),
                    more: 0,
                },
            )];
            j.finished = Some(fx::now());
            j.started = fx::now() - SignedDuration::from_secs(512);
        }
        s.modal = Some(Modal::Summary { scroll: 0 });
        s
    });
    assert!(summary[0].contains("Deregistration finished"));
    assert!(
        summary[1].contains("✓ 496 done (1 already done)  ✗ 2 failed  ⤼ 1 skipped  1 cancelled")
    );
    assert!(summary[1].contains("payments-worker:12 — skipped: now used by prod/payments"));
    assert!(summary[1].contains("payments-worker:8 — Refused on ecs:DeregisterTaskDefinition"));
    assert!(summary[0].contains("R retry failed"));
    let skipped = snap("job_summary_skipped", |size| {
        let mut s = fx::loaded(size);
        running_job(&mut s);
        if let Some(j) = s.job.as_mut() {
            let r = j.items[1].clone();
            let why = SkipReason::NowInUse {
                first: "prod/payments-worker (service)".into(),
                more: 0,
            };
            j.flow.skipped = vec![(r, why)];
            j.done = 497;
            j.finished = Some(fx::now());
            j.started = fx::now() - SignedDuration::from_secs(512);
        }
        s.modal = Some(Modal::Summary { scroll: 0 });
        s
    });
    assert!(skipped[1].contains("⤼ 1 skipped"));
    assert!(
        skipped[1]
            .contains("payments-worker:2 — skipped: now used by prod/payments-worker (service)")
    );
    let unfinished = snap("unfinished", |size| {
        let mut s = fx::loaded(size);
        let entry = |rev: u32| Entry {
            time: "2026-11-27T22:14:03Z".into(),
            run: "r1".into(),
            phase: Phase::Intent,
            action: JobKind::Deregister,
            arn: fx::arn("payments-worker", rev),
            job: 3,
            region: Some("us-east-1".into()),
            profile: Some("prod".into()),
            endpoint: None,
            account: Some("123456789012".into()),
            dry_run: false,
            outcome: None,
            status: None,
            attempts: None,
            error: None,
            of_run: None,
        };
        s.modal = Some(Modal::Unfinished {
            entries: vec![entry(17), entry(18)],
            damaged: taskdefs::journal::Damaged {
                count: 1,
                lines: vec![412],
            },
            scroll: 0,
        });
        s
    });
    assert!(unfinished[1].contains("2 calls started without a recorded outcome"));
}

#[test]
fn status_bar_markers_and_flash() {
    let screens = snap("error_flash", |size| {
        let mut s = fx::loaded(size);
        s.read_only = true;
        s.dry_run = true;
        fx::flash(
            &mut s,
            Level::Error,
            "Deregistering is disabled: taskdefs runs with --read-only.",
        );
        s
    });
    for screen in &screens {
        assert!(screen.contains("READ-ONLY") && screen.contains("DRY-RUN"));
        assert!(screen.contains("Deregistering is disabled"));
        assert!(screen.contains("in-use scan 3m ago"));
    }
    // An expired flash is not drawn.
    let mut s = fx::loaded((80, 24));
    fx::flash(&mut s, Level::Warn, "old news");
    s.now += SignedDuration::from_secs(10);
    assert!(!fx::text(&draw_with(&s, &Theme::new(false), (80, 24))).contains("old news"));
    let failed_scan = snap("in_use_scan_failed", |size| {
        let mut s = fx::loaded(size);
        s.in_use.map = None;
        s.in_use.error = Some(EcsError::new("ListServices", ErrorKind::AccessDenied, ""));
        s
    });
    assert!(failed_scan[0].contains("in-use scan failed: protection OFF"));
}

#[test]
fn too_small_never_panics() {
    for size in [(1, 1), (2, 1), (20, 5), (59, 30), (200, 14), (0, 0)] {
        let mut s = fx::loaded(size);
        s.modal = Some(Modal::Help { scroll: 3 });
        let screen = fx::text(&draw_with(&s, &Theme::new(false), size));
        if size.0 >= 20 {
            assert!(screen.contains("terminal"), "{size:?}: {screen}");
        }
    }
    // The smallest size that draws the panes still shows every pane.
    let s = fx::loaded(layout::MIN_SIZE);
    let min = fx::text(&draw_with(&s, &Theme::new(false), layout::MIN_SIZE));
    assert!(min.contains("payments-api") && min.contains("312") && min.contains("● 4"));
    insta::assert_snapshot!("min_size_60x15", min);
    let s = fx::loaded((20, 5));
    insta::assert_snapshot!(
        "too_small_20x5",
        fx::text(&draw_with(&s, &Theme::new(false), (20, 5)))
    );
    let s = fx::loaded((1, 1));
    insta::assert_snapshot!(
        "too_small_1x1",
        fx::text(&draw_with(&s, &Theme::new(false), (1, 1)))
    );
}

#[test]
fn no_color_theme_has_no_colour() {
    let theme = Theme::new(true);
    let mut states: Vec<AppState> = Vec::new();
    for size in fx::SIZES {
        let mut s = fx::loaded(size);
        running_job(&mut s);
        fx::flash(&mut s, Level::Error, "Something failed.");
        states.push(s.clone());
        s.detail.json = true;
        s.focus = Focus::Detail;
        states.push(s.clone());
        let mut c = confirm(JobKind::Delete, &[299]);
        c.required = Some("delete".into());
        s.modal = Some(Modal::Confirm(c));
        states.push(s);
    }
    for s in &states {
        let buf = draw_with(s, &theme, s.size);
        for c in &buf.content {
            assert_eq!(
                (c.fg, c.bg),
                (Color::Reset, Color::Reset),
                "colour in {:?}",
                c
            );
        }
    }
    let s = fx::loaded((80, 24));
    let buf = draw_with(&s, &theme, (80, 24));
    insta::assert_snapshot!("no_color_80x24", fx::text(&buf));
    // Focus and selection still show: a double border and reverse video.
    assert!(fx::text(&buf).contains('═'));
    assert!(
        buf.content
            .iter()
            .any(|c| c.modifier.contains(ratatui::style::Modifier::REVERSED))
    );
}

#[test]
fn drawn_rows_match_list_rows() {
    for size in [(60, 15), (80, 24), (100, 30), (120, 40), (200, 60)] {
        let rows = layout::list_rows(size);
        let mut s = fx::loaded(size);
        s.families.names = (0..200).map(|i| format!("fam-{i:03}")).collect();
        s.families.visible = (0..200).collect();
        s.families.cursor.selected = 50;
        s.families.cursor.offset = 40;
        s.revisions.rows = (1..=500)
            .rev()
            .map(|r| fx::rref("payments-api", r, TdStatus::Inactive))
            .collect();
        s.revisions.visible = (0..500).collect();
        s.revisions.cursor.selected = 100;
        s.revisions.cursor.offset = 90;
        let screen = fx::text(&draw_with(&s, &Theme::new(false), size));
        let last_fam = format!("fam-{:03}", 40 + rows.families - 1);
        let after_fam = format!("fam-{:03}", 40 + rows.families);
        assert!(
            screen.contains(&last_fam) && !screen.contains(&after_fam),
            "{size:?} families"
        );
        assert!(
            screen.contains("fam-040") && !screen.contains("fam-039"),
            "{size:?} offset"
        );
        // Revisions 500 - 90 = 410 is the first drawn row.
        let first = 500 - 90;
        let last = first - (rows.revisions - 1);
        let has = |r: usize| {
            screen
                .lines()
                .any(|l| l.contains(&format!(" {r} INACTIVE")))
        };
        assert!(
            has(first) && has(last),
            "{size:?} revisions {first}..{last}\n{screen}"
        );
        assert!(
            !has(first + 1) && !has(last - 1),
            "{size:?} revisions beyond"
        );
    }
}

#[test]
fn cursor_move_repaints_little_in_a_large_account() {
    // 5,000 families and a family of 100,000 revisions, none described yet (as after a fast
    // scroll): one row down must change a few rows' worth of cells, not the screen.
    let size = (120, 40);
    let mut s = fx::loaded(size);
    s.families.names = (0..5_000).map(|i| format!("service-{i:05}")).collect();
    s.families.visible = (0..5_000).collect();
    s.revisions.rows = (1..=100_000)
        .rev()
        .map(|r| fx::rref("payments-api", r, TdStatus::Inactive))
        .collect();
    s.revisions.visible = (0..100_000).collect();
    s.revisions.cursor.selected = 50_000;
    s.revisions.cursor.offset = 49_990;
    s.described.clear();
    s.marks.clear();
    let theme = Theme::new(false);
    let before = draw_with(&s, &theme, size);
    s.revisions.cursor.selected += 1;
    let after = draw_with(&s, &theme, size);
    let changed = before.diff(&after).len();
    assert!(changed > 0 && changed < 400, "{changed} cells changed");
    assert!(
        fx::text(&after).contains("50000 INACTIVE") || fx::text(&after).contains("49999 INACTIVE")
    );
}
