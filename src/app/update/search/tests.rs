use super::super::tests::loaded;
use super::super::update;
use super::*;
use crate::app::state::Focus;

#[test]
fn slash_in_the_detail_pane_searches_and_n_wraps_around() {
    let (mut s, now) = loaded(3);
    s.focus = Focus::Detail;
    let rows_before = s.revisions.visible.len();
    update(&mut s, Action::StartSearch, now);
    for c in "image".chars() {
        update(&mut s, Action::Input(c), now);
    }
    assert_eq!(
        s.revisions.visible.len(),
        rows_before,
        "revisions are not filtered"
    );
    assert!(s.revisions.filter.text.is_empty());
    // The runtime measured three matches on these pane lines.
    s.search.as_mut().unwrap().lines = vec![3, 20, 40];
    s.detail.scroll = 10;
    update(&mut s, Action::Submit, now);
    let cur = |s: &AppState| s.search.as_ref().map(|x| (x.current, x.editing));
    assert_eq!(
        cur(&s),
        Some((1, false)),
        "first match below the top of the pane"
    );
    assert_eq!(s.detail.scroll, 18);
    update(&mut s, Action::SearchNext, now);
    assert_eq!((cur(&s), s.detail.scroll), (Some((2, false)), 38));
    update(&mut s, Action::SearchNext, now);
    assert_eq!((cur(&s), s.detail.scroll), (Some((0, false)), 1));
    update(&mut s, Action::SearchPrev, now);
    assert_eq!(cur(&s), Some((2, false)));
    // Esc drops the search first, and only then leaves the pane.
    update(&mut s, Action::Back, now);
    assert_eq!((s.search.is_none(), s.focus), (true, Focus::Detail));
}

#[test]
fn slash_searches_only_in_the_detail_pane_and_typing_takes_n() {
    use crate::app::keymap::action_for;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    let (mut s, now) = loaded(2);
    s.focus = Focus::Revisions;
    assert_eq!(action_for(key('/'), &s), Some(Action::StartFilter));
    s.focus = Focus::Detail;
    assert_eq!(action_for(key('/'), &s), Some(Action::StartSearch));
    update(&mut s, Action::StartSearch, now);
    assert_eq!(action_for(key('n'), &s), Some(Action::Input('n')));
    update(&mut s, Action::Submit, now);
    assert!(s.search.is_none(), "an empty query is no search");
    s.search = Some(Search {
        query: "x".into(),
        ..Default::default()
    });
    assert_eq!(action_for(key('n'), &s), Some(Action::SearchNext));
    assert_eq!(action_for(key('N'), &s), Some(Action::SearchPrev));
}

#[test]
fn no_match_says_so() {
    let (mut s, now) = loaded(1);
    s.focus = Focus::Detail;
    update(&mut s, Action::StartSearch, now);
    update(&mut s, Action::Input('z'), now);
    update(&mut s, Action::Submit, now);
    let text = s.flash.clone().map(|f| f.text);
    assert_eq!(
        text.as_deref(),
        Some("No match for 'z' in the detail pane.")
    );
    // Esc while typing drops it.
    update(&mut s, Action::StartSearch, now);
    update(&mut s, Action::Back, now);
    assert!(s.search.is_none());
}
