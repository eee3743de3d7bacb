//! taskdefs: args, logging to a file, backend choice, then the UI (or `list`).

use std::io::IsTerminal as _;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;

use taskdefs::cli::{Cli, Command};
use taskdefs::text::escape;
use taskdefs::{
    app, cache, diff, ecs, export, jobs, journal, list, prune, runtime, sources, switch, ui, worker,
};

mod several_ui;

/// Prints `taskdefs: MESSAGE` to stderr; the message may quote ECS or an endpoint, so
/// control characters are escaped.
fn report(msg: &str) {
    eprintln!("taskdefs: {}", escape(msg));
}

/// The UI was asked for where it cannot run (exit status 2, like bad usage).
#[derive(Debug)]
struct NoTerminal(&'static str);

impl std::fmt::Display for NoTerminal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for NoTerminal {}

/// Why the full-screen UI cannot run here, if it cannot: it needs a real, capable terminal.
fn terminal_problem() -> Option<&'static str> {
    if !std::io::stdout().is_terminal() {
        return Some(
            "the interactive UI needs a terminal, and standard output is not one: \
             use `taskdefs list` (or `taskdefs list --json`) in scripts and pipes",
        );
    }
    if std::env::var_os("TERM").is_some_and(|t| t == "dumb") {
        return Some(
            "the interactive UI cannot run on TERM=dumb: run it in a full terminal, \
             or use `taskdefs list` to print every family and revision",
        );
    }
    None
}

fn main() -> ExitCode {
    let mut cli = Cli::parse();
    if let Some(code) = taskdefs::completions::run(cli.command.as_ref()) {
        return code;
    }
    // A bad config file stops everything, like a bad flag: one sentence, exit 2.
    let config = match taskdefs::config::load() {
        Ok(c) => c,
        Err(e) => {
            report(&e);
            return ExitCode::from(2);
        }
    };
    if matches!(cli.command, Some(Command::Config)) {
        print!("{}", config.describe(&cli));
        return ExitCode::SUCCESS;
    }
    config.apply(&mut cli);
    if let Some(table) = config.bindings.clone() {
        app::keymap::overrides::install(table);
    }
    if let Err(msg) = init_logging(&cli) {
        report(&msg);
        return ExitCode::from(2);
    }
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            report(&format!("cannot start the async runtime: {e}"));
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(cli, config)) {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.is::<NoTerminal>() => {
            report(&e.to_string());
            ExitCode::from(2)
        }
        Err(e) => {
            tracing::error!("{e:#}");
            report(&format!("{e:#}"));
            ExitCode::FAILURE
        }
    }
}

fn init_logging(cli: &Cli) -> Result<(), String> {
    let Some(path) = &cli.log_file else {
        return Ok(());
    };
    use std::os::unix::fs::OpenOptionsExt;
    // The log names ARNs and accounts: owner only, like the journal.
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| format!("cannot open the log file {}: {e}", path.display()))?;
    tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TASKDEFS_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    taskdefs::ecs::error::set_log_file(true);
    Ok(())
}

/// Reads the journal for unfinished intents on a thread of its own, so a large journal never
/// delays the first frame; the answer arrives as an action.
fn check_journal(path: std::path::PathBuf, tx: tokio::sync::mpsc::UnboundedSender<app::Action>) {
    std::thread::spawn(move || match journal::scan(&path, true) {
        Ok(report) => {
            if report.damaged.count > 0 {
                tracing::warn!(
                    journal = %path.display(),
                    "skipped {} damaged journal lines ({})",
                    report.damaged.count,
                    report.damaged.where_()
                );
            }
            if report.live > 0 {
                tracing::info!(
                    "{} calls in the journal belong to another taskdefs that is still running",
                    report.live
                );
            }
            let _ = tx.send(app::Action::Unfinished(Ok(report)));
        }
        Err(e) => {
            tracing::error!(journal = %path.display(), "cannot read the journal: {e}");
            let e = journal::JournalError::read(&path, &e);
            let _ = tx.send(app::Action::Unfinished(Err(e)));
        }
    });
}

/// What the backend is, for the status bar and the journal.
struct Backend {
    api: Arc<dyn ecs::EcsApi>,
    sources: Arc<dyn sources::ScanSources>,
    label: String,
    meta: journal::Meta,
    /// Builds the backend for `:region` and `:profile`.
    connector: Arc<dyn switch::Connector>,
}

async fn backend(cli: &Cli) -> anyhow::Result<Backend> {
    if cli.demo {
        // Some latency and the real buckets, so the demo behaves like an account.
        let faults = ecs::fake::Faults {
            latency: (
                std::time::Duration::from_millis(20),
                std::time::Duration::from_millis(80),
            ),
            enforce_buckets: true,
            ..ecs::fake::Faults::default()
        };
        let fake = ecs::fake::FakeEcs::demo()
            .with_clock(jiff::Timestamp::now())
            .with_faults(faults);
        let api: Arc<dyn ecs::EcsApi> = Arc::new(fake);
        let sources: Arc<dyn sources::ScanSources> = Arc::new(sources::fake::FakeSources::demo());
        return Ok(Backend {
            connector: Arc::new(switch::DemoConnector::new(api.clone(), sources.clone())),
            api,
            sources,
            label: "demo (in-memory account, no AWS)".into(),
            meta: journal::Meta {
                region: Some("demo".into()),
                profile: None,
                endpoint: None,
            },
        });
    }
    let opts = ecs::sdk::ConnectOptions {
        profile: cli.profile.first().cloned(),
        region: cli.region.first().cloned(),
        endpoint_url: cli.endpoint_url.clone(),
        ..Default::default()
    };
    let c = ecs::sdk::connect(&opts)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(Backend {
        connector: Arc::new(switch::SdkConnector::new(opts)),
        label: c.label.clone(),
        meta: journal::Meta {
            region: Some(c.region.clone()),
            profile: c.profile.clone(),
            endpoint: c.endpoint.clone(),
        },
        api: Arc::new(c.api),
        sources: Arc::new(c.sources),
    })
}

/// The cache of revision summaries for this backend: none with `--no-cache` or `--demo`,
/// or when the directory cannot be used (logged; the app runs without it).
fn open_cache(cli: &Cli, backend: &str) -> Option<Arc<cache::Cache>> {
    if cli.no_cache || cli.demo {
        return None;
    }
    let dir = cache::Cache::default_dir()?;
    match cache::Cache::open(&dir, backend) {
        Ok(c) => Some(Arc::new(c)),
        Err(e) => {
            tracing::warn!("running without the cache: {e}");
            None
        }
    }
}

/// The journal's path: `--journal`, else the default one (none for the demo). Read-only
/// neither creates nor touches a journal: nothing is called, nothing to record.
fn journal_path(cli: &Cli) -> Option<std::path::PathBuf> {
    match (&cli.journal, cli.demo) {
        _ if cli.read_only => None,
        (Some(p), _) => Some(p.clone()),
        (None, false) => journal::Journal::default_path(),
        // The demo never touches the operator's real journal unless asked to.
        (None, true) => None,
    }
}

/// Opens the journal at `path` (the UI and `prune` record every call there).
fn open_journal(path: Option<&std::path::Path>) -> anyhow::Result<Option<Arc<journal::Journal>>> {
    path.map(|p| {
        journal::Journal::open(p).map(Arc::new).map_err(|e| {
            let hint = if e.kind() == std::io::ErrorKind::InvalidInput {
                ""
            } else {
                "; pass --journal PATH"
            };
            anyhow::anyhow!("cannot use the journal {}: {e}{hint}", p.display())
        })
    })
    .transpose()
}

/// Pacing for jobs: the ECS buckets, `--rate` and `--headroom`.
fn rate_config(cli: &Cli) -> jobs::RateConfig {
    let mut rate = jobs::RateConfig::default();
    if let Some(r) = cli.rate {
        rate = rate.with_rate(r);
    }
    if let Some(h) = cli.headroom {
        rate = rate.with_headroom_percent(h);
    }
    rate
}

/// Runs the subcommand or the UI; returns the process exit status.
async fn run(cli: Cli, config: taskdefs::config::Config) -> anyhow::Result<u8> {
    let contexts = cli.contexts();
    if contexts.len() > 1 {
        return several(&cli, &contexts).await;
    }
    let be = backend(&cli).await?;
    match &cli.command {
        Some(Command::List(args)) => {
            let headroom = rate_config(&cli).headroom;
            list::run(&*be.api, args, cli.family_prefix.as_deref(), headroom).await?;
            return Ok(0);
        }
        Some(Command::Prune(args)) => {
            let ctx = jobs::JobContext {
                journal: open_journal(journal_path(&cli).as_deref())?,
                meta: be.meta,
                dry_run: cli.dry_run,
                read_only: cli.read_only,
            };
            let opts = prune::Options {
                prefix: cli.family_prefix.clone(),
                rate: rate_config(&cli),
                sources: Some(Arc::new(sources::Sources::new(be.sources.clone()))),
            };
            return prune::run(be.api, args, &opts, ctx).await;
        }
        Some(Command::Diff(args)) => return diff::run(&*be.api, args).await,
        Some(Command::Export(args)) => {
            return export::run(&*be.api, args).await.map(|()| 0);
        }
        _ => {}
    }
    let journal_path = journal_path(&cli);
    let journal = open_journal(journal_path.as_deref())?;
    let rate = rate_config(&cli);
    let ctx = jobs::JobContext {
        journal,
        meta: be.meta,
        dry_run: cli.dry_run,
        read_only: cli.read_only,
    };
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    if let Some(p) = journal_path {
        check_journal(p, tx.clone());
    }
    let mut worker = worker::Worker::new(be.api, tx.clone(), rate.clone(), ctx)
        .with_sources(be.sources)
        .with_connector(be.connector);
    if let Some(cache) = open_cache(&cli, &be.label) {
        if let Some(front) = cache.front(cli.family_prefix.as_deref()) {
            let _ = tx.send(front.into_action());
        }
        // The summaries (the larger file) load beside the first frames.
        let loading = cache.clone();
        std::thread::spawn(move || loading.load());
        worker = worker.with_cache(cache);
    }
    let mut state = app::AppState::default();
    state.backend.label = be.label;
    state.read_only = cli.read_only;
    state.dry_run = cli.dry_run;
    state.rate = rate;
    state.family_prefix = cli.family_prefix.clone();
    state.keep_default = config.keep();
    // Start-up problems are told first; then nothing is drawn into a file or a dumb terminal.
    if let Some(msg) = terminal_problem() {
        return Err(NoTerminal(msg).into());
    }
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    runtime::run(
        state,
        worker,
        rx,
        config.colour(ui::Theme::new(no_color), no_color),
        cli.exit_after_first_frame,
    )
    .await
    .map(runtime::Exit::code)
}

/// `list` and `prune` across several contexts (profiles x regions), connected concurrently;
/// the UI, `diff` and `export` take one context.
async fn several(cli: &Cli, contexts: &[taskdefs::contexts::Context]) -> anyhow::Result<u8> {
    if !matches!(
        cli.command,
        None | Some(Command::List(_) | Command::Prune(_))
    ) {
        report(
            "several regions or profiles work with the UI, `taskdefs list` and `taskdefs prune`; \
             diff and export take one: pass a single --region and --profile",
        );
        return Ok(2);
    }
    let target = taskdefs::contexts::connect::Target {
        endpoint_url: cli.endpoint_url.clone(),
        demo: cli.demo,
    };
    if cli.command.is_none() {
        // The UI connects in the background: it opens when the fastest context answers.
        return several_ui::run(cli, contexts, &target).await;
    }
    let answers = taskdefs::contexts::connect_all(contexts, &target).await;
    let settled = taskdefs::contexts::connect::settle(answers, cli.all_regions);
    for n in &settled.notes {
        report(n);
    }
    let (ok, failed) = (settled.ok, settled.failed);
    match &cli.command {
        Some(Command::List(args)) => {
            let headroom = rate_config(cli).headroom;
            taskdefs::contexts::list::run(ok, failed, args, cli.family_prefix.as_deref(), headroom)
                .await
        }
        Some(Command::Prune(args)) => {
            let base = jobs::JobContext {
                journal: open_journal(journal_path(cli).as_deref())?,
                meta: journal::Meta::default(),
                dry_run: cli.dry_run,
                read_only: cli.read_only,
            };
            let opts = prune::Options {
                prefix: cli.family_prefix.clone(),
                rate: rate_config(cli),
                sources: None,
            };
            prune::across::run(ok, failed, args, &opts, base).await
        }
        _ => Ok(2),
    }
}
