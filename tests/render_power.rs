//! Snapshots of the power views: the diff of two revisions, the detail search, the export
//! prompt and the `:` command line, at 80x24 and 120x40 with the fixed clock.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod render_fixtures;

use std::sync::Arc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use render_fixtures as fx;
use serde_json::json;
use taskdefs::app::state::{Described, Focus};
use taskdefs::app::update::update;
use taskdefs::app::{Action, AppState};
use taskdefs::ecs::TaskDef;
use taskdefs::ui::{Theme, render};

fn snap(name: &str, make: impl Fn((u16, u16)) -> AppState) -> Vec<String> {
    fx::SIZES
        .iter()
        .map(|&size| {
            let shown = fx::screen(&make(size), size);
            insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), shown);
            shown
        })
        .collect()
}

/// payments-api:311 as `rich_td` one deploy earlier: older image, another password, no
/// LOG_LEVEL, a sidecar since removed.
fn previous_td() -> TaskDef {
    let mut raw = fx::rich_td().raw;
    raw["taskDefinitionArn"] = json!(fx::arn("payments-api", 311));
    raw["revision"] = json!(311);
    let app = &mut raw["containerDefinitions"][0];
    app["image"] = json!("123456789012.dkr.ecr.us-east-1.amazonaws.com/payments/api:1.311.0");
    app["environment"][1]["value"] = json!("old-password-value");
    app["environment"].as_array_mut().unwrap().pop();
    raw["containerDefinitions"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "xray", "image": "amazon/aws-xray-daemon:3.3", "essential": false}));
    TaskDef::from_json(raw, vec![]).unwrap()
}

/// The loaded account with payments-api:312 compared with 311 (`c` on the newest revision).
pub fn diffed(size: (u16, u16)) -> AppState {
    let mut s = fx::loaded(size);
    s.marks.clear();
    s.described.insert(
        fx::arn("payments-api", 311),
        Described::Loaded(Arc::new(previous_td())),
    );
    update(&mut s, Action::Compare, fx::now());
    assert_eq!(s.focus, Focus::Detail);
    s
}

#[test]
fn diff_view_shows_changes_by_path_with_glyphs_and_masks() {
    for shown in snap("diff", diffed) {
        assert!(shown.contains("diff payments-api:311→312"), "{shown}");
        assert!(!shown.contains(fx::SECRET) && !shown.contains("old-password-value"));
    }
    let mut s = diffed((120, 40));
    update(&mut s, Action::ToggleReveal, fx::now());
    let shown = fx::screen(&s, (120, 40));
    assert!(shown.contains(fx::SECRET), "v reveals both sides\n{shown}");
}

#[test]
fn identical_revisions_say_so() {
    let mut s = fx::loaded((120, 40));
    s.marks.clear();
    let mut raw = fx::rich_td().raw;
    raw["taskDefinitionArn"] = json!(fx::arn("payments-api", 311));
    raw["revision"] = json!(311);
    raw["registeredAt"] = json!(0);
    s.described.insert(
        fx::arn("payments-api", 311),
        Described::Loaded(Arc::new(TaskDef::from_json(raw, vec![]).unwrap())),
    );
    update(&mut s, Action::Compare, fx::now());
    let shown = fx::screen(&s, (120, 40));
    assert!(shown.contains("identical"), "{shown}");
}

#[test]
fn export_prompt_asks_the_path_then_before_overwriting() {
    let open = |size| {
        let mut s = fx::loaded(size);
        update(&mut s, Action::Export, fx::now());
        s
    };
    for shown in snap("export_prompt", open) {
        assert!(shown.contains("./payments-api-312.json"), "{shown}");
        assert!(shown.contains("Enter = write, Esc = cancel"), "{shown}");
    }
    let exists = |size| {
        let mut s = fx::loaded(size);
        update(
            &mut s,
            Action::Exported {
                arn: fx::arn("payments-api", 312),
                path: "./payments-api-312.json".into(),
                result: Err(taskdefs::app::views::ExportError::Exists),
            },
            fx::now(),
        );
        s
    };
    for shown in snap("export_exists", exists) {
        assert!(shown.contains("exists. Overwrite it?"), "{shown}");
        assert!(
            shown.contains("y = overwrite, n/Esc = keep it (default)"),
            "{shown}"
        );
    }
}

fn searched(size: (u16, u16), query: &str) -> AppState {
    let mut s = fx::loaded(size);
    s.focus = Focus::Detail;
    update(&mut s, Action::StartSearch, fx::now());
    for c in query.chars() {
        update(&mut s, Action::Input(c), fx::now());
    }
    s.search.as_mut().unwrap().lines = taskdefs::ui::search_lines(&s);
    update(&mut s, Action::Submit, fx::now());
    s
}

#[test]
fn detail_search_counts_highlights_and_finds_masked_values_by_name_only() {
    for shown in snap("search_summary", |size| searched(size, "db_")) {
        assert!(shown.contains("/db_ 1/2"), "{shown}");
    }
    let s = searched((120, 40), "hunter2");
    let shown = fx::screen(&s, (120, 40));
    assert!(
        shown.contains("/hunter2 no match"),
        "a masked value is not found\n{shown}"
    );
    let mut s = searched((120, 40), "password");
    assert_eq!(
        s.search.as_ref().unwrap().lines.len(),
        1,
        "found by its name"
    );
    update(&mut s, Action::ToggleJson, fx::now());
    s.search.as_mut().unwrap().lines = taskdefs::ui::search_lines(&s);
    assert_eq!(
        s.search.as_ref().unwrap().lines.len(),
        1,
        "the JSON view too"
    );
}

#[test]
fn command_line_shows_what_tab_found_and_the_context() {
    let typed = |size| {
        let mut s = fx::loaded(size);
        update(&mut s, Action::StartCommand, fx::now());
        for c in "region eu-".chars() {
            update(&mut s, Action::Input(c), fx::now());
        }
        update(&mut s, Action::Complete, fx::now());
        s
    };
    for shown in snap("command_line", typed) {
        assert!(shown.contains(":region eu-"), "{shown}");
        assert!(shown.contains("eu-west-1"), "{shown}");
        assert!(shown.contains("now: us-east-1 · profile prod"), "{shown}");
    }
}

#[test]
fn help_is_complete_at_80x24() {
    let mut seen = String::new();
    for scroll in 0..300 {
        let mut s = fx::loaded((80, 24));
        s.modal = Some(taskdefs::app::state::Modal::Help { scroll });
        seen.push_str(&fx::screen(&s, (80, 24)));
    }
    for b in taskdefs::app::keymap::BINDINGS {
        assert!(seen.contains(b.desc), "help at 80x24 misses {:?}", b.desc);
        assert!(seen.contains(b.label), "help at 80x24 misses {:?}", b.label);
    }
}

#[test]
fn without_colour_the_diff_reads_by_its_glyphs_and_matches_by_reverse_video() {
    use ratatui::style::{Color, Modifier};
    let mut s = diffed((120, 40));
    update(&mut s, Action::StartSearch, fx::now());
    for c in "image".chars() {
        update(&mut s, Action::Input(c), fx::now());
    }
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    term.draw(|f| render(f, &s, &Theme::new(true))).unwrap();
    let buf = term.backend().buffer().clone();
    for c in &buf.content {
        assert_eq!(
            (c.fg, c.bg),
            (Color::Reset, Color::Reset),
            "colour in {c:?}"
        );
    }
    let shown = fx::text(&buf);
    for glyph in [
        "║~ containerDefinitions[app].image",
        "║+ containerDefinitions",
        "║- containerDefinitions[xray]",
    ] {
        assert!(shown.contains(glyph), "{glyph} missing:\n{shown}");
    }
    // The cells of `image` in the changed path are in reverse video, the path before is not.
    let w = usize::from(buf.area.width);
    let row = buf
        .content
        .chunks(w)
        .find(|r| {
            r.iter()
                .map(|c| c.symbol())
                .collect::<String>()
                .contains("[app].image")
        })
        .expect("the changed image line");
    let symbols: Vec<&str> = row.iter().map(|c| c.symbol()).collect();
    let at = (0..w - 5)
        .find(|&i| symbols[i..i + 6].concat() == ".image")
        .expect("image in the row");
    assert!(!row[at].modifier.contains(Modifier::REVERSED));
    for c in &row[at + 1..at + 6] {
        assert!(c.modifier.contains(Modifier::REVERSED), "{c:?}");
    }
}
