use super::*;

fn text(l: &Line<'_>) -> String {
    l.spans.iter().map(|s| s.content.as_ref()).collect()
}

#[test]
fn wraps_with_indent() {
    let mut out = Vec::new();
    wrap_into(
        &mut out,
        vec![Span::raw("Label "), Span::raw("abcdefghijkl")],
        10,
        6,
    );
    let got: Vec<String> = out.iter().map(text).collect();
    assert_eq!(got, vec!["Label abcd", "      efgh", "      ijkl"]);
    let mut out = Vec::new();
    wrap_into(
        &mut out,
        vec![
            Span::raw("Health "),
            Span::raw("curl -f http://x || exit 1"),
        ],
        20,
        7,
    );
    let got: Vec<String> = out.iter().map(text).collect();
    assert_eq!(
        got,
        vec!["Health curl -f ", "       http://x || ", "       exit 1"]
    );
    let mut out = Vec::new();
    wrap_into(&mut out, vec![Span::raw("ab "), Span::raw("cdef")], 5, 0);
    let got: Vec<String> = out.iter().map(text).collect();
    assert_eq!(got, vec!["ab ", "cdef"]);
    // A word longer than a line is cut where the line ends.
    let mut out = Vec::new();
    wrap_into(&mut out, vec![Span::raw("ab "), Span::raw("cdefgh")], 5, 0);
    let got: Vec<String> = out.iter().map(text).collect();
    assert_eq!(got, vec!["ab cd", "efgh"]);
}

#[test]
fn wraps_wide_glyphs_by_cells() {
    let mut out = Vec::new();
    wrap_into(&mut out, vec![Span::raw("部署部署部")], 4, 0);
    let got: Vec<String> = out.iter().map(text).collect();
    assert_eq!(got, vec!["部署", "部署", "部"]);
    let mut out = Vec::new();
    wrap_into(&mut out, vec![Span::raw("🚀 deploy ✅ done")], 9, 0);
    let got: Vec<String> = out.iter().map(text).collect();
    assert_eq!(got, vec!["🚀 deploy", "✅ done"]);
    // One cell cannot hold a wide glyph: each goes alone instead of looping forever.
    let mut out = Vec::new();
    wrap_into(&mut out, vec![Span::raw("部署")], 1, 0);
    assert_eq!(out.len(), 2);
    for l in &out {
        assert!(
            l.spans
                .iter()
                .map(|s| format::width(&s.content))
                .sum::<usize>()
                <= 2
        );
    }
}

#[test]
fn slice_clamps_scroll() {
    let lines: Vec<Line<'_>> = (0..10).map(|i| Line::raw(i.to_string())).collect();
    let mut buf = Buffer::empty(Rect::new(0, 0, 5, 4));
    assert_eq!(draw_slice(&mut buf, Rect::new(0, 0, 5, 4), &lines, 100), 6);
    assert_eq!(buf[(0, 0)].symbol(), "6");
    assert_eq!(position(6, 4, 10).as_deref(), Some("7–10/10"));
    assert_eq!(position(0, 4, 3), None);
}
