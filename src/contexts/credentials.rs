//! One credential resolution per profile, whatever the number of regions: `--all-regions`
//! must not run a profile's `credential_process` (or SSO or assume-role) 34 times at once.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_credential_types::provider::{
    ProvideCredentials, SharedCredentialsProvider, error::CredentialsError, future,
};
use tokio::sync::Mutex;

/// Credentials within this long of their expiry are fetched again.
pub const REFRESH_BEFORE: Duration = Duration::from_secs(5 * 60);

/// A profile's credentials, fetched once from its provider and shared by every region until
/// they are about to expire; concurrent callers wait for the one fetch in flight.
#[derive(Debug, Clone)]
pub struct SharedCredentials {
    inner: SharedCredentialsProvider,
    cached: Arc<Mutex<Option<Credentials>>>,
}

impl SharedCredentials {
    /// Shares what `inner` provides.
    pub fn new(inner: SharedCredentialsProvider) -> SharedCredentials {
        SharedCredentials {
            inner,
            cached: Arc::new(Mutex::new(None)),
        }
    }

    async fn get(&self) -> Result<Credentials, CredentialsError> {
        let mut cached = self.cached.lock().await;
        if let Some(c) = cached.as_ref()
            && fresh(c, SystemTime::now())
        {
            return Ok(c.clone());
        }
        let c = self.inner.provide_credentials().await?;
        *cached = Some(c.clone());
        Ok(c)
    }
}

/// True when `c` has no expiry or expires more than [`REFRESH_BEFORE`] after `now`.
fn fresh(c: &Credentials, now: SystemTime) -> bool {
    c.expiry().is_none_or(|at| {
        at.duration_since(now)
            .is_ok_and(|left| left > REFRESH_BEFORE)
    })
}

impl ProvideCredentials for SharedCredentials {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(self.get())
    }
}

#[cfg(test)]
mod tests;
