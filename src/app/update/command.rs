//! The `:` command line (k9s habit): `:region R`, `:profile P`, `:family PREFIX`, `:q`, with
//! Tab completing commands, regions and profiles. A switch keeps the old context until the
//! new one has answered; it clears marks (they name revisions of the old context).

use super::super::action::Action;
use super::super::effect::Effect;
use super::super::state::{AppState, Focus, InUseState, Level, Modal};
use super::super::views::{CommandLine, ContextChange};
use super::{flash, lists, next_id, scan};
use crate::text::{escape, plural};

/// The commands, for completion and the usage sentence.
const COMMANDS: [&str; 4] = ["family", "profile", "q", "region"];

const USAGE: &str = "Commands: :region NAME, :profile NAME, :family PREFIX, :q.";

/// `:` opens the line and reads the profile names for Tab.
pub(super) fn open(state: &mut AppState) -> Vec<Effect> {
    state.modal = Some(Modal::Command(CommandLine::default()));
    vec![Effect::ListProfiles]
}

/// A key on the command line (the router took it out of the state).
pub(super) fn key(state: &mut AppState, mut c: CommandLine, action: Action) -> Vec<Effect> {
    match action {
        Action::Input(ch) => {
            c.text.push(ch);
            c.candidates.clear();
        }
        Action::Backspace => {
            c.text.pop();
            c.candidates.clear();
        }
        Action::Complete => complete(&mut c, &state.context.profiles),
        Action::Submit => return run(state, c.text.trim()),
        Action::No => return vec![],
        _ => {}
    }
    state.modal = Some(Modal::Command(c));
    vec![]
}

/// Tab: the word being typed grows to what every candidate shares; a single one is taken.
fn complete(c: &mut CommandLine, profiles: &[String]) {
    let (head, word, pool): (String, &str, Vec<&str>) = match c.text.split_once(' ') {
        None => (String::new(), c.text.as_str(), COMMANDS.to_vec()),
        Some((cmd, arg)) => {
            let pool = match cmd {
                "region" => crate::contexts::regions::ALL_REGIONS.to_vec(),
                "profile" => profiles.iter().map(String::as_str).collect(),
                _ => vec![],
            };
            (format!("{cmd} "), arg.trim_start(), pool)
        }
    };
    let fits: Vec<&str> = pool.into_iter().filter(|p| p.starts_with(word)).collect();
    let Some(first) = fits.first() else {
        c.candidates.clear();
        return;
    };
    let shared = fits.iter().fold(first.to_string(), |acc, f| {
        acc.chars()
            .zip(f.chars())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a)
            .collect()
    });
    let done = if fits.len() == 1 && head.is_empty() {
        " "
    } else {
        ""
    };
    c.text = format!("{head}{shared}{done}");
    c.candidates = if fits.len() > 1 {
        fits.iter().map(|s| s.to_string()).collect()
    } else {
        vec![]
    };
}

fn job_running(state: &AppState) -> bool {
    state.job.as_ref().is_some_and(|j| j.finished.is_none())
}

/// Enter: runs the command.
fn run(state: &mut AppState, line: &str) -> Vec<Effect> {
    let (cmd, arg) = line
        .split_once(char::is_whitespace)
        .map_or((line, ""), |(c, a)| (c, a.trim()));
    match (cmd, arg) {
        ("", _) => vec![],
        ("q" | "q!" | "quit", _) => super::dispatch(state, Action::Quit),
        ("family", prefix) => {
            state.family_prefix = (!prefix.is_empty()).then(|| prefix.to_string());
            let text = match &state.family_prefix {
                Some(p) => format!("Families starting with {}.", escape(p)),
                None => "Every family.".to_string(),
            };
            flash(state, Level::Info, text);
            state.families.cursor = Default::default();
            lists::reload(state)
        }
        ("region" | "profile", "") => {
            flash(
                state,
                Level::Warn,
                format!(":{} needs a name (Tab completes it).", escape(cmd)),
            );
            vec![]
        }
        ("region", name) if name.starts_with(['+', '-']) => {
            super::contexts_cmd::change(state, super::contexts_cmd::Side::Region, name)
                .unwrap_or_default()
        }
        ("profile", name) if name.starts_with(['+', '-']) => {
            super::contexts_cmd::change(state, super::contexts_cmd::Side::Profile, name)
                .unwrap_or_default()
        }
        ("region" | "profile", name) => switch(state, cmd, name),
        _ => {
            flash(
                state,
                Level::Warn,
                format!("Unknown command :{}. {USAGE}", escape(cmd)),
            );
            vec![]
        }
    }
}

fn switch(state: &mut AppState, cmd: &str, name: &str) -> Vec<Effect> {
    if state.context.switching.is_some() {
        flash(
            state,
            Level::Warn,
            "A switch is already on its way: wait for its answer.",
        );
        return vec![];
    }
    if job_running(state) {
        flash(
            state,
            Level::Warn,
            "A job is running: switching now would leave it reporting into another context; wait for it or cancel it with X.",
        );
        return vec![];
    }
    if !super::contexts_cmd::valid_profile(name) {
        flash(
            state,
            Level::Warn,
            format!("{} is not a {cmd} name.", escape(&format!("{name:?}"))),
        );
        return vec![];
    }
    let change = if cmd == "region" {
        // The same rule as --region: a misspelt name never reaches a connect attempt.
        match crate::contexts::parse_region(name) {
            Ok(r) => ContextChange::Region(r),
            Err(why) => {
                flash(state, Level::Warn, format!("Not switched: {why}."));
                return vec![];
            }
        }
    } else {
        ContextChange::Profile(name.to_string())
    };
    let request = next_id(state);
    state.context.switching = Some(request);
    flash(
        state,
        Level::Info,
        format!("Connecting with {cmd} {}…", escape(name)),
    );
    vec![Effect::SwitchContext { request, change }]
}

/// The worker's answer: the new context, or one sentence and the old context stays.
pub(super) fn switched(
    state: &mut AppState,
    request: u64,
    result: Result<String, String>,
) -> Vec<Effect> {
    if state.context.switching != Some(request) {
        return vec![];
    }
    state.context.switching = None;
    let label = match result {
        // A job started while the switch was on its way: it reports into this context.
        Ok(_) if job_running(state) => {
            let old = escape(&state.backend.label).into_owned();
            flash(
                state,
                Level::Warn,
                format!("A job started meanwhile: the switch is abandoned; still on {old}."),
            );
            return vec![];
        }
        Ok(label) => label,
        Err(e) => {
            let old = state.backend.label.clone();
            flash(
                state,
                Level::Error,
                format!("{} Still on {}.", escape(&e), escape(&old)),
            );
            return vec![];
        }
    };
    let cleared = std::mem::take(&mut state.marks).len();
    state.backend.label = label.clone();
    // A switch leaves one context, even from several.
    state.contexts.clear();
    // Everything listed belongs to the old context; describes are by ARN and stay valid.
    state.families.names.clear();
    state.families.visible.clear();
    state.families.counts.clear();
    state.families.cursor = Default::default();
    state.revisions = Default::default();
    state.revisions.request = next_id(state);
    state.overrides.clear();
    state.row_errors.clear();
    state.diff = None;
    state.search = None;
    state.focus = Focus::Families;
    state.in_use = InUseState {
        request: state.in_use.request,
        ..Default::default()
    };
    let mut fx = vec![Effect::UseContext { request }];
    fx.extend(lists::load_families(state));
    fx.push(scan::start_scan(state));
    if cleared > 0 {
        flash(
            state,
            Level::Warn,
            format!(
                "Now on {}: {} cleared (they were revisions of the old context).",
                escape(&label),
                plural(cleared, "mark", "marks")
            ),
        );
    } else {
        flash(state, Level::Info, format!("Now on {}.", escape(&label)));
    }
    fx
}

#[cfg(test)]
mod tests;
