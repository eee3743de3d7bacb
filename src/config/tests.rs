#![allow(clippy::unwrap_used)]

use super::*;

fn p() -> &'static Path {
    Path::new("/home/op/.config/taskdefs/config.toml")
}

#[test]
fn a_full_file_is_read_with_lines() {
    let c = parse(
        p(),
        "# defaults\nregion = \"eu-west-1\"\nprofile = \"prod\"\nfamily_prefix = \"pay-\"\nheadroom = 30\nkeep = 12\n\n[theme]\nkey = \"yellow\"\nselected = \"#204060\"\n\n[keys]\nderegister = \"x\"\nzoom = [\"Z\", \"F2\"]\n",
    )
    .unwrap();
    assert_eq!(c.region.as_ref().unwrap().value, "eu-west-1");
    assert_eq!(c.region.as_ref().unwrap().line, 2);
    assert_eq!(c.headroom.as_ref().unwrap().value, 30.0);
    assert_eq!(c.keep(), 12);
    assert_eq!(c.theme.len(), 2);
    assert_eq!(c.keys[1].0.line, 14);
    let table = c.bindings.unwrap();
    assert!(
        table
            .iter()
            .any(|b| b.action == crate::app::Action::ToggleZoom && b.label == "Z/F2")
    );
}

#[test]
fn every_problem_names_file_line_and_field() {
    let cases = [
        (
            "region = \"eu-west-1\"\nregoin = \"x\"\n",
            2,
            "regoin",
            "unknown field",
        ),
        ("headroom = 150\n", 1, "headroom", "between 0 and 90"),
        ("\nkeep = \"ten\"\n", 2, "keep", "invalid type"),
        ("keep = 0\n", 1, "keep", "from 1 to 10000"),
        ("region = \"\"\n", 1, "region", "must not be empty"),
        (
            "[theme]\nkey = \"blurple\"\n",
            2,
            "theme.key",
            "not a colour",
        ),
        (
            "[theme]\nbackground = \"red\"\n",
            2,
            "theme.background",
            "no such style",
        ),
        (
            "[keys]\n\nderegister = \"j\"\n",
            3,
            "keys.deregister",
            "already bound",
        ),
        ("[keys]\nfly = \"x\"\n", 2, "keys.fly", "no such action"),
        ("[keys]\nzoom = 3\n", 2, "keys.zoom", "a key in quotes"),
        ("region = \"eu\n", 1, "region", ""),
    ];
    for (text, line, field, what) in cases {
        let e = parse(p(), text).err().unwrap_or_default();
        let want = format!(
            "config file /home/op/.config/taskdefs/config.toml, line {line}, field `{field}`: "
        );
        assert!(e.starts_with(&want), "{text:?}: {e}");
        assert!(e.contains(what), "{text:?}: {e}");
        assert!(!e.contains('\n'), "one line: {e:?}");
    }
}

#[test]
fn flags_beat_the_file_which_beats_the_defaults() {
    use clap::Parser;
    let c = parse(p(), "family_prefix = \"pay-\"\nheadroom = 30\n").unwrap();
    let mut cli = Cli::parse_from(["taskdefs", "--headroom", "10"]);
    let shown = c.describe(&cli);
    c.apply(&mut cli);
    assert_eq!(cli.headroom, Some(10.0));
    assert_eq!(cli.family_prefix.as_deref(), Some("pay-"));
    assert!(shown.contains("--headroom flag"), "{shown}");
    assert!(shown.contains("config file, line 1"), "{shown}");
    assert!(shown.contains("built-in default"), "{shown}");
}

#[test]
fn theme_colours_apply_unless_no_color() {
    let c = parse(p(), "[theme]\nkey = \"yellow\"\nselected = \"blue\"\n").unwrap();
    let t = c.colour(crate::ui::Theme::new(false), false);
    assert_eq!(t.key.fg, Some(Color::Yellow));
    assert_eq!(t.selected.bg, Some(Color::Blue));
    let plain = c.colour(crate::ui::Theme::new(true), true);
    assert_eq!(plain.key.fg, None, "NO_COLOR wins over the file");
}

#[test]
fn comments_after_section_headers_and_values_keep_lines_right() {
    let c = parse(
        p(),
        "[theme]   # colours\nkey = \"yellow\"   # the key column\n\n[keys]  # overrides\nzoom = \"Z\"\n",
    )
    .unwrap();
    assert_eq!(c.theme[0].0.line, 2);
    assert_eq!(c.keys[0].0.line, 5);
}
