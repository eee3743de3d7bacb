//! taskdefs: args, logging to a file, backend choice, then the UI (or `list`).

use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;

use taskdefs::cli::{Cli, Command};
use taskdefs::{app, ecs, jobs, journal, list, runtime, sources, ui, worker};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(msg) = init_logging(&cli) {
        eprintln!("taskdefs: {msg}");
        return ExitCode::from(2);
    }
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("taskdefs: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            eprintln!("taskdefs: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(cli: &Cli) -> Result<(), String> {
    let Some(path) = &cli.log_file else {
        return Ok(());
    };
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
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
    Ok(())
}

/// What the backend is, for the status bar and the journal.
struct Backend {
    api: Arc<dyn ecs::EcsApi>,
    sources: Arc<dyn sources::ScanSources>,
    label: String,
    meta: journal::Meta,
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
        return Ok(Backend {
            api: Arc::new(fake),
            sources: Arc::new(sources::fake::FakeSources::demo()),
            label: "demo (in-memory account, no AWS)".into(),
            meta: journal::Meta {
                region: Some("demo".into()),
                profile: None,
                endpoint: None,
            },
        });
    }
    let opts = ecs::sdk::ConnectOptions {
        profile: cli.profile.clone(),
        region: cli.region.clone(),
        endpoint_url: cli.endpoint_url.clone(),
    };
    let c = ecs::sdk::connect(&opts)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(Backend {
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

async fn run(cli: Cli) -> anyhow::Result<()> {
    let be = backend(&cli).await?;
    if let Some(Command::List(args)) = &cli.command {
        return list::run(&*be.api, args, cli.family_prefix.as_deref()).await;
    }
    let journal_path = match (&cli.journal, cli.demo) {
        (Some(p), _) => Some(p.clone()),
        (None, false) => journal::Journal::default_path(),
        // The demo never touches the operator's real journal unless asked to.
        (None, true) => None,
    };
    let journal = match &journal_path {
        Some(p) => Some(Arc::new(journal::Journal::open(p).map_err(|e| {
            anyhow::anyhow!(
                "cannot open the journal {}: {e}; pass --journal PATH",
                p.display()
            )
        })?)),
        None => None,
    };
    let unfinished = match &journal_path {
        Some(p) => journal::unfinished(p).unwrap_or_default(),
        None => Vec::new(),
    };
    let mut rate = jobs::RateConfig::default();
    if let Some(r) = cli.rate {
        rate = rate.with_rate(r);
    }
    let ctx = jobs::JobContext {
        journal,
        meta: be.meta,
        dry_run: cli.dry_run,
        read_only: cli.read_only,
    };
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    if !unfinished.is_empty() {
        let _ = tx.send(app::Action::Unfinished(unfinished));
    }
    let worker = worker::Worker::new(be.api, tx, rate, ctx).with_sources(be.sources);
    let mut state = app::AppState::default();
    state.backend.label = be.label;
    state.read_only = cli.read_only;
    state.dry_run = cli.dry_run;
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
}
