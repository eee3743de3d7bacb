//! Snapshots of the operator power features: the copy flash, the zoomed detail, the JSON view
//! scrolled sideways, every field of a 4-container definition in the summary.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod render_fixtures;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use render_fixtures as fx;
use taskdefs::app::state::Focus;
use taskdefs::app::{Action, AppState, update};
use taskdefs::ui::{Theme, render};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn screen(state: &AppState, size: (u16, u16)) -> String {
    let mut term = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    term.draw(|f| render(f, state, &Theme::new(false))).unwrap();
    let buf = term.backend().buffer().clone();
    let w = usize::from(buf.area.width);
    buf.content
        .chunks(w)
        .map(|row| {
            let line: String = row.iter().map(|c| c.symbol()).collect();
            line.trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Renders `make(size)` at both sizes, snapshots each, returns the screens.
fn snap(name: &str, make: impl Fn((u16, u16)) -> AppState) -> Vec<String> {
    SIZES
        .iter()
        .map(|&size| {
            let shown = screen(&make(size), size);
            insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), shown);
            shown
        })
        .collect()
}

#[test]
fn copy_flash_names_what_and_how_many_bytes() {
    let screens = snap("copy_json_flash", |size| {
        let mut s = fx::loaded(size);
        s.focus = Focus::Detail;
        update::update(&mut s, Action::CopyJson, fx::now());
        s
    });
    for s in &screens {
        assert!(s.contains("Copied payments-api:312 JSON"), "{s}");
        assert!(s.contains("values masked (v reveals)"), "{s}");
    }
    let arn = snap("copy_arn_flash", |size| {
        let mut s = fx::loaded(size);
        update::update(&mut s, Action::CopyArn, fx::now());
        s
    });
    assert!(arn[0].contains("Copied the ARN of payments-api:312"));
}
