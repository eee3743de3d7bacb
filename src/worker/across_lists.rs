//! Families across contexts: every context lists at once at its own read pace.

use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::mpsc;

use super::across::Slot;
use super::list_families;
use crate::app::Action;
use crate::app::contexts::{failure_key, qualify};
use crate::ecs::ContextId;

/// Lists families in every context at once, each at its own read pace; pages are sent as they
/// arrive, keyed by context, and the listing is done when the last context is. A context that
/// fails gets one row (its failure key) and a `ContextFailed`.
pub(super) async fn families_across(
    slots: Vec<Slot>,
    request: u64,
    status: crate::ecs::StatusFilter,
    prefix: Option<String>,
    tx: mpsc::UnboundedSender<Action>,
) {
    let left = AtomicUsize::new(slots.len());
    let finish = |names: Vec<String>| {
        let done = left.fetch_sub(1, Ordering::SeqCst) == 1;
        let _ = tx.send(Action::FamiliesPage {
            request,
            names,
            done,
        });
    };
    let one = |i: usize, slot: Slot| {
        let (tx, prefix, finish) = (tx.clone(), prefix.clone(), &finish);
        let ctx = ContextId(i as u16);
        async move {
            if matches!(slot, Slot::Closed) {
                finish(Vec::new());
                return;
            }
            let b = match slot.get().await {
                Ok(b) => b,
                Err(error) => {
                    let _ = tx.send(Action::ContextFailed { ctx, error });
                    finish(vec![failure_key(ctx)]);
                    return;
                }
            };
            let (ltx, mut lrx) = mpsc::unbounded_channel();
            let list = async move {
                list_families(&*b.api, &b.reads, request, status, prefix, &ltx).await;
            };
            let forward = async {
                while let Some(a) = lrx.recv().await {
                    match a {
                        Action::FamiliesPage { names, done, .. } => {
                            let names = names.iter().map(|n| qualify(ctx, n)).collect();
                            if done {
                                finish(names);
                            } else {
                                let _ = tx.send(Action::FamiliesPage {
                                    request,
                                    names,
                                    done,
                                });
                            }
                        }
                        Action::FamilyCounts { counts, .. } => {
                            let counts = counts.into_iter().map(|(f, n)| (qualify(ctx, &f), n));
                            let _ = tx.send(Action::FamilyCounts {
                                request,
                                counts: counts.collect(),
                            });
                        }
                        Action::FamiliesFailed { error, .. } => {
                            let _ = tx.send(Action::ContextFailed { ctx, error });
                            finish(vec![failure_key(ctx)]);
                        }
                        other => {
                            let _ = tx.send(other);
                        }
                    }
                }
            };
            futures::join!(list, forward);
        }
    };
    futures::future::join_all(slots.into_iter().enumerate().map(|(i, s)| one(i, s))).await;
}
