use super::*;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn pane_keys_then_global() {
    let mut s = AppState::default();
    assert_eq!(action_for(key(KeyCode::Char('j')), &s), Some(Action::Down));
    assert_eq!(
        action_for(key(KeyCode::Char('d')), &s),
        None,
        "d does nothing on families"
    );
    s.focus = Focus::Revisions;
    assert_eq!(
        action_for(key(KeyCode::Char('d')), &s),
        Some(Action::Deregister)
    );
    assert_eq!(
        action_for(KeyEvent::new(KeyCode::Char('J'), KeyModifiers::SHIFT), &s),
        Some(Action::ToggleJson)
    );
    assert_eq!(
        action_for(key(KeyCode::Char('J')), &s),
        Some(Action::ToggleJson)
    );
    assert_eq!(
        action_for(key(KeyCode::Char(' ')), &s),
        Some(Action::ToggleMark)
    );
}

#[test]
fn filter_typing_takes_letters() {
    let mut s = AppState::default();
    s.families.filter.editing = true;
    assert_eq!(
        action_for(key(KeyCode::Char('q')), &s),
        Some(Action::Input('q'))
    );
    assert_eq!(action_for(key(KeyCode::Esc), &s), Some(Action::Back));
    assert_eq!(action_for(key(KeyCode::Enter), &s), Some(Action::Submit));
}

#[test]
fn confirmation_defaults_to_no() {
    let s = AppState {
        modal: Some(Modal::ConfirmCancel),
        ..Default::default()
    };
    assert_eq!(action_for(key(KeyCode::Enter), &s), Some(Action::Submit));
    assert_eq!(action_for(key(KeyCode::Char('y')), &s), Some(Action::Yes));
    assert_eq!(
        action_for(key(KeyCode::Char('q')), &s),
        None,
        "q must not quit from a popup"
    );
}

#[test]
fn deregister_is_the_first_hint_in_the_revisions_pane() {
    let s = AppState {
        focus: Focus::Revisions,
        ..Default::default()
    };
    assert_eq!(hints(&s)[0].0, "d");
    assert_eq!(hints(&s)[1].0, "D");
}

#[test]
fn every_key_is_listed_once_and_reaches_its_binding() {
    let mut problems = Vec::new();
    for (i, b) in BINDINGS.iter().enumerate() {
        assert!(!b.desc.is_empty() && !b.label.is_empty(), "{b:?}");
        for (j, &k) in b.keys.iter().enumerate() {
            // A key the generic SHIFT rule (or an equal entry) already covers is dead weight.
            if b.keys
                .iter()
                .enumerate()
                .any(|(m, &o)| m != j && accepts(o, k))
            {
                problems.push(format!("{:?} {k:?} is listed twice", b.action));
            }
            // A key an earlier binding of the same context takes never reaches this one.
            if let Some(first) = BINDINGS[..i]
                .iter()
                .find(|o| o.context == b.context && o.keys.iter().any(|&o| accepts(o, k)))
            {
                problems.push(format!(
                    "{:?} {k:?} is taken first by {:?} in {:?}",
                    b.action, first.action, b.context
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
