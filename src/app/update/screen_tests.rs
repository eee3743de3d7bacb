//! Tests of what the screen promises: revealed values, filter and selection agreeing,
//! marks, confirmation lists, popups' scrolling.

use super::tests::{arn, loaded};
use super::*;
use crate::app::state::Focus;

#[test]
fn reveal_holds_for_the_revision_on_screen_only() {
    let (mut s, now) = loaded(5);
    s.focus = Focus::Revisions;
    update(&mut s, Action::ToggleReveal, now);
    assert!(s.detail.reveal);
    update(&mut s, Action::Down, now);
    assert!(!s.detail.reveal, "moving to another revision masks again");
    update(&mut s, Action::ToggleReveal, now);
    update(&mut s, Action::ToggleJson, now);
    s.detail.scroll = 30;
    // Another family: the old rows go when its listing starts.
    s.focus = Focus::Families;
    update(&mut s, Action::Down, now);
    let fx = update(&mut s, Action::Enter, now);
    assert!(matches!(fx.as_slice(), [Effect::ListRevisions { family, .. }] if family == "worker"));
    assert!(!s.detail.reveal, "another family masks again");
    assert_eq!(s.detail.scroll, 0, "the JSON view starts at the top");
    assert!(s.detail.json, "the view itself stays");
    let _ = arn("web", 1);
}
