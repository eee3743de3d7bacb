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

/// `/` then `text` in the families pane.
fn filter_families(s: &mut AppState, text: &str, now: jiff::Timestamp) {
    s.focus = Focus::Families;
    update(s, Action::StartFilter, now);
    for c in text.chars() {
        update(s, Action::Input(c), now);
    }
    update(s, Action::Submit, now);
}

#[test]
fn no_matching_family_means_no_current_family_and_nothing_to_act_on() {
    let (mut s, now) = loaded(5);
    assert_eq!(s.revisions.family.as_deref(), Some("web"));
    filter_families(&mut s, "nomatch", now);
    assert!(s.families.visible.is_empty());
    assert!(
        s.revisions.family.is_none(),
        "the old family is not current"
    );
    assert!(s.revisions.rows.is_empty() && s.revisions.selected().is_none());
    for key in [Action::KeepNewest, Action::Deregister, Action::Delete] {
        s.flash = None;
        assert!(update(&mut s, key.clone(), now).is_empty());
        assert!(s.modal.is_none(), "{key:?} opened a popup");
        let text = &s.flash.as_ref().expect("a message").text;
        assert!(text.starts_with("Nothing to act on"), "{key:?}: {text}");
    }
    s.focus = Focus::Revisions;
    for key in [Action::KeepNewest, Action::Deregister, Action::Delete] {
        s.flash = None;
        assert!(update(&mut s, key.clone(), now).is_empty());
        assert!(s.modal.is_none(), "{key:?} opened a popup");
        assert!(
            s.flash
                .as_ref()
                .unwrap()
                .text
                .starts_with("Nothing to act on")
        );
    }
}

#[test]
fn filtering_to_another_family_follows_it() {
    let (mut s, mut now) = loaded(5);
    filter_families(&mut s, "work", now);
    assert_eq!(s.families.selected(), Some("worker"));
    assert!(s.revisions.family.is_none(), "web's rows are gone at once");
    now += SETTLE + SETTLE;
    let fx = update(&mut s, Action::Tick, now);
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::ListRevisions { family, .. } if family == "worker"))
    );
}
