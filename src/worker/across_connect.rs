//! Contexts connect in the background, each on its own: the screen opens as soon as the
//! fastest one answers, and each context's rows appear when it does. A profile's regions still
//! share its credentials (one `connect_all` per profile). Each answer is told to the screen
//! (`ContextConnected`, or `ContextFailed` with its one sentence) before anyone waiting on the
//! context sees it.

use std::sync::Arc;

use futures::FutureExt;
use futures::future::{BoxFuture, Shared};
use tokio::sync::mpsc;

use super::across::{ContextBackend, Slot};
use crate::app::Action;
use crate::app::contexts::CONNECT_OP;
use crate::contexts::Context;
use crate::contexts::connect::Target;
use crate::ecs::{ContextId, EcsError, ErrorKind};
use crate::jobs::JobContext;
use crate::journal::Meta;

/// A context on its way: every user awaits the same connection.
pub type Conn = Shared<BoxFuture<'static, Result<Arc<ContextBackend>, EcsError>>>;

/// Makes a context's job context (journal, its meta, dry run, read-only).
pub type JobOf = Arc<dyn Fn(Meta) -> JobContext + Send + Sync>;

/// One slot per context, all connecting at once from now on.
pub fn connect(
    contexts: &[Context],
    target: &Target,
    job: JobOf,
    tx: &mpsc::UnboundedSender<Action>,
) -> Vec<Slot> {
    let mut groups: Vec<(Option<String>, Vec<usize>)> = Vec::new();
    for (i, c) in contexts.iter().enumerate() {
        match groups.iter_mut().find(|(p, _)| *p == c.profile) {
            Some((_, idx)) => idx.push(i),
            None => groups.push((c.profile.clone(), vec![i])),
        }
    }
    let mut slots: Vec<Option<Slot>> = contexts.iter().map(|_| None).collect();
    for (_, idx) in groups {
        let Some((&head, rest)) = idx.split_first() else {
            continue;
        };
        // The profile's first region resolves its credentials; its other regions share them
        // (each of them on its own if the first fails), and each is ready when it answers.
        let first = {
            let (c, target) = (contexts[head].clone(), target.clone());
            async move { one(&c, &target, None).await }.boxed().shared()
        };
        let mut answers = vec![(head, first.clone().map(|(a, _)| a).boxed())];
        for &i in rest {
            let (c, target, first) = (contexts[i].clone(), target.clone(), first.clone());
            let answer = async move {
                let (_, shared) = first.await;
                one(&c, &target, shared.map(crate::contexts::connect::share))
                    .await
                    .0
            };
            answers.push((i, answer.boxed()));
        }
        for (i, answer) in answers {
            let conn = settle(ContextId(i as u16), answer, job.clone(), tx);
            slots[i] = Some(Slot::Connecting(conn));
        }
    }
    slots
        .into_iter()
        .map(|s| s.unwrap_or_else(|| Slot::failed("was not connected")))
        .collect()
}

/// Connects one more context, `ctx`, on its own credentials (`:region +R`).
pub fn connect_one(
    ctx: ContextId,
    context: Context,
    target: &Target,
    job: JobOf,
    tx: &mpsc::UnboundedSender<Action>,
) -> Slot {
    let target = target.clone();
    let answer = async move { one(&context, &target, None).await.0 }.boxed();
    Slot::Connecting(settle(ctx, answer, job, tx))
}

/// Turns a connection's answer into the context's backend, telling the screen first; starts
/// it at once.
fn settle(
    ctx: ContextId,
    answer: BoxFuture<'static, Result<crate::contexts::Connected, crate::contexts::Failed>>,
    job: JobOf,
    tx: &mpsc::UnboundedSender<Action>,
) -> Conn {
    let tx = tx.clone();
    let conn: Conn = answer
        .map(move |answer| match answer {
            Ok(c) => {
                let _ = tx.send(Action::ContextConnected {
                    ctx,
                    context: c.context.clone(),
                });
                Ok(Arc::new(ContextBackend::new(
                    c.api,
                    Some(c.sources),
                    job(c.meta),
                    c.context.region,
                    c.context.account,
                )))
            }
            Err(f) => {
                let error = EcsError::new(CONNECT_OP, ErrorKind::Other, f.reason);
                let _ = tx.send(Action::ContextFailed {
                    ctx,
                    error: error.clone(),
                });
                Err(error)
            }
        })
        .boxed()
        .shared();
    // Connect now, not when the first listing asks.
    tokio::spawn(conn.clone());
    conn
}

/// Connects one context (the demo account for `--demo`), returning the credentials it
/// resolved for its profile's other regions.
async fn one(
    c: &Context,
    target: &Target,
    credentials: Option<aws_sdk_ecs::config::SharedCredentialsProvider>,
) -> (
    Result<crate::contexts::Connected, crate::contexts::Failed>,
    Option<aws_sdk_ecs::config::SharedCredentialsProvider>,
) {
    if target.demo {
        return (Ok(crate::contexts::connect::demo(c)), None);
    }
    crate::contexts::connect::connect_one(c, target, credentials).await
}

/// The first context to connect, or every failure when none can.
pub async fn first_ready(slots: &[Slot]) -> Result<Arc<ContextBackend>, Vec<EcsError>> {
    let waiting: Vec<_> = slots.iter().map(|s| s.clone().get().boxed()).collect();
    if waiting.is_empty() {
        return Err(Vec::new());
    }
    match futures::future::select_ok(waiting).await {
        Ok((b, _)) => Ok(b),
        Err(_) => {
            let mut errors = Vec::new();
            for s in slots {
                if let Err(e) = s.clone().get().await {
                    errors.push(e);
                }
            }
            Err(errors)
        }
    }
}
