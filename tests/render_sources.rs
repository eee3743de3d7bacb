//! What the in-use sources beyond ECS look like: the stack-managed badge and user column,
//! the detail pane, the status bar naming unchecked sources, and the confirmation counting
//! stack-managed items, run-time references and unchecked sources.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod render_fixtures;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use render_fixtures as fx;
use taskdefs::app::AppState;
use taskdefs::app::JobKind;
use taskdefs::app::state::{Confirm, Modal};
use taskdefs::ecs::{EcsError, ErrorKind, TdStatus};
use taskdefs::inuse::SourceStatus;
use taskdefs::sources::{Source, SourceError};
use taskdefs::ui::{Theme, render};

fn screen(state: &AppState, size: (u16, u16)) -> String {
    let mut term = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    term.draw(|f| render(f, state, &Theme::new(false))).unwrap();
    let buf = term.backend().buffer().clone();
    let w = usize::from(buf.area.width);
    buf.content
        .chunks(w)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The loaded fixture, with payments-api:311 owned by a stack, one run-time reference, and
/// EventBridge rules unreadable.
fn with_sources(size: (u16, u16)) -> AppState {
    let mut s = fx::loaded(size);
    let map = s.in_use.map.as_mut().unwrap();
    map.managed
        .insert("payments-api:311".into(), vec!["payments-stack".into()]);
    map.unknown
        .push("unknown reference in month-end (state Export)".into());
    map.sources = Source::ALL
        .iter()
        .map(|&source| SourceStatus {
            source,
            read: 3,
            error: (source == Source::Rules).then(|| SourceError {
                source,
                error: EcsError::new("ListEventBuses", ErrorKind::AccessDenied, "not authorized"),
            }),
        })
        .collect();
    s
}

#[test]
fn status_bar_names_the_unchecked_source_and_the_list_flags_stack_managed_revisions() {
    let s = with_sources((120, 40));
    let text = screen(&s, (120, 40));
    assert!(
        text.contains("unchecked: EventBridge rules"),
        "status bar:\n{text}"
    );
    let row = text
        .lines()
        .find(|l| l.contains(" 311 ACTIVE"))
        .expect("row 311");
    assert!(row.contains('⚠'), "the warning badge on 311:\n{row}");
}

#[test]
fn confirmation_counts_managed_items_and_says_what_is_unchecked() {
    let mut s = with_sources((120, 40));
    s.modal = Some(Modal::Confirm(Confirm {
        kind: JobKind::Deregister,
        items: [311, 300]
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
    }));
    let text = screen(&s, (120, 40));
    for needle in [
        "1 is managed by a CloudFormation stack",
        "Step Functions may run any of these: unknown reference in month-end",
        "Not checked: EventBridge rules (AccessDenied on events:ListEventBuses",
        "managed by stack payments-stack",
        "Not visible: CodeDeploy app specs",
    ] {
        assert!(text.contains(needle), "{needle:?} missing:\n{text}");
    }
}
