//! The config file, `$XDG_CONFIG_HOME/taskdefs/config.toml` (default
//! `~/.config/taskdefs/config.toml`): defaults for region, profile, family prefix, headroom
//! and keep-newest N, theme colours and key overrides.
//!
//! Read and validated once at start; anything wrong is one sentence naming the file, the line
//! and the field (exit 2). Flags (and the AWS environment variables) beat the file, which
//! beats the built-in defaults; `taskdefs config` prints what is in force and where it came from.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ratatui::style::Color;
use serde::Deserialize;
use toml::Spanned;

use crate::cli::Cli;

/// The built-in keep-newest-N default (the `K` prompt's first value).
pub const DEFAULT_KEEP: usize = 5;

/// The built-in headroom in percent (see `jobs::RateConfig`).
pub const DEFAULT_HEADROOM: f64 = 20.0;

/// What the file holds, as written (with where each value sits).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    region: Option<Spanned<String>>,
    profile: Option<Spanned<String>>,
    family_prefix: Option<Spanned<String>>,
    headroom: Option<Spanned<f64>>,
    keep: Option<Spanned<i64>>,
    #[serde(default)]
    theme: toml::Table,
    #[serde(default)]
    keys: toml::Table,
}

/// A value from the file and the line it is on.
#[derive(Debug, Clone, PartialEq)]
pub struct FromFile<T> {
    /// The value.
    pub value: T,
    /// 1-based line in the file.
    pub line: usize,
}

/// The validated file (everything empty when there is no file).
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file looked for.
    pub path: PathBuf,
    /// True when it exists and was read.
    pub found: bool,
    /// `region`.
    pub region: Option<FromFile<String>>,
    /// `profile`.
    pub profile: Option<FromFile<String>>,
    /// `family_prefix`.
    pub family_prefix: Option<FromFile<String>>,
    /// `headroom`, percent.
    pub headroom: Option<FromFile<f64>>,
    /// `keep`, the keep-newest-N default.
    pub keep: Option<FromFile<usize>>,
    /// `[theme]`: style name, colour as written, colour.
    pub theme: Vec<(FromFile<String>, String, Color)>,
    /// `[keys]`: action name and its keys.
    pub keys: Vec<(FromFile<String>, Vec<String>)>,
    /// The binding table with `keys` applied, ready for `keymap::overrides::install`.
    pub bindings: Option<Vec<crate::app::keymap::Binding>>,
}

/// Where the config file is: `$XDG_CONFIG_HOME/taskdefs/config.toml`, else under `~/.config`.
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".config")))?;
    Some(base.join("taskdefs").join("config.toml"))
}

/// Reads and validates the config file; no file is an empty config.
pub fn load() -> Result<Config, String> {
    let Some(path) = default_path() else {
        return Ok(Config::default());
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Config {
                path,
                ..Config::default()
            });
        }
        Err(e) => {
            return Err(format!(
                "cannot read the config file {}: {e}",
                path.display()
            ));
        }
    };
    parse(&path, &text)
}

/// 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).unwrap_or(text).matches('\n').count() + 1
}

/// The key written on `line` (`name = ...`), or the `[section]` it opens.
fn key_on_line(text: &str, line: usize) -> Option<String> {
    let l = text.lines().nth(line.checked_sub(1)?)?.trim();
    if let Some(header) = l.strip_prefix('[') {
        return header.split(']').next().map(|h| h.trim().to_string());
    }
    let (k, _) = l.split_once('=')?;
    Some(k.trim().trim_matches('"').to_string())
}

/// One sentence: file, line, field, what is wrong.
fn problem(path: &Path, line: usize, field: &str, what: &str) -> String {
    format!(
        "config file {}, line {line}, field `{field}`: {what}",
        path.display()
    )
}

/// Parses and validates `text` (the content of `path`).
pub fn parse(path: &Path, text: &str) -> Result<Config, String> {
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(text, s.start));
        let msg = e.message().trim().to_string();
        // toml names an unknown field in the message; otherwise the line says which.
        let field = msg
            .strip_prefix("unknown field `")
            .and_then(|m| m.split('`').next())
            .map(str::to_string)
            .or_else(|| key_on_line(text, line))
            .unwrap_or_else(|| "?".into());
        problem(path, line, &field, &msg)
    })?;
    let at = |s: std::ops::Range<usize>| line_of(text, s.start);
    let mut c = Config {
        path: path.to_path_buf(),
        found: true,
        ..Config::default()
    };
    let string = |v: Option<Spanned<String>>, field: &str| -> Result<_, String> {
        match v {
            Some(s) if s.get_ref().trim().is_empty() => {
                Err(problem(path, at(s.span()), field, "must not be empty"))
            }
            Some(s) => Ok(Some(FromFile {
                line: at(s.span()),
                value: s.into_inner(),
            })),
            None => Ok(None),
        }
    };
    c.region = string(raw.region, "region")?;
    c.profile = string(raw.profile, "profile")?;
    c.family_prefix = string(raw.family_prefix, "family_prefix")?;
    if let Some(h) = raw.headroom {
        let line = at(h.span());
        let v = *h.get_ref();
        if !(v.is_finite() && (0.0..=90.0).contains(&v)) {
            let what = format!("must be between 0 and 90 percent (got {v})");
            return Err(problem(path, line, "headroom", &what));
        }
        c.headroom = Some(FromFile { value: v, line });
    }
    if let Some(k) = raw.keep {
        let line = at(k.span());
        let v = *k.get_ref();
        let value = usize::try_from(v)
            .ok()
            .filter(|&n| (1..=10_000).contains(&n))
            .ok_or_else(|| {
                let what = format!("must be a whole number from 1 to 10000 (got {v})");
                problem(path, line, "keep", &what)
            })?;
        c.keep = Some(FromFile { value, line });
    }
    theme(&mut c, text, raw.theme)?;
    keys(&mut c, text, raw.keys)?;
    Ok(c)
}

/// The line of `key` inside `[section]` (spans of table entries are not kept by `toml::Table`).
fn table_line(text: &str, section: &str, key: &str) -> usize {
    let mut inside = false;
    for (i, l) in text.lines().enumerate() {
        let t = l.trim();
        if let Some(header) = t.strip_prefix('[') {
            // `[theme]   # a comment` opens `theme`.
            inside = header.split(']').next().map(str::trim) == Some(section);
        } else if inside
            && t.split_once('=')
                .is_some_and(|(k, _)| k.trim().trim_matches('"') == key)
        {
            return i + 1;
        }
    }
    1
}

fn theme(c: &mut Config, text: &str, table: toml::Table) -> Result<(), String> {
    for (name, value) in table {
        let line = table_line(text, "theme", &name);
        let field = format!("theme.{name}");
        if !crate::ui::Theme::NAMES.contains(&name.as_str()) {
            let what = format!(
                "no such style (one of {})",
                crate::ui::Theme::NAMES.join(", ")
            );
            return Err(problem(&c.path, line, &field, &what));
        }
        let written = value.as_str().ok_or_else(|| {
            problem(
                &c.path,
                line,
                &field,
                "must be a colour name in quotes, e.g. \"yellow\" or \"#ffaa00\"",
            )
        })?;
        let colour: Color = written.parse().map_err(|_| {
            let what = format!("`{written}` is not a colour (a name such as yellow or lightblue, #rrggbb, or 0-255)");
            problem(&c.path, line, &field, &what)
        })?;
        c.theme
            .push((FromFile { value: name, line }, written.to_string(), colour));
    }
    // In file order, as `taskdefs config` lists them.
    c.theme.sort_by_key(|(n, _, _)| n.line);
    Ok(())
}

fn keys(c: &mut Config, text: &str, table: toml::Table) -> Result<(), String> {
    for (name, value) in table {
        let line = table_line(text, "keys", &name);
        let keys: Option<Vec<String>> = match &value {
            toml::Value::String(s) => Some(vec![s.clone()]),
            toml::Value::Array(a) => a.iter().map(|v| v.as_str().map(str::to_string)).collect(),
            _ => None,
        };
        let keys = keys.ok_or_else(|| {
            problem(
                &c.path,
                line,
                &format!("keys.{name}"),
                "must be a key in quotes or a list of them, e.g. \"x\" or [\"x\", \"F2\"]",
            )
        })?;
        c.keys.push((FromFile { value: name, line }, keys));
    }
    c.keys.sort_by_key(|(n, _)| n.line);
    let overrides: Vec<(String, Vec<String>)> = c
        .keys
        .iter()
        .map(|(n, k)| (n.value.clone(), k.clone()))
        .collect();
    match crate::app::keymap::overrides::apply(&overrides) {
        Ok(table) => c.bindings = Some(table),
        Err((name, what)) => {
            let line = c
                .keys
                .iter()
                .find(|(n, _)| n.value == name)
                .map_or(1, |(n, _)| n.line);
            return Err(problem(&c.path, line, &format!("keys.{name}"), &what));
        }
    }
    Ok(())
}

impl Config {
    /// Fills what the command line left out from the file. The AWS environment variables
    /// count as given on the command line: they are the session's own choice.
    pub fn apply(&self, cli: &mut Cli) {
        let env = |names: &[&str]| {
            names
                .iter()
                .any(|n| std::env::var_os(n).is_some_and(|v| !v.is_empty()))
        };
        if cli.region.is_empty() && !env(&["AWS_REGION", "AWS_DEFAULT_REGION"]) {
            cli.region = self.region.iter().map(|r| r.value.clone()).collect();
        }
        if cli.profile.is_empty() && !env(&["AWS_PROFILE"]) {
            cli.profile = self.profile.iter().map(|r| r.value.clone()).collect();
        }
        if cli.family_prefix.is_none() {
            cli.family_prefix = self.family_prefix.as_ref().map(|r| r.value.clone());
        }
        if cli.headroom.is_none() {
            cli.headroom = self.headroom.as_ref().map(|r| r.value);
        }
    }

    /// The keep-newest-N default: the file's, else `DEFAULT_KEEP`.
    pub fn keep(&self) -> usize {
        self.keep.as_ref().map_or(DEFAULT_KEEP, |k| k.value)
    }

    /// `theme` with the file's colours (none under `NO_COLOR`).
    pub fn colour(&self, mut theme: crate::ui::Theme, no_color: bool) -> crate::ui::Theme {
        if !no_color {
            for (name, _, colour) in &self.theme {
                theme.set_colour(&name.value, *colour);
            }
        }
        theme
    }

    /// What `taskdefs config` prints: every setting, its value and where it came from, given
    /// the command line as parsed (before `apply`).
    pub fn describe(&self, cli: &Cli) -> String {
        let mut out = String::new();
        let file = if self.found {
            self.path.display().to_string()
        } else if self.path.as_os_str().is_empty() {
            "none (no HOME or XDG_CONFIG_HOME)".into()
        } else {
            format!("{} (not found: built-in defaults)", self.path.display())
        };
        let _ = writeln!(out, "{:<16} {file}", "config file");
        let from_file = |line: usize| format!("config file, line {line}");
        let env_of = |names: &[&str]| {
            names.iter().find_map(|n| {
                std::env::var(n)
                    .ok()
                    .filter(|v| !v.is_empty())
                    .map(|v| (v, format!("{n} environment variable")))
            })
        };
        let mut row = |name: &str, value: Option<(String, String)>, none: &str| {
            let (v, src) = value.unwrap_or_else(|| ("-".into(), none.into()));
            let _ = writeln!(out, "{name:<16} {:<24} {src}", crate::text::escape(&v));
        };
        // Several regions or profiles on the command line are shown as one list.
        let pick =
            |flag: &[String], flag_name: &str, env: &[&str], file: &Option<FromFile<String>>| {
                (!flag.is_empty())
                    .then(|| flag.join(","))
                    .map(|v| (v, format!("{flag_name} flag")))
                    .or_else(|| env_of(env))
                    .or_else(|| file.as_ref().map(|f| (f.value.clone(), from_file(f.line))))
            };
        row(
            "region",
            pick(
                &cli.region,
                "--region",
                &["AWS_REGION", "AWS_DEFAULT_REGION"],
                &self.region,
            ),
            "not set (the AWS profile's region, if any)",
        );
        row(
            "profile",
            pick(&cli.profile, "--profile", &["AWS_PROFILE"], &self.profile),
            "not set (the default AWS credential chain)",
        );
        row(
            "family_prefix",
            pick(
                cli.family_prefix.as_slice(),
                "--family-prefix",
                &[],
                &self.family_prefix,
            ),
            "not set (every family)",
        );
        let headroom = cli
            .headroom
            .map(|h| (h.to_string(), "--headroom flag".to_string()))
            .or_else(|| {
                self.headroom
                    .as_ref()
                    .map(|h| (h.value.to_string(), from_file(h.line)))
            })
            .unwrap_or_else(|| (DEFAULT_HEADROOM.to_string(), "built-in default".into()));
        row("headroom", Some(headroom), "");
        let keep = self
            .keep
            .as_ref()
            .map(|k| (k.value.to_string(), from_file(k.line)))
            .unwrap_or_else(|| (DEFAULT_KEEP.to_string(), "built-in default".into()));
        row("keep", Some(keep), "");
        for (name, written, _) in &self.theme {
            row(
                &format!("theme.{}", name.value),
                Some((written.clone(), from_file(name.line))),
                "",
            );
        }
        if self.theme.is_empty() {
            row(
                "theme",
                Some(("built-in".into(), "built-in default".into())),
                "",
            );
        }
        for (name, keys) in &self.keys {
            row(
                &format!("keys.{}", name.value),
                Some((keys.join(" "), from_file(name.line))),
                "",
            );
        }
        if self.keys.is_empty() {
            row(
                "keys",
                Some((
                    "built-in".into(),
                    "built-in default (? in the UI lists them)".into(),
                )),
                "",
            );
        }
        out
    }
}

#[cfg(test)]
mod tests;
