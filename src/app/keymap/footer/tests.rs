use super::*;

#[test]
fn every_footer_key_comes_from_a_binding_of_its_popup() {
    for (ctx, spec) in FOOTERS {
        for (action, _) in *spec {
            assert!(
                binding(*ctx, action).is_some(),
                "{action:?} is in a {ctx:?} footer but not bound there"
            );
        }
        assert_eq!(footer(*ctx, spec, false).len(), spec.len());
    }
    assert_eq!(footer(Context::Confirm, CONFIRM, false)[1].0, "n/Esc");
    assert_eq!(footer(Context::Confirm, CONFIRM_TYPED, true)[1].0, "Esc");
}

#[test]
fn every_scrolling_popup_binds_all_its_scroll_keys() {
    for ctx in SCROLLING {
        assert_eq!(scroll_keys(*ctx, false), "j/k PgUp/PgDn g/G", "{ctx:?}");
    }
    assert_eq!(scroll_keys(Context::Confirm, true), "↑/↓ PgUp/PgDn");
}
