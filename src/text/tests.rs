use super::*;

#[test]
fn durations_name_the_two_largest_units() {
    assert_eq!(duration(45), "45s");
    assert_eq!(duration(378), "6m 18s");
    assert_eq!(duration(7500), "2h 05m");
}

#[test]
fn escapes_every_kind_of_control() {
    let hostile = "fam\u{1b}]0;pwned-title\u{7}\u{1b}[2J\u{1b}[H";
    assert_eq!(
        escape(hostile),
        "fam\\x1b]0;pwned-title\\x07\\x1b[2J\\x1b[H"
    );
    // OSC 52 (clipboard), C1 CSI, CR, tab, newline, DEL, right-to-left override.
    assert_eq!(
        escape("a\u{1b}]52;c;aGk=\u{7}b\u{9b}2Jc\rd\te\nf\u{7f}g\u{202e}h\u{2066}"),
        "a\\x1b]52;c;aGk=\\x07b\\x9b2Jc\\x0dd\\x09e\\x0af\\x7fg\\u{202e}h\\u{2066}"
    );
}

#[test]
fn plain_and_wide_text_pass_through_unchanged() {
    for s in [
        "web-api",
        "🚀 deploy ✅ done",
        "配置 サービス",
        "a\\x1b",
        "",
    ] {
        assert!(matches!(escape(s), Cow::Borrowed(_)), "{s}");
        assert_eq!(escape(s), s);
    }
}
