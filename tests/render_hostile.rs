//! Property test: task definitions full of hostile text (control characters, escape
//! sequences, CJK, emoji, ZWJ sequences, combining marks, U+202E) render at any size from
//! 1x1 to 300x100 without panicking, and nothing they contain is drawn outside its pane.
//!
//! A seeded generator keeps every run the same; the failing seed and size are printed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod render_fixtures;

use std::sync::Arc;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use render_fixtures as fx;
use serde_json::json;
use taskdefs::app::AppState;
use taskdefs::app::state::{Described, Focus, Level};
use taskdefs::ecs::TaskDef;
use taskdefs::ui::{Theme, draw, layout};

const CASES: u64 = 250;

/// Pieces the hostile strings are made of.
const PIECES: &[&str] = &[
    "\x1b]0;pwned-title\x07",
    "\x1b[2J\x1b[H",
    "\x1b]52;c;ZXZpbA==\x07",
    "\u{9b}31m",
    "\r",
    "\n",
    "\t",
    "\x00",
    "\x7f",
    "\u{202e}",
    "部署完了",
    "エントリーポイント",
    "🚀",
    "✅",
    "❤️",
    "👩\u{200d}💻",
    "🇯🇵",
    "e\u{301}\u{302}\u{303}",
    "\u{200b}",
    "\u{fe0f}",
    "ｱﾞ",
    " ",
    "  ",
    "deploy",
    "a-very-long-word-without-any-space-at-all-that-must-be-cut-somewhere",
];

fn hostile(rng: &mut StdRng) -> String {
    let n = rng.random_range(0..12);
    (0..n)
        .map(|_| PIECES[rng.random_range(0..PIECES.len())])
        .collect()
}

fn hostile_td(rng: &mut StdRng) -> TaskDef {
    let mut h = || hostile(rng);
    let containers: Vec<_> = (0..2)
        .map(|_| {
            json!({
                "name": h(), "image": h(),
                "environment": [{"name": h(), "value": h()}, {"name": h(), "value": h()}],
                "secrets": [{"name": h(), "valueFrom": h()}],
                "logConfiguration": {"logDriver": h(), "options": {h(): h(), h(): h()}},
                "dockerLabels": {h(): h()},
                "healthCheck": {"command": [h(), h()]},
                "command": ["sh", "-c", h()],
                "entryPoint": [h()],
                "dependsOn": [{"containerName": h(), "condition": h()}],
                "portMappings": [{"containerPort": 80, "name": h()}],
            })
        })
        .collect();
    TaskDef::from_json(
        json!({
            "taskDefinitionArn": fx::arn("payments-api", 312),
            "family": "payments-api", "revision": 312, "status": "ACTIVE",
            "registeredBy": h(), "networkMode": h(), "cpu": h(), "memory": h(),
            "taskRoleArn": h(), "executionRoleArn": h(),
            "compatibilities": [h()], "requiresCompatibilities": [h()],
            "runtimePlatform": {"operatingSystemFamily": h(), "cpuArchitecture": h()},
            "volumes": [{"name": h(), "host": {"sourcePath": h()}}],
            "containerDefinitions": containers,
        }),
        vec![(h(), h())],
    )
    .expect("hostile task definition parses")
}

/// The fixture account at `size`, with the view options the case picked.
fn state(size: (u16, u16), rng: &mut StdRng) -> AppState {
    let mut s = fx::loaded(size);
    s.focus = [Focus::Families, Focus::Revisions, Focus::Detail][rng.random_range(0..3)];
    s.detail.json = rng.random_bool(0.4);
    s.detail.reveal = rng.random_bool(0.5);
    s.detail.scroll = rng.random_range(0..120);
    s
}

fn render(s: &AppState, size: (u16, u16)) -> Buffer {
    let area = Rect::new(0, 0, size.0, size.1);
    let mut buf = Buffer::empty(area);
    draw(&mut buf, area, s, &Theme::new(false));
    buf
}

/// Cells of a pane's frame that never depend on what the pane shows: its side borders and
/// top row, and the two bottom corners (the bottom row carries the scroll position).
fn frame_cells(r: Rect) -> Vec<(u16, u16)> {
    let mut out = Vec::new();
    for y in r.top()..r.bottom() {
        out.push((r.left(), y));
        out.push((r.right() - 1, y));
    }
    for x in r.left()..r.right() {
        out.push((x, r.top()));
    }
    out.push((r.left(), r.bottom() - 1));
    out.push((r.right() - 1, r.bottom() - 1));
    out
}

#[test]
fn hostile_text_stays_inside_its_pane_at_every_size() {
    for seed in 0..CASES {
        let mut rng = StdRng::seed_from_u64(seed);
        let size = (rng.random_range(1..=300), rng.random_range(1..=100));
        let mut plain = state(size, &mut rng);
        let mut evil = plain.clone();
        let flash = hostile(&mut rng);
        for s in [&mut plain, &mut evil] {
            fx::flash(s, Level::Error, &flash);
        }
        evil.described.insert(
            fx::arn("payments-api", 312),
            Described::Loaded(Arc::new(hostile_td(&mut rng))),
        );
        let a = render(&plain, size);
        let b = render(&evil, size);
        let area = Rect::new(0, 0, size.0, size.1);
        if layout::too_small(area) {
            assert_eq!(
                a, b,
                "seed {seed} {size:?}: the notice does not show content"
            );
            continue;
        }
        let areas = layout::areas(area);
        let mut cells = Vec::new();
        for pane in [areas.families, areas.revisions, areas.detail] {
            cells.extend(frame_cells(pane));
        }
        for y in areas.status.top()..areas.status.bottom() {
            cells.extend((areas.status.left()..areas.status.right()).map(|x| (x, y)));
        }
        for (x, y) in cells {
            assert_eq!(
                a[(x, y)].symbol(),
                b[(x, y)].symbol(),
                "seed {seed} {size:?}: hostile text drawn on ({x}, {y}) outside its pane"
            );
        }
        // Every cell is a printable grapheme: no control character reaches the terminal.
        for c in b.content() {
            assert!(
                !c.symbol().contains(char::is_control),
                "seed {seed} {size:?}: control character {:?} in a cell",
                c.symbol()
            );
        }
    }
}

const ECHO: &str = "echo '🚀 deploy ✅ done ❤️ 部署が完了しました、次の環境へ進みます'";
const CJK_ENTRY: &str = "/opt/アプリケーション/エントリーポイント/起動スクリプト.sh";

/// payments-api:312 whose app container runs an emoji echo behind a CJK entry point.
fn wide_state(size: (u16, u16)) -> AppState {
    let mut raw = fx::rich_td().raw;
    raw["containerDefinitions"][0]["command"] = json!(["sh", "-c", ECHO]);
    raw["containerDefinitions"][0]["entryPoint"] = json!([CJK_ENTRY]);
    raw["containerDefinitions"][0]["environment"][2]["name"] = json!("ログレベル");
    let td = TaskDef::from_json(raw, fx::rich_td().tags).expect("wide fixture");
    let mut s = fx::loaded(size);
    s.described.insert(
        fx::arn("payments-api", 312),
        Described::Loaded(Arc::new(td)),
    );
    s.focus = Focus::Detail;
    s
}

/// The rows of `r` as text; the cell hidden behind a wide glyph is skipped.
fn rows_of(buf: &Buffer, r: Rect) -> Vec<String> {
    (r.top()..r.bottom())
        .map(|y| {
            let mut line = String::new();
            let mut x = r.left();
            while x < r.right() {
                let sym = buf[(x, y)].symbol();
                line.push_str(sym);
                x += u16::try_from(taskdefs::ui::format::width(sym).max(1)).unwrap_or(1);
            }
            line
        })
        .collect()
}

#[test]
fn wide_text_wraps_by_cells_and_loses_nothing() {
    for size in [(100, 200), (130, 200), (61, 200)] {
        let s = wide_state(size);
        let buf = render(&s, size);
        let detail = layout::areas(Rect::new(0, 0, size.0, size.1)).detail;
        let inner = Rect::new(
            detail.x + 1,
            detail.y + 1,
            detail.width - 2,
            detail.height - 2,
        );
        let rows = rows_of(&buf, inner);
        for row in &rows {
            assert!(
                taskdefs::ui::format::width(row) <= usize::from(inner.width),
                "{size:?}: row wider than the pane: {row}"
            );
        }
        let all: String = rows.concat().split_whitespace().collect();
        for want in [ECHO, CJK_ENTRY, "ログレベル"] {
            let want: String = want.split_whitespace().collect();
            assert!(
                all.contains(&want),
                "{size:?}: {want} cut:\n{}",
                rows.join("\n")
            );
        }
    }
    for size in [(80, 24), (120, 40)] {
        let mut s = wide_state(size);
        s.detail.scroll = u16::MAX / 2;
        let buf = render(&s, size);
        let area = Rect::new(0, 0, size.0, size.1);
        let screen = rows_of(&buf, area)
            .iter()
            .map(|l| l.trim_end().to_string())
            .collect::<Vec<_>>()
            .join("\n");
        insta::assert_snapshot!(format!("detail_wide_text_{}x{}", size.0, size.1), screen);
    }
}
