//! Rows and lines the operator reads at a glance: revision rows after a job, INACTIVE
//! counts per family, and the status line.

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

#[test]
fn status_line_messages_are_whole_or_end_with_an_ellipsis() {
    use taskdefs::app::state::JobView;
    use taskdefs::app::{Action, JobKind};
    let size = (80, 24);
    let mut s = fx::loaded(size);
    s.job = Some(JobView::new(
        1,
        JobKind::Deregister,
        vec![fx::rref("payments-api", 300, TdStatus::Active)],
        fx::now(),
    ));
    taskdefs::app::update::update(&mut s, Action::Quit, fx::now());
    let text = screen(&s, size);
    let last = text.lines().last().unwrap_or_default();
    assert!(last.ends_with("X to cancel."), "cut: {last}");
    // A message too long for the line is cut between words, with an ellipsis.
    fx::flash(
        &mut s,
        taskdefs::app::state::Level::Warn,
        "In-use protection is OFF: AccessDenied on ecs:ListServices: your role lacks this permission (User: arn:aws:iam::123456789012:user/ci is not authorized)",
    );
    let text = screen(&s, size);
    let last = text.lines().last().unwrap_or_default();
    assert!(last.ends_with('…'), "{last}");
    let before = last.trim_end_matches('…');
    assert!(
        before.ends_with(|c: char| c.is_alphanumeric() || c == ')'),
        "{last}"
    );
    let words: Vec<&str> = before.split(' ').collect();
    let cut_word = words.last().copied().unwrap_or_default();
    assert!(
        " In-use protection is OFF: AccessDenied on ecs:ListServices: your role lacks this permission (User: arn:aws:iam::123456789012:user/ci is not authorized)"
            .split(' ')
            .any(|w| w.trim_end_matches([',', ':', ';']) == cut_word),
        "cut mid-word: {last}"
    );
}

#[test]
fn inactive_view_shows_counts_per_family() {
    for size in [(80, 24), (120, 40)] {
        let mut s = fx::loaded(size);
        s.status_filter = taskdefs::ecs::StatusFilter::Inactive;
        for (i, f) in fx::FAMILIES.iter().enumerate() {
            s.families.counts.insert(f.to_string(), (i * 37) % 250 + 1);
        }
        let text = screen(&s, size);
        insta::assert_snapshot!(
            format!("families_inactive_counts_{}x{}", size.0, size.1),
            text
        );
        let row = text
            .lines()
            .find(|l| l.contains("│payments-api "))
            .expect("payments-api row")
            .to_string();
        // 6 * 37 % 250 + 1 = 223, beside the marks badge.
        assert!(row.contains("●3 223"), "{row}");
    }
}
