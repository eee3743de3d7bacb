//! The UI across several contexts (`--region a,b`, repeated `--profile`, `--all-regions`).

use taskdefs::cli::Cli;
use taskdefs::{app, jobs, journal, runtime, ui, worker};

use super::{
    NoTerminal, check_journal, journal_path, open_journal, rate_config, report, terminal_problem,
};

/// The UI across several contexts: each connected context gets its own backend and limiters,
/// each failed one a row saying why; the first connected one also serves the journal popup.
pub async fn run(
    cli: &Cli,
    ok: Vec<taskdefs::contexts::Connected>,
    failed: Vec<taskdefs::contexts::Failed>,
) -> anyhow::Result<u8> {
    let Some(first) = ok.first().cloned() else {
        for f in &failed {
            report(&f.to_string());
        }
        anyhow::bail!("no context could be opened");
    };
    if let Some(msg) = terminal_problem() {
        return Err(NoTerminal(msg).into());
    }
    let journal_path = journal_path(cli);
    let journal = open_journal(journal_path.as_deref())?;
    let rate = rate_config(cli);
    let job = |meta: journal::Meta| jobs::JobContext {
        journal: journal.clone(),
        meta,
        dry_run: cli.dry_run,
        read_only: cli.read_only,
    };
    let (views, slots) = worker::across::open(&ok, &failed, job);
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    if let Some(p) = journal_path {
        check_journal(p, tx.clone());
    }
    let worker = worker::Worker::new(first.api, tx, rate.clone(), job(first.meta))
        .with_sources(first.sources)
        .with_contexts(slots);
    let mut state = app::AppState::default();
    state.backend.label = format!(
        "{} contexts: {}",
        views.len(),
        views
            .iter()
            .map(|v| v.column.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    state.contexts = views;
    state.read_only = cli.read_only;
    state.dry_run = cli.dry_run;
    state.rate = rate;
    state.family_prefix = cli.family_prefix.clone();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    runtime::run(
        state,
        worker,
        rx,
        ui::Theme::new(no_color),
        cli.exit_after_first_frame,
    )
    .await
    .map(runtime::Exit::code)
}
