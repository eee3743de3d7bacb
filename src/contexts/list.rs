//! `taskdefs list` across contexts: each context lists at once within its own read bucket;
//! the output leads each row with the context; a context that fails is named on stderr and
//! the others are printed.

use crate::cli::ListArgs;
use crate::list::{Listing, load_in, print};
use crate::text::escape;

use super::{Connected, Context, Failed};

/// What listing every context gave: listings in context order, and the contexts that failed.
pub struct Listed {
    /// Each context that answered, with its listing.
    pub listings: Vec<(Option<Context>, Listing)>,
    /// Contexts that could not connect or list.
    pub failed: Vec<Failed>,
}

/// Lists every connected context concurrently; failures stay on their context.
pub async fn load_all(
    contexts: Vec<Connected>,
    mut failed: Vec<Failed>,
    args: &ListArgs,
    prefix: Option<&str>,
    headroom: f64,
) -> Listed {
    // Each context's `--details` bar in one set, so that they do not draw over each other.
    let bars = indicatif::MultiProgress::new();
    let labels: Vec<String> = contexts.iter().map(|c| c.context.label()).collect();
    let loads = futures::future::join_all(contexts.iter().zip(&labels).map(|(c, label)| {
        load_in(
            &*c.api,
            args,
            prefix,
            headroom,
            Some((&bars, label.as_str())),
        )
    }))
    .await;
    let mut listings = Vec::new();
    for (mut c, l) in contexts.into_iter().zip(loads) {
        match l {
            Ok(l) => {
                if let Some(arn) = l.first_arn() {
                    c.learn_account(arn);
                }
                listings.push((Some(c.context), l));
            }
            Err(e) => failed.push(Failed {
                context: c.context,
                reason: format!("{e:#}"),
                rejected: false,
            }),
        }
    }
    Listed { listings, failed }
}

/// Runs `list` over the contexts; exit status 1 when any context failed (each named).
pub async fn run(
    contexts: Vec<Connected>,
    failed: Vec<Failed>,
    args: &ListArgs,
    prefix: Option<&str>,
    headroom: f64,
) -> anyhow::Result<u8> {
    let total = contexts.len() + failed.len();
    let listed = load_all(contexts, failed, args, prefix, headroom).await;
    print(&listed.listings, args)?;
    Ok(report_failed(&listed.failed, total))
}

/// Names every failed context on stderr, one sentence each; 1 if any failed, else 0.
pub fn report_failed(failed: &[Failed], total: usize) -> u8 {
    for f in failed {
        eprintln!("taskdefs: {}", escape(&f.to_string()));
    }
    if failed.is_empty() {
        return 0;
    }
    let names: Vec<String> = failed.iter().map(|f| f.context.label()).collect();
    eprintln!(
        "taskdefs: {} of {total} contexts failed: {}",
        failed.len(),
        escape(&names.join("; "))
    );
    1
}
