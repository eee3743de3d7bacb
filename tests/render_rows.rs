//! Revision rows after a job: the new status in full, the details still there.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod render_fixtures;

use jiff::SignedDuration;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use render_fixtures as fx;
use taskdefs::app::state::Override;
use taskdefs::ecs::TdStatus;
use taskdefs::ui::{Theme, draw};

fn screen(s: &taskdefs::app::AppState, size: (u16, u16)) -> String {
    let area = Rect::new(0, 0, size.0, size.1);
    let mut buf = Buffer::empty(area);
    draw(&mut buf, area, s, &Theme::new(false));
    buf.content
        .chunks(usize::from(size.0))
        .map(|row| {
            let line: String = row.iter().map(|c| c.symbol()).collect();
            line.trim_end().to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn rows_after_a_job_show_the_new_status_and_keep_details() {
    for size in [(80, 24), (120, 40)] {
        let mut s = fx::loaded(size);
        let until = fx::now() + SignedDuration::from_mins(9);
        for (rev, status) in [(311, TdStatus::Inactive), (310, TdStatus::DeleteInProgress)] {
            let arn = fx::arn("payments-api", rev);
            s.overrides.insert(arn.clone(), Override { status, until });
            s.patch_status(&arn, status);
        }
        let text = screen(&s, size);
        insta::assert_snapshot!(format!("rows_after_job_{}x{}", size.0, size.1), text);
        let row = |rev: &str| {
            text.lines()
                .find(|l| l.contains(&format!(" {rev} ")))
                .unwrap_or_else(|| panic!("no row {rev}:\n{text}"))
                .to_string()
        };
        let (inactive, deleting) = (row("311"), row("310"));
        assert!(
            inactive.contains("INACTIVE") && inactive.contains("api:1.311.0"),
            "{inactive}"
        );
        assert!(
            deleting.contains("DELETING") && deleting.contains("api:1.310.0"),
            "{deleting}"
        );
        assert!(!deleting.contains('?'), "{deleting}");
        if size.0 < 120 {
            assert!(inactive.contains("512/1024") && deleting.contains("512/1024"));
        }
    }
}
