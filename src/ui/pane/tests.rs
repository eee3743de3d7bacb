use super::*;

#[test]
fn wraps_at_spaces_and_splits_long_words() {
    assert_eq!(
        wrap_words("no families yet", 8),
        vec!["no", "families", "yet"]
    );
    assert_eq!(wrap_words("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
    assert_eq!(wrap_words("", 4), vec![""]);
}
