use super::*;

fn over(name: &str, keys: &[&str]) -> Vec<(String, Vec<String>)> {
    vec![(name.into(), keys.iter().map(|k| k.to_string()).collect())]
}

#[test]
fn an_override_replaces_the_keys_and_the_label_everywhere_the_action_is_bound() {
    let table = apply(&over("deregister", &["x", "F2"])).unwrap_or_default();
    let d: Vec<&Binding> = table
        .iter()
        .filter(|b| b.action == Action::Deregister)
        .collect();
    assert_eq!(d.len(), 2, "revisions and detail");
    for b in d {
        assert_eq!(b.label, "x/F2");
        assert_eq!(
            b.keys,
            [
                (KeyCode::Char('x'), KeyModifiers::NONE),
                (KeyCode::F(2), KeyModifiers::NONE)
            ]
        );
    }
}

#[test]
fn clashes_unknown_actions_and_bad_keys_are_refused_by_name() {
    let e = apply(&over("deregister", &["j"])).err().unwrap_or_default();
    assert_eq!(e.0, "deregister");
    assert!(e.1.contains("already bound to \"move down\""), "{}", e.1);
    let e = apply(&over("deregregister", &["x"]))
        .err()
        .unwrap_or_default();
    assert!(e.1.starts_with("no such action"), "{}", e.1);
    let e = apply(&over("zoom", &["Hyper-z"])).err().unwrap_or_default();
    assert!(e.1.contains("is not a key"), "{}", e.1);
    // Swapping two keys is fine: the check runs after every override.
    assert!(
        apply(&[
            ("json".into(), vec!["v".into()]),
            ("reveal".into(), vec!["J".into()]),
        ])
        .is_ok()
    );
}

#[test]
fn key_names() {
    assert_eq!(
        parse_key("Ctrl-x"),
        Ok((KeyCode::Char('x'), KeyModifiers::CONTROL))
    );
    assert_eq!(
        parse_key("Space"),
        Ok((KeyCode::Char(' '), KeyModifiers::NONE))
    );
    assert_eq!(
        parse_key("PgDn"),
        Ok((KeyCode::PageDown, KeyModifiers::NONE))
    );
    assert_eq!(parse_key("F12"), Ok((KeyCode::F(12), KeyModifiers::NONE)));
    assert!(parse_key("F13").is_err() && parse_key("").is_err());
}
