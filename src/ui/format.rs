//! Short text forms for cells: ages, durations, images, compatibilities, truncation.

use std::borrow::Cow;

use jiff::Timestamp;
use ratatui::buffer::CellWidth;
use unicode_segmentation::UnicodeSegmentation;

/// Width in terminal cells, measured the way the buffer draws: per grapheme, wide CJK and
/// emoji take two cells, control characters and zero-width graphemes none.
pub fn width(s: &str) -> usize {
    if s.is_ascii() {
        return s.bytes().filter(|b| !b.is_ascii_control()).count();
    }
    s.graphemes(true).map(grapheme_width).sum()
}

/// Cells one grapheme takes when drawn (ratatui drops control characters).
fn grapheme_width(g: &str) -> usize {
    if g.contains(char::is_control) {
        0
    } else {
        usize::from(g.cell_width())
    }
}

/// The longest prefix of `s` that fits in `max` cells, as (byte length, cells used).
/// Zero-width graphemes after the last one that fits stay with it.
pub fn prefix_fitting(s: &str, max: usize) -> (usize, usize) {
    let mut used = 0;
    for (i, g) in s.grapheme_indices(true) {
        let w = grapheme_width(g);
        if used + w > max {
            return (i, used);
        }
        used += w;
    }
    (s.len(), used)
}

/// `s` padded with spaces to `w` cells (never cut).
pub fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

/// `s` cut to `max` cells with a trailing `…` when it does not fit.
pub fn fit(s: &str, max: usize) -> Cow<'_, str> {
    if max == 0 {
        return Cow::Borrowed("");
    }
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    let (cut, _) = prefix_fitting(s, max - 1);
    Cow::Owned(format!("{}…", &s[..cut]))
}

/// `s` cut to `max` cells at a word boundary when one is near, with a trailing `…`, so a
/// message never ends mid-word without saying it was cut.
pub fn fit_words(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max || max == 0 {
        return fit(s, max);
    }
    let (cut, _) = prefix_fitting(s, max - 1);
    let head = &s[..cut];
    let head = match head.rfind(' ') {
        Some(p) if p >= cut / 2 => head[..p].trim_end_matches([',', ';', ':', ' ']),
        _ => head,
    };
    Cow::Owned(format!("{head}…"))
}

/// `s` cut to `max` cells keeping its end (`…` first), for values whose tail matters.
pub fn fit_left(s: &str, max: usize) -> Cow<'_, str> {
    let n = width(s);
    if n <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    // Drop graphemes from the front until the rest fits next to the ellipsis.
    let mut rest = n;
    let mut cut = s.len();
    for (i, g) in s.grapheme_indices(true) {
        if rest < max {
            cut = i;
            break;
        }
        rest -= grapheme_width(g);
    }
    Cow::Owned(format!("…{}", &s[cut..]))
}

/// Coarse relative age ("just now", "12m ago", "5h ago", "3d ago", "4mo ago", "2y ago").
///
/// Coarse on purpose: it changes at most once a minute, so ticks do not repaint rows.
pub fn age(now: Timestamp, then: Timestamp) -> String {
    let secs = now.as_second().saturating_sub(then.as_second());
    if secs < 60 {
        return "just now".into();
    }
    let (mins, hours, days) = (secs / 60, secs / 3600, secs / 86_400);
    if hours < 1 {
        format!("{mins}m ago")
    } else if days < 1 {
        format!("{hours}h ago")
    } else if days < 60 {
        format!("{days}d ago")
    } else if days < 730 {
        format!("{}mo ago", days / 30)
    } else {
        format!("{}y ago", days / 365)
    }
}

/// Absolute UTC time, to the second.
pub fn utc(t: Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M:%S UTC").to_string()
}

pub use crate::text::duration;

/// An image reference without its registry host, with long digests and hash tags cut.
///
/// `123456789012.dkr.ecr.us-east-1.amazonaws.com/payments/api:1.4` becomes `payments/api:1.4`;
/// `nginx@sha256:<64 hex>` becomes `nginx@sha256:3f2a9c1b…`.
pub fn short_image(image: &str) -> Cow<'_, str> {
    let mut rest = image;
    if let Some((first, tail)) = rest.split_once('/') {
        // Docker's rule: the first component is a registry when it looks like a host.
        if first.contains('.') || first.contains(':') || first == "localhost" {
            rest = tail;
        }
    }
    rest = rest.strip_prefix("library/").unwrap_or(rest);
    if let Some((repo, digest)) = rest.split_once('@') {
        let (algo, hex) = digest.split_once(':').unwrap_or(("", digest));
        if hex.len() > 12 {
            let algo = if algo.is_empty() {
                String::new()
            } else {
                format!("{algo}:")
            };
            return Cow::Owned(format!("{repo}@{algo}{}…", &hex[..8.min(hex.len())]));
        }
        return Cow::Borrowed(rest);
    }
    if let Some((repo, tag)) = rest.rsplit_once(':') {
        let hashlike = tag.len() > 20 && tag.chars().all(|c| c.is_ascii_hexdigit());
        if hashlike {
            return Cow::Owned(format!("{repo}:{}…", &tag[..12]));
        }
    }
    Cow::Borrowed(rest)
}

/// An image fitted to `max` cells for the revisions table: the repository's last path
/// segment with its tag (`api:1.4`), or with a short digest (`admin-portal@sha256:7308…`).
/// When that is too wide the tag survives longest (`…git-eb6f828`); a digest gives way to
/// the name.
pub fn fit_image(image: &str, max: usize) -> String {
    let short = short_image(image);
    let repo_end = short.find(['@', ':']).unwrap_or(short.len());
    let name_start = short[..repo_end].rfind('/').map_or(0, |p| p + 1);
    let name = &short[name_start..repo_end];
    let suffix = &short[repo_end..];
    if let Some(digest) = image.split_once('@').map(|(_, d)| d) {
        let (algo, hex) = digest.split_once(':').unwrap_or(("", digest));
        let hex: String = hex.chars().take(4).collect();
        let algo = if algo.is_empty() {
            String::new()
        } else {
            format!("{algo}:")
        };
        for candidate in [format!("{name}@{algo}{hex}…"), format!("{name}@{hex}…")] {
            if width(&candidate) <= max {
                return candidate;
            }
        }
        return fit(name, max).into_owned();
    }
    fit_left(&format!("{name}{suffix}"), max).into_owned()
}

/// Launch types in short form: `EC2`, `FG` (Fargate), `EXT` (external), `MI` (managed instances).
pub fn short_compat(compat: &[String]) -> String {
    let mut out = String::new();
    for c in compat {
        if !out.is_empty() {
            out.push(',');
        }
        out.push_str(match c.as_str() {
            "FARGATE" => "FG",
            "EXTERNAL" => "EXT",
            "MANAGED_INSTANCES" => "MI",
            other => other,
        });
    }
    out
}

pub use crate::text::plural;

#[cfg(test)]
mod tests;
