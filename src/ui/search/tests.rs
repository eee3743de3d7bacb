use super::*;

#[test]
fn finds_across_spans_case_insensitively_and_highlights_in_place() {
    let t = Theme::new(false);
    let mut lines = vec![
        Line::from(vec![Span::raw("DB_HO"), Span::raw("ST = ***")]),
        Line::from("nothing"),
        Line::from("db_host db_host"),
    ];
    assert_eq!(
        find(&lines, "db_host"),
        vec![(0, 0, 7), (2, 0, 7), (2, 8, 15)]
    );
    assert_eq!(highlight(&mut lines, "db_host", 1, &t), 3);
    let text: String = lines[0].spans.iter().map(|s| s.content.as_ref()).collect();
    assert_eq!(text, "DB_HOST = ***", "highlighting keeps the text");
    assert!(
        lines[0].spans[0]
            .style
            .add_modifier
            .contains(Modifier::REVERSED)
    );
    assert!(
        !lines[0]
            .spans
            .last()
            .unwrap()
            .style
            .add_modifier
            .contains(Modifier::REVERSED)
    );
}
