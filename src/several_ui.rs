//! The UI across several contexts (`--region a,b`, repeated `--profile`, `--all-regions`).

use std::sync::Arc;

use taskdefs::app::contexts::{ContextView, backend_label, compact};
use taskdefs::cli::Cli;
use taskdefs::contexts::{Context, connect::Target};
use taskdefs::worker::across_connect::{JobOf, connect, first_ready};
use taskdefs::{app, jobs, journal, runtime, ui, worker};

use super::{
    NoTerminal, check_journal, journal_path, open_journal, rate_config, report, terminal_problem,
};

/// The UI across several contexts: every context connects in the background with its own
/// backend and limiters; the screen opens as soon as the fastest answers, and a context that
/// fails becomes a row saying why. If none can connect, each says why and the run fails.
pub async fn run(cli: &Cli, contexts: &[Context], target: &Target) -> anyhow::Result<u8> {
    if let Some(msg) = terminal_problem() {
        return Err(NoTerminal(msg).into());
    }
    let journal_path = journal_path(cli);
    let journal = open_journal(journal_path.as_deref())?;
    let rate = rate_config(cli);
    let (dry_run, read_only) = (cli.dry_run, cli.read_only);
    let job: JobOf = Arc::new(move |meta: journal::Meta| jobs::JobContext {
        journal: journal.clone(),
        meta,
        dry_run,
        read_only,
    });
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let slots = connect(contexts, target, job.clone(), &tx);
    let first = match first_ready(&slots).await {
        Ok(b) => b,
        Err(errors) => {
            for (c, e) in contexts.iter().zip(&errors) {
                report(&format!("{}: {}", c.label(), e.message));
            }
            anyhow::bail!("no context could be opened");
        }
    };
    if let Some(p) = journal_path {
        check_journal(p, tx.clone());
    }
    // The first context's backend serves what takes no context (the journal popup).
    let worker = worker::Worker::new(first.api.clone(), tx, rate.clone(), (*first.job).clone())
        .with_contexts(slots)
        .with_context_connector(target.clone(), job);
    let mut views: Vec<ContextView> = contexts.iter().map(|c| ContextView::of(c, None)).collect();
    compact(&mut views, &contexts.iter().collect::<Vec<_>>());
    let mut state = app::AppState::default();
    state.backend.label = backend_label(&views);
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
