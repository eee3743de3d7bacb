use super::*;

#[test]
fn rows_for_common_sizes() {
    assert_eq!(
        list_rows((80, 24)),
        ListRows {
            families: 9,
            revisions: 8,
            detail: 9
        }
    );
    assert_eq!(
        list_rows((120, 40)),
        ListRows {
            families: 36,
            revisions: 35,
            detail: 36
        }
    );
    assert_eq!(list_rows((20, 5)).revisions, 1);
    assert_eq!(list_rows((0, 0)).families, 1);
}

#[test]
fn panes_tile_the_screen() {
    for size in [
        (60, 15),
        (80, 24),
        (119, 30),
        (120, 40),
        (200, 60),
        (400, 100),
    ] {
        let area = Rect::new(0, 0, size.0, size.1);
        let a = areas(area);
        let cells: u32 = [a.families, a.revisions, a.detail, a.status]
            .iter()
            .map(|r| r.area())
            .sum();
        assert_eq!(cells, area.area(), "{size:?}");
        for r in [a.families, a.revisions, a.detail, a.status] {
            assert!(
                area.contains(r.as_position())
                    && r.right() <= area.right()
                    && r.bottom() <= area.bottom()
            );
        }
    }
}
