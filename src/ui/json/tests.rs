use super::*;

#[test]
fn tokens_cover_the_line() {
    let t = Theme::new(false);
    let line = r#"    "name": "a \"b\" c", "n": -1.5e3, "ok": true,"#;
    let spans = colour(line, &t);
    let joined: String = spans.iter().map(|s| s.content.as_ref()).collect();
    assert_eq!(joined, line);
    let key = spans.iter().find(|s| s.content == "\"name\"").unwrap();
    assert_eq!(key.style, t.json_key);
    let val = spans
        .iter()
        .find(|s| s.content == r#""a \"b\" c""#)
        .unwrap();
    assert_eq!(val.style, t.json_string);
    assert!(
        spans
            .iter()
            .any(|s| s.content == "-1.5e3" && s.style == t.json_number)
    );
    assert!(
        spans
            .iter()
            .any(|s| s.content == "true" && s.style == t.json_literal)
    );
}
