//! Styles. With `NO_COLOR` every style is colourless: bold, reverse, underline and glyphs
//! carry the meaning on their own, so monochrome terminals lose nothing.

use ratatui::style::{Color, Modifier, Style};

/// Every style the UI draws with.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Border of a pane without the keyboard.
    pub border: Style,
    /// Border of the focused pane (also drawn double).
    pub border_focused: Style,
    /// Pane titles.
    pub title: Style,
    /// Selected row in the focused pane.
    pub selected: Style,
    /// Selected row in another pane.
    pub selected_unfocused: Style,
    /// Table headers and section headings.
    pub header: Style,
    /// Secondary text.
    pub dim: Style,
    /// Field labels in the detail pane.
    pub label: Style,
    /// ACTIVE.
    pub active: Style,
    /// INACTIVE.
    pub inactive: Style,
    /// A call on its way.
    pub pending: Style,
    /// Errors.
    pub error: Style,
    /// Warnings.
    pub warn: Style,
    /// Neutral information.
    pub info: Style,
    /// Marked rows and the mark glyph.
    pub marked: Style,
    /// The in-use badge.
    pub in_use: Style,
    /// Masked values.
    pub masked: Style,
    /// Key names in hints.
    pub key: Style,
    /// Markers such as READ-ONLY and DRY-RUN.
    pub badge: Style,
    /// Destructive wording (delete).
    pub danger: Style,
    /// JSON object keys.
    pub json_key: Style,
    /// JSON strings.
    pub json_string: Style,
    /// JSON numbers.
    pub json_number: Style,
    /// JSON true, false and null.
    pub json_literal: Style,
    /// Filled part of a gauge.
    pub gauge: Style,
}

impl Theme {
    /// The theme; `no_color` (the `NO_COLOR` convention) removes every colour.
    pub fn new(no_color: bool) -> Self {
        let b = Style::new().add_modifier(Modifier::BOLD);
        let plain = Style::new();
        // `c` adds a colour only when colours are allowed.
        let c = |s: Style, fg: Color| if no_color { s } else { s.fg(fg) };
        Theme {
            border: c(plain, Color::DarkGray),
            border_focused: c(b, Color::Cyan),
            title: b,
            selected: Style::new().add_modifier(Modifier::REVERSED),
            selected_unfocused: if no_color {
                Style::new().add_modifier(Modifier::UNDERLINED)
            } else {
                Style::new().bg(Color::DarkGray)
            },
            header: b.add_modifier(Modifier::UNDERLINED),
            dim: if no_color {
                plain
            } else {
                plain.fg(Color::DarkGray)
            },
            label: c(b, Color::Blue),
            active: c(plain, Color::Green),
            inactive: if no_color {
                plain.add_modifier(Modifier::DIM)
            } else {
                plain.fg(Color::DarkGray)
            },
            pending: c(plain.add_modifier(Modifier::ITALIC), Color::Yellow),
            error: c(b, Color::Red),
            warn: c(b, Color::Yellow),
            info: c(plain, Color::Cyan),
            marked: c(b, Color::Magenta),
            in_use: c(b, Color::Yellow),
            masked: if no_color {
                plain
            } else {
                plain.fg(Color::DarkGray)
            },
            key: c(b, Color::Cyan),
            badge: b.add_modifier(Modifier::REVERSED),
            danger: c(b.add_modifier(Modifier::UNDERLINED), Color::Red),
            json_key: c(plain, Color::Cyan),
            json_string: c(plain, Color::Green),
            json_number: c(plain, Color::Magenta),
            json_literal: c(plain, Color::Yellow),
            gauge: c(plain, Color::Green),
        }
    }

    /// The styles the config file's `[theme]` can colour.
    pub const NAMES: &[&str] = &[
        "border",
        "border_focused",
        "title",
        "selected",
        "selected_unfocused",
        "header",
        "dim",
        "label",
        "active",
        "inactive",
        "pending",
        "error",
        "warn",
        "info",
        "marked",
        "in_use",
        "masked",
        "key",
        "badge",
        "danger",
        "json_key",
        "json_string",
        "json_number",
        "json_literal",
        "gauge",
    ];

    /// Colours the style `name` (one of `NAMES`): the background of the two selection
    /// styles, the text of every other. False for an unknown name.
    pub fn set_colour(&mut self, name: &str, colour: Color) -> bool {
        let style = match name {
            "border" => &mut self.border,
            "border_focused" => &mut self.border_focused,
            "title" => &mut self.title,
            "selected" | "selected_unfocused" => {
                let s = if name == "selected" {
                    &mut self.selected
                } else {
                    &mut self.selected_unfocused
                };
                // A coloured bar replaces the reverse video.
                *s = s.remove_modifier(Modifier::REVERSED).bg(colour);
                return true;
            }
            "header" => &mut self.header,
            "dim" => &mut self.dim,
            "label" => &mut self.label,
            "active" => &mut self.active,
            "inactive" => &mut self.inactive,
            "pending" => &mut self.pending,
            "error" => &mut self.error,
            "warn" => &mut self.warn,
            "info" => &mut self.info,
            "marked" => &mut self.marked,
            "in_use" => &mut self.in_use,
            "masked" => &mut self.masked,
            "key" => &mut self.key,
            "badge" => &mut self.badge,
            "danger" => &mut self.danger,
            "json_key" => &mut self.json_key,
            "json_string" => &mut self.json_string,
            "json_number" => &mut self.json_number,
            "json_literal" => &mut self.json_literal,
            "gauge" => &mut self.gauge,
            _ => return false,
        };
        *style = style.fg(colour);
        true
    }

    /// The style for a flash message or a line of that severity.
    pub fn level(&self, level: crate::app::state::Level) -> Style {
        use crate::app::state::Level;
        match level {
            Level::Info => self.info,
            Level::Warn => self.warn,
            Level::Error => self.error,
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::new(false)
    }
}
