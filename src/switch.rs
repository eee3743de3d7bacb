//! `:region` and `:profile` on the worker side: build a backend for the new context, verify
//! it answers, and hand it to the worker; the old one stays until the new one is proven.

use std::sync::{Arc, Mutex};

use futures::future::BoxFuture;

use crate::app::Action;
use crate::app::views::ContextChange;
use crate::ecs::EcsApi;
use crate::ecs::sdk::ConnectOptions;
use crate::journal::Meta;
use crate::sources::ScanSources;

/// A backend for another context, ready for the worker.
pub struct Switched {
    /// ECS.
    pub api: Arc<dyn EcsApi>,
    /// The sources beyond ECS.
    pub sources: Arc<dyn ScanSources>,
    /// Region, profile and endpoint for the journal.
    pub meta: Meta,
    /// For the status bar.
    pub label: String,
}

/// Builds a backend for a changed region or profile.
pub trait Connector: Send + Sync {
    /// Connects with `change` applied to the current context; one sentence when it cannot.
    fn connect(&self, change: ContextChange) -> BoxFuture<'static, Result<Switched, String>>;
}

/// The AWS SDK: a region or profile change is a new verified connection (`sdk::connect`:
/// credentials resolved, one cheap read answered). The endpoint override stays.
pub struct SdkConnector {
    current: Arc<Mutex<ConnectOptions>>,
}

impl SdkConnector {
    /// Starts from the options the process connected with.
    pub fn new(opts: ConnectOptions) -> Self {
        SdkConnector {
            current: Arc::new(Mutex::new(opts)),
        }
    }
}

impl Connector for SdkConnector {
    fn connect(&self, change: ContextChange) -> BoxFuture<'static, Result<Switched, String>> {
        let current = self.current.clone();
        Box::pin(async move {
            let mut opts = current
                .lock()
                .map_err(|_| "internal error".to_string())?
                .clone();
            match &change {
                ContextChange::Region(r) => opts.region = Some(r.clone()),
                ContextChange::Profile(p) => opts.profile = Some(p.clone()),
            }
            let c = crate::ecs::sdk::connect(&opts)
                .await
                .map_err(|e| e.to_string())?;
            // Later changes start from here; a failed one leaves the old context as it was.
            opts.region = Some(c.region.clone());
            if let Ok(mut cur) = current.lock() {
                *cur = opts;
            }
            Ok(Switched {
                meta: Meta {
                    region: Some(c.region.clone()),
                    profile: c.profile.clone(),
                    endpoint: c.endpoint.clone(),
                },
                label: c.label.clone(),
                api: Arc::new(c.api),
                sources: Arc::new(c.sources),
            })
        })
    }
}

/// The in-memory demo account: one account everywhere, so a switch only relabels.
pub struct DemoConnector {
    api: Arc<dyn EcsApi>,
    sources: Arc<dyn ScanSources>,
}

impl DemoConnector {
    /// Keeps serving `api` and `sources` under the new name.
    pub fn new(api: Arc<dyn EcsApi>, sources: Arc<dyn ScanSources>) -> Self {
        DemoConnector { api, sources }
    }
}

impl Connector for DemoConnector {
    fn connect(&self, change: ContextChange) -> BoxFuture<'static, Result<Switched, String>> {
        let (api, sources) = (self.api.clone(), self.sources.clone());
        Box::pin(async move {
            let (region, profile) = match change {
                ContextChange::Region(r) => (r, None),
                ContextChange::Profile(p) => ("demo".to_string(), Some(p)),
            };
            let mut label = format!("demo {region}");
            if let Some(p) = &profile {
                label.push_str(&format!(" · profile {p}"));
            }
            label.push_str(" (in-memory account, no AWS)");
            Ok(Switched {
                api,
                sources,
                meta: Meta {
                    region: Some(region),
                    profile,
                    endpoint: None,
                },
                label,
            })
        })
    }
}

/// The worker's switching half: starts connections, and holds a proven one until `update`
/// accepts the answer (`Effect::UseContext`); an answer it dropped is never used.
#[derive(Default)]
pub struct Switcher {
    connector: Option<Arc<dyn Connector>>,
    ready: Arc<Mutex<Option<(u64, Switched)>>>,
}

impl Switcher {
    /// Switching through `connector`.
    pub fn new(connector: Arc<dyn Connector>) -> Self {
        Switcher {
            connector: Some(connector),
            ready: Arc::default(),
        }
    }

    /// Connects in the background; answers `ContextSwitched`.
    pub fn start(
        &self,
        request: u64,
        change: ContextChange,
        tx: tokio::sync::mpsc::UnboundedSender<Action>,
    ) {
        let Some(connector) = self.connector.clone() else {
            let result = Err("this backend cannot switch context".to_string());
            let _ = tx.send(Action::ContextSwitched { request, result });
            return;
        };
        let ready = self.ready.clone();
        tokio::spawn(async move {
            let result = connector.connect(change).await.map(|sw| {
                let label = sw.label.clone();
                if let Ok(mut slot) = ready.lock() {
                    *slot = Some((request, sw));
                }
                label
            });
            let _ = tx.send(Action::ContextSwitched { request, result });
        });
    }

    /// The backend switch `request` proved, once; `None` for any other request.
    pub fn take(&self, request: u64) -> Option<Switched> {
        let mut slot = self.ready.lock().ok()?;
        if slot.as_ref().is_some_and(|(r, _)| *r == request) {
            slot.take().map(|(_, sw)| sw)
        } else {
            None
        }
    }

    /// Reads the profile names for `:profile` completion; answers `Profiles`.
    pub fn list_profiles(tx: tokio::sync::mpsc::UnboundedSender<Action>) {
        tokio::spawn(async move {
            let names = crate::ecs::sdk::profile_names().await;
            let _ = tx.send(Action::Profiles(names));
        });
    }
}

#[cfg(test)]
mod tests;
