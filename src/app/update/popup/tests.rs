use super::super::update;
use super::*;
use crate::app::state::KeepPrompt;
use jiff::Timestamp;

fn with(modal: Modal) -> AppState {
    AppState {
        modal: Some(modal),
        ..Default::default()
    }
}

#[test]
fn esc_and_enter_close_the_summary_in_one_hop() {
    for key in [Action::Back, Action::Enter] {
        let mut s = with(Modal::Summary { scroll: 0 });
        assert!(update(&mut s, key, Timestamp::UNIX_EPOCH).is_empty());
        assert_eq!(s.modal, None);
    }
}

#[test]
fn scrolling_stays_inside_the_measured_range() {
    let mut s = with(Modal::Help { scroll: 0 });
    s.popup_range = Some((3, 2));
    update(&mut s, Action::Bottom, Timestamp::UNIX_EPOCH);
    assert_eq!(s.modal, Some(Modal::Help { scroll: 3 }));
    update(&mut s, Action::PageUp, Timestamp::UNIX_EPOCH);
    assert_eq!(s.modal, Some(Modal::Help { scroll: 1 }));
    update(&mut s, Action::ToggleHelp, Timestamp::UNIX_EPOCH);
    assert_eq!(s.modal, None);
}

#[test]
fn pane_keys_do_not_reach_the_panes_under_a_popup() {
    let mut s = with(Modal::Keep(KeepPrompt::default()));
    update(&mut s, Action::ToggleJson, Timestamp::UNIX_EPOCH);
    update(&mut s, Action::Down, Timestamp::UNIX_EPOCH);
    assert!(!s.detail.json);
    match &s.modal {
        Some(Modal::Keep(k)) => assert_eq!(k.field, 1, "arrows move between the fields"),
        other => panic!("the prompt closed: {other:?}"),
    }
    // Worker answers, resizes and Ctrl-C still land while the popup is open.
    assert!(!is_key(&Action::Tick) && !is_key(&Action::Profiles(vec![])));
    assert!(!is_key(&Action::Quit) && is_key(&Action::Input('x')) && is_key(&Action::No));
    update(&mut s, Action::Resize(90, 30), Timestamp::UNIX_EPOCH);
    assert_eq!(s.size, (90, 30));
    assert!(s.modal.is_some());
}
