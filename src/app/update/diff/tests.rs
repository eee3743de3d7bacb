use super::super::tests::{arn, loaded};
use super::super::update;
use super::*;
use crate::app::action::Action;

#[test]
fn compares_the_current_with_the_previous_active_and_describes_both() {
    let (mut s, now) = loaded(5);
    s.focus = Focus::Revisions;
    update(&mut s, Action::Down, now); // web:4
    let overridden = s.revisions.rows[2].clone(); // web:3, deregistered by us a moment ago
    s.overrides.insert(
        overridden.arn,
        crate::app::state::Override {
            status: TdStatus::Inactive,
            until: now + jiff::SignedDuration::from_mins(5),
        },
    );
    let fx = update(&mut s, Action::Compare, now);
    let pair = s.diff.clone().expect("diff open");
    assert_eq!((pair.old.revision, pair.new.revision), (2, 4));
    assert_eq!(s.focus, Focus::Detail);
    assert_eq!(
        fx,
        vec![Effect::Describe {
            arns: vec![arn("web", 2), arn("web", 4)]
        }]
    );
    // Esc closes the diff first, then leaves the pane.
    update(&mut s, Action::Back, now);
    assert_eq!((s.diff.is_none(), s.focus), (true, Focus::Detail));
}

#[test]
fn two_marks_are_compared_older_first_even_across_families() {
    let (mut s, now) = loaded(3);
    for (f, r) in [("web", 3), ("api", 7)] {
        let rr = RevisionRef::from_arn(&arn(f, r), TdStatus::Active).unwrap();
        s.marks.insert(rr.arn.clone(), rr);
    }
    update(&mut s, Action::Compare, now);
    let pair = s.diff.clone().expect("diff open");
    assert_eq!(
        (pair.old.label(), pair.new.label()),
        ("api:7".into(), "web:3".into())
    );
    // Again closes it.
    update(&mut s, Action::Compare, now);
    assert!(s.diff.is_none());
}

#[test]
fn the_oldest_revision_has_nothing_to_compare_with() {
    let (mut s, now) = loaded(2);
    s.focus = Focus::Revisions;
    update(&mut s, Action::Bottom, now);
    let fx = update(&mut s, Action::Compare, now);
    assert!(fx.is_empty() && s.diff.is_none());
    let flash = s.flash.clone().expect("a message");
    assert!(
        flash.text.contains("No earlier ACTIVE revision of web"),
        "{}",
        flash.text
    );
}
